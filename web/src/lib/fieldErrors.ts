/** The server's problems per field of a form, so each shows under its own input. */
import { ApiError } from "@/lib/api/client";

export type FieldProblem = {
  /** The validator's kind of problem (string_too_short, value_error, missing…), for the UI's own words. */
  type: string;
  /** The server's words, when the UI has none of its own. */
  message: string;
};

/** `body.email` → `email`: the first problem the server named for each field of a 422. */
export function fieldProblems(error: unknown): Record<string, FieldProblem> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const out: Record<string, FieldProblem> = {};
  for (const item of error.details as { field?: unknown; type?: unknown; message?: unknown }[]) {
    if (typeof item?.field !== "string") continue;
    const field = item.field.replace(/^body\./, "");
    out[field] ??= {
      type: typeof item.type === "string" ? item.type : "",
      message: typeof item.message === "string" ? item.message : "",
    };
  }
  return out;
}
