/** The public feed pages: a workspace's profile with "load more", and one post with its image. */
import { expect, type Page, test } from "@playwright/test";
import { csrf, newWorkspace, screenshotAll, signInWithCookies, verifiedPerson } from "./support";

type Target = { status: string; external_url: string | null };

/** A real PNG drawn in the page (a calm gradient with a caption), as bytes. */
async function drawnImage(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1200, 800);
    const g = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
    const fill = g.createLinearGradient(0, 0, 1200, 800);
    fill.addColorStop(0, "#4338ca");
    fill.addColorStop(1, "#0ea5e9");
    g.fillStyle = fill;
    g.fillRect(0, 0, 1200, 800);
    g.fillStyle = "#ffffff";
    g.font = "bold 72px sans-serif";
    g.fillText("Spring collection", 80, 420);
    const blob = await canvas.convertToBlob({ type: "image/png" });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

async function uploadImage(page: Page, ws: string): Promise<string> {
  const body = await drawnImage(page);
  const headers = await csrf(page);
  const ticket = await page.request.post(`/api/v1/workspaces/${ws}/media/uploads`, {
    data: { filename: "spring.png", content_type: "image/png", size: body.length },
    headers,
  });
  expect(ticket.status()).toBe(201);
  const {
    media_id,
    upload_url,
    headers: putHeaders,
  } = (await ticket.json()) as {
    media_id: string;
    upload_url: string;
    headers: Record<string, string>;
  };
  const put = await page.request.put(upload_url, { data: body, headers: putHeaders });
  expect(put.ok()).toBe(true);
  const done = await page.request.post(`/api/v1/workspaces/${ws}/media/${media_id}/complete`, { headers });
  expect(done.status()).toBe(200);
  return media_id;
}

/** Publishes to the workspace's feed account now; the published post's path on the web app. */
async function publish(page: Page, ws: string, account: string, text: string, media: string[] = []) {
  const created = await page.request.post(`/api/v1/workspaces/${ws}/posts`, {
    data: { text, targets: [{ account_id: account }], media_ids: media, publish_now: true },
    headers: await csrf(page),
  });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string };
}

async function published(page: Page, ws: string, postId: string): Promise<string> {
  let target: Target | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/v1/workspaces/${ws}/posts/${postId}`);
        target = ((await response.json()) as { targets: Target[] }).targets[0];
        return target?.status;
      },
      // A message lost between the several dev hosts sharing a queue is sent again by the sweep
      // after two minutes: wait that long too.
      { timeout: 240_000 },
    )
    .toBe("published");
  return new URL(target?.external_url ?? "", "http://x").pathname;
}

test("a profile lists its posts newest first with load more; a post shows its image; unknown ones are 404", async ({
  page,
}) => {
  test.setTimeout(480_000);
  await page.goto("/");
  const person = await verifiedPerson(page.request, "Maya Haddad");
  await signInWithCookies(page, person.email);
  const ws = await newWorkspace(page, "Cedar & Co. Bakery");
  const accounts = await page.request.get(`/api/v1/workspaces/${ws}/accounts`);
  const feed = ((await accounts.json()) as { items: { id: string; platform: string }[] }).items.find(
    (a) => a.platform === "feed",
  );
  expect(feed).toBeDefined();
  const account = feed?.id ?? "";

  // Twenty older posts (one more page than the profile shows at first), then the one with an image.
  const older = [];
  for (let i = 1; i <= 20; i++) older.push(await publish(page, ws, account, `Fresh bread, batch ${i}`));
  for (const post of older) await published(page, ws, post.id);
  const media = await uploadImage(page, ws);
  const text =
    "Our spring collection is out: cardamom buns, pistachio rolls and rose croissants.\nكعك الهيل متوفر اليوم!";
  const post = await publish(page, ws, account, text, [media]);
  const path = await published(page, ws, post.id);
  expect(path).toMatch(/^\/@[^/]+\/posts\/[0-9a-f-]{36}$/);
  const handle = path.split("/")[1] ?? "";

  // Signed out, as the public sees it.
  await page.context().clearCookies();

  // The post's own page: the text, the image (loaded), the time with its zone, a way to the profile.
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Maya Haddad" })).toBeVisible();
  await expect(page.getByText("Our spring collection is out")).toBeVisible();
  const image = page.getByRole("img", { name: /Image 1 of 1/ });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
  await expect(page.getByText("UTC (UTC+00:00)")).toBeVisible();
  const postReady = async (p: Page) => {
    await expect(p.locator("article img").first()).toBeVisible();
    await expect
      .poll(() =>
        p
          .locator("article img")
          .first()
          .evaluate((i: HTMLImageElement) => i.naturalWidth),
      )
      .toBeGreaterThan(0);
  };
  await screenshotAll(page, "feed-post", postReady);

  // The profile: newest first, twenty at a time, then "Load more" brings the rest.
  await page.getByRole("link", { name: /All posts from/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${handle}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Cedar & Co. Bakery" })).toBeVisible();
  const items = page.locator("ol > li");
  await expect(items).toHaveCount(20);
  await expect(items.first()).toContainText("Our spring collection is out");
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(items).toHaveCount(21);
  // Newest first across both pages (the batches published in whatever order the worker took them).
  const times = await page
    .locator("ol > li time")
    .evaluateAll((nodes) => nodes.map((n) => Date.parse(n.getAttribute("datetime") ?? "")));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  await expect(page.getByText("That's every post.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  const profileReady = async (p: Page) => {
    await expect(p.locator("ol > li").first()).toBeVisible();
  };
  await screenshotAll(page, "feed-profile", profileReady);

  // A post opens from its time link.
  await items.first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));

  // Unknown handles and posts are the 404 page, inside the site's frame.
  for (const missing of [
    "/@no-such-handle-here",
    `/${handle}/posts/00000000-0000-0000-0000-000000000000`,
    `/${handle}/posts/not-an-id`,
  ]) {
    await page.goto(missing);
    await expect(page.getByRole("heading", { name: "We can't find that page" })).toBeVisible();
    await expect(page.getByRole("link", { name: "About" }).first()).toBeVisible();
  }
});

test("a profile with no posts says so", async ({ page }) => {
  await page.route("**/api/v1/profiles/quiet-studio*", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ handle: "quiet-studio", name: "Quiet Studio", items: [], next_cursor: null }),
    }),
  );
  await page.goto("/@quiet-studio");
  await expect(page.getByRole("heading", { name: "Nothing posted yet" })).toBeVisible();
  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1, name: "Quiet Studio" })).toBeVisible();
  };
  await screenshotAll(page, "feed-profile-empty", ready);
});
