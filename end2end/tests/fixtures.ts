import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

// Every test fails on a hydration warning, a console error or warning, or an uncaught exception.
// Only 4xx answers the app gives on purpose (a refused call, bad input) are let through.
export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (msg) => {
        const text = msg.text();
        const expected4xx = /Failed to load resource: the server responded with a status of 4\d\d/.test(text);
        if ((msg.type() === "error" || msg.type() === "warning") && !expected4xx) {
          problems.push(`${msg.type()}: ${text}`);
        } else if (/hydrat/i.test(text)) {
          problems.push(`${msg.type()}: ${text}`);
        }
      });
      page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
      await use(problems);
      expect(problems, "console problems").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const DEMO_PASSWORD = "demo1234";

/** Opens a page and waits until the WASM has hydrated it. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await open(page, "/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("main form.form button[type=submit]").click();
  await expect(page.locator('[data-testid="logout"]')).toBeVisible();
}

export async function logout(page: Page) {
  await page.locator('[data-testid="logout"]').click();
  await expect(page.locator("#username")).toBeVisible();
}

/** Runs axe-core on the page as it stands; fails on any serious or critical violation. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(bad, `accessibility of ${what}`).toEqual([]);
}
