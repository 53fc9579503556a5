/**
 * What the analytics pages read and do: the summary, follower growth, ranked posts and best times
 * for a period, accounts and platforms; one account's figures (stored, or live with the stored ones
 * as the fallback); "collect now"; and the addresses of their CSV and PDF exports.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components, paths } from "@/lib/api/schema";
import { analyticsKeys, type Scope } from "./keys";

export type Summary = components["schemas"]["SummaryOut"];
export type Followers = components["schemas"]["FollowersOut"];
export type Ranking = components["schemas"]["RankingOut"];
export type RankedPost = components["schemas"]["RankedPostOut"];
export type BestTimes = components["schemas"]["BestTimesOut"];
export type PlatformGrid = components["schemas"]["PlatformGridOut"];
export type Cell = components["schemas"]["CellOut"];
export type AccountFigures = components["schemas"]["AccountMetricsOut"];
export type Account = components["schemas"]["AccountOut"];
export type RankMetric = Ranking["metric"];
export type { Scope };

/** Figures change hourly at most: a minute is fresh enough, and leaving the tab costs nothing. */
const STALE_MS = 60_000;

function query(scope: Scope) {
  return {
    from: scope.from,
    to: scope.to,
    account_id: scope.account ? [scope.account] : undefined,
    platform: scope.platform ? [scope.platform] : undefined,
  };
}

// The JSON answer of a route that can also answer CSV.
function json<T>(data: T | string): T {
  if (typeof data === "string") throw new Error("expected JSON");
  return data;
}

export function useSummary(ws: string, scope: Scope) {
  return useQuery({
    queryKey: analyticsKeys.summary(ws, scope),
    queryFn: async () =>
      json(
        await unwrap(
          api.GET("/api/v1/workspaces/{ws}/analytics/summary", {
            params: { path: { ws }, query: query(scope) },
          }),
        ),
      ),
    staleTime: STALE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useFollowers(ws: string, scope: Scope, by: "day" | "week", perAccount: boolean) {
  return useQuery({
    queryKey: analyticsKeys.followers(ws, scope, by, perAccount),
    queryFn: async () =>
      json(
        await unwrap(
          api.GET("/api/v1/workspaces/{ws}/analytics/followers", {
            params: { path: { ws }, query: { ...query(scope), by, account_points: perAccount } },
          }),
        ),
      ),
    staleTime: STALE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useRankedPosts(ws: string, scope: Scope, metric: RankMetric, order: "top" | "bottom") {
  return useQuery({
    queryKey: analyticsKeys.posts(ws, scope, metric, order),
    queryFn: async () =>
      json(
        await unwrap(
          api.GET("/api/v1/workspaces/{ws}/analytics/posts", {
            params: { path: { ws }, query: { ...query(scope), metric, order, limit: 10 } },
          }),
        ),
      ),
    staleTime: STALE_MS,
    placeholderData: (previous) => previous,
  });
}

export function useBestTimes(ws: string, scope: Scope) {
  return useQuery({
    queryKey: analyticsKeys.bestTimes(ws, scope),
    queryFn: async () =>
      json(
        await unwrap(
          api.GET("/api/v1/workspaces/{ws}/analytics/best-times", {
            params: { path: { ws }, query: query(scope) },
          }),
        ),
      ),
    staleTime: STALE_MS,
    placeholderData: (previous) => previous,
  });
}

/** One account's latest figures, as stored. */
export function useAccountFigures(ws: string, id: string) {
  return useQuery({
    queryKey: analyticsKeys.account(ws, id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/analytics/accounts/{account_id}", {
          params: { path: { ws, account_id: id }, query: { live: false } },
        }),
      ),
    staleTime: STALE_MS,
  });
}

/**
 * Ask the platform for the account's figures now (cached per account for a few minutes on the
 * server). What comes back replaces the stored figures on the page; a live figure is also stored,
 * so the account's history is read again.
 */
export function useLiveAccountFigures(ws: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/analytics/accounts/{account_id}", {
          params: { path: { ws, account_id: id }, query: { live: true } },
        }),
      ),
    onSuccess: (found) => {
      client.setQueryData(analyticsKeys.account(ws, id), found);
      if (found.source === "live")
        void client.invalidateQueries({
          queryKey: analyticsKeys.all(ws),
          predicate: (q) => q.queryKey[3] !== "account",
        });
    },
  });
}

export function useCollectNow(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/analytics/collect", {
          params: { path: { ws }, query: { mode: "all" } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: analyticsKeys.all(ws) }),
  });
}

// --- exports: plain addresses the browser downloads with the session cookie ----------------------

// The routes, checked against the API's schema: a renamed route fails the type check.
const EXPORTS = {
  summary: "/api/v1/workspaces/{ws}/analytics/summary",
  followers: "/api/v1/workspaces/{ws}/analytics/followers",
  posts: "/api/v1/workspaces/{ws}/analytics/posts",
  "best-times": "/api/v1/workspaces/{ws}/analytics/best-times",
  report: "/api/v1/workspaces/{ws}/analytics/report.pdf",
} as const satisfies Record<string, keyof paths>;

function address(route: keyof typeof EXPORTS, ws: string, scope: Scope, extra: Record<string, string>) {
  const search = new URLSearchParams({ from: scope.from, to: scope.to, ...extra });
  if (scope.account) search.append("account_id", scope.account);
  if (scope.platform) search.append("platform", scope.platform);
  return `${EXPORTS[route].replace("{ws}", encodeURIComponent(ws))}?${search}`;
}

/** A view as a CSV file (with a BOM, so Excel reads Arabic text and handles right). */
export function csvUrl(
  ws: string,
  view: Exclude<keyof typeof EXPORTS, "report">,
  scope: Scope,
  extra: Record<string, string> = {},
) {
  return address(view, ws, scope, { ...extra, format: "csv", bom: "true" });
}

/** The PDF report of the period, in the page's language. */
export function pdfUrl(ws: string, scope: Scope, language: string) {
  return address("report", ws, scope, { lang: language === "ar" ? "ar" : "en" });
}
