/**
 * Where figures came from and how old they are: "Live · just now" or "Stored · 55 minutes ago", the
 * exact time (in a named zone) on hover and for screen readers. When live figures were asked for
 * and the platform could not give them, it says why and that the stored ones are shown instead.
 */
import { AlertTriangle, Database, Radio } from "lucide-react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatRelative, isolate, zoneLabel } from "@/lib/format";
import { Badge } from "./Badge";

export interface LiveProblem {
  code: string;
  message: string;
  retry_at?: string | null;
}

const KNOWN = new Set([
  "rate_limited",
  "platform_unavailable",
  "token_expired",
  "needs_reauth",
  "busy",
  "not_available",
  "too_many_accounts",
]);

/** When the figures were read, from the API's `age_seconds` if it gave one (its clock, not ours). */
function readAt(asOf: string, ageSeconds: number | null | undefined, now: Date): Date {
  return ageSeconds === null || ageSeconds === undefined
    ? new Date(asOf)
    : new Date(now.getTime() - ageSeconds * 1000);
}

export function AsOfBadge({
  source,
  asOf,
  ageSeconds,
  zone,
  now = new Date(),
}: {
  source: "stored" | "live" | null | undefined;
  asOf: string | null | undefined;
  ageSeconds?: number | null;
  zone: string;
  now?: Date;
}) {
  const { t } = useTranslation();
  if (!source || !asOf)
    return (
      <Badge tone="neutral">
        <Database className="size-3" aria-hidden />
        {t("charts.asOf.nothing")}
      </Badge>
    );
  const exact = t("charts.asOf.exact", {
    time: formatDateTime(asOf, zone),
    zone: isolate(zoneLabel(zone, new Date(asOf))),
  });
  const age = formatRelative(readAt(asOf, ageSeconds, now), now);
  const Icon = source === "live" ? Radio : Database;
  return (
    <Badge tone={source === "live" ? "success" : "neutral"}>
      <Icon className="size-3" aria-hidden />
      <span title={exact}>{t(source === "live" ? "charts.asOf.live" : "charts.asOf.stored", { age })}</span>
      <span className="sr-only">{exact}</span>
    </Badge>
  );
}

/** Why live figures could not be had, and what is shown instead. */
export function LiveProblemNote({ problem, zone }: { problem: LiveProblem; zone: string }) {
  const { t } = useTranslation();
  const reason = KNOWN.has(problem.code) ? t(`charts.live.${problem.code}`) : problem.message;
  return (
    <p role="status" className="flex items-start gap-1.5 text-xs text-warning">
      <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden />
      <span>
        {t("charts.live.fallback", { reason })}
        {problem.retry_at && (
          <>
            {" "}
            {t("charts.live.retryAt", {
              time: formatDateTime(problem.retry_at, zone, { dateStyle: undefined }),
              zone: isolate(zone.replaceAll("_", " ")),
            })}
          </>
        )}
      </span>
    </p>
  );
}
