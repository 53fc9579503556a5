/**
 * The last 30 days at a glance: followers over time and the engagement of each day's posts, with
 * where the figures came from and as of when, and the way to the full analytics.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AsOfBadge } from "@/components/ui/AsOfBadge";
import { Card, CardHeader } from "@/components/ui/Card";
import { ChartFigure } from "@/components/ui/ChartFigure";
import { EngagementRateNote } from "@/components/ui/EngagementRateNote";
import { ErrorState } from "@/components/ui/States";
import { engagementsPerDaySpec, followersSpec, formatRate } from "@/lib/analytics";
import { formatNumber } from "@/lib/format";
import { useAudienceFollowers, useAudienceSummary } from "../api/analytics";

export function AudienceCharts({ ws, zone }: { ws: string; zone: string }) {
  const { t, i18n } = useTranslation();
  const summary = useAudienceSummary(ws, true);
  const followers = useAudienceFollowers(ws, true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const specs = useMemo(
    () => ({
      followers: followers.data
        ? followersSpec(followers.data.total, t("dashboard.audience.followers"))
        : null,
      engagement: summary.data
        ? engagementsPerDaySpec(summary.data.days, t("dashboard.audience.engagements"))
        : null,
    }),
    [followers.data, summary.data, i18n.language],
  );
  const rate = summary.data?.engagement_rate.value ?? null;
  const total = followers.data?.end ?? null;
  const change = followers.data?.change ?? null;
  return (
    <Card className="mb-6">
      <CardHeader
        title={t("dashboard.audience.title")}
        description={
          summary.data ? (
            <span className="inline-flex flex-wrap items-center gap-2">
              {t("dashboard.audience.period")}
              <AsOfBadge source={summary.data.source} asOf={summary.data.as_of} zone={zone} />
            </span>
          ) : (
            t("dashboard.audience.period")
          )
        }
        action={
          <Link
            to={`/app/workspaces/${ws}/analytics`}
            className="shrink-0 text-sm font-medium text-accent hover:underline"
          >
            {t("dashboard.audience.open")}
          </Link>
        }
      />
      <div className="grid lg:grid-cols-2">
        <ChartFigure
          className="border-b border-border lg:border-b-0"
          title={t("dashboard.audience.followers")}
          description={
            total === null
              ? undefined
              : change === null
                ? t("dashboard.audience.followersNow", { value: formatNumber(total) })
                : t("dashboard.audience.followersChange", {
                    value: formatNumber(total),
                    change: `${change >= 0 ? "+" : "−"}${formatNumber(Math.abs(change))}`,
                  })
          }
          spec={specs.followers}
          problem={
            followers.error ? (
              <ErrorState error={followers.error} onRetry={() => followers.refetch()} />
            ) : null
          }
          xLabel={t("dashboard.audience.day")}
          empty={t("dashboard.audience.followersEmpty")}
          height={200}
        />
        <ChartFigure
          className="lg:border-s lg:border-border"
          title={t("dashboard.audience.engagements")}
          description={rate === null ? undefined : t("dashboard.audience.rate", { rate: formatRate(rate) })}
          spec={specs.engagement}
          problem={
            summary.error ? <ErrorState error={summary.error} onRetry={() => summary.refetch()} /> : null
          }
          xLabel={t("dashboard.audience.day")}
          empty={t("dashboard.audience.engagementsEmpty")}
          height={200}
        />
      </div>
      {rate !== null && <EngagementRateNote className="border-t border-border px-5 py-3" />}
    </Card>
  );
}
