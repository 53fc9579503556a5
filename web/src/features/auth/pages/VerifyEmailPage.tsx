import { MailCheck, MailWarning } from "lucide-react";
import { useEffect, useRef } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { toast } from "sonner";
import { buttonClasses } from "@/components/ui/Button";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { isApiError } from "@/lib/errors";
import { useMe, useSession } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { useVerifyEmail } from "../api/auth";
import { AuthCard } from "../components/AuthCard";
import { ResendVerification } from "../components/ResendVerification";

/** The link cannot be used: say so, and offer a new one to whoever can ask for it. */
function LinkNotValid() {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = session.data?.authenticated === true;
  const me = useMe(signedIn);
  return (
    <AuthCard
      icon={MailWarning}
      title={t("auth.verify.invalid.title")}
      description={t("auth.verify.invalid.body")}
    >
      {signedIn && me.data && !me.data.email_verified ? (
        <div className="space-y-3">
          <p className="text-sm text-fg-muted">
            <Trans
              i18nKey="auth.verify.invalid.resendHint"
              values={{ email: me.data.email }}
              components={{
                email: (
                  <bdi
                    dir="ltr"
                    className="inline-block max-w-full break-all align-bottom font-medium text-fg"
                  />
                ),
              }}
            />
          </p>
          <ResendVerification variant="primary" />
        </div>
      ) : signedIn && me.data?.email_verified ? (
        <div className="space-y-4">
          <p className="text-sm text-fg-muted">{t("auth.verify.invalid.alreadyVerified")}</p>
          <Link to="/app" className={buttonClasses("primary", "md", "w-full")}>
            {t("auth.verify.continue")}
          </Link>
        </div>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-fg-muted">{t("auth.verify.invalid.signInHint")}</p>
          <Link to="/signin" className={buttonClasses("primary", "md", "w-full")}>
            {t("auth.verify.signIn")}
          </Link>
        </div>
      )}
    </AuthCard>
  );
}

/** Where the emailed link lands: confirm the address once, then lead on. */
export default function VerifyEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.verify.title"));
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const session = useSession();
  const verify = useVerifyEmail();
  const started = useRef(false);
  const { mutate } = verify;

  useEffect(() => {
    // A link works once: ask once, even when React runs effects twice in development.
    if (started.current || token.length < 10) return;
    started.current = true;
    mutate(token, { onSuccess: () => toast.success(t("auth.verify.done.toast")) });
  }, [token, mutate, t]);

  if (
    token.length < 10 ||
    isApiError(verify.error, "invalid_token") ||
    isApiError(verify.error, "validation_failed")
  )
    return <LinkNotValid />;
  if (verify.error)
    return (
      <AuthCard title={t("auth.verify.title")}>
        <ErrorState error={verify.error} onRetry={() => verify.mutate(token)} />
      </AuthCard>
    );
  if (!verify.isSuccess || session.isPending) return <PageSpinner />;

  const signedIn = session.data?.authenticated === true;
  return (
    <AuthCard icon={MailCheck} title={t("auth.verify.done.title")} description={t("auth.verify.done.body")}>
      <Link to={signedIn ? "/app" : "/signin"} className={buttonClasses("primary", "md", "w-full")}>
        {signedIn ? t("auth.verify.continue") : t("auth.verify.signIn")}
      </Link>
    </AuthCard>
  );
}
