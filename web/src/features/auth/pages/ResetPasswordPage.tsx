import { KeyRound, LinkIcon } from "lucide-react";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button, buttonClasses } from "@/components/ui/Button";
import { isApiError } from "@/lib/errors";
import { usePageTitle } from "@/lib/title";
import { useResetPassword } from "../api/auth";
import { AuthCard } from "../components/AuthCard";
import { PasswordField } from "../components/PasswordField";
import { failureMessage, formErrors } from "../utils/formErrors";
import { checkPassword } from "../utils/passwordRules";
import type { SignInNotice } from "./SignInPage";

function LinkNotValid() {
  const { t } = useTranslation();
  return (
    <AuthCard
      icon={LinkIcon}
      title={t("auth.reset.invalid.title")}
      description={t("auth.reset.invalid.body")}
    >
      <Link to="/forgot-password" className={buttonClasses("primary", "md", "w-full")}>
        {t("auth.reset.invalid.again")}
      </Link>
    </AuthCard>
  );
}

/** Where the emailed reset link lands: a new password, then signing in with it. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.reset.title"));
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  const [tried, setTried] = useState(false);
  const fieldRef = useRef<HTMLDivElement>(null);
  const check = checkPassword(password);
  const errors = formErrors(reset.error, t, check);

  if (token.length < 10 || isApiError(reset.error, "invalid_token")) return <LinkNotValid />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!check.ok) {
      fieldRef.current?.querySelector("input")?.focus();
      return;
    }
    reset.mutate(
      { token, password },
      {
        onSuccess: () => {
          toast.success(t("auth.reset.done"));
          const notice: SignInNotice = "passwordChanged";
          navigate("/signin", { replace: true, state: { notice } });
        },
        onError: (error) => toast.error(failureMessage(formErrors(error, t, check)) ?? ""),
      },
    );
  };

  return (
    <AuthCard icon={KeyRound} title={t("auth.reset.title")} description={t("auth.reset.description")}>
      <form onSubmit={submit} noValidate className="space-y-4" aria-label={t("auth.reset.title")}>
        {errors.form && <Alert tone="danger">{errors.form}</Alert>}
        <div ref={fieldRef}>
          <PasswordField
            label={t("auth.fields.newPassword")}
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            error={
              errors.fields.password ?? (tried && !check.ok ? t("auth.errors.passwordRules") : undefined)
            }
            check={check}
          />
        </div>
        <Button type="submit" className="w-full" busy={reset.isPending}>
          {t("auth.reset.submit")}
        </Button>
      </form>
    </AuthCard>
  );
}
