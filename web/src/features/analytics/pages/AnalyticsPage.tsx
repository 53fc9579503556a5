/**
 * The analytics overview: for a period (7, 30 or 90 days, or custom; the workspace's days) and the
 * accounts and platforms chosen, the totals against the previous period, followers over time, posts
 * per day, engagement by platform, the best times to post and the top posts. Every view exports as
 * CSV; the period as a PDF report. Owners and admins can collect figures now.
 */
import { Download, FileText } from "lucide-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AsOfBadge } from "@/components/ui/AsOfBadge";
import { buttonClasses } from "@/components/ui/Button";
import { Card, CardHeader, PageHeader } from "@/components/ui/Card";
import { ChartFigure } from "@/components/ui/ChartFigure";
import { DownloadLink } from "@/components/ui/DownloadLink";
import { EngagementRateNote } from "@/components/ui/EngagementRateNote";
import { Field, Select } from "@/components/ui/Field";
import { QueryBody } from "@/components/ui/QueryBody";
import { PageSpinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { dayLabel, engagementByPlatformSpec, formatRate, postsPerDaySpec } from "@/lib/analytics";
import { isolate, zoneLabel } from "@/lib/format";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { useAccountChoices, usePlatformName } from "@/lib/workspaceData";
import { csvUrl, pdfUrl, type RankMetric, useBestTimes, useRankedPosts, useSummary } from "../api/analytics";
import { BestTimes } from "../components/BestTimes";
import { CollectNow } from "../components/CollectNow";
import { FollowersCard } from "../components/FollowersCard";
import { PeriodPicker } from "../components/PeriodPicker";
import { ScopeFilters } from "../components/ScopeFilters";
import { Segmented } from "../components/Segmented";
import { TopPosts } from "../components/TopPosts";
import { TrendCards } from "../components/TrendCards";
import { useScope } from "../hooks/useScope";
import { bestTimesRange } from "../utils/period";

const RANK_METRICS: RankMetric[] = [
  "impressions",
  "reach",
  "views",
  "engagements",
  "engagement_rate",
  "reactions",
  "comments",
  "shares",
  "saves",
  "clicks",
];

function CsvLink({ href, view }: { href: string; view: string }) {
  const { t } = useTranslation();
  return (
    <DownloadLink
      href={href}
      className={buttonClasses("ghost", "sm", "h-7 px-2 text-xs")}
      aria-label={t("analytics.export.csvOf", { view })}
    >
      <Download className="size-3.5" aria-hidden />
      CSV
    </DownloadLink>
  );
}

export default function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("analytics.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const zone = workspace.data?.default_timezone ?? "UTC";
  const { choice, range, scope, setPeriod, setAccount, setPlatform } = useScope(zone);
  const accounts = useAccountChoices(ws);
  const platformName = usePlatformName();
  const metricName = (metric: string) => t(`analytics.metric.${metric}`);
  const summary = useSummary(ws, scope);
  const bestScope = useMemo(() => {
    const wide = bestTimesRange(range);
    return { ...scope, from: wide.from, to: wide.to };
  }, [range, scope]);
  const bestTimes = useBestTimes(ws, bestScope);
  const [metric, setMetric] = useState<RankMetric>("impressions");
  const [order, setOrder] = useState<"top" | "bottom">("top");
  const ranked = useRankedPosts(ws, scope, metric, order);

  const socialAccounts = (accounts.data ?? []).filter((a) => a.platform !== "feed");
  const inScope = (accounts.data ?? []).filter(
    (a) => (!scope.account || a.id === scope.account) && (!scope.platform || a.platform === scope.platform),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const charts = useMemo(() => {
    if (!summary.data) return null;
    const platforms = summary.data.platforms.map((p) => p.platform);
    return {
      posts: postsPerDaySpec(summary.data.days, platforms, platformName),
      engagement: engagementByPlatformSpec(summary.data.platforms, platformName, metricName),
    };
  }, [summary.data, platformName, i18n.language]);

  if (workspace.isPending || accounts.isPending) return <PageSpinner />;
  if (accounts.error) return <ErrorState error={accounts.error} onRetry={() => accounts.refetch()} />;
  const base = `/app/workspaces/${ws}`;
  const canCollect = atLeast(workspace.data?.role, "admin");
  const periodText = t("analytics.period.range", {
    from: dayLabel(range.from, "long"),
    to: dayLabel(range.to, "long"),
  });

  return (
    <div className="space-y-6">
      <PageHeader
        title={t("analytics.title")}
        description={
          <span>
            {periodText} · {t("analytics.zone", { zone: isolate(zoneLabel(zone)) })}
          </span>
        }
        actions={
          <>
            {canCollect && <CollectNow ws={ws} zone={zone} />}
            <DownloadLink
              href={csvUrl(ws, "summary", scope)}
              className={buttonClasses("secondary")}
              aria-label={t("analytics.export.csvOf", { view: t("analytics.export.summary") })}
            >
              <Download className="size-4" aria-hidden />
              {t("analytics.export.csv")}
            </DownloadLink>
            <DownloadLink href={pdfUrl(ws, scope, i18n.language)} className={buttonClasses("secondary")}>
              <FileText className="size-4" aria-hidden />
              {t("analytics.export.pdf")}
            </DownloadLink>
          </>
        }
      />

      {socialAccounts.length === 0 ? (
        <EmptyState
          title={t("analytics.noAccounts.title")}
          action={
            <Link to={`${base}/accounts`} className={buttonClasses("primary")}>
              {t("analytics.noAccounts.action")}
            </Link>
          }
        >
          {t("analytics.noAccounts.body")}
        </EmptyState>
      ) : (
        <>
          <section
            aria-label={t("analytics.filters.label")}
            className="flex flex-wrap items-end justify-between gap-4 rounded-xl border border-border bg-surface p-4 shadow-sm"
          >
            <PeriodPicker choice={choice} range={range} onChange={setPeriod} />
            <ScopeFilters
              accounts={accounts.data ?? []}
              account={scope.account}
              platform={scope.platform}
              onAccount={setAccount}
              onPlatform={setPlatform}
              platformName={platformName}
            />
          </section>

          <section aria-labelledby="analytics-totals" className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="analytics-totals" className="text-lg font-semibold">
                {t("analytics.trend.title")}
              </h2>
              {summary.data && (
                <div className="flex flex-wrap items-center gap-2 text-xs text-fg-muted">
                  <span>
                    {t("analytics.trend.compared", {
                      from: dayLabel(summary.data.previous_period.from, "long"),
                      to: dayLabel(summary.data.previous_period.to, "long"),
                    })}
                  </span>
                  <AsOfBadge source={summary.data.source} asOf={summary.data.as_of} zone={zone} />
                </div>
              )}
            </div>
            <QueryBody query={summary}>{(found) => <TrendCards summary={found} />}</QueryBody>
            <EngagementRateNote />
          </section>

          <div className="grid gap-6 lg:grid-cols-2">
            <FollowersCard
              ws={ws}
              scope={scope}
              accountCount={inScope.length}
              platformName={platformName}
              className="lg:col-span-2"
            />
            <Card>
              <ChartFigure
                title={t("analytics.postsPerDay.title")}
                description={
                  summary.data
                    ? t("analytics.postsPerDay.total", { count: summary.data.posts.value ?? 0 })
                    : undefined
                }
                spec={charts?.posts ?? null}
                problem={
                  summary.error ? (
                    <ErrorState error={summary.error} onRetry={() => summary.refetch()} />
                  ) : null
                }
                xLabel={t("analytics.followers.day")}
                empty={t("analytics.postsPerDay.empty")}
              />
            </Card>
            <Card>
              <ChartFigure
                title={t("analytics.byPlatform.title")}
                description={t("analytics.byPlatform.hint")}
                spec={charts?.engagement ?? null}
                problem={
                  summary.error ? (
                    <ErrorState error={summary.error} onRetry={() => summary.refetch()} />
                  ) : null
                }
                xLabel={t("analytics.byPlatform.platform")}
                empty={t("analytics.byPlatform.empty")}
                footer={
                  summary.data && summary.data.platforms.length > 0 ? (
                    <dl className="mt-3 flex flex-wrap gap-x-5 gap-y-1 px-2 text-sm">
                      {summary.data.platforms.map((p) => (
                        <div key={p.platform} className="flex gap-1.5">
                          <dt className="text-fg-muted">
                            {t("analytics.byPlatform.rate", { platform: platformName(p.platform) })}
                          </dt>
                          <dd className="font-medium tabular-nums">
                            {p.engagement_rate === null
                              ? t("charts.notAvailable")
                              : formatRate(p.engagement_rate)}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  ) : null
                }
              />
            </Card>
          </div>

          <Card>
            <CardHeader
              title={t("analytics.bestTimes.title")}
              description={t("analytics.bestTimes.hint", {
                from: dayLabel(bestScope.from, "long"),
                to: dayLabel(bestScope.to, "long"),
                zone: isolate(zoneLabel(zone)),
              })}
              action={
                <CsvLink href={csvUrl(ws, "best-times", bestScope)} view={t("analytics.bestTimes.title")} />
              }
            />
            <QueryBody query={bestTimes}>
              {(found) => <BestTimes found={found} platformName={platformName} />}
            </QueryBody>
          </Card>

          <Card>
            <CardHeader
              title={t("analytics.top.title")}
              description={t("analytics.top.hint")}
              action={
                <CsvLink
                  href={csvUrl(ws, "posts", scope, { metric, order, limit: "100" })}
                  view={t("analytics.top.title")}
                />
              }
            />
            <div className="flex flex-wrap items-end gap-3 border-b border-border px-4 py-3 sm:px-5">
              <Field label={t("analytics.top.rankBy")} className="w-full sm:w-56">
                {(props) => (
                  <Select {...props} value={metric} onChange={(e) => setMetric(e.target.value as RankMetric)}>
                    {RANK_METRICS.map((m) => (
                      <option key={m} value={m}>
                        {metricName(m)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Segmented
                label={t("analytics.top.order")}
                value={order}
                onChange={setOrder}
                options={[
                  { value: "top", label: t("analytics.top.top") },
                  { value: "bottom", label: t("analytics.top.bottom") },
                ]}
              />
            </div>
            <QueryBody query={ranked}>
              {(found) => (
                <TopPosts
                  ws={ws}
                  found={found}
                  metric={metric}
                  zone={zone}
                  platformName={platformName}
                  metricName={metricName}
                />
              )}
            </QueryBody>
          </Card>
        </>
      )}
    </div>
  );
}
