/** Where a post goes: each account's state, attempts, link once out, and what to do when it failed. */
import { AlertTriangle, ExternalLink } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { Account, Post } from "../api/posts";

type Target = Post["targets"][number];

function TargetFacts({ target, zone }: { target: Target; zone: string }) {
  const { t } = useTranslation();
  const facts: [string, string][] = [];
  if (target.published_at)
    facts.push([t("posts.targets.publishedAt"), formatDateTime(target.published_at, zone)]);
  else if (target.scheduled_at && target.status !== "cancelled")
    facts.push([t("posts.targets.scheduledFor"), formatDateTime(target.scheduled_at, zone)]);
  if (target.next_attempt_at && target.status === "retry_wait")
    facts.push([t("posts.targets.nextAttempt"), formatDateTime(target.next_attempt_at, zone)]);
  if (target.attempts > 0) facts.push([t("posts.targets.attempts"), formatNumber(target.attempts)]);
  if (!facts.length) return null;
  return (
    <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
      {facts.map(([label, value]) => (
        <div key={label} className="flex gap-2">
          <dt className="text-fg-muted">{label}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function TargetsList({
  ws,
  post,
  accounts,
  platformName,
}: {
  ws: string;
  post: Post;
  accounts: Map<string, Account>;
  platformName: (p: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <ul className="divide-y divide-border">
      {post.targets.map((target) => {
        const account = accounts.get(target.account_id);
        const reconnect = account && account.status !== "active";
        return (
          <li key={target.id} className="px-5 py-4" data-target-id={target.id}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="min-w-0">
                <p className="truncate font-medium">
                  <span dir="ltr">@{target.handle}</span>
                </p>
                <p className="text-xs text-fg-muted">{platformName(target.platform)}</p>
              </div>
              <div className="flex items-center gap-3">
                {target.external_url && (
                  <a
                    href={target.external_url}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="inline-flex items-center gap-1 text-sm font-medium text-accent hover:underline"
                  >
                    {t("posts.targets.view", { platform: platformName(target.platform) })}
                    <ExternalLink className="size-3.5" aria-hidden />
                  </a>
                )}
                <StatusBadge status={target.status} />
              </div>
            </div>
            <TargetFacts target={target} zone={post.timezone} />
            {target.text && (
              <p className="mt-2 whitespace-pre-wrap rounded-lg bg-muted px-3 py-2 text-sm" dir="auto">
                <span className="block text-xs font-medium text-fg-muted">{t("posts.targets.ownText")}</span>
                {target.text}
              </p>
            )}
            {target.error && (
              <div
                role="note"
                className="mt-3 flex gap-2 rounded-lg border border-danger/30 bg-danger-soft px-3 py-2 text-sm"
              >
                <AlertTriangle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden />
                <div className="min-w-0 space-y-1">
                  <p className="font-medium text-danger" dir="auto">
                    {target.error.message || t("posts.targets.failed")}
                  </p>
                  <p className="text-xs text-fg-muted">
                    {t("posts.targets.code")} <code className="font-mono">{target.error.code}</code>
                  </p>
                  {reconnect ? (
                    <p>
                      {t("posts.targets.reconnectHint")}{" "}
                      <Link
                        to={`/app/workspaces/${ws}/accounts`}
                        className="font-medium text-accent underline"
                      >
                        {t("posts.targets.reconnect")}
                      </Link>
                    </p>
                  ) : (
                    ["failed", "unconfirmed"].includes(target.status) && (
                      <p className="text-fg-muted">{t("posts.targets.retryHint")}</p>
                    )
                  )}
                </div>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
