import {
  AlertTriangle,
  ExternalLink,
  MoreHorizontal,
  Pause,
  Pencil,
  Play,
  RefreshCw,
  Trash2,
} from "lucide-react";
import { memo } from "react";
import { useTranslation } from "react-i18next";
import { Badge, type Tone } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "@/components/ui/Menu";
import type { Account } from "../api/accounts";
import { AccountFiguresLink } from "./AccountFiguresLink";
import { BUILT_IN } from "./ConnectDialog";
import { PlatformIcon } from "./PlatformIcon";

const HEALTH_TONE: Record<string, Tone> = {
  connected: "success",
  needs_reauth: "warning",
  disconnected: "neutral",
};

export type AccountAction = "rename" | "pause" | "resume" | "reconnect" | "remove";

export function HealthBadge({ health }: { health: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={HEALTH_TONE[health] ?? "neutral"}>
      {t(`accounts.health.${health}`, { defaultValue: health })}
    </Badge>
  );
}

/** "@name", unless the platform's handle already says how it is written (a channel, a server). */
export function shownHandle(handle: string) {
  return handle.startsWith("@") || handle.includes("@") ? handle : `@${handle}`;
}

/** One account: who it is, where, whether publishing to it works, and what can be done with it. */
export const AccountRow = memo(function AccountRow({
  account,
  platformName,
  canManage,
  busy,
  onAction,
}: {
  account: Account;
  platformName: string;
  canManage: boolean;
  busy: boolean;
  onAction: (action: AccountAction, account: Account) => void;
}) {
  const { t } = useTranslation();
  const builtIn = BUILT_IN.has(account.platform);
  const needsReauth = account.health === "needs_reauth";
  const paused = account.health === "disconnected";
  return (
    <div className="flex items-center gap-3 px-4 py-3 sm:px-5">
      <PlatformIcon platform={account.platform} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="truncate font-medium" dir="auto">
            {account.display_name}
          </span>
          <HealthBadge health={account.health} />
        </div>
        <p className="truncate text-sm text-fg-muted">
          <span dir="auto">{shownHandle(account.handle)}</span>
          <span aria-hidden> · </span>
          <span>{platformName}</span>
        </p>
        {needsReauth && (
          <p className="mt-1 flex items-start gap-1.5 text-xs text-warning">
            <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            <span dir="auto">
              {account.last_error || t("accounts.row.needsReauth", { platform: platformName })}
            </span>
          </p>
        )}
      </div>
      <AccountFiguresLink accountId={account.id} name={account.display_name} />
      {canManage && needsReauth && (
        <Button
          size="sm"
          variant="secondary"
          busy={busy}
          onClick={() => onAction("reconnect", account)}
          aria-label={t("accounts.actions.reconnectNamed", { name: account.display_name })}
        >
          <RefreshCw className="size-4" aria-hidden />
          <span className="hidden sm:inline">{t("accounts.actions.reconnect")}</span>
        </Button>
      )}
      {canManage && (
        <Menu>
          <MenuTrigger
            className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-fg-muted hover:bg-muted hover:text-fg disabled:opacity-60"
            aria-label={t("accounts.actions.menu", { name: account.display_name })}
            disabled={busy}
          >
            <MoreHorizontal className="size-5" aria-hidden />
          </MenuTrigger>
          <MenuContent>
            <MenuItem onSelect={() => onAction("rename", account)}>
              <Pencil className="size-4" aria-hidden />
              {t("accounts.actions.rename")}
            </MenuItem>
            {paused ? (
              <MenuItem onSelect={() => onAction("resume", account)}>
                <Play className="size-4" aria-hidden />
                {t("accounts.actions.resume")}
              </MenuItem>
            ) : (
              !needsReauth && (
                <MenuItem onSelect={() => onAction("pause", account)}>
                  <Pause className="size-4" aria-hidden />
                  {t("accounts.actions.pause")}
                </MenuItem>
              )
            )}
            {!builtIn && (
              <MenuItem onSelect={() => onAction("reconnect", account)}>
                <RefreshCw className="size-4" aria-hidden />
                {t("accounts.actions.reconnect")}
              </MenuItem>
            )}
            {account.profile_url && (
              <MenuItem
                onSelect={() => window.open(account.profile_url ?? "", "_blank", "noopener,noreferrer")}
              >
                <ExternalLink className="size-4 flip-rtl" aria-hidden />
                {t("accounts.actions.profile", { platform: platformName })}
              </MenuItem>
            )}
            {!builtIn && (
              <>
                <MenuSeparator />
                <MenuItem danger onSelect={() => onAction("remove", account)}>
                  <Trash2 className="size-4" aria-hidden />
                  {t("accounts.actions.remove")}
                </MenuItem>
              </>
            )}
          </MenuContent>
        </Menu>
      )}
    </div>
  );
});
