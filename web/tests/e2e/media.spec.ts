/**
 * The media library: an image uploaded straight to Blob Storage with its progress shown, an upload
 * cancelled, files refused with the server's reason (up front and after inspection), a video shown
 * while it is processed and then with its poster, and deleting (refused while a post uses the file).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { noisePng, smallMp4, throttleUploads } from "./files";
import { csrf, newWorkspace, SCREENSHOTS, screenshotAll, signInWithCookies, verifiedPerson } from "./support";

// One person for the whole file (registering is limited per address per hour); a workspace per test.
let person: Awaited<ReturnType<typeof verifiedPerson>> | undefined;

async function signedInWorkspace(page: Page, name = "Studio") {
  person ??= await verifiedPerson(page.request);
  await signInWithCookies(page, person.email);
  return newWorkspace(page, name);
}

const fileInput = (page: Page) => page.getByTestId("file-input");
const upload = (page: Page, name: string) => page.locator(`li[data-upload="${name}"]`);
const card = (page: Page, name: string) => page.locator(`li[data-media="${name}"]`);

test("upload images with progress, cancel one, and see them in the library", async ({ page }) => {
  const ws = await signedInWorkspace(page);
  await page.goto(`/app/workspaces/${ws}/media`);
  await expect(page.getByRole("heading", { name: "Your library is empty" })).toBeVisible();
  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.getByRole("heading", { level: 3 })).toBeVisible();
  };
  await screenshotAll(page, "media-empty", ready);

  const restore = await throttleUploads(page, 200 * 1024);
  const seed = Date.now() % 100_000;
  await fileInput(page).setInputFiles([
    { name: "launch-banner.png", mimeType: "image/png", buffer: noisePng(700, 500, seed) },
  ]);
  const row = upload(page, "launch-banner.png");
  const bar = row.getByRole("progressbar", { name: "Upload of launch-banner.png" });
  // Part-way: the bar and the words say how far it is.
  await expect(async () => {
    const now = Number(await bar.getAttribute("aria-valuenow"));
    expect(now).toBeGreaterThan(0);
    expect(now).toBeLessThan(100);
  }).toPass({ timeout: 15_000 });
  await expect(row).toContainText(/Uploading: \d+%/);

  // A second one, cancelled while it is sending.
  await fileInput(page).setInputFiles([
    { name: "outtake.png", mimeType: "image/png", buffer: noisePng(700, 500, seed + 1) },
  ]);
  await expect(upload(page, "outtake.png")).toHaveAttribute("data-status", "uploading");
  await upload(page, "outtake.png").getByRole("button", { name: "Cancel the upload of outtake.png" }).click();
  await expect(upload(page, "outtake.png")).toContainText("Cancelled");

  await expect(row).toContainText("In your library", { timeout: 30_000 });
  await restore();
  await expect(page.getByText("launch-banner.png is in your library.")).toBeVisible();
  await expect(card(page, "launch-banner.png")).toBeVisible();
  await expect(card(page, "outtake.png")).toHaveCount(0);
  await expect(card(page, "launch-banner.png").locator("img")).toHaveJSProperty("complete", true);

  // The preview says when, in the workspace's zone.
  await card(page, "launch-banner.png").getByRole("button", { name: "Open launch-banner.png" }).click();
  const preview = page.getByRole("dialog", { name: "launch-banner.png" });
  await expect(preview).toContainText("700 × 500");
  await expect(preview).toContainText("Europe/Paris");
  await page.keyboard.press("Escape");

  await fileInput(page).setInputFiles([
    { name: "team-photo.png", mimeType: "image/png", buffer: noisePng(120, 90, seed + 2) },
  ]);
  await expect(card(page, "team-photo.png")).toBeVisible();
  const library = async (p: Page) => {
    await expect(p.locator("li[data-media]")).toHaveCount(2);
    for (const img of await p.locator("li[data-media] img").all())
      await expect(img).toHaveJSProperty("complete", true);
  };
  await screenshotAll(page, "media", library);
});

test("files the server refuses say why, before and after the upload", async ({ page }) => {
  const ws = await signedInWorkspace(page);
  await page.goto(`/app/workspaces/${ws}/media`);
  await expect(page.getByRole("heading", { name: "Your library is empty" })).toBeVisible();
  await fileInput(page).setInputFiles([
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") },
    { name: "fake.png", mimeType: "image/png", buffer: Buffer.from("plain text dressed as a PNG") },
  ]);
  // Refused before any byte is sent: the type is not one the library takes.
  await expect(upload(page, "notes.txt")).toHaveAttribute("data-status", "refused");
  await expect(upload(page, "notes.txt")).toContainText(
    "Refused: This kind of file cannot be used. Upload a JPEG, PNG, GIF or WebP image, or an MP4 or MOV video.",
  );
  // Refused after inspection: the bytes are not what the name and type claim.
  await expect(upload(page, "fake.png")).toHaveAttribute("data-status", "refused");
  await expect(upload(page, "fake.png")).toContainText("is not an image or video we can use");
  await expect(
    page.getByText("notes.txt: This kind of file cannot be used.", { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your library is empty" })).toBeVisible();
  // The panel with its refusals (the shared scan reloads the page, which clears uploads).
  const scan = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
    .exclude("[data-sonner-toaster]")
    .analyze();
  expect(scan.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  for (const [lang, size] of [
    ["en", { width: 1280, height: 800 }],
    ["ar", { width: 390, height: 844 }],
  ] as const) {
    if (lang === "ar") await page.getByRole("button", { name: "Switch language" }).click();
    await page.setViewportSize(size);
    await page.screenshot({
      path: `${SCREENSHOTS}/media-refused-${lang}-light-${size.width > 400 ? "desktop" : "phone"}.png`,
    });
  }
  await page.getByRole("button", { name: "تغيير اللغة" }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  // The refusals stay on screen until dismissed.
  await upload(page, "notes.txt").getByRole("button", { name: "Dismiss notes.txt" }).click();
  await expect(upload(page, "notes.txt")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear finished" }).click();
  await expect(upload(page, "fake.png")).toHaveCount(0);
});

test("a video shows it is being processed, then its poster; deleting is refused while a post uses it", async ({
  page,
}) => {
  const ws = await signedInWorkspace(page);
  await page.goto(`/app/workspaces/${ws}/media`);
  await expect(page.getByRole("heading", { name: "Your library is empty" })).toBeVisible();

  const video = smallMp4();
  if (video) {
    // Hold the completion a moment, as a long video's inspection would, to see the state it shows.
    await page.route("**/api/v1/workspaces/*/media/*/complete", async (route) => {
      await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    await fileInput(page).setInputFiles([{ name: "teaser.mp4", mimeType: "video/mp4", buffer: video }]);
    await expect(upload(page, "teaser.mp4")).toContainText("Processing the video");
    await expect(upload(page, "teaser.mp4").getByRole("progressbar")).not.toHaveAttribute("aria-valuenow");
    await page.screenshot({ path: `${SCREENSHOTS}/media-processing-en-light-desktop.png` });
    await expect(upload(page, "teaser.mp4")).toContainText("In your library", { timeout: 30_000 });
    await page.unroute("**/api/v1/workspaces/*/media/*/complete");
    await expect(card(page, "teaser.mp4")).toContainText("0:03");
    await expect(card(page, "teaser.mp4").locator("img")).toHaveAttribute("src", /poster|thumb/);
    await expect(card(page, "teaser.mp4").locator("img")).toHaveJSProperty("complete", true);
    await page.screenshot({ path: `${SCREENSHOTS}/media-video-en-light-desktop.png` });
  }

  const seed = Date.now() % 100_000;
  await fileInput(page).setInputFiles([
    { name: "in-a-draft.png", mimeType: "image/png", buffer: noisePng(160, 120, seed) },
    { name: "unused.png", mimeType: "image/png", buffer: noisePng(160, 120, seed + 1) },
  ]);
  await expect(card(page, "in-a-draft.png")).toBeVisible();
  await expect(card(page, "unused.png")).toBeVisible();

  // A draft post to the workspace's feed account uses one of them.
  const headers = await csrf(page);
  const media = (await (await page.request.get(`/api/v1/workspaces/${ws}/media`)).json()) as {
    items: { id: string; filename: string }[];
  };
  const used = media.items.find((m) => m.filename === "in-a-draft.png");
  const accounts = (await (await page.request.get(`/api/v1/workspaces/${ws}/accounts`)).json()) as {
    items: { id: string }[];
  };
  const draft = await page.request.post(`/api/v1/workspaces/${ws}/posts`, {
    data: {
      text: "Soon",
      media_ids: [used?.id],
      targets: [{ account_id: accounts.items[0]?.id }],
      draft: true,
    },
    headers,
  });
  expect(draft.status(), await draft.text()).toBe(201);
  const postId = ((await draft.json()) as { id: string }).id;

  await card(page, "in-a-draft.png").getByRole("button", { name: "Delete in-a-draft.png" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this file?" });
  await dialog.getByRole("button", { name: "Delete file" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Posts that are not finished yet use this file.");
  await expect(dialog.getByRole("link", { name: "Open post 1" })).toHaveAttribute(
    "href",
    `/app/workspaces/${ws}/posts/${postId}`,
  );
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(card(page, "in-a-draft.png")).toBeVisible();

  await card(page, "unused.png").getByRole("button", { name: "Delete unused.png" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete file" }).click();
  await expect(page.getByText("unused.png is deleted.")).toBeVisible();
  await expect(card(page, "unused.png")).toHaveCount(0);
  await page.reload();
  await expect(card(page, "in-a-draft.png")).toBeVisible();
  await expect(card(page, "unused.png")).toHaveCount(0);
});
