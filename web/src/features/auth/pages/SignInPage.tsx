import { LogIn } from "lucide-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Field";
import { PageSpinner } from "@/components/ui/Spinner";
import { useSession } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { useSignIn } from "../api/auth";
import { AuthCard } from "../components/AuthCard";
import { MicrosoftSignIn } from "../components/MicrosoftSignIn";
import { PasswordField } from "../components/PasswordField";
import { failureMessage, formErrors } from "../utils/formErrors";
import { safeNext, withNext } from "../utils/next";

/** Why a person arrives here, said above the form (set by the page that sent them). */
export type SignInNotice = "passwordChanged";

export default function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.signIn.title"));
  const [params] = useSearchParams();
  const rawNext = params.get("next");
  const next = safeNext(rawNext);
  const notice = (useLocation().state as { notice?: SignInNotice } | null)?.notice;
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const errors = formErrors(signIn.error, t);

  if (session.isPending) return <PageSpinner />;
  // Already signed in (another tab, or the back button): go on to where they were going.
  if (session.data?.authenticated && signIn.isIdle) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => {
          toast.success(t("auth.signIn.done"));
          navigate(next, { replace: true });
        },
        onError: (error) => toast.error(failureMessage(formErrors(error, t)) ?? ""),
      },
    );
  };

  return (
    <AuthCard
      icon={LogIn}
      title={t("auth.signIn.title")}
      description={t("auth.signIn.description")}
      footer={
        <>
          {t("auth.signIn.noAccount")}{" "}
          <Link
            to={withNext("/signup", rawNext, { email })}
            className="font-medium text-accent hover:underline"
          >
            {t("auth.signIn.createAccount")}
          </Link>
        </>
      }
    >
      {notice && (
        <Alert tone="success" role="status" className="mb-6">
          {t(`auth.signIn.notice.${notice}`)}
        </Alert>
      )}
      <MicrosoftSignIn next={next} />
      <form onSubmit={submit} noValidate className="space-y-4" aria-label={t("auth.signIn.title")}>
        {errors.form && (
          <Alert tone="danger" title={t("auth.signIn.failed")}>
            {errors.form}
          </Alert>
        )}
        <Field label={t("auth.fields.email")} error={errors.fields.email}>
          {(props) => (
            <Input
              {...props}
              name="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              dir="auto"
              spellCheck={false}
              autoCapitalize="none"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <div>
          <PasswordField
            label={t("auth.fields.password")}
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            error={errors.fields.password}
          />
          <div className="mt-2 text-end text-sm">
            <Link to="/forgot-password" className="font-medium text-accent hover:underline">
              {t("auth.signIn.forgot")}
            </Link>
          </div>
        </div>
        <Button type="submit" className="w-full" busy={signIn.isPending}>
          {t("auth.signIn.submit")}
        </Button>
      </form>
    </AuthCard>
  );
}
