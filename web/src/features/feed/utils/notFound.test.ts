import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/client";
import { throwIfMissing } from "./notFound";

describe("a profile or post that does not exist", () => {
  it("is thrown as a 404 for the router's 404 page", () => {
    const missing = new ApiError(404, "profile_not_found", "No such profile.", null, "req-1");
    expect(() => throwIfMissing(missing)).toThrow(missing);
  });

  it("includes a post id that cannot be one (the API's 422), as a 404 with the same request id", () => {
    try {
      throwIfMissing(new ApiError(422, "validation_failed", "check post_id", [], "req-2"));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      expect((error as ApiError).requestId).toBe("req-2");
    }
  });

  it("leaves other failures to the page's error state", () => {
    expect(() => throwIfMissing(new ApiError(500, "internal_error", "Boom"))).not.toThrow();
    expect(() => throwIfMissing(new TypeError("offline"))).not.toThrow();
    expect(() => throwIfMissing(null)).not.toThrow();
  });
});
