import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { toastError } from "@/components/ui/toast";
import { isApiError } from "@/lib/errors";
import { useResendVerification } from "../api/auth";
import { retryAfterSeconds } from "../utils/formErrors";

/** A new verification link for the signed-in person; the limit's message when they asked too often. */
export function ResendVerification({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  const { t } = useTranslation();
  const resend = useResendVerification();
  const seconds = retryAfterSeconds(resend.error);
  return (
    <div className="space-y-3">
      <Button
        variant={variant}
        busy={resend.isPending}
        onClick={() =>
          resend.mutate(undefined, {
            onSuccess: () => toast.success(t("auth.verify.resent")),
            onError: (error) => toastError(error, t),
          })
        }
      >
        {t("auth.verify.resend")}
      </Button>
      {resend.isSuccess && (
        <Alert tone="success" role="status">
          {t("auth.verify.resent")}
        </Alert>
      )}
      {seconds !== null && (
        <Alert tone="warning" role="status" title={t("auth.verify.tooOftenTitle")}>
          {t("auth.verify.tooOften", { minutes: Math.max(1, Math.ceil(seconds / 60)) })}
        </Alert>
      )}
      {isApiError(resend.error, "email_already_verified") && (
        <Alert tone="success" role="status">
          {t("auth.verify.already")}
        </Alert>
      )}
    </div>
  );
}
