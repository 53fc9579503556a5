/** The composer's pieces in a DOM: zones always named, the account picker at 1,000, problems on their account. */
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/lib/i18n";
import type { Account } from "@/features/composer/api/queries";
import { AccountPicker } from "@/features/composer/components/AccountPicker";
import { Counters } from "@/features/composer/components/Counters";
import { ScheduleSection } from "@/features/composer/components/ScheduleSection";
import { ambiguityOf, targetProblemsOf } from "@/features/composer/lib/problems";
import { EMPTY } from "@/features/composer/lib/state";
import { localFromParam } from "@/features/composer/pages/ComposerPage";

const zones = { workspace: "Europe/Paris", mine: "Asia/Riyadh" };
afterEach(cleanup);

function accounts(count: number): Account[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `id-${i}`,
    platform: i % 2 ? "sandbox" : "mastodon",
    handle: `brand${i}`,
    display_name: `Brand ${i}`,
    status: i === 3 ? "needs_reauth" : "active",
    health: "connected",
    token_expires_at: null,
    created_at: "2026-01-01T00:00:00Z",
  })) as Account[];
}

describe("time zones in the schedule", () => {
  const schedule = (overrides: Partial<Parameters<typeof ScheduleSection>[0]> = {}) =>
    render(
      <ScheduleSection
        state={{ ...EMPTY, local: "2027-01-15T09:00" }}
        zones={zones}
        zone="Europe/Paris"
        allowNow
        resolved="2027-01-15T08:00:00Z"
        occurrences={[]}
        problems={[]}
        ambiguity={null}
        rule={null}
        dispatch={vi.fn()}
        {...overrides}
      />,
    );

  it("offers the workspace's zone and the person's, each with its offset, and says which the time is in", () => {
    schedule();
    const options = within(screen.getByLabelText("Time zone")).getAllByRole("option");
    expect(options.map((o) => o.textContent?.replace(/[\u2068\u2069]/g, ""))).toEqual([
      "Europe/Paris (UTC+01:00) · workspace",
      "Asia/Riyadh (UTC+03:00) · mine",
    ]);
    const said = screen.getByTestId("resolved-time").textContent?.replace(/[\u2068\u2069]/g, "") ?? "";
    expect(said).toContain("09:00");
    expect(said).toContain("Europe/Paris (UTC+01:00)");
    expect(said).toContain("11:00"); // and for the person, in their own zone, named
    expect(said).toContain("Asia/Riyadh (UTC+03:00)");
  });

  it("asks which of the two instants a repeated hour means, with both offsets", async () => {
    const dispatch = vi.fn();
    schedule({
      state: { ...EMPTY, local: "2027-10-31T02:30" },
      resolved: null,
      dispatch,
      ambiguity: { earlier: "2027-10-31T00:30:00Z", later: "2027-10-31T01:30:00Z" },
      problems: [{ code: "ambiguous_local_time", message: "twice" }],
    });
    const first = screen.getByRole("radio", { name: /^The first 02:30 \(.*UTC\+02:00.*00:30 UTC\)/ });
    const second = screen.getByRole("radio", { name: /^The second 02:30 \(.*UTC\+01:00.*01:30 UTC\)/ });
    expect(first).not.toBeChecked();
    await userEvent.click(second);
    expect(dispatch).toHaveBeenCalledWith({ type: "ambiguous", ambiguous: "later" });
    expect(screen.queryByText("twice")).toBeNull(); // said by the chooser, not again as a problem
  });

  it("shows the rule and the next times the server computed, in the post's zone", () => {
    schedule({
      state: {
        ...EMPTY,
        local: "2027-01-15T09:00",
        repeat: { frequency: "WEEKLY", interval: 1, weekdays: [], end: { kind: "never" } },
      },
      rule: "FREQ=WEEKLY",
      occurrences: ["2027-01-15T08:00:00Z", "2027-01-22T08:00:00Z"],
    });
    expect(screen.getByTestId("rrule")).toHaveTextContent("FREQ=WEEKLY");
    const times = within(screen.getByTestId("occurrences")).getAllByRole("listitem");
    expect(times.map((li) => li.textContent)).toEqual([
      "Friday, 15 January 2027 at 09:00",
      "Friday, 22 January 2027 at 09:00",
    ]);
  });
});

describe("the account picker", () => {
  it("searches, filters by platform and chooses every active match, leaving accounts that need reconnecting", async () => {
    const dispatch = vi.fn();
    const all = accounts(1000);
    render(
      <AccountPicker
        accounts={all}
        selected={new Set()}
        platformNames={{ sandbox: "Sandbox", mastodon: "Mastodon" }}
        problems={new Set()}
        dispatch={dispatch}
      />,
    );
    expect(screen.getByText("0 of 1,000 chosen")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Choose all 999" }));
    expect(dispatch.mock.calls[0]?.[0].ids).toHaveLength(999);
    await userEvent.selectOptions(screen.getByLabelText("Platform"), "mastodon");
    await userEvent.type(screen.getByLabelText("Search accounts"), "brand1");
    // brand1, brand10..brand19, brand100..brand199: the even ones are Mastodon.
    const button = await screen.findByRole("button", { name: /^Choose all \d+ matches$/ });
    await userEvent.click(button);
    const ids = dispatch.mock.calls[1]?.[0].ids as string[];
    expect(ids.every((id) => Number(id.slice(3)) % 2 === 0)).toBe(true);
    expect(ids).toHaveLength(55);
  });

  it("keeps only the rows in view in the page", () => {
    render(
      <AccountPicker
        accounts={accounts(1000)}
        selected={new Set()}
        platformNames={{}}
        problems={new Set()}
        dispatch={vi.fn()}
      />,
    );
    expect(screen.queryAllByRole("checkbox").length).toBeLessThan(60);
  });
});

describe("problems and counters", () => {
  it("reads a refused save's problems per account, and a repeated hour's two instants", () => {
    expect(
      targetProblemsOf({ targets: { a: [{ code: "text_too_long", message: "x" }], b: "nonsense" } }),
    ).toEqual({ a: [{ code: "text_too_long", message: "x" }] });
    expect(targetProblemsOf(null)).toEqual({});
    expect(ambiguityOf({ earlier: "e", later: "l" })).toEqual({ earlier: "e", later: "l" });
    expect(ambiguityOf({ earlier: 1 })).toBeNull();
  });

  it("colours a platform's counter once it is over its limit", () => {
    render(
      <Counters
        counts={[
          { platform: "x", name: "X", length: 290, max: 280, accounts: 1 },
          { platform: "bluesky", name: "Bluesky", length: 290, max: 300, accounts: 2 },
        ]}
      />,
    );
    const items = screen.getAllByRole("listitem");
    expect(items[0]).toHaveAttribute("data-over", "true");
    expect(items[0]).toHaveTextContent("10 characters too many");
    expect(items[1]).not.toHaveAttribute("data-over");
    expect(items[1]).toHaveTextContent("10 characters left");
  });
});

describe("a time from the address", () => {
  it("takes a day, a local time or an instant, else the hour after next, in the given zone", () => {
    expect(localFromParam("2027-05-04", "Europe/Paris")).toBe("2027-05-04T09:00");
    expect(localFromParam("2027-05-04T14:30", "Europe/Paris")).toBe("2027-05-04T14:30");
    expect(localFromParam("2027-05-04T12:00:00Z", "Europe/Paris")).toBe("2027-05-04T14:00");
    expect(localFromParam(null, "Asia/Riyadh", new Date("2027-01-10T10:20:00Z"))).toBe("2027-01-10T15:00");
  });
});
