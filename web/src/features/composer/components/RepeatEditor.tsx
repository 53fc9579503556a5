/** Repeat: daily, weekly on chosen days or monthly, every N, ending never, after N times or on a date. */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/Field";
import { type Frequency, type RepeatForm, WEEKDAYS } from "../lib/recurrence";

export function RepeatEditor({
  value,
  onChange,
}: {
  value: RepeatForm;
  onChange: (form: RepeatForm) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const unit = { DAILY: "days", WEEKLY: "weeks", MONTHLY: "months" }[value.frequency];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1.5">
          <label htmlFor={`${id}-freq`} className="block text-sm font-medium">
            {t("composer.repeat.frequency")}
          </label>
          <Select
            id={`${id}-freq`}
            value={value.frequency}
            className="w-40"
            onChange={(e) => onChange({ ...value, frequency: e.target.value as Frequency })}
          >
            <option value="DAILY">{t("composer.repeat.daily")}</option>
            <option value="WEEKLY">{t("composer.repeat.weekly")}</option>
            <option value="MONTHLY">{t("composer.repeat.monthly")}</option>
          </Select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor={`${id}-every`} className="block text-sm font-medium">
            {t("composer.repeat.every")}
          </label>
          <div className="flex items-center gap-2">
            <Input
              id={`${id}-every`}
              type="number"
              min={1}
              max={99}
              className="w-20"
              value={value.interval}
              onChange={(e) => onChange({ ...value, interval: Math.max(1, Number(e.target.value) || 1) })}
            />
            <span className="text-sm text-fg-muted">
              {t(`composer.repeat.${unit}`, { count: value.interval })}
            </span>
          </div>
        </div>
      </div>
      {value.frequency === "WEEKLY" && (
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium">{t("composer.repeat.on")}</legend>
          <div className="flex flex-wrap gap-1.5">
            {WEEKDAYS.map((day) => {
              const on = value.weekdays.includes(day);
              return (
                <label
                  key={day}
                  className={cn(
                    "inline-flex h-9 min-w-11 cursor-pointer items-center justify-center rounded-lg border px-2 text-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent",
                    on ? "border-accent bg-accent text-accent-fg" : "border-border bg-surface hover:bg-muted",
                  )}
                >
                  <input
                    type="checkbox"
                    className="sr-only"
                    checked={on}
                    onChange={() =>
                      onChange({
                        ...value,
                        weekdays: on ? value.weekdays.filter((d) => d !== day) : [...value.weekdays, day],
                      })
                    }
                  />
                  <span aria-hidden>{t(`composer.repeat.days.${day}`)}</span>
                  <span className="sr-only">{t(`composer.repeat.daysLong.${day}`)}</span>
                </label>
              );
            })}
          </div>
          <p className="mt-1 text-xs text-fg-muted">{t("composer.repeat.onHint")}</p>
        </fieldset>
      )}
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">{t("composer.repeat.ends")}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name={`${id}-end`}
            className="size-4 accent-[var(--ck-accent)]"
            checked={value.end.kind === "never"}
            onChange={() => onChange({ ...value, end: { kind: "never" } })}
          />
          {t("composer.repeat.never")}
        </label>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-end`}
              className="size-4 accent-[var(--ck-accent)]"
              checked={value.end.kind === "count"}
              onChange={() => onChange({ ...value, end: { kind: "count", count: 10 } })}
            />
            {t("composer.repeat.after")}
          </label>
          {value.end.kind === "count" && (
            <>
              <Input
                type="number"
                min={1}
                max={999}
                className="h-9 w-20"
                aria-label={t("composer.repeat.times")}
                value={value.end.count}
                onChange={(e) =>
                  onChange({
                    ...value,
                    end: { kind: "count", count: Math.max(1, Number(e.target.value) || 1) },
                  })
                }
              />
              <span className="text-fg-muted">
                {t("composer.repeat.timesUnit", { count: value.end.count })}
              </span>
            </>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-end`}
              className="size-4 accent-[var(--ck-accent)]"
              checked={value.end.kind === "until"}
              onChange={() => onChange({ ...value, end: { kind: "until", date: "" } })}
            />
            {t("composer.repeat.onDate")}
          </label>
          {value.end.kind === "until" && (
            <Input
              type="date"
              className="h-9 w-44"
              aria-label={t("composer.repeat.lastDate")}
              value={value.end.date}
              onChange={(e) => onChange({ ...value, end: { kind: "until", date: e.target.value } })}
            />
          )}
        </div>
      </fieldset>
    </div>
  );
}
