import { cn } from "./cn";

/**
 * A progress bar for screen readers and eyes alike. Without `value` it is indeterminate (working,
 * no measure of how far), and says so by having no aria-valuenow.
 */
export function Progress({
  value,
  label,
  tone = "accent",
  className,
}: {
  /** 0 to 100; undefined while the amount is unknown. */
  value?: number;
  label: string;
  tone?: "accent" | "success" | "danger" | "neutral";
  className?: string;
}) {
  const known = value !== undefined;
  const bar = {
    accent: "bg-accent",
    success: "bg-success",
    danger: "bg-danger",
    neutral: "bg-fg-muted",
  }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={known ? 0 : undefined}
      aria-valuemax={known ? 100 : undefined}
      aria-valuenow={known ? Math.round(value) : undefined}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div
        className={cn(
          "h-full rounded-full transition-[width] duration-200",
          bar,
          !known && "w-1/3 animate-pulse",
        )}
        style={known ? { width: `${Math.max(0, Math.min(100, value))}%` } : undefined}
      />
    </div>
  );
}
