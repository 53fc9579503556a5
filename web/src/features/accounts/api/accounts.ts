/**
 * Every request of the accounts page, each with its hook: the platform catalog, the workspace's
 * accounts (keyset pages), connecting (sandbox, credentials, OAuth), reconnecting, renaming,
 * pausing and resuming, and removing.
 */
import {
  type InfiniteData,
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Account = components["schemas"]["AccountOut"];
export type AccountPage = components["schemas"]["AccountPage"];
export type Platform = components["schemas"]["PlatformOut"];
export type ConnectResult = components["schemas"]["ConnectOut"];

/** What the list is narrowed to; empty strings mean "any". */
export type AccountFilters = {
  q: string;
  platform: string;
  status: "" | "active" | "needs_reauth" | "disconnected";
};

const PAGE_SIZE = 100;

export const accountKeys = {
  all: (ws: string) => ["workspaces", ws, "accounts"] as const,
  list: (ws: string, filters: AccountFilters) => ["workspaces", ws, "accounts", "list", filters] as const,
  platforms: ["platforms"] as const,
};

export function usePlatforms() {
  return useQuery({
    queryKey: accountKeys.platforms,
    queryFn: () => unwrap(api.GET("/api/v1/platforms")),
    staleTime: 5 * 60_000,
  });
}

export function useAccounts(ws: string, filters: AccountFilters) {
  return useInfiniteQuery({
    queryKey: accountKeys.list(ws, filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/workspaces/{ws}/accounts", {
          params: {
            path: { ws },
            query: {
              limit: PAGE_SIZE,
              cursor: pageParam ?? undefined,
              q: filters.q || undefined,
              platform: filters.platform || undefined,
              status: filters.status || undefined,
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // While a new search loads, the old results stay on screen instead of a spinner.
    placeholderData: keepPreviousData,
  });
}

type Pages = InfiniteData<AccountPage, string | null>;

/** Put a changed account into every loaded list in place: nothing reloads, nothing jumps. */
function replaceEverywhere(client: QueryClient, ws: string, account: Account) {
  client.setQueriesData<Pages>({ queryKey: accountKeys.all(ws) }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === account.id ? account : item)),
          })),
        }
      : data,
  );
}

function removeEverywhere(client: QueryClient, ws: string, id: string) {
  client.setQueriesData<Pages>({ queryKey: accountKeys.all(ws) }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })),
        }
      : data,
  );
}

/**
 * The lists changed in place stay on screen as they are; they (and other pages' account lists)
 * are marked stale so the next visit asks the server again.
 */
function markStale(client: QueryClient, ws: string) {
  return client.invalidateQueries({ queryKey: accountKeys.all(ws), refetchType: "none" });
}

export function useUpdateAccount(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      display_name?: string;
      status?: "active" | "disconnected";
    }) =>
      unwrap(
        api.PATCH("/api/v1/workspaces/{ws}/accounts/{account_id}", {
          params: { path: { ws, account_id: id } },
          body,
        }),
      ),
    onSuccess: (account) => {
      replaceEverywhere(client, ws, account);
      return markStale(client, ws);
    },
  });
}

export function useRemoveAccount(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/workspaces/{ws}/accounts/{account_id}", {
          params: { path: { ws, account_id: id } },
        }),
      ),
    onSuccess: (_, id) => {
      removeEverywhere(client, ws, id);
      return markStale(client, ws);
    },
  });
}

export function useConnectSandbox(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (handle: string) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/accounts/connect/sandbox", {
          params: { path: { ws } },
          body: { handle },
        }),
      ),
    // A new account may land on any page of any filter: ask again.
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.all(ws) }),
  });
}

/**
 * Connect a platform: credential platforms answer with the accounts at once; OAuth platforms with
 * the address of their sign-in page, where the caller sends the person.
 */
export function useConnect(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ platform, fields }: { platform: string; fields: Record<string, string> }) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/accounts/connect/{platform}", {
          params: { path: { ws, platform } },
          body: { fields },
        }),
      ),
    onSuccess: (result) => {
      if (result.accounts?.length) return client.invalidateQueries({ queryKey: accountKeys.all(ws) });
    },
  });
}

export function useReconnect(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, fields }: { id: string; fields: Record<string, string> }) =>
      unwrap(
        api.POST("/api/v1/workspaces/{ws}/accounts/{account_id}/reconnect", {
          params: { path: { ws, account_id: id } },
          body: { fields },
        }),
      ),
    onSuccess: (result) => {
      for (const account of result.accounts ?? []) replaceEverywhere(client, ws, account);
      if (result.accounts?.length) return markStale(client, ws);
    },
  });
}
