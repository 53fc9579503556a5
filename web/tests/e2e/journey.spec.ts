/**
 * A newcomer's whole first visit, in the browser only: from the home page to a post published on the
 * second it was due. Sign up, verify through the emailed link, make a workspace, connect two sandbox
 * accounts, upload an image and watch its progress, compose one post to both with the image, look at
 * the previews, schedule it 20 seconds ahead, and see both accounts turn published in the posts table
 * without reloading. Once in English on a desktop, once in Arabic on a 390 px phone.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { noisePng, throttleUploads } from "./files";
import { mailedLink, uniqueEmail } from "./support";

/** The app's own words in a language, from its locale files, so this test follows them. */
function wordsOf(lang: "en" | "ar"): (key: string, values?: Record<string, string | number>) => string {
  const dir = resolve("src/locales", lang);
  const all: Record<string, unknown> = {};
  for (const file of readdirSync(dir))
    Object.assign(all, JSON.parse(readFileSync(resolve(dir, file), "utf8")));
  return (key, values = {}) => {
    const found = key
      .split(".")
      .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], all);
    if (typeof found !== "string") throw new Error(`no ${lang} string ${key}`);
    return Object.entries(values).reduce(
      (text, [name, value]) => text.replace(`{{${name}}}`, String(value)),
      found,
    );
  };
}

const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

