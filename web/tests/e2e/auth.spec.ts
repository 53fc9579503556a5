/**
 * Signing up, in and out, end to end against the real API: the live password rules, the emailed
 * links (verify, reset, invitation) read from the dev outbox, `next`, keyboard-only sign-in, and
 * signing out here and everywhere. One person carries through the steps (the API limits sign-ups
 * per address), so the tests run in order.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { csrf, mailedLink, newWorkspace, screenshotAll, signInWithCookies, uniqueEmail } from "./support";

test.describe.configure({ mode: "serial" });

const person = { name: "Layla Nasser", email: uniqueEmail("layla"), password: "cedar-window-orbit-7" };
const NEW_PASSWORD = "quiet-harbour-lantern-19";
let workspace = "";

const passwordRule = (page: Page, rule: string) => page.locator(`li[data-rule="${rule}"]`);

async function signedInPage(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await signInWithCookies(page, email, password);
  return page;
}

test("sign up with the password rules shown as you type, then verify through the emailed link", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto("/signup");
  await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email address").fill(person.email);
  const password = page.getByLabel("Choose a password");

  // The rules answer each keystroke.
  await password.pressSequentially("layla");
  await expect(passwordRule(page, "length")).toHaveAttribute("data-ok", "false");
  await expect(passwordRule(page, "length")).toContainText("(5 so far)");
  await password.fill("Layla Nasser1");
  await expect(passwordRule(page, "length")).toHaveAttribute("data-ok", "true");
  await expect(passwordRule(page, "personal")).toHaveAttribute("data-ok", "false");
  await password.fill("aaaaaaaaaaaaaaa");
  await expect(passwordRule(page, "variety")).toHaveAttribute("data-ok", "false");

  // An unmet rule keeps the form from sending, and says so at the field.
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Your password does not meet the rules below yet.")).toBeVisible();
  await expect(password).toBeFocused();

  // Every rule the browser can check holds: the field is no longer in error.
  await password.fill("plum-orbit-canvas");
  for (const rule of ["length", "personal", "variety"])
    await expect(passwordRule(page, rule)).toHaveAttribute("data-ok", "true");
  await expect(password).not.toHaveAttribute("aria-invalid", "true");

  const signupReady = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await p.locator('input[name="password"]').fill("plum-orbit");
  };
  await screenshotAll(page, "auth-signup", signupReady);

  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Choose a password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(person.email)).toBeVisible();

  // Signed in and unverified: a new link can be asked for; the older one stops working.
  const first = await mailedLink(page.request, person.email, "/verify-email?token=");
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByText("We've sent a new link. Earlier links no longer work.").first()).toBeVisible();
  let link = first;
  await expect
    .poll(async () => (link = await mailedLink(page.request, person.email, "/verify-email?token=")))
    .not.toBe(first);
  await page.goto(first);
  await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a new link" })).toBeVisible();
  const invalidReady = async (p: Page) => {
    await expect(
      p.getByRole("heading", { name: /link can.t be used|لا يمكن استخدام هذا الرابط/ }),
    ).toBeVisible();
  };
  await screenshotAll(page, "auth-verify-invalid", invalidReady);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your email address is verified" })).toBeVisible();
  await page.getByRole("link", { name: "Continue to clickKloudy" }).click();
  await expect(page).toHaveURL(/\/app\/welcome$/);
  const me = await page.request.get("/api/v1/me");
  expect(((await me.json()) as { email_verified: boolean }).email_verified).toBe(true);

  // How the verified page and the "check your email" page look (the calls answered as the API did).
  await page.route("**/api/v1/auth/verify-email", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: '{"message":"Email address verified."}',
    }),
  );
  await page.goto(link);
  const verifiedReady = async (p: Page) => {
    await expect(
      p.getByRole("heading", { name: /Your email address is verified|تم تأكيد بريدك/ }),
    ).toBeVisible();
  };
  await screenshotAll(page, "auth-verified", verifiedReady);
  await page.unroute("**/api/v1/auth/verify-email");

  await page.context().clearCookies();
  await page.route("**/api/v1/auth/register", (route) =>
    route.fulfill({
      status: 201,
      contentType: "application/json",
      body: JSON.stringify({
        id: "00000000-0000-0000-0000-000000000001",
        email: "omar@example.com",
        message: "",
      }),
    }),
  );
  await page.route("**/api/v1/auth/login", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ access_token: "x", refresh_token: "x", token_type: "bearer", expires_in: 600 }),
    }),
  );
  await page.goto("/signup");
  const sentReady = async (p: Page) => {
    await p.locator('input[name="name"]').fill("Omar Saleh");
    await p.locator('input[name="email"]').fill("omar@example.com");
    await p.locator('input[name="password"]').fill(person.password);
    await p.locator('button[type="submit"]').click();
    await expect(p.getByText("omar@example.com")).toBeVisible();
  };
  await screenshotAll(page, "auth-signup-sent", sentReady);
});

