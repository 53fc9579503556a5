/** The composer's reducer and what it sends: per-account overrides, media, schedule modes, series edits. */
import { describe, expect, it } from "vitest";
import {
  type ComposerState,
  EMPTY,
  fromPost,
  type PostOut,
  reducer,
  toPatch,
  toPostIn,
  withSeconds,
} from "@/features/composer/lib/state";
import { toLocalInput } from "@/lib/format";

const zones = { workspace: "Europe/Paris", mine: "America/New_York" };
const run = (...actions: Parameters<typeof reducer>[1][]) => actions.reduce(reducer, EMPTY);

describe("the composer's reducer", () => {
  it("chooses accounts once each, in order, and drops an account's own content when it is removed", () => {
    let state = run(
      { type: "toggleAccount", id: "a" },
      { type: "selectAccounts", ids: ["b", "a", "c"] },
      { type: "overrideText", account: "b", text: "short" },
    );
    expect(state.selected).toEqual(["a", "b", "c"]);
    expect(state.overrides.b).toEqual({ text: "short" });
    state = reducer(state, { type: "toggleAccount", id: "b" });
    expect(state.selected).toEqual(["a", "c"]);
    expect(state.overrides.b).toBeUndefined();
    state = reducer(state, { type: "deselectAccounts", ids: ["a", "c"] });
    expect(state.selected).toEqual([]);
  });

  it("keeps an override only while it says something", () => {
    let state = run({ type: "selectAccounts", ids: ["a"] }, { type: "overrideText", account: "a", text: "" });
    expect(state.overrides.a).toEqual({ text: "" }); // an empty own text is still the account's own
    state = reducer(state, { type: "option", account: "a", name: "title", value: "Hello" });
    state = reducer(state, { type: "overrideText", account: "a", text: null });
    expect(state.overrides.a).toEqual({ options: { title: "Hello" } });
    state = reducer(state, { type: "option", account: "a", name: "title", value: "" });
    expect(state.overrides.a).toBeUndefined();
  });

  it("sets an option for every account of a platform at once", () => {
    const state = run(
      { type: "selectAccounts", ids: ["y1", "y2"] },
      { type: "optionForPlatform", accounts: ["y1", "y2"], name: "privacy", value: "unlisted" },
    );
    expect(state.overrides.y1?.options).toEqual({ privacy: "unlisted" });
    expect(state.overrides.y2?.options).toEqual({ privacy: "unlisted" });
  });

  it("adds media once, moves it, and a removed file leaves the accounts that had it too", () => {
    let state = run(
      { type: "selectAccounts", ids: ["a"] },
      { type: "addMedia", ids: ["m1", "m2", "m1"] },
      { type: "overrideMedia", account: "a", ids: ["m2"] },
      { type: "moveMedia", id: "m2", by: -1 },
    );
    expect(state.mediaIds).toEqual(["m2", "m1"]);
    state = reducer(state, { type: "removeMedia", id: "m2" });
    expect(state.mediaIds).toEqual(["m1"]);
    expect(state.overrides.a).toEqual({ mediaIds: [] });
  });

  it("forgets which of two instants was meant when the time or zone changes", () => {
    const state = run(
      { type: "local", local: "2027-10-31T02:30" },
      { type: "ambiguous", ambiguous: "later" },
    );
    expect(state.ambiguous).toBe("later");
    expect(reducer(state, { type: "local", local: "2027-10-31T02:45" }).ambiguous).toBeNull();
    expect(reducer(state, { type: "zone", zone: "mine" }).ambiguous).toBeNull();
  });
});

