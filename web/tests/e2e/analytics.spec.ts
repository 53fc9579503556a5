/**
 * Analytics in the browser, on the demo workspace `make dev` opens on (its seed writes a few weeks of
 * the sandbox audience's figures): the dashboard's charts, the overview whose period picker changes
 * them, every chart's table, the CSV and PDF downloads, "collect now", and a post's and an account's
 * figures with a live refresh.
 */
import { readFileSync } from "node:fs";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { screenshotAll, signInWithCookies } from "./support";

const DEMO = { email: "admin@clickkloudy.example", password: "clickkloudy-admin-dev" };

type Workspace = { id: string; name: string; created_at: string };

/** Signed in as the demo admin; the seeded demo workspace's id. */
async function demoWorkspace(page: Page): Promise<string> {
  await signInWithCookies(page, DEMO.email, DEMO.password);
  const response = await page.request.get("/api/v1/workspaces?limit=100");
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: Workspace[] };
  const demo = items
    .filter((w) => w.name === "Demo workspace")
    .sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
  if (!demo) throw new Error("the demo workspace is missing: the dev host's seed did not run");
  return demo.id;
}

/** A chart by its title: its figure, drawn (a canvas) and with its table. */
function figure(page: Page, title: string): Locator {
  return page.getByRole("figure", { name: title });
}

async function expectDrawn(chart: Locator) {
  await expect(chart.locator("canvas")).toBeVisible();
  // Chart.js has drawn once it has sized its canvas to the box.
  await expect
    .poll(() => chart.locator("canvas").evaluate((c: HTMLCanvasElement) => c.width))
    .toBeGreaterThan(100);
}

/** Rows of a chart's table (the header row not counted); the table is there even while the chart shows. */
async function tableRows(chart: Locator): Promise<number> {
  return (await chart.getByRole("table").locator("tbody tr").count()) as number;
}

const dashboardReady = async (p: Page) => {
  await expect(p.getByRole("heading", { name: /^(Audience|الجمهور)$/ })).toBeVisible();
  await expect(p.locator("figure canvas")).toHaveCount(2);
};

test("the demo dashboard shows its charts, each with its table", async ({ page }) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const ws = await demoWorkspace(page);
  await page.goto(`/app/workspaces/${ws}`);
  const followers = figure(page, "Followers");
  const engagement = figure(page, "Engagements per day");
  await expectDrawn(followers);
  await expectDrawn(engagement);
  await expect(followers).toContainText(/[\d,]+ now/);
  await expect(page.getByText(/Stored · /).first()).toBeVisible();
  // The last 30 days, one point a day, in a table for screen readers.
  expect(await tableRows(followers)).toBe(30);
  await expect(followers.getByRole("table")).not.toBeInViewport();

  // The table instead of the chart, for anyone who would rather read; the choice holds for every chart.
  await followers.getByRole("button", { name: "Table" }).click();
  await expect(followers.getByRole("table")).toBeVisible();
  await expect(followers.locator("canvas")).toHaveCount(0);
  await expect(engagement.getByRole("table")).toBeVisible();
  await followers.getByRole("button", { name: "Chart" }).click();
  await expectDrawn(followers);

  await page.getByRole("link", { name: "Open analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await page.goto(`/app/workspaces/${ws}`);
  await screenshotAll(page, "analytics-dashboard", dashboardReady);
});

const overviewReady = async (p: Page) => {
  await expect(p.getByRole("heading", { name: /Analytics|التحليلات/, level: 1 })).toBeVisible();
  await expect(p.locator("figure canvas")).toHaveCount(3);
  await expect(p.getByRole("table").last()).toBeVisible();
};

test("the overview: the period picker changes the charts, tables, CSV, PDF and collect now", async ({
  page,
}) => {
  test.slow();
  const ws = await demoWorkspace(page);
  await page.goto(`/app/workspaces/${ws}/analytics`);
  const followers = figure(page, "Followers over time");
  await expectDrawn(followers);
  await expectDrawn(figure(page, "Posts per day"));
  await expectDrawn(figure(page, "Engagement by platform"));
  const totals = page.getByRole("region", { name: "Totals" });
  await expect(totals.getByText("Followers", { exact: true })).toBeVisible();
  await expect(totals.getByText("Engagement rate", { exact: true })).toBeVisible();
  await page.getByText("How is engagement rate counted?").click();
  await expect(
    page.getByText(/Engagement rate = \(reactions \+ comments \+ shares \+ saves\)/),
  ).toBeVisible();

  // The period picker: 30 days by default, then 7, 90 and a custom range, kept in the address.
  expect(await tableRows(followers)).toBe(30);
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page).toHaveURL(/period=7/);
  await expect.poll(() => tableRows(followers)).toBe(7);
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => tableRows(figure(page, "Posts per day"))).toBe(7);
  await page.getByRole("button", { name: "90 days" }).click();
  await expect.poll(() => tableRows(followers)).toBe(90);
  await page.getByRole("button", { name: "Custom" }).click();
  const to = await page.getByLabel("To", { exact: true }).inputValue();
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`period=custom&from=${from}&to=${to}`));
  await expect.poll(() => tableRows(followers)).toBe(14);
  // Week by week: fewer points.
  await followers.getByRole("button", { name: "Week" }).click();
  await expect.poll(() => tableRows(followers)).toBeLessThanOrEqual(3);
  await page.goto(`/app/workspaces/${ws}/analytics`);

  // Best times: a finding rests on enough posts; cells below the minimum say so.
  const best = page.getByRole("region", { name: /Engagement rate by weekday and hour/ });
  await expect(best).toBeVisible();
  await expect(page.getByRole("heading", { name: "Best so far" })).toBeVisible();
  await expect(best.getByRole("cell", { name: /not enough data yet/ }).first()).toBeAttached();

  // The CSV of the totals: a file with a BOM, for Excel, and the documented columns.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the totals as CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^analytics-summary-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await csv.path(), "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.slice(1).split(/\r?\n/)[0]).toBe(
    "platform,metric,value,previous,change,change_percent,from,to",
  );

  // The PDF report of the period, in the page's language.
  const pdfLink = page.getByRole("link", { name: "PDF report" });
  const href = await pdfLink.getAttribute("href");
  expect(href).toContain("lang=en");
  const head = await page.request.get(href ?? "");
  expect(head.status()).toBe(200);
  expect(head.headers()["content-type"]).toBe("application/pdf");
  const pdfDownload = page.waitForEvent("download");
  await pdfLink.click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = readFileSync(await pdf.path());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(10_000);

  // Collect now: queued, then refused until the next allowed time, which it says.
  await page.getByRole("button", { name: "Collect now" }).click();
  await expect(page.getByText(/Collecting figures for \d+ accounts?|You can ask again at/)).toBeVisible();
  await page.getByRole("button", { name: "Collect now" }).click();
  await expect(
    page.getByText(/Figures were collected a moment ago\. You can ask again at \d{2}:\d{2}/).last(),
  ).toBeVisible();
  await expect(page.getByText(/Next collection possible at \d{2}:\d{2}/)).toBeVisible();

  await page.reload();
  await screenshotAll(page, "analytics-overview", overviewReady);

  // A top post links to its own page.
  const top = page.getByRole("table", { name: "Posts with the highest Impressions" });
  const first = top.getByRole("link").first();
  const title = (await first.textContent()) ?? "";
  await first.click();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);
  await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
});

