import { ArrowLeft, Link2 } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { usePageTitle } from "@/lib/title";
import { useFeedPost } from "../api/feed";
import { Avatar } from "../components/Avatar";
import { FeedMediaView } from "../components/FeedMediaView";
import { PostTime } from "../components/PostTime";
import { useViewerZone } from "../hooks/useViewerZone";
import { throwIfMissing } from "../utils/notFound";

/** /@handle/posts/:postId: one post with its media, the page publishing linked to. */
export default function FeedPostPage() {
  const { t } = useTranslation();
  const params = useParams();
  const handle = (params.profile ?? "").replace(/^@/, "");
  const post = useFeedPost(handle, params.postId ?? "");
  const zone = useViewerZone();
  const author = post.data ? (post.data.author?.name ?? post.data.workspace.name) : "";
  usePageTitle(post.data ? t("feed.post.title", { author }) : undefined);
  throwIfMissing(post.error);

  if (post.isPending) return <PageSpinner />;
  if (post.isError)
    return (
      <main id="main" className="mx-auto max-w-2xl px-4 py-12">
        <ErrorState error={post.error} onRetry={() => post.refetch()} />
      </main>
    );
  const data = post.data;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      toast.success(t("feed.post.copied"));
    } catch {
      // No clipboard (an insecure page, or permission refused): say so rather than blame the network.
      toast.error(t("feed.post.copyFailed"));
    }
  };

  return (
    <main id="main" className="mx-auto max-w-2xl px-4 pb-16 pt-6 sm:px-6 sm:pt-10">
      <Link
        to={`/@${data.workspace.handle}`}
        className="inline-flex items-center gap-1.5 text-sm font-medium text-fg-muted hover:text-fg"
      >
        <ArrowLeft className="size-4 flip-rtl" aria-hidden />
        <span>
          {t("feed.post.back")} <bdi>{data.workspace.name}</bdi>
        </span>
      </Link>
      <Card className="mt-4 p-5 sm:p-7">
        <article>
          <header className="flex items-center gap-3">
            <Avatar name={author} src={data.author?.avatar_url} />
            <div className="min-w-0">
              <h1 className="truncate font-semibold" dir="auto">
                {author}
              </h1>
              <Link
                to={`/@${data.workspace.handle}`}
                className="text-sm text-fg-muted hover:underline"
                dir="ltr"
              >
                @{data.workspace.handle}
              </Link>
            </div>
          </header>
          {data.text && (
            <p
              className="mt-5 whitespace-pre-wrap break-words text-start text-lg leading-relaxed [unicode-bidi:plaintext]"
              dir="auto"
            >
              {data.text}
            </p>
          )}
          {data.media && data.media.length > 0 && (
            <div className="mt-5">
              <FeedMediaView media={data.media} author={author} full />
            </div>
          )}
          <footer className="mt-5 flex flex-wrap items-center justify-between gap-3 border-t border-border pt-4">
            <PostTime value={data.created_at} zone={zone} long />
            <Button variant="ghost" size="sm" onClick={copy}>
              <Link2 className="size-4" aria-hidden />
              {t("feed.post.copy")}
            </Button>
          </footer>
        </article>
      </Card>
    </main>
  );
}
