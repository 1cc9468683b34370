import { test, expect, open, login, logout, expectAccessible } from "./fixtures";

const day = (offset: number) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);

test("an organiser sets up a competition; an employee enters; the organiser approves and draws", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/competitions");
  const form = page.locator("form", { has: page.locator("#comp-name") });
  await form.locator("#comp-name").fill("2027年电缆附件制作技能竞赛");
  await form.locator("#comp-kind").selectOption("skill");
  await form.locator("#comp-opens").fill(day(-1));
  await form.locator("#comp-closes").fill(day(20));
  await form.getByLabel("公开（大屏无需登录）").check();
  await form.getByRole("button", { name: "创建" }).click();
  await expect(page).toHaveURL(/\/competitions\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("2027年电缆附件制作技能竞赛");
  const competition = page.url();

  // An event with award tiers by count, then its first round.
  await page.locator("#ev-name").fill("中间接头制作");
  await page.locator("#ev-tier0").fill("1");
  await page.locator("#ev-tier1").fill("2");
  await page.locator("form", { has: page.locator("#ev-name") }).getByRole("button", { name: "创建" }).click();
  const event = page.locator("section.event", { hasText: "中间接头制作" });
  await expect(event).toBeVisible();
  await event.getByLabel("新增轮次").fill("决赛");
  await event.getByRole("button", { name: "添加" }).click();
  await expect(page).toHaveURL(/\/rounds\/\d+\/setup$/);
  await expect(page.getByRole("heading", { name: "评分标准（第 1 版）" })).toBeVisible();

  // The scheme: a step the maximum cannot be reached by is refused beside its cell.
  await page.locator("#cr0-step").fill("0.3");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page.locator("fieldset.criterion").first().locator(".field-error")).toContainText("满分须能从最低分按步长到达");
  await page.locator("#cr0-step").fill("0.5");
  await page.locator("#cr1-code").fill("safety");
  await page.locator("#cr1-name").fill("安全文明");
  await page.locator("#cr1-kind").selectOption("full_or_zero");
  await page.locator("#cr1-max").fill("10");
  await page.locator("#cr1-weight").fill("0.2");
  await page.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page.getByRole("heading", { name: "评分标准（第 2 版）" })).toBeVisible();
  await expect(page.locator("#cr1-name")).toHaveValue("安全文明");

  // The panel: the chief judge, then a guest judge from outside.
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "评委组" }) });
  await panel.getByLabel("用户名或工号").fill("chief");
  await panel.getByLabel("裁判长").check();
  await panel.getByRole("button", { name: "加入评委组" }).click();
  await expect(panel.locator("tbody tr")).toHaveCount(1);
  await panel.getByText("新建外聘评委").click();
  await panel.locator("#g-name").fill("吴建国");
  await panel.locator("#g-aff").fill("电缆研究所");
  await panel.locator("#g-user").fill("wujg");
  await panel.locator("#g-pass").fill("guest2027x");
  await panel.getByRole("button", { name: "创建并加入评委组" }).click();
  await expect(panel.locator("tbody tr", { hasText: "吴建国" })).toContainText("外聘评委");
  await expectAccessible(page, "the round's set-up");
  await logout(page);

  // An employee enters themselves; the entry waits.
  await login(page, "employee");
  await page.goto(competition);
  await page.getByRole("button", { name: "我要报名" }).click();
  await expect(page.locator("section.event")).toContainText("待审核");
  await expectAccessible(page, "a competition's page");
  await logout(page);

  // The organiser approves and draws; the draw checks out from its seed.
  await login(page, "admin");
  await page.goto(competition);
  await page.getByRole("link", { name: "报名管理" }).click();
  await page.getByRole("row", { name: /刘洋/ }).getByRole("button", { name: "通过", exact: true }).click();
  await expect(page.getByRole("row", { name: /刘洋/ })).toHaveCount(0);
  await page.getByRole("link", { name: "已确认" }).click();
  await expect(page.getByRole("row", { name: /刘洋/ })).toBeVisible();
  await expectAccessible(page, "the registrations page");

  // A contestant list from a file: one bad row and nobody is entered; corrected, it goes in.
  const file = page.locator('input[type="file"][name="file"]');
  await file.setInputFiles({ name: "名单.csv", mimeType: "text/csv", buffer: Buffer.from("工号\ne100070\nnobody-here\n") });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByTestId("import-errors")).toContainText("第 3 行");
  await file.setInputFiles({ name: "名单.csv", mimeType: "text/csv", buffer: Buffer.from("工号\ne100070\n") });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "已导入 1 名选手" })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await page.goto(competition);
  await page.getByRole("button", { name: "抽签" }).click();
  await page.getByRole("link", { name: "抽签记录" }).click();
  await expect(page.getByTestId("draw-verdict")).toContainText("复核一致");
  await expect(page.getByTestId("seed")).toHaveText(/^\d+$/);
  await expectAccessible(page, "the draw record");
});

