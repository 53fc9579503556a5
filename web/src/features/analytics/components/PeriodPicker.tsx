/** The period: the last 7, 30 or 90 days, or a custom range of days (the workspace's days). */
import { CalendarRange } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/Button";
import { cn } from "@/components/ui/cn";
import { Field, Input } from "@/components/ui/Field";
import { customProblem, MAX_DAYS, type PeriodChoice, PRESETS, type Range } from "../utils/period";

export function PeriodPicker({
  choice,
  range,
  onChange,
}: {
  choice: PeriodChoice;
  range: Range;
  onChange: (choice: PeriodChoice) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [custom, setCustom] = useState(choice.preset === "custom");
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const problem = customProblem(from, to);
  const segment = (pressed: boolean) =>
    cn(
      "inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors",
      pressed ? "bg-surface text-fg shadow-sm" : "text-fg-muted hover:text-fg",
    );
  return (
    <div className="space-y-3">
      <fieldset className="inline-flex flex-wrap rounded-lg border border-border bg-muted p-0.5">
        <legend className="sr-only">{t("analytics.period.label")}</legend>
        {PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={!custom && choice.preset === preset}
            className={segment(!custom && choice.preset === preset)}
            onClick={() => {
              setCustom(false);
              onChange({ preset });
            }}
          >
            {t(`analytics.period.last${preset}`)}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={custom}
          aria-expanded={custom}
          aria-controls={`${id}-custom`}
          className={segment(custom)}
          onClick={() => {
            setFrom(range.from);
            setTo(range.to);
            setCustom(true);
          }}
        >
          <CalendarRange className="size-4" aria-hidden />
          {t("analytics.period.custom")}
        </button>
      </fieldset>
      {custom && (
        <form
          id={`${id}-custom`}
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (problem === null) onChange({ preset: "custom", from, to });
          }}
        >
          <Field label={t("analytics.period.from")} className="w-40">
            {(props) => (
              <Input
                {...props}
                type="date"
                value={from}
                max={to || undefined}
                onChange={(e) => setFrom(e.target.value)}
              />
            )}
          </Field>
          <Field label={t("analytics.period.to")} className="w-40">
            {(props) => (
              <Input
                {...props}
                type="date"
                value={to}
                min={from || undefined}
                onChange={(e) => setTo(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="secondary" disabled={problem !== null}>
            {t("analytics.period.apply")}
          </Button>
          {problem && (
            <p role="alert" className="basis-full text-sm text-danger">
              {t(`analytics.period.problem.${problem}`, { max: MAX_DAYS })}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
