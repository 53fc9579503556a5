/** Every post of the workspace: searched, sorted and filtered, each with its status and actions. */
import { PenSquare } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Button, buttonClasses } from "@/components/ui/Button";
import { PageHeader } from "@/components/ui/Card";
import { PageSpinner, Spinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { useAccountChoices, usePlatformName } from "@/lib/workspaceData";
import { useMembers, usePosts } from "../api/posts";
import { PostsFilters } from "../components/PostsFilters";
import { PostsList } from "../components/PostsList";
import { useDebounced } from "../hooks/useDebounced";
import { toQuery, usePostFilters } from "../hooks/usePostFilters";

export default function PostsPage() {
  const { t } = useTranslation();
  usePageTitle(t("posts.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const zone = workspace.data?.default_timezone ?? "UTC";
  const filters = usePostFilters();
  const [search, setSearch] = useState(filters.values.q);
  const q = useDebounced(search);
  const { set } = filters;
  // The address follows the search once typing pauses.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search term writes the address
  useEffect(() => {
    if (q !== filters.values.q) set({ q });
  }, [q]);
  const query = useMemo(() => toQuery(filters.values, q, zone), [filters.values, q, zone]);
  const posts = usePosts(ws, query);
  const accounts = useAccountChoices(ws);
  const members = useMembers(ws);
  const platformName = usePlatformName();
  const memberMap = useMemo(
    () => new Map((members.data?.items ?? []).map((m) => [m.user_id, m])),
    [members.data],
  );
  const items = posts.data?.pages.flatMap((page) => page.items) ?? [];
  const canWrite = atLeast(workspace.data?.role, "contributor");

  let body: React.ReactNode;
  if (posts.isPending) body = <PageSpinner />;
  else if (posts.error && !posts.data)
    body = <ErrorState error={posts.error} onRetry={() => posts.refetch()} />;
  else if (!items.length)
    body = filters.active ? (
      <EmptyState
        title={t("posts.empty.filteredTitle")}
        action={
          <Button
            variant="secondary"
            onClick={() => {
              setSearch("");
              filters.clear();
            }}
          >
            {t("posts.filters.clear")}
          </Button>
        }
      >
        {t("posts.empty.filteredBody")}
      </EmptyState>
    ) : (
      <EmptyState
        title={t("posts.empty.title")}
        action={
          canWrite && (
            <Link to={`/app/workspaces/${ws}/compose`} className={buttonClasses()}>
              <PenSquare className="size-4" aria-hidden />
              {t("posts.empty.write")}
            </Link>
          )
        }
      >
        {canWrite ? t("posts.empty.body") : t("posts.empty.viewerBody")}
      </EmptyState>
    );
  else
    body = (
      <>
        <PostsList ws={ws} posts={items} zone={zone} members={memberMap} platformName={platformName} />
        {posts.hasNextPage && (
          <div className="mt-4 flex justify-center">
            <Button variant="secondary" busy={posts.isFetchingNextPage} onClick={() => posts.fetchNextPage()}>
              {t("common.loadMore")}
            </Button>
          </div>
        )}
      </>
    );

  return (
    <div>
      <PageHeader
        title={t("posts.title")}
        description={t("posts.description")}
        actions={
          canWrite && (
            <Link to={`/app/workspaces/${ws}/compose`} className={buttonClasses()}>
              <PenSquare className="size-4" aria-hidden />
              {t("posts.new")}
            </Link>
          )
        }
      />
      <PostsFilters
        values={filters.values}
        search={search}
        onSearch={setSearch}
        onChange={filters.set}
        onClear={() => {
          setSearch("");
          filters.clear();
        }}
        active={filters.active}
        accounts={accounts.data ?? []}
        members={members.data?.items ?? []}
        zone={zone}
        platformName={platformName}
      />
      {posts.isPlaceholderData && (
        <div className="mb-2 flex justify-end">
          <Spinner className="size-4 text-fg-muted" />
        </div>
      )}
      {body}
    </div>
  );
}
