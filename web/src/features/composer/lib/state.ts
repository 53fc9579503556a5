/**
 * The composer's state, the one reducer that changes it, and what it sends to the API. Pure: the
 * page keeps it in `useReducer`, the tests drive it directly.
 */
import type { components } from "@/lib/api/schema";
import { fromRule, type RepeatForm, toRule } from "./recurrence";

export type PostIn = components["schemas"]["PostIn"];
export type PostPatch = components["schemas"]["PostPatch"];
export type PostOut = components["schemas"]["PostOut"];
export type TargetIn = components["schemas"]["TargetIn"];
export type Ambiguity = components["schemas"]["Ambiguity"];
export type OptionValue = string | boolean | string[];

/** What one account does differently from the post; absent fields follow the post. */
export interface Override {
  text?: string;
  mediaIds?: string[];
  options?: Record<string, OptionValue>;
}

/** Schedule for a time, or send at once; a draft is saved by its own button, with or without a time. */
export type Mode = "schedule" | "now";
export type ZoneChoice = "workspace" | "mine";

export interface ComposerState {
  text: string;
  mediaIds: string[];
  /** Account ids in the order they were chosen. */
  selected: string[];
  overrides: Record<string, Override>;
  mode: Mode;
  /** The wall time, as an <input type="datetime-local"> value (YYYY-MM-DDTHH:mm). */
  local: string;
  zone: ZoneChoice;
  ambiguous: Ambiguity | null;
  repeat: RepeatForm | null;
  /** A rule the form cannot show (from the API or a CSV import): kept as written. */
  customRule: string | null;
}

export const EMPTY: ComposerState = {
  text: "",
  mediaIds: [],
  selected: [],
  overrides: {},
  mode: "schedule",
  local: "",
  zone: "workspace",
  ambiguous: null,
  repeat: null,
  customRule: null,
};

export type Action =
  | { type: "text"; text: string }
  | { type: "addMedia"; ids: string[] }
  | { type: "removeMedia"; id: string }
  | { type: "moveMedia"; id: string; by: -1 | 1 }
  | { type: "toggleAccount"; id: string }
  | { type: "selectAccounts"; ids: string[] }
  | { type: "deselectAccounts"; ids: string[] }
  | { type: "overrideText"; account: string; text: string | null }
  | { type: "overrideMedia"; account: string; ids: string[] | null }
  | { type: "option"; account: string; name: string; value: OptionValue | null }
  | { type: "optionForPlatform"; accounts: string[]; name: string; value: OptionValue | null }
  | { type: "mode"; mode: Mode }
  | { type: "local"; local: string }
  | { type: "zone"; zone: ZoneChoice }
  | { type: "ambiguous"; ambiguous: Ambiguity | null }
  | { type: "repeat"; repeat: RepeatForm | null }
  | { type: "reset"; state: ComposerState };

function withOverride(
  state: ComposerState,
  account: string,
  change: (o: Override) => Override,
): ComposerState {
  const next = change({ ...state.overrides[account] });
  const overrides = { ...state.overrides };
  if (next.text === undefined && next.mediaIds === undefined && !Object.keys(next.options ?? {}).length)
    delete overrides[account];
  else overrides[account] = next;
  return { ...state, overrides };
}

function setOption(o: Override, name: string, value: OptionValue | null): Override {
  const options = { ...o.options };
  if (value === null || value === "" || (Array.isArray(value) && !value.length)) delete options[name];
  else options[name] = value;
  return { ...o, options };
}

export function reducer(state: ComposerState, action: Action): ComposerState {
  switch (action.type) {
    case "text":
      return { ...state, text: action.text };
    case "addMedia":
      return { ...state, mediaIds: [...new Set([...state.mediaIds, ...action.ids])].slice(0, 20) };
    case "removeMedia": {
      // An account with its own media loses the file too: a removed file goes out nowhere.
      const overrides = Object.fromEntries(
        Object.entries(state.overrides).map(([id, o]) => [
          id,
          o.mediaIds ? { ...o, mediaIds: o.mediaIds.filter((m) => m !== action.id) } : o,
        ]),
      );
      return { ...state, mediaIds: state.mediaIds.filter((m) => m !== action.id), overrides };
    }
    case "moveMedia": {
      const index = state.mediaIds.indexOf(action.id);
      const to = index + action.by;
      if (index < 0 || to < 0 || to >= state.mediaIds.length) return state;
      const mediaIds = [...state.mediaIds];
      [mediaIds[index], mediaIds[to]] = [mediaIds[to] as string, mediaIds[index] as string];
      return { ...state, mediaIds };
    }
    case "toggleAccount":
      return state.selected.includes(action.id)
        ? reducer(state, { type: "deselectAccounts", ids: [action.id] })
        : { ...state, selected: [...state.selected, action.id] };
    case "selectAccounts": {
      const have = new Set(state.selected);
      return { ...state, selected: [...state.selected, ...action.ids.filter((id) => !have.has(id))] };
    }
    case "deselectAccounts": {
      const gone = new Set(action.ids);
      const overrides = { ...state.overrides };
      for (const id of action.ids) delete overrides[id];
      return { ...state, selected: state.selected.filter((id) => !gone.has(id)), overrides };
    }
    case "overrideText":
      return withOverride(state, action.account, (o) => ({ ...o, text: action.text ?? undefined }));
    case "overrideMedia":
      return withOverride(state, action.account, (o) => ({ ...o, mediaIds: action.ids ?? undefined }));
    case "option":
      return withOverride(state, action.account, (o) => setOption(o, action.name, action.value));
    case "optionForPlatform":
      return action.accounts.reduce(
        (s, account) => withOverride(s, account, (o) => setOption(o, action.name, action.value)),
        state,
      );
    case "mode":
      return { ...state, mode: action.mode };
    case "local":
      return { ...state, local: action.local, ambiguous: null };
    case "zone":
      return { ...state, zone: action.zone, ambiguous: null };
    case "ambiguous":
      return { ...state, ambiguous: action.ambiguous };
    case "repeat":
      return { ...state, repeat: action.repeat, customRule: null };
    case "reset":
      return action.state;
  }
}

