/**
 * The calendar itself (FullCalendar, loaded with this page only): month, week, day and list views in
 * the chosen zone, drag to reschedule by the API's rules, a click on an empty slot to write a post.
 */

import type {
  DatesSetArg,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventInput,
} from "@fullcalendar/core";
import arLocale from "@fullcalendar/core/locales/ar";
import enGbLocale from "@fullcalendar/core/locales/en-gb";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import luxonPlugin, { toLuxonDateTime } from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { ChevronLeft, ChevronRight, Repeat } from "lucide-react";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { STATUS_TONE } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { type Choice, ChoiceDialog } from "@/components/ui/ChoiceDialog";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/States";
import { toastError } from "@/components/ui/toast";
import { atLeast } from "@/lib/workspace";
import { type CalendarPost, type Scope, useCalendar, useReschedule } from "../api/calendar";
import "./calendar.css";
import { EventDialog } from "./EventDialog";

export type View = "month" | "week" | "day" | "list";
const FC_VIEW: Record<View, string> = {
  month: "dayGridMonth",
  week: "timeGridWeek",
  day: "timeGridDay",
  list: "listMonth",
};
const VIEWS: View[] = ["month", "week", "day", "list"];
/** Only these can move: nothing publishing, published or cancelled. */
const MOVABLE = new Set(["draft", "pending_approval", "scheduled"]);

// Options FullCalendar compares between renders: made once, so a render changes nothing by itself.
// Arabic with Western digits, as everywhere in the app; English as in Britain (weeks from Monday).
const AR = { ...arLocale, code: "ar-u-nu-latn" };
const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin];
const TIME_FORMAT = { hour: "2-digit", minute: "2-digit", hour12: false } as const;

type Drop = { post: CalendarPost; at: string; revert: () => void };

