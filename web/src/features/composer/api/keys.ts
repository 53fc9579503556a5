/** The composer's query keys: one factory, per workspace, so mutations invalidate exactly what they change. */
export const composerKeys = {
  platforms: ["platforms"] as const,
  accounts: (ws: string) => ["workspaces", ws, "accounts", "all"] as const,
  media: (ws: string) => ["workspaces", ws, "media", "library"] as const,
  posts: (ws: string) => ["workspaces", ws, "posts"] as const,
  post: (ws: string, postId: string) => ["workspaces", ws, "posts", postId] as const,
  preview: (ws: string, body: unknown) => ["workspaces", ws, "posts", "preview", body] as const,
  calendar: (ws: string) => ["workspaces", ws, "calendar"] as const,
  approvals: (ws: string) => ["workspaces", ws, "approvals"] as const,
};
