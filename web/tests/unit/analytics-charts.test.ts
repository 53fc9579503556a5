/** From the analytics API's answers to charts: missing figures stay gaps, and only like meets like. */
import { describe, expect, it } from "vitest";
import {
  describeChange,
  engagementByPlatformSpec,
  engagementsPerDaySpec,
  followersByAccountSpec,
  followersSpec,
  postHistorySpec,
  postsPerDaySpec,
} from "@/lib/analytics";
import type { components } from "@/lib/api/schema";
import { alignSeries, type ChartSpec, hasFigures, sumReported, tableRows, toChartData } from "@/lib/charts";

type Platform = components["schemas"]["PlatformSummaryOut"];
type Day = components["schemas"]["DayOut"];

const colours = { series: ["#111", "#222"], text: "#333", grid: "#444", surface: "#fff" };
const name = (s: string) => s.toUpperCase();

describe("missing figures", () => {
  it("stay gaps in the chart and 'not available' in its table, never 0", () => {
    const spec = followersSpec(
      [
        { day: "2026-11-08", followers: null, change: null },
        { day: "2026-11-09", followers: 1200, change: 0 },
        { day: "2026-11-10", followers: 1190, change: -10 },
      ],
      "All accounts",
    );
    expect(spec.series[0]?.values).toEqual([null, 1200, 1190]);
    const data = toChartData(spec, colours);
    expect(data.datasets[0]?.data).toEqual([null, 1200, 1190]);
    expect(data.datasets[0]?.spanGaps).toBe(false); // a gap is drawn as a gap, not bridged
    expect(tableRows(spec)[0]?.cells).toEqual([null]);
  });

  it("a day without rated posts has no engagement (a gap), a day's post count is a real 0", () => {
    const days: Day[] = [
      {
        day: "2026-11-09",
        posts: 2,
        posts_by_platform: { sandbox: 2 },
        engagements: 36,
        engagement_rate: 0.09,
      },
      { day: "2026-11-10", posts: 0, posts_by_platform: {}, engagements: null, engagement_rate: null },
    ];
    expect(engagementsPerDaySpec(days, "Engagements").series[0]?.values).toEqual([36, null]);
    expect(postsPerDaySpec(days, ["sandbox"], name).series[0]?.values).toEqual([2, 0]);
  });

  it("a chart with nothing but gaps has no figures to draw", () => {
    const empty = followersSpec([{ day: "2026-11-08", followers: null, change: null }], "All");
    expect(hasFigures(empty)).toBe(false);
    expect(hasFigures(followersSpec([], "All"))).toBe(false);
  });

  it("a sum adds only the figures that exist, and is unknown when none does", () => {
    expect(sumReported([3, null, 4, undefined])).toBe(7);
    expect(sumReported([null, undefined])).toBeNull();
    expect(sumReported([0, null])).toBe(0); // a reported 0 is a figure
  });
});

describe("like with like", () => {
  it("engagement by platform stacks counts; a metric a platform lacks is a gap there", () => {
    const platforms: Platform[] = [
      {
        platform: "mastodon",
        posts: 1,
        figures: { impressions: null, reach: null, reactions: 7, comments: 2, shares: 3, saves: null },
        engagements: null,
        engagement_rate: null,
        followers: 42,
      },
      {
        platform: "sandbox",
        posts: 1,
        figures: { impressions: 100, reach: 80, reactions: 9, comments: 1, shares: 0, saves: 2 },
        engagements: 12,
        engagement_rate: 0.12,
        followers: 1000,
      },
    ];
    const spec = engagementByPlatformSpec(platforms, name, name);
    expect(spec.unit).toBe("count");
    expect(spec.stacked).toBe(true);
    expect(spec.labels).toEqual(["MASTODON", "SANDBOX"]);
    expect(spec.series.map((s) => s.id)).toEqual(["reactions", "comments", "shares", "saves"]);
    expect(spec.series.find((s) => s.id === "saves")?.values).toEqual([null, 2]);
    expect(spec.series.find((s) => s.id === "shares")?.values).toEqual([3, 0]);
  });

  it("a post's rate is drawn in percent, its counts in counts, never on one axis", () => {
    const targets = [
      {
        target_id: "t1",
        account_id: "a1",
        platform: "sandbox",
        handle: "brand",
        published_at: null,
        source: "stored" as const,
        as_of: null,
        points: [
          { day: "2026-11-09", figures: { impressions: 10, engagement_rate: 0.1 } },
          { day: "2026-11-11", figures: { impressions: 30, engagement_rate: 0.2 } },
        ],
      },
      {
        target_id: "t2",
        account_id: "a2",
        platform: "mastodon",
        handle: "news",
        published_at: null,
        source: "stored" as const,
        as_of: null,
        points: [{ day: "2026-11-10", figures: { impressions: null } }],
      },
    ];
    const counts = postHistorySpec(targets, "impressions", (t) => t.handle);
    expect(counts.unit).toBe("count");
    // The days any account was measured, in order; a day one was not measured is its gap.
    expect(counts.series.map((s) => s.values)).toEqual([
      [10, null, 30],
      [null, null, null],
    ]);
    expect(postHistorySpec(targets, "engagement_rate", (t) => t.handle).unit).toBe("percent");
  });

  it("each account's followers line up on the total's days", () => {
    const spec = followersByAccountSpec(
      {
        total: [
          { day: "2026-11-09", followers: 10, change: null },
          { day: "2026-11-10", followers: 30, change: 20 },
        ],
        accounts: [
          {
            account_id: "a1",
            platform: "sandbox",
            handle: "brand",
            start: null,
            end: 10,
            change: null,
            points: [{ day: "2026-11-10", followers: 10, change: null }],
          },
        ],
      },
      (a) => `@${a.handle}`,
    );
    expect(spec.series).toEqual([{ id: "a1", label: "@brand", values: [null, 10] }]);
  });

  it("series of different lengths align on the labels", () => {
    const series = alignSeries(
      ["a", "b", "c"],
      [
        {
          id: "x",
          label: "X",
          points: [
            { k: "c", v: 3 },
            { k: "a", v: 1 },
          ],
        },
      ],
      (p) => p.k,
      (p) => p.v,
    );
    expect(series[0]?.values).toEqual([1, null, 3]);
  });

  it("time runs in the order it was given (oldest first), whatever the language", () => {
    const spec: ChartSpec = followersSpec(
      [
        { day: "2026-11-09", followers: 1, change: null },
        { day: "2026-11-10", followers: 2, change: 1 },
      ],
      "All",
    );
    expect(toChartData(spec, colours).labels).toEqual(spec.labels);
    expect(spec.labels).toEqual(["9 Nov", "10 Nov"]);
  });
});

describe("the change against the previous period", () => {
  it("is a percentage of a count, in points for a rate, and unknown without a previous figure", () => {
    expect(describeChange({ value: 150, previous: 100, change: 50, change_percent: 50 }, "count")).toEqual({
      direction: "up",
      kind: "percent",
      text: "+50%",
    });
    expect(
      describeChange({ value: 0.05, previous: 0.042, change: 0.008, change_percent: 19.05 }, "percent"),
    ).toEqual({ direction: "up", kind: "points", text: "+0.8" });
    expect(describeChange({ value: 84, previous: 0, change: 84, change_percent: null }, "count")).toEqual({
      direction: "up",
      kind: "absolute",
      text: "+84",
    });
    expect(
      describeChange({ value: 1, previous: null, change: null, change_percent: null }, "count"),
    ).toBeNull();
  });
});
