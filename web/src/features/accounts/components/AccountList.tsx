/**
 * The accounts, virtualised against the page's own scroll: a workspace may hold 1,000 accounts,
 * and only the rows on screen (plus a few) are in the document. The next page loads as the end
 * comes into view, and by the "Load more" button for keyboards and screen readers.
 */
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { formatNumber } from "@/lib/format";
import type { Account } from "../api/accounts";
import { type AccountAction, AccountRow } from "./AccountRow";

const ROW_ESTIMATE = 72;
// Start loading the next page this many rows before the end comes into view.
const PREFETCH_ROWS = 15;

export function AccountList({
  accounts,
  platformNames,
  canManage,
  busyId,
  onAction,
  hasMore,
  loadingMore,
  loadMore,
}: {
  accounts: Account[];
  platformNames: Record<string, string>;
  canManage: boolean;
  busyId: string | null;
  onAction: (action: AccountAction, account: Account) => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLUListElement>(null);
  const [offset, setOffset] = useState(0);
  // Where the list starts on the page: what the window's scroll position is measured from.
  useLayoutEffect(() => {
    const measure = () => setOffset((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: accounts.length,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 6,
    scrollMargin: offset,
    getItemKey: (index) => accounts[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= accounts.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastShown, accounts.length, loadMore]);

  return (
    <Card className="overflow-hidden">
      <ul
        ref={listRef}
        aria-label={t("accounts.list.label")}
        className="relative"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const account = accounts[item.index];
          if (!account) return null;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-account={account.id}
              aria-setsize={hasMore ? -1 : accounts.length}
              aria-posinset={item.index + 1}
              className="absolute inset-x-0 top-0 border-b border-border last:border-b-0"
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
            >
              <AccountRow
                account={account}
                platformName={platformNames[account.platform] ?? account.platform}
                canManage={canManage}
                busy={busyId === account.id}
                onAction={onAction}
              />
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border px-4 py-3 text-sm text-fg-muted sm:px-5">
        <span role="status">
          {hasMore
            ? t("accounts.list.loadedSome", { count: accounts.length, shown: formatNumber(accounts.length) })
            : t("accounts.list.loadedAll", { count: accounts.length, shown: formatNumber(accounts.length) })}
        </span>
        {hasMore && (
          <Button variant="secondary" size="sm" busy={loadingMore} onClick={loadMore}>
            {t("common.loadMore")}
          </Button>
        )}
      </div>
    </Card>
  );
}
