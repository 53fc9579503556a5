import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { PageSpinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { zoneLabel } from "@/lib/format";
import { usePageTitle } from "@/lib/title";
import { useProfile } from "../api/feed";
import { Avatar } from "../components/Avatar";
import { FeedPostCard } from "../components/FeedPostCard";
import { useViewerZone } from "../hooks/useViewerZone";
import { throwIfMissing } from "../utils/notFound";

/** /@handle: a workspace's page on the clickKloudy feed, its posts newest first. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const handle = (useParams().profile ?? "").replace(/^@/, "");
  const profile = useProfile(handle);
  const zone = useViewerZone();
  const first = profile.data?.pages[0];
  usePageTitle(first ? `${first.name} (@${first.handle})` : undefined);
  throwIfMissing(profile.error);

  if (profile.isPending) return <PageSpinner />;
  if (profile.isError && !first)
    return (
      <main id="main" className="mx-auto max-w-2xl px-4 py-12">
        <ErrorState error={profile.error} onRetry={() => profile.refetch()} />
      </main>
    );
  if (!first || !profile.data) return null;
  const posts = profile.data.pages.flatMap((page) => page.items);

  return (
    <main id="main" className="mx-auto max-w-2xl px-4 pb-16 pt-8 sm:px-6 sm:pt-12">
      <header className="flex items-center gap-4 sm:gap-5">
        <Avatar name={first.name} size="lg" />
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight sm:text-3xl" dir="auto">
            {first.name}
          </h1>
          <p className="mt-0.5 text-fg-muted" dir="ltr">
            <span className="sr-only">{t("feed.profile.handle")} </span>@{first.handle}
          </p>
          <p className="mt-1 text-sm text-fg-muted">{t("feed.profile.about")}</p>
        </div>
      </header>

      <section aria-labelledby="posts-heading" className="mt-10">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="posts-heading" className="text-lg font-semibold">
            {t("feed.profile.posts")}
          </h2>
          <p className="text-xs text-fg-muted">{t("feed.profile.zone", { zone: zoneLabel(zone) })}</p>
        </div>
        {posts.length === 0 ? (
          <EmptyState title={t("feed.profile.empty.title")}>{t("feed.profile.empty.body")}</EmptyState>
        ) : (
          <ol className="space-y-4">
            {posts.map((post) => (
              <li key={post.id}>
                <FeedPostCard post={post} zone={zone} />
              </li>
            ))}
          </ol>
        )}
        {profile.isFetchNextPageError && (
          <div className="mt-4">
            <ErrorState error={profile.error} onRetry={() => profile.fetchNextPage()} />
          </div>
        )}
        {profile.hasNextPage && !profile.isFetchNextPageError && (
          <div className="mt-6 flex justify-center">
            <Button
              variant="secondary"
              busy={profile.isFetchingNextPage}
              onClick={() => profile.fetchNextPage()}
            >
              {t("common.loadMore")}
            </Button>
          </div>
        )}
        {!profile.hasNextPage && posts.length > 0 && (
          <p className="mt-8 text-center text-sm text-fg-muted">{t("feed.profile.end")}</p>
        )}
      </section>
    </main>
  );
}
