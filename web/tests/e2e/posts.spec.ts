/** Posts: the table's search and filters, each action, live status, and approvals between two people. */
import { expect, type Page, test } from "@playwright/test";
import {
  connect,
  createPost,
  daysFromNow,
  failNextPublish,
  getPost,
  owner,
  person,
  uniqueHandle,
} from "./posts-support";
import { csrf, mailedLink, screenshotAll, signInWithCookies } from "./support";

const rows = (page: Page) => page.locator("table tbody tr");
const row = (page: Page, text: string) => rows(page).filter({ hasText: text });

test("the posts table searches, filters and acts on posts", async ({ page }) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const { ws } = await owner(page);
  const first = await connect(page, ws);
  const second = await connect(page, ws);
  await createPost(page, ws, {
    text: "Spring sale starts Monday",
    targets: [{ account_id: first.id }],
    scheduled_at: daysFromNow(3),
  });
  await createPost(page, ws, {
    text: "Draft idea for later",
    targets: [{ account_id: first.id }],
    draft: true,
  });
  await createPost(page, ws, {
    text: "Autumn news roundup",
    targets: [{ account_id: second.id }],
    scheduled_at: daysFromNow(5),
  });

  await page.goto(`/app/workspaces/${ws}/posts`);
  await expect(page.getByRole("heading", { name: "Posts", level: 1 })).toBeVisible();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByText(/Dates and times in \W?Europe\/Paris/)).toBeVisible();

  // Search, then the filters, each narrowing the list; the address keeps them.
  await page.getByRole("searchbox", { name: "Search posts" }).fill("spring");
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "Spring sale")).toBeVisible();
  await expect(page).toHaveURL(/q=spring/);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows(page)).toHaveCount(3);
  await page.getByLabel("Status", { exact: true }).selectOption("draft");
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "Draft idea")).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption({ index: 0 });
  await page.getByLabel("Account", { exact: true }).selectOption(second.id);
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "Autumn news")).toBeVisible();
  await page.getByLabel("Account", { exact: true }).selectOption({ index: 0 });
  await page.getByLabel("Order", { exact: true }).selectOption("scheduled");
  await expect(rows(page)).toHaveCount(2); // drafts have no time: left out of the schedule order
  await expect(rows(page).first()).toContainText("Spring sale");
  await page.getByLabel("Order", { exact: true }).selectOption("created");
  await expect(rows(page)).toHaveCount(3);

  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.locator("[data-post-id]:visible").first()).toBeVisible();
  };
  await screenshotAll(page, "posts", ready);

  // Cancel: asked first, then the badge says so.
  await row(page, "Spring sale")
    .getByRole("button", { name: /^Actions for/ })
    .click();
  await page.getByRole("menuitem", { name: "Cancel" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel the post" }).click();
  await expect(page.getByText("Cancelled. Nothing more of it will be published.")).toBeVisible();
  await expect(row(page, "Spring sale").getByText("Cancelled", { exact: true })).toBeVisible();

  // Duplicate: a new draft with the same text.
  await row(page, "Autumn news")
    .getByRole("button", { name: /^Actions for/ })
    .click();
  await page.getByRole("menuitem", { name: "Duplicate" }).click();
  await expect(page.getByText("Copied as a new draft.")).toBeVisible();
  await expect(row(page, "Autumn news")).toHaveCount(2);
  await expect(row(page, "Autumn news").filter({ hasText: "Draft" })).toHaveCount(1);

  // Delete: asked first, then gone.
  await row(page, "Draft idea")
    .getByRole("button", { name: /^Actions for/ })
    .click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Post deleted.")).toBeVisible();
  await expect(row(page, "Draft idea")).toHaveCount(0);
});

test("a published post shows live, and a failed one is retried from its page", async ({ page }) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const { ws } = await owner(page);
  const account = await connect(page, ws);
  await page.goto(`/app/workspaces/${ws}/posts`);
  await expect(page.getByText("No posts yet")).toBeVisible();

  // Published through the sandbox while the list is open: the badge changes without a reload.
  await createPost(page, ws, {
    text: "Going out right now",
    targets: [{ account_id: account.id }],
    publish_now: true,
  });
  await page.getByRole("searchbox", { name: "Search posts" }).fill("going out");
  await expect(row(page, "Going out right now").getByText("Published", { exact: true })).toBeVisible({
    timeout: 30_000,
  });

  // A platform refusal: the post page shows the reason, and Retry publishes it.
  const failing = await connect(page, ws, uniqueHandle("fail"));
  await failNextPublish(page, failing.handle);
  const post = await createPost(page, ws, {
    text: "This one the platform refuses once",
    targets: [{ account_id: failing.id }],
    publish_now: true,
  });
  await page.goto(`/app/workspaces/${ws}/posts/${post.id}`);
  await expect(page.getByRole("heading", { name: "Post", level: 1 })).toBeVisible();
  await expect(page.locator("main").getByText("Failed", { exact: true }).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText("Code:")).toBeVisible();
  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.locator("[data-target-id]:visible").first()).toBeVisible();
  };
  await screenshotAll(page, "post-failed", ready);
  await page.getByRole("button", { name: "Retry now" }).click();
  await expect(page.getByText("Publishing again now.")).toBeVisible();
  await expect(page.locator("main").getByText("Published", { exact: true }).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole("link", { name: /View on/ })).toBeVisible();
  expect((await getPost(page, ws, post.id)).status).toBe("published");
});

