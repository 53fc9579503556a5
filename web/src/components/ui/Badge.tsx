import type { ReactNode } from "react";
import { cn } from "./cn";

export type Tone = "neutral" | "accent" | "success" | "warning" | "danger" | "info";

const tones: Record<Tone, string> = {
  neutral: "bg-muted text-fg-muted border-border",
  accent: "bg-accent-soft text-accent border-accent/30",
  success: "bg-success-soft text-success border-success/30",
  warning: "bg-warning-soft text-warning border-warning/30",
  danger: "bg-danger-soft text-danger border-danger/30",
  info: "bg-info-soft text-info border-info/30",
};

export function Badge({
  tone = "neutral",
  children,
  className,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

/** The tone of every post and target status, so one status looks the same on every page. */
export const STATUS_TONE: Record<string, Tone> = {
  draft: "neutral",
  pending_approval: "warning",
  scheduled: "info",
  queued: "info",
  publishing: "accent",
  processing: "accent",
  retry_wait: "warning",
  published: "success",
  partially_published: "warning",
  failed: "danger",
  unconfirmed: "danger",
  cancelled: "neutral",
  active: "success",
  connected: "success",
  needs_reauth: "warning",
  disconnected: "danger",
  paused: "neutral",
};
