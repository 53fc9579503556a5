import { KeyRound, MailCheck } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Field";
import { usePageTitle } from "@/lib/title";
import { useForgotPassword } from "../api/auth";
import { AuthCard } from "../components/AuthCard";
import { failureMessage, formErrors } from "../utils/formErrors";

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.forgot.title"));
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const forgot = useForgotPassword();
  const errors = formErrors(forgot.error, t);
  const back = (
    <Link to="/signin" className="font-medium text-accent hover:underline">
      {t("auth.forgot.back")}
    </Link>
  );

  if (forgot.isSuccess)
    return (
      <AuthCard
        icon={MailCheck}
        title={t("auth.forgot.sent.title")}
        description={
          <Trans
            i18nKey="auth.forgot.sent.body"
            values={{ email: forgot.variables }}
            components={{
              email: (
                <strong
                  className="inline-block max-w-full break-all align-bottom font-semibold text-fg"
                  dir="ltr"
                />
              ),
            }}
          />
        }
        footer={back}
      >
        <div className="space-y-4 text-sm text-fg-muted">
          <p>{t("auth.forgot.sent.expiry")}</p>
          <p>{t("auth.forgot.sent.spam")}</p>
          <Button variant="secondary" onClick={() => forgot.reset()}>
            {t("auth.forgot.sent.again")}
          </Button>
        </div>
      </AuthCard>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    forgot.mutate(email.trim(), {
      onSuccess: () => toast.success(t("auth.forgot.sent.toast")),
      onError: (error) => toast.error(failureMessage(formErrors(error, t)) ?? ""),
    });
  };

  return (
    <AuthCard
      icon={KeyRound}
      title={t("auth.forgot.title")}
      description={t("auth.forgot.description")}
      footer={back}
    >
      <form onSubmit={submit} noValidate className="space-y-4" aria-label={t("auth.forgot.title")}>
        {errors.form && <Alert tone="danger">{errors.form}</Alert>}
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
        <Button type="submit" className="w-full" busy={forgot.isPending}>
          {t("auth.forgot.submit")}
        </Button>
      </form>
    </AuthCard>
  );
}
