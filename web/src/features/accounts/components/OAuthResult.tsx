/**
 * What happened at the platform's sign-in page, read from the address the callback sent the
 * person back to (`?platform=x&connected=2` or `?platform=x&error=code&message=...`).
 */
import { CheckCircle2, X, XCircle } from "lucide-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import type { Platform } from "../api/accounts";
import { describeOAuthError } from "../utils/errors";

const KEYS = ["platform", "connected", "error", "message", "workspace"];

export function OAuthResult({
  platforms,
  onRetry,
}: {
  platforms: Platform[] | undefined;
  onRetry: (platform: Platform) => void;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const platformId = params.get("platform");
  const connected = params.get("connected");
  const error = params.get("error");
  const platform = platforms?.find((p) => p.platform === platformId);
  const name = platform?.name ?? platformId ?? "";
  const told = useRef(false);

  const success = connected !== null && !error;
  const count = Number(connected) || 0;
  const text = success
    ? t("accounts.oauth.connected", { count, platform: name })
    : error
      ? describeOAuthError(error, params.get("message") ?? "", t, name)
      : null;

  // The outcome is also said once as a toast, like every other action's.
  useEffect(() => {
    if (!text || told.current || !platformId) return;
    told.current = true;
    if (success) toast.success(text);
    else toast.error(text);
  }, [text, success, platformId]);

  if (!platformId || !text) return null;
  const dismiss = () =>
    setParams(
      (old) => {
        const next = new URLSearchParams(old);
        for (const key of KEYS) next.delete(key);
        return next;
      },
      { replace: true },
    );
  return (
    <div
      role={success ? "status" : "alert"}
      className={cn(
        "mb-6 flex items-start gap-3 rounded-xl border px-4 py-3",
        success
          ? "border-success/30 bg-success-soft text-success"
          : "border-danger/30 bg-danger-soft text-danger",
      )}
    >
      {success ? (
        <CheckCircle2 className="mt-0.5 size-5 shrink-0" aria-hidden />
      ) : (
        <XCircle className="mt-0.5 size-5 shrink-0" aria-hidden />
      )}
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {success
            ? t("accounts.oauth.connectedTitle", { platform: name })
            : t("accounts.oauth.failedTitle", { platform: name })}
        </p>
        <p className="text-sm text-fg" dir="auto">
          {text}
        </p>
        {!success && platform?.enabled && (
          <Button size="sm" variant="secondary" className="mt-2" onClick={() => onRetry(platform)}>
            {t("accounts.oauth.retry", { platform: name })}
          </Button>
        )}
      </div>
      <button
        type="button"
        className="rounded-md p-1 text-fg-muted hover:bg-surface"
        aria-label={t("accounts.oauth.dismiss")}
        onClick={dismiss}
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}
