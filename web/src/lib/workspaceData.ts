/**
 * What many pages read alike: the workspace's accounts (for filters and to name accounts) and the
 * platform catalog's names. One query key each, so every page shares one cache, and the accounts are
 * kept in pages (the shape of every account list of the workspace) so account changes reach them.
 */
import { infiniteQueryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";

/** Every account of the workspace: the server's largest page (1,000, a workspace's cap) in one call. */
export function accountChoicesQuery(ws: string) {
  return infiniteQueryOptions({
    queryKey: ["workspaces", ws, "accounts", "choices"] as const,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/accounts", {
          params: { path: { ws }, query: { limit: 1000, cursor: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    staleTime: 60_000,
  });
}

export function useAccountChoices(ws: string) {
  return useInfiniteQuery({
    ...accountChoicesQuery(ws),
    select: (data) => data.pages.flatMap((page) => page.items),
  });
}

/** The platforms' names as the catalog gives them ("Mastodon", "Bluesky"). */
export function usePlatformName() {
  const catalog = useQuery({
    queryKey: ["platforms"],
    queryFn: () => unwrap(api.GET("/api/v1/platforms")),
    staleTime: 5 * 60_000,
  });
  return (platform: string) => catalog.data?.find((p) => p.platform === platform)?.name ?? platform;
}