const postReady = async (p: Page) => {
  await expect(p.getByRole("heading", { name: /^(Figures|الأرقام)$/ })).toBeVisible();
  await expect(p.locator("figure canvas")).toHaveCount(1);
};

const accountReady = async (p: Page) => {
  await expect(p.getByRole("heading", { level: 1 })).toContainText("@");
  await expect(p.locator("figure canvas")).toHaveCount(2);
};

test("a post's and an account's figures over time, with a live refresh", async ({ page }) => {
  test.slow();
  const ws = await demoWorkspace(page);
  const ranked = await page.request.get(`/api/v1/workspaces/${ws}/analytics/posts?metric=impressions`);
  const { items } = (await ranked.json()) as { items: { post_id: string; account_id: string }[] };
  const post = items[0];
  if (!post) throw new Error("the demo workspace has no ranked posts");

  await page.goto(`/app/workspaces/${ws}/posts/${post.post_id}`);
  const over = figure(page, "Over time");
  await expectDrawn(over);
  await expect(page.getByText("Impressions").first()).toBeVisible();
  await expect(page.getByText(/Stored · /).first()).toBeVisible();
  // The chart follows the chosen figure; one the platform does not report says so.
  await page.getByLabel("Figure to show").selectOption("reactions");
  await expectDrawn(over);
  await page.getByLabel("Figure to show").selectOption("views");
  await expect(over.getByText("Video views: not available on the platforms of this post.")).toBeVisible();
  await page.getByLabel("Figure to show").selectOption("impressions");
  await page.getByRole("button", { name: "Refresh live" }).click();
  await expect(
    page.getByText(/Live figures, straight from the platforms|could not give live figures/),
  ).toBeVisible();
  // Live figures, or the stored ones with the platform's reason (a dev sandbox restarted since the
  // seed no longer knows the demo accounts' tokens).
  await expect(
    page
      .getByText(/Live · /)
      .or(page.getByText(/^Live figures could not be had \(.+\)/))
      .first(),
  ).toBeVisible();
  await screenshotAll(page, "analytics-post", postReady);

  // The account's page, from the accounts list.
  await page.goto(`/app/workspaces/${ws}/accounts`);
  await page
    .getByRole("link", { name: /^Figures of / })
    .first()
    .click();
  await expect(page).toHaveURL(/\/analytics\/accounts\/[0-9a-f-]+$/);
  await page.goto(`/app/workspaces/${ws}/analytics/accounts/${post.account_id}`);
  await expect(page.getByRole("heading", { name: "Latest figures" })).toBeVisible();
  const latest = page.getByRole("region", { name: "Latest figures" });
  await expect(latest.getByText("Impressions")).toBeVisible();
  await expect(latest.getByText("Not available").first()).toBeVisible(); // the sandbox reports only followers
  await expectDrawn(figure(page, "Followers over time"));
  await page.getByRole("button", { name: "Refresh live" }).click();
  await expect(
    page.getByText(/Live figures, straight from the platform\.|could not give live figures/),
  ).toBeVisible();
  await expect(
    page
      .getByText(/Live · /)
      .or(page.getByText(/^Live figures could not be had \(.+\)/))
      .first(),
  ).toBeVisible();
  await screenshotAll(page, "analytics-account", accountReady);
});
