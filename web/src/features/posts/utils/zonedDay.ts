/** The instant a calendar day starts in a zone: what "from 3 March" means in the workspace's zone. */
import { DateTime } from "luxon";

export function dayStart(day: string, zone: string): string | undefined {
  const start = DateTime.fromISO(day, { zone }).startOf("day");
  return start.isValid ? (start.toUTC().toISO() ?? undefined) : undefined;
}

/** The instant the day after `day` starts: the end of a range that includes `day`. */
export function dayEnd(day: string, zone: string): string | undefined {
  const end = DateTime.fromISO(day, { zone }).startOf("day").plus({ days: 1 });
  return end.isValid ? (end.toUTC().toISO() ?? undefined) : undefined;
}