async function journey(page: Page, lang: "en" | "ar") {
  const t = wordsOf(lang);
  const email = uniqueEmail(`newcomer-${lang}`);
  const password = "amber-violin-harbour-52";
  const run = Date.now().toString(36);
  const handles = [`cedar${run}a`, `cedar${run}b`];
  const text = lang === "ar" ? "خبز طازج كل صباح 🥖 #مخبز" : "Fresh bread every morning 🥖 #bakery";
  await page.addInitScript((l) => localStorage.setItem("ck.lang", l), lang);

  // The home page, then its call to action.
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
  await page
    .getByRole("link", { name: exact(t("site.nav.getStarted")) })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: t("auth.signUp.title") })).toBeVisible();
  await page.getByLabel(t("auth.fields.name")).fill(lang === "ar" ? "ليلى ناصر" : "Layla Nasser");
  await page.getByLabel(t("auth.fields.email")).fill(email);
  await page.getByLabel(t("auth.fields.newPassword")).fill(password);
  await page.getByRole("button", { name: t("auth.signUp.submit") }).click();
  await expect(page.getByRole("heading", { name: t("auth.signUp.sent.title") })).toBeVisible();

  // The emailed link, as the person would open it; then on into the app.
  await page.goto(await mailedLink(page.request, email, "/verify-email?token="));
  await expect(page.getByRole("heading", { name: t("auth.verify.done.title") })).toBeVisible();
  const onwards = new RegExp(`${t("auth.verify.continue")}|${t("auth.verify.signIn")}`);
  await page
    .getByRole("link", { name: onwards })
    .or(page.getByRole("button", { name: onwards }))
    .first()
    .click();
  if (await page.getByLabel(t("auth.fields.password")).isVisible()) {
    await page.getByLabel(t("auth.fields.email")).fill(email);
    await page.getByLabel(t("auth.fields.password")).fill(password);
    await page.getByRole("button", { name: t("auth.signIn.submit") }).click();
  }

  // A first workspace, then its accounts.
  await expect(page.getByRole("heading", { name: t("workspaces.new.title") })).toBeVisible();
  await page
    .getByLabel(t("workspaces.new.name"), { exact: true })
    .fill(lang === "ar" ? "مخبز الأرز" : "Cedar Bakery");
  await page.getByRole("button", { name: t("workspaces.new.submit") }).click();
  await expect(page).toHaveURL(/\/app\/workspaces\/[0-9a-f-]+\/accounts/);
  const ws = page.url().split("/workspaces/")[1]?.split("/")[0] as string;
  for (const handle of handles) {
    await page
      .getByRole("button", { name: t("accounts.connect.button") })
      .first()
      .click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Sandbox/ })
      .click();
    const form = page.getByRole("dialog");
    await form.getByLabel(t("accounts.form.sandboxHandle")).fill(handle);
    await form.getByRole("button", { name: t("accounts.form.connect"), exact: true }).click();
    await expect(page.getByText(`@${handle}`).first()).toBeVisible();
  }

  // An image into the library, slow enough to watch its progress.
  await page.goto(`/app/workspaces/${ws}/media`);
  const restore = await throttleUploads(page, 150 * 1024);
  await page.getByTestId("file-input").setInputFiles({
    name: "bread.png",
    mimeType: "image/png",
    buffer: noisePng(500, 400, Date.now() % 9999),
  });
  const bar = page.locator('li[data-upload="bread.png"]').getByRole("progressbar");
  await expect(async () => {
    const now = Number(await bar.getAttribute("aria-valuenow"));
    expect(now).toBeGreaterThan(0);
    expect(now).toBeLessThan(100);
  }).toPass({ timeout: 15_000 });
  await restore();
  await expect(page.locator('li[data-media="bread.png"]')).toBeVisible({ timeout: 30_000 });

  // One post to both accounts with the image, checked in the previews, due in 20 seconds.
  await page.goto(`/app/workspaces/${ws}/compose`);
  for (const handle of handles) await page.getByRole("checkbox", { name: new RegExp(`@${handle}`) }).check();
  await page.locator("#composer-text").fill(text);
  await page.getByRole("button", { name: t("composer.media.fromLibrary") }).click();
  const library = page.getByRole("dialog", { name: t("composer.media.libraryTitle") });
  await library.getByRole("button", { name: /bread\.png/ }).click();
  await library.getByRole("button", { name: t("composer.media.addChosen_one", { count: 1 }) }).click();
  await page.getByRole("tab", { name: /Sandbox/ }).click();
  await expect(page.getByTestId("preview-sandbox").getByRole("img").first()).toBeVisible();
  await expect(page.getByTestId("preview-sandbox")).toContainText(lang === "ar" ? "خبز طازج" : "Fresh bread");
  // The time typed as the wall clock of the workspace's zone, which the page names.
  const { default_timezone: zone } = await (await page.request.get(`/api/v1/workspaces/${ws}`)).json();
  await expect(page.getByLabel(t("composer.schedule.zone"))).toContainText(zone.replaceAll("_", " "));
  const due = new Date(Date.now() + 20_000);
  const wallClock = new Intl.DateTimeFormat("sv-SE", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  await page.getByLabel(t("composer.schedule.time")).fill(wallClock.format(due).replace(" ", "T"));
  await page.getByRole("button", { name: t("composer.actions.schedule"), exact: true }).click();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]+$/);

  // The posts table, never reloaded: both accounts turn published on their own.
  await page.goto(`/app/workspaces/${ws}/posts`);
  const entry = page
    .getByRole("row")
    .or(page.getByRole("listitem"))
    .filter({ hasText: text.slice(0, 10) });
  await expect(entry.first().getByText(t("status.published"), { exact: true })).toBeVisible({
    timeout: 90_000,
  });
  const listed = await (await page.request.get(`/api/v1/workspaces/${ws}/posts?limit=5`)).json();
  const targets = listed.items[0].targets as { status: string; published_at: string }[];
  expect(targets.map((target) => target.status)).toEqual(["published", "published"]);
  for (const target of targets) {
    const lateness = (new Date(target.published_at).getTime() - due.getTime()) / 1000;
    expect(lateness).toBeGreaterThanOrEqual(-1); // never early (the typed time dropped the milliseconds)
    expect(lateness).toBeLessThan(15);
  }
}

test("a newcomer goes from the home page to a published post, in English", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await journey(page, "en");
});

test("the same journey in Arabic on a 390 px phone", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await journey(page, "ar");
});
