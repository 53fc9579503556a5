import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/lib/i18n";
import { PeriodPicker } from "./PeriodPicker";

afterEach(cleanup);

const range = { from: "2026-11-08", to: "2026-12-07", days: 30 };

describe("the period picker", () => {
  it("offers 7, 30 and 90 days, and says which one is shown", async () => {
    const onChange = vi.fn();
    render(<PeriodPicker choice={{ preset: "30" }} range={range} onChange={onChange} />);
    const group = screen.getByRole("group", { name: "Period" });
    expect(group).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "30 days" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "false");
    await userEvent.click(screen.getByRole("button", { name: "90 days" }));
    expect(onChange).toHaveBeenCalledWith({ preset: "90" });
  });

  it("takes a custom range of days, and refuses one the API would", async () => {
    const onChange = vi.fn();
    render(<PeriodPicker choice={{ preset: "30" }} range={range} onChange={onChange} />);
    await userEvent.click(screen.getByRole("button", { name: "Custom" }));
    const from = screen.getByLabelText("From");
    const to = screen.getByLabelText("To");
    // It starts from the days shown.
    expect(from).toHaveValue("2026-11-08");
    expect(to).toHaveValue("2026-12-07");

    await userEvent.clear(from);
    await userEvent.type(from, "2026-12-10");
    expect(screen.getByRole("alert")).toHaveTextContent("The first day must not be after the last.");
    expect(screen.getByRole("button", { name: "Show" })).toBeDisabled();

    await userEvent.clear(from);
    await userEvent.type(from, "2026-11-20");
    await userEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(onChange).toHaveBeenCalledWith({ preset: "custom", from: "2026-11-20", to: "2026-12-07" });
  });

  it("reads in Arabic, with Western digits like the rest of the app", async () => {
    const { default: i18n } = await import("@/lib/i18n");
    await i18n.changeLanguage("ar");
    try {
      render(<PeriodPicker choice={{ preset: "7" }} range={range} onChange={() => {}} />);
      expect(screen.getByRole("group", { name: "الفترة" })).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "7 أيام" })).toHaveAttribute("aria-pressed", "true");
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
