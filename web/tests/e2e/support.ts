/** What the browser tests share: people made through the real API, screenshots, the axe scan. */

import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page } from "@playwright/test";

export const PASSWORD = "plum-orbit-canvas-42";
export const SCREENSHOTS = resolve(process.env.CK_SCREENSHOTS ?? "../.local/screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

let counter = 0;
export function uniqueEmail(prefix = "person") {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${counter}@example.com`;
}

type OutboxEntry = { to: string; text_body: string; template: string };

/** The newest link to `path` mailed to `email` (the dev host's outbox lists newest first). */
export async function mailedLink(request: APIRequestContext, email: string, path: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const response = await request.get(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
    const entries = (await response.json()) as OutboxEntry[];
    const mail = entries.find((e) => e.to === email && e.text_body.includes(path));
    const match = mail?.text_body.match(new RegExp(`https?://[^\\s]*${path.replace("?", "\\?")}[^\\s]*`));
    if (match) return new URL(match[0]).pathname + new URL(match[0]).search;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${email} with ${path}`);
}

/** A verified person, made through the API (register, then the emailed link). */
export async function verifiedPerson(request: APIRequestContext, name = "Ada Lovelace") {
  const email = uniqueEmail();
  const registered = await request.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD, name },
  });
  expect(registered.status()).toBe(201);
  const link = await mailedLink(request, email, "/verify-email?token=");
  const token = new URL(link, "http://x").searchParams.get("token");
  const verified = await request.post("/api/v1/auth/verify-email", { data: { token } });
  expect(verified.status()).toBe(200);
  return { email, password: PASSWORD, name };
}

/** Signed in in this browser through the API's cookie mode (what the sign-in page does). */
export async function signInWithCookies(page: Page, email: string, password = PASSWORD) {
  const response = await page.request.post("/api/v1/auth/login", { data: { email, password } });
  expect(response.status()).toBe(200);
}

export async function csrf(page: Page): Promise<Record<string, string>> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "ck_csrf");
  return { "X-CSRF-Token": cookie?.value ?? "" };
}

/** A workspace of the signed-in person, made through the API; returns its id. */
export async function newWorkspace(page: Page, name = "Acme", approval = false): Promise<string> {
  const response = await page.request.post("/api/v1/workspaces", {
    data: { name, approval_required: approval, default_timezone: "Europe/Paris" },
    headers: await csrf(page),
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

export async function setPreferences(page: Page, lang: "en" | "ar", theme: "light" | "dark") {
  await page.addInitScript(
    ({ l, t }) => {
      localStorage.setItem("ck.lang", l);
      localStorage.setItem("ck.theme", t);
    },
    { l: lang, t: theme },
  );
}

const DEVICES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Every combination a person may see a page in: desktop and phone, light and dark, English and
 * Arabic, written to .local/screenshots/<name>-<lang>-<theme>-<device>.png. `ready` waits for the
 * page's own content after each reload. Each language and theme is also scanned with axe (at desktop
 * size, on the same load): zero serious or critical violations.
 */
export async function screenshotAll(page: Page, name: string, ready: (page: Page) => Promise<void>) {
  const url = page.url();
  for (const lang of ["en", "ar"] as const) {
    for (const theme of ["light", "dark"] as const) {
      for (const [device, size] of Object.entries(DEVICES)) {
        await page.setViewportSize(size);
        await page.evaluate(
          ({ l, t }) => {
            localStorage.setItem("ck.lang", l);
            localStorage.setItem("ck.theme", t);
          },
          { l: lang, t: theme },
        );
        await page.goto(url);
        await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
        await ready(page);
        await page.screenshot({
          path: `${SCREENSHOTS}/${name}-${lang}-${theme}-${device}.png`,
          fullPage: true,
        });
        if (device === "desktop") await expectNoSeriousViolations(page, `${lang}/${theme}`);
      }
    }
  }
  await page.setViewportSize(DEVICES.desktop);
  await page.evaluate(() => {
    localStorage.setItem("ck.lang", "en");
    localStorage.setItem("ck.theme", "light");
  });
  await page.goto(url);
}

/** axe on the page as it is: zero serious or critical violations (once any toast has faded in). */
async function expectNoSeriousViolations(page: Page, label: string) {
  // A toast fading in is partly transparent: scan it once it has settled.
  await page.waitForFunction(() =>
    [...document.querySelectorAll("[data-sonner-toast]")].every((t) => getComputedStyle(t).opacity === "1"),
  );
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${label} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}