export interface Zones {
  workspace: string;
  mine: string;
}

export function zoneOf(state: ComposerState, zones: Zones): string {
  return state.zone === "mine" ? zones.mine : zones.workspace;
}

export function ruleOf(state: ComposerState, zones: Zones): string | null {
  if (state.mode !== "schedule" || !state.local) return null;
  if (state.repeat) return toRule(state.repeat, zoneOf(state, zones));
  return state.customRule;
}

export function targetsOf(state: ComposerState): TargetIn[] {
  return state.selected.map((account_id) => {
    const o = state.overrides[account_id];
    const target: TargetIn = { account_id };
    if (o?.text !== undefined) target.text = o.text;
    if (o?.mediaIds !== undefined) target.media_ids = o.mediaIds;
    if (o?.options && Object.keys(o.options).length) target.options = o.options;
    return target;
  });
}

/** A datetime-local value with its seconds (the input gives them only when they are not :00). */
export function withSeconds(local: string): string {
  return /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
}

/** The local time with seconds, read by the API in `timezone` (never the browser's zone). */
function scheduledAt(state: ComposerState): string | null {
  return state.local ? withSeconds(state.local) : null;
}

/** What a new post (or its preview) sends. `draft` saves without checking the time is ahead. */
export function toPostIn(state: ComposerState, zones: Zones, draft = false): PostIn {
  const body: PostIn = {
    text: state.text,
    media_ids: state.mediaIds,
    targets: targetsOf(state),
    timezone: zoneOf(state, zones),
  };
  if (state.mode === "now" && !draft) body.publish_now = true;
  else {
    body.scheduled_at = scheduledAt(state);
    if (state.ambiguous) body.ambiguous = state.ambiguous;
    if (draft) body.draft = true;
    const rule = ruleOf(state, zones);
    if (rule && body.scheduled_at) body.recurrence = rule;
  }
  return body;
}

export type Scope = "this" | "following" | "all";

/** What an edit sends: everything the form holds (a PATCH replaces the accounts and media). */
export function toPatch(state: ComposerState, zones: Zones, scope: Scope, original: PostOut): PostPatch {
  const patch: PostPatch = {
    text: state.text,
    media_ids: state.mediaIds,
    targets: targetsOf(state),
  };
  if (state.mode === "schedule" && state.local) {
    patch.scheduled_at = scheduledAt(state);
    patch.timezone = zoneOf(state, zones);
    if (state.ambiguous) patch.ambiguous = state.ambiguous;
  }
  const rule = ruleOf(state, zones);
  if (scope !== "this" && original.series_id && rule && rule !== original.recurrence) patch.recurrence = rule;
  return patch;
}

/** The form for an existing post: its text, media, accounts with their own content, time and rule. */
export function fromPost(post: PostOut, zones: Zones, toLocal: (iso: string, zone: string) => string) {
  const zone: ZoneChoice =
    post.timezone === zones.workspace || post.timezone !== zones.mine ? "workspace" : "mine";
  const live = post.targets.filter((t) => t.status !== "cancelled");
  const overrides: Record<string, Override> = {};
  for (const t of live) {
    const o: Override = {};
    if (t.text !== null && t.text !== undefined) o.text = t.text;
    if (t.media_ids !== null && t.media_ids !== undefined) o.mediaIds = t.media_ids;
    if (t.options && Object.keys(t.options).length) o.options = t.options as Record<string, OptionValue>;
    if (Object.keys(o).length) overrides[t.account_id] = o;
  }
  const shownZone = zone === "mine" ? zones.mine : zones.workspace;
  const repeat = post.recurrence ? fromRule(post.recurrence, post.timezone) : null;
  const state: ComposerState = {
    ...EMPTY,
    text: post.text,
    mediaIds: post.media ?? [],
    selected: live.map((t) => t.account_id),
    overrides,
    mode: "schedule",
    local: post.scheduled_at ? toLocal(post.scheduled_at, shownZone) : "",
    zone,
    repeat,
    customRule: post.recurrence && !repeat ? post.recurrence : null,
  };
  return state;
}
