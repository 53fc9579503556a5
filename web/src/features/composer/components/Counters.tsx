/** One counter per platform the post goes to: the server's count, the platform's way, against its limit. */
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/lib/format";

export type Count = { platform: string; name: string; length: number; max: number; accounts: number };

/** Dimmed while the server counts again (the `group/composer` wrapper says so: no re-render per key). */
export const Counters = memo(function Counters({ counts }: { counts: Count[] }) {
  const { t } = useTranslation();
  if (!counts.length) return null;
  return (
    <ul
      className="flex flex-wrap gap-2 transition-opacity group-data-[stale]/composer:opacity-60"
      aria-label={t("composer.counters.label")}
    >
      {counts.map((c) => {
        const over = c.length > c.max;
        return (
          <li
            key={c.platform}
            className={cn(
              "inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs",
              over ? "border-danger/40 bg-danger-soft text-danger" : "border-border bg-muted text-fg-muted",
            )}
            data-over={over || undefined}
            data-platform={c.platform}
          >
            <span className="font-medium text-current">{c.name}</span>
            <span dir="ltr" className="tabular-nums">
              {formatNumber(c.length)} / {formatNumber(c.max)}
            </span>
            <span className="sr-only">
              {over
                ? t("composer.counters.over", { count: c.length - c.max })
                : t("composer.counters.left", { count: c.max - c.length })}
            </span>
          </li>
        );
      })}
    </ul>
  );
});
