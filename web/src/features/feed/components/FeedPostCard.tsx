import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Card } from "@/components/ui/Card";
import type { FeedPost } from "../api/feed";
import { Avatar } from "./Avatar";
import { FeedMediaView } from "./FeedMediaView";
import { PostTime } from "./PostTime";

export function postPath(post: FeedPost) {
  return `/@${post.workspace.handle}/posts/${post.id}`;
}

/** One post in a profile's list: who wrote it, when, its text and media; the time opens it. */
export function FeedPostCard({ post, zone }: { post: FeedPost; zone: string }) {
  const { t } = useTranslation();
  const author = post.author?.name ?? post.workspace.name;
  return (
    <Card className="p-4 sm:p-5">
      <article aria-label={t("feed.post.by", { author })}>
        <header className="flex items-center gap-3">
          <Avatar name={author} src={post.author?.avatar_url} />
          <div className="min-w-0 flex-1">
            <p className="truncate font-semibold" dir="auto">
              {author}
            </p>
            <Link to={postPath(post)} className="relative inline-block hover:underline">
              <span className="sr-only">{t("feed.post.open")} </span>
              <PostTime value={post.created_at} zone={zone} />
            </Link>
          </div>
        </header>
        {post.text && (
          <p
            className="mt-3 whitespace-pre-wrap break-words text-start text-[15px] leading-relaxed [unicode-bidi:plaintext]"
            dir="auto"
          >
            {post.text}
          </p>
        )}
        {post.media && post.media.length > 0 && (
          <div className="mt-3">
            <FeedMediaView media={post.media} author={author} />
          </div>
        )}
      </article>
    </Card>
  );
}
