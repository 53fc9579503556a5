/** What the posts, calendar and dashboard specs share: a signed-in owner with a workspace, sandbox
 * accounts, posts made through the API, and faults the sandbox platform inflicts on demand. */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, type Page, request } from "@playwright/test";
import { csrf, newWorkspace, SCREENSHOTS, signInWithCookies, verifiedPerson } from "./support";

const BASE = process.env.CK_BASE_URL ?? "http://127.0.0.1:7071";

export const SANDBOX = process.env.CK_SANDBOX_URL ?? "http://127.0.0.1:7081";

let counter = 0;
export function uniqueHandle(prefix = "acct") {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`.slice(0, 30);
}

export type Account = { id: string; handle: string; platform: string };
export type Post = {
  id: string;
  status: string;
  scheduled_at: string | null;
  series_id: string | null;
  created_by: string | null;
  targets: { id: string; status: string; account_id: string }[];
};

// Registering is limited per address (10 an hour), so a person is made once per name and reused,
// across runs too against the same server (kept in .local/); each test still gets its own workspace.
const PEOPLE_FILE = resolve(SCREENSHOTS, "..", "e2e-people.json");
type Person = { email: string; password: string; name: string };
const people = new Map<string, Promise<Person>>();

function remembered(): Record<string, Person> {
  try {
    return JSON.parse(readFileSync(PEOPLE_FILE, "utf8")) as Record<string, Person>;
  } catch {
    return {};
  }
}

/** A person made (or found again) through a request context of its own: the browser's cookies stay. */
async function findOrMake(name: string): Promise<Person> {
  const key = `${BASE} ${name}`;
  const known = remembered()[key];
  const api = await request.newContext({ baseURL: BASE });
  try {
    if (known) {
      const login = await api.post("/api/v1/auth/login", {
        data: { email: known.email, password: known.password },
      });
      if (login.status() === 200) return known;
    }
    const made = await verifiedPerson(api, name);
    writeFileSync(PEOPLE_FILE, JSON.stringify({ ...remembered(), [key]: made }, null, 2));
    return made;
  } finally {
    await api.dispose();
  }
}

export function person(name: string): Promise<Person> {
  let found = people.get(name);
  if (!found) {
    found = findOrMake(name);
    people.set(name, found);
  }
  return found;
}

/** A verified person signed in in this browser, owner of a new workspace (zone Europe/Paris). */
export async function owner(page: Page, name = "Ada Lovelace", approval = false) {
  const someone = await person(name);
  await signInWithCookies(page, someone.email);
  const ws = await newWorkspace(page, "Acme", approval);
  return { ...someone, ws };
}

export async function connect(page: Page, ws: string, handle = uniqueHandle()): Promise<Account> {
  const response = await page.request.post(`/api/v1/workspaces/${ws}/accounts/connect/sandbox`, {
    data: { handle },
    headers: await csrf(page),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Account;
}

export async function createPost(page: Page, ws: string, body: Record<string, unknown>): Promise<Post> {
  const response = await page.request.post(`/api/v1/workspaces/${ws}/posts`, {
    data: body,
    headers: await csrf(page),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Post;
}

export async function getPost(page: Page, ws: string, id: string): Promise<Post> {
  const response = await page.request.get(`/api/v1/workspaces/${ws}/posts/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Post;
}

/** The next `count` publishes to `handle` are refused by the platform as a bad request. */
export async function failNextPublish(page: Page, handle: string, count = 1) {
  const response = await page.request.post(`${SANDBOX}/_control/faults`, {
    data: { handle, kind: "bad_request", count },
  });
  expect([200, 201]).toContain(response.status());
}

/** An instant `days` from now at `hour`:00 UTC, as ISO. */
export function daysFromNow(days: number, hour = 9): string {
  const at = new Date();
  at.setUTCDate(at.getUTCDate() + days);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
}
