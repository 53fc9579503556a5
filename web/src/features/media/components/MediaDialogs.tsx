/** One media up close (the image, or the video with its poster), and deleting it. */
import { ExternalLink, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { ApiError } from "@/lib/api/client";
import { formatDateTime, zoneLabel } from "@/lib/format";
import type { Media } from "../api/media";
import { describeMediaError, formatBytes, formatDuration } from "../utils/describe";

export function MediaPreviewDialog({
  media,
  zone,
  canDelete,
  onClose,
  onDelete,
}: {
  media: Media;
  /** The workspace's time zone: when it was uploaded is said in it. */
  zone: string;
  canDelete: boolean;
  onClose: () => void;
  onDelete: (media: Media) => void;
}) {
  const { t } = useTranslation();
  const facts: [string, ReactNode][] = [
    [t("media.details.kind"), t(`media.kind.${media.kind}`)],
    [t("media.details.type"), media.content_type],
    [t("media.details.size"), formatBytes(media.size)],
  ];
  if (media.width && media.height)
    facts.push([
      t("media.details.dimensions"),
      <span key="dimensions" dir="ltr">{`${media.width} × ${media.height}`}</span>,
    ]);
  if (media.duration_ms !== null)
    facts.push([t("media.details.duration"), formatDuration(media.duration_ms)]);
  if (media.codec) facts.push([t("media.details.codec"), media.codec]);
  facts.push([
    t("media.details.uploaded"),
    t("media.details.uploadedAt", { when: formatDateTime(media.created_at, zone), zone: zoneLabel(zone) }),
  ]);
  return (
    <Dialog
      open
      wide
      onOpenChange={(open) => !open && onClose()}
      title={<span dir="auto">{media.filename}</span>}
      footer={
        <>
          <a
            href={media.url}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex h-10 items-center gap-2 rounded-lg border border-border px-4 text-sm hover:bg-muted"
          >
            <ExternalLink className="size-4 flip-rtl" aria-hidden />
            {t("media.details.openOriginal")}
          </a>
          {canDelete && (
            <Button variant="danger" onClick={() => onDelete(media)}>
              <Trash2 className="size-4" aria-hidden />
              {t("common.delete")}
            </Button>
          )}
        </>
      }
    >
      <div className="overflow-hidden rounded-lg bg-muted">
        {media.kind === "video" ? (
          // biome-ignore lint/a11y/useMediaCaption: people's own uploads carry no caption track
          <video
            src={media.url}
            poster={media.poster_url ?? undefined}
            controls
            preload="metadata"
            className="max-h-[60vh] w-full bg-black"
          />
        ) : (
          <img src={media.url} alt={media.filename} className="mx-auto max-h-[60vh] w-auto object-contain" />
        )}
      </div>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-fg-muted">{label}</dt>
            <dd className="min-w-0 break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}

export function DeleteMediaDialog({
  ws,
  media,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  ws: string;
  media: Media;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const postIds =
    error instanceof ApiError && error.code === "media_in_use"
      ? (((error.details as { post_ids?: unknown } | null)?.post_ids as string[] | undefined) ?? [])
      : [];
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("media.delete.title")}
      description={t("media.delete.description", { name: media.filename })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button variant="danger" busy={busy} onClick={onConfirm}>
            {t("media.delete.confirm")}
          </Button>
        </>
      }
    >
      {error !== null && error !== undefined && (
        <div
          role="alert"
          className="rounded-lg border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger"
        >
          <p>{describeMediaError(error, t)}</p>
          {postIds.length > 0 && (
            <ul className="mt-2 list-inside list-disc space-y-1">
              {postIds.map((id, index) => (
                <li key={id}>
                  <Link
                    to={`/app/workspaces/${ws}/posts/${id}`}
                    className="font-medium underline"
                    onClick={onClose}
                  >
                    {t("media.delete.openPost", { number: index + 1 })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
