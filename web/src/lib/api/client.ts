/**
 * The one way the web app talks to the API: typed by the generated schema, signed in with the
 * session cookies (HttpOnly, never readable here) plus the CSRF header, refreshed once on expiry.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export const API_BASE =
  (import.meta.env.VITE_API_BASE_URL as string | undefined)?.replace(/\/api\/?$/, "") ?? "";

const CSRF_COOKIE = "ck_csrf";
const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function csrfToken(): string {
  const found = document.cookie.split("; ").find((part) => part.startsWith(`${CSRF_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : "";
}

/** A failed API call, with the server's stable code, its message for people, and the request id. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Problems per field, when the server named them (validation_failed, invalid_targets...). */
  get fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    const out: Record<string, string> = {};
    for (const item of this.details as { field?: string; message?: string }[]) {
      if (item.field) out[item.field.replace(/^body\./, "")] = item.message ?? "";
    }
    return out;
  }
}

type ErrorBody = {
  error?: { code?: string; message?: string; details?: unknown; request_id?: string | null };
};

/** `parsed`: the body openapi-fetch already read (a response body can be read only once). */
export async function toApiError(response: Response, parsed?: unknown): Promise<ApiError> {
  let body: ErrorBody = {};
  if (parsed !== undefined) {
    if (parsed && typeof parsed === "object") body = parsed as ErrorBody;
  } else {
    try {
      body = (await response.clone().json()) as ErrorBody;
    } catch {
      // not JSON (a proxy's page): keep the status
    }
  }
  const error = body.error ?? {};
  return new ApiError(
    response.status,
    error.code ?? `http_${response.status}`,
    error.message ?? response.statusText,
    error.details ?? null,
    error.request_id ?? response.headers.get("X-Request-ID"),
  );
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time for the whole page: the refresh token rotates, so two would race. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch(`${API_BASE}/api/v1/auth/refresh`, {
    method: "POST",
    credentials: "include",
    headers: { [CSRF_HEADER]: csrfToken() },
  })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

// A copy of each request's body before fetch spends it, for the one retry after a refresh.
const spares = new WeakMap<Request, Request>();

const session: Middleware = {
  async onRequest({ request }) {
    if (UNSAFE.has(request.method)) request.headers.set(CSRF_HEADER, csrfToken());
    spares.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const spare = spares.get(request);
    if (response.status !== 401 || request.url.includes("/auth/") || !spare) return response;
    // The access cookie lasts minutes; the refresh cookie days. Try once, then give up.
    if (!(await refreshSession())) return response;
    if (UNSAFE.has(spare.method)) spare.headers.set(CSRF_HEADER, csrfToken());
    return fetch(spare);
  },
};

export const api = createClient<paths>({ baseUrl: API_BASE, credentials: "include" });
api.use(session);

/** The data of a call, or an ApiError thrown with the server's code and message. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw await toApiError(response, error);
  return data as T;
}
