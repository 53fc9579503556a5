import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { api, unwrap } from "@/lib/api/client";
import { composerKeys } from "../api/keys";
import type { Media } from "../api/queries";

/** The files a post names, by id (each read once and cached; picked or uploaded ones are seeded). */
export function useMediaMap(ws: string, ids: string[]) {
  const client = useQueryClient();
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...composerKeys.media(ws), id],
      queryFn: () =>
        unwrap(
          api.GET("/api/v1/workspaces/{ws}/media/{media_id}", { params: { path: { ws, media_id: id } } }),
        ),
      staleTime: 5 * 60_000,
    })),
  });
  const key = results.map((r) => r.dataUpdatedAt).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` changes exactly when an item's data does
  const map = useMemo(() => {
    const found: Record<string, Media> = {};
    results.forEach((r, i) => {
      if (r.data) found[ids[i] as string] = r.data;
    });
    return found;
  }, [key, ids]);
  const remember = useCallback(
    (items: Media[]) => {
      for (const item of items) client.setQueryData([...composerKeys.media(ws), item.id], item);
    },
    [client, ws],
  );
  return { map, remember };
}
