/** The public site: every page loads in both languages and themes; the contact form sends and shows its errors per field. */
import { expect, type Page, test } from "@playwright/test";
import { screenshotAll } from "./support";

const PAGES = [
  { path: "/", name: "site-home", heading: "Write once. Publish everywhere, on the second." },
  { path: "/about", name: "site-about", heading: "We make publishing calm" },
  { path: "/contact", name: "site-contact", heading: "Contact us" },
  { path: "/terms", name: "site-terms", heading: "Terms of use" },
  { path: "/privacy", name: "site-privacy", heading: "Privacy notice" },
];

for (const { path, name, heading } of PAGES) {
  test(`${path} loads, reads well and passes the accessibility scan`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page).toHaveTitle(/clickKloudy/);
    const ready = async (p: Page) => {
      await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
      // Nothing wider than the screen, in either direction.
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    };
    await screenshotAll(page, name, ready);
  });
}

test("the home page leads to signing up and explains how it works", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "See how it works" }).click();
  await expect(
    page.getByRole("heading", { name: "From idea to every feed in three steps" }),
  ).toBeInViewport();
  await page.getByRole("link", { name: "Create your account" }).first().click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
});

test("Terms and Privacy say what happens to data, with a table of contents that jumps to each part", async ({
  page,
}) => {
  await page.goto("/privacy");
  for (const part of ["Connected social accounts", "Emails we send", "Cookies and storage", "Your choices"])
    await expect(page.getByRole("heading", { level: 2, name: part })).toBeVisible();
  await expect(page.getByText("AES-256-GCM")).toBeVisible();
  await page
    .getByRole("navigation", { name: "On this page" })
    .getByRole("link", { name: "Your choices" })
    .click();
  await expect(page).toHaveURL(/#rights$/);
  await page.goto("/terms");
  await expect(page.getByRole("heading", { level: 2, name: "The public feed" })).toBeVisible();
});

test("the contact form shows the server's problems under each field, then sends and thanks", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto("/contact");
  await page.getByLabel("Email address to answer").fill("not an address");
  await page.getByLabel("Message").fill("Hi");
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Enter an email address we can answer")).toBeVisible();
  await expect(page.getByText("Give your message a subject.")).toBeVisible();
  await expect(page.getByText("Write at least 10 characters, so we can help.")).toBeVisible();
  for (const label of ["Your name", "Email address to answer", "Subject", "Message"])
    await expect(page.getByLabel(label)).toHaveAttribute("aria-invalid", "true");
  const errorsReady = async (p: Page) => {
    await p.locator('input[name="email"]').fill("not an address");
    await p.locator('button[type="submit"]').click();
    await expect(p.locator('input[name="email"]')).toHaveAttribute("aria-invalid", "true");
  };
  await screenshotAll(page, "site-contact-errors", errorsReady);

  await page.getByLabel("Your name").fill("Nour Khalil");
  await page.getByLabel("Email address to answer").fill("nour@example.com");
  await page.getByLabel("Subject").fill("Scheduling for three time zones");
  await page
    .getByLabel("Message")
    .fill("Hello! Can one workspace publish for our offices in Dubai, Cairo and London?");
  await expect(page.getByText(/\(\d+ of 5,000 so far\)/)).toBeVisible();
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(page.getByRole("heading", { name: "Thank you, your message is on its way" })).toBeVisible();
  await expect(page.getByText("nour@example.com")).toBeVisible();
  await page.getByRole("button", { name: "Send another message" }).click();
  await expect(page.getByLabel("Your name")).toHaveValue("");

  // The thank-you in every language and theme (answered as the API does: it limits messages per address).
  await page.route("**/api/v1/contact", (route) =>
    route.fulfill({ status: 202, contentType: "application/json", body: '{"message":"Thanks"}' }),
  );
  const sentReady = async (p: Page) => {
    await p.locator('input[name="name"]').fill("Nour Khalil");
    await p.locator('input[name="email"]').fill("nour@example.com");
    await p.locator('input[name="subject"]').fill("Hello");
    await p.locator('textarea[name="message"]').fill("A question about time zones.");
    await p.locator('button[type="submit"]').click();
    await expect(p.getByText("nour@example.com")).toBeVisible();
  };
  await screenshotAll(page, "site-contact-sent", sentReady);
});

test("a rate-limited contact message says so for the whole form", async ({ page }) => {
  await page.route("**/api/v1/contact", (route) =>
    route.fulfill({
      status: 429,
      contentType: "application/json",
      headers: { "Retry-After": "1200" },
      body: JSON.stringify({
        error: {
          code: "rate_limited",
          message: "Too many requests; try again later.",
          details: { retry_after_seconds: 1200 },
        },
      }),
    }),
  );
  await page.goto("/contact");
  await page.getByLabel("Your name").fill("Nour");
  await page.getByLabel("Email address to answer").fill("nour@example.com");
  await page.getByLabel("Subject").fill("Hello");
  await page.getByLabel("Message").fill("A question about time zones.");
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(
    page.getByRole("main").getByText("Too many attempts. Wait a moment and try again."),
  ).toBeVisible();
});
