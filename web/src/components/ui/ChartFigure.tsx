/**
 * A chart with its table: the table is always in the page for screen readers, and a toggle shows it
 * instead of the chart for anyone who would rather read figures (the choice is remembered in this
 * browser, for every chart). Chart.js loads only when a chart is first drawn.
 */
import { BarChart3, Table2 } from "lucide-react";
import { lazy, type ReactNode, Suspense, useId, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { formatValue } from "@/lib/analytics";
import { type ChartSpec, hasFigures, tableRows } from "@/lib/charts";
import { cn } from "./cn";
import { Spinner } from "./Spinner";

const ChartCanvas = lazy(() => import("./ChartCanvas"));

type View = "chart" | "table";
const STORAGE_KEY = "ck.chartView";
const listeners = new Set<() => void>();

function savedView(): View {
  return typeof localStorage !== "undefined" && localStorage.getItem(STORAGE_KEY) === "table"
    ? "table"
    : "chart";
}

export function setChartView(view: View) {
  localStorage.setItem(STORAGE_KEY, view);
  for (const listener of listeners) listener();
}

export function useChartView(): View {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    savedView,
    () => "chart" as View,
  );
}

function ViewToggle({ view, title }: { view: View; title: string }) {
  const { t } = useTranslation();
  const button = (value: View, Icon: typeof BarChart3, label: string) => (
    <button
      type="button"
      aria-pressed={view === value}
      onClick={() => setChartView(value)}
      className={cn(
        "inline-flex h-7 items-center gap-1 rounded-md px-2 text-xs font-medium transition-colors",
        view === value ? "bg-surface text-fg shadow-sm" : "text-fg-muted hover:text-fg",
      )}
    >
      <Icon className="size-3.5" aria-hidden />
      {label}
    </button>
  );
  return (
    <fieldset className="inline-flex shrink-0 rounded-lg border border-border bg-muted p-0.5">
      <legend className="sr-only">{t("charts.showAs", { title })}</legend>
      {button("chart", BarChart3, t("charts.chart"))}
      {button("table", Table2, t("charts.table"))}
    </fieldset>
  );
}

export function ChartTable({
  spec,
  caption,
  xLabel,
  visible,
}: {
  spec: ChartSpec;
  caption: string;
  xLabel: string;
  visible: boolean;
}) {
  const { t } = useTranslation();
  const rows = tableRows(spec);
  const table = (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sticky top-0 bg-surface">
        <tr className="border-b border-border text-xs text-fg-muted">
          <th scope="col" className="py-2 pe-3 text-start font-medium">
            {xLabel}
          </th>
          {spec.series.map((series) => (
            <th key={series.id} scope="col" className="py-2 ps-3 text-end font-medium" dir="auto">
              {series.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {rows.map((row, index) => (
          // Labels may repeat (two weeks both starting on "1 Dec" of different years): keep the index.
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are in a fixed order
          <tr key={index}>
            <th scope="row" className="py-1.5 pe-3 text-start font-normal" dir="auto">
              {row.label}
            </th>
            {row.cells.map((value, column) => (
              <td key={spec.series[column]?.id ?? column} className="py-1.5 ps-3 text-end tabular-nums">
                {value === null ? (
                  <span className="text-fg-muted">{t("charts.notAvailable")}</span>
                ) : (
                  formatValue(value, spec.unit)
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!visible) return <div className="sr-only">{table}</div>;
  return (
    <section
      className="relative max-h-80 overflow-auto"
      aria-label={caption}
      // A long table scrolls in its own box, which the keyboard can reach.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: scrolled with the arrow keys
      tabIndex={0}
    >
      {table}
    </section>
  );
}

export function ChartFigure({
  title,
  description,
  actions,
  spec,
  problem,
  empty,
  xLabel,
  height = 240,
  footer,
  className,
}: {
  title: string;
  description?: ReactNode;
  /** Controls of the figures (a period, a split, an export) beside the chart/table toggle. */
  actions?: ReactNode;
  /** Null while the figures load. */
  spec: ChartSpec | null;
  /** Shown instead of the chart when the figures could not be read (an ErrorState). */
  problem?: ReactNode;
  /** Said instead of a chart when there are no figures yet: what happens next. */
  empty: ReactNode;
  /** The table's first column (a day, a platform…). */
  xLabel: string;
  height?: number;
  footer?: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  const view = useChartView();
  const id = useId();
  const show = spec !== null && !problem && hasFigures(spec);
  return (
    <figure aria-labelledby={`${id}-title`} className={cn("min-w-0", className)}>
      <div className="flex flex-wrap items-start justify-between gap-2 px-4 pt-4 sm:px-5">
        <div className="min-w-0">
          <h3 id={`${id}-title`} className="text-base font-semibold">
            {title}
          </h3>
          {description && <div className="mt-0.5 text-sm text-fg-muted">{description}</div>}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {actions}
          {show && <ViewToggle view={view} title={title} />}
        </div>
      </div>
      <div className="px-2 pb-4 pt-3 sm:px-4">
        {problem ? (
          <div className="px-2">{problem}</div>
        ) : spec === null ? (
          <div style={{ height }} className="flex items-center justify-center text-fg-muted">
            <Spinner className="size-5" />
          </div>
        ) : show ? (
          <>
            {view === "chart" && (
              <Suspense
                fallback={
                  <div style={{ height }} className="animate-pulse rounded-lg bg-muted" aria-hidden />
                }
              >
                <ChartCanvas spec={spec} height={height} notAvailable={t("charts.notAvailable")} />
              </Suspense>
            )}
            <ChartTable spec={spec} caption={title} xLabel={xLabel} visible={view === "table"} />
          </>
        ) : (
          <p className="px-2 py-10 text-center text-sm text-fg-muted">{empty}</p>
        )}
        {footer}
      </div>
    </figure>
  );
}