test("a series occurrence asks how far a cancel reaches", async ({ page }) => {
  const { ws } = await owner(page);
  const account = await connect(page, ws);
  const first = await createPost(page, ws, {
    text: "Weekly tip",
    targets: [{ account_id: account.id }],
    scheduled_at: daysFromNow(2),
    recurrence: "FREQ=WEEKLY;COUNT=4",
  });
  expect(first.series_id).toBeTruthy();
  await page.goto(`/app/workspaces/${ws}/posts/${first.id}`);
  await expect(page.getByRole("heading", { name: "Repeats" })).toBeVisible();
  await expect(page.getByText("FREQ=WEEKLY;COUNT=4")).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("radio", { name: /This occurrence only/ })).toBeChecked();
  await dialog.getByRole("radio", { name: /Every occurrence/ }).check();
  await dialog.getByRole("button", { name: "Cancel the post" }).click();
  await expect(page.getByText("Cancelled. Nothing more of it will be published.")).toBeVisible();
  await expect(page.locator("main").getByText("Cancelled", { exact: true }).first()).toBeVisible();
  // Edit asks the scope too, then opens the composer with it.
  const second = await createPost(page, ws, {
    text: "Monthly digest",
    targets: [{ account_id: account.id }],
    scheduled_at: daysFromNow(3),
    recurrence: "FREQ=MONTHLY;COUNT=3",
  });
  await page.goto(`/app/workspaces/${ws}/posts/${second.id}`);
  await page.getByRole("button", { name: "Edit" }).click();
  await page
    .getByRole("dialog")
    .getByRole("radio", { name: /This and the following ones/ })
    .check();
  await page.getByRole("dialog").getByRole("button", { name: "Continue to edit" }).click();
  // The composer (another page, loaded on demand) opens with the chosen scope.
  await expect(page).toHaveURL(new RegExp(`/compose/${second.id}\\?scope=following$`), { timeout: 60_000 });
});

test("approvals: an owner approves and rejects with a comment a contributor sees", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const { ws } = await owner(page, "Olive Owner", true);
  const account = await connect(page, ws);
  // The contributor: invited through the API, accepting in a second browser.
  const contributor = await person("Carl Contributor");
  const invited = await page.request.post(`/api/v1/workspaces/${ws}/invitations`, {
    data: { email: contributor.email, role: "contributor" },
    headers: await csrf(page),
  });
  expect(invited.status()).toBe(201);
  const link = await mailedLink(page.request, contributor.email, "/invitations/accept?token=");
  const token = new URL(link, "http://x").searchParams.get("token") ?? "";
  const other = await browser.newContext({ baseURL });
  const carl = await other.newPage();
  await signInWithCookies(carl, contributor.email);
  const accepted = await carl.request.post(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, {
    headers: await csrf(carl),
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  for (const text of ["Please approve me", "Please reject me"])
    await createPost(carl, ws, { text, targets: [{ account_id: account.id }], scheduled_at: daysFromNow(4) });

  // The contributor cannot approve: told so, and shown their own waiting posts.
  await carl.goto(`/app/workspaces/${ws}/approvals`);
  await expect(
    carl.getByText("Your role (Contributor) does not approve posts.", { exact: false }),
  ).toBeVisible();
  await expect(
    carl.getByRole("list", { name: "Your posts waiting for approval" }).locator("> li"),
  ).toHaveCount(2);
  await expect(carl.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // The owner approves one and sends the other back with a comment.
  await page.goto(`/app/workspaces/${ws}/approvals`);
  const waiting = page.getByRole("list", { name: "Waiting for your approval" });
  await expect(waiting.locator("> li")).toHaveCount(2);
  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.locator("[data-post-id]:visible").first()).toBeVisible();
  };
  await screenshotAll(page, "approvals", ready);
  await waiting
    .locator("> li", { hasText: "Please approve me" })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(page.getByText("Approved: it is scheduled.")).toBeVisible();
  await waiting
    .locator("> li", { hasText: "Please reject me" })
    .getByRole("button", { name: "Send back" })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Send back" }).click();
  await expect(dialog.getByText("Write a comment: the author sees it with the draft.")).toBeVisible();
  await dialog.getByLabel("What should change?").fill("Use the new logo, please.");
  await dialog.getByRole("button", { name: "Send back" }).click();
  await expect(page.getByText("Sent back to its author with your comment.")).toBeVisible();
  await expect(page.getByText("Nothing waiting for you")).toBeVisible();

  // The contributor sees the comment with the returned draft.
  await carl.reload();
  const returned = carl.getByRole("list", { name: "Sent back to you" });
  await expect(returned.getByText("Use the new logo, please.")).toBeVisible();
  await expect(returned.getByText(/Olive Owner\W? sent this post back to its author:/)).toBeVisible();
  await screenshotAll(carl, "approvals-contributor", ready);
  await other.close();
});
