import { describe, expect, it } from "vitest";
import { toLocalInput, zoneLabel } from "@/lib/format";

describe("time-zone display", () => {
  it("names the zone and its offset at the instant shown", () => {
    expect(zoneLabel("Europe/Paris", new Date("2027-01-15T12:00:00Z"))).toBe("Europe/Paris (UTC+01:00)");
    expect(zoneLabel("Europe/Paris", new Date("2027-07-15T12:00:00Z"))).toBe("Europe/Paris (UTC+02:00)");
    expect(zoneLabel("America/New_York", new Date("2027-01-15T12:00:00Z"))).toBe(
      "America/New York (UTC-05:00)",
    );
    expect(zoneLabel("UTC", new Date("2027-01-15T12:00:00Z"))).toBe("UTC (UTC+00:00)");
  });

  it("writes an instant as the wall time of a zone, not of the browser", () => {
    const instant = "2027-03-28T00:30:00Z"; // the night Paris moves its clocks
    expect(toLocalInput(instant, "Europe/Paris")).toBe("2027-03-28T01:30");
    expect(toLocalInput("2027-03-28T01:30:00Z", "Europe/Paris")).toBe("2027-03-28T03:30");
    expect(toLocalInput(instant, "Asia/Riyadh")).toBe("2027-03-28T03:30");
  });
});
