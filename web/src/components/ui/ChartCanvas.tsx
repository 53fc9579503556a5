/**
 * A chart drawn by Chart.js. Loaded on demand (ChartFigure imports it lazily), so Chart.js is only
 * in the pages that draw charts. Its colours are the theme's CSS variables, read again whenever the
 * theme changes. Time runs left to right in both languages (the x axis is never reversed); numbers
 * are written as everywhere in the app (lib/format, Western digits). Hidden from screen readers:
 * ChartFigure keeps the same figures in a table beside it.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  type ChartData,
  Chart as ChartJS,
  type ChartOptions,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  type ScriptableContext,
  Tooltip,
} from "chart.js";
import { useMemo, useSyncExternalStore } from "react";
import { Bar, Line } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { formatValue } from "@/lib/analytics";
import { type ChartColours, type ChartSpec, toChartData } from "@/lib/charts";

ChartJS.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

// The theme and the language live on <html>; a chart follows both.
function subscribe(listener: () => void) {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "dir", "lang"] });
  return () => observer.disconnect();
}
const snapshot = () => `${document.documentElement.className}|${document.documentElement.dir}`;

function readColours(): ChartColours & { font: string; fg: string } {
  const style = getComputedStyle(document.documentElement);
  const css = (name: string) => style.getPropertyValue(name).trim();
  return {
    series: [1, 2, 3, 4, 5].map((n) => css(`--ck-chart-${n}`)).filter(Boolean),
    text: css("--ck-fg-muted"),
    grid: css("--ck-border"),
    surface: css("--ck-surface"),
    fg: css("--ck-fg"),
    font: style.fontFamily,
  };
}

/** A point is drawn where it stands alone between gaps, or where there are few enough to see. */
function pointRadius(few: boolean) {
  return (context: ScriptableContext<"line">) => {
    if (few) return 3;
    const data = context.dataset.data as (number | null)[];
    const i = context.dataIndex;
    const alone = data[i] !== null && (data[i - 1] ?? null) === null && (data[i + 1] ?? null) === null;
    return alone ? 3 : 0;
  };
}

export default function ChartCanvas({
  spec,
  height = 240,
  notAvailable,
}: {
  spec: ChartSpec;
  height?: number;
  /** Said in the tooltip for a missing figure. */
  notAvailable: string;
}) {
  const { i18n } = useTranslation();
  const look = useSyncExternalStore(subscribe, snapshot, () => "");
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the theme or language changes
  const colours = useMemo(readColours, [look, i18n.language]);
  const rtl = i18n.dir() === "rtl";
  const data = useMemo(() => toChartData(spec, colours), [spec, colours]);

  const options = useMemo(() => {
    const stacked = Boolean(spec.stacked);
    const font = { family: colours.font, size: 12 };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: "index" as const, intersect: false },
      plugins: {
        legend: {
          display: spec.series.length > 1,
          position: "bottom" as const,
          align: "start" as const,
          rtl,
          textDirection: rtl ? "rtl" : "ltr",
          labels: { color: colours.text, usePointStyle: true, boxHeight: 8, font },
        },
        tooltip: {
          rtl,
          textDirection: rtl ? "rtl" : "ltr",
          backgroundColor: colours.fg,
          titleColor: colours.surface,
          bodyColor: colours.surface,
          titleFont: font,
          bodyFont: font,
          usePointStyle: true,
          callbacks: {
            label: (context: { dataset: { label?: string }; parsed: { y: number | null } }) =>
              `${context.dataset.label ?? ""}: ${
                context.parsed.y === null ? notAvailable : formatValue(context.parsed.y, spec.unit)
              }`,
          },
        },
      },
      scales: {
        x: {
          // Time runs left to right in Arabic too.
          reverse: false,
          stacked,
          grid: { display: false },
          border: { color: colours.grid },
          ticks: { color: colours.text, maxRotation: 0, autoSkip: true, autoSkipPadding: 12, font },
        },
        y: {
          position: "left" as const,
          stacked,
          beginAtZero: spec.kind === "bar" || spec.unit === "percent",
          grid: { color: colours.grid },
          border: { display: false },
          ticks: {
            color: colours.text,
            font,
            precision: spec.unit === "count" ? 0 : undefined,
            callback: (value: string | number) => formatValue(Number(value), spec.unit),
          },
        },
      },
    };
  }, [spec, colours, rtl, notAvailable]);

  return (
    <div style={{ height }} className="relative w-full" aria-hidden>
      {spec.kind === "line" ? (
        <Line
          data={data satisfies ChartData<"line", (number | null)[], string>}
          options={
            {
              ...options,
              elements: {
                line: { borderWidth: 2, tension: 0 },
                point: { radius: pointRadius(spec.labels.length <= 31), hoverRadius: 5 },
              },
            } satisfies ChartOptions<"line">
          }
        />
      ) : (
        <Bar
          data={data satisfies ChartData<"line", (number | null)[], string>}
          options={
            {
              ...options,
              elements: { bar: { borderRadius: spec.stacked ? 0 : 3 } },
              datasets: { bar: { maxBarThickness: 48 } },
            } satisfies ChartOptions<"bar">
          }
        />
      )}
    </div>
  );
}
