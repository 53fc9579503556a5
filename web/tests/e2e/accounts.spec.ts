/**
 * The accounts page: the catalog (unavailable platforms shown with their reason), sandbox accounts
 * connected, renamed, paused, resumed and removed, search and filters, an OAuth round trip through
 * a platform fake, and a workspace of 1,000 accounts that stays responsive.
 */
import { expect, type Page, test } from "@playwright/test";
import { csrf, newWorkspace, screenshotAll, signInWithCookies, verifiedPerson } from "./support";

type Platform = { platform: string; name: string; enabled: boolean };

// One person for the whole file (registering is limited per address per hour); a workspace per test.
let person: Awaited<ReturnType<typeof verifiedPerson>> | undefined;

async function signedInWorkspace(page: Page, name = "Northwind") {
  person ??= await verifiedPerson(page.request);
  await signInWithCookies(page, person.email);
  const ws = await newWorkspace(page, name);
  return ws;
}

const row = (page: Page, name: string) => page.locator("li[data-account]").filter({ hasText: name });

async function openMenu(page: Page, name: string) {
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
}

test("connect two sandbox accounts, rename, pause, resume, filter, search and remove them", async ({
  page,
}) => {
  const ws = await signedInWorkspace(page);
  await page.goto(`/app/workspaces/${ws}/accounts`);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  // Every workspace has its feed account from the start.
  await expect(page.locator("li[data-account]")).toHaveCount(1);

  const stamp = Date.now().toString(36);
  for (const handle of [`north_${stamp}`, `south_${stamp}`]) {
    await page.getByRole("button", { name: "Connect an account" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Connect an account" });
    // Platforms this deployment has not turned on are listed, with the reason.
    await expect(dialog.getByRole("region", { name: "Not turned on here" })).toContainText(
      "has not turned these platforms on",
    );
    await expect(dialog.locator("[data-unavailable=facebook]")).toContainText("Not available here yet.");
    await dialog.getByRole("button", { name: /^Sandbox/ }).click();
    const form = page.getByRole("dialog", { name: "Connect Sandbox" });
    await form.getByLabel("Handle").fill(handle);
    await form.getByRole("button", { name: "Connect", exact: true }).click();
    await expect(page.getByText(`@${handle} is connected on the sandbox.`)).toBeVisible();
    await expect(form).toBeHidden();
    await expect(row(page, handle)).toContainText("Connected");
  }
  await expect(page.locator("li[data-account]")).toHaveCount(3);

  // A handle the sandbox refuses says why, next to the field.
  await page.getByRole("button", { name: "Connect an account" }).first().click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /^Sandbox/ })
    .click();
  await page.getByRole("dialog").getByLabel("Handle").fill("Not Valid!");
  await page.getByRole("dialog").getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("lowercase letters");
  await page.keyboard.press("Escape");

  // Rename.
  await openMenu(page, `north_${stamp}`);
  await page.getByRole("menuitem", { name: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: "Rename account" });
  await rename.getByLabel("Name").fill("North brand");
  await rename.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Renamed to North brand.")).toBeVisible();
  await expect(row(page, "North brand")).toBeVisible();

  // Pause, then resume.
  await openMenu(page, "North brand");
  await page.getByRole("menuitem", { name: "Pause publishing" }).click();
  await expect(row(page, "North brand")).toContainText("Paused");
  await expect(page.getByText("North brand is paused")).toBeVisible();

  // Filter by status, by platform, and search.
  await page.getByLabel("Status").selectOption({ label: "Paused" });
  await expect(page.locator("li[data-account]")).toHaveCount(1);
  await expect(row(page, "North brand")).toBeVisible();
  await page.getByLabel("Status").selectOption({ label: "Any status" });
  await page.getByLabel("Platform").selectOption({ label: "Sandbox" });
  await expect(page.locator("li[data-account]")).toHaveCount(2);
  await page.getByLabel("Platform").selectOption({ label: "All platforms" });
  await page.getByRole("searchbox", { name: "Search" }).fill("south");
  await expect(page.locator("li[data-account]")).toHaveCount(1);
  await expect(row(page, `south_${stamp}`)).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill("nothing-like-this");
  await expect(page.getByRole("heading", { name: "No accounts match" })).toBeVisible();
  await page.getByRole("button", { name: "Clear the filters" }).click();
  await expect(page.locator("li[data-account]")).toHaveCount(3);

  await openMenu(page, "North brand");
  await page.getByRole("menuitem", { name: "Resume publishing" }).click();
  await expect(row(page, "North brand")).toContainText("Connected");

  const ready = async (p: Page) => {
    await expect(p.locator("li[data-account]")).toHaveCount(3);
  };
  await screenshotAll(page, "accounts", ready);

  // Removing is refused while a post to the account is going out, with the reason.
  await page.route("**/api/v1/workspaces/*/accounts/*", async (route) => {
    if (route.request().method() !== "DELETE") return route.fallback();
    await route.fulfill({
      status: 409,
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          code: "account_busy",
          message: "A post to this account is going out right now; try again in a minute.",
          request_id: "req-busy",
        },
      }),
    });
  });
  await openMenu(page, `south_${stamp}`);
  await page.getByRole("menuitem", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove account" }).click();
  await expect(
    page.getByText("A post to this account is going out right now. Try again in a minute."),
  ).toBeVisible();
  await expect(row(page, `south_${stamp}`)).toBeVisible();
  await page.unroute("**/api/v1/workspaces/*/accounts/*");

  // Removing for real, after a confirmation.
  await openMenu(page, `south_${stamp}`);
  await page.getByRole("menuitem", { name: "Remove" }).click();
  const confirm = page.getByRole("dialog", { name: `Remove south_${stamp}?` });
  await confirm.getByRole("button", { name: "Remove account" }).click();
  await expect(page.getByText(`south_${stamp} is removed.`)).toBeVisible();
  await expect(page.locator("li[data-account]")).toHaveCount(2);
  await page.reload();
  await expect(page.locator("li[data-account]")).toHaveCount(2);
});

