/**
 * Who may do what to a post: the server's rule (shared/domain/post_rules.py), asked here only to
 * show the actions a person may take. The server still decides; when it refuses, its reason is shown.
 */
import type { components } from "@/lib/api/schema";
import { atLeast } from "@/lib/workspace";

export type Post = components["schemas"]["PostOut"];
export type TargetStatus = components["schemas"]["TargetOut"]["status"];
export type PostAction = "edit" | "submit" | "approve" | "reject" | "cancel" | "retry" | "delete";
export type Refusal = { kind: "forbidden" | "conflict"; code: string };

// What each action needs from the role (permissions.py): contributors draft, editors publish and approve.
const NEEDS: Record<PostAction, "contributor" | "editor"> = {
  edit: "contributor",
  submit: "contributor",
  approve: "editor",
  reject: "editor",
  cancel: "contributor",
  retry: "editor",
  delete: "contributor",
};

/** Gone out, or may have: nothing about these changes any more. */
const OUT = new Set<TargetStatus>(["publishing", "processing", "published", "unconfirmed"]);
/** Released for publishing: an approved contributor's post in one of these is no longer theirs. */
const RELEASED = new Set<TargetStatus>(["scheduled", "queued", "retry_wait", "failed", ...OUT]);
/** What a person can still change their mind about. */
const CANCELLABLE = new Set<TargetStatus>(["draft", "pending_approval", "scheduled", "queued", "retry_wait"]);
/** On its way: the page keeps asking until these settle. */
export const IN_FLIGHT = new Set<TargetStatus>(["queued", "publishing", "processing", "retry_wait"]);

type Facts = Pick<Post, "created_by" | "approved_by"> & { targets: { status: TargetStatus }[] };

function live(post: Facts): Set<TargetStatus> {
  return new Set(post.targets.map((t) => t.status).filter((s) => s !== "cancelled"));
}

const some = (states: Set<TargetStatus>, among: Set<TargetStatus>) => [...states].some((s) => among.has(s));

/** null when `me` in `role` may do `action` to `post` now, else the first reason not. */
export function refusal(
  role: string | undefined,
  me: string | undefined,
  post: Facts,
  action: PostAction,
): Refusal | null {
  if (!atLeast(role, NEEDS[action])) return { kind: "forbidden", code: "permission_denied" };
  const states = live(post);
  if (!atLeast(role, "editor")) {
    if (post.created_by !== me) return { kind: "forbidden", code: "not_post_author" };
    if (post.approved_by && some(states, RELEASED)) return { kind: "forbidden", code: "post_approved" };
  }
  return stateRefusal(states, action);
}

function stateRefusal(states: Set<TargetStatus>, action: PostAction): Refusal | null {
  const conflict = (code: string): Refusal => ({ kind: "conflict", code });
  switch (action) {
    case "edit":
      if (some(states, OUT)) return conflict("post_locked");
      return states.size ? null : conflict("post_cancelled");
    case "submit":
      return states.size && [...states].every((s) => s === "draft") ? null : conflict("not_draft");
    case "approve":
    case "reject":
      return states.has("pending_approval") ? null : conflict("not_pending_approval");
    case "cancel":
      return some(states, CANCELLABLE) ? null : conflict("nothing_to_cancel");
    case "retry":
      return states.has("failed") || states.has("unconfirmed") ? null : conflict("nothing_to_retry");
    case "delete":
      return some(states, OUT) ? conflict("post_locked") : null;
  }
}

export function may(role: string | undefined, me: string | undefined, post: Facts, action: PostAction) {
  return refusal(role, me, post, action) === null;
}

/** Whether any target is still on its way (queued, publishing, processing, waiting to retry). */
export function inFlight(post: { targets: { status: TargetStatus }[] }): boolean {
  return post.targets.some((t) => IN_FLIGHT.has(t.status));
}
