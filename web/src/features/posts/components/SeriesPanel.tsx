/** The series a post repeats in: its rule, its zone and the next times it gives. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Badge } from "@/components/ui/Badge";
import { Spinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { formatDateTime, formatNumber, zoneLabel } from "@/lib/format";
import { useSeries } from "../api/posts";

export function SeriesPanel({ ws, seriesId }: { ws: string; seriesId: string }) {
  const { t } = useTranslation();
  const series = useSeries(ws, seriesId);
  if (series.isPending)
    return (
      <div className="flex justify-center p-6 text-fg-muted">
        <Spinner className="size-5" />
      </div>
    );
  if (series.error) return <ErrorState error={series.error} onRetry={() => series.refetch()} />;
  const s = series.data;
  return (
    <div className="space-y-4 px-5 py-4 text-sm">
      <dl className="grid gap-3 sm:grid-cols-2">
        <div>
          <dt className="text-fg-muted">{t("posts.series.rule")}</dt>
          <dd className="mt-0.5 break-all font-mono text-xs" dir="ltr">
            {s.rule ?? t("posts.series.noRule")}
          </dd>
        </div>
        <div>
          <dt className="text-fg-muted">{t("posts.series.zone")}</dt>
          <dd className="mt-0.5">{zoneLabel(s.timezone)}</dd>
        </div>
        <div>
          <dt className="text-fg-muted">{t("posts.series.status")}</dt>
          <dd className="mt-0.5">
            <Badge tone={s.status === "active" ? "success" : "neutral"}>
              {t(`posts.series.${s.status}`)}
            </Badge>
          </dd>
        </div>
        <div>
          <dt className="text-fg-muted">{t("posts.series.counts")}</dt>
          <dd className="mt-0.5">
            {t("posts.series.countsValue", {
              occurrences: formatNumber(s.occurrences),
              published: formatNumber(s.published),
            })}
          </dd>
        </div>
      </dl>
      <div>
        <h3 className="font-medium">{t("posts.series.next")}</h3>
        {s.next_occurrences.length ? (
          <ul className="mt-1 space-y-0.5 text-fg-muted">
            {s.next_occurrences.map((at) => (
              <li key={at}>
                <time dateTime={at}>{formatDateTime(at, s.timezone, { dateStyle: "full" })}</time>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-fg-muted">{t("posts.series.noneNext")}</p>
        )}
      </div>
      <Link
        to={`/app/workspaces/${ws}/posts?series=${s.id}&sort=scheduled`}
        className="inline-block font-medium text-accent hover:underline"
      >
        {t("posts.series.all")}
      </Link>
    </div>
  );
}
