/**
 * Every request of the media library, each with its hook or function: the library's pages, one
 * upload's three steps (ask for an upload URL, PUT the bytes to Blob Storage, complete), deleting.
 */
import {
  type InfiniteData,
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Media = components["schemas"]["MediaOut"];
export type MediaKind = components["schemas"]["MediaKind"];
export type MediaPage = components["schemas"]["MediaPage"];
export type Completed = components["schemas"]["CompletedOut"];

const PAGE_SIZE = 48;
// Read URLs last an hour (MEDIA_READ_URL_MINUTES): ask again well before thumbnails stop loading.
const REFRESH_MS = 20 * 60_000;

export const mediaKeys = {
  all: (ws: string) => ["workspaces", ws, "media"] as const,
  list: (ws: string, kind: MediaKind | "") => ["workspaces", ws, "media", "list", { kind }] as const,
};

export function useMediaLibrary(ws: string, kind: MediaKind | "") {
  return useInfiniteQuery({
    queryKey: mediaKeys.list(ws, kind),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/media", {
          params: {
            path: { ws },
            query: { limit: PAGE_SIZE, cursor: pageParam ?? undefined, kind: kind || undefined },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    refetchInterval: REFRESH_MS,
  });
}

export function requestUpload(ws: string, file: File) {
  return unwrap(
    api.POST("/api/v1/workspaces/{ws}/media/uploads", {
      params: { path: { ws } },
      body: { filename: file.name, content_type: file.type || "application/octet-stream", size: file.size },
    }),
  );
}

export function completeUpload(ws: string, mediaId: string) {
  return unwrap(
    api.POST("/api/v1/workspaces/{ws}/media/{media_id}/complete", {
      params: { path: { ws, media_id: mediaId } },
    }),
  );
}

export function deleteMedia(ws: string, mediaId: string) {
  return unwrap(
    api.DELETE("/api/v1/workspaces/{ws}/media/{media_id}", { params: { path: { ws, media_id: mediaId } } }),
  );
}

/** A new media joins the library: every list of this workspace's media asks again. */
export function libraryChanged(client: QueryClient, ws: string) {
  return client.invalidateQueries({ queryKey: mediaKeys.all(ws) });
}

type Pages = InfiniteData<MediaPage, string | null>;

export function useDeleteMedia(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteMedia(ws, id),
    onSuccess: (_, id) => {
      // Out of every loaded page at once; the lists (and other pages' pickers) ask again next time.
      client.setQueriesData<Pages>({ queryKey: mediaKeys.all(ws) }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.filter((item) => item.id !== id),
              })),
            }
          : data,
      );
      return client.invalidateQueries({ queryKey: mediaKeys.all(ws), refetchType: "none" });
    },
  });
}
