import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/client";
import { formErrors, retryAfterSeconds } from "./formErrors";
import { checkPassword } from "./passwordRules";

// Echoes the key (and its values) so the tests read which message was chosen.
const t = ((key: string, options?: Record<string, unknown>) =>
  options && Object.keys(options).some((k) => k !== "defaultValue")
    ? `${key} ${JSON.stringify(options)}`
    : options && "defaultValue" in options
      ? options.defaultValue
      : key) as unknown as TFunction;

describe("sign-in form errors", () => {
  it("puts each validation problem under its field, in our words when we know it", () => {
    const error = new ApiError(422, "validation_failed", "The request is not valid: check body.email.", [
      { field: "body.email", message: "value is not a valid email address: …", type: "value_error" },
      { field: "body.name", message: "String should have at least 1 character", type: "string_too_short" },
      { field: "body.password", message: "Something new", type: "brand_new_type" },
    ]);
    expect(formErrors(error, t)).toEqual({
      fields: {
        email: "auth.errors.emailInvalid",
        name: "auth.errors.nameMissing",
        password: "Something new",
      },
      form: null,
    });
  });

  it("tells apart the server's three reasons for password_too_common by the rules the browser checked", () => {
    const error = new ApiError(422, "password_too_common", "…");
    const context = { name: "Ada Lovelace", email: "ada@example.com" };
    expect(formErrors(error, t, checkPassword("ada lovelace1", context)).fields.password).toBe(
      "auth.errors.passwordPersonal",
    );
    expect(formErrors(error, t, checkPassword("aaaabbbbaaaa", context)).fields.password).toBe(
      "auth.errors.passwordVariety",
    );
    expect(formErrors(error, t, checkPassword("password1234", context)).fields.password).toBe(
      "auth.errors.passwordCommon",
    );
  });

  it("says the minimum for a short password and that an address is taken", () => {
    expect(formErrors(new ApiError(422, "password_too_short", "…"), t).fields.password).toBe(
      'auth.errors.passwordTooShort {"min":12}',
    );
    expect(formErrors(new ApiError(409, "email_taken", "…"), t).fields.email).toBe("auth.errors.emailTaken");
  });

  it("leaves everything else to the whole form, with the server's message when we have no words", () => {
    expect(
      formErrors(new ApiError(401, "invalid_credentials", "The email or password is not right."), t),
    ).toEqual({ fields: {}, form: "The email or password is not right." });
    expect(formErrors(null, t)).toEqual({ fields: {}, form: null });
  });

  it("reads how long a rate limit lasts", () => {
    expect(retryAfterSeconds(new ApiError(429, "rate_limited", "…", { retry_after_seconds: 1200 }))).toBe(
      1200,
    );
    expect(retryAfterSeconds(new ApiError(409, "email_already_verified", "…"))).toBeNull();
  });
});
