import { describe, expect, it } from "vitest";
import { safeNext, withNext } from "./next";

describe("where to go after signing in", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeNext("/app/workspaces/1/posts?status=failed")).toBe("/app/workspaces/1/posts?status=failed");
    expect(safeNext("/invitations/accept?token=ck_inv_abc")).toBe("/invitations/accept?token=ck_inv_abc");
  });

  it("refuses other origins and anything that is not a plain path", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "app", "/a b", "/a\nb"])
      expect(safeNext(bad)).toBe("/app");
  });

  it("never sends a person back to a sign-in page", () => {
    expect(safeNext("/signin?next=/app")).toBe("/app");
    expect(safeNext("/signup")).toBe("/app");
    expect(safeNext("/signing-off")).toBe("/signing-off");
  });

  it("falls back when there is no next", () => {
    expect(safeNext(null)).toBe("/app");
    expect(safeNext("", "/")).toBe("/");
  });

  it("carries next to the next sign-in page, leaving out the default", () => {
    expect(withNext("/signup", "/app/workspaces/1")).toBe("/signup?next=%2Fapp%2Fworkspaces%2F1");
    expect(withNext("/signup", "/app")).toBe("/signup");
    expect(withNext("/signin", "https://evil.example")).toBe("/signin");
    expect(withNext("/signin", null, { email: "a@example.com" })).toBe("/signin?email=a%40example.com");
  });
});
