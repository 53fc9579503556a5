/**
 * /app/workspaces/:ws/compose (a new post; `?date=` from the calendar prefills the time, `?account=`
 * chooses accounts) and /compose/:postId (changing one).
 */
import { useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { PageHeader } from "@/components/ui/Card";
import { PageSpinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { toLocalInput } from "@/lib/format";
import { useMe } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { useAllAccounts, usePlatforms, usePost } from "../api/queries";
import { Composer } from "../components/Composer";
import { type ComposerState, EMPTY, fromPost, type Zones } from "../lib/state";

/** The time a link asks for, as the wall time in `zone`: a day (09:00), a local time, or an instant. */
export function localFromParam(value: string | null, zone: string, now = new Date()): string {
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T09:00`;
  if (value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return value.slice(0, 16);
  if (value && !Number.isNaN(Date.parse(value))) return toLocalInput(value, zone);
  // The next whole hour after the coming one: a time that is still ahead when the person is done.
  const next = new Date(now.getTime() + 2 * 3600_000);
  next.setUTCMinutes(0, 0, 0);
  return toLocalInput(next, zone);
}

export default function ComposerPage() {
  const { t } = useTranslation();
  const ws = useWorkspaceId();
  const { postId } = useParams();
  const [params] = useSearchParams();
  usePageTitle(postId ? t("composer.editTitle") : t("composer.title"));
  const workspace = useWorkspace(ws);
  const me = useMe();
  const accounts = useAllAccounts(ws);
  const platforms = usePlatforms();
  const post = usePost(ws, postId);

  const zones: Zones | null = useMemo(
    () =>
      workspace.data && me.data
        ? {
            workspace: workspace.data.default_timezone,
            mine: me.data.timezone || workspace.data.default_timezone,
          }
        : null,
    [workspace.data, me.data],
  );
  // The form starts once, from the address and the data; later refetches do not reset it.
  const first = useRef<{ key: string; state: ComposerState } | null>(null);
  const key = postId ?? "new";
  if (first.current?.key !== key && zones && accounts.data && (!postId || post.data)) {
    const known = new Set(accounts.data.filter((a) => a.status === "active").map((a) => a.id));
    first.current = {
      key,
      state:
        postId && post.data
          ? fromPost(post.data, zones, toLocalInput)
          : {
              ...EMPTY,
              selected: params.getAll("account").filter((id) => known.has(id)),
              local: localFromParam(params.get("date"), zones.workspace),
            },
    };
  }
  const initial = first.current?.key === key ? first.current.state : null;

  const queries = [workspace, me, accounts, platforms, ...(postId ? [post] : [])];
  const failed = queries.find((q) => q.error);
  const header = (
    <PageHeader
      title={postId ? t("composer.editTitle") : t("composer.title")}
      description={postId ? t("composer.editBody") : t("composer.body")}
    />
  );
  if (failed)
    return (
      <>
        {header}
        <ErrorState error={failed.error} onRetry={() => void Promise.all(queries.map((q) => q.refetch()))} />
      </>
    );
  if (!initial || !zones || !platforms.data || !accounts.data || !workspace.data) return <PageSpinner />;
  const role = workspace.data.role;
  if (!atLeast(role, "contributor"))
    return (
      <>
        {header}
        <EmptyState title={t("composer.viewer.title")}>{t("composer.viewer.body")}</EmptyState>
      </>
    );
  const connected = accounts.data.filter((a) => a.platform !== "feed");
  return (
    <>
      {header}
      {!connected.length && !postId && (
        <div className="mb-6">
          <EmptyState
            title={t("composer.noAccounts.title")}
            action={
              <Link to={`/app/workspaces/${ws}/accounts`} className={buttonClasses("primary", "sm")}>
                {t("composer.noAccounts.action")}
              </Link>
            }
          >
            {t("composer.noAccounts.body")}
          </EmptyState>
        </div>
      )}
      <Composer
        key={key}
        ws={ws}
        initial={initial}
        zones={zones}
        accounts={accounts.data}
        platforms={platforms.data}
        needsApproval={workspace.data.approval_required && !atLeast(role, "editor")}
        original={postId ? post.data : undefined}
      />
    </>
  );
}
