/** Every request the posts pages make, each with its query or mutation hook. */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { inFlight } from "@/lib/postRules";
import { memberKeys, type PostListQuery, postKeys } from "./keys";

export type Post = components["schemas"]["PostOut"];
export type PostPage = components["schemas"]["PostPage"];
export type Account = components["schemas"]["AccountOut"];
export type Member = components["schemas"]["MemberPublic"];
export type Scope = components["schemas"]["shared__services__post_changes__Scope"];

/** How often a page asks again while something is on its way. */
export const LIVE_MS = 2_000;

export function usePosts(ws: string, query: PostListQuery, pageSize = 25) {
  return useInfiniteQuery({
    queryKey: postKeys.list(ws, { ...query, limit: pageSize }),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts", {
          params: { path: { ws }, query: { ...query, limit: pageSize, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
    // Live while anything shown is still on its way; quiet once it settles.
    refetchInterval: (q) =>
      q.state.data?.pages.some((page) => page.items.some((post) => inFlight(post))) ? LIVE_MS : false,
  });
}

export function usePost(ws: string, id: string) {
  return useQuery({
    queryKey: postKeys.detail(ws, id),
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{ws}/posts/{post_id}", { params: { path: { ws, post_id: id } } })),
    refetchInterval: (q) => (q.state.data && inFlight(q.state.data) ? LIVE_MS : false),
  });
}

export function useReviews(ws: string, id: string) {
  return useQuery({
    queryKey: postKeys.reviews(ws, id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts/{post_id}/reviews", { params: { path: { ws, post_id: id } } }),
      ),
  });
}

export function useSeries(ws: string, id: string | null | undefined) {
  return useQuery({
    queryKey: postKeys.series(ws, id ?? ""),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/series/{series_id}", {
          params: { path: { ws, series_id: id ?? "" } },
        }),
      ),
    enabled: Boolean(id),
  });
}

export function useApprovals(ws: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: postKeys.approvals(ws),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/approvals", {
          params: { path: { ws }, query: { limit: 25, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    enabled,
  });
}

export function useMembers(ws: string) {
  return useQuery({
    queryKey: memberKeys.all(ws),
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{ws}/members", { params: { path: { ws }, query: { limit: 100 } } })),
    staleTime: 60_000,
  });
}

// --- changes: each refreshes what shows posts, and nothing else -------------------------------------

function useRefreshPosts(ws: string) {
  const client = useQueryClient();
  return (post?: Post) => {
    if (post) client.setQueryData(postKeys.detail(ws, post.id), post);
    return client.invalidateQueries({ queryKey: postKeys.all(ws) });
  };
}

export function useCancelPost(ws: string) {
  const refresh = useRefreshPosts(ws);
  return useMutation({
    mutationFn: ({ id, scope }: { id: string; scope: Scope }) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/cancel", {
          params: { path: { ws, post_id: id }, query: { scope } },
        }),
      ),
    onSuccess: (post) => refresh(post),
  });
}

export function useRetryPost(ws: string) {
  const refresh = useRefreshPosts(ws);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/retry", { params: { path: { ws, post_id: id } } }),
      ),
    onSuccess: (post) => refresh(post),
  });
}

export function useDuplicatePost(ws: string) {
  const refresh = useRefreshPosts(ws);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/duplicate", {
          params: { path: { ws, post_id: id } },
        }),
      ),
    onSuccess: (post) => refresh(post),
  });
}

export function useDeletePost(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/workspaces/{ws}/posts/{post_id}", { params: { path: { ws, post_id: id } } }),
      ),
    onSuccess: (_, id) => {
      // The post is gone: forget it rather than ask for it again.
      client.removeQueries({ queryKey: postKeys.detail(ws, id) });
      return client.invalidateQueries({ queryKey: postKeys.all(ws) });
    },
  });
}

export function useReviewPost(ws: string) {
  const refresh = useRefreshPosts(ws);
  return useMutation({
    mutationFn: ({ id, approve, comment }: { id: string; approve: boolean; comment: string }) =>
      unwrap(
        approve
          ? api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/approve", {
              params: { path: { ws, post_id: id } },
              body: { comment },
            })
          : api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/reject", {
              params: { path: { ws, post_id: id } },
              body: { comment },
            }),
      ),
    onSuccess: (post) => refresh(post),
  });
}

export function useSubmitPost(ws: string) {
  const refresh = useRefreshPosts(ws);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/submit", { params: { path: { ws, post_id: id } } }),
      ),
    onSuccess: (post) => refresh(post),
  });
}
