/**
 * Published posts ranked by a chosen metric, best or worst first, each linking to its post. One row
 * per post per account (each has its own figures). Platforms that do not report the metric are
 * named and left out, not ranked as 0.
 */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatRate } from "@/lib/analytics";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { RankedPost, Ranking, RankMetric } from "../api/analytics";

function value(post: RankedPost, metric: RankMetric): number | null {
  if (metric === "engagement_rate") return post.engagement_rate;
  if (metric === "engagements") return post.engagements;
  return post.figures[metric] ?? null;
}

export function TopPosts({
  ws,
  found,
  metric,
  zone,
  platformName,
  metricName,
}: {
  ws: string;
  found: Ranking;
  metric: RankMetric;
  zone: string;
  platformName: (platform: string) => string;
  metricName: (metric: string) => string;
}) {
  const { t } = useTranslation();
  const show = (n: number | null, rate = false) =>
    n === null ? (
      <span className="text-fg-muted">{t("charts.notAvailable")}</span>
    ) : rate ? (
      formatRate(n)
    ) : (
      formatNumber(n)
    );
  return (
    <div>
      {found.items.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-fg-muted">{t("analytics.top.empty")}</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">
            {t(found.order === "top" ? "analytics.top.captionTop" : "analytics.top.captionBottom", {
              metric: metricName(metric),
            })}
          </caption>
          <thead>
            <tr className="border-b border-border text-xs text-fg-muted">
              <th scope="col" className="w-10 py-2 ps-4 pe-2 text-start font-medium sm:ps-5">
                #
              </th>
              <th scope="col" className="py-2 pe-3 text-start font-medium">
                {t("analytics.top.post")}
              </th>
              <th scope="col" className="py-2 pe-3 text-end font-medium">
                {metricName(metric)}
              </th>
              {metric !== "engagement_rate" && (
                <th scope="col" className="hidden py-2 pe-4 text-end font-medium sm:table-cell sm:pe-5">
                  {metricName("engagement_rate")}
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {found.items.map((post) => (
              <tr key={post.target_id} className="align-top">
                <td className="py-3 ps-4 pe-2 tabular-nums text-fg-muted sm:ps-5">{post.rank}</td>
                <td className="min-w-0 py-3 pe-3">
                  <Link
                    to={`/app/workspaces/${ws}/posts/${post.post_id}`}
                    className="line-clamp-2 break-words font-medium hover:text-accent hover:underline"
                    dir="auto"
                  >
                    {post.text || t("analytics.top.untitled")}
                  </Link>
                  <span className="mt-0.5 block text-xs text-fg-muted">
                    <bdi>{post.handle ? `@${post.handle}` : t("analytics.top.removed")}</bdi>
                    {" · "}
                    <bdi>{platformName(post.platform)}</bdi>
                    {" · "}
                    <bdi>{formatDateTime(post.published_at, zone)}</bdi>
                  </span>
                </td>
                <td className="py-3 pe-3 text-end font-medium tabular-nums">
                  {show(value(post, metric), metric === "engagement_rate")}
                </td>
                {metric !== "engagement_rate" && (
                  <td className="hidden py-3 pe-4 text-end tabular-nums sm:table-cell sm:pe-5">
                    {show(post.engagement_rate, true)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {found.not_reported_by.length > 0 && (
        <p className="border-t border-border px-4 py-3 text-xs text-fg-muted sm:px-5">
          {t("analytics.top.notReported", {
            metric: metricName(metric),
            platforms: found.not_reported_by.map(platformName).join(", "),
          })}
        </p>
      )}
    </div>
  );
}
