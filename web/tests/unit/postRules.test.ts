import { describe, expect, it } from "vitest";
import { inFlight, may, refusal, type TargetStatus } from "@/lib/postRules";

const ME = "me";
const post = (states: TargetStatus[], author = ME, approvedBy: string | null = null) => ({
  created_by: author,
  approved_by: approvedBy,
  targets: states.map((status) => ({ status })),
});

describe("who may do what to a post (the server's rule, asked to show only what is allowed)", () => {
  it("refuses viewers everything and contributors what editors do", () => {
    expect(refusal("viewer", ME, post(["scheduled"]), "edit")).toEqual({
      kind: "forbidden",
      code: "permission_denied",
    });
    expect(refusal("contributor", ME, post(["pending_approval"]), "approve")?.code).toBe("permission_denied");
    expect(refusal("contributor", ME, post(["failed"]), "retry")?.code).toBe("permission_denied");
    expect(may("editor", ME, post(["failed"]), "retry")).toBe(true);
  });

  it("lets contributors act only on their own posts, until one is approved for publishing", () => {
    expect(refusal("contributor", ME, post(["draft"], "someone else"), "edit")?.code).toBe("not_post_author");
    expect(may("contributor", ME, post(["draft"]), "edit")).toBe(true);
    expect(refusal("contributor", ME, post(["scheduled"], ME, "an editor"), "cancel")?.code).toBe(
      "post_approved",
    );
    // Not yet released: still theirs, even with an approval on record.
    expect(may("contributor", ME, post(["pending_approval"], ME, "an editor"), "cancel")).toBe(true);
    // Editors act on everyone's posts.
    expect(may("editor", ME, post(["scheduled"], "someone else", "x"), "cancel")).toBe(true);
  });

  it("follows the targets' states", () => {
    expect(refusal("owner", ME, post(["published", "scheduled"]), "edit")?.code).toBe("post_locked");
    expect(refusal("owner", ME, post(["cancelled"]), "edit")?.code).toBe("post_cancelled");
    expect(may("owner", ME, post(["draft"]), "submit")).toBe(true);
    expect(refusal("owner", ME, post(["draft", "scheduled"]), "submit")?.code).toBe("not_draft");
    expect(refusal("owner", ME, post(["scheduled"]), "approve")?.code).toBe("not_pending_approval");
    expect(may("owner", ME, post(["published", "retry_wait"]), "cancel")).toBe(true);
    expect(refusal("owner", ME, post(["published", "cancelled"]), "cancel")?.code).toBe("nothing_to_cancel");
    expect(may("owner", ME, post(["unconfirmed"]), "retry")).toBe(true);
    expect(refusal("owner", ME, post(["published"]), "retry")?.code).toBe("nothing_to_retry");
    expect(refusal("owner", ME, post(["processing"]), "delete")?.code).toBe("post_locked");
    expect(may("owner", ME, post(["failed", "cancelled"]), "delete")).toBe(true);
  });

  it("knows when a post is still on its way", () => {
    expect(inFlight(post(["queued"]))).toBe(true);
    expect(inFlight(post(["published", "retry_wait"]))).toBe(true);
    expect(inFlight(post(["published", "failed"]))).toBe(false);
    expect(inFlight(post(["scheduled"]))).toBe(false);
  });
});
