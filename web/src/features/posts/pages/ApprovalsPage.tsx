/**
 * Posts waiting for my approval, to approve or send back with a comment. Someone who cannot approve
 * is told so and sees their own posts: those waiting, and those sent back to them.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Button, buttonClasses } from "@/components/ui/Button";
import { PageHeader } from "@/components/ui/Card";
import { PageSpinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { isolate, zoneLabel } from "@/lib/format";
import { useMe } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { usePlatformName } from "@/lib/workspaceData";
import { type Member, type Post, useApprovals, useMembers, usePosts } from "../api/posts";
import { ApprovalItem } from "../components/ApprovalItem";

function List({
  ws,
  posts,
  zone,
  members,
  canReview,
  label,
}: {
  ws: string;
  posts: Post[];
  zone: string;
  members: Map<string, Member>;
  canReview: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  return (
    <ul className="space-y-4" aria-label={label}>
      {posts.map((post) => {
        const member = post.created_by ? members.get(post.created_by) : undefined;
        return (
          <ApprovalItem
            key={post.id}
            ws={ws}
            post={post}
            zone={zone}
            authorName={member ? member.name || member.email : t("posts.list.unknownAuthor")}
            platformName={platformName}
            canReview={canReview}
          />
        );
      })}
    </ul>
  );
}

function Approver({ ws, zone, members }: { ws: string; zone: string; members: Map<string, Member> }) {
  const { t } = useTranslation();
  const waiting = useApprovals(ws, true);
  if (waiting.isPending) return <PageSpinner />;
  if (waiting.error) return <ErrorState error={waiting.error} onRetry={() => waiting.refetch()} />;
  const items = waiting.data.pages.flatMap((page) => page.items);
  if (!items.length)
    return (
      <EmptyState
        title={t("posts.approvals.emptyTitle")}
        action={
          <Link to={`/app/workspaces/${ws}/calendar`} className={buttonClasses("secondary")}>
            {t("posts.approvals.toCalendar")}
          </Link>
        }
      >
        {t("posts.approvals.emptyBody")}
      </EmptyState>
    );
  return (
    <>
      <List
        ws={ws}
        posts={items}
        zone={zone}
        members={members}
        canReview
        label={t("posts.approvals.waiting")}
      />
      {waiting.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            busy={waiting.isFetchingNextPage}
            onClick={() => waiting.fetchNextPage()}
          >
            {t("common.loadMore")}
          </Button>
        </div>
      )}
    </>
  );
}

function Author({
  ws,
  zone,
  me,
  members,
}: {
  ws: string;
  zone: string;
  me: string;
  members: Map<string, Member>;
}) {
  const { t } = useTranslation();
  const pending = usePosts(ws, { status: "pending_approval", author_id: me, sort: "created" });
  const drafts = usePosts(ws, { status: "draft", author_id: me, sort: "created" }, 50);
  if (pending.isPending || drafts.isPending) return <PageSpinner />;
  const error = pending.error ?? drafts.error;
  if (error)
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          void pending.refetch();
          void drafts.refetch();
        }}
      />
    );
  const waiting = pending.data?.pages.flatMap((page) => page.items) ?? [];
  const returned = (drafts.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (post) => post.review?.action === "rejected",
  );
  return (
    <div className="space-y-8">
      <section aria-labelledby="mine-waiting">
        <h2 id="mine-waiting" className="mb-3 text-lg font-semibold">
          {t("posts.approvals.mineWaiting")}
        </h2>
        {waiting.length ? (
          <List
            ws={ws}
            posts={waiting}
            zone={zone}
            members={members}
            canReview={false}
            label={t("posts.approvals.mineWaiting")}
          />
        ) : (
          <EmptyState
            title={t("posts.approvals.mineEmptyTitle")}
            action={
              <Link to={`/app/workspaces/${ws}/compose`} className={buttonClasses()}>
                {t("posts.approvals.write")}
              </Link>
            }
          >
            {t("posts.approvals.mineEmptyBody")}
          </EmptyState>
        )}
      </section>
      {returned.length > 0 && (
        <section aria-labelledby="mine-returned">
          <h2 id="mine-returned" className="mb-1 text-lg font-semibold">
            {t("posts.approvals.returned")}
          </h2>
          <p className="mb-3 text-sm text-fg-muted">{t("posts.approvals.returnedHint")}</p>
          <List
            ws={ws}
            posts={returned}
            zone={zone}
            members={members}
            canReview={false}
            label={t("posts.approvals.returned")}
          />
        </section>
      )}
    </div>
  );
}

export default function ApprovalsPage() {
  const { t } = useTranslation();
  usePageTitle(t("posts.approvals.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const me = useMe();
  const members = useMembers(ws);
  const memberMap = useMemo(
    () => new Map((members.data?.items ?? []).map((m) => [m.user_id, m])),
    [members.data],
  );
  const role = workspace.data?.role;
  const zone = workspace.data?.default_timezone ?? "UTC";
  const approver = atLeast(role, "editor");
  if (!workspace.data || !me.data) return <PageSpinner />;
  return (
    <div>
      <PageHeader
        title={t("posts.approvals.title")}
        description={
          approver
            ? t("posts.approvals.description", { zone: isolate(zoneLabel(zone)) })
            : t("posts.approvals.authorDescription", { zone: isolate(zoneLabel(zone)) })
        }
      />
      {!workspace.data.approval_required && (
        <p
          role="note"
          className="mb-4 rounded-lg border border-border bg-muted px-4 py-3 text-sm text-fg-muted"
        >
          {t("posts.approvals.notRequired")}
        </p>
      )}
      {approver ? (
        <Approver ws={ws} zone={zone} members={memberMap} />
      ) : (
        <>
          <p
            role="note"
            className="mb-6 rounded-lg border border-info/30 bg-info-soft px-4 py-3 text-sm text-info"
          >
            {t("posts.approvals.cannotApprove", { role: t(`roles.${role}`) })}
          </p>
          <Author ws={ws} zone={zone} me={me.data.id} members={memberMap} />
        </>
      )}
    </div>
  );
}
