/**
 * The calendar page: the zone (the workspace's, or the person's own, always said), the filters, and
 * the calendar itself, whose code loads only here.
 */
import { PenSquare } from "lucide-react";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/Button";
import { PageHeader } from "@/components/ui/Card";
import { cn } from "@/components/ui/cn";
import { Field, Select } from "@/components/ui/Field";
import { PageSpinner } from "@/components/ui/Spinner";
import { isolate, zoneLabel } from "@/lib/format";
import { useSearchState } from "@/lib/searchParams";
import { useMe } from "@/lib/session";
import { usePageTitle } from "@/lib/title";
import { atLeast, useWorkspace, useWorkspaceId } from "@/lib/workspace";
import { useAccountChoices, usePlatformName } from "@/lib/workspaceData";
import type { View } from "../components/CalendarBoard";

const CalendarBoard = lazy(() => import("../components/CalendarBoard"));
const VIEWS: View[] = ["month", "week", "day", "list"];

/** A phone starts on the list: a grid of weeks does not fit 390 px. */
function defaultView(): View {
  return typeof window !== "undefined" && window.matchMedia("(max-width: 639px)").matches ? "list" : "week";
}

export default function CalendarPage() {
  const { t } = useTranslation();
  usePageTitle(t("calendar.title"));
  const ws = useWorkspaceId();
  const workspace = useWorkspace(ws);
  const me = useMe();
  const accounts = useAccountChoices(ws);
  const platformName = usePlatformName();
  const { params, update } = useSearchState();
  const param = params.get("view") as View | null;
  const view = param && VIEWS.includes(param) ? param : defaultView();
  const mine = params.get("zone") === "mine";
  const account = params.get("account") ?? "";
  const platform = params.get("platform") ?? "";
  if (!workspace.data || !me.data) return <PageSpinner />;
  const workspaceZone = workspace.data.default_timezone;
  const myZone = me.data.timezone || workspaceZone;
  const zone = mine ? myZone : workspaceZone;
  const platforms = [...new Set((accounts.data ?? []).map((a) => a.platform))].sort();

  return (
    <div>
      <PageHeader
        title={t("calendar.title")}
        description={t("calendar.description")}
        actions={
          atLeast(workspace.data.role, "contributor") && (
            <Link to={`/app/workspaces/${ws}/compose`} className={buttonClasses()}>
              <PenSquare className="size-4" aria-hidden />
              {t("calendar.new")}
            </Link>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <fieldset className="min-w-0">
          <legend className="mb-1.5 text-sm font-medium">{t("calendar.zone.label")}</legend>
          <div className="flex flex-wrap rounded-lg border border-border bg-surface p-0.5">
            {(
              [
                [false, t("calendar.zone.workspace")],
                [true, t("calendar.zone.mine")],
              ] as const
            ).map(([value, label]) => (
              <button
                key={String(value)}
                type="button"
                aria-pressed={mine === value}
                onClick={() => update({ zone: value ? "mine" : "" })}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
                  mine === value ? "bg-accent text-accent-fg" : "text-fg-muted hover:bg-muted hover:text-fg",
                )}
              >
                {label}
              </button>
            ))}
          </div>
        </fieldset>
        <Field label={t("calendar.filters.account")} className="w-full sm:w-56">
          {(props) => (
            <Select {...props} value={account} onChange={(e) => update({ account: e.target.value })}>
              <option value="">{t("calendar.filters.anyAccount")}</option>
              {(accounts.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  @{a.handle} · {platformName(a.platform)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("calendar.filters.platform")} className="w-full sm:w-44">
          {(props) => (
            <Select {...props} value={platform} onChange={(e) => update({ platform: e.target.value })}>
              <option value="">{t("calendar.filters.anyPlatform")}</option>
              {platforms.map((p) => (
                <option key={p} value={p}>
                  {platformName(p)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <p className="mb-4 text-sm text-fg-muted" data-testid="calendar-zone">
        {t("calendar.zone.showing", { zone: isolate(zoneLabel(zone)) })}
        {workspaceZone !== myZone && (
          <span className="ms-1">
            {mine
              ? t("calendar.zone.workspaceIs", { zone: isolate(zoneLabel(workspaceZone)) })
              : t("calendar.zone.mineIs", { zone: isolate(zoneLabel(myZone)) })}
          </span>
        )}
      </p>
      <Suspense fallback={<PageSpinner />}>
        <CalendarBoard
          ws={ws}
          zone={zone}
          role={workspace.data.role}
          me={me.data.id}
          view={view}
          onView={(v) => update({ view: v })}
          filters={{ account_id: account || undefined, platform: platform || undefined }}
          platformName={platformName}
        />
      </Suspense>
      <p className="mt-3 text-xs text-fg-muted">{t("calendar.hint")}</p>
    </div>
  );
}
