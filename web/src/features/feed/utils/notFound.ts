import { ApiError } from "@/lib/api/client";

/**
 * A profile or post the API does not know (404, or an id that cannot be one: 422) is the site's 404
 * page: thrown to the router, whose error page shows it inside the public frame.
 */
export function throwIfMissing(error: unknown) {
  if (!(error instanceof ApiError)) return;
  if (error.status === 404) throw error;
  if (error.code === "validation_failed")
    throw new ApiError(404, "not_found", error.message, error.details, error.requestId);
}
