/**
 * How the post will look on each network, drawn with Tailwind (no platform assets): the avatar and
 * handle, the text with links, hashtags and mentions highlighted and cut where the network cuts it
 * ("…more"), and the media in the network's grid and aspect.
 */
import {
  Bookmark,
  ChartNoAxesColumn,
  Ellipsis,
  Eye,
  Globe,
  Heart,
  MessageCircle,
  Music2,
  Play,
  Repeat2,
  Send,
  Share2,
  ThumbsUp,
} from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import type { Media } from "../api/queries";
import type { OptionValue } from "../lib/state";
import { segments, truncate } from "../lib/text";

export interface PreviewProps {
  platform: string;
  platformName: string;
  displayName: string;
  handle: string;
  avatarUrl?: string | null;
  text: string;
  media: Media[];
  options: Record<string, OptionValue>;
  /** When it goes out, already formatted in the post's zone (or "now"). */
  when: string;
}

/** The networks with a preview of their own; every other one gets the generic card. */
export const PREVIEWED = [
  "x",
  "facebook",
  "instagram",
  "instagram_login",
  "linkedin",
  "tiktok",
  "youtube",
  "threads",
  "bluesky",
  "mastodon",
  "pinterest",
  "telegram",
] as const;

function RichText({
  text,
  limit,
  more,
  linkClass,
  className,
  lead,
}: {
  text: string;
  limit?: number;
  more?: string;
  linkClass: string;
  className?: string;
  lead?: ReactNode;
}) {
  const shown = limit ? truncate(text, limit) : { text, cut: false };
  return (
    <p dir="auto" className={cn("whitespace-pre-wrap break-words", className)}>
      {lead}
      {segments(shown.text).map((part, index) =>
        part.kind === "text" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <span key={index}>{part.value}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <span key={index} className={linkClass}>
            {part.value}
          </span>
        ),
      )}
      {shown.cut && (
        <>
          {"… "}
          <span className="font-medium opacity-80">{more}</span>
        </>
      )}
    </p>
  );
}

function Avatar({
  name,
  url,
  className,
  square = false,
}: {
  name: string;
  url?: string | null;
  className?: string;
  square?: boolean;
}) {
  const initials =
    Array.from(name.trim())
      .filter((c) => c.trim())
      .slice(0, 1)
      .join("")
      .toUpperCase() || "?";
  return url ? (
    <img
      src={url}
      alt=""
      className={cn("size-10 shrink-0 object-cover", square ? "rounded-lg" : "rounded-full", className)}
    />
  ) : (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-10 shrink-0 items-center justify-center bg-gradient-to-br from-slate-400 to-slate-600 text-sm font-semibold text-white",
        square ? "rounded-lg" : "rounded-full",
        className,
      )}
    >
      {initials}
    </span>
  );
}

function Thumb({ item, className }: { item: Media; className?: string }) {
  const src =
    item.kind === "video" ? (item.poster_url ?? item.thumbnail_url) : (item.thumbnail_url ?? item.url);
  return (
    <div className={cn("relative overflow-hidden bg-black/10", className)}>
      {src ? (
        <img src={src} alt={item.filename} className="size-full object-cover" />
      ) : (
        <span className="sr-only">{item.filename}</span>
      )}
      {item.kind === "video" && (
        <span className="absolute inset-0 flex items-center justify-center">
          <span className="rounded-full bg-black/55 p-2 text-white">
            <Play className="size-5" aria-hidden />
          </span>
        </span>
      )}
    </div>
  );
}

