/** The repeat form and its RRULE, both ways; rules the form cannot show are left to be kept as written. */
import { describe, expect, it } from "vitest";
import {
  fromRule,
  type RepeatForm,
  toRule,
  untilOf,
  zoneOffsetMinutes,
} from "@/features/composer/lib/recurrence";

const forms: [RepeatForm, string][] = [
  [{ frequency: "DAILY", interval: 1, weekdays: [], end: { kind: "never" } }, "FREQ=DAILY"],
  [
    { frequency: "WEEKLY", interval: 1, weekdays: ["FR", "MO"], end: { kind: "never" } },
    "FREQ=WEEKLY;BYDAY=MO,FR",
  ],
  [
    { frequency: "WEEKLY", interval: 2, weekdays: ["TU"], end: { kind: "count", count: 6 } },
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6",
  ],
  [
    { frequency: "MONTHLY", interval: 3, weekdays: [], end: { kind: "count", count: 4 } },
    "FREQ=MONTHLY;INTERVAL=3;COUNT=4",
  ],
];

describe("repeat form → RRULE → form", () => {
  it.each(forms)("%o is %s and back", (form, rule) => {
    expect(toRule(form, "Europe/Paris")).toBe(rule);
    expect(fromRule(rule, "Europe/Paris")).toEqual({
      ...form,
      weekdays: [...form.weekdays].sort((a, b) => "MOTUWETHFRSASU".indexOf(a) - "MOTUWETHFRSASU".indexOf(b)),
    });
  });

  it("ends on a date at the end of that day in the post's zone, written in UTC as RFC 5545 asks", () => {
    const form: RepeatForm = {
      frequency: "DAILY",
      interval: 1,
      weekdays: [],
      end: { kind: "until", date: "2027-01-31" },
    };
    expect(toRule(form, "Europe/Paris")).toBe("FREQ=DAILY;UNTIL=20270131T225959Z");
    expect(toRule(form, "Asia/Riyadh")).toBe("FREQ=DAILY;UNTIL=20270131T205959Z");
    expect(toRule(form, "America/New_York")).toBe("FREQ=DAILY;UNTIL=20270201T045959Z");
    expect(fromRule("FREQ=DAILY;UNTIL=20270131T225959Z", "Europe/Paris")).toEqual(form);
    expect(fromRule("FREQ=DAILY;UNTIL=20270201T045959Z", "America/New_York")).toEqual(form);
    expect(untilOf("2027-07-31", "Europe/Paris")).toBe("20270731T215959Z"); // summer time
  });

  it("reads weekdays only for weekly rules and ignores a RRULE: prefix and case", () => {
    expect(fromRule("rrule:freq=weekly;byday=we", "UTC")).toEqual({
      frequency: "WEEKLY",
      interval: 1,
      weekdays: ["WE"],
      end: { kind: "never" },
    });
  });

  it.each([
    "FREQ=HOURLY",
    "FREQ=YEARLY",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=WEEKLY;BYDAY=1MO",
    "FREQ=DAILY;BYHOUR=9",
    "FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=DAILY;FREQ=WEEKLY",
    "",
  ])("leaves %s to be kept as written", (rule) => {
    expect(fromRule(rule, "UTC")).toBeNull();
  });

  it("knows a zone's offset at an instant, summer and winter", () => {
    expect(zoneOffsetMinutes("Europe/Paris", new Date("2027-01-15T12:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("Europe/Paris", new Date("2027-07-15T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("Asia/Kolkata", new Date("2027-07-15T12:00:00Z"))).toBe(330);
    expect(zoneOffsetMinutes("America/New_York", new Date("2027-01-15T12:00:00Z"))).toBe(-300);
  });
});
