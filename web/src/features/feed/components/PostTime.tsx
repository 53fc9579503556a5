import { formatDateTime, formatRelative, zoneLabel } from "@/lib/format";

/**
 * When a post went out: "3 hours ago" where space is short, the date and time with its zone named
 * where there is room; the exact instant always in the markup.
 */
export function PostTime({ value, zone, long = false }: { value: string; zone: string; long?: boolean }) {
  const absolute = formatDateTime(value, zone);
  const label = zoneLabel(zone, new Date(value));
  if (long)
    return (
      <time dateTime={value} className="text-sm text-fg-muted">
        {absolute} <span className="whitespace-nowrap">· {label}</span>
      </time>
    );
  return (
    <time dateTime={value} title={`${absolute} · ${label}`} className="text-sm text-fg-muted">
      {formatRelative(value)}
    </time>
  );
}
