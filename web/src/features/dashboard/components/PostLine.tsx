import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatDateTime } from "@/lib/format";
import type { Post } from "../api/dashboard";

/** A post on one line: its text, where it goes and when. */
export function PostLine({
  ws,
  post,
  zone,
  children,
}: {
  ws: string;
  post: Post;
  zone: string;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const text = post.text.replace(/\s+/g, " ").trim();
  const handles = post.targets.map((target) => `@${target.handle}`).join(", ");
  return (
    <li className="px-5 py-3" data-post-id={post.id}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <Link
            to={`/app/workspaces/${ws}/posts/${post.id}`}
            className="block truncate font-medium hover:text-accent hover:underline"
            dir="auto"
          >
            {text || t("dashboard.untitled")}
          </Link>
          <p className="truncate text-xs text-fg-muted">
            {post.scheduled_at && (
              <time dateTime={post.scheduled_at}>{formatDateTime(post.scheduled_at, zone)}</time>
            )}
            {post.scheduled_at && " · "}
            <span dir="ltr">{handles}</span>
          </p>
        </div>
        <StatusBadge status={post.status} />
      </div>
      {children}
    </li>
  );
}
