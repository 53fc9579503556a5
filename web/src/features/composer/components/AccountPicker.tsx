/**
 * Choosing up to 1,000 accounts: search, a platform filter, select or clear everything that matches,
 * and a virtualised list (only the rows in view are in the page, so 1,000 stay fast).
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { Search } from "lucide-react";
import { memo, useDeferredValue, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/Field";
import { formatNumber } from "@/lib/format";
import type { Account } from "../api/queries";
import type { Action } from "../lib/state";

const ROW = 48;

export function matches(account: Account, query: string, platform: string): boolean {
  if (platform && account.platform !== platform) return false;
  if (!query) return true;
  const q = query.toLocaleLowerCase();
  return (
    account.handle.toLocaleLowerCase().includes(q) || account.display_name.toLocaleLowerCase().includes(q)
  );
}

export const AccountPicker = memo(function AccountPicker({
  accounts,
  selected,
  platformNames,
  problems,
  dispatch,
}: {
  accounts: Account[];
  selected: ReadonlySet<string>;
  platformNames: Record<string, string>;
  /** Accounts with a problem, marked in the list. */
  problems: ReadonlySet<string>;
  dispatch: (action: Action) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const [platform, setPlatform] = useState("");
  const deferredQuery = useDeferredValue(query);
  const visible = useMemo(
    () => accounts.filter((a) => matches(a, deferredQuery.trim(), platform)),
    [accounts, deferredQuery, platform],
  );
  const platforms = useMemo(() => [...new Set(accounts.map((a) => a.platform))].sort(), [accounts]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 8,
  });
  const selectable = visible.filter((a) => a.status === "active");
  const allVisibleSelected = selectable.length > 0 && selectable.every((a) => selected.has(a.id));
  const filtered = deferredQuery.trim() !== "" || platform !== "";

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row">
        <div className="relative flex-1">
          <Search
            className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-fg-muted"
            aria-hidden
          />
          <Input
            type="search"
            dir="auto"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t("composer.accounts.search")}
            aria-label={t("composer.accounts.search")}
            className="ps-9"
          />
        </div>
        <Select
          value={platform}
          onChange={(e) => setPlatform(e.target.value)}
          aria-label={t("composer.accounts.platform")}
          className="sm:w-48"
        >
          <option value="">{t("composer.accounts.allPlatforms")}</option>
          {platforms.map((p) => (
            <option key={p} value={p}>
              {platformNames[p] ?? p}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="me-auto text-fg-muted" aria-live="polite">
          {t("composer.accounts.selectedOf", {
            selected: formatNumber(selected.size),
            total: formatNumber(accounts.length),
          })}
        </span>
        <Button
          variant="secondary"
          size="sm"
          disabled={!selectable.length || allVisibleSelected}
          onClick={() => dispatch({ type: "selectAccounts", ids: selectable.map((a) => a.id) })}
        >
          {filtered
            ? t("composer.accounts.selectMatching", { count: selectable.length })
            : t("composer.accounts.selectAll", { count: selectable.length })}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          disabled={!visible.some((a) => selected.has(a.id))}
          onClick={() => dispatch({ type: "deselectAccounts", ids: visible.map((a) => a.id) })}
        >
          {filtered ? t("composer.accounts.clearMatching") : t("composer.accounts.clearAll")}
        </Button>
      </div>
      {visible.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-fg-muted">
          {t("composer.accounts.noMatch")}
        </p>
      ) : (
        <div ref={scroller} className="max-h-72 overflow-y-auto rounded-lg border border-border">
          <ul
            className="relative"
            style={{ height: virtual.getTotalSize() }}
            aria-label={t("composer.accounts.list")}
          >
            {virtual.getVirtualItems().map((row) => {
              const account = visible[row.index] as Account;
              const checked = selected.has(account.id);
              const usable = account.status === "active";
              return (
                <li
                  key={account.id}
                  className="absolute inset-x-0 top-0"
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                >
                  <label
                    className={cn(
                      "flex h-full cursor-pointer items-center gap-3 border-b border-border px-3 text-sm last:border-b-0 hover:bg-muted",
                      checked && "bg-accent-soft/60",
                      !usable && "cursor-not-allowed opacity-70",
                    )}
                  >
                    <input
                      type="checkbox"
                      className="size-4 shrink-0 accent-[var(--ck-accent)]"
                      checked={checked}
                      disabled={!usable && !checked}
                      onChange={() => dispatch({ type: "toggleAccount", id: account.id })}
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium" dir="auto">
                        {account.display_name || account.handle}
                      </span>
                      <span className="block truncate text-xs text-fg-muted" dir="ltr">
                        @{account.handle}
                      </span>
                    </span>
                    {problems.has(account.id) && checked && (
                      <Badge tone="danger">{t("composer.accounts.hasProblem")}</Badge>
                    )}
                    {!usable && <Badge tone="warning">{t(`status.${account.status}`)}</Badge>}
                    <span className="shrink-0 text-xs text-fg-muted">
                      {platformNames[account.platform] ?? account.platform}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
});
