/** The library as a grid of thumbnails (a video's poster), newest first, paged as it scrolls. */
import { Film, ImageOff, Play, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import type { Media } from "../api/media";
import { formatBytes, formatDuration } from "../utils/describe";

function Thumbnail({ media }: { media: Media }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState(false);
  const src = media.thumbnail_url ?? media.poster_url ?? (media.kind === "video" ? null : media.url);
  if (!src || broken)
    return (
      <div className="flex size-full items-center justify-center text-fg-muted">
        {media.kind === "video" ? (
          <Film className="size-8" aria-hidden />
        ) : (
          <ImageOff className="size-8" aria-hidden />
        )}
        <span className="sr-only">{t("media.card.noPreview")}</span>
      </div>
    );
  return (
    <img
      src={src}
      alt=""
      loading="lazy"
      decoding="async"
      className="size-full object-cover"
      onError={() => setBroken(true)}
    />
  );
}

export function MediaCard({
  media,
  canDelete,
  onOpen,
  onDelete,
}: {
  media: Media;
  canDelete: boolean;
  onOpen: (media: Media) => void;
  onDelete: (media: Media) => void;
}) {
  const { t } = useTranslation();
  const label =
    media.kind === "video"
      ? t("media.card.openVideo", { name: media.filename })
      : t("media.card.openImage", { name: media.filename });
  return (
    <li
      className="group overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
      data-media={media.filename}
    >
      <button
        type="button"
        onClick={() => onOpen(media)}
        aria-label={label}
        className="relative block aspect-square w-full bg-muted focus-visible:outline-offset-[-2px]"
      >
        <Thumbnail media={media} />
        {media.kind === "video" && (
          <span className="absolute inset-0 flex items-center justify-center">
            <span className="flex size-11 items-center justify-center rounded-full bg-black/60 text-white">
              <Play className="size-5 translate-x-px fill-current" aria-hidden />
            </span>
          </span>
        )}
        {(media.kind !== "image" || media.duration_ms !== null) && (
          <span className="absolute bottom-2 end-2 rounded-md bg-black/70 px-1.5 py-0.5 text-xs font-medium text-white">
            {media.kind === "gif" ? t("media.kind.gifShort") : formatDuration(media.duration_ms ?? 0)}
          </span>
        )}
      </button>
      <div className="flex items-center gap-2 px-3 py-2">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium" dir="auto" title={media.filename}>
            {media.filename}
          </p>
          <p className="truncate text-xs text-fg-muted">
            {formatBytes(media.size)}
            {media.width && media.height ? (
              <>
                {" · "}
                {/* Width × height reads left to right in every language. */}
                <span dir="ltr">
                  {media.width}×{media.height}
                </span>
              </>
            ) : null}
          </p>
        </div>
        {canDelete && (
          <button
            type="button"
            className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-fg-muted hover:bg-danger-soft hover:text-danger"
            aria-label={t("media.card.delete", { name: media.filename })}
            onClick={() => onDelete(media)}
          >
            <Trash2 className="size-[18px]" aria-hidden />
          </button>
        )}
      </div>
    </li>
  );
}

export function MediaGrid({
  items,
  canDelete,
  onOpen,
  onDelete,
  hasMore,
  loadingMore,
  loadMore,
}: {
  items: Media[];
  canDelete: boolean;
  onOpen: (media: Media) => void;
  onDelete: (media: Media) => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  // The next page loads as the end of the grid nears the screen.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !loadingMore) loadMore();
      },
      { rootMargin: "600px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, loadMore]);
  return (
    <>
      <ul
        aria-label={t("media.library.label")}
        className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4"
      >
        {items.map((media) => (
          <MediaCard key={media.id} media={media} canDelete={canDelete} onOpen={onOpen} onDelete={onDelete} />
        ))}
      </ul>
      <div ref={sentinel} className="mt-6 flex justify-center">
        {hasMore && (
          <Button variant="secondary" busy={loadingMore} onClick={loadMore}>
            {t("common.loadMore")}
          </Button>
        )}
      </div>
    </>
  );
}
