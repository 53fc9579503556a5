/** Every chart has its table: in the page for screen readers, and shown instead of the chart on request. */
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/lib/i18n";
import { ChartFigure, setChartView } from "@/components/ui/ChartFigure";
import type { ChartSpec } from "@/lib/charts";

// jsdom has no canvas: the chart itself is drawn in the browser tests.
vi.mock("@/components/ui/ChartCanvas", () => ({
  default: () => <div data-testid="canvas" />,
}));

afterEach(() => {
  cleanup();
  setChartView("chart");
});

const spec: ChartSpec = {
  kind: "line",
  unit: "count",
  labels: ["8 Nov", "9 Nov", "10 Nov"],
  series: [{ id: "total", label: "All accounts", values: [null, 1200, 1190] }],
};

describe("a chart's table", () => {
  it("is in the page beside the chart, with missing figures said as such", async () => {
    render(<ChartFigure title="Followers" spec={spec} xLabel="Day" empty="None yet" />);
    expect(await screen.findByTestId("canvas")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Followers" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(4);
    expect(within(rows[1] as HTMLElement).getByText("Not available")).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText("1,200")).toBeInTheDocument();
    expect(table.closest(".sr-only")).not.toBeNull();
  });

  it("is shown instead of the chart on request, and the choice holds for every chart", async () => {
    render(
      <>
        <ChartFigure title="Followers" spec={spec} xLabel="Day" empty="None yet" />
        <ChartFigure title="Engagements" spec={spec} xLabel="Day" empty="None yet" />
      </>,
    );
    const toggle = screen.getByRole("group", { name: "Show Followers as" });
    await userEvent.click(within(toggle).getByRole("button", { name: "Table" }));
    expect(within(toggle).getByRole("button", { name: "Table" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByTestId("canvas")).toBeNull();
    for (const name of ["Followers", "Engagements"])
      expect(screen.getByRole("table", { name }).closest(".sr-only")).toBeNull();
  });

  it("gives way to what to do next when there are no figures", () => {
    const empty: ChartSpec = { ...spec, series: [{ id: "total", label: "All", values: [null, null, null] }] };
    render(<ChartFigure title="Followers" spec={empty} xLabel="Day" empty="No follower counts yet." />);
    expect(screen.getByText("No follower counts yet.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.queryByRole("group")).toBeNull();
  });
});
