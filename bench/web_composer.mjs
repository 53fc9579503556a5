// Drives Debian's Chromium (Playwright, from web/node_modules) through the composer with every
// account of a 1,000-account workspace chosen, and prints one JSON line: input-to-paint latency of
// each keystroke, measured in the page with the Performance API.
//
//   node bench/web_composer.mjs BASE_URL WORKSPACE_ID EMAIL PASSWORD
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(fileURLToPath(new URL("../web/package.json", import.meta.url)));
const { chromium } = require("@playwright/test");
const [base, ws, email, password] = process.argv.slice(2);
const BURSTS = 8;
const KEYS_PER_BURST = 15;
const KEY_GAP_MS = 60; // a quick typist
const PAUSE_MS = 900; // long enough for the debounced preview of 1,000 accounts to come back and render

// In the page: for each keydown, from the event's own timestamp (when the key was pressed) to the
// first task after the next animation frame (the frame that shows the character has been painted).
function instrument() {
  window.__latencies = [];
  window.__previews = [];
  // When each preview answer arrived, to tell a slow key that met one from one that did not.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name.includes("/posts/preview")) window.__previews.push(e.responseEnd);
  }).observe({ type: "resource" });
  // The browser's own account of slow events (Event Timing): waiting, our handlers, then rendering.
  window.__slow = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      window.__slow.push({
        name: e.name,
        at: e.startTime,
        waited: e.processingStart - e.startTime,
        handlers: e.processingEnd - e.processingStart,
        painted: e.startTime + e.duration - e.processingEnd,
      });
  }).observe({ type: "event", durationThreshold: 16, buffered: false });
  document.addEventListener(
    "keydown",
    (event) => {
      const pressed = event.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__latencies.push([performance.now() - pressed, pressed]);
        channel.port2.postMessage(null);
      });
    },
    true,
  );
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
try {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const login = await page.request.post("/api/v1/auth/login", { data: { email, password } });
  if (login.status() !== 200) throw new Error(`sign-in failed: ${login.status()}`);
  await page.addInitScript(() => localStorage.setItem("ck.lang", "en"));
  const opened = performance.now();
  await page.goto(`/app/workspaces/${ws}/compose`);
  const choose = page.getByRole("button", { name: /^Choose all \d+/ });
  await choose.waitFor({ timeout: 60_000 });
  const ready = performance.now() - opened;
  await choose.click();
  await page.getByText(/^1,000 of 1,000 chosen$/).waitFor({ timeout: 60_000 });
  const text = page.locator("#composer-text");
  await text.click();
  await page.keyboard.type("Warm up ");
  const counters = page.getByRole("list", { name: "Characters per platform" });
  await counters.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(PAUSE_MS * 2);
  await page.evaluate(instrument);
  const sentence = "Launching our spring plans today, with thanks to everyone who helped! ";
  let typed = 0;
  for (let burst = 0; burst < BURSTS; burst++) {
    for (let i = 0; i < KEYS_PER_BURST; i++) {
      await page.keyboard.press(sentence[typed % sentence.length] === " " ? "Space" : sentence[typed % sentence.length]);
      typed += 1;
      await page.waitForTimeout(KEY_GAP_MS);
    }
    await page.waitForTimeout(PAUSE_MS);
  }
  // The last preview: every one of the 1,000 accounts counted by the server.
  await page.waitForFunction(() => !document.querySelector("form[data-stale]"));
  const latencies = await page.evaluate(() => window.__latencies);
  const slow = await page.evaluate(() => window.__slow);
  const previews = await page.evaluate(() => window.__previews);
  console.log(JSON.stringify({ latencies, slow, previews, ready_ms: ready, keys: typed }));
} finally {
  await browser.close();
}
