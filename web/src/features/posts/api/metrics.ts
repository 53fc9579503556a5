/**
 * A published post's figures: the latest on each account it went to (stored, or live on request with
 * the stored ones as the fallback), and their history day by day. Kept under the workspace's
 * analytics keys, so "collect now" on the analytics page refreshes them too.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type PostMetrics = components["schemas"]["PostMetricsOut"];
export type TargetMetrics = components["schemas"]["TargetMetricsOut"];

export const metricKeys = {
  all: (ws: string, id: string) => ["workspaces", ws, "analytics", "post", id] as const,
  latest: (ws: string, id: string) => [...metricKeys.all(ws, id), "latest"] as const,
  history: (ws: string, id: string) => [...metricKeys.all(ws, id), "history"] as const,
};

export function usePostMetrics(ws: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: metricKeys.latest(ws, id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts/{post_id}/metrics", {
          params: { path: { ws, post_id: id }, query: { live: false } },
        }),
      ),
    enabled,
    staleTime: 60_000,
  });
}

export function usePostHistory(ws: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: metricKeys.history(ws, id),
    queryFn: async () => {
      const data = await unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts/{post_id}/metrics/history", {
          params: { path: { ws, post_id: id } },
        }),
      );
      if (typeof data === "string") throw new Error("expected JSON");
      return data;
    },
    enabled,
    staleTime: 60_000,
  });
}

/** Ask the platforms now (cached per account on the server); what comes back is also stored. */
export function useLivePostMetrics(ws: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts/{post_id}/metrics", {
          params: { path: { ws, post_id: id }, query: { live: true } },
        }),
      ),
    onSuccess: (found) => {
      client.setQueryData(metricKeys.latest(ws, id), found);
      if (found.targets.some((t) => t.source === "live"))
        void client.invalidateQueries({ queryKey: metricKeys.history(ws, id) });
    },
  });
}

/** The history as a CSV file (with a BOM for Excel). */
export function historyCsvUrl(ws: string, id: string) {
  return `/api/v1/workspaces/${encodeURIComponent(ws)}/posts/${encodeURIComponent(id)}/metrics/history?format=csv&bom=true`;
}
