import { describe, expect, it } from "vitest";
import { dayEnd, dayStart } from "@/features/posts/utils/zonedDay";

describe("a day in the workspace's zone, as the instants the API filters by", () => {
  it("starts and ends the day in that zone, not the browser's", () => {
    expect(dayStart("2027-01-15", "Europe/Paris")).toBe("2027-01-14T23:00:00.000Z");
    expect(dayEnd("2027-01-15", "Europe/Paris")).toBe("2027-01-15T23:00:00.000Z");
    expect(dayStart("2027-07-15", "America/New_York")).toBe("2027-07-15T04:00:00.000Z");
  });

  it("lasts 23 hours on the night the clocks go forward", () => {
    const start = Date.parse(dayStart("2027-03-28", "Europe/Paris") ?? "");
    const end = Date.parse(dayEnd("2027-03-28", "Europe/Paris") ?? "");
    expect((end - start) / 3_600_000).toBe(23);
  });

  it("gives nothing for a date that is not one", () => {
    expect(dayStart("not-a-date", "UTC")).toBeUndefined();
  });
});
