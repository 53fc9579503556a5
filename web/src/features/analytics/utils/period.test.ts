import { describe, expect, it } from "vitest";
import {
  addDays,
  bestTimesRange,
  customProblem,
  periodRange,
  readPeriod,
  todayIn,
  writePeriod,
} from "./period";

describe("periods", () => {
  // 23:30 on 7 December in UTC is already 8 December in Tokyo and still 7 December in New York.
  const now = new Date("2026-12-07T23:30:00Z");

  it("end today in the workspace's zone, not the browser's", () => {
    expect(todayIn("Asia/Tokyo", now)).toBe("2026-12-08");
    expect(todayIn("America/New_York", now)).toBe("2026-12-07");
    expect(periodRange({ preset: "7" }, "Asia/Tokyo", now)).toEqual({
      from: "2026-12-02",
      to: "2026-12-08",
      days: 7,
    });
    expect(periodRange({ preset: "30" }, "UTC", now)).toEqual({
      from: "2026-11-08",
      to: "2026-12-07",
      days: 30,
    });
    expect(periodRange({ preset: "90" }, "UTC", now).days).toBe(90);
  });

  it("count calendar days across a clock change", () => {
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(
      periodRange({ preset: "custom", from: "2026-03-28", to: "2026-03-30" }, "Europe/Paris", now).days,
    ).toBe(3);
  });

  it("come from the address, and anything odd there is the default 30 days", () => {
    expect(readPeriod(new URLSearchParams("period=7"))).toEqual({ preset: "7" });
    expect(readPeriod(new URLSearchParams("period=custom&from=2026-11-01&to=2026-11-15"))).toEqual({
      preset: "custom",
      from: "2026-11-01",
      to: "2026-11-15",
    });
    for (const odd of [
      "",
      "period=12",
      "period=custom&from=2026-11-15&to=2026-11-01",
      "period=custom&from=x&to=y",
    ])
      expect(readPeriod(new URLSearchParams(odd))).toEqual({ preset: "30" });
    expect(writePeriod({ preset: "30" })).toEqual({ period: "", from: "", to: "" });
    expect(writePeriod({ preset: "custom", from: "2026-11-01", to: "2026-11-02" })).toEqual({
      period: "custom",
      from: "2026-11-01",
      to: "2026-11-02",
    });
  });

  it("custom ranges are checked as the API checks them", () => {
    expect(customProblem("2026-11-01", "2026-11-30")).toBeNull();
    expect(customProblem("", "2026-11-30")).toBe("missing");
    expect(customProblem("2026-12-01", "2026-11-30")).toBe("order");
    expect(customProblem("2025-01-01", "2026-01-02")).toBe("tooLong");
    expect(customProblem("2025-01-01", "2026-01-01")).toBeNull(); // 366 days
  });

  it("best times look back at least 90 days", () => {
    const week = { from: "2026-12-01", to: "2026-12-07", days: 7 };
    expect(bestTimesRange(week)).toEqual({ from: "2026-09-09", to: "2026-12-07", days: 90 });
    const long = { from: "2026-01-01", to: "2026-12-07", days: 341 };
    expect(bestTimesRange(long)).toBe(long);
  });
});
