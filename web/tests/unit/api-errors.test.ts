import { describe, expect, it } from "vitest";
import { toApiError, unwrap } from "@/lib/api/client";

describe("API errors", () => {
  it("keeps the stable code, the message, the details and the request id", async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          code: "validation_failed",
          message: "The request is not valid: check body.email.",
          details: [{ field: "body.email", message: "value is not a valid email address" }],
          request_id: "abc123",
        },
      }),
      { status: 422, headers: { "Content-Type": "application/json" } },
    );
    const error = await toApiError(response);
    expect(error.status).toBe(422);
    expect(error.code).toBe("validation_failed");
    expect(error.requestId).toBe("abc123");
    expect(error.fieldErrors).toEqual({ email: "value is not a valid email address" });
  });

  it("reads the body the client already parsed (a response body can be read once)", async () => {
    const body = {
      error: { code: "invalid_handle", message: "Use 1 to 30 lowercase letters.", request_id: "r1" },
    };
    const response = new Response(JSON.stringify(body), { status: 422 });
    await response.text(); // what openapi-fetch does with an error's body
    await expect(unwrap(Promise.resolve({ error: body, response }))).rejects.toMatchObject({
      status: 422,
      code: "invalid_handle",
      message: "Use 1 to 30 lowercase letters.",
      requestId: "r1",
    });
  });

  it("survives a body that is not ours", async () => {
    const error = await toApiError(
      new Response("<html>Bad gateway</html>", { status: 502, headers: { "X-Request-ID": "proxy-1" } }),
    );
    expect(error.code).toBe("http_502");
    expect(error.requestId).toBe("proxy-1");
  });
});
