/** Problems in the person's language: the UI's own words for the codes it knows, else the server's. */
import type { TFunction } from "i18next";

export type Problem = { code: string; message: string; details?: unknown };

const TARGET_CODES = new Set([
  "text_too_long",
  "empty_post",
  "too_many_media",
  "media_kind_not_supported",
  "media_required",
  "too_many_images",
  "too_many_videos",
  "media_mix",
  "media_too_large",
  "video_too_long",
  "video_too_short",
  "account_needs_reauth",
  "account_not_found",
]);
const POST_CODES = new Set([
  "schedule_required",
  "scheduled_too_far",
  "invalid_recurrence",
  "recurrence_needs_start",
  "media_not_found",
  "invalid_timezone",
  "invalid_target_count",
  "duplicate_target",
]);

export function problemText(
  problem: Problem,
  t: TFunction,
  facts: { platform?: string; length?: number; max?: number } = {},
): string {
  if (TARGET_CODES.has(problem.code) || POST_CODES.has(problem.code))
    return t(`composer.problems.${problem.code}`, { ...facts, defaultValue: problem.message });
  const known = t(`errors.codes.${problem.code}`, { defaultValue: "" });
  return known || problem.message;
}

/** The per-account problems of a failed save (422 invalid_targets: details.targets by account id). */
export function targetProblemsOf(details: unknown): Record<string, Problem[]> {
  if (!details || typeof details !== "object" || !("targets" in details)) return {};
  const targets = (details as { targets: unknown }).targets;
  if (!targets || typeof targets !== "object") return {};
  const out: Record<string, Problem[]> = {};
  for (const [id, list] of Object.entries(targets as Record<string, unknown>))
    if (Array.isArray(list)) out[id] = list.filter((p): p is Problem => typeof p?.code === "string");
  return out;
}

/** The two instants of a repeated local hour (422 ambiguous_local_time: details.earlier and .later). */
export function ambiguityOf(details: unknown): { earlier: string; later: string } | null {
  if (!details || typeof details !== "object") return null;
  const { earlier, later } = details as { earlier?: unknown; later?: unknown };
  return typeof earlier === "string" && typeof later === "string" ? { earlier, later } : null;
}
