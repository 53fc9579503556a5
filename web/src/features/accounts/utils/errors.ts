/**
 * Why connecting or changing an account failed, in the page's words: the accounts area's own
 * sentences for what platforms and the accounts API refuse (a platform's `invalid_credentials` is
 * not a wrong sign-in password), then the app-wide ones, then the server's message.
 */
import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api/client";
import { describeError } from "@/lib/errors";

export function describeAccountError(error: unknown, t: TFunction, platform = ""): string {
  if (error instanceof ApiError) {
    const own = t(`accounts.errors.${error.code}`, { defaultValue: "", platform });
    if (own) return own;
  }
  return describeError(error, t);
}

/** The words for an OAuth sign-in that came back refused: ours for known codes, else the platform's. */
export function describeOAuthError(code: string, message: string, t: TFunction, platform: string): string {
  const own = t(`accounts.errors.${code}`, { defaultValue: "", platform });
  return own || message || t("accounts.oauth.failedUnknown", { platform });
}
