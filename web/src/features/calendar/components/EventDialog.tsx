/** A post opened from the calendar: what it says, when and where it goes; open it or edit it. */
import { Repeat } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatDateTime, zoneLabel } from "@/lib/format";
import type { CalendarPost } from "../api/calendar";

export function EventDialog({
  ws,
  post,
  zone,
  canEdit,
  onEdit,
  onClose,
  platformName,
}: {
  ws: string;
  post: CalendarPost | null;
  zone: string;
  canEdit: boolean;
  onEdit: () => void;
  onClose: () => void;
  platformName: (p: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const list = new Intl.ListFormat(i18n.language, { type: "unit" });
  return (
    <Dialog
      open={post !== null}
      onOpenChange={(open) => !open && onClose()}
      title={t("calendar.event.title")}
      footer={
        post && (
          <>
            <Link to={`/app/workspaces/${ws}/posts/${post.post_id}`} className={buttonClasses("secondary")}>
              {t("calendar.event.open")}
            </Link>
            {canEdit && (
              <button type="button" className={buttonClasses("primary")} onClick={onEdit}>
                {t("calendar.event.edit")}
              </button>
            )}
          </>
        )
      }
    >
      {post && (
        <div className="space-y-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={post.status} />
            {post.series_id && (
              <span className="inline-flex items-center gap-1 text-fg-muted">
                <Repeat className="size-4" aria-hidden />
                {t("calendar.event.series")}
              </span>
            )}
          </div>
          <p>
            <time dateTime={post.scheduled_at} className="font-medium">
              {formatDateTime(post.scheduled_at, zone, { dateStyle: "full" })}
            </time>
            <span className="block text-xs text-fg-muted">
              {zoneLabel(zone, new Date(post.scheduled_at))}
            </span>
          </p>
          <p
            className="max-h-60 overflow-y-auto whitespace-pre-wrap break-words rounded-lg bg-muted px-3 py-2"
            dir="auto"
          >
            {post.text || <span className="italic text-fg-muted">{t("calendar.untitled")}</span>}
          </p>
          <p className="text-fg-muted">
            {t("calendar.event.platforms", { platforms: list.format(post.platforms.map(platformName)) })}
          </p>
        </div>
      )}
    </Dialog>
  );
}
