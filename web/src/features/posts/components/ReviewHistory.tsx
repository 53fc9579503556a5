/** The review steps of a post, oldest first: who submitted, approved or sent it back, and why. */
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import type { components } from "@/lib/api/schema";
import { formatDateTime } from "@/lib/format";

type Entry = components["schemas"]["ReviewEntryOut"];

const DOT: Record<Entry["action"], string> = {
  submitted: "bg-info",
  approved: "bg-success",
  rejected: "bg-danger",
  reopened: "bg-warning",
};

export function ReviewHistory({ entries, zone }: { entries: Entry[]; zone: string }) {
  const { t } = useTranslation();
  return (
    <ol className="space-y-4 px-5 py-4">
      {entries.map((entry) => (
        <li key={`${entry.at}-${entry.action}`} className="flex gap-3">
          <span className={cn("mt-1.5 size-2.5 shrink-0 rounded-full", DOT[entry.action])} aria-hidden />
          <div className="min-w-0 text-sm">
            <p>
              <span className="font-medium" dir="auto">
                {entry.by_name || t("posts.reviews.someone")}
              </span>{" "}
              {t(`posts.reviews.${entry.action}`)}
            </p>
            <p className="text-xs text-fg-muted">
              <time dateTime={entry.at}>{formatDateTime(entry.at, zone)}</time>
            </p>
            {entry.comment && (
              <blockquote
                className="mt-1 whitespace-pre-wrap border-s-2 border-border ps-3 text-fg-muted"
                dir="auto"
              >
                {entry.comment}
              </blockquote>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
