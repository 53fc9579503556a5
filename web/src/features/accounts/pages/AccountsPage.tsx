/**
 * The workspace's social accounts: connect more (the catalog, OAuth or credentials, the sandbox),
 * see whether publishing to each works, and rename, pause, resume, reconnect or remove them.
 */
import { Plus } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { toast } from "sonner";
import { useDebounce } from "use-debounce";
import { Button } from "@/components/ui/Button";
import { PageHeader } from "@/components/ui/Card";
import { ConfirmDialog, Dialog } from "@/components/ui/Dialog";
import { PageSpinner } from "@/components/ui/Spinner";
import { EmptyState, ErrorState } from "@/components/ui/States";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import {
  type Account,
  type AccountFilters as Filters,
  type Platform,
  useAccounts,
  useConnectSandbox,
  usePlatforms,
  useReconnect,
  useRemoveAccount,
  useUpdateAccount,
} from "../api/accounts";
import { AccountFilters } from "../components/AccountFilters";
import { AccountList } from "../components/AccountList";
import type { AccountAction } from "../components/AccountRow";
import { ConnectDialog } from "../components/ConnectDialog";
import { OAuthResult } from "../components/OAuthResult";
import { browser, PlatformForm } from "../components/PlatformForm";
import { RenameDialog } from "../components/RenameDialog";
import { describeAccountError } from "../utils/errors";

const NO_FILTERS: Omit<Filters, "q"> = { platform: "", status: "" };
// Typing waits this long for a pause before asking the server.
const SEARCH_DELAY_MS = 250;

