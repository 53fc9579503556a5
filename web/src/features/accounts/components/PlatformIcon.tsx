import { cn } from "@/components/ui/cn";

/**
 * A platform's mark: its short name on its colour (no remote logos: the page loads nothing from
 * other sites). White text on every colour here passes WCAG AA in both themes.
 */
const MARKS: Record<string, { label: string; className: string }> = {
  x: { label: "X", className: "bg-neutral-900 dark:bg-neutral-700" },
  facebook: { label: "f", className: "bg-[#1864d9]" },
  instagram: { label: "IG", className: "bg-[#c1275f]" },
  instagram_login: { label: "IG", className: "bg-[#c1275f]" },
  threads: { label: "@", className: "bg-neutral-900 dark:bg-neutral-700" },
  linkedin: { label: "in", className: "bg-[#0a66c2]" },
  youtube: { label: "YT", className: "bg-[#c4161c]" },
  tiktok: { label: "TT", className: "bg-neutral-900 dark:bg-neutral-700" },
  pinterest: { label: "P", className: "bg-[#bd081c]" },
  telegram: { label: "TG", className: "bg-[#1b74a8]" },
  mastodon: { label: "M", className: "bg-[#563acc]" },
  bluesky: { label: "BS", className: "bg-[#0a63d6]" },
  sandbox: { label: "SB", className: "bg-[#7a5a00]" },
  feed: { label: "ck", className: "bg-accent dark:bg-[#4338ca]" },
};

export function PlatformIcon({
  platform,
  muted = false,
  className,
}: {
  platform: string;
  /** Greyed out: a platform that cannot be used here. */
  muted?: boolean;
  className?: string;
}) {
  const mark = MARKS[platform] ?? { label: platform.slice(0, 2).toUpperCase(), className: "bg-neutral-600" };
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-10 shrink-0 select-none items-center justify-center rounded-lg text-sm font-semibold",
        muted ? "border border-border bg-muted text-fg-muted" : ["text-white", mark.className],
        className,
      )}
    >
      {mark.label}
    </span>
  );
}