describe("what the composer sends", () => {
  const base: ComposerState = run(
    { type: "text", text: "Hello everyone" },
    { type: "addMedia", ids: ["m1"] },
    { type: "selectAccounts", ids: ["a", "b"] },
    { type: "overrideText", account: "b", text: "Hi X" },
    { type: "overrideMedia", account: "b", ids: [] },
    { type: "option", account: "b", name: "first_comment", value: "More soon" },
    { type: "local", local: "2027-03-01T09:00" },
  );

  it("a scheduled post: the local time read in the chosen zone, and each account's own content", () => {
    expect(toPostIn(base, zones)).toEqual({
      text: "Hello everyone",
      media_ids: ["m1"],
      targets: [
        { account_id: "a" },
        { account_id: "b", text: "Hi X", media_ids: [], options: { first_comment: "More soon" } },
      ],
      timezone: "Europe/Paris",
      scheduled_at: "2027-03-01T09:00:00",
    });
    expect(toPostIn(reducer(base, { type: "zone", zone: "mine" }), zones).timezone).toBe("America/New_York");
  });

  it("publish now sends no time; a draft keeps its time and says draft", () => {
    const now = toPostIn(reducer(base, { type: "mode", mode: "now" }), zones);
    expect(now.publish_now).toBe(true);
    expect(now.scheduled_at).toBeUndefined();
    const draft = toPostIn(reducer(base, { type: "mode", mode: "now" }), zones, true);
    expect(draft).toMatchObject({ draft: true, scheduled_at: "2027-03-01T09:00:00" });
    expect(draft.publish_now).toBeUndefined();
    const timeless = toPostIn(reducer(base, { type: "local", local: "" }), zones, true);
    expect(timeless).toMatchObject({ draft: true, scheduled_at: null });
  });

  it("a repeat sends its rule with the first time; the chosen hour of a repeated local time goes too", () => {
    const weekly = reducer(
      reducer(base, {
        type: "repeat",
        repeat: {
          frequency: "WEEKLY",
          interval: 2,
          weekdays: ["WE", "MO"],
          end: { kind: "count", count: 4 },
        },
      }),
      { type: "ambiguous", ambiguous: "earlier" },
    );
    expect(toPostIn(weekly, zones)).toMatchObject({
      recurrence: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4",
      ambiguous: "earlier",
    });
    expect(toPostIn(reducer(weekly, { type: "mode", mode: "now" }), zones).recurrence).toBeUndefined();
  });

  it("an edit replaces accounts and media, and sends a new rule only to a series scope that takes one", () => {
    const original = {
      id: "p",
      status: "scheduled",
      text: "Hello everyone",
      media: ["m1"],
      scheduled_at: "2027-03-01T08:00:00Z",
      timezone: "Europe/Paris",
      series_id: "s",
      recurrence: "FREQ=WEEKLY",
      targets: [],
    } as unknown as PostOut;
    const daily = reducer(base, {
      type: "repeat",
      repeat: { frequency: "DAILY", interval: 1, weekdays: [], end: { kind: "never" } },
    });
    const mine = toPatch(daily, zones, "this", original);
    expect(mine.recurrence).toBeUndefined();
    expect(mine.targets).toHaveLength(2);
    expect(mine).toMatchObject({ scheduled_at: "2027-03-01T09:00:00", timezone: "Europe/Paris" });
    expect(toPatch(daily, zones, "following", original).recurrence).toBe("FREQ=DAILY");
  });

  it("a saved post comes back as the form that made it", () => {
    const post = {
      id: "p",
      status: "draft",
      text: "Back again",
      media: ["m1"],
      scheduled_at: "2027-07-01T07:00:00Z",
      timezone: "Europe/Paris",
      series_id: "s",
      recurrence: "FREQ=MONTHLY;COUNT=3",
      targets: [
        { account_id: "a", status: "draft", text: null, media_ids: null, options: {} },
        { account_id: "b", status: "draft", text: "Own", media_ids: [], options: { title: "T" } },
        { account_id: "c", status: "cancelled", text: null, media_ids: null, options: {} },
      ],
    } as unknown as PostOut;
    const state = fromPost(post, zones, toLocalInput);
    expect(state.selected).toEqual(["a", "b"]);
    expect(state.overrides).toEqual({ b: { text: "Own", mediaIds: [], options: { title: "T" } } });
    expect(state.local).toBe("2027-07-01T09:00"); // Paris in summer: UTC+2
    expect(state.zone).toBe("workspace");
    expect(state.repeat).toEqual({
      frequency: "MONTHLY",
      interval: 1,
      weekdays: [],
      end: { kind: "count", count: 3 },
    });
    expect(toPostIn(state, zones).recurrence).toBe("FREQ=MONTHLY;COUNT=3");
  });
});

describe("the scheduled time's seconds", () => {
  it("adds :00 to a minute and keeps seconds the input already has", () => {
    expect(withSeconds("2027-01-06T09:00")).toBe("2027-01-06T09:00:00");
    expect(withSeconds("2027-01-06T09:00:20")).toBe("2027-01-06T09:00:20");
  });
});
