/**
 * The analytics pages' query keys. Everything read from analytics sits under
 * ['workspaces', ws, 'analytics'], so "collect now" refreshes every view of figures at once.
 */
export interface Scope {
  from: string;
  to: string;
  account: string;
  platform: string;
}

export const analyticsKeys = {
  all: (ws: string) => ["workspaces", ws, "analytics"] as const,
  summary: (ws: string, scope: Scope) => [...analyticsKeys.all(ws), "summary", scope] as const,
  followers: (ws: string, scope: Scope, by: "day" | "week", perAccount: boolean) =>
    [...analyticsKeys.all(ws), "followers", scope, { by, perAccount }] as const,
  posts: (ws: string, scope: Scope, metric: string, order: "top" | "bottom") =>
    [...analyticsKeys.all(ws), "posts", scope, { metric, order }] as const,
  bestTimes: (ws: string, scope: Scope) => [...analyticsKeys.all(ws), "best-times", scope] as const,
  account: (ws: string, id: string) => [...analyticsKeys.all(ws), "account", id] as const,
};
