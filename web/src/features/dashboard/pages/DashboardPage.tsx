/**
 * The workspace at a glance: counts by status, what goes out next, what failed and why (with a
 * retry), the last 30 days of followers and engagement, and the accounts' health. It refreshes while
 * open; an empty workspace says what to do first.
 */
import { AlertTriangle, CalendarClock, CheckCircle2, ClipboardCheck, RotateCcw } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader, PageHeader } from "@/components/ui/Card";
import { QueryBody } from "@/components/ui/QueryBody";
import { PageSpinner } from "@/components/ui/Spinner";
import { ErrorState } from "@/components/ui/States";
import { toastError } from "@/components/ui/toast";
import { formatNumber, isolate, zoneLabel } from "@/lib/format";
import { may } from "@/lib/postRules";
import { useMe } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import {
  type Post,
  useAccountHealth,
  useFailures,
  useRetry,
  useSummary,
  useUpcoming,
} from "../api/dashboard";
import { AudienceCharts } from "../components/AudienceCharts";
import { GettingStarted } from "../components/GettingStarted";
import { PostLine } from "../components/PostLine";
import { StatCard } from "../components/StatCard";

function FailureReason({ post }: { post: Post }) {
  const { t } = useTranslation();
  const failed = post.targets.filter((target) => target.error);
  if (!failed.length) return null;
  return (
    <ul className="mt-2 space-y-1">
      {failed.slice(0, 3).map((target) => (
        <li key={target.id} className="flex gap-1.5 text-sm">
          <AlertTriangle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden />
          <span className="min-w-0">
            <span className="block text-danger" dir="auto">
              {target.error?.message || t("dashboard.failures.unknown")}
            </span>
            <span className="block text-xs text-fg-muted">
              <span dir="ltr">@{target.handle}</span>
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t("dashboard.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const me = useMe();
  const summary = useSummary(ws);
  const upcoming = useUpcoming(ws);
  const failures = useFailures(ws);
  const accounts = useAccountHealth(ws);
  const retry = useRetry(ws);
  const zone = workspace.data?.default_timezone ?? "UTC";
  const role = workspace.data?.role;
  const canWrite = atLeast(role, "contributor");
  const base = `/app/workspaces/${ws}`;

  if (summary.isPending || accounts.isPending) return <PageSpinner />;
  if (summary.error) return <ErrorState error={summary.error} onRetry={() => summary.refetch()} />;
  const counts = summary.data;
  const health = accounts.data;
  const fresh = counts.total === 0;

  const doRetry = (post: Post) =>
    retry.mutate(post.id, {
      onSuccess: () => toast.success(t("dashboard.failures.retrying")),
      onError: (error) => toastError(error, t),
    });

  return (
    <div>
      <PageHeader
        title={t("dashboard.title")}
        description={
          <span>
            <span dir="auto">{workspace.data?.name}</span> ·{" "}
            {t("dashboard.zone", { zone: isolate(zoneLabel(zone)) })}
          </span>
        }
      />
      {fresh && <GettingStarted ws={ws} hasAccounts={(health?.social ?? 0) > 0} canWrite={canWrite} />}

      <section aria-label={t("dashboard.counts")} className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard
          label={t("dashboard.scheduled")}
          value={counts.scheduled}
          to={`${base}/posts?status=scheduled&sort=scheduled`}
          icon={CalendarClock}
          tone="info"
        />
        <StatCard
          label={t("dashboard.published")}
          value={counts.published + counts.partially_published}
          to={`${base}/posts?status=published`}
          icon={CheckCircle2}
          tone="success"
        />
        <StatCard
          label={t("dashboard.failed")}
          value={counts.failed}
          to={`${base}/posts?status=failed`}
          icon={AlertTriangle}
          tone="danger"
        />
        <StatCard
          label={t("dashboard.awaiting")}
          value={counts.pending_approval}
          to={`${base}/approvals`}
          icon={ClipboardCheck}
          tone="warning"
        />
      </section>

      {(health?.social ?? 0) > 0 && <AudienceCharts ws={ws} zone={zone} />}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title={t("dashboard.upcoming.title")}
            action={
              <Link to={`${base}/calendar`} className="text-sm font-medium text-accent hover:underline">
                {t("dashboard.upcoming.calendar")}
              </Link>
            }
          />
          <QueryBody
            query={upcoming}
            empty={(page) => (page.items.length ? null : t("dashboard.upcoming.empty"))}
          >
            {(page) => (
              <ul className="divide-y divide-border">
                {page.items.map((post) => (
                  <PostLine key={post.id} ws={ws} post={post} zone={zone} />
                ))}
              </ul>
            )}
          </QueryBody>
        </Card>

        <Card>
          <CardHeader
            title={t("dashboard.failures.title")}
            action={
              <Link
                to={`${base}/posts?status=failed`}
                className="text-sm font-medium text-accent hover:underline"
              >
                {t("dashboard.failures.all")}
              </Link>
            }
          />
          <QueryBody
            query={failures}
            empty={(page) => (page.items.length ? null : t("dashboard.failures.empty"))}
          >
            {(page) => (
              <ul className="divide-y divide-border">
                {page.items.map((post) => (
                  <PostLine key={post.id} ws={ws} post={post} zone={zone}>
                    <FailureReason post={post} />
                    {may(role, me.data?.id, post, "retry") && (
                      <Button
                        variant="secondary"
                        size="sm"
                        className="mt-2"
                        busy={retry.isPending && retry.variables === post.id}
                        onClick={() => doRetry(post)}
                      >
                        <RotateCcw className="size-4" aria-hidden />
                        {t("dashboard.failures.retry")}
                      </Button>
                    )}
                  </PostLine>
                ))}
              </ul>
            )}
          </QueryBody>
        </Card>

        <Card className="lg:col-span-2">
          <CardHeader
            title={t("dashboard.accounts.title")}
            action={
              <Link to={`${base}/accounts`} className="text-sm font-medium text-accent hover:underline">
                {t("dashboard.accounts.manage")}
              </Link>
            }
          />
          {accounts.error || !health ? (
            <div className="p-4">
              <ErrorState error={accounts.error} onRetry={() => accounts.refetch()} />
            </div>
          ) : health.total === 0 ? (
            <p className="px-5 py-6 text-sm text-fg-muted">
              {t("dashboard.accounts.none")}{" "}
              <Link to={`${base}/accounts`} className="font-medium text-accent underline">
                {t("dashboard.accounts.connect")}
              </Link>
            </p>
          ) : (
            <dl className="grid grid-cols-3 divide-x divide-border">
              {(
                [
                  ["connected", health.connected, "text-success"],
                  ["needsReauth", health.needsReauth, "text-warning"],
                  ["disconnected", health.disconnected, "text-danger"],
                ] as const
              ).map(([key, value, tone]) => (
                <div key={key} className="flex flex-col-reverse px-4 py-4 text-center sm:px-5">
                  <dt className="text-xs text-fg-muted sm:text-sm">{t(`dashboard.accounts.${key}`)}</dt>
                  <dd className={`text-2xl font-semibold tabular-nums ${value ? tone : "text-fg-muted"}`}>
                    {formatNumber(value)}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {health && health.needsReauth > 0 && (
            <p className="border-t border-border px-5 py-3 text-sm text-warning">
              {t("dashboard.accounts.reconnectHint")}{" "}
              <Link to={`${base}/accounts`} className="font-medium underline">
                {t("dashboard.accounts.reconnect")}
              </Link>
            </p>
          )}
        </Card>
      </div>
    </div>
  );
}
