/**
 * The period's totals, each with its change against the previous period of the same length. A total
 * no platform in scope reports says "not available"; a change that cannot be said (nothing measured
 * before) says so, rather than showing +100 %.
 */
import { Minus, TrendingDown, TrendingUp } from "lucide-react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { describeChange, type FigureOut, formatRate, type SummaryOut } from "@/lib/analytics";
import { formatNumber } from "@/lib/format";

type Unit = "count" | "percent";

function Change({ found, unit, days }: { found: FigureOut; unit: Unit; days: number }) {
  const { t } = useTranslation();
  const change = describeChange(found, unit);
  if (!change) return <span className="text-fg-muted">{t("analytics.trend.noPrevious")}</span>;
  const Icon = change.direction === "up" ? TrendingUp : change.direction === "down" ? TrendingDown : Minus;
  const tone =
    change.direction === "up"
      ? "text-success"
      : change.direction === "down"
        ? "text-danger"
        : "text-fg-muted";
  const amount = change.kind === "points" ? t("analytics.trend.points", { value: change.text }) : change.text;
  return (
    <span>
      <Icon className={cn("me-1 inline size-3.5 align-[-2px]", tone)} aria-hidden />
      <span className={cn("font-medium", tone)} dir="ltr">
        {amount}
      </span>{" "}
      <span className="text-fg-muted">{t("analytics.trend.vsPrevious", { count: days })}</span>
    </span>
  );
}

function Card({
  label,
  value,
  unit = "count",
  children,
}: {
  label: string;
  value: number | null;
  unit?: Unit;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="flex min-w-0 flex-col rounded-xl border border-border bg-surface p-4 shadow-sm">
      <dt className="text-sm text-fg-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums tracking-tight">
        {value === null ? (
          <span className="text-base font-medium text-fg-muted">{t("charts.notAvailable")}</span>
        ) : unit === "percent" ? (
          formatRate(value)
        ) : (
          formatNumber(value)
        )}
      </dd>
      <dd className="mt-1 text-xs leading-5">{children}</dd>
    </div>
  );
}

export function TrendCards({ summary, followers = true }: { summary: SummaryOut; followers?: boolean }) {
  const { t } = useTranslation();
  const days = summary.period.days;
  const metric = (name: string) => summary.metrics.find((m) => m.metric === name);
  const impressions = metric("impressions");
  const reach = metric("reach");
  const gained = summary.followers_gained;
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-3 xl:grid-cols-6">
      {followers && (
        <Card label={t("analytics.trend.followers")} value={summary.followers.value}>
          {gained.value === null ? (
            <span className="text-fg-muted">{t("analytics.trend.noPrevious")}</span>
          ) : (
            <span>
              <span
                className={cn(
                  "font-medium",
                  gained.value > 0 ? "text-success" : gained.value < 0 ? "text-danger" : "text-fg-muted",
                )}
                dir="ltr"
              >
                {gained.value > 0 ? "+" : gained.value < 0 ? "−" : ""}
                {formatNumber(Math.abs(gained.value))}
              </span>{" "}
              <span className="text-fg-muted">{t("analytics.trend.gainedInPeriod")}</span>
            </span>
          )}
        </Card>
      )}
      <Card label={t("analytics.trend.posts")} value={summary.posts.value}>
        <Change found={summary.posts} unit="count" days={days} />
      </Card>
      {impressions && (
        <Card label={t("analytics.metric.impressions")} value={impressions.value}>
          <Change found={impressions} unit="count" days={days} />
        </Card>
      )}
      {reach && (
        <Card label={t("analytics.metric.reach")} value={reach.value}>
          <Change found={reach} unit="count" days={days} />
        </Card>
      )}
      <Card label={t("analytics.metric.engagements")} value={summary.engagements.value}>
        <Change found={summary.engagements} unit="count" days={days} />
      </Card>
      <Card
        label={t("analytics.metric.engagement_rate")}
        value={summary.engagement_rate.value}
        unit="percent"
      >
        <Change found={summary.engagement_rate} unit="percent" days={days} />
      </Card>
    </dl>
  );
}
