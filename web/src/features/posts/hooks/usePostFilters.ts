/** The posts list's filters, kept in the address so a filtered list can be linked to and reloaded. */
import { useSearchState } from "@/lib/searchParams";
import type { PostListQuery } from "../api/keys";
import { dayEnd, dayStart } from "../utils/zonedDay";

export const STATUSES = [
  "draft",
  "pending_approval",
  "scheduled",
  "publishing",
  "published",
  "partially_published",
  "failed",
  "cancelled",
] as const;
export type PostStatus = (typeof STATUSES)[number];

export type PostFilterValues = {
  q: string;
  status: "" | PostStatus;
  platform: string;
  account: string;
  author: string;
  from: string; // YYYY-MM-DD in the workspace's zone
  to: string;
  sort: "created" | "scheduled";
  series: string; // only the occurrences of one series (linked from a post's page)
};

const FILTERS = ["q", "status", "platform", "account", "author", "from", "to", "series"] as const;

export function usePostFilters() {
  const { params, update, clear } = useSearchState();
  const status = params.get("status") ?? "";
  const values: PostFilterValues = {
    q: params.get("q") ?? "",
    status: (STATUSES as readonly string[]).includes(status) ? (status as PostStatus) : "",
    platform: params.get("platform") ?? "",
    account: params.get("account") ?? "",
    author: params.get("author") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    sort: params.get("sort") === "scheduled" ? "scheduled" : "created",
    series: params.get("series") ?? "",
  };
  const set = (change: Partial<PostFilterValues>) =>
    update(
      Object.fromEntries(
        Object.entries(change).map(([key, value]) => [
          key,
          key === "sort" && value === "created" ? "" : value,
        ]),
      ),
    );
  const active = FILTERS.some((key) => values[key]);
  return { values, set, clear, active };
}

/** The API's query for these filters, dates read in `zone`. */
export function toQuery(values: PostFilterValues, q: string, zone: string): PostListQuery {
  return {
    q: q.trim() || undefined,
    status: values.status || undefined,
    platform: values.platform || undefined,
    account_id: values.account || undefined,
    author_id: values.author || undefined,
    scheduled_from: values.from ? dayStart(values.from, zone) : undefined,
    scheduled_to: values.to ? dayEnd(values.to, zone) : undefined,
    series_id: values.series || undefined,
    sort: values.sort,
  };
}
