import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/client";
import { contactErrors } from "./contactErrors";

const t = ((key: string, options?: Record<string, unknown>) =>
  options && !("defaultValue" in options)
    ? `${key} ${JSON.stringify(options)}`
    : (options?.defaultValue ?? key)) as unknown as TFunction;

describe("contact form errors", () => {
  it("puts the API's validation problems under their fields, in the page's words", () => {
    const error = new ApiError(422, "validation_failed", "…", [
      { field: "body.email", message: "value is not a valid email address", type: "value_error" },
      {
        field: "body.message",
        message: "String should have at least 10 characters",
        type: "string_too_short",
      },
      {
        field: "body.subject",
        message: "String should have at most 200 characters",
        type: "string_too_long",
      },
    ]);
    expect(contactErrors(error, t)).toEqual({
      fields: {
        email: "site.contact.errors.email",
        message: 'site.contact.errors.message {"min":10}',
        subject: 'site.contact.errors.tooLong {"max":200}',
      },
      form: null,
    });
  });

  it("maps the service's own checks (a message of only spaces) to their field", () => {
    expect(contactErrors(new ApiError(422, "invalid_message", "…"), t).fields).toEqual({
      message: 'site.contact.errors.message {"min":10}',
    });
  });

  it("leaves a rate limit or an outage to the whole form", () => {
    const limited = contactErrors(
      new ApiError(429, "rate_limited", "Too many requests; try again later."),
      t,
    );
    expect(limited).toEqual({ fields: {}, form: "Too many requests; try again later." });
  });
});
