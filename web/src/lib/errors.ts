/** What to tell a person about a failure: the UI's own words for known codes, else the server's. */
import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api/client";

export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const key = `errors.codes.${error.code}`;
    const known = t(key, { defaultValue: "" });
    if (known) return known;
    if (error.status >= 500) return t("errors.server");
    return error.message || t("errors.unknown");
  }
  if (error instanceof TypeError) return t("errors.network");
  return t("errors.unknown");
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
