/**
 * The analytics API's answers as charts and figures, for every page that shows them (the analytics
 * pages, the dashboard, a post's and an account's figures): one mapping, so a figure means the same
 * everywhere. Null stays "not available"; sums add like with like (see lib/charts).
 */
import type { components } from "@/lib/api/schema";
import { alignSeries, type ChartSpec, figure } from "@/lib/charts";
import { formatDateTime, formatNumber } from "@/lib/format";

export type SummaryOut = components["schemas"]["SummaryOut"];
export type DayOut = components["schemas"]["DayOut"];
export type FollowersOut = components["schemas"]["FollowersOut"];
export type PointOut = components["schemas"]["PointOut"];
export type PlatformSummaryOut = components["schemas"]["PlatformSummaryOut"];
export type FigureOut = components["schemas"]["FigureOut"];
export type TargetHistoryOut = components["schemas"]["TargetHistoryOut"];
export type LiveErrorOut = components["schemas"]["LiveErrorOut"];

/** The shared post metrics, in the order the API lists them. */
export const POST_METRICS = [
  "impressions",
  "reach",
  "views",
  "reactions",
  "comments",
  "shares",
  "saves",
  "clicks",
] as const;
export type PostMetric = (typeof POST_METRICS)[number];

/** What engagement counts (the one definition: clicks are not engagement). */
export const ENGAGEMENT_PARTS = ["reactions", "comments", "shares", "saves"] as const;

/** A day of the workspace's zone ("2026-11-09") as people read it ("9 Nov"), never shifted by a zone. */
export function dayLabel(day: string, style: "short" | "long" = "short"): string {
  return formatDateTime(`${day}T12:00:00Z`, "UTC", {
    dateStyle: style === "long" ? "medium" : undefined,
    timeStyle: undefined,
    ...(style === "short" ? { day: "numeric", month: "short" } : {}),
  });
}

/** An engagement rate (a fraction: 0.05 is 5 %) as a percentage with one decimal. */
export function formatRate(rate: number): string {
  return formatNumber(rate, { style: "percent", maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

/** A value in a chart's unit, for its axis, tooltip and table. */
export function formatValue(value: number, unit: ChartSpec["unit"]): string {
  return unit === "percent" ? formatRate(value) : formatNumber(value);
}

/** Followers at the end of each day or week: one line (the accounts in scope, summed). */
export function followersSpec(points: readonly PointOut[], label: string): ChartSpec {
  return {
    kind: "line",
    unit: "count",
    labels: points.map((p) => dayLabel(p.day)),
    series: [{ id: "total", label, values: points.map((p) => figure(p.followers)) }],
  };
}

/** Each account's own line, on the days of the total (an account measured later starts later). */
export function followersByAccountSpec(
  found: Pick<FollowersOut, "total" | "accounts">,
  accountLabel: (account: FollowersOut["accounts"][number]) => string,
): ChartSpec {
  const days = found.total.map((p) => p.day);
  return {
    kind: "line",
    unit: "count",
    labels: days.map((d) => dayLabel(d)),
    series: alignSeries(
      days,
      found.accounts.map((a) => ({ id: a.account_id, label: accountLabel(a), points: a.points ?? [] })),
      (p) => p.day,
      (p) => p.followers,
    ),
  };
}

/** Posts published per day, stacked by platform: a count is known on every day (0 is a real 0). */
export function postsPerDaySpec(
  days: readonly DayOut[],
  platforms: readonly string[],
  platformName: (platform: string) => string,
): ChartSpec {
  return {
    kind: "bar",
    unit: "count",
    stacked: true,
    labels: days.map((d) => dayLabel(d.day)),
    series: platforms.map((platform) => ({
      id: platform,
      label: platformName(platform),
      values: days.map((d) => d.posts_by_platform[platform] ?? 0),
    })),
  };
}

/** Engagements of each day's posts (a day without rated posts is a gap). */
export function engagementsPerDaySpec(days: readonly DayOut[], label: string): ChartSpec {
  return {
    kind: "bar",
    unit: "count",
    labels: days.map((d) => dayLabel(d.day)),
    series: [{ id: "engagements", label, values: days.map((d) => figure(d.engagements)) }],
  };
}

/** Each day's engagement rate (percent), with gaps on days without rated posts. */
export function engagementRatePerDaySpec(days: readonly DayOut[], label: string): ChartSpec {
  return {
    kind: "line",
    unit: "percent",
    labels: days.map((d) => dayLabel(d.day)),
    series: [{ id: "rate", label, values: days.map((d) => figure(d.engagement_rate)) }],
  };
}

/**
 * Engagement by platform: reactions, comments, shares and saves stacked per platform. A platform
 * that does not report one of them has a gap there, not 0.
 */
export function engagementByPlatformSpec(
  platforms: readonly PlatformSummaryOut[],
  platformName: (platform: string) => string,
  metricName: (metric: string) => string,
): ChartSpec {
  return {
    kind: "bar",
    unit: "count",
    stacked: true,
    labels: platforms.map((p) => platformName(p.platform)),
    series: ENGAGEMENT_PARTS.map((metric) => ({
      id: metric,
      label: metricName(metric),
      values: platforms.map((p) => figure(p.figures[metric])),
    })),
  };
}

/** Engagement rate per platform (percent); a platform without one is a gap. */
export function engagementRateByPlatformSpec(
  platforms: readonly PlatformSummaryOut[],
  platformName: (platform: string) => string,
  label: string,
): ChartSpec {
  return {
    kind: "bar",
    unit: "percent",
    labels: platforms.map((p) => platformName(p.platform)),
    series: [{ id: "rate", label, values: platforms.map((p) => figure(p.engagement_rate)) }],
  };
}

/**
 * One metric of a post over time, a line per account it went to, on the days any of them was
 * measured (a day one account was not measured is a gap in its line).
 */
export function postHistorySpec(
  targets: readonly TargetHistoryOut[],
  metric: string,
  targetLabel: (target: TargetHistoryOut) => string,
): ChartSpec {
  const days = [...new Set(targets.flatMap((t) => t.points.map((p) => p.day)))].sort();
  return {
    kind: "line",
    unit: metric === "engagement_rate" ? "percent" : "count",
    labels: days.map((d) => dayLabel(d)),
    series: alignSeries(
      days,
      targets.map((t) => ({ id: t.target_id, label: targetLabel(t), points: t.points })),
      (p) => p.day,
      (p) => p.figures[metric],
    ),
  };
}

/** The change against the previous period, as people read it; null when it cannot be said. */
export function describeChange(
  found: Pick<FigureOut, "value" | "previous" | "change" | "change_percent">,
  unit: ChartSpec["unit"],
): { direction: "up" | "down" | "flat"; text: string; kind: "percent" | "points" | "absolute" } | null {
  if (found.value === null || found.previous === null || found.change === null) return null;
  const direction = found.change > 0 ? "up" : found.change < 0 ? "down" : "flat";
  const sign = found.change > 0 ? "+" : found.change < 0 ? "−" : "";
  const size = Math.abs(found.change);
  if (unit === "percent")
    // A rate's change is in percentage points: "+0.8 pt", never a percentage of a percentage.
    return {
      direction,
      kind: "points",
      text: `${sign}${formatNumber(size * 100, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}`,
    };
  if (found.change_percent !== null)
    return {
      direction,
      kind: "percent",
      text: `${sign}${formatNumber(Math.abs(found.change_percent) / 100, { style: "percent", maximumFractionDigits: 1 })}`,
    };
  return { direction, kind: "absolute", text: `${sign}${formatNumber(size)}` };
}
