/** Posts as a table on wide screens and as cards on a phone, each with its status and actions. */
import { Repeat } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatDateTime } from "@/lib/format";
import type { Member, Post } from "../api/posts";
import { excerpt } from "../utils/excerpt";
import { PostActions } from "./PostActions";

function When({ post, zone }: { post: Post; zone: string }) {
  const { t } = useTranslation();
  if (!post.scheduled_at) return <span className="text-fg-muted">{t("posts.list.notScheduled")}</span>;
  return <time dateTime={post.scheduled_at}>{formatDateTime(post.scheduled_at, zone)}</time>;
}

function Accounts({ post, platformName }: { post: Post; platformName: (p: string) => string }) {
  const shown = post.targets.slice(0, 2);
  const more = post.targets.length - shown.length;
  const { t } = useTranslation();
  return (
    <ul className="flex flex-wrap gap-1">
      {shown.map((target) => (
        <li
          key={target.id}
          className="max-w-full truncate rounded-md bg-muted px-1.5 py-0.5 text-xs text-fg-muted"
          title={`${platformName(target.platform)} @${target.handle}`}
        >
          <span dir="ltr">@{target.handle}</span>
        </li>
      ))}
      {more > 0 && (
        <li className="rounded-md bg-muted px-1.5 py-0.5 text-xs text-fg-muted">
          {t("posts.list.more", { count: more })}
        </li>
      )}
    </ul>
  );
}

function Title({ ws, post }: { ws: string; post: Post }) {
  const { t } = useTranslation();
  return (
    <Link
      to={`/app/workspaces/${ws}/posts/${post.id}`}
      className="line-clamp-2 font-medium text-fg hover:text-accent hover:underline"
      dir="auto"
    >
      {excerpt(post.text, 140) || <span className="italic text-fg-muted">{t("posts.untitled")}</span>}
    </Link>
  );
}

function SeriesMark({ post }: { post: Post }) {
  const { t } = useTranslation();
  if (!post.series_id) return null;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-fg-muted">
      <Repeat className="size-3.5" aria-hidden />
      {t("posts.list.repeats")}
    </span>
  );
}

export function PostsList({
  ws,
  posts,
  zone,
  members,
  platformName,
}: {
  ws: string;
  posts: Post[];
  zone: string;
  members: Map<string, Member>;
  platformName: (p: string) => string;
}) {
  const { t } = useTranslation();
  const author = (post: Post) => {
    const member = post.created_by ? members.get(post.created_by) : undefined;
    return member ? member.name || member.email : t("posts.list.unknownAuthor");
  };
  return (
    <>
      <div className="hidden overflow-x-auto rounded-xl border border-border bg-surface md:block">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("posts.list.caption", { zone })}</caption>
          <thead className="border-b border-border bg-muted/60 text-start text-xs uppercase tracking-wide text-fg-muted">
            <tr>
              <th scope="col" className="px-4 py-3 text-start font-medium">
                {t("posts.list.post")}
              </th>
              <th scope="col" className="px-4 py-3 text-start font-medium">
                {t("posts.list.accounts")}
              </th>
              <th scope="col" className="px-4 py-3 text-start font-medium">
                {t("posts.list.status")}
              </th>
              <th scope="col" className="px-4 py-3 text-start font-medium">
                {t("posts.list.when")}
              </th>
              <th scope="col" className="px-4 py-3 text-start font-medium">
                {t("posts.list.author")}
              </th>
              <th scope="col" className="px-2 py-3">
                <span className="sr-only">{t("posts.list.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {posts.map((post) => (
              <tr key={post.id} data-post-id={post.id} className="align-top hover:bg-muted/40">
                <td className="max-w-sm px-4 py-3">
                  <Title ws={ws} post={post} />
                  <SeriesMark post={post} />
                </td>
                <td className="max-w-48 px-4 py-3">
                  <Accounts post={post} platformName={platformName} />
                </td>
                <td className="px-4 py-3">
                  <StatusBadge status={post.status} />
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-fg-muted">
                  <When post={post} zone={zone} />
                </td>
                <td className="max-w-40 truncate px-4 py-3 text-fg-muted" dir="auto">
                  {author(post)}
                </td>
                <td className="px-2 py-2 text-end">
                  <PostActions ws={ws} post={post} variant="menu" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-3 md:hidden" aria-label={t("posts.list.caption", { zone })}>
        {posts.map((post) => (
          <li
            key={post.id}
            data-post-id={post.id}
            className="rounded-xl border border-border bg-surface p-4 shadow-sm"
          >
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0 flex-1 space-y-1">
                <Title ws={ws} post={post} />
                <SeriesMark post={post} />
              </div>
              <PostActions ws={ws} post={post} variant="menu" />
            </div>
            <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-fg-muted">
              <StatusBadge status={post.status} />
              <When post={post} zone={zone} />
            </div>
            <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
              <Accounts post={post} platformName={platformName} />
              <span className="truncate text-xs text-fg-muted" dir="auto">
                {author(post)}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
