import { test, expect, open, login, logout, expectAccessible } from "./fixtures";
import * as XLSX from "xlsx";
import { Page } from "@playwright/test";

const free = (page: Page) => page.locator("li.pad-card:not(.conflicted)");

async function score(page: Page, card: ReturnType<Page["locator"]>, values: [string, string, string]) {
  const inputs = card.locator('input[inputmode="decimal"]');
  for (let i = 0; i < 3; i++) await inputs.nth(i).fill(values[i]);
  await card.getByRole("button", { name: "保存评分" }).click();
}

async function eventCount(page: Page): Promise<number> {
  await open(page, "/rounds/1/results");
  const text = (await page.getByTestId("chain").textContent()) ?? "";
  return Number(/（(\d+) 条/.exec(text)![1]);
}

test("a judge on a phone scores, goes offline, scores two more, and they are sent once when back", async ({ page, context }) => {
  await login(page, "judge");
  await page.setViewportSize({ width: 360, height: 760 });
  const before = await eventCount(page);
  await open(page, "/judge");
  await page.getByRole("link", { name: "打分" }).first().click();
  await expect(page).toHaveURL(/\/judge\/1$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("li.pad-card.conflicted")).toHaveCount(1);

  // Checked as typed: off the 0.5 step.
  const first = free(page).nth(0);
  const safety = first.locator('input[inputmode="decimal"]').first();
  await safety.fill("90.3");
  await expect(first.locator(".field-error")).toContainText("步长");
  await expect(safety).toHaveAttribute("aria-invalid", "true");
  await score(page, first, ["90", "85.5", "80"]);
  await expect(first.locator(".preview")).toContainText("85.75"); // 27 + 42.75 + 16
  await expect(first.locator(".alert-ok")).toContainText("已保存");
  await expect(first.locator(".tag-ok")).toBeVisible();

  // The hall's Wi-Fi drops: two more contestants are kept on the phone.
  await context.setOffline(true);
  await score(page, free(page).nth(1), ["88", "90", "75.5"]);
  await score(page, free(page).nth(2), ["95", "92", "89"]);
  await expect(page.getByTestId("unsent")).toHaveCount(2);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("ciw.pad.queue") ?? "[]").length)).toBe(2);

  // Back online: both go, once.
  await context.setOffline(false);
  await expect(page.getByTestId("unsent")).toHaveCount(0);
  await expect(free(page).nth(2).locator(".alert-ok")).toContainText("已保存");
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("ciw.pad.queue") ?? "[]").length)).toBe(0);
  await expectAccessible(page, "the judge pad");
  expect(await eventCount(page)).toBe(before + 9);
  await expectAccessible(page, "the results page");
});

test("the results page explains a rank down to each judge's mark", async ({ page }) => {
  await login(page, "chief");
  await open(page, "/rounds/1/results");
  const row = page.locator("table.results > tbody > tr").first();
  await expect(row.locator("td.rank")).toHaveText("1");
  await row.locator("summary").click();
  await expect(row.locator(".arithmetic")).toContainText("周国平");
  await expect(row.locator(".arithmetic")).toContainText("按规则取 2 位小数");
  // The Excel export carries the same ranks and scores as the page.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
  const book = XLSX.read(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c)));
  const sheet = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1 });
  const rows = page.locator("table.results > tbody > tr");
  for (let i = 0; i < (await rows.count()); i++) {
    const rank = (await rows.nth(i).locator("td.rank").textContent())!.trim();
    const score = (await rows.nth(i).locator("td.score").textContent())!.trim();
    expect(String(sheet[i + 1][0] || "—")).toBe(rank);
    if (/^\d/.test(score)) expect(String(sheet[i + 1][6])).toBe(score);
  }
  // An employee not on the panel cannot see unpublished results.
  // Wait for the sign-out to finish: a late answer to it would clear the next account's cookie.
  await logout(page);
  await login(page, "employee");
  await open(page, "/rounds/1/results");
  await expect(page.locator(".alert-error")).toContainText("没有权限");
});

test("the judge signs; the chief judge decides a spread alert, locks and publishes; then everyone sees the results", async ({ page }) => {
  await login(page, "judge");
  await open(page, "/judge/1");
  const cards = free(page);
  const n = await cards.count();
  for (let i = 0; i < n; i++) {
    // The last one far from the chief judge on safety: a spread alert.
    await score(page, cards.nth(i), [i === n - 1 ? "60" : "88", "87.5", "90"]);
    await expect(cards.nth(i).locator(".alert-ok")).toContainText("已保存");
  }
  await open(page, "/judge/1");
  await page.getByTestId("sign").click();
  await expect(page.locator(".page-head .tag")).toHaveText("已签署");
  // Wait for the sign-out to finish: a late answer to it would clear the next account's cookie.
  await logout(page);

  await login(page, "chief");
  await open(page, "/rounds/1/results");
  // Locking is refused while the alert is open.
  await page.getByTestId("lock").click();
  await expect(page.locator(".chief .alert-error")).toContainText("评分差异过大");
  const alert = page.getByTestId("spread-alert").first();
  await alert.locator('input[name="reason"]').fill("两位评委复核，均确认原评分");
  await alert.getByRole("button", { name: "保留并说明理由" }).click();
  await expect(page.getByTestId("spread-alert").first()).toContainText("已说明");
  await expectAccessible(page, "the chief judge's results page");
  await page.getByTestId("lock").click();
  await expect(page.getByTestId("publish")).toBeVisible();
  await page.getByTestId("publish").click();
  await expect(page.locator(".page-head .tag")).toHaveText("已发布");
  // Wait for the sign-out to finish: a late answer to it would clear the next account's cookie.
  await logout(page);

  await login(page, "employee");
  await open(page, "/rounds/1/results");
  await expect(page.locator(".page-head .tag")).toHaveText("已发布");
  await expect(page.locator("table.results > tbody > tr")).toHaveCount(7);
  await expect(page.locator("table.results > tbody > tr").first().locator(".tag-award")).toHaveText("一等奖");
  await expect(page.getByTestId("chain")).toContainText("哈希链校验通过");
});
