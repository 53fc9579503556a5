/**
 * "Collect now" for owners and admins: the same pulls as the hourly timer, for this workspace. The
 * server allows it once every few minutes; when asked too soon it says when, and so does the button.
 */
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { toastError } from "@/components/ui/toast";
import { isApiError } from "@/lib/errors";
import { formatDateTime, isolate } from "@/lib/format";
import { useCollectNow } from "../api/analytics";

function retryAfter(details: unknown): number | null {
  if (details && typeof details === "object" && "retry_after_seconds" in details) {
    const seconds = Number((details as { retry_after_seconds: unknown }).retry_after_seconds);
    return Number.isFinite(seconds) ? seconds : null;
  }
  return null;
}

export function CollectNow({ ws, zone }: { ws: string; zone: string }) {
  const { t } = useTranslation();
  const collect = useCollectNow(ws);
  const [nextAt, setNextAt] = useState<Date | null>(null);
  const time = (at: Date) => formatDateTime(at, zone, { dateStyle: undefined });
  const zoneName = isolate(zone.replaceAll("_", " "));
  const waiting = nextAt !== null && nextAt.getTime() > Date.now();
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        variant="secondary"
        busy={collect.isPending}
        onClick={() =>
          collect.mutate(undefined, {
            onSuccess: (done) => {
              setNextAt(new Date(done.next_allowed_at));
              toast.success(t("analytics.collect.queued", { count: done.accounts_queued }));
            },
            onError: (error) => {
              const seconds = isApiError(error, "collect_too_soon") ? retryAfter(error.details) : null;
              if (seconds === null) return toastError(error, t);
              const at = new Date(Date.now() + seconds * 1000);
              setNextAt(at);
              toast.error(t("analytics.collect.tooSoon", { time: time(at), zone: zoneName }));
            },
          })
        }
      >
        <RefreshCw className="size-4" aria-hidden />
        {t("analytics.collect.button")}
      </Button>
      {waiting && nextAt && (
        <span className="text-xs text-fg-muted" role="status">
          {t("analytics.collect.nextAt", { time: time(nextAt), zone: zoneName })}
        </span>
      )}
    </div>
  );
}
