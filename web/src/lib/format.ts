/** Dates, times and numbers for people: `Intl`, in the page's language, always in a named zone. */
import i18n from "@/lib/i18n";

function locale(): string {
  // Arabic with Western digits reads well for times and counts in a social tool; the calendar
  // stays Gregorian so dates match the platforms'.
  return i18n.language === "ar" ? "ar-u-nu-latn-ca-gregory" : "en-GB";
}

export function formatDateTime(
  value: string | Date,
  timeZone: string,
  options: Intl.DateTimeFormatOptions = {},
) {
  return new Intl.DateTimeFormat(locale(), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
    ...options,
  }).format(typeof value === "string" ? new Date(value) : value);
}

export function formatDate(value: string | Date, timeZone: string) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone }).format(
    typeof value === "string" ? new Date(value) : value,
  );
}

export function formatTime(value: string | Date, timeZone: string) {
  return new Intl.DateTimeFormat(locale(), { timeStyle: "short", timeZone }).format(
    typeof value === "string" ? new Date(value) : value,
  );
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}) {
  return new Intl.NumberFormat(locale(), options).format(value);
}

export function formatRelative(value: string | Date, now: Date = new Date()) {
  const seconds = Math.round(
    ((typeof value === "string" ? new Date(value) : value).getTime() - now.getTime()) / 1000,
  );
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
    ["second", 1],
  ];
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === "second") return rtf.format(Math.round(seconds / size), unit);
  }
  return "";
}

/** "Europe/Paris (UTC+01:00)" for a zone at an instant: the zone is always said, never assumed. */
export function zoneLabel(timeZone: string, at: Date = new Date()) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "longOffset" }).formatToParts(at);
  const offset = parts.find((p) => p.type === "timeZoneName")?.value.replace("GMT", "UTC") ?? "";
  return `${timeZone.replaceAll("_", " ")} (${offset === "UTC" ? "UTC+00:00" : offset})`;
}

/** The browser's own zone, shown as one choice among others, never applied silently. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The wall time of an instant in a zone, as the value of an <input type="datetime-local">. */
export function toLocalInput(value: string | Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(typeof value === "string" ? new Date(value) : value);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/**
 * Text kept whole inside a sentence of either direction (Unicode first-strong isolate): a zone
 * label, a name or a handle in an Arabic sentence keeps its own order and its brackets.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
