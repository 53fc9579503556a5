import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { API_BASE } from "@/lib/api/client";
import type { FeedMedia } from "../api/feed";

/** The files of a post, in the order they were posted: a grid of one to four, then rows of two. */
export function FeedMediaView({
  media,
  author,
  full = false,
}: {
  media: FeedMedia[];
  author: string;
  /** The post's own page: originals at full width, videos with controls. */
  full?: boolean;
}) {
  const { t } = useTranslation();
  if (media.length === 0) return null;
  const single = media.length === 1;
  return (
    <ul
      className={cn("grid gap-1.5 overflow-hidden rounded-xl", single ? "grid-cols-1" : "grid-cols-2")}
      aria-label={t("feed.media.label", { n: media.length })}
    >
      {media.map((item, index) => {
        const alt = t("feed.media.alt", {
          kind: t(`feed.media.kinds.${item.kind === "video" ? "video" : "image"}`),
          n: index + 1,
          total: media.length,
          author,
        });
        const ratio = item.width && item.height ? `${item.width} / ${item.height}` : undefined;
        return (
          <li
            key={item.url}
            className={cn(
              "relative overflow-hidden bg-muted",
              !single && "aspect-square",
              !single && media.length === 3 && index === 0 && "row-span-2 aspect-auto",
            )}
            style={single && ratio ? { aspectRatio: ratio, maxHeight: full ? "80vh" : "32rem" } : undefined}
          >
            {item.kind === "video" ? (
              // biome-ignore lint/a11y/useMediaCaption: the feed carries no captions for its videos
              <video
                controls
                preload="metadata"
                poster={item.poster_url ? `${API_BASE}${item.poster_url}` : undefined}
                src={`${API_BASE}${item.url}`}
                aria-label={alt}
                className="size-full bg-black object-contain"
              />
            ) : (
              <img
                src={`${API_BASE}${!full && item.thumbnail_url && !single ? item.thumbnail_url : item.url}`}
                alt={alt}
                width={item.width ?? undefined}
                height={item.height ?? undefined}
                loading="lazy"
                decoding="async"
                className={cn("size-full", single ? "object-contain" : "object-cover")}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
