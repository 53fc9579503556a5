/**
 * One account's figures: its latest audience figures (stored, or live on request, with the stored
 * ones and the reason when the platform cannot answer), then for a period its followers over time,
 * its posts' totals and engagement per day, and its top posts.
 */
import { ArrowLeft, RefreshCw } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { toast } from "sonner";
import { AsOfBadge, LiveProblemNote } from "@/components/ui/AsOfBadge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ChartFigure } from "@/components/ui/ChartFigure";
import { EngagementRateNote } from "@/components/ui/EngagementRateNote";
import { QueryBody } from "@/components/ui/QueryBody";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { toastError } from "@/components/ui/toast";
import { engagementsPerDaySpec } from "@/lib/analytics";
import { isApiError } from "@/lib/errors";
import { formatNumber, isolate, zoneLabel } from "@/lib/format";
import { usePageTitle } from "@/lib/title";
import { useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { usePlatformName } from "@/lib/workspaceData";
import { useAccountFigures, useLiveAccountFigures, useRankedPosts, useSummary } from "../api/analytics";
import { FollowersCard } from "../components/FollowersCard";
import { PeriodPicker } from "../components/PeriodPicker";
import { TopPosts } from "../components/TopPosts";
import { TrendCards } from "../components/TrendCards";
import { useScope } from "../hooks/useScope";

const ACCOUNT_FIGURES = ["followers", "impressions", "reach", "views"] as const;

export default function AccountAnalyticsPage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspaceId();
  const { accountId = "" } = useParams();
  const workspace = useWorkspace(ws);
  const zone = workspace.data?.default_timezone ?? "UTC";
  const figures = useAccountFigures(ws, accountId);
  const live = useLiveAccountFigures(ws, accountId);
  const platformName = usePlatformName();
  const metricName = (metric: string) => t(`analytics.metric.${metric}`);
  const { choice, range, scope, setPeriod } = useScope(zone, { account: accountId });
  const summary = useSummary(ws, scope);
  const ranked = useRankedPosts(ws, scope, "impressions", "top");
  const handle = figures.data ? `@${figures.data.handle}` : "";
  usePageTitle(handle ? t("analytics.account.title", { handle }) : t("analytics.title"));
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const engagement = useMemo(
    () => (summary.data ? engagementsPerDaySpec(summary.data.days, metricName("engagements")) : null),
    [summary.data, i18n.language],
  );

  const back = (
    <Link
      to={`/app/workspaces/${ws}/analytics`}
      className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-fg-muted hover:text-fg"
    >
      <ArrowLeft className="size-4 flip-rtl" aria-hidden />
      {t("analytics.account.back")}
    </Link>
  );
  if (figures.isPending || workspace.isPending) return <PageSpinner />;
  if (figures.error)
    return (
      <div>
        {back}
        <ErrorState
          error={figures.error}
          onRetry={isApiError(figures.error, "account_not_found") ? undefined : () => figures.refetch()}
        />
      </div>
    );
  const account = figures.data;
  const refresh = () =>
    live.mutate(undefined, {
      onSuccess: (found) => {
        if (found.live_error) toast.warning(t("analytics.account.liveFailed"));
        else toast.success(t("analytics.account.liveDone"));
      },
      onError: (error) => toastError(error, t),
    });

  return (
    <div className="space-y-6">
      <div>
        {back}
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="break-words text-2xl font-semibold tracking-tight">
              <bdi>{handle}</bdi>
            </h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-fg-muted">
              <span>{platformName(account.platform)}</span>
              <AsOfBadge
                source={account.source}
                asOf={account.as_of}
                ageSeconds={account.age_seconds}
                zone={zone}
              />
            </p>
          </div>
          <Button variant="secondary" busy={live.isPending} onClick={refresh}>
            <RefreshCw className="size-4" aria-hidden />
            {t("analytics.account.refresh")}
          </Button>
        </div>
        {account.live_error && (
          <div className="mt-3">
            <LiveProblemNote problem={account.live_error} zone={zone} />
          </div>
        )}
      </div>

      <section aria-labelledby="account-now">
        <h2 id="account-now" className="mb-3 text-lg font-semibold">
          {t("analytics.account.now")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {ACCOUNT_FIGURES.map((metric) => {
            const value = account.figures[metric] ?? null;
            return (
              <div key={metric} className="rounded-xl border border-border bg-surface p-4 shadow-sm">
                <dt className="text-sm text-fg-muted">{metricName(metric)}</dt>
                <dd className="mt-1 text-2xl font-semibold tabular-nums">
                  {value === null ? (
                    <span className="text-base font-medium text-fg-muted">{t("charts.notAvailable")}</span>
                  ) : (
                    formatNumber(value)
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      </section>

      <section
        aria-label={t("analytics.filters.label")}
        className="flex flex-wrap items-end justify-between gap-3 rounded-xl border border-border bg-surface p-4 shadow-sm"
      >
        <PeriodPicker choice={choice} range={range} onChange={setPeriod} />
        <p className="text-xs text-fg-muted">{t("analytics.zone", { zone: isolate(zoneLabel(zone)) })}</p>
      </section>

      <FollowersCard ws={ws} scope={scope} accountCount={1} platformName={platformName} />

      <section aria-labelledby="account-posts" className="space-y-3">
        <h2 id="account-posts" className="text-lg font-semibold">
          {t("analytics.account.posts")}
        </h2>
        <QueryBody query={summary}>{(found) => <TrendCards summary={found} followers={false} />}</QueryBody>
        <EngagementRateNote />
      </section>

      <Card>
        <ChartFigure
          title={t("analytics.account.engagementPerDay")}
          description={t("analytics.account.engagementHint")}
          spec={engagement}
          problem={
            summary.error ? <ErrorState error={summary.error} onRetry={() => summary.refetch()} /> : null
          }
          xLabel={t("analytics.followers.day")}
          empty={t("analytics.byPlatform.empty")}
        />
      </Card>

      <Card>
        <CardHeader title={t("analytics.account.top")} description={t("analytics.top.hint")} />
        <QueryBody query={ranked}>
          {(found) => (
            <TopPosts
              ws={ws}
              found={found}
              metric="impressions"
              zone={zone}
              platformName={platformName}
              metricName={metricName}
            />
          )}
        </QueryBody>
      </Card>
    </div>
  );
}