test("a wrong password shows the server's answer; signing in returns to where the person was going", async ({
  page,
}) => {
  await page.goto("/app/welcome");
  await expect(page).toHaveURL(/\/signin\?next=%2Fapp%2Fwelcome$/);
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-at-all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("main").getByText("That email and password do not match an account."),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);

  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
  };
  await screenshotAll(page, "auth-signin", ready);

  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/app\/welcome$/);
  // Never a token in the browser's storage: the session is in HttpOnly cookies only.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toMatch(/token|eyJ/i);
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === "ck_access")?.httpOnly).toBe(true);

  // A signed-in person opening the sign-in page goes straight on.
  await page.goto("/signin?next=%2Fapp%2Fwelcome");
  await expect(page).toHaveURL(/\/app\/welcome$/);
});

test("keyboard only: Tab to the fields, type, Enter signs in and lands on next", async ({ page }) => {
  await page.goto("/signin?next=%2Fapp%2Fwelcome");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  const focusedName = () =>
    page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? "");
  for (let i = 0; i < 12 && (await focusedName()) !== "email"; i++) await page.keyboard.press("Tab");
  expect(await focusedName()).toBe("email");
  await page.keyboard.type(person.email);
  await page.keyboard.press("Tab");
  expect(await focusedName()).toBe("password");
  await page.keyboard.type(person.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/app\/welcome$/);
});

test("forgot password, reset through the emailed link, sign in with the new password", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  const forgotReady = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
  };
  await screenshotAll(page, "auth-forgot", forgotReady);

  await page.getByLabel("Email address").fill(person.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const link = await mailedLink(page.request, person.email, "/reset-password?token=");

  // How "sent" looks (answered as the API does, so the limit per address is not spent on pictures).
  await page.route("**/api/v1/auth/password/forgot", (route) =>
    route.fulfill({ status: 202, contentType: "application/json", body: '{"message":"sent"}' }),
  );
  const sentReady = async (p: Page) => {
    await p.locator('input[name="email"]').fill("layla@example.com");
    await p.locator('button[type="submit"]').click();
    await expect(p.getByText("layla@example.com")).toBeVisible();
  };
  await screenshotAll(page, "auth-forgot-sent", sentReady);
  await page.unroute("**/api/v1/auth/password/forgot");

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  const field = page.getByLabel("Choose a password");
  await field.fill("short");
  await expect(passwordRule(page, "length")).toHaveAttribute("data-ok", "false");
  const resetReady = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await p.locator('input[name="password"]').fill("harbour");
  };
  await screenshotAll(page, "auth-reset", resetReady);

  // What only the server knows (a common password) comes back under the field, and the link still works.
  await field.fill("password1234");
  for (const rule of ["length", "personal", "variety"])
    await expect(passwordRule(page, rule)).toHaveAttribute("data-ok", "true");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("main").getByText("This password is too common")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");

  await field.fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByText("Your password has been changed")).toBeVisible();
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/app\/welcome$/);
  person.password = NEW_PASSWORD;

  // The link worked once.
  await page.goto(link);
  await field.fill("another-long-password-77");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("heading", { name: "This reset link can't be used" })).toBeVisible();
});

