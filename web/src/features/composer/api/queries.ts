/** What the composer reads: the platform catalog, every account, the media library, a post, its preview. */
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import type { PostIn } from "../lib/state";
import { composerKeys } from "./keys";

export type Account = components["schemas"]["AccountOut"];
export type Platform = components["schemas"]["PlatformOut"];
export type PlatformOption = components["schemas"]["OptionOut"];
export type Media = components["schemas"]["MediaOut"];
export type Preview = components["schemas"]["PreviewOut"];
export type TargetPreview = components["schemas"]["TargetPreviewOut"];

export function usePlatforms() {
  return useQuery({
    queryKey: composerKeys.platforms,
    queryFn: () => unwrap(api.GET("/api/v1/platforms")),
    staleTime: 10 * 60_000,
  });
}

/** Every account of the workspace (at most 1,000: one page, followed if the server pages anyway). */
export function useAllAccounts(ws: string) {
  return useQuery({
    queryKey: composerKeys.accounts(ws),
    queryFn: async () => {
      const items: Account[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET("/api/v1/workspaces/{ws}/accounts", {
            params: { path: { ws }, query: { limit: 1000, ...(cursor ? { cursor } : {}) } },
          }),
        );
        items.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return items;
    },
    staleTime: 60_000,
  });
}

export function useMediaLibrary(ws: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: composerKeys.media(ws),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/media", {
          params: { path: { ws }, query: { limit: 24, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
}

/** One media by id (the files a post already has, with fresh thumbnail URLs). */
export function useMediaItem(ws: string, id: string) {
  return useQuery({
    queryKey: [...composerKeys.media(ws), id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/workspaces/{ws}/media/{media_id}", { params: { path: { ws, media_id: id } } })),
    staleTime: 5 * 60_000,
  });
}

export function usePost(ws: string, postId: string | undefined) {
  return useQuery({
    queryKey: composerKeys.post(ws, postId ?? ""),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/posts/{post_id}", {
          params: { path: { ws, post_id: postId ?? "" } },
        }),
      ),
    enabled: Boolean(postId),
    staleTime: 0,
  });
}

/** A short fingerprint of a body (FNV-1a of its JSON): the query key stays small with 1,000 accounts. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(36)}-${text.length}`;
}

/** The server's rendering and problems for a (debounced) post body; the last answer stays while typing. */
export function usePreview(ws: string, body: PostIn | null) {
  // Hashed once per body, not on every render (TanStack hashes the key each time it renders).
  const key = useMemo(() => (body ? fingerprint(body) : null), [body]);
  return useQuery({
    queryKey: composerKeys.preview(ws, key),
    queryFn: ({ signal }) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/preview", {
          params: { path: { ws } },
          body: body as PostIn,
          signal,
        }),
      ),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}
