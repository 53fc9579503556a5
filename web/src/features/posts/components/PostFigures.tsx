/**
 * A published post's figures on each account it went to: the latest (with where they came from and
 * how old they are, and a live refresh whose fallback says why), and one metric over time, a line
 * per account. A figure a platform does not report says "not available", never 0.
 */
import { Download, RefreshCw } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { AsOfBadge, LiveProblemNote } from "@/components/ui/AsOfBadge";
import { Button, buttonClasses } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { ChartFigure } from "@/components/ui/ChartFigure";
import { DownloadLink } from "@/components/ui/DownloadLink";
import { EngagementRateNote } from "@/components/ui/EngagementRateNote";
import { Select } from "@/components/ui/Field";
import { Spinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { toastError } from "@/components/ui/toast";
import { formatRate, POST_METRICS, postHistorySpec } from "@/lib/analytics";
import { formatNumber } from "@/lib/format";
import { useWorkspace } from "@/lib/workspace";
import {
  historyCsvUrl,
  type TargetMetrics,
  useLivePostMetrics,
  usePostHistory,
  usePostMetrics,
} from "../api/metrics";
import type { Post } from "../api/posts";

// The history holds the platforms' figures; a rate is computed by the API alone, for the latest.
const CHART_METRICS = POST_METRICS;

function TargetFigures({
  target,
  zone,
  platformName,
}: {
  target: TargetMetrics;
  zone: string;
  platformName: (platform: string) => string;
}) {
  const { t } = useTranslation();
  const metricName = (metric: string) => t(`analytics.metric.${metric}`);
  return (
    <li className="space-y-3 px-4 py-4 sm:px-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="min-w-0 text-sm">
          <span className="font-medium" dir="ltr">
            @{target.handle}
          </span>
          <span className="text-fg-muted"> · {platformName(target.platform)}</span>
        </p>
        <AsOfBadge
          source={target.source}
          asOf={target.fetched_at}
          ageSeconds={target.age_seconds}
          zone={zone}
        />
      </div>
      {target.live_error && <LiveProblemNote problem={target.live_error} zone={zone} />}
      {target.figures === null ? (
        <p className="text-sm text-fg-muted">{t("analytics.post.notYet")}</p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 xl:grid-cols-5">
          {[...POST_METRICS, "engagement_rate" as const].map((metric) => {
            const value =
              metric === "engagement_rate" ? target.engagement_rate : (target.figures?.[metric] ?? null);
            return (
              <div key={metric} className="min-w-0">
                <dt className="truncate text-xs text-fg-muted">{metricName(metric)}</dt>
                <dd className="text-base font-semibold tabular-nums">
                  {value === null ? (
                    <span className="text-sm font-normal text-fg-muted">{t("charts.notAvailable")}</span>
                  ) : metric === "engagement_rate" ? (
                    formatRate(value)
                  ) : (
                    formatNumber(value)
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </li>
  );
}

export function PostFigures({
  ws,
  post,
  platformName,
}: {
  ws: string;
  post: Post;
  platformName: (platform: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const published = post.targets.some((target) => target.status === "published");
  const workspace = useWorkspace(ws);
  const zone = workspace.data?.default_timezone ?? "UTC";
  const latest = usePostMetrics(ws, post.id, published);
  const history = usePostHistory(ws, post.id, published);
  const live = useLivePostMetrics(ws, post.id);
  const id = useId();
  const [metric, setMetric] = useState<(typeof CHART_METRICS)[number]>("impressions");
  const metricName = (name: string) => t(`analytics.metric.${name}`);
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  const spec = useMemo(
    () =>
      history.data
        ? postHistorySpec(
            history.data.targets,
            metric,
            (target) => `@${target.handle} · ${platformName(target.platform)}`,
          )
        : null,
    [history.data, metric, platformName, i18n.language],
  );
  if (!published) return null;
  const refresh = () =>
    live.mutate(undefined, {
      onSuccess: (found) => {
        if (found.targets.some((target) => target.live_error)) toast.warning(t("analytics.post.liveFailed"));
        else toast.success(t("analytics.post.liveDone"));
      },
      onError: (error) => toastError(error, t),
    });

  return (
    <Card>
      <CardHeader
        title={t("analytics.post.title")}
        description={t("analytics.post.hint")}
        action={
          <Button variant="secondary" size="sm" busy={live.isPending} onClick={refresh}>
            <RefreshCw className="size-4" aria-hidden />
            {t("analytics.post.refresh")}
          </Button>
        }
      />
      {latest.isPending ? (
        <div className="flex justify-center p-6 text-fg-muted">
          <Spinner className="size-5" />
        </div>
      ) : latest.error ? (
        <div className="p-4">
          <ErrorState error={latest.error} onRetry={() => latest.refetch()} />
        </div>
      ) : (
        <ul className="divide-y divide-border">
          {latest.data.targets.map((target) => (
            <TargetFigures key={target.target_id} target={target} zone={zone} platformName={platformName} />
          ))}
        </ul>
      )}
      <div className="border-t border-border">
        <ChartFigure
          title={t("analytics.post.overTime")}
          description={t("analytics.post.overTimeHint")}
          actions={
            <>
              <label htmlFor={`${id}-metric`} className="sr-only">
                {t("analytics.post.metric")}
              </label>
              <div className="w-44">
                <Select
                  id={`${id}-metric`}
                  className="h-8 text-sm"
                  value={metric}
                  onChange={(e) => setMetric(e.target.value as (typeof CHART_METRICS)[number])}
                >
                  {CHART_METRICS.map((m) => (
                    <option key={m} value={m}>
                      {metricName(m)}
                    </option>
                  ))}
                </Select>
              </div>
              <DownloadLink
                href={historyCsvUrl(ws, post.id)}
                className={buttonClasses("ghost", "sm", "h-7 px-2 text-xs")}
                aria-label={t("analytics.export.csvOf", { view: t("analytics.post.overTime") })}
              >
                <Download className="size-3.5" aria-hidden />
                CSV
              </DownloadLink>
            </>
          }
          spec={spec}
          problem={
            history.error ? <ErrorState error={history.error} onRetry={() => history.refetch()} /> : null
          }
          xLabel={t("analytics.followers.day")}
          empty={
            history.data?.targets.some((target) => target.points.length > 0)
              ? t("analytics.post.notReported", { metric: metricName(metric) })
              : t("analytics.post.notYet")
          }
        />
      </div>
      <EngagementRateNote className="border-t border-border px-5 py-3" />
    </Card>
  );
}
