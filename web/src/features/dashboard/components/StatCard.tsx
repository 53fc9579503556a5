import type { LucideIcon } from "lucide-react";
import { Link } from "react-router";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/lib/format";

/** One count that links to the posts it counts. */
export function StatCard({
  label,
  value,
  to,
  icon: Icon,
  tone,
}: {
  label: string;
  value: number | undefined;
  to: string;
  icon: LucideIcon;
  tone: "info" | "success" | "danger" | "warning";
}) {
  const tones = {
    info: "bg-info-soft text-info",
    success: "bg-success-soft text-success",
    danger: "bg-danger-soft text-danger",
    warning: "bg-warning-soft text-warning",
  } as const;
  return (
    <Link
      to={to}
      className="group flex items-center gap-4 rounded-xl border border-border bg-surface p-4 shadow-sm transition-colors hover:border-accent/50"
    >
      <span
        className={cn("inline-flex size-10 shrink-0 items-center justify-center rounded-lg", tones[tone])}
      >
        <Icon className="size-5" aria-hidden />
      </span>
      <span className="min-w-0">
        <span className="block text-2xl font-semibold tabular-nums">
          {value === undefined ? "–" : formatNumber(value)}
        </span>
        <span className="block text-sm leading-tight text-fg-muted group-hover:text-fg">{label}</span>
      </span>
    </Link>
  );
}
