/**
 * When it goes out: at a time in the workspace's zone or the person's own (always named, never the
 * browser's silently), or now; a repeated local hour asks which one; a repeat rule with its next
 * occurrences; and the post's own problems (time, rule) shown here, where they are fixed.
 */
import { AlertTriangle, Repeat } from "lucide-react";
import { memo, useId } from "react";
import { useTranslation } from "react-i18next";
import { Input, Select } from "@/components/ui/Field";
import { formatDateTime, zoneLabel } from "@/lib/format";
import { type Problem, problemText } from "../lib/problems";
import { DEFAULT_REPEAT } from "../lib/recurrence";
import { type Action, type ComposerState, withSeconds, type Zones } from "../lib/state";
import { RepeatEditor } from "./RepeatEditor";

/** A zone label kept whole inside a sentence of either direction (first-strong isolate). */
const isolate = (text: string) => `\u2068${text}\u2069`;

export const ScheduleSection = memo(function ScheduleSection({
  state,
  zones,
  zone,
  allowNow,
  resolved,
  occurrences,
  problems,
  ambiguity,
  rule,
  dispatch,
}: {
  state: Pick<ComposerState, "mode" | "local" | "zone" | "ambiguous" | "repeat" | "customRule">;
  zones: Zones;
  zone: string;
  allowNow: boolean;
  /** The instant the server read the time as. */
  resolved: string | null;
  occurrences: string[];
  problems: Problem[];
  ambiguity: { earlier: string; later: string } | null;
  rule: string | null;
  dispatch: (action: Action) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const when = state.local ? new Date(`${withSeconds(state.local)}Z`) : new Date();
  const shown = problems.filter((p) => p.code !== "ambiguous_local_time" || !ambiguity);
  const timeProblem = shown.some((p) => /time|schedule|timezone/.test(p.code));
  return (
    <div className="space-y-5">
      {allowNow && (
        <fieldset>
          <legend className="mb-2 text-sm font-medium">{t("composer.schedule.when")}</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-mode`}
                className="size-4 accent-[var(--ck-accent)]"
                checked={state.mode === "schedule"}
                onChange={() => dispatch({ type: "mode", mode: "schedule" })}
              />
              {t("composer.schedule.atTime")}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-mode`}
                className="size-4 accent-[var(--ck-accent)]"
                checked={state.mode === "now"}
                onChange={() => dispatch({ type: "mode", mode: "now" })}
              />
              {t("composer.schedule.now")}
            </label>
          </div>
        </fieldset>
      )}
      {state.mode === "schedule" && (
        <div className="grid gap-4">
          <div className="space-y-1.5">
            <label htmlFor={`${id}-time`} className="block text-sm font-medium">
              {t("composer.schedule.time")}
            </label>
            <Input
              id={`${id}-time`}
              className="sm:max-w-xs"
              type="datetime-local"
              value={state.local}
              aria-invalid={timeProblem || undefined}
              onChange={(e) => dispatch({ type: "local", local: e.target.value })}
            />
          </div>
          <div className="space-y-1.5">
            <label htmlFor={`${id}-zone`} className="block text-sm font-medium">
              {t("composer.schedule.zone")}
            </label>
            <Select
              id={`${id}-zone`}
              value={state.zone}
              onChange={(e) => dispatch({ type: "zone", zone: e.target.value as "workspace" | "mine" })}
            >
              <option value="workspace">
                {t("composer.schedule.workspaceZone", { zone: isolate(zoneLabel(zones.workspace, when)) })}
              </option>
              {zones.mine !== zones.workspace && (
                <option value="mine">
                  {t("composer.schedule.myZone", { zone: isolate(zoneLabel(zones.mine, when)) })}
                </option>
              )}
            </Select>
          </div>
          {resolved && !ambiguity && (
            <p className="text-sm text-fg-muted" data-testid="resolved-time">
              {t("composer.schedule.goesOut", {
                time: formatDateTime(resolved, zone, { dateStyle: "full" }),
                zone: isolate(zoneLabel(zone, new Date(resolved))),
              })}
              {zones.mine !== zone && (
                <>
                  {" "}
                  {t("composer.schedule.forYou", {
                    time: formatDateTime(resolved, zones.mine),
                    zone: isolate(zoneLabel(zones.mine, new Date(resolved))),
                  })}
                </>
              )}
            </p>
          )}
          {ambiguity && (
            <fieldset className="rounded-lg border border-warning/40 bg-warning-soft p-3 text-sm">
              <legend className="px-1 font-medium text-warning">{t("composer.schedule.twiceTitle")}</legend>
              <p className="mb-2 text-warning">
                {t("composer.schedule.twiceBody", { zone: isolate(zoneLabel(zone, when)) })}
              </p>
              {(["earlier", "later"] as const).map((which) => (
                <label key={which} className="flex items-center gap-2 py-1">
                  <input
                    type="radio"
                    name={`${id}-ambiguous`}
                    className="size-4 accent-[var(--ck-accent)]"
                    checked={state.ambiguous === which}
                    onChange={() => dispatch({ type: "ambiguous", ambiguous: which })}
                  />
                  {t(`composer.schedule.${which}`, {
                    time: formatDateTime(ambiguity[which], zone, {
                      timeStyle: "short",
                      dateStyle: undefined,
                    }),
                    zone: isolate(zoneLabel(zone, new Date(ambiguity[which]))),
                    utc: formatDateTime(ambiguity[which], "UTC", {
                      timeStyle: "short",
                      dateStyle: undefined,
                    }),
                  })}
                </label>
              ))}
            </fieldset>
          )}
        </div>
      )}
      {state.mode === "schedule" && (
        <div className="space-y-3">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              className="size-4 accent-[var(--ck-accent)]"
              checked={state.repeat !== null || state.customRule !== null}
              onChange={(e) => dispatch({ type: "repeat", repeat: e.target.checked ? DEFAULT_REPEAT : null })}
            />
            <Repeat className="size-4 text-fg-muted" aria-hidden />
            {t("composer.repeat.toggle")}
          </label>
          {state.repeat && (
            <div className="rounded-lg border border-border p-3">
              <RepeatEditor
                value={state.repeat}
                onChange={(repeat) => dispatch({ type: "repeat", repeat })}
              />
            </div>
          )}
          {rule && (
            <div className="space-y-2 text-sm">
              <p>
                <span className="text-fg-muted">{t("composer.repeat.rule")}</span>{" "}
                <code
                  className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs"
                  dir="ltr"
                  data-testid="rrule"
                >
                  {rule}
                </code>
              </p>
              {!state.local && <p className="text-fg-muted">{t("composer.repeat.needsTime")}</p>}
              {occurrences.length > 0 && (
                <div>
                  <p className="text-fg-muted">
                    {t("composer.repeat.next", { zone: isolate(zoneLabel(zone, when)) })}
                  </p>
                  <ol className="mt-1 list-inside list-decimal space-y-0.5" data-testid="occurrences">
                    {occurrences.map((o) => (
                      <li key={o}>{formatDateTime(o, zone, { dateStyle: "full" })}</li>
                    ))}
                  </ol>
                </div>
              )}
            </div>
          )}
        </div>
      )}
      {shown.length > 0 && (
        <ul className="space-y-1" aria-label={t("composer.schedule.problems")}>
          {shown.map((p) => (
            <li key={p.code} className="flex items-start gap-1.5 text-sm text-danger">
              <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
              {problemText(p, t)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
