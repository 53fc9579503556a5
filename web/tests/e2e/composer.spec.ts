/**
 * The composer in a real browser against the dev host and the sandbox platform: two sandbox accounts
 * and an X account (written straight into the database: X is not connectable here), an uploaded
 * image, the server's counters and previews, a problem on the one account it belongs to, schedule,
 * publish now, drafts, a weekly repeat over the autumn clock change, approval, and keyboard only.
 */
import { execFileSync } from "node:child_process";
import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  csrf,
  mailedLink,
  newWorkspace,
  PASSWORD,
  screenshotAll,
  signInWithCookies,
  uniqueEmail,
} from "./support";

const DATABASE = process.env.CK_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/ck_dev";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAcElEQVR4nO3ZsQnDQBAAQb9xUc4dqRvhQoS6cQ+qyj3oBYNgJz+45cIbn/fxuLOnXmBWAVoBWgFaAVoB2mtm+Ld/L1liWbfTs7e/QAFaAVoBWgFaAVoBWgFaAVoBWgFaAdroR4YVoBWgFaAVoBWg/QHf7gXrjgCnUAAAAABJRU5ErkJggg==",
  "base64",
);
const LONG = `Launch day! ${"Our new plan makes publishing calm. ".repeat(8)}#launch https://example.com/plans`;

function sql(query: string): string {
  // -q: no command tag ("INSERT 0 1") after a RETURNING row.
  return execFileSync("psql", [DATABASE, "-qAtc", query]).toString().trim();
}

// One person for the whole file: registering is limited per address per hour. When the dev host has
// spent that budget already (other suites, earlier runs), its demo admin writes the posts instead.
let person: { email: string; password?: string } | null = null;
const DEMO = { email: "admin@clickkloudy.example", password: "clickkloudy-admin-dev" };

async function somebody(page: Page): Promise<{ email: string; password?: string }> {
  const email = uniqueEmail("composer");
  const registered = await page.request.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD, name: "Ada Composer" },
  });
  if (registered.status() === 429) return DEMO;
  expect(registered.status()).toBe(201);
  const link = await mailedLink(page.request, email, "/verify-email?token=");
  const token = new URL(link, "http://x").searchParams.get("token");
  expect((await page.request.post("/api/v1/auth/verify-email", { data: { token } })).status()).toBe(200);
  return { email };
}

type Setup = { ws: string; sandbox: string[]; x: string; handles: string[]; xHandle: string };

async function setUp(page: Page, approval = false): Promise<Setup> {
  person ??= await somebody(page);
  await signInWithCookies(page, person.email, person.password);
  const ws = await newWorkspace(page, "Composer test", approval);
  const run = Date.now().toString(36).slice(-6);
  const handles = [`sb${run}a`, `sb${run}b`];
  const sandbox: string[] = [];
  for (const handle of handles) {
    const response = await page.request.post(`/api/v1/workspaces/${ws}/accounts/connect/sandbox`, {
      data: { handle },
      headers: await csrf(page),
    });
    expect(response.status()).toBe(201);
    sandbox.push(((await response.json()) as { id: string }).id);
  }
  const xHandle = `x${run}`;
  const x = sql(
    `INSERT INTO social_accounts (workspace_id, platform, external_id, handle, display_name)
     VALUES ('${ws}', 'x', '${run}', '${xHandle}', 'Acme on X') RETURNING id`,
  );
  return { ws, sandbox, x, handles, xHandle };
}

async function choose(page: Page, handle: string) {
  await page.getByRole("checkbox", { name: new RegExp(`@${handle}`) }).check();
}

