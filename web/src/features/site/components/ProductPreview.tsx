import { CheckCircle2, Clock, Hourglass } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/Badge";
import { formatDateTime, zoneLabel } from "@/lib/format";

// A fixed moment, so the picture reads the same for everyone: 09:00:00 in Dubai.
const AT = new Date("2026-05-12T05:00:00Z");
const ZONE = "Asia/Dubai";

const ROWS = [
  { account: "X", status: "published", second: 0 },
  { account: "LinkedIn", status: "published", second: 1 },
  { account: "Mastodon", status: "published", second: 1 },
  { account: "Instagram", status: "pending_approval", second: null },
] as const;

/**
 * What the product does, drawn with its own parts rather than a screenshot: one post, the second
 * it goes out in a named zone, and where it went. Decorative: the text beside it says the same.
 */
export function ProductPreview() {
  const { t } = useTranslation();
  const time = (second: number) =>
    formatDateTime(new Date(AT.getTime() + second * 1000), ZONE, {
      dateStyle: undefined,
      timeStyle: "medium",
    });
  return (
    <div aria-hidden className="relative">
      <div className="absolute -inset-4 rounded-3xl bg-accent-soft/60 blur-2xl" />
      <div className="relative rounded-2xl border border-border bg-surface p-5 shadow-xl sm:p-6">
        <div className="flex items-center justify-between gap-3">
          <p className="text-sm font-semibold">{t("site.home.preview.title")}</p>
          <Badge tone="info">
            <Clock className="size-3" />
            {t("status.scheduled")}
          </Badge>
        </div>
        <p className="mt-4 rounded-lg border border-border bg-bg p-3 text-sm leading-relaxed" dir="auto">
          {t("site.home.preview.text")}
        </p>
        <div className="mt-4 rounded-lg bg-muted px-3 py-2.5 text-xs">
          <p className="font-medium text-fg">
            {formatDateTime(AT, ZONE, { dateStyle: "full", timeStyle: "medium" })}
          </p>
          <p className="mt-0.5 text-fg-muted">{zoneLabel(ZONE, AT)}</p>
        </div>
        <ul className="mt-4 divide-y divide-border text-sm">
          {ROWS.map((row) => (
            <li key={row.account} className="flex items-center justify-between gap-3 py-2.5">
              <span className="font-medium" dir="ltr">
                {row.account}
              </span>
              {row.second === null ? (
                <span className="inline-flex items-center gap-1.5 text-warning">
                  <Hourglass className="size-3.5" />
                  {t("status.pending_approval")}
                </span>
              ) : (
                <span className="inline-flex items-center gap-1.5 text-success">
                  <CheckCircle2 className="size-3.5" />
                  {t("site.home.preview.publishedAt", { time: time(row.second) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
