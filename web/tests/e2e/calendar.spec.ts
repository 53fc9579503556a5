/** The calendar: views in a named zone, drag to reschedule by the API's rules, series scope, new posts. */
import { expect, type Locator, type Page, test } from "@playwright/test";
import { connect, createPost, getPost, owner } from "./posts-support";
import { screenshotAll } from "./support";

const ZONE = "Europe/Paris";

/** YYYY-MM-DD of the day `days` from today, in the workspace's zone. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("en-CA", { timeZone: ZONE });
}

/** 10:00 in Paris on that day, as an instant with its offset. */
function tenInParis(date: string): string {
  const probe = new Date(`${date}T10:00:00Z`);
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, timeZoneName: "longOffset" })
    .formatToParts(probe)
    .find((p) => p.type === "timeZoneName")
    ?.value.replace("GMT", "");
  return `${date}T10:00:00${offset || "+00:00"}`;
}

/** Drag with the mouse in small steps, as FullCalendar needs to see a drag. */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("nothing to drag");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 5, a.y + a.height / 2 + 5, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
}

const cell = (page: Page, date: string) => page.locator(`.ck-calendar td.fc-day[data-date="${date}"]`);
const event = (page: Page, text: string) => page.locator(".ck-calendar .fc-event", { hasText: text });

test("drag to reschedule, a refused drag into the past, and a click to write a post", async ({ page }) => {
  test.slow(); // screenshots in 8 combinations and 4 accessibility scans
  const { ws } = await owner(page);
  const account = await connect(page, ws);
  const tomorrow = day(1);
  const post = await createPost(page, ws, {
    text: "Launch teaser",
    targets: [{ account_id: account.id }],
    scheduled_at: tenInParis(tomorrow),
  });

  await page.goto(`/app/workspaces/${ws}/calendar?view=month`);
  await expect(page.getByRole("heading", { name: "Calendar", level: 1 })).toBeVisible();
  await expect(page.getByTestId("calendar-zone")).toContainText(/Times in \W?Europe\/Paris/);
  await expect(event(page, "Launch teaser")).toBeVisible();

  // Into the past: refused with the API's words, and the post stays where it was.
  const yesterday = day(-1);
  if (await cell(page, yesterday).count()) {
    await drag(page, event(page, "Launch teaser"), cell(page, yesterday));
    await expect(page.getByText("That time has passed. Choose a later time, or publish now.")).toBeVisible();
    await expect(cell(page, tomorrow).locator(".fc-event", { hasText: "Launch teaser" })).toBeVisible();
    expect((await getPost(page, ws, post.id)).scheduled_at).toBe(post.scheduled_at);
  }

  // Two days later: saved, same time of day.
  const later = day(3);
  await drag(page, event(page, "Launch teaser"), cell(page, later));
  await expect(page.getByText("Moved to the new time.")).toBeVisible();
  await expect(cell(page, later).locator(".fc-event", { hasText: "Launch teaser" })).toBeVisible();
  const moved = await getPost(page, ws, post.id);
  expect(new Date(moved.scheduled_at ?? "").toISOString()).toBe(new Date(tenInParis(later)).toISOString());

  // The person's own zone, said as plainly as the workspace's.
  await page.getByRole("button", { name: "My own" }).click();
  await expect(page.getByTestId("calendar-zone")).toContainText(/The workspace's zone is \W?Europe\/Paris/);
  await page.getByRole("button", { name: "The workspace's" }).click();

  // An empty day opens the composer at 09:00 that day, in the calendar's zone.
  await cell(page, day(5)).click({ position: { x: 20, y: 60 } });
  await expect(page).toHaveURL(/\/compose\?date=/, { timeout: 60_000 });
  const date = new URL(page.url()).searchParams.get("date") ?? "";
  expect(date.startsWith(`${day(5)}T09:00:00`)).toBe(true);

  // Every view, both languages and themes; a phone starts on the list.
  await page.goto(`/app/workspaces/${ws}/calendar`);
  const ready = async (p: Page) => {
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(p.locator(".ck-calendar .fc-view-harness")).toBeVisible();
  };
  await screenshotAll(page, "calendar", ready);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/app/workspaces/${ws}/calendar`);
  await expect(page.getByRole("button", { name: "List", pressed: true })).toBeVisible();
  await expect(page.locator(".ck-calendar .fc-list")).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/app/workspaces/${ws}/calendar?view=month`);
  await screenshotAll(page, "calendar-month", ready);
});

test("a series occurrence asks which occurrences move", async ({ page }) => {
  const { ws } = await owner(page);
  const account = await connect(page, ws);
  const first = await createPost(page, ws, {
    text: "Weekly roundup",
    targets: [{ account_id: account.id }],
    scheduled_at: tenInParis(day(1)),
    recurrence: "FREQ=WEEKLY;COUNT=3",
  });
  await page.goto(`/app/workspaces/${ws}/calendar?view=month`);
  const occurrence = cell(page, day(1)).locator(".fc-event", { hasText: "Weekly roundup" });
  await expect(occurrence).toBeVisible();
  await expect(occurrence.getByRole("img", { name: "Repeats" })).toBeVisible();

  // Cancelling the question puts it back.
  await drag(page, occurrence, cell(page, day(2)));
  const dialog = page.getByRole("dialog", { name: "Move which occurrences?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(cell(page, day(1)).locator(".fc-event", { hasText: "Weekly roundup" })).toBeVisible();

  // This occurrence only.
  await drag(
    page,
    cell(page, day(1)).locator(".fc-event", { hasText: "Weekly roundup" }),
    cell(page, day(2)),
  );
  await expect(dialog.getByRole("radio", { name: /This occurrence only/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Move" }).click();
  await expect(page.getByText("Moved to the new time.")).toBeVisible();
  const moved = await getPost(page, ws, first.id);
  expect(new Date(moved.scheduled_at ?? "").toISOString()).toBe(new Date(tenInParis(day(2))).toISOString());

  // Opening it offers to edit, asking the scope first.
  await cell(page, day(2)).locator(".fc-event", { hasText: "Weekly roundup" }).click();
  const opened = page.getByRole("dialog", { name: "Scheduled post" });
  await expect(opened.getByText("Repeats")).toBeVisible();
  await opened.getByRole("button", { name: "Edit" }).click();
  const scope = page.getByRole("dialog", { name: "Edit which occurrences?" });
  await scope.getByRole("radio", { name: /Every occurrence/ }).check();
  await scope.getByRole("button", { name: "Continue to edit" }).click();
  await expect(page).toHaveURL(new RegExp(`/compose/${first.id}\\?scope=all$`), { timeout: 60_000 });
});
