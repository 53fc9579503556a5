/**
 * The posts' query keys. Everything read from posts sits under ['workspaces', ws, 'posts'], so a
 * change to a post refreshes every view of posts (lists, one post, approvals, counts, calendar).
 */
import type { operations } from "@/lib/api/schema";

export type PostListQuery = NonNullable<operations["posts-list"]["parameters"]["query"]>;

export const postKeys = {
  all: (ws: string) => ["workspaces", ws, "posts"] as const,
  lists: (ws: string) => [...postKeys.all(ws), "list"] as const,
  list: (ws: string, query: PostListQuery) => [...postKeys.lists(ws), query] as const,
  detail: (ws: string, id: string) => [...postKeys.all(ws), "detail", id] as const,
  reviews: (ws: string, id: string) => [...postKeys.detail(ws, id), "reviews"] as const,
  approvals: (ws: string) => [...postKeys.all(ws), "approvals"] as const,
  series: (ws: string, id: string) => [...postKeys.all(ws), "series", id] as const,
};

export const memberKeys = {
  all: (ws: string) => ["workspaces", ws, "members", "list", { limit: 100 }] as const,
};
