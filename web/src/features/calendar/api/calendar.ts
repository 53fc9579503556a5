/**
 * What the calendar reads and changes: posts between two instants in a zone (narrowed to an account
 * or a platform), and a post's new time. Kept under the posts' keys: a change anywhere refreshes it.
 */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type CalendarPost = components["schemas"]["CalendarPost"];
export type Scope = components["schemas"]["shared__services__post_changes__Scope"];

export type CalendarQuery = {
  from: string;
  to: string;
  timezone: string;
  account_id?: string;
  platform?: string;
};

export const calendarKeys = {
  posts: (ws: string) => ["workspaces", ws, "posts"] as const,
  range: (ws: string, query: CalendarQuery) => ["workspaces", ws, "posts", "calendar", query] as const,
  accounts: (ws: string) => ["workspaces", ws, "accounts", "choices"] as const,
  platforms: ["platforms"] as const,
};

export function useCalendar(ws: string, query: CalendarQuery | null) {
  return useQuery({
    queryKey: calendarKeys.range(ws, query ?? { from: "", to: "", timezone: "" }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/calendar", {
          params: { path: { ws }, query: query as CalendarQuery },
        }),
      ),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    // A post going out changes colour without a reload.
    refetchInterval: (q) =>
      q.state.data?.days.some((day) => day.posts.some((post) => post.status === "publishing"))
        ? 5_000
        : 60_000,
  });
}

/** The workspace's accounts, for the filter (the same cache as every other account picker). */
export function useAccounts(ws: string) {
  return useInfiniteQuery({
    queryKey: calendarKeys.accounts(ws),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/accounts", {
          params: { path: { ws }, query: { limit: 1000, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    select: (data) => data.pages.flatMap((page) => page.items),
    staleTime: 60_000,
  });
}

export function usePlatformName() {
  const catalog = useQuery({
    queryKey: calendarKeys.platforms,
    queryFn: () => unwrap(api.GET("/api/v1/platforms")),
    staleTime: 5 * 60_000,
  });
  return (platform: string) => catalog.data?.find((p) => p.platform === platform)?.name ?? platform;
}

/** A post's new time (an instant with its offset), for one occurrence or more of a series. */
export function useReschedule(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, at, scope }: { id: string; at: string; scope: Scope }) =>
      unwrap(
        api.PATCH("/api/v1/workspaces/{ws}/posts/{post_id}", {
          params: { path: { ws, post_id: id }, query: { scope } },
          body: { scheduled_at: at },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: calendarKeys.posts(ws) }),
  });
}
