/** Saving a post: create, change (with a scope for a series), submit a draft. Each invalidates what it changed. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import type { PostIn, PostPatch, Scope } from "../lib/state";
import { composerKeys } from "./keys";

export type SubmitIn = components["schemas"]["SubmitIn"];

export type SaveRequest =
  | { kind: "create"; body: PostIn }
  | { kind: "update"; postId: string; patch: PostPatch; scope: Scope; submit?: SubmitIn };

export function useSavePost(ws: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (request: SaveRequest) => {
      if (request.kind === "create")
        return unwrap(
          api.POST("/api/v1/workspaces/{ws}/posts", { params: { path: { ws } }, body: request.body }),
        );
      const path = { ws, post_id: request.postId };
      const changed = await unwrap(
        api.PATCH("/api/v1/workspaces/{ws}/posts/{post_id}", {
          params: { path, query: { scope: request.scope } },
          body: request.patch,
        }),
      );
      if (!request.submit) return changed;
      return unwrap(
        api.POST("/api/v1/workspaces/{ws}/posts/{post_id}/submit", {
          params: { path },
          body: request.submit,
        }),
      );
    },
    onSuccess: async (post) => {
      client.setQueryData(composerKeys.post(ws, post.id), post);
      await Promise.all([
        client.invalidateQueries({ queryKey: composerKeys.posts(ws), exact: false, refetchType: "none" }),
        client.invalidateQueries({ queryKey: composerKeys.calendar(ws) }),
        client.invalidateQueries({ queryKey: composerKeys.approvals(ws) }),
      ]);
    },
  });
}

export function useUploadedMedia(ws: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: composerKeys.media(ws) });
}
