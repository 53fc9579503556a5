/**
 * What the calendar reads and changes: posts between two instants in a zone (narrowed to an account
 * or a platform), and a post's new time. Kept under the posts' keys: a change anywhere refreshes it.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
