/**
 * The period a page shows: the last 7, 30 or 90 days (today included) or a custom range of days,
 * all in the workspace's zone (the API's days are its days). Kept in the address, so a view can be
 * shared and reloaded.
 */

export const PRESETS = ["7", "30", "90"] as const;
export type Preset = (typeof PRESETS)[number];
export type PeriodChoice = { preset: Preset } | { preset: "custom"; from: string; to: string };
export interface Range {
  from: string;
  to: string;
  days: number;
}

/** The API's limit on one period. */
export const MAX_DAYS = 366;
export const DEFAULT_PRESET: Preset = "30";
/** Best times need history: never fewer days than this behind them. */
export const BEST_TIMES_DAYS = 90;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in a zone, as YYYY-MM-DD. */
export function todayIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A calendar day moved by whole days (calendar arithmetic: no zone, no daylight saving). */
export function addDays(day: string, count: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + count);
  return at.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function isDay(value: string | null | undefined): value is string {
  return Boolean(value && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));
}

/** What is wrong with a custom range, or null when it is a period the API answers. */
export function customProblem(from: string, to: string): "missing" | "order" | "tooLong" | null {
  if (!isDay(from) || !isDay(to)) return "missing";
  if (from > to) return "order";
  if (daysBetween(from, to) > MAX_DAYS) return "tooLong";
  return null;
}

/** The period in the address (`period`, and `from`/`to` for a custom one); anything else: 30 days. */
export function readPeriod(params: URLSearchParams): PeriodChoice {
  const preset = params.get("period");
  if (preset === "custom") {
    const from = params.get("from") ?? "";
    const to = params.get("to") ?? "";
    if (customProblem(from, to) === null) return { preset: "custom", from, to };
  }
  if (PRESETS.includes(preset as Preset)) return { preset: preset as Preset };
  return { preset: DEFAULT_PRESET };
}

/** The address keys for a period (the default writes none). */
export function writePeriod(choice: PeriodChoice): Record<string, string> {
  if (choice.preset === "custom") return { period: "custom", from: choice.from, to: choice.to };
  return { period: choice.preset === DEFAULT_PRESET ? "" : choice.preset, from: "", to: "" };
}

/** The days a choice covers, in the workspace's zone. */
export function periodRange(choice: PeriodChoice, zone: string, now: Date = new Date()): Range {
  if (choice.preset === "custom")
    return { from: choice.from, to: choice.to, days: daysBetween(choice.from, choice.to) };
  const days = Number(choice.preset);
  const to = todayIn(zone, now);
  return { from: addDays(to, 1 - days), to, days };
}

/** Best times for a period: the period itself, or the 90 days to its end when it is shorter. */
export function bestTimesRange(range: Range): Range {
  if (range.days >= BEST_TIMES_DAYS) return range;
  return { from: addDays(range.to, 1 - BEST_TIMES_DAYS), to: range.to, days: BEST_TIMES_DAYS };
}
