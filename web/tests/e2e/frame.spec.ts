/** The frame every page shares: language and theme that persist, the 404 page, the 500 page. */
import { expect, test } from "@playwright/test";
import { screenshotAll } from "./support";

test("language and theme switches persist across reloads", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Switch language" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await page.getByRole("button", { name: "تغيير اللغة" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  const themeButton = page.getByRole("button", { name: /^Theme:/ });
  await themeButton.click(); // system -> light
  await themeButton.click(); // light -> dark
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
});

test("a page that does not exist says so, in the frame, with a way home", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "We can't find that page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
  const ready = async () => {
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  };
  await screenshotAll(page, "404", ready);
  const asset = await page.request.get("/assets/missing-file.js");
  expect(asset.status()).toBe(404);
});

test("the 500 page carries the request id of the call that failed", async ({ page }) => {
  // A workspace page whose API answers 500: the error boundary shows the failure and its id.
  await page.route("**/api/v1/auth/session", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ authenticated: true }),
    }),
  );
  await page.route("**/api/v1/workspaces/**", (route) =>
    route.fulfill({
      status: 500,
      contentType: "application/json",
      headers: { "X-Request-ID": "req-test-500" },
      body: JSON.stringify({
        error: { code: "internal_error", message: "Boom", request_id: "req-test-500" },
      }),
    }),
  );
  await page.goto("/app/workspaces/00000000-0000-0000-0000-000000000001");
  await expect(page.getByText("req-test-500")).toBeVisible();
});