/** Up to four tiles (one big, two side by side, one and two, two by two) and "+N" for the rest. */
function MediaGrid({ media, aspect, className }: { media: Media[]; aspect: string; className?: string }) {
  if (!media.length) return null;
  const shown = media.slice(0, 4);
  const rest = media.length - shown.length;
  if (shown.length === 1)
    return <Thumb item={shown[0] as Media} className={cn("w-full", aspect, className)} />;
  return (
    <div className={cn("grid w-full grid-cols-2 gap-0.5 overflow-hidden", aspect, className)}>
      {shown.map((item, index) => (
        <div
          key={item.id}
          className={cn(
            "relative",
            shown.length === 3 && index === 0 && "row-span-2",
            shown.length === 2 && "row-span-2",
          )}
        >
          <Thumb item={item} className="absolute inset-0" />
          {rest > 0 && index === shown.length - 1 && (
            <span className="absolute inset-0 flex items-center justify-center bg-black/50 text-xl font-semibold text-white">
              +{rest}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}

function Actions({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div aria-hidden className={cn("flex items-center justify-between text-current opacity-70", className)}>
      {children}
    </div>
  );
}

const ICON = "size-[1.1rem]";

function XLike(props: PreviewProps & { threads?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      className={cn(
        "flex gap-3 p-4",
        props.threads
          ? "bg-white text-neutral-900 dark:bg-neutral-950 dark:text-neutral-100"
          : "bg-white text-[#0f1419] dark:bg-black dark:text-[#e7e9ea]",
      )}
    >
      <Avatar name={props.displayName} url={props.avatarUrl} />
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-center gap-1 text-[0.95rem]">
          <span className="min-w-0 truncate font-bold" dir="auto">
            {props.threads ? props.handle : props.displayName}
          </span>
          {!props.threads && <span className="min-w-0 shrink-[4] truncate opacity-60">@{props.handle}</span>}
          <span className="shrink-0 opacity-60">· {props.when}</span>
          <Ellipsis className="ms-auto size-4 shrink-0 opacity-60" aria-hidden />
        </div>
        <RichText
          text={props.text}
          limit={props.threads ? undefined : 280}
          more={t("composer.preview.showMore")}
          linkClass={props.threads ? "text-[#0095f6]" : "text-[#1d9bf0]"}
          className="mt-0.5 text-[0.95rem] leading-snug"
        />
        <MediaGrid
          media={props.media}
          aspect="aspect-video"
          className="mt-3 rounded-2xl border border-black/10 dark:border-white/15"
        />
        <Actions className="mt-3 max-w-xs">
          <MessageCircle className={ICON} />
          <Repeat2 className={ICON} />
          <Heart className={ICON} />
          {props.threads ? <Send className={ICON} /> : <ChartNoAxesColumn className={ICON} />}
        </Actions>
      </div>
    </div>
  );
}

function Facebook(props: PreviewProps) {
  const { t } = useTranslation();
  return (
    <div className="bg-white py-3 text-[#050505] dark:bg-[#242526] dark:text-[#e4e6eb]">
      <div className="flex items-center gap-2 px-4">
        <Avatar name={props.displayName} url={props.avatarUrl} />
        <div className="min-w-0">
          <div className="truncate text-[0.95rem] font-semibold" dir="auto">
            {props.displayName}
          </div>
          <div className="flex items-center gap-1 text-xs opacity-60">
            {props.when} · <Globe className="size-3" aria-hidden />
          </div>
        </div>
      </div>
      <RichText
        text={props.text}
        limit={props.media.length ? 240 : 480}
        more={t("composer.preview.seeMore")}
        linkClass="text-[#1877f2] dark:text-[#4599ff]"
        className="mt-3 px-4 text-[0.95rem]"
      />
      {typeof props.options.link === "string" && !props.media.length && (
        <div
          className="mx-4 mt-3 rounded-lg bg-black/5 px-3 py-2 text-xs opacity-80 dark:bg-white/10"
          dir="ltr"
        >
          {props.options.link}
        </div>
      )}
      <MediaGrid media={props.media} aspect="aspect-[4/3]" className="mt-3" />
      <Actions className="mt-2 border-t border-black/10 px-8 pt-2 dark:border-white/10">
        <ThumbsUp className={ICON} />
        <MessageCircle className={ICON} />
        <Share2 className={ICON} />
      </Actions>
    </div>
  );
}

function Instagram(props: PreviewProps) {
  const { t } = useTranslation();
  const story = props.options.media_type === "STORIES";
  return (
    <div className="bg-white pb-3 text-[#000] dark:bg-black dark:text-[#f5f5f5]">
      <div className="flex items-center gap-2 px-3 py-2.5">
        <span className="rounded-full bg-gradient-to-tr from-amber-400 via-pink-500 to-purple-600 p-[2px]">
          <Avatar
            name={props.displayName}
            url={props.avatarUrl}
            className="size-8 border-2 border-white dark:border-black"
          />
        </span>
        <span className="truncate text-sm font-semibold">{props.handle}</span>
        <Ellipsis className="ms-auto size-4" aria-hidden />
      </div>
      {props.media.length ? (
        <MediaGrid media={props.media.slice(0, 1)} aspect={story ? "aspect-[9/16]" : "aspect-[4/5]"} />
      ) : (
        <div className="flex aspect-[4/5] items-center justify-center bg-black/5 px-6 text-center text-sm opacity-70 dark:bg-white/10">
          {t("composer.preview.needsMedia")}
        </div>
      )}
      {props.media.length > 1 && (
        <div aria-hidden className="mt-2 flex justify-center gap-1">
          {props.media.map((m, i) => (
            <span
              key={m.id}
              className={cn(
                "size-1.5 rounded-full",
                i === 0 ? "bg-[#0095f6]" : "bg-black/20 dark:bg-white/30",
              )}
            />
          ))}
        </div>
      )}
      <Actions className="mt-2 justify-start gap-4 px-3">
        <Heart className="size-6" />
        <MessageCircle className="size-6" />
        <Send className="size-6" />
        <Bookmark className="ms-auto size-6" />
      </Actions>
      {!story && props.text && (
        <RichText
          text={props.text}
          limit={125}
          more={t("composer.preview.more")}
          linkClass="text-[#00376b] dark:text-[#e0f1ff]"
          className="mt-2 px-3 text-sm"
          lead={<span className="me-1 font-semibold">{props.handle}</span>}
        />
      )}
    </div>
  );
}

function LinkedIn(props: PreviewProps) {
  const { t } = useTranslation();
  return (
    <div className="bg-white py-3 text-[rgba(0,0,0,0.9)] dark:bg-[#1b1f23] dark:text-[rgba(255,255,255,0.9)]">
      <div className="flex gap-2 px-4">
        <Avatar name={props.displayName} url={props.avatarUrl} className="size-12" />
        <div className="min-w-0">
          <div className="truncate text-sm font-semibold" dir="auto">
            {props.displayName}
          </div>
          <div className="truncate text-xs opacity-60">@{props.handle}</div>
          <div className="flex items-center gap-1 text-xs opacity-60">
            {props.when} · <Globe className="size-3" aria-hidden />
          </div>
        </div>
      </div>
      <RichText
        text={props.text}
        limit={210}
        more={t("composer.preview.seeMoreLinkedIn")}
        linkClass="font-semibold text-[#0a66c2] dark:text-[#71b7fb]"
        className="mt-3 px-4 text-sm"
      />
      <MediaGrid media={props.media} aspect="aspect-[1.91/1]" className="mt-3" />
      <Actions className="mt-2 border-t border-black/10 px-6 pt-2 dark:border-white/10">
        <ThumbsUp className={ICON} />
        <MessageCircle className={ICON} />
        <Repeat2 className={ICON} />
        <Send className={ICON} />
      </Actions>
    </div>
  );
}

function TikTok(props: PreviewProps) {
  const { t } = useTranslation();
  const cover = props.media[0];
  return (
    <div className="relative mx-auto aspect-[9/16] max-h-[34rem] w-full max-w-[19rem] overflow-hidden bg-neutral-900 text-white">
      {cover && <Thumb item={cover} className="absolute inset-0" />}
      {!cover && (
        <div className="absolute inset-0 flex items-center justify-center px-8 text-center text-sm opacity-80">
          {t("composer.preview.needsVideo")}
        </div>
      )}
      <div aria-hidden className="absolute end-2 bottom-24 flex flex-col items-center gap-4">
        <Avatar name={props.displayName} url={props.avatarUrl} className="size-10 border-2 border-white" />
        <Heart className="size-7" />
        <MessageCircle className="size-7" />
        <Bookmark className="size-7" />
        <Share2 className="size-7" />
      </div>
      <div className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/80 to-transparent p-3 pe-14">
        <div className="text-sm font-semibold">@{props.handle}</div>
        <RichText
          text={props.text}
          limit={90}
          more={t("composer.preview.more")}
          linkClass="font-semibold"
          className="mt-1 text-sm"
        />
        <div className="mt-2 flex items-center gap-1 text-xs opacity-90">
          <Music2 className="size-3" aria-hidden />
          <span className="truncate">{t("composer.preview.originalSound", { name: props.displayName })}</span>
        </div>
      </div>
    </div>
  );
}

function YouTube(props: PreviewProps) {
  const { t } = useTranslation();
  const cover = props.media[0];
  const firstLine = props.text.split("\n")[0] ?? "";
  const title =
    typeof props.options.title === "string" && props.options.title ? props.options.title : firstLine;
  return (
    <div className="bg-white pb-3 text-[#0f0f0f] dark:bg-[#0f0f0f] dark:text-[#f1f1f1]">
      <div className="relative aspect-video w-full bg-neutral-800">
        {cover ? (
          <Thumb item={cover} className="absolute inset-0" />
        ) : (
          <div className="absolute inset-0 flex items-center justify-center px-8 text-center text-sm text-white/80">
            {t("composer.preview.needsVideo")}
          </div>
        )}
        {cover?.duration_ms ? (
          <span
            className="absolute end-2 bottom-2 rounded bg-black/80 px-1 text-xs font-medium text-white"
            dir="ltr"
          >
            {Math.floor(cover.duration_ms / 60000)}:
            {String(Math.floor((cover.duration_ms / 1000) % 60)).padStart(2, "0")}
          </span>
        ) : null}
      </div>
      <div className="mt-3 flex gap-3 px-3">
        <Avatar name={props.displayName} url={props.avatarUrl} className="size-9" />
        <div className="min-w-0">
          <div className="line-clamp-2 font-semibold leading-snug" dir="auto">
            {truncate(title, 100).text}
          </div>
          <div className="mt-0.5 text-xs opacity-70" dir="auto">
            {props.displayName} · {props.when}
          </div>
          {typeof props.options.privacy === "string" && props.options.privacy !== "public" && (
            <div className="mt-1 text-xs opacity-70">
              {t(`composer.preview.privacy.${props.options.privacy}`)}
            </div>
          )}
          <RichText
            text={props.text}
            limit={100}
            more={t("composer.preview.moreYouTube")}
            linkClass="text-[#065fd4] dark:text-[#3ea6ff]"
            className="mt-2 rounded-lg bg-black/5 p-2 text-xs dark:bg-white/10"
          />
        </div>
      </div>
    </div>
  );
}

function Bluesky(props: PreviewProps) {
  return (
    <div className="flex gap-3 bg-white p-4 text-[#0b0f14] dark:bg-[#161e27] dark:text-[#f1f3f5]">
      <Avatar name={props.displayName} url={props.avatarUrl} className="size-11" />
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-center gap-1 text-[0.95rem]">
          <span className="truncate font-semibold" dir="auto">
            {props.displayName}
          </span>
          <span className="truncate opacity-60">@{props.handle}</span>
          <span className="shrink-0 opacity-60">· {props.when}</span>
        </div>
        <RichText text={props.text} linkClass="text-[#1083fe]" className="mt-0.5 text-[0.95rem]" />
        <MediaGrid media={props.media} aspect="aspect-video" className="mt-2 rounded-xl" />
        <Actions className="mt-3 max-w-xs">
          <MessageCircle className={ICON} />
          <Repeat2 className={ICON} />
          <Heart className={ICON} />
          <Ellipsis className={ICON} />
        </Actions>
      </div>
    </div>
  );
}

function Mastodon(props: PreviewProps) {
  const { t } = useTranslation();
  const warning = typeof props.options.spoiler_text === "string" ? props.options.spoiler_text : "";
  return (
    <div className="flex gap-3 bg-white p-4 text-[#282c37] dark:bg-[#282c37] dark:text-[#d9e1e8]">
      <Avatar name={props.displayName} url={props.avatarUrl} square className="size-11" />
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-baseline gap-1 text-[0.95rem]">
          <span className="truncate font-bold" dir="auto">
            {props.displayName}
          </span>
          <span className="ms-auto shrink-0 text-xs opacity-60">{props.when}</span>
        </div>
        <div className="truncate text-sm opacity-60">@{props.handle}</div>
        {warning ? (
          <div className="mt-2 rounded bg-black/5 p-2 text-sm dark:bg-white/10">
            <span dir="auto">{warning}</span>{" "}
            <span className="ms-2 rounded bg-[#595aff] px-1.5 py-0.5 text-xs font-semibold text-white">
              {t("composer.preview.showMore")}
            </span>
          </div>
        ) : (
          <>
            <RichText
              text={props.text}
              linkClass="text-[#595aff] dark:text-[#8c8dff]"
              className="mt-1 text-[0.95rem]"
            />
            <MediaGrid media={props.media} aspect="aspect-video" className="mt-2 rounded-lg" />
          </>
        )}
        <Actions className="mt-3 max-w-xs">
          <MessageCircle className={ICON} />
          <Repeat2 className={ICON} />
          <Heart className={ICON} />
          <Bookmark className={ICON} />
        </Actions>
      </div>
    </div>
  );
}

function Pinterest(props: PreviewProps) {
  const { t } = useTranslation();
  const cover = props.media[0];
  const title = typeof props.options.title === "string" ? props.options.title : "";
  return (
    <div className="mx-auto w-full max-w-[17rem] bg-white p-2 text-[#111] dark:bg-[#111] dark:text-[#efefef]">
      {cover ? (
        <Thumb item={cover} className="aspect-[2/3] w-full rounded-2xl" />
      ) : (
        <div className="flex aspect-[2/3] items-center justify-center rounded-2xl bg-black/5 px-6 text-center text-sm opacity-70 dark:bg-white/10">
          {t("composer.preview.needsMedia")}
        </div>
      )}
      {title && (
        <div className="mt-2 line-clamp-2 px-1 text-sm font-semibold" dir="auto">
          {title}
        </div>
      )}
      <RichText
        text={props.text}
        limit={100}
        more={t("composer.preview.more")}
        linkClass="underline"
        className="mt-1 px-1 text-xs opacity-80"
      />
      <div className="mt-2 flex items-center gap-2 px-1">
        <Avatar name={props.displayName} url={props.avatarUrl} className="size-6 text-[0.6rem]" />
        <span className="truncate text-xs" dir="auto">
          {props.displayName}
        </span>
      </div>
    </div>
  );
}

function Telegram(props: PreviewProps) {
  return (
    <div className="bg-[#c9dcb6] p-4 dark:bg-[#0e1621]">
      <div className="max-w-[85%] overflow-hidden rounded-2xl rounded-es-sm bg-white text-[#000] shadow-sm dark:bg-[#182533] dark:text-[#f5f5f5]">
        <MediaGrid media={props.media} aspect="aspect-[4/3]" />
        <div className="px-3 pt-2 text-sm font-semibold text-[#3390ec]" dir="auto">
          {props.displayName}
        </div>
        <RichText text={props.text} linkClass="text-[#3390ec] underline" className="px-3 pt-1 text-sm" />
        <div className="flex items-center justify-end gap-1 px-3 pb-1.5 text-[0.7rem] opacity-60">
          <Eye className="size-3" aria-hidden /> 1 · {props.when}
        </div>
      </div>
    </div>
  );
}

function Generic(props: PreviewProps) {
  return (
    <div className="flex gap-3 bg-surface p-4 text-fg">
      <Avatar name={props.displayName} url={props.avatarUrl} />
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-center gap-1 text-sm">
          <span className="truncate font-semibold" dir="auto">
            {props.displayName}
          </span>
          <span className="truncate text-fg-muted">@{props.handle}</span>
        </div>
        <div className="text-xs text-fg-muted">
          {props.platformName} · {props.when}
        </div>
        <RichText text={props.text} linkClass="text-accent" className="mt-2 text-sm" />
        <MediaGrid media={props.media} aspect="aspect-video" className="mt-3 rounded-lg" />
      </div>
    </div>
  );
}

export function PostPreview(props: PreviewProps) {
  switch (props.platform) {
    case "x":
      return <XLike {...props} />;
    case "threads":
      return <XLike {...props} threads />;
    case "facebook":
      return <Facebook {...props} />;
    case "instagram":
    case "instagram_login":
      return <Instagram {...props} />;
    case "linkedin":
      return <LinkedIn {...props} />;
    case "tiktok":
      return <TikTok {...props} />;
    case "youtube":
      return <YouTube {...props} />;
    case "bluesky":
      return <Bluesky {...props} />;
    case "mastodon":
      return <Mastodon {...props} />;
    case "pinterest":
      return <Pinterest {...props} />;
    case "telegram":
      return <Telegram {...props} />;
    default:
      return <Generic {...props} />;
  }
}