test("the big screen updates without a reload when a judge enters marks", async ({ page, browser }) => {
  // The hall's projector: no sign-in (the demo competition is public).
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, "/rounds/1/screen");
  await expect(page.locator(".board-row")).toHaveCount(7);
  await expectAccessible(page, "the big screen");
  const scoring = await page.locator(".board-pending").count();
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  // Meanwhile a judge scores the first contestant on their pad.
  const judge = await (await browser.newContext()).newPage();
  await login(judge, "judge");
  await open(judge, "/judge/1");
  const card = judge.locator("li.pad-card:not(.conflicted)").first();
  const inputs = card.locator('input[inputmode="decimal"]');
  for (const [i, v] of ["91", "88", "86"].entries()) await inputs.nth(i).fill(v);
  await card.getByRole("button", { name: "保存评分" }).click();
  await expect(card.locator(".alert-ok")).toContainText("已保存");

  await expect(page.locator(".board-pending")).toHaveCount(scoring - 1, { timeout: 3000 });
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  expect(Number(await page.evaluate(() => document.documentElement.dataset.liveUpdates))).toBeGreaterThan(0);
  await judge.context().close();
});

test("the union admin confirms the awards of a finished event and finds the prizes in the ledger", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/events/2/results");
  const awards = page.locator("section", { has: page.getByRole("heading", { name: "颁奖" }) });
  // The demo set the prizes: first place ¥3,000 with the title 技术能手.
  await expect(awards.locator("#pz0-yuan")).toHaveValue("3000.00");
  await expect(awards.locator("#pz0-title")).toHaveValue("技术能手");
  // A bad amount is refused beside its cell and nothing changes.
  await awards.locator("#pz1-yuan").fill("-1");
  await awards.getByRole("button", { name: "保存奖励设置" }).click();
  await expect(awards.locator("fieldset.prize").nth(1).locator(".field-error")).toBeVisible();
  await awards.locator("#pz1-yuan").fill("2000");
  await awards.getByRole("button", { name: "保存奖励设置" }).click();
  await expect(awards.getByRole("status")).toContainText("已保存");
  await awards.getByRole("button", { name: "确认颁奖" }).click();
  const given = page.locator("table.awards");
  await expect(given).toBeVisible();
  await expect(given.locator("tbody tr")).toHaveCount(4);
  await expect(given.locator("tbody tr").first()).toContainText("技术能手");
  await expect(given.locator("tbody tr").first().getByTestId("prize")).toHaveText("3,000.00");
  await expectAccessible(page);

  // The ledger lists the event's lines, naming the competition and the place.
  await page.getByRole("link", { name: "查看奖励台账" }).click();
  await expect(page).toHaveURL(/\/rewards\?event_id=2$/);
  const lines = page.locator("table tbody tr");
  await expect(lines).toHaveCount(4);
  await expect(lines.first()).toContainText("竞赛奖金");
  await expect(page.getByText("第 1 名 · 一等奖")).toBeVisible();
  // The results are final: the round offers no correction any more.
  await open(page, "/rounds/2/results");
  await expect(page.getByTestId("final")).toBeVisible();
  await expect(page.getByTestId("correct")).toHaveCount(0);
});

test("paper marks naming someone not entered or not on the panel are refused with the names to settle", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/rounds/1/setup");
  const paper = page.locator("section#paper");
  await paper.locator('input[type="file"]').setInputFiles({
    name: "评分.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("选手,次序,评委,评分项,分数,难度系数\ne100014,,judge,safety,80,\ne100060,,judge,safety,80,\ne100015,,e100061,safety,80,\n"),
  });
  await paper.getByRole("button", { name: "导入评分" }).click();
  await expect(page).toHaveURL(/\/rounds\/1\/setup\?/);
  const errors = page.getByTestId("paper-errors");
  await expect(errors).toContainText("选手 e100060 未报名本轮");
  await expect(errors).toContainText("评委 e100061 不在本轮评委组");
  await expect(errors.getByRole("link", { name: "去报名管理" })).toHaveAttribute("href", /\/events\/1\/entries$/);
  await expectAccessible(page);
});
