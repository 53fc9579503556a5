import { MailCheck, UserPlus } from "lucide-react";
import { type FormEvent, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button, buttonClasses } from "@/components/ui/Button";
import { Field, Input } from "@/components/ui/Field";
import { PageSpinner } from "@/components/ui/Spinner";
import { isApiError } from "@/lib/errors";
import { useSession } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { useSignUp } from "../api/auth";
import { AuthCard } from "../components/AuthCard";
import { MicrosoftSignIn } from "../components/MicrosoftSignIn";
import { PasswordField } from "../components/PasswordField";
import { ResendVerification } from "../components/ResendVerification";
import { failureMessage, formErrors } from "../utils/formErrors";
import { safeNext, withNext } from "../utils/next";
import { checkPassword } from "../utils/passwordRules";

/** After signing up: the address to look in, a new link if it does not come, and the way on. */
function CheckYourEmail({ email, next }: { email: string; next: string }) {
  const { t } = useTranslation();
  return (
    <AuthCard
      icon={MailCheck}
      title={t("auth.signUp.sent.title")}
      description={
        <Trans
          i18nKey="auth.signUp.sent.body"
          values={{ email }}
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
    >
      <div className="space-y-6">
        <p className="text-sm text-fg-muted">{t("auth.signUp.sent.spam")}</p>
        <ResendVerification />
        <div className="border-t border-border pt-6">
          <p className="mb-3 text-sm text-fg-muted">{t("auth.signUp.sent.meanwhile")}</p>
          <Link to={next} className={buttonClasses("primary", "md", "w-full")}>
            {t("auth.signUp.sent.continue")}
          </Link>
        </div>
      </div>
    </AuthCard>
  );
}

export default function SignUpPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.signUp.title"));
  const [params] = useSearchParams();
  const rawNext = params.get("next");
  const next = safeNext(rawNext);
  const session = useSession();
  const signUp = useSignUp();
  const [name, setName] = useState("");
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const [tried, setTried] = useState(false);
  const passwordRef = useRef<HTMLDivElement>(null);
  const check = checkPassword(password, { name, email });
  const errors = formErrors(signUp.error, t, check);
  // Until they try to send, the rules speak for themselves; after, an unmet rule is an error too.
  const passwordError =
    errors.fields.password ?? (tried && !check.ok ? t("auth.errors.passwordRules") : undefined);

  if (signUp.isSuccess) return <CheckYourEmail email={signUp.data.email} next={next} />;
  if (session.isPending) return <PageSpinner />;
  if (session.data?.authenticated && signUp.isIdle) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!check.ok) {
      passwordRef.current?.querySelector("input")?.focus();
      return;
    }
    signUp.mutate(
      { name: name.trim(), email: email.trim(), password },
      {
        onSuccess: () => toast.success(t("auth.signUp.done")),
        onError: (error) => toast.error(failureMessage(formErrors(error, t, check)) ?? ""),
      },
    );
  };

  return (
    <AuthCard
      icon={UserPlus}
      title={t("auth.signUp.title")}
      description={t("auth.signUp.description")}
      footer={
        <>
          {t("auth.signUp.haveAccount")}{" "}
          <Link
            to={withNext("/signin", rawNext, { email })}
            className="font-medium text-accent hover:underline"
          >
            {t("auth.signUp.signIn")}
          </Link>
        </>
      }
    >
      <MicrosoftSignIn next={next} />
      <form onSubmit={submit} noValidate className="space-y-4" aria-label={t("auth.signUp.title")}>
        {errors.form && (
          <Alert tone="danger" title={t("auth.signUp.failed")}>
            {errors.form}
          </Alert>
        )}
        <Field label={t("auth.fields.name")} error={errors.fields.name}>
          {(props) => (
            <Input
              {...props}
              name="name"
              autoComplete="name"
              dir="auto"
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("auth.fields.email")}
          error={
            errors.fields.email && (
              <>
                {errors.fields.email}
                {isApiError(signUp.error, "email_taken") && (
                  <>
                    {" "}
                    <Link to={withNext("/signin", rawNext, { email })} className="font-medium underline">
                      {t("auth.signUp.signInInstead")}
                    </Link>
                  </>
                )}
              </>
            )
          }
        >
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
        <div ref={passwordRef}>
          <PasswordField
            label={t("auth.fields.newPassword")}
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            error={passwordError}
            check={check}
          />
        </div>
        <p className="text-xs text-fg-muted">
          <Trans
            i18nKey="auth.signUp.agree"
            components={{
              terms: <Link to="/terms" className="font-medium text-accent underline" />,
              privacy: <Link to="/privacy" className="font-medium text-accent underline" />,
            }}
          />
        </p>
        <Button type="submit" className="w-full" busy={signUp.isPending}>
          {t("auth.signUp.submit")}
        </Button>
      </form>
    </AuthCard>
  );
}