export default function CalendarBoard({
  ws,
  zone,
  role,
  me,
  view,
  onView,
  filters,
  platformName,
}: {
  ws: string;
  zone: string;
  role: string | undefined;
  me: string | undefined;
  view: View;
  onView: (view: View) => void;
  filters: { account_id?: string; platform?: string };
  platformName: (p: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const calendar = useRef<FullCalendar>(null);
  const [range, setRange] = useState<{ from: string; to: string; title: string } | null>(null);
  const [opened, setOpened] = useState<CalendarPost | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const [editing, setEditing] = useState<CalendarPost | null>(null);
  const reschedule = useReschedule(ws);
  const query = range ? { from: range.from, to: range.to, timezone: zone, ...filters } : null;
  const posts = useCalendar(ws, query);
  const scopes: Choice<Scope>[] = [
    { value: "this", label: t("calendar.scope.this"), hint: t("calendar.scope.thisHint") },
    { value: "following", label: t("calendar.scope.following"), hint: t("calendar.scope.followingHint") },
    { value: "all", label: t("calendar.scope.all"), hint: t("calendar.scope.allHint") },
  ];

  const mayEdit = useCallback(
    (post: CalendarPost) =>
      MOVABLE.has(post.status) &&
      (atLeast(role, "editor") || (atLeast(role, "contributor") && post.created_by === me)),
    [role, me],
  );

  const events: EventInput[] = useMemo(
    () =>
      (posts.data?.days ?? []).flatMap((day) =>
        day.posts.map((post) => ({
          id: post.post_id,
          title: post.text.replace(/\s+/g, " ").trim() || t("calendar.untitled"),
          start: post.scheduled_at,
          startEditable: mayEdit(post) && new Date(post.scheduled_at) > new Date(),
          durationEditable: false,
          classNames: [
            "ck-event",
            `ck-tone-${STATUS_TONE[post.status] ?? "neutral"}`,
            post.status === "cancelled" ? "ck-cancelled" : "",
          ],
          extendedProps: { post },
        })),
      ),
    [posts.data, mayEdit, t],
  );

  const api = () => calendar.current?.getApi();
  const instant = (date: Date) => {
    const fc = api();
    return fc ? toLuxonDateTime(date, fc) : null;
  };

  const onDatesSet = (arg: DatesSetArg) => {
    const from = toLuxonDateTime(arg.view.activeStart, arg.view.calendar).toUTC().toISO();
    const to = toLuxonDateTime(arg.view.activeEnd, arg.view.calendar).toUTC().toISO();
    if (!from || !to) return;
    // FullCalendar reports its dates after every render: only a real change is a new range.
    setRange((current) =>
      current?.from === from && current.to === to && current.title === arg.view.title
        ? current
        : { from, to, title: arg.view.title },
    );
  };

  const save = (post: CalendarPost, at: string, scope: Scope, revert: () => void) =>
    reschedule.mutate(
      { id: post.post_id, at, scope },
      {
        onSuccess: () => {
          setDrop(null);
          toast.success(t("calendar.moved"));
        },
        onError: (error) => {
          setDrop(null);
          revert();
          toastError(error, t);
        },
      },
    );

  const onDrop = (arg: EventDropArg) => {
    const post = arg.event.extendedProps.post as CalendarPost;
    const when = arg.event.start ? instant(arg.event.start) : null;
    const at = when?.toUTC().toISO();
    if (!when || !at) return arg.revert();
    // The API's rule, asked before it is: nothing moves into the past.
    if (when.toMillis() <= Date.now()) {
      arg.revert();
      toast.error(t("errors.codes.scheduled_in_past"));
      return;
    }
    if (post.series_id) setDrop({ post, at, revert: arg.revert });
    else save(post, at, "this", arg.revert);
  };

  const onDateClick = (arg: DateClickArg) => {
    const local = toLuxonDateTime(arg.date, arg.view.calendar);
    // A day (month view) opens at 09:00 that day; a time slot at its own time.
    const at = arg.allDay ? local.set({ hour: 9, minute: 0 }) : local;
    if (at.toMillis() <= Date.now()) {
      toast.error(t("calendar.pastSlot"));
      return;
    }
    if (!atLeast(role, "contributor")) return;
    navigate(`/app/workspaces/${ws}/compose?date=${encodeURIComponent(at.toISO() ?? "")}`);
  };

  const onEventClick = (arg: EventClickArg) => {
    arg.jsEvent.preventDefault();
    setOpened(arg.event.extendedProps.post as CalendarPost);
  };

  const startEdit = (post: CalendarPost) => {
    setOpened(null);
    if (post.series_id) setEditing(post);
    else navigate(`/app/workspaces/${ws}/compose/${post.post_id}`);
  };

  const renderEvent = (arg: EventContentArg) => {
    const post = arg.event.extendedProps.post as CalendarPost;
    return (
      <div className="flex min-w-0 items-center gap-1 overflow-hidden px-1 py-0.5 text-xs leading-tight">
        {arg.timeText && <span className="shrink-0 font-semibold tabular-nums">{arg.timeText}</span>}
        {post.series_id && (
          <Repeat className="size-3 shrink-0" aria-label={t("calendar.event.series")} role="img" />
        )}
        <span className="ck-event-text truncate" dir="auto">
          {arg.event.title}
        </span>
        <span className="sr-only">
          {", "}
          {t(`status.${post.status}`)}
          {", "}
          {post.platforms.map(platformName).join(", ")}
        </span>
      </div>
    );
  };

  const locale = i18n.language === "ar" ? AR : enGbLocale;

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <div className="flex items-center gap-1">
          <Button
            variant="secondary"
            size="sm"
            aria-label={t("calendar.previous")}
            onClick={() => api()?.prev()}
            className="px-2"
          >
            <ChevronLeft className="size-4 flip-rtl" aria-hidden />
          </Button>
          <Button variant="secondary" size="sm" onClick={() => api()?.today()}>
            {t("calendar.today")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            aria-label={t("calendar.next")}
            onClick={() => api()?.next()}
            className="px-2"
          >
            <ChevronRight className="size-4 flip-rtl" aria-hidden />
          </Button>
        </div>
        <h2
          className="order-first w-full truncate text-lg font-semibold sm:order-none sm:w-auto sm:min-w-0 sm:flex-1"
          aria-live="polite"
        >
          {range?.title}
        </h2>
        <fieldset className="flex rounded-lg border border-border bg-surface p-0.5">
          <legend className="sr-only">{t("calendar.views.label")}</legend>
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => {
                onView(v);
                api()?.changeView(FC_VIEW[v]);
              }}
              className={cn(
                "rounded-md px-2.5 py-1 text-sm font-medium transition-colors",
                view === v ? "bg-accent text-accent-fg" : "text-fg-muted hover:bg-muted hover:text-fg",
              )}
            >
              {t(`calendar.views.${v}`)}
            </button>
          ))}
        </fieldset>
      </div>
      {posts.error && !posts.data && (
        <div className="mb-3">
          <ErrorState error={posts.error} onRetry={() => posts.refetch()} />
        </div>
      )}
      {posts.data && !posts.data.days.length && view !== "list" && (
        <p
          role="status"
          className="mb-3 rounded-lg border border-dashed border-border px-3 py-2 text-sm text-fg-muted"
        >
          {t("calendar.emptyHint")}
        </p>
      )}
      <div
        className={cn(
          "ck-calendar rounded-xl border border-border bg-surface p-2",
          posts.isPlaceholderData && "opacity-70",
        )}
      >
        <FullCalendar
          ref={calendar}
          plugins={PLUGINS}
          initialView={FC_VIEW[view]}
          timeZone={zone}
          locale={locale}
          direction={i18n.language === "ar" ? "rtl" : "ltr"}
          headerToolbar={false}
          height="auto"
          events={events}
          editable
          eventDurationEditable={false}
          eventInteractive
          dayMaxEvents={3}
          nowIndicator
          scrollTime="08:00:00"
          slotDuration="01:00:00"
          snapDuration="00:15:00"
          defaultTimedEventDuration="00:30"
          eventTimeFormat={TIME_FORMAT}
          slotLabelFormat={TIME_FORMAT}
          noEventsText={t("calendar.empty")}
          allDaySlot={false}
          datesSet={onDatesSet}
          eventDrop={onDrop}
          dateClick={onDateClick}
          eventClick={onEventClick}
          eventContent={renderEvent}
        />
      </div>
      <EventDialog
        ws={ws}
        post={opened}
        zone={zone}
        canEdit={opened ? mayEdit(opened) : false}
        onEdit={() => opened && startEdit(opened)}
        onClose={() => setOpened(null)}
        platformName={platformName}
      />
      <ChoiceDialog<Scope>
        open={drop !== null}
        onOpenChange={(open) => {
          if (!open && drop) {
            drop.revert();
            setDrop(null);
          }
        }}
        title={t("calendar.moveScope.title")}
        description={t("calendar.moveScope.body")}
        choices={scopes}
        initial="this"
        confirmLabel={t("calendar.moveScope.confirm")}
        busy={reschedule.isPending}
        onConfirm={(scope) => drop && save(drop.post, drop.at, scope, drop.revert)}
      />
      <ChoiceDialog<Scope>
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        title={t("calendar.editScope.title")}
        description={t("calendar.editScope.body")}
        choices={scopes}
        initial="this"
        confirmLabel={t("calendar.editScope.confirm")}
        onConfirm={(scope) =>
          editing &&
          navigate(
            `/app/workspaces/${ws}/compose/${editing.post_id}${scope === "this" ? "" : `?scope=${scope}`}`,
          )
        }
      />
    </div>
  );
}
