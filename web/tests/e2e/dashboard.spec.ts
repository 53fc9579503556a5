/** The dashboard: an empty workspace's first steps, then counts, what's next, failures with a retry. */
import { expect, type Page, test } from "@playwright/test";
import {
  connect,
  createPost,
  daysFromNow,
  failNextPublish,
  getPost,
  owner,
  uniqueHandle,
} from "./posts-support";
import { screenshotAll } from "./support";

const ready = async (p: Page) => {
  await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(p.getByRole("region").first()).toBeVisible();
};

test("an empty workspace says what to do first", async ({ page }) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const { ws } = await owner(page);
  await page.goto(`/app/workspaces/${ws}`);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect accounts" })).toHaveAttribute(
    "href",
    `/app/workspaces/${ws}/accounts`,
  );
  await expect(page.getByText("Nothing scheduled. Schedule a post and it will show here.")).toBeVisible();
  await screenshotAll(page, "dashboard-empty", ready);
});

test("counts, the next posts, failures with their reason and a retry, accounts' health", async ({ page }) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const { ws } = await owner(page);
  const account = await connect(page, ws);
  const failing = await connect(page, ws, uniqueHandle("fail"));
  await createPost(page, ws, {
    text: "Next week's teaser",
    targets: [{ account_id: account.id }],
    scheduled_at: daysFromNow(2),
  });
  await createPost(page, ws, {
    text: "Out already",
    targets: [{ account_id: account.id }],
    publish_now: true,
  });
  await failNextPublish(page, failing.handle);
  const failed = await createPost(page, ws, {
    text: "Refused by the platform",
    targets: [{ account_id: failing.id }],
    publish_now: true,
  });
  await expect
    .poll(async () => (await getPost(page, ws, failed.id)).status, { timeout: 30_000 })
    .toBe("failed");

  await page.goto(`/app/workspaces/${ws}`);
  const counts = page.getByRole("region", { name: "Posts by status" });
  await expect(counts.getByRole("link", { name: /Scheduled/ })).toContainText("1");
  await expect(counts.getByRole("link", { name: /Failed/ })).toContainText("1");
  await expect(counts.getByRole("link", { name: /Published/ })).toContainText("1", { timeout: 40_000 });
  await expect(page.getByRole("link", { name: "Next week's teaser" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Refused by the platform" })).toBeVisible();
  await expect(page.getByText(/The platform rejected this post/)).toBeVisible(); // the reason, as the platform gave it
  await expect(page.getByRole("heading", { name: "Get started" })).toHaveCount(0);
  await screenshotAll(page, "dashboard", ready);

  await page.getByRole("button", { name: "Retry now" }).click();
  await expect(page.getByText("Publishing again now.")).toBeVisible();
  await expect(page.getByText("No failures. Everything went out as planned.")).toBeVisible({
    timeout: 40_000,
  });
  await expect
    .poll(async () => (await getPost(page, ws, failed.id)).status, { timeout: 30_000 })
    .toBe("published");
});
