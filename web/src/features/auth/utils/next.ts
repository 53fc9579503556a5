/**
 * Where to go after signing in: the `next` a page asked for, when it is a path on this site (never
 * another origin, never back to a sign-in page), else the app.
 */
export const DEFAULT_NEXT = "/app";
const MAX_LENGTH = 2000;
const SIGN_IN_PAGES = ["/signin", "/signup", "/forgot-password", "/reset-password", "/verify-email"];

export function safeNext(value: string | null | undefined, fallback = DEFAULT_NEXT): string {
  if (!value || value.length > MAX_LENGTH) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  // Control characters and spaces have no place in a path we wrote ourselves.
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x21 || code === 0x7f) return fallback;
  }
  const path = value.split(/[?#]/, 1)[0] ?? "";
  if (SIGN_IN_PAGES.some((page) => path === page || path.startsWith(`${page}/`))) return fallback;
  return value;
}

/** A sign-in page's address that keeps `next` (and any other parameters) for the page after it. */
export function withNext(path: string, next: string | null | undefined, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  const target = next ? safeNext(next, "") : "";
  if (target && target !== DEFAULT_NEXT) params.set("next", target);
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
