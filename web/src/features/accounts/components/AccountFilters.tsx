import { Search, X } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Field, Input, Select } from "@/components/ui/Field";
import type { AccountFilters as Filters, Platform } from "../api/accounts";

/** Search by name or handle, and narrow by platform and health. */
export function AccountFilters({
  search,
  onSearch,
  filters,
  onChange,
  platforms,
}: {
  search: string;
  onSearch: (value: string) => void;
  filters: Omit<Filters, "q">;
  onChange: (filters: Omit<Filters, "q">) => void;
  platforms: Platform[];
}) {
  const { t } = useTranslation();
  return (
    <search className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
      <Field label={t("accounts.filters.search")} className="col-span-2 sm:col-span-1">
        {(props) => (
          <div className="relative">
            <Search
              className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-fg-muted"
              aria-hidden
            />
            <Input
              {...props}
              type="search"
              dir="auto"
              className="ps-9 pe-9"
              placeholder={t("accounts.filters.searchPlaceholder")}
              value={search}
              onChange={(e) => onSearch(e.target.value)}
              autoComplete="off"
            />
            {search && (
              <button
                type="button"
                className="absolute end-2 top-1/2 -translate-y-1/2 rounded p-1 text-fg-muted hover:bg-muted"
                aria-label={t("accounts.filters.clearSearch")}
                onClick={() => onSearch("")}
              >
                <X className="size-4" aria-hidden />
              </button>
            )}
          </div>
        )}
      </Field>
      <Field label={t("accounts.filters.platform")}>
        {(props) => (
          <Select
            {...props}
            value={filters.platform}
            onChange={(e) => onChange({ ...filters, platform: e.target.value })}
          >
            <option value="">{t("accounts.filters.allPlatforms")}</option>
            {platforms.map((p) => (
              <option key={p.platform} value={p.platform}>
                {p.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t("accounts.filters.status")}>
        {(props) => (
          <Select
            {...props}
            value={filters.status}
            onChange={(e) => onChange({ ...filters, status: e.target.value as Filters["status"] })}
          >
            <option value="">{t("accounts.filters.allStatuses")}</option>
            <option value="active">{t("accounts.health.connected")}</option>
            <option value="needs_reauth">{t("accounts.health.needs_reauth")}</option>
            <option value="disconnected">{t("accounts.health.disconnected")}</option>
          </Select>
        )}
      </Field>
    </search>
  );
}