async function postOf(page: Page, ws: string, id: string) {
  const response = await page.request.get(`/api/v1/workspaces/${ws}/posts/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as {
    status: string;
    text: string;
    media: string[];
    recurrence: string | null;
    series_id: string | null;
    scheduled_at: string | null;
    targets: { account_id: string; text: string | null; platform: string }[];
  };
}

function counter(page: Page, platform: string): Locator {
  return page.getByRole("list", { name: "Characters per platform" }).locator(`[data-platform="${platform}"]`);
}

test("compose to two sandbox accounts and X with an image: counters, previews, a problem on its account, schedule", async ({
  page,
}) => {
  test.setTimeout(360_000); // the screenshots: 16 page loads, and 4 accessibility scans
  const s = await setUp(page);
  await page.goto(`/app/workspaces/${s.ws}/compose`);
  await expect(page.getByRole("heading", { name: "New post", level: 1 })).toBeVisible();
  await choose(page, s.handles[0] as string);
  await choose(page, s.handles[1] as string);
  await choose(page, s.xHandle);
  await expect(page.getByText("3 of 4 chosen")).toBeVisible();
  await page.getByLabel("Text", { exact: true }).fill(LONG);

  // The server's counts, each platform's own way: X weighs the link as 23 and allows 280.
  await expect(counter(page, "x")).toHaveAttribute("data-over", "true");
  await expect(counter(page, "sandbox")).not.toHaveAttribute("data-over", "true");
  const xRow = page.locator(`[data-account="${s.xHandle}"]`);
  await expect(xRow.getByText(/Too long for X/)).toBeVisible();
  await expect(page.locator(`[data-account="${s.handles[0]}"]`).getByText(/Too long/)).toHaveCount(0);
  await expect(page.getByText("1 account can't take this post yet.")).toBeVisible();

  // X gets its own, shorter text; the problem goes.
  await xRow.getByRole("button", { name: `Customise for @${s.xHandle}` }).click();
  await xRow.getByLabel("Own text for this account").check();
  await xRow.getByLabel(`Text for @${s.xHandle}`).fill("Launch day! #launch https://example.com/plans");
  await expect(xRow.getByText(/Too long for X/)).toHaveCount(0);
  await expect(page.getByText("All 3 accounts can take this post.")).toBeVisible();

  // An image, uploaded in place (request, PUT to storage, complete).
  await page
    .locator('input[type="file"]')
    .first()
    .setInputFiles({ name: "launch.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByRole("button", { name: "Remove launch.png" })).toBeVisible();

  // Previews per network.
  await page.getByRole("tab", { name: /^X/ }).click();
  const xPreview = page.getByTestId("preview-x");
  await expect(xPreview.getByText(`@${s.xHandle}`)).toBeVisible();
  await expect(xPreview.getByText("#launch")).toBeVisible();
  await page.getByRole("tab", { name: /Sandbox/ }).click();
  await expect(page.getByTestId("preview-sandbox").getByRole("img", { name: "launch.png" })).toBeVisible();

  // Schedule tomorrow at 10:00 in the workspace's zone, said explicitly.
  const tomorrow = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
  await page.getByLabel("Date and time").fill(`${tomorrow}T10:00`);
  await expect(page.getByLabel("Time zone")).toContainText("Europe/Paris (UTC+");
  await expect(page.getByTestId("resolved-time")).toContainText("Europe/Paris");
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  // The toast (the post page it lands on also has a "Scheduled for" label).
  await expect(page.locator("[data-sonner-toast]").getByText(/^Scheduled for/)).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);
  const id = page.url().split("/").at(-1) as string;
  const post = await postOf(page, s.ws, id);
  expect(post.status).toBe("scheduled");
  expect(post.media).toHaveLength(1);
  expect(post.targets).toHaveLength(3);
  expect(post.targets.find((t) => t.platform === "x")?.text).toContain("Launch day!");
  expect(post.targets.filter((t) => t.platform === "sandbox").every((t) => t.text === null)).toBe(true);

  // The edit page shows it back, and is what people see in every language, theme and size.
  await page.goto(`/app/workspaces/${s.ws}/compose/${id}`);
  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.getByRole("list", { name: /Characters per platform|عدد الأحرف لكل منصة/ })).toBeVisible();
    await expect(p.getByTestId("preview-sandbox").getByRole("img").first()).toBeVisible();
  };
  await ready(page);
  await expect(page.getByLabel("Text", { exact: true })).toHaveValue(LONG);
  await screenshotAll(page, "composer-edit", ready);
});

test("a text too long for X, seen in every language and theme", async ({ page }) => {
  test.setTimeout(360_000);
  const s = await setUp(page);
  const day = `${new Date().getUTCFullYear() + 1}-01-06`;
  await page.goto(`/app/workspaces/${s.ws}/compose?account=${s.sandbox[0]}&account=${s.x}&date=${day}`);
  const ready = async (p: Page) => {
    await p.locator("#composer-text").fill(LONG);
    await expect(p.locator(`[data-account="${s.xHandle}"] li`).first()).toBeVisible();
    await expect(p.locator("[data-over=true]")).toBeVisible();
    await p.getByRole("tab", { name: /^X/ }).click(); // the X preview, with its "Show more"
    await expect(p.getByTestId("preview-x")).toBeVisible();
    await p.evaluate(() => window.scrollTo(0, 0));
  };
  await ready(page);
  await expect(page.getByLabel("Date and time")).toHaveValue(`${day}T09:00`);
  await screenshotAll(page, "composer-problem", ready);
});

test("publish now, and save a draft to finish later", async ({ page }) => {
  const s = await setUp(page);
  await page.goto(`/app/workspaces/${s.ws}/compose`);
  await choose(page, s.handles[0] as string);
  await page.getByLabel("Text", { exact: true }).fill("Out right away");
  await page.getByRole("radio", { name: "Now" }).check();
  await expect(page.getByTestId("preview-sandbox")).toContainText("now");
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText("Publishing now.")).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);
  const sent = await postOf(page, s.ws, page.url().split("/").at(-1) as string);
  expect(["scheduled", "publishing", "published"]).toContain(sent.status);

  await page.goto(`/app/workspaces/${s.ws}/compose`);
  await choose(page, s.handles[1] as string);
  await page.getByLabel("Text", { exact: true }).fill("مسودة: نص عربي with English words");
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await expect(page).toHaveURL(/\/compose\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { name: "Edit post", level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Text", { exact: true })).toHaveValue("مسودة: نص عربي with English words");
  await expect(page.getByLabel("Text", { exact: true })).toHaveAttribute("dir", "auto");
  const draft = await postOf(page, s.ws, page.url().split("/").at(-1) as string);
  expect(draft.status).toBe("draft");
});

test("repeat weekly from a time the autumn change repeats: choose which, see the rule and the next times", async ({
  page,
}) => {
  const s = await setUp(page);
  await page.goto(`/app/workspaces/${s.ws}/compose?account=${s.sandbox[0]}`);
  await page.getByLabel("Text", { exact: true }).fill("Every week");
  // Paris puts its clocks back at 03:00 on the last Sunday of October: 02:30 happens twice.
  const year = new Date().getUTCFullYear() + 1;
  const lastSunday = new Date(Date.UTC(year, 9, 31));
  lastSunday.setUTCDate(31 - lastSunday.getUTCDay());
  const day = lastSunday.toISOString().slice(0, 10);
  await page.getByLabel("Date and time").fill(`${day}T02:30`);
  await expect(page.getByText("This time happens twice")).toBeVisible();
  await page.getByRole("radio", { name: /^The second 02:30/ }).check();
  await expect(page.getByTestId("resolved-time")).toContainText("UTC+01:00");

  await page.getByRole("checkbox", { name: "Repeat" }).check();
  // The weekday toggles are labelled buttons-looking checkboxes; the label takes the click.
  await page.getByRole("checkbox", { name: "Monday" }).check({ force: true });
  await page.getByRole("checkbox", { name: "Wednesday" }).check({ force: true });
  await page.getByRole("radio", { name: "After" }).check();
  await page.getByLabel("Number of times").fill("5");
  await expect(page.getByTestId("rrule")).toHaveText("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5");
  await expect(page.getByTestId("occurrences").getByRole("listitem")).toHaveCount(5);
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  // The toast (the post page it lands on also has a "Scheduled for" label).
  await expect(page.locator("[data-sonner-toast]").getByText(/^Scheduled for/)).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);
  const post = await postOf(page, s.ws, page.url().split("/").at(-1) as string);
  expect(post.recurrence).toBe("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5");
  expect(post.series_id).not.toBeNull();
  expect(post.scheduled_at).toBe(`${day}T01:30:00Z`);
});

test("a contributor in a workspace with approvals submits for approval", async ({ page }) => {
  const s = await setUp(page, true);
  sql(`UPDATE memberships SET role = 'contributor' WHERE workspace_id = '${s.ws}'`);
  await page.goto(`/app/workspaces/${s.ws}/compose?account=${s.sandbox[0]}`);
  await page.getByLabel("Text", { exact: true }).fill("Please have a look");
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByText("Sent for approval.")).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);
  const post = await postOf(page, s.ws, page.url().split("/").at(-1) as string);
  expect(post.status).toBe("pending_approval");
});

async function tabTo(page: Page, target: Locator, limit = 120) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("never reached by Tab");
}

test("the composer works with the keyboard alone (Tab, Enter, Space)", async ({ page }) => {
  const s = await setUp(page);
  await page.goto(`/app/workspaces/${s.ws}/compose`);
  await expect(page.getByRole("heading", { name: "New post", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab"); // the skip link
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("checkbox", { name: new RegExp(`@${s.handles[0]}`) }));
  await page.keyboard.press("Space");
  await expect(page.getByText("1 of 4 chosen")).toBeVisible();
  await tabTo(page, page.getByLabel("Text", { exact: true }));
  await page.keyboard.type("Typed without a mouse #keyboard");
  await expect(counter(page, "sandbox")).toContainText("31 / 5,000");
  await tabTo(page, page.getByRole("button", { name: `Customise for @${s.handles[0]}` }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("Own text for this account"));
  await page.keyboard.press("Space");
  await expect(page.getByLabel(`Text for @${s.handles[0]}`)).toHaveValue("Typed without a mouse #keyboard");
  // The time starts two hours ahead, in the workspace's zone: Tab to the button and send it.
  await expect(page.getByTestId("resolved-time")).toContainText("Europe/Paris");
  await tabTo(page, page.getByRole("checkbox", { name: "Repeat" }));
  await page.keyboard.press("Space");
  await expect(page.getByTestId("rrule")).toHaveText("FREQ=WEEKLY");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("rrule")).toHaveCount(0);
  await tabTo(page, page.getByRole("button", { name: "Schedule", exact: true }));
  await page.keyboard.press("Enter");
  // The toast (the post page it lands on also has a "Scheduled for" label).
  await expect(page.locator("[data-sonner-toast]").getByText(/^Scheduled for/)).toBeVisible();
});

test("changing one post of a series asks which posts change", async ({ page }) => {
  const s = await setUp(page);
  const when = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
  const created = await page.request.post(`/api/v1/workspaces/${s.ws}/posts`, {
    data: {
      text: "Weekly tip",
      targets: [{ account_id: s.sandbox[0] }],
      scheduled_at: `${when}T09:00:00`,
      recurrence: "FREQ=WEEKLY;COUNT=4",
    },
    headers: await csrf(page),
  });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  await page.goto(`/app/workspaces/${s.ws}/compose/${id}`);
  await expect(page.getByLabel("Text", { exact: true })).toHaveValue("Weekly tip");
  await expect(page.getByRole("checkbox", { name: "Repeat" })).toBeChecked();
  await page.getByLabel("Text", { exact: true }).fill("Weekly tip, now with more");
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: "This post repeats" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("radio", { name: /This and the following posts/ }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  // The toast (the post page it lands on also has a "Scheduled for" label).
  await expect(page.locator("[data-sonner-toast]").getByText(/^Scheduled for/)).toBeVisible();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);
  expect((await postOf(page, s.ws, id)).text).toBe("Weekly tip, now with more");
});
