/** The one definition of engagement rate, said wherever a rate is shown (folded until asked for). */
import { Info } from "lucide-react";
import { useTranslation } from "react-i18next";
import { cn } from "./cn";

export function EngagementRateNote({ className }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <details className={cn("group text-sm", className)}>
      <summary className="inline-flex cursor-pointer items-center gap-1.5 rounded text-fg-muted hover:text-fg">
        <Info className="size-4 shrink-0" aria-hidden />
        {t("charts.engagementRate.question")}
      </summary>
      <div className="mt-2 max-w-3xl space-y-1.5 rounded-lg bg-muted px-4 py-3 text-fg-muted">
        <p>
          <span className="font-medium text-fg">{t("charts.engagementRate.formula")}</span>
        </p>
        <p>{t("charts.engagementRate.fallback")}</p>
        <p>{t("charts.engagementRate.several")}</p>
      </div>
    </details>
  );
}
