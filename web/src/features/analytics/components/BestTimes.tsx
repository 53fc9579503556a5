/**
 * When posts did best: weekday × hour in the workspace's zone, each cell with how many posts it
 * rests on. A cell below the minimum shows no rate ("not enough data yet"): nothing is guessed.
 * Drawn as a table (it is one), so it reads the same to a screen reader; hours run left to right in
 * both languages, like time on the charts.
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, Select } from "@/components/ui/Field";
import { formatRate } from "@/lib/analytics";
import { formatDateTime, isolate, zoneLabel } from "@/lib/format";
import type { BestTimes as BestTimesOut, Cell } from "../api/analytics";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

function weekdayName(weekday: number, style: "short" | "long") {
  // 1 January 2024 was a Monday: the API's weekday 0.
  return formatDateTime(`2024-01-0${weekday + 1}T12:00:00Z`, "UTC", {
    dateStyle: undefined,
    timeStyle: undefined,
    weekday: style,
  });
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/**
 * Five steps of the accent, weakest to strongest; the first three carry the text colour, the last
 * two the accent's own (each at least 4.5:1 in both themes).
 */
const LEVELS = [20, 38, 56, 84, 100];
const shade = (level: number) => `color-mix(in srgb, var(--ck-accent) ${LEVELS[level]}%, var(--ck-surface))`;

/** The cell's step: stronger the better its rate among the findings. */
function fill(rate: number, best: number) {
  const level = Math.min(LEVELS.length - 1, Math.floor((best > 0 ? rate / best : 0) * LEVELS.length));
  return { background: shade(level), strong: level >= 3 };
}

const HATCH =
  "repeating-linear-gradient(135deg, var(--ck-muted) 0 4px, color-mix(in srgb, var(--ck-border) 70%, transparent) 4px 6px)";

export function BestTimes({
  found,
  platformName,
}: {
  found: BestTimesOut;
  platformName: (platform: string) => string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState<string>("");
  const grid = found.platforms.find((g) => g.platform === chosen) ?? found.platforms[0];
  if (!grid)
    return <p className="px-5 py-8 text-center text-sm text-fg-muted">{t("analytics.bestTimes.none")}</p>;
  const cells = new Map(grid.cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const best = Math.max(0, ...grid.cells.map((c) => c.engagement_rate ?? 0));
  const cellText = (cell: Cell | undefined, weekday: number, hour: number) => {
    const when = `${weekdayName(weekday, "long")} ${hourLabel(hour)}`;
    if (!cell || cell.posts === 0) return t("analytics.bestTimes.cellEmpty", { when });
    if (cell.engagement_rate === null)
      return t("analytics.bestTimes.cellThin", { when, count: cell.posts, rated: cell.rated_posts });
    return t("analytics.bestTimes.cellRate", {
      when,
      rate: formatRate(cell.engagement_rate),
      count: cell.rated_posts,
    });
  };

  return (
    <div className="space-y-4 px-4 pb-5 pt-3 sm:px-5">
      {found.platforms.length > 1 && (
        <Field label={t("analytics.bestTimes.platform")} className="sm:w-56">
          {(props) => (
            <Select {...props} value={grid.platform} onChange={(e) => setChosen(e.target.value)}>
              {found.platforms.map((g) => (
                <option key={g.platform} value={g.platform}>
                  {platformName(g.platform)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {grid.enough_data ? (
        <div>
          <h3 className="text-sm font-semibold">{t("analytics.bestTimes.best")}</h3>
          <ol className="mt-2 flex flex-wrap gap-2">
            {grid.best.map((cell) => (
              <li
                key={`${cell.weekday}:${cell.hour}`}
                className="rounded-lg border border-accent/30 bg-accent-soft px-3 py-1.5 text-sm"
              >
                <span className="font-medium text-accent">
                  {weekdayName(cell.weekday, "long")} <span dir="ltr">{hourLabel(cell.hour)}</span>
                </span>
                <span className="text-fg-muted">
                  {" · "}
                  {t("analytics.bestTimes.bestDetail", {
                    rate: formatRate(cell.engagement_rate ?? 0),
                    count: cell.rated_posts,
                  })}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p role="note" className="rounded-lg bg-warning-soft px-4 py-3 text-sm text-warning">
          {t("analytics.bestTimes.notEnough", { min: found.min_posts, count: grid.posts })}
        </p>
      )}

      <section
        className="relative overflow-x-auto"
        dir="ltr"
        aria-labelledby={`${id}-caption`}
        // A scrolling region the keyboard can reach (it holds nothing focusable of its own).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: scrolled with the arrow keys
        tabIndex={0}
      >
        <table className="w-full min-w-[40rem] table-fixed border-separate border-spacing-0.5 text-[11px]">
          <caption id={`${id}-caption`} className="sr-only">
            {t("analytics.bestTimes.caption", {
              platform: platformName(grid.platform),
              zone: isolate(zoneLabel(found.zone)),
            })}
          </caption>
          <thead>
            <tr>
              <td className="w-12" />
              {HOURS.map((hour) => (
                <th key={hour} scope="col" className="px-0 pb-1 text-center font-normal text-fg-muted">
                  <span aria-hidden>{hour % 3 === 0 ? String(hour).padStart(2, "0") : ""}</span>
                  <span className="sr-only">{hourLabel(hour)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((weekday) => (
              <tr key={weekday}>
                <th
                  scope="row"
                  className="whitespace-nowrap pe-2 text-end text-xs font-normal text-fg-muted"
                  dir="auto"
                >
                  {weekdayName(weekday, "short")}
                </th>
                {HOURS.map((hour) => {
                  const cell = cells.get(`${weekday}:${hour}`);
                  const rated = cell?.engagement_rate ?? null;
                  const step = rated === null ? null : fill(rated, best);
                  const thin = cell && cell.posts > 0 && rated === null;
                  return (
                    <td
                      key={hour}
                      title={cellText(cell, weekday, hour)}
                      className="h-7 rounded-[3px] text-center align-middle tabular-nums"
                      style={{
                        background: step ? step.background : thin ? HATCH : "var(--ck-muted)",
                        color: step?.strong ? "var(--ck-accent-fg)" : "var(--ck-fg)",
                      }}
                    >
                      <span aria-hidden>{cell && cell.posts > 0 ? cell.posts : ""}</span>
                      <span className="sr-only">{cellText(cell, weekday, hour)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-xs text-fg-muted">
        <span className="inline-flex items-center gap-1.5">
          {t("analytics.bestTimes.lower")}
          <span className="inline-flex gap-0.5" aria-hidden>
            {LEVELS.map((level, index) => (
              <span
                key={level}
                className="inline-block size-3 rounded-sm"
                style={{ background: shade(index) }}
              />
            ))}
          </span>
          {t("analytics.bestTimes.higher")}
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block size-3 rounded-sm" style={{ background: HATCH }} aria-hidden />
          {t("analytics.bestTimes.thinLegend", { min: found.min_posts })}
        </span>
        <span>{t("analytics.bestTimes.numbers")}</span>
      </div>
    </div>
  );
}
