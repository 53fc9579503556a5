/**
 * A failed sign-in form, sorted: problems the server named for a field show under that field, in
 * our words when we know the problem, else the server's; anything else is for the whole form.
 */
import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api/client";
import { describeError } from "@/lib/errors";
import { fieldProblems } from "@/lib/fieldErrors";
import { MAX_LENGTH, MIN_LENGTH, type PasswordCheck } from "./passwordRules";

export type FormErrors = { fields: Record<string, string>; form: string | null };
const NONE: FormErrors = { fields: {}, form: null };

function validationMessage(field: string, type: string, serverMessage: string, t: TFunction): string {
  if (type === "missing" || type === "string_too_short") {
    if (field === "password" || field === "name" || field === "email")
      return t(`auth.errors.${field}Missing`);
  }
  if (field === "email" && type === "value_error") return t("auth.errors.emailInvalid");
  if (type === "string_too_long") return t("auth.errors.tooLong");
  return serverMessage || t("auth.errors.fieldInvalid");
}

/** `check` is the password as the browser saw it: it tells which of the server's reasons applies. */
export function formErrors(error: unknown, t: TFunction, check?: PasswordCheck): FormErrors {
  if (!error) return NONE;
  if (!(error instanceof ApiError)) return { fields: {}, form: describeError(error, t) };
  switch (error.code) {
    case "validation_failed": {
      const fields: Record<string, string> = {};
      for (const [field, problem] of Object.entries(fieldProblems(error)))
        fields[field] = validationMessage(field, problem.type, problem.message, t);
      return Object.keys(fields).length > 0
        ? { fields, form: null }
        : { fields, form: describeError(error, t) };
    }
    case "password_too_short":
      return { fields: { password: t("auth.errors.passwordTooShort", { min: MIN_LENGTH }) }, form: null };
    case "password_too_long":
      return { fields: { password: t("auth.errors.passwordTooLong", { max: MAX_LENGTH }) }, form: null };
    case "password_too_common": {
      // One code for three reasons: the rules the browser checked tell them apart.
      let key = "auth.errors.passwordCommon";
      if (check && !check.rules.personal) key = "auth.errors.passwordPersonal";
      else if (check && !check.rules.variety) key = "auth.errors.passwordVariety";
      return { fields: { password: t(key) }, form: null };
    }
    case "email_taken":
      return { fields: { email: t("auth.errors.emailTaken") }, form: null };
    default:
      return { fields: {}, form: describeError(error, t) };
  }
}

/** The toast for a failed form: the same words the form shows (the whole form's, else the first field's). */
export function failureMessage(errors: FormErrors): string | null {
  return errors.form ?? Object.values(errors.fields)[0] ?? null;
}

/** Seconds until a rate limit lets the person try again, when the server said. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  const details = error.details as { retry_after_seconds?: unknown } | null;
  return typeof details?.retry_after_seconds === "number" ? details.retry_after_seconds : null;
}
