/** A post waiting for approval: what it says, where and when it goes, who wrote it; approve or reject. */
import { Check, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { toastError } from "@/components/ui/toast";
import { formatDateTime, isolate } from "@/lib/format";
import { type Post, useReviewPost } from "../api/posts";
import { RejectDialog } from "./RejectDialog";

export function ApprovalItem({
  ws,
  post,
  zone,
  authorName,
  platformName,
  canReview,
}: {
  ws: string;
  post: Post;
  zone: string;
  authorName: string;
  platformName: (p: string) => string;
  canReview: boolean;
}) {
  const { t } = useTranslation();
  const review = useReviewPost(ws);
  const [rejecting, setRejecting] = useState(false);
  const decide = (approve: boolean, comment = "") =>
    review.mutate(
      { id: post.id, approve, comment },
      {
        onSuccess: () => {
          setRejecting(false);
          toast.success(approve ? t("posts.approvals.approved") : t("posts.approvals.rejected"));
        },
        onError: (error) => toastError(error, t),
      },
    );
  const comment = post.status === "draft" && post.review?.action === "rejected" ? post.review : null;
  return (
    <li className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-5" data-post-id={post.id}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-fg-muted">
        <span dir="auto" className="font-medium text-fg">
          {authorName}
        </span>
        <div className="flex items-center gap-2">
          <StatusBadge status={post.status} />
          {post.scheduled_at ? (
            <time dateTime={post.scheduled_at}>{formatDateTime(post.scheduled_at, zone)}</time>
          ) : (
            <span>{t("posts.approvals.asSoonAsApproved")}</span>
          )}
        </div>
      </div>
      <p className="mt-3 line-clamp-6 whitespace-pre-wrap break-words" dir="auto">
        {post.text || <span className="italic text-fg-muted">{t("posts.untitled")}</span>}
      </p>
      <ul className="mt-3 flex flex-wrap gap-1.5">
        {post.targets.map((target) => (
          <li key={target.id} className="rounded-md bg-muted px-1.5 py-0.5 text-xs text-fg-muted">
            {platformName(target.platform)} · <span dir="ltr">@{target.handle}</span>
          </li>
        ))}
      </ul>
      {comment && (
        <div className="mt-3 rounded-lg border border-warning/30 bg-warning-soft px-3 py-2 text-sm">
          <p className="font-medium text-warning">
            {t("posts.one.rejected", { name: isolate(comment.by_name || t("posts.reviews.someone")) })}
          </p>
          {comment.comment && (
            <p className="mt-0.5 whitespace-pre-wrap" dir="auto">
              {comment.comment}
            </p>
          )}
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center gap-2">
        {canReview && (
          <>
            <Button
              size="sm"
              busy={review.isPending && review.variables?.approve}
              onClick={() => decide(true)}
            >
              <Check className="size-4" aria-hidden />
              {t("posts.approvals.approve")}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setRejecting(true)}>
              <X className="size-4" aria-hidden />
              {t("posts.approvals.reject")}
            </Button>
          </>
        )}
        <Link
          to={`/app/workspaces/${ws}/posts/${post.id}`}
          className="ms-auto text-sm font-medium text-accent hover:underline"
        >
          {t("posts.approvals.open")}
        </Link>
      </div>
      {canReview && (
        <RejectDialog
          open={rejecting}
          onOpenChange={setRejecting}
          busy={review.isPending}
          onReject={(text) => decide(false, text)}
        />
      )}
    </li>
  );
}
