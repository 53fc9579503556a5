/**
 * The friendly repeat form and the RFC 5545 RRULE it stands for, both ways. The server runs the rule
 * (and lists its first occurrences in the preview); this only writes and reads the subset the form
 * offers, so a rule it cannot read is kept as it is and shown as written.
 */

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Frequency = "DAILY" | "WEEKLY" | "MONTHLY";
export type RepeatEnd =
  | { kind: "never" }
  | { kind: "count"; count: number }
  | { kind: "until"; date: string };

export interface RepeatForm {
  frequency: Frequency;
  interval: number;
  /** Weekly only; empty means the weekday of the first occurrence. */
  weekdays: Weekday[];
  end: RepeatEnd;
}

export const DEFAULT_REPEAT: RepeatForm = {
  frequency: "WEEKLY",
  interval: 1,
  weekdays: [],
  end: { kind: "never" },
};

/** The instant a local date ends in `zone` (23:59:59 there), as RFC 5545 UTC text: UNTIL must be UTC. */
export function untilOf(date: string, zone: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 23, 59, 59);
  const offset = zoneOffsetMinutes(zone, new Date(guess));
  const instant = new Date(guess - offset * 60_000);
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** Minutes east of UTC of `zone` at `at` (Paris in winter: 60). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The local date (YYYY-MM-DD) in `zone` of an RFC 5545 UTC date-time (20270131T225959Z). */
function localDateOf(until: string, zone: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(until);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const instant = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
  return parts;
}

export function toRule(form: RepeatForm, zone: string): string {
  const parts = [`FREQ=${form.frequency}`];
  if (form.interval > 1) parts.push(`INTERVAL=${Math.floor(form.interval)}`);
  if (form.frequency === "WEEKLY" && form.weekdays.length) {
    parts.push(`BYDAY=${WEEKDAYS.filter((d) => form.weekdays.includes(d)).join(",")}`);
  }
  if (form.end.kind === "count") parts.push(`COUNT=${Math.max(1, Math.floor(form.end.count))}`);
  if (form.end.kind === "until" && form.end.date) parts.push(`UNTIL=${untilOf(form.end.date, zone)}`);
  return parts.join(";");
}

/** The form for a rule, or null when the rule says more than the form can show. */
export function fromRule(rule: string, zone: string): RepeatForm | null {
  const text = rule.trim().replace(/^RRULE:/i, "");
  const fields = new Map<string, string>();
  for (const part of text.split(";")) {
    const [key, value] = part.split("=");
    if (!key || value === undefined || fields.has(key.toUpperCase())) return null;
    fields.set(key.toUpperCase(), value.toUpperCase());
  }
  const frequency = fields.get("FREQ");
  if (frequency !== "DAILY" && frequency !== "WEEKLY" && frequency !== "MONTHLY") return null;
  const form: RepeatForm = { frequency, interval: 1, weekdays: [], end: { kind: "never" } };
  for (const [key, value] of fields) {
    if (key === "FREQ") continue;
    if (key === "INTERVAL") {
      if (!/^\d+$/.test(value) || Number(value) < 1) return null;
      form.interval = Number(value);
    } else if (key === "BYDAY" && frequency === "WEEKLY") {
      const days = value.split(",");
      if (!days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) return null;
      form.weekdays = WEEKDAYS.filter((d) => days.includes(d));
    } else if (key === "COUNT" && !fields.has("UNTIL")) {
      if (!/^\d+$/.test(value) || Number(value) < 1) return null;
      form.end = { kind: "count", count: Number(value) };
    } else if (key === "UNTIL" && !fields.has("COUNT")) {
      const date = localDateOf(value, zone);
      if (!date) return null;
      form.end = { kind: "until", date };
    } else return null;
  }
  return form;
}