test("the catalog in both languages and themes", async ({ page }) => {
  const ws = await signedInWorkspace(page);
  await page.goto(`/app/workspaces/${ws}/accounts`);
  const ready = async (p: Page) => {
    await p
      .getByRole("button", { name: /^(Connect an account|ربط حساب)$/ })
      .first()
      .click();
    await expect(p.getByRole("dialog").locator("[data-unavailable=facebook]")).toBeVisible();
  };
  await screenshotAll(page, "accounts-catalog", ready);
});

test("an OAuth sign-in at a platform fake lands back on Accounts with what connected", async ({ page }) => {
  const catalog = (await (await page.request.get("/api/v1/platforms")).json()) as Platform[];
  const x = catalog.find((p) => p.platform === "x");
  if (process.env.CK_OAUTH_FAKE) expect(x?.enabled, "the X fake should be configured").toBe(true);
  test.skip(
    !x?.enabled,
    "X is not turned on in this dev host: run through tests/e2e/test_web_browser.py, which starts the X fake",
  );
  const ws = await signedInWorkspace(page, "Oauth Co");
  await page.goto(`/app/workspaces/${ws}/accounts`);
  await page.getByRole("button", { name: "Connect an account" }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: /^X/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Continue to X" }).click();
  // The fake's consent page approves at once and sends the browser to our callback, then here.
  await page.waitForURL(`**/app/workspaces/${ws}/accounts?*connected=1*`);
  await expect(page.getByRole("status").filter({ hasText: "X is connected" })).toContainText(
    "One X account is connected and ready to publish to.",
  );
  await expect(page.locator("li[data-account]")).toHaveCount(2);
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/workspaces/${ws}/accounts$`));

  // A refusal at the platform comes back in words, with a way to try again.
  await page.goto(`/app/accounts?platform=x&error=access_denied&message=The+user+denied&workspace=${ws}`);
  const alert = page.getByRole("alert").filter({ hasText: "X was not connected" });
  await expect(alert).toContainText("Access was not allowed on X, so nothing was connected.");
  await alert.getByRole("button", { name: "Connect X again" }).click();
  await expect(page.getByRole("dialog", { name: "Connect X" })).toBeVisible();
});

test("a workspace with 1,000 accounts stays responsive while searching and filtering", async ({ page }) => {
  test.setTimeout(240_000);
  const ws = await signedInWorkspace(page, "Big Agency");
  const headers = await csrf(page);
  const stamp = Date.now().toString(36);
  // 999 sandbox accounts and the workspace's feed account: the most a workspace holds.
  const handles = Array.from({ length: 999 }, (_, i) => `b${stamp}_${String(i).padStart(3, "0")}`);
  for (let i = 0; i < handles.length; i += 25) {
    await Promise.all(
      handles.slice(i, i + 25).map(async (handle) => {
        const response = await page.request.post(`/api/v1/workspaces/${ws}/accounts/connect/sandbox`, {
          data: { handle },
          headers,
        });
        expect(response.status()).toBe(201);
      }),
    );
  }
  await page.goto(`/app/workspaces/${ws}/accounts`);
  await expect(page.getByText("100 accounts shown; there are more")).toBeVisible();
  // Only the rows on screen are in the document.
  expect(await page.locator("li[data-account]").count()).toBeLessThan(40);

  // Scrolling to the end loads every page, and still only the rows on screen are rendered.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("End");
    if (await page.getByText("1,000 accounts", { exact: true }).isVisible()) break;
    await page.waitForTimeout(300);
  }
  await expect(page.getByText("1,000 accounts", { exact: true })).toBeVisible();
  expect(await page.locator("li[data-account]").count()).toBeLessThan(40);
  await page.keyboard.press("Home");

  // Typing: no main-thread task long enough to delay a keystroke, and the answer in well under a second.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: false });
  });
  const search = page.getByRole("searchbox", { name: "Search" });
  const started = Date.now();
  await search.pressSequentially(`b${stamp}_12`, { delay: 40 });
  await expect(page.locator("li[data-account]")).toHaveCount(10);
  const searchMs = Date.now() - started - 40 * `b${stamp}_12`.length;
  await expect(search).toHaveValue(`b${stamp}_12`);
  const filterStarted = Date.now();
  await page.getByLabel("Status").selectOption({ label: "Paused" });
  await expect(page.getByRole("heading", { name: "No accounts match" })).toBeVisible();
  const filterMs = Date.now() - filterStarted;
  const longest = await page.evaluate(() =>
    Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks),
  );
  console.log(
    `1,000 accounts: search answered ${searchMs} ms after typing, filter ${filterMs} ms, longest task ${longest} ms`,
  );
  expect(longest).toBeLessThan(200);
  expect(searchMs).toBeLessThan(1500);
  expect(filterMs).toBeLessThan(1500);
});
