import { test, expect, open, login, logout, expectAccessible } from "./fixtures";

// Runs after competitions.spec.ts (files run in name order), which confirmed the awards of the
// demo's finished event: its winners have this month's points from the placing.

test("an employee finds their rank and neighbours, and goes from a placing to its results", async ({ page }) => {
  await login(page, "employee");
  await page.getByRole("link", { name: "排行榜" }).first().click();
  await expect(page).toHaveURL(/\/boards$/);
  // All time: the employee has points from projects and an honour.
  await page.getByRole("navigation", { name: "时间范围" }).getByRole("link", { name: "全部" }).click();
  await expect(page.getByTestId("board-window")).toContainText("全部时间");
  const mine = page.getByTestId("my-rank");
  await expect(mine).toContainText(/第 \d+ 名 · \d+ 分/);
  const me = mine.locator('tr[aria-current="true"]');
  await expect(me).toHaveCount(1);
  await expect(me).toContainText("刘洋");
  await expect(mine.locator("tbody tr").nth(0)).toBeVisible();
  await expectAccessible(page, "the leaderboard");

  // Teams, then back to people narrowed to a department found by typing part of its name.
  const teams = page.getByRole("navigation", { name: "排行榜类别" }).getByRole("link", { name: "班组" });
  await teams.click();
  await expect(teams).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("board-top").locator("tbody tr").first()).toBeVisible();
  const people = page.getByRole("navigation", { name: "排行榜类别" }).getByRole("link", { name: "个人" });
  await people.click();
  // The people's board has arrived before the search is typed into it.
  await expect(people).toHaveAttribute("aria-current", "page");
  await page.getByLabel("按部门筛选").fill("运维");
  await page.getByRole("button", { name: "搜索" }).click();
  await page.getByRole("list", { name: "匹配的部门" }).getByRole("link", { name: "运维检修部" }).click();
  await expect(page.getByTestId("board-window")).toContainText("运维检修部");
  await expect(page.getByTestId("board-top").locator("tbody tr").first().locator("td").first()).toHaveText("1");

  // The event's winner: from the results' awards to their page, and back by their placing.
  await open(page, "/events/2/results");
  const winner = page.locator("table.awards tbody tr").first().getByRole("link");
  const name = (await winner.textContent())!.trim();
  await winner.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("points-chart")).toBeVisible();
  const placing = page.getByTestId("placings").locator("tbody tr").first();
  await expect(placing.locator("td").last()).toHaveText("—"); // not the employee's money
  await expectAccessible(page, "a person's page");
  await placing.getByRole("link").click();
  await expect(page).toHaveURL(/\/events\/2\/results$/);
});

test("an employee opens an honour and reaches its evidence", async ({ page }) => {
  await login(page, "employee");
  await page.getByRole("link", { name: "荣誉榜" }).first().click();
  await expect(page.getByTestId("honour").first()).toBeVisible();
  await expect(page.getByTestId("nominate")).toHaveCount(0);
  await page.getByLabel("荣誉类别").selectOption("model_worker");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByTestId("honour")).toHaveCount(1);
  await expectAccessible(page, "the honour roll");
  await page.getByTestId("honour").getByRole("link", { name: "省劳动模范" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("省劳动模范");
  await page.getByTestId("evidence").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/projects\/1$/);
});

test("a team lead nominates, the union admin approves, and the honour appears on the roll", async ({ page }) => {
  await login(page, "teamlead");
  await open(page, "/honours");
  await page.getByTestId("nominate").click();
  // The roll's filter has a 荣誉类别 too: wait for the form to replace it before choosing.
  await expect(page).toHaveURL(/\/honours\/new$/);
  await expect(page.locator("#h-kind")).toBeVisible();
  await page.getByLabel("荣誉类别").selectOption("technical_expert");
  await page.getByLabel("年度").fill("2026");
  await page.getByLabel("荣誉名称").fill("配电抢修技术能手");
  await page.getByLabel("被提名人").fill("e100001");
  await page.locator("#h-citation").fill("抢修一线骨干。");
  await page.getByRole("button", { name: "提交提名" }).click();
  // Someone of another team is refused beside the field, and what was typed stays.
  await expect(page.locator("#nominee-error")).toContainText("只能提名本班组");
  await expect(page.getByLabel("荣誉名称")).toHaveValue("配电抢修技术能手");
  await page.getByLabel("被提名人").fill("e100013");
  await page.getByLabel("积分").fill("30");
  await page.getByRole("button", { name: "提交提名" }).click();
  await expect(page).toHaveURL(/\/honours\/\d+$/);
  await expect(page.getByTestId("honour-status")).toContainText("待审核");
  // The nominator adds a photo while the nomination waits; a PDF is refused with its reason.
  await page.getByLabel("选择照片").setInputFiles({ name: "a.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7") });
  await page.getByRole("button", { name: "上传照片" }).click();
  await expect(page.getByTestId("photo-upload").getByRole("alert")).toContainText("JPEG");
  await page.getByLabel("选择照片").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "上传照片" }).click();
  await expect(page.getByTestId("honour-photo")).toBeVisible();
  await expect(page.getByTestId("honour-photo")).toHaveJSProperty("naturalWidth", 1);
  const address = page.url();
  await logout(page);

  await login(page, "admin");
  await open(page, "/honours");
  await expect(page.getByTestId("waiting")).not.toHaveText("0");
  await open(page, new URL(address).pathname);
  await expectAccessible(page, "a nomination awaiting a decision");
  // The page may clear the form before the answer is back: wait for the decision itself.
  const decided = page.waitForResponse((r) => r.url().includes("/api/decide_honour"));
  await page.getByTestId("decide").getByRole("button", { name: "审核通过并发布" }).click();
  await decided;
  await expect(page.getByTestId("honour-status")).toHaveCount(0);
  await expect(page.getByTestId("decide")).toHaveCount(0);
  await open(page, "/honours?kind=technical_expert");
  const card = page.getByTestId("honour").filter({ hasText: "配电抢修技术能手" });
  await expect(card).toBeVisible();
  await expect(card.locator("img.honour-thumb")).toBeVisible();
});

/** A 1 × 1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("the hall's big screen turns between the boards and updates without a reload", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await login(page, "employee");
  await open(page, "/boards");
  await page.getByTestId("to-screen").click();
  await expect(page).toHaveURL(/\/boards\/screen\?window=month$/);
  // One board at a time, in large type, turning.
  await open(page, "/boards/screen?window=all&rotate=3");
  const panels = page.locator("[data-panel]");
  await expect(panels).toHaveCount(4);
  await expect(page.locator("[data-panel]:visible")).toHaveCount(1);
  await expect(page.locator("[data-panel]:visible")).toHaveAttribute("data-panel", "person");
  await expect(page.locator("[data-panel]:visible")).toHaveAttribute("data-panel", "team", { timeout: 5000 });
  await expectAccessible(page, "the leaderboards' big screen");
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

  // Meanwhile the union admin corrects an entry: the screen hears of it and redraws in place.
  const admin = await (await browser.newContext()).newPage();
  await login(admin, "admin");
  const r = await admin.request.post("/api/correct_points", {
    form: { entry: "1", points: "5", note: "大屏演示" },
    headers: { Accept: "application/json" },
  });
  expect(r.ok()).toBeTruthy();
  await expect.poll(async () => Number(await page.evaluate(() => document.documentElement.dataset.liveUpdates || 0)), { timeout: 5000 }).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(7);
  await expect(page.locator("[data-panel]:visible")).toHaveCount(1);
  await admin.context().close();
});
