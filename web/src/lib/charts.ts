/**
 * What a chart shows, apart from how it is drawn: labels that run in time order, series whose
 * missing figures stay missing (null is a gap, never 0), and one unit per chart, so counts are
 * never drawn against rates and only like is compared with like. The chart (components/ui/
 * ChartCanvas) and its table (components/ui/ChartFigure) both read a `ChartSpec`.
 */

export type ChartUnit = "count" | "percent";
export type ChartKind = "line" | "bar";

export interface ChartSeries {
  id: string;
  label: string;
  /** One per label; null: not available (drawn as a gap, read as "not available"). */
  values: (number | null)[];
}

export interface ChartSpec {
  kind: ChartKind;
  /** Every series of a chart is in this unit: a chart never mixes counts and rates. */
  unit: ChartUnit;
  /** In time order (oldest first) when the x axis is time; the axis is never reversed. */
  labels: string[];
  series: ChartSeries[];
  /** Bars of the series stacked into one per label (parts of one whole, e.g. posts per platform). */
  stacked?: boolean;
}

/** The figures a chart rests on, or false when there is nothing to draw. */
export function hasFigures(spec: ChartSpec): boolean {
  return spec.series.some((s) => s.values.some((v) => v !== null));
}

/** A figure that may be missing, as a chart value: undefined and null both mean "not available". */
export function figure(value: number | null | undefined): number | null {
  return value === undefined || value === null || Number.isNaN(value) ? null : value;
}

/** A sum over the figures that exist: null when none does (not available), never 0 for "unknown". */
export function sumReported(values: readonly (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    total = (total ?? 0) + value;
  }
  return total;
}

/**
 * Series that share their x axis, from items that each cover some of the labels: a label an item
 * does not cover is null in its series (a gap), so series of different lengths still line up.
 */
export function alignSeries<T>(
  labels: readonly string[],
  items: readonly { id: string; label: string; points: readonly T[] }[],
  keyOf: (point: T) => string,
  figureOf: (point: T) => number | null | undefined,
): ChartSeries[] {
  return items.map((item) => {
    const byKey = new Map(item.points.map((point) => [keyOf(point), figure(figureOf(point))]));
    return { id: item.id, label: item.label, values: labels.map((key) => byKey.get(key) ?? null) };
  });
}

export interface ChartColours {
  series: string[];
  text: string;
  grid: string;
  surface: string;
}

/** Line patterns beside colours, so series stay apart for people who do not tell the colours apart. */
const DASHES: number[][] = [[], [6, 4], [2, 3], [10, 4, 2, 4], [1, 5]];
const POINTS = ["circle", "rect", "triangle", "rectRot", "star"] as const;

export interface ChartDataset {
  label: string;
  data: (number | null)[];
  borderColor: string;
  backgroundColor: string;
  borderDash?: number[];
  pointStyle?: (typeof POINTS)[number];
  spanGaps: false;
  stack?: string;
}

/** Chart.js data for a spec: the labels in order, a dataset per series, nulls kept as gaps. */
export function toChartData(spec: ChartSpec, colours: ChartColours) {
  const datasets: ChartDataset[] = spec.series.map((series, index) => {
    const colour = colours.series[index % colours.series.length] ?? colours.text;
    const shared = {
      label: series.label,
      data: series.values.map(figure),
      borderColor: colour,
      spanGaps: false as const,
    };
    if (spec.kind === "line")
      return {
        ...shared,
        backgroundColor: colour,
        borderDash: DASHES[index % DASHES.length],
        pointStyle: POINTS[index % POINTS.length],
      };
    return { ...shared, backgroundColor: colour, ...(spec.stacked ? { stack: "all" } : {}) };
  });
  return { labels: [...spec.labels], datasets };
}

/** The rows of a chart's table: one per label, a cell per series (null stays "not available"). */
export function tableRows(spec: ChartSpec): { label: string; cells: (number | null)[] }[] {
  return spec.labels.map((label, index) => ({
    label,
    cells: spec.series.map((series) => figure(series.values[index])),
  }));
}
