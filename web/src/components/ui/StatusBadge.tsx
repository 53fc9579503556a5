import { useTranslation } from "react-i18next";
import { Badge, STATUS_TONE } from "./Badge";

/** A post's, target's or account's status, worded and coloured the same on every page. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} className={className}>
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}