test("an invitation: viewed first, sign up with the invited address, verify, then accept", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // Layla invites a colleague to her workspace.
  const inviter = await signedInPage(browser, person.email, person.password);
  workspace = await newWorkspace(inviter, "Cedar Studio");
  const invitee = { name: "Omar Saleh", email: uniqueEmail("omar"), password: "fig-lantern-meadow-31" };
  const invited = await inviter.request.post(`/api/v1/workspaces/${workspace}/invitations`, {
    data: { email: invitee.email, role: "editor" },
    headers: await csrf(inviter),
  });
  expect(invited.status()).toBe(201);
  const path = await mailedLink(page.request, invitee.email, "/invitations/accept?token=");

  // Signed in as someone else: the page says so and offers to switch.
  await inviter.goto(path);
  await expect(inviter.getByText("You're signed in with another address")).toBeVisible();
  await inviter.context().close();

  // Anyone with the link sees what it is for before signing up.
  await page.goto(path);
  await expect(
    page.getByRole("heading", { level: 1, name: "Join Cedar Studio on clickKloudy" }),
  ).toBeVisible();
  await expect(page.getByText("Layla Nasser")).toBeVisible();
  await expect(page.getByText("Editor", { exact: true })).toBeVisible();
  await expect(page.getByText("UTC (UTC+00:00)")).toBeVisible();

  // The pictures use the invitation as the API described it (each look-up counts against a limit).
  const view = await page.request.get(
    `/api/v1/invitations/${new URL(path, "http://x").searchParams.get("token")}`,
  );
  const body = await view.text();
  await page.route("**/api/v1/invitations/*", (route) =>
    route.request().method() === "GET"
      ? route.fulfill({ status: 200, contentType: "application/json", body })
      : route.continue(),
  );
  const viewReady = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toContainText("Cedar Studio");
  };
  await screenshotAll(page, "auth-invitation", viewReady);

  await page.getByRole("link", { name: "Create an account to accept" }).click();
  await expect(page).toHaveURL(/\/signup\?next=/);
  await expect(page.getByLabel("Email address")).toHaveValue(invitee.email);
  await page.getByLabel("Your name").fill(invitee.name);
  await page.getByLabel("Choose a password").fill(invitee.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.getByRole("link", { name: "Continue to clickKloudy" }).click();

  // Back on the invitation, unverified: verify first.
  await expect(page.getByText("Verify your email address first")).toBeVisible();
  await screenshotAll(page, "auth-invitation-unverified", async (p) => {
    await expect(p.getByRole("button", { name: /Send a new link|أرسل رابطًا جديدًا/ })).toBeVisible();
  });
  await page.goto(await mailedLink(page.request, invitee.email, "/verify-email?token="));
  await expect(page.getByRole("heading", { name: "Your email address is verified" })).toBeVisible();

  await page.goto(path);
  const accept = page.getByRole("button", { name: "Join Cedar Studio" });
  await expect(accept).toBeVisible();
  await screenshotAll(page, "auth-invitation-accept", async (p) => {
    await expect(p.getByRole("button", { name: /Join Cedar Studio|انضم إلى/ })).toBeVisible();
  });
  await page.unroute("**/api/v1/invitations/*");
  await accept.click();
  await expect(page).toHaveURL(new RegExp(`/app/workspaces/${workspace}$`));
  await expect(page.getByText(/You've joined .?Cedar Studio/)).toBeVisible();
});

test("sign out ends this session; sign out everywhere ends the others too", async ({ browser }) => {
  const here = await signedInPage(browser, person.email, person.password);
  await here.goto("/app");
  await expect(here).toHaveURL(new RegExp(`/app/workspaces/${workspace}$`));
  await here.getByRole("button", { name: "Your account" }).click();
  await here.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(here).toHaveURL(/\/signin$/);
  await here.goto("/app");
  await expect(here).toHaveURL(/\/signin\?next=%2Fapp$/);
  await here.context().close();

  const laptop = await signedInPage(browser, person.email, person.password);
  const phone = await signedInPage(browser, person.email, person.password);
  await phone.goto(`/app/workspaces/${workspace}`);
  await expect(phone.getByRole("button", { name: "Your account" })).toBeVisible();
  await laptop.goto(`/app/workspaces/${workspace}`);
  await laptop.getByRole("button", { name: "Your account" }).click();
  await laptop.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/signin$/);

  // The other device is signed out at its next request, and cannot refresh its way back.
  await phone.reload();
  await expect(phone).toHaveURL(/\/signin\?next=/);
  expect((await phone.request.get("/api/v1/me")).status()).toBe(401);
  await laptop.context().close();
  await phone.context().close();
});

test("Sign in with Microsoft shows only when the deployment offers it, and keeps next", async ({ page }) => {
  let enabled = false;
  await page.route("**/api/v1/auth/microsoft/status", (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ enabled }) }),
  );
  await page.goto("/signin?next=%2Fapp%2Fwelcome");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Continue with Microsoft" })).toHaveCount(0);

  enabled = true;
  await page.reload();
  const microsoft = page.getByRole("link", { name: "Continue with Microsoft" });
  await expect(microsoft).toHaveAttribute("href", "/api/v1/auth/microsoft/login?next=%2Fapp%2Fwelcome");
  await page.goto("/signup");
  await expect(page.getByRole("link", { name: "Continue with Microsoft" })).toHaveAttribute(
    "href",
    "/api/v1/auth/microsoft/login?next=%2Fapp",
  );
  const ready = async (p: Page) => {
    await expect(p.getByRole("link", { name: /Microsoft/ })).toBeVisible();
  };
  await screenshotAll(page, "auth-signup-microsoft", ready);
});

test("asking for verification links too often shows the limit's message", async ({ page }) => {
  const json = (body: unknown, status = 200) => ({
    status,
    contentType: "application/json",
    body: JSON.stringify(body),
  });
  await page.route("**/api/v1/auth/session", (route) =>
    route.fulfill(
      json({ authenticated: true, user_id: "00000000-0000-0000-0000-000000000002", method: "cookie" }),
    ),
  );
  await page.route("**/api/v1/me", (route) =>
    route.fulfill(
      json({
        id: "00000000-0000-0000-0000-000000000002",
        email: "hana@example.com",
        name: "Hana Yousef",
        email_verified: false,
        has_password: true,
        is_platform_admin: false,
        avatar_url: null,
        bio: "",
        locale: "en",
        timezone: "Asia/Amman",
        created_at: "2026-12-01T09:00:00Z",
      }),
    ),
  );
  await page.route("**/api/v1/auth/verify-email", (route) =>
    route.fulfill(
      json(
        { error: { code: "invalid_token", message: "This link is invalid, already used or expired." } },
        422,
      ),
    ),
  );
  await page.route("**/api/v1/auth/verify-email/resend", (route) =>
    route.fulfill(
      json(
        {
          error: {
            code: "rate_limited",
            message: "Too many requests; try again later.",
            details: { retry_after_seconds: 1500 },
          },
        },
        429,
      ),
    ),
  );
  await page.goto("/verify-email?token=ck_expired_token_123");
  await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
  await expect(page.getByText("hana@example.com")).toBeVisible();
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByText("You've asked for several links already")).toBeVisible();
  await expect(page.getByText("in about 25 minutes")).toBeVisible();
});
