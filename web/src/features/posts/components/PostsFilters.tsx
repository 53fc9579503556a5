/** Search, sort and filters of the posts list: status, platform, account, author and dates. */
import { Search, SlidersHorizontal, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/Field";
import { isolate, zoneLabel } from "@/lib/format";
import type { Account, Member } from "../api/posts";
import { type PostFilterValues, STATUSES } from "../hooks/usePostFilters";

export function PostsFilters({
  values,
  search,
  onSearch,
  onChange,
  onClear,
  active,
  accounts,
  members,
  zone,
  platformName,
}: {
  values: PostFilterValues;
  search: string;
  onSearch: (q: string) => void;
  onChange: (change: Partial<PostFilterValues>) => void;
  onClear: () => void;
  active: boolean;
  accounts: Account[];
  members: Member[];
  zone: string;
  platformName: (platform: string) => string;
}) {
  const { t } = useTranslation();
  const platforms = [...new Set(accounts.map((a) => a.platform))].sort();
  // On a phone the filters fold away behind one button; wider screens always show them.
  const [open, setOpen] = useState(false);
  const chosen = [
    values.status,
    values.platform,
    values.account,
    values.author,
    values.from,
    values.to,
  ].filter(Boolean).length;
  return (
    <section aria-label={t("posts.filters.label")} className="mb-4 space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="relative min-w-0 flex-1 basis-64">
          <label htmlFor="posts-search" className="sr-only">
            {t("posts.filters.search")}
          </label>
          <Search
            className="pointer-events-none absolute start-3 top-1/2 size-4 -translate-y-1/2 text-fg-muted"
            aria-hidden
          />
          <Input
            id="posts-search"
            type="search"
            dir="auto"
            className="ps-9"
            placeholder={t("posts.filters.search")}
            value={search}
            onChange={(e) => onSearch(e.target.value)}
          />
        </div>
        <Field label={t("posts.filters.sort")} className="w-full sm:w-56">
          {(props) => (
            <Select
              {...props}
              value={values.sort}
              onChange={(e) => onChange({ sort: e.target.value === "scheduled" ? "scheduled" : "created" })}
            >
              <option value="created">{t("posts.filters.sortCreated")}</option>
              <option value="scheduled">{t("posts.filters.sortScheduled")}</option>
            </Select>
          )}
        </Field>
      </div>
      <Button
        variant="secondary"
        size="sm"
        className="md:hidden"
        aria-expanded={open}
        aria-controls="posts-filters"
        onClick={() => setOpen(!open)}
      >
        <SlidersHorizontal className="size-4" aria-hidden />
        {chosen ? t("posts.filters.toggleCount", { count: chosen }) : t("posts.filters.toggle")}
      </Button>
      <div
        id="posts-filters"
        className={cn("grid-cols-2 gap-3 md:grid md:grid-cols-3 lg:grid-cols-6", open ? "grid" : "hidden")}
      >
        <Field label={t("posts.filters.status")}>
          {(props) => (
            <Select
              {...props}
              value={values.status}
              onChange={(e) => onChange({ status: e.target.value as PostFilterValues["status"] })}
            >
              <option value="">{t("posts.filters.anyStatus")}</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("posts.filters.platform")}>
          {(props) => (
            <Select
              {...props}
              value={values.platform}
              onChange={(e) => onChange({ platform: e.target.value })}
            >
              <option value="">{t("posts.filters.anyPlatform")}</option>
              {platforms.map((platform) => (
                <option key={platform} value={platform}>
                  {platformName(platform)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("posts.filters.account")}>
          {(props) => (
            <Select {...props} value={values.account} onChange={(e) => onChange({ account: e.target.value })}>
              <option value="">{t("posts.filters.anyAccount")}</option>
              {accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  @{account.handle} · {platformName(account.platform)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("posts.filters.author")}>
          {(props) => (
            <Select {...props} value={values.author} onChange={(e) => onChange({ author: e.target.value })}>
              <option value="">{t("posts.filters.anyAuthor")}</option>
              {members.map((member) => (
                <option key={member.user_id} value={member.user_id}>
                  {member.name || member.email}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("posts.filters.from")}>
          {(props) => (
            <Input
              {...props}
              type="date"
              value={values.from}
              max={values.to || undefined}
              onChange={(e) => onChange({ from: e.target.value })}
            />
          )}
        </Field>
        <Field label={t("posts.filters.to")}>
          {(props) => (
            <Input
              {...props}
              type="date"
              value={values.to}
              min={values.from || undefined}
              onChange={(e) => onChange({ to: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-fg-muted">
        <span>{t("posts.filters.zone", { zone: isolate(zoneLabel(zone)) })}</span>
        {values.series && (
          <span className="inline-flex items-center gap-1 rounded-full bg-accent-soft px-2 py-0.5 text-accent">
            {t("posts.filters.series")}
            <button
              type="button"
              className="rounded-full p-0.5 hover:bg-accent/10"
              aria-label={t("posts.filters.seriesClear")}
              onClick={() => onChange({ series: "" })}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </span>
        )}
        {active && (
          <Button variant="ghost" size="sm" onClick={onClear}>
            <X className="size-4" aria-hidden />
            {t("posts.filters.clear")}
          </Button>
        )}
      </div>
    </section>
  );
}
