/**
 * What the dashboard reads: post counts by status, the next posts due, recent failures and the
 * accounts' health. Kept under the posts' and accounts' keys, so changes elsewhere refresh it.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { accountChoicesQuery } from "@/lib/workspaceData";

export type Post = components["schemas"]["PostOut"];

/** The dashboard stays current while open. */
export const REFRESH_MS = 30_000;

export const dashboardKeys = {
  posts: (ws: string) => ["workspaces", ws, "posts"] as const,
  summary: (ws: string) => ["workspaces", ws, "posts", "summary"] as const,
  upcoming: (ws: string) => ["workspaces", ws, "posts", "dashboard", "upcoming"] as const,
  failures: (ws: string) => ["workspaces", ws, "posts", "dashboard", "failures"] as const,
};

export function useSummary(ws: string) {
  return useQuery({
    queryKey: dashboardKeys.summary(ws),
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{ws}/posts/summary", { params: { path: { ws } } })),
    refetchInterval: REFRESH_MS,
  });
}

export function useUpcoming(ws: string) {
  return useQuery({
    queryKey: dashboardKeys.upcoming(ws),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts", {
          params: {
            path: { ws },
            query: {
              status: "scheduled",
              sort: "scheduled",
              scheduled_from: new Date().toISOString(),
              limit: 5,
            },
          },
        }),
      ),
    refetchInterval: REFRESH_MS,
  });
}

export function useFailures(ws: string) {
  return useQuery({
    queryKey: dashboardKeys.failures(ws),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts", {
          params: { path: { ws }, query: { status: "failed", sort: "created", limit: 5 } },
        }),
      ),
    refetchInterval: REFRESH_MS,
  });
}

/**
 * Accounts by health: connected, needing reconnection, disconnected (paused), from the workspace's
 * account choices (shared with every page's filters).
 */
export function useAccountHealth(ws: string) {
  return useInfiniteQuery({
    ...accountChoicesQuery(ws),
    select: (data) => {
      const items = data.pages.flatMap((page) => page.items);
      const count = (health: string) => items.filter((a) => a.health === health).length;
      return {
        total: items.length,
        // Every workspace has its own clickKloudy feed; "connect your accounts" means the others.
        social: items.filter((a) => a.platform !== "feed").length,
        connected: count("connected"),
        needsReauth: count("needs_reauth"),
        disconnected: count("disconnected"),
      };
    },
    refetchInterval: REFRESH_MS,
  });
}

export function useRetry(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/retry", { params: { path: { ws, post_id: id } } }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: dashboardKeys.posts(ws) }),
  });
}
