/** The clickKloudy feed's public pages: a workspace's profile and one of its posts. */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type FeedPost = components["schemas"]["FeedPostOut"];
export type FeedMedia = components["schemas"]["FeedMediaOut"];
export type Profile = components["schemas"]["ProfileOut"];

const PAGE_SIZE = 20;

export const feedKeys = {
  profile: (handle: string) => ["profiles", handle] as const,
  post: (handle: string, postId: string) => ["profiles", handle, "posts", postId] as const,
};

/** A profile and its posts, newest first, a page at a time ("load more"). */
export function useProfile(handle: string) {
  return useInfiniteQuery({
    queryKey: feedKeys.profile(handle),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/profiles/{handle}", {
          params: { path: { handle }, query: { limit: PAGE_SIZE, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useFeedPost(handle: string, postId: string) {
  return useQuery({
    queryKey: feedKeys.post(handle, postId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/profiles/{handle}/posts/{post_id}", {
          params: { path: { handle, post_id: postId } },
        }),
      ),
  });
}
