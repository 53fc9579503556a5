/**
 * One post: where it goes and how each account is doing (live while anything is on its way), what
 * the person may do to it, the series it repeats in and its review history.
 */
import { ArrowLeft, Radio } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { Card, CardHeader } from "@/components/ui/Card";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { isApiError } from "@/lib/errors";
import { formatDateTime, isolate, zoneLabel } from "@/lib/format";
import { inFlight } from "@/lib/postRules";
import { usePageTitle } from "@/lib/title";
import { useWorkspaceId } from "@/lib/workspace";
import { useAccountChoices, usePlatformName } from "@/lib/workspaceData";
import { useMembers, usePost, useReviews } from "../api/posts";
import { PostActions } from "../components/PostActions";
import { PostFigures } from "../components/PostFigures";
import { ReviewHistory } from "../components/ReviewHistory";
import { SeriesPanel } from "../components/SeriesPanel";
import { TargetsList } from "../components/TargetsList";
import { excerpt } from "../utils/excerpt";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="mt-0.5 text-sm font-medium">{children}</dd>
    </div>
  );
}

export default function PostPage() {
  const { t } = useTranslation();
  const ws = useWorkspaceId();
  const { postId = "" } = useParams();
  const navigate = useNavigate();
  const post = usePost(ws, postId);
  const reviews = useReviews(ws, postId);
  const accounts = useAccountChoices(ws);
  const members = useMembers(ws);
  const platformName = usePlatformName();
  usePageTitle(post.data ? excerpt(post.data.text, 40) || t("posts.untitled") : t("posts.one.title"));
  const accountMap = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, a])), [accounts.data]);
  const back = (
    <Link
      to={`/app/workspaces/${ws}/posts`}
      className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-fg-muted hover:text-fg"
    >
      <ArrowLeft className="size-4 flip-rtl" aria-hidden />
      {t("posts.one.back")}
    </Link>
  );

  if (post.isPending) return <PageSpinner />;
  if (post.error)
    return (
      <div>
        {back}
        {isApiError(post.error, "post_not_found") ? (
          <ErrorState error={post.error} />
        ) : (
          <ErrorState error={post.error} onRetry={() => post.refetch()} />
        )}
      </div>
    );
  const p = post.data;
  const author = members.data?.items.find((m) => m.user_id === p.created_by);
  const live = inFlight(p);
  const rejected = p.status === "draft" && p.review?.action === "rejected";

  return (
    <div>
      {back}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{t("posts.one.title")}</h1>
            <StatusBadge status={p.status} />
            {live && (
              <span className="inline-flex items-center gap-1 text-xs text-fg-muted" role="status">
                <Radio className="size-3.5 animate-pulse text-accent" aria-hidden />
                {t("posts.one.live")}
              </span>
            )}
          </div>
        </div>
        <PostActions
          ws={ws}
          post={p}
          variant="bar"
          onDeleted={() => navigate(`/app/workspaces/${ws}/posts`, { replace: true })}
        />
      </div>

      {rejected && p.review && (
        <div
          role="note"
          className="mb-6 rounded-xl border border-warning/30 bg-warning-soft px-5 py-4 text-sm"
        >
          <p className="font-medium text-warning">
            {t("posts.one.rejected", { name: isolate(p.review.by_name || t("posts.reviews.someone")) })}
          </p>
          {p.review.comment && (
            <p className="mt-1 whitespace-pre-wrap" dir="auto">
              {p.review.comment}
            </p>
          )}
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title={t("posts.one.content")} />
            <div className="px-5 py-4">
              {p.text ? (
                <p className="whitespace-pre-wrap break-words" dir="auto">
                  {p.text}
                </p>
              ) : (
                <p className="italic text-fg-muted">{t("posts.untitled")}</p>
              )}
              {(p.media ?? []).length > 0 && (
                <p className="mt-3 text-sm text-fg-muted">
                  {t("posts.one.media", { count: (p.media ?? []).length })}
                </p>
              )}
            </div>
          </Card>
          <Card>
            <CardHeader title={t("posts.one.targets")} description={t("posts.one.targetsHint")} />
            <TargetsList ws={ws} post={p} accounts={accountMap} platformName={platformName} />
          </Card>
          <PostFigures ws={ws} post={p} platformName={platformName} />
          {p.series_id && (
            <Card>
              <CardHeader title={t("posts.series.title")} description={t("posts.series.hint")} />
              <SeriesPanel ws={ws} seriesId={p.series_id} />
            </Card>
          )}
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title={t("posts.one.details")} />
            <dl className="space-y-3 px-5 py-4">
              <Fact label={t("posts.one.scheduled")}>
                {p.scheduled_at
                  ? formatDateTime(p.scheduled_at, p.timezone, { dateStyle: "full" })
                  : t("posts.list.notScheduled")}
              </Fact>
              <Fact label={t("posts.one.zone")}>
                {zoneLabel(p.timezone, p.scheduled_at ? new Date(p.scheduled_at) : undefined)}
              </Fact>
              <Fact label={t("posts.one.author")}>
                <span dir="auto">{author ? author.name || author.email : t("posts.list.unknownAuthor")}</span>
              </Fact>
              <Fact label={t("posts.one.created")}>{formatDateTime(p.created_at, p.timezone)}</Fact>
              {p.approved_at && (
                <Fact label={t("posts.one.approved")}>{formatDateTime(p.approved_at, p.timezone)}</Fact>
              )}
            </dl>
          </Card>
          <Card>
            <CardHeader title={t("posts.reviews.title")} />
            {reviews.isPending ? (
              <PageSpinner />
            ) : reviews.error ? (
              <div className="p-4">
                <ErrorState error={reviews.error} onRetry={() => reviews.refetch()} />
              </div>
            ) : reviews.data.length ? (
              <ReviewHistory entries={reviews.data} zone={p.timezone} />
            ) : (
              <p className="px-5 py-4 text-sm text-fg-muted">{t("posts.reviews.none")}</p>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
