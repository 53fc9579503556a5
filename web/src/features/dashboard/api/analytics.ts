/**
 * The dashboard's figures: the last 30 days (the API's default period, the workspace's days) of
 * followers and of the posts' engagement. Under the analytics keys, so "collect now" refreshes them.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";

export const audienceKeys = {
  summary: (ws: string) => ["workspaces", ws, "analytics", "dashboard", "summary"] as const,
  followers: (ws: string) => ["workspaces", ws, "analytics", "dashboard", "followers"] as const,
};

// The JSON answer of a route that can also answer CSV.
function json<T>(data: T | string): T {
  if (typeof data === "string") throw new Error("expected JSON");
  return data;
}

export function useAudienceSummary(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: audienceKeys.summary(ws),
    queryFn: async () =>
      json(await unwrap(api.GET("/api/v1/workspaces/{ws}/analytics/summary", { params: { path: { ws } } }))),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useAudienceFollowers(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: audienceKeys.followers(ws),
    queryFn: async () =>
      json(
        await unwrap(
          api.GET("/api/v1/workspaces/{ws}/analytics/followers", {
            params: { path: { ws }, query: { by: "day" } },
          }),
        ),
      ),
    enabled,
    staleTime: 5 * 60_000,
  });
}
