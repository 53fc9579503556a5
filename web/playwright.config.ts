/**
 * Browser tests in Debian's Chromium (no browser download), against a dev host the Python test
 * suite starts (tests/e2e/test_web_browser.py passes its address in CK_BASE_URL).
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // Traces of failed tests; the Python test gives each run a folder of its own.
  outputDir: process.env.CK_PLAYWRIGHT_OUTPUT ?? "test-results",
  use: {
    baseURL: process.env.CK_BASE_URL ?? "http://127.0.0.1:7071",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
});
