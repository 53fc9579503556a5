/** The workspace in the address bar, the person's workspaces, and their role in each. */
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type Workspace = components["schemas"]["WorkspacePublic"];
const LAST_KEY = "ck.workspace";

export const workspaceKeys = {
  all: ["workspaces"] as const,
  one: (ws: string) => ["workspaces", ws] as const,
};

export function useWorkspaceId(): string {
  const { ws } = useParams();
  if (!ws) throw new Error("useWorkspaceId needs a :ws route parameter");
  return ws;
}

export function useWorkspaces(enabled = true) {
  return useQuery({
    queryKey: workspaceKeys.all,
    queryFn: () => unwrap(api.GET("/api/v1/workspaces", { params: { query: { limit: 100 } } })),
    enabled,
    staleTime: 60_000,
  });
}

export function useWorkspace(ws: string) {
  return useQuery({
    queryKey: workspaceKeys.one(ws),
    queryFn: () => unwrap(api.GET("/api/v1/workspaces/{ws}", { params: { path: { ws } } })),
    staleTime: 60_000,
  });
}

export function rememberWorkspace(ws: string) {
  localStorage.setItem(LAST_KEY, ws);
}

export function lastWorkspace(): string | null {
  return localStorage.getItem(LAST_KEY);
}

const RANK = { viewer: 0, contributor: 1, editor: 2, admin: 3, owner: 4 } as const;
export type Role = keyof typeof RANK;

/** Whether `role` is at least `needed` (what the server checks; the UI only hides what would fail). */
export function atLeast(role: string | undefined, needed: Role): boolean {
  return role !== undefined && role in RANK && RANK[role as Role] >= RANK[needed];
}