export default function AccountsPage() {
  const { t } = useTranslation();
  usePageTitle(t("accounts.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const canManage = atLeast(workspace.data?.role, "admin");
  const platforms = usePlatforms();

  const [search, setSearch] = useState("");
  const [q] = useDebounce(search.trim(), SEARCH_DELAY_MS);
  const [narrow, setNarrow] = useState(NO_FILTERS);
  const filters = useMemo(() => ({ q, ...narrow }), [q, narrow]);
  const filtered = Boolean(q || narrow.platform || narrow.status);
  const accounts = useAccounts(ws, filters);
  const items = useMemo(() => accounts.data?.pages.flatMap((page) => page.items) ?? [], [accounts.data]);
  const platformNames = useMemo(
    () => Object.fromEntries((platforms.data ?? []).map((p) => [p.platform, p.name])),
    [platforms.data],
  );

  const [connectOpen, setConnectOpen] = useState(false);
  const [chosen, setChosen] = useState<Platform | null>(null);
  const [renaming, setRenaming] = useState<Account | null>(null);
  const [removing, setRemoving] = useState<Account | null>(null);
  const [reconnecting, setReconnecting] = useState<Account | null>(null);

  const update = useUpdateAccount(ws);
  const remove = useRemoveAccount(ws);
  const reconnect = useReconnect(ws);
  const connectSandbox = useConnectSandbox(ws);
  // mutate functions keep their identity across renders: the memoised rows do not re-render.
  const { mutate: updateAccount } = update;
  const { mutate: reconnectAccount } = reconnect;
  const { mutate: connectSandboxAccount } = connectSandbox;
  const busyId =
    (update.isPending && update.variables?.id) ||
    (reconnect.isPending && reconnect.variables?.id) ||
    (remove.isPending && remove.variables) ||
    null;

  const openConnect = (platform: Platform | null = null) => {
    setChosen(platform);
    setConnectOpen(true);
  };

  const onAction = useCallback(
    (action: AccountAction, account: Account) => {
      const platform = platforms.data?.find((p) => p.platform === account.platform);
      const name = platform?.name ?? account.platform;
      const failed = (error: unknown) => toast.error(describeAccountError(error, t, name));
      if (action === "rename") setRenaming(account);
      else if (action === "remove") setRemoving(account);
      else if (action === "pause" || action === "resume")
        updateAccount(
          { id: account.id, status: action === "pause" ? "disconnected" : "active" },
          {
            onSuccess: (saved) =>
              toast.success(
                t(`accounts.toast.${action === "pause" ? "paused" : "resumed"}`, {
                  name: saved.display_name,
                }),
              ),
            onError: failed,
          },
        );
      else if (account.platform === "sandbox")
        // The sandbox has no sign-in page: connecting the same handle again renews its token.
        connectSandboxAccount(account.handle, {
          onSuccess: (saved) => toast.success(t("accounts.toast.reconnected", { name: saved.display_name })),
          onError: failed,
        });
      else if (platform?.auth === "oauth2" && platform.fields.length === 0)
        reconnectAccount(
          { id: account.id, fields: {} },
          {
            onSuccess: (result) => result.authorize_url && browser.go(result.authorize_url),
            onError: failed,
          },
        );
      else setReconnecting(account);
    },
    [platforms.data, updateAccount, reconnectAccount, connectSandboxAccount, t],
  );

  const reconnectPlatform = reconnecting && platforms.data?.find((p) => p.platform === reconnecting.platform);

  let body: React.ReactNode;
  if (accounts.isPending) body = <PageSpinner />;
  else if (accounts.error) body = <ErrorState error={accounts.error} onRetry={() => accounts.refetch()} />;
  else if (items.length === 0 && filtered)
    body = (
      <EmptyState
        title={t("accounts.empty.filteredTitle")}
        action={
          <Button
            variant="secondary"
            onClick={() => {
              setSearch("");
              setNarrow(NO_FILTERS);
            }}
          >
            {t("accounts.empty.clear")}
          </Button>
        }
      >
        {t("accounts.empty.filteredBody")}
      </EmptyState>
    );
  else if (items.length === 0)
    body = (
      <EmptyState
        title={t("accounts.empty.title")}
        action={
          canManage && (
            <Button onClick={() => openConnect()}>
              <Plus className="size-4" aria-hidden />
              {t("accounts.connect.button")}
            </Button>
          )
        }
      >
        {canManage ? t("accounts.empty.body") : t("accounts.empty.bodyReader")}
      </EmptyState>
    );
  else
    body = (
      <AccountList
        accounts={items}
        platformNames={platformNames}
        canManage={canManage}
        busyId={busyId}
        onAction={onAction}
        hasMore={Boolean(accounts.hasNextPage)}
        loadingMore={accounts.isFetchingNextPage}
        loadMore={accounts.fetchNextPage}
      />
    );

  return (
    <>
      <PageHeader
        title={t("accounts.title")}
        description={t("accounts.description")}
        actions={
          canManage && (
            <Button onClick={() => openConnect()}>
              <Plus className="size-4" aria-hidden />
              {t("accounts.connect.button")}
            </Button>
          )
        }
      />
      <OAuthResult platforms={platforms.data} onRetry={(platform) => openConnect(platform)} />
      {!canManage && workspace.data && (
        <p className="mb-4 rounded-lg bg-muted px-4 py-3 text-sm text-fg-muted">{t("accounts.readOnly")}</p>
      )}
      <AccountFilters
        search={search}
        onSearch={setSearch}
        filters={narrow}
        onChange={setNarrow}
        platforms={platforms.data ?? []}
      />
      <div aria-busy={accounts.isFetching && !accounts.isFetchingNextPage}>{body}</div>

      {canManage && (
        <ConnectDialog
          ws={ws}
          open={connectOpen}
          onOpenChange={setConnectOpen}
          chosen={chosen}
          onChoose={setChosen}
        />
      )}
      {renaming && <RenameDialog ws={ws} account={renaming} onClose={() => setRenaming(null)} />}
      {reconnecting && reconnectPlatform && (
        <Dialog
          open
          onOpenChange={(open) => !open && setReconnecting(null)}
          title={t("accounts.reconnect.title", { name: reconnecting.display_name })}
          description={t("accounts.reconnect.description", { platform: reconnectPlatform.name })}
        >
          <PlatformForm
            ws={ws}
            platform={reconnectPlatform}
            account={reconnecting}
            onDone={() => setReconnecting(null)}
          />
        </Dialog>
      )}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        danger
        busy={remove.isPending}
        title={t("accounts.remove.title", { name: removing?.display_name ?? "" })}
        description={t("accounts.remove.description", {
          platform: removing ? (platformNames[removing.platform] ?? removing.platform) : "",
        })}
        confirmLabel={t("accounts.remove.confirm")}
        onConfirm={() => {
          if (!removing) return;
          const account = removing;
          remove.mutate(account.id, {
            onSuccess: () => {
              toast.success(t("accounts.toast.removed", { name: account.display_name }));
              setRemoving(null);
            },
            onError: (error) => {
              toast.error(describeAccountError(error, t, platformNames[account.platform] ?? ""));
              setRemoving(null);
            },
          });
        }}
      />
    </>
  );
}
