import { test, expect, open, login, logout, expectAccessible } from "./fixtures";
import * as XLSX from "xlsx";
import { Page } from "@playwright/test";

const yuan = (s: string) => Math.round(parseFloat(s.replace(/,/g, "")) * 100);

async function step(page: Page, action: string, comment?: string) {
  const form = page.locator("form.action-form", { has: page.locator(`[data-action="${action}"]`) });
  if (comment !== undefined) {
    await form.locator("textarea[name=comment]").fill(comment);
  }
  await form.locator(`[data-action="${action}"]`).click();
}

async function expectStage(page: Page, stage: string) {
  await expect(page.locator(`.page-head [data-stage="${stage}"]`)).toBeVisible();
}

test("a project goes from proposal to adoption and everyone sees exact payouts", async ({ page }) => {
  const title = `带电作业机器人辅助装置${Date.now().toString().slice(-5)}`;
  await login(page, "teamlead");
  await open(page, "/projects/new");
  await page.locator("#category").selectOption("technical");
  await page.locator("#title").fill(title);
  await page.locator("#problem").fill("配网带电作业劳动强度大");
  await page.locator("#solution").fill("研制绝缘斗臂车辅助机械臂");
  await page.locator("#expected_benefit").fill("100000");
  await page.locator("#expected_benefit_text").fill("每年减少停电时户数 3000");
  await page.locator("#leader_username").fill("e100001");
  await page.locator('input[name="form[members][0][share]"]').fill("50");
  await page.locator('input[name="form[members][1][username]"]').fill("employee");
  await page.locator('input[name="form[members][1][share]"]').fill("33.33");
  await page.locator('input[name="form[members][2][username]"]').fill("judge");
  await page.locator('input[name="form[members][2][share]"]').fill("16.67");
  await page.locator("main form button[type=submit]").click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  const url = page.url();
  await expectStage(page, "draft");
  // A photo of the site, attached through the plain upload form.
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256)]);
  await page.locator("#file").setInputFiles({ name: "现场照片.png", mimeType: "image/png", buffer: png });
  await page.locator("form[enctype='multipart/form-data'] button[type=submit]").click();
  await expect(page.locator("a", { hasText: "现场照片.png" })).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await step(page, "submit");
  await expectStage(page, "submitted");
  await logout(page);

  await login(page, "admin");
  await open(page, url);
  await step(page, "return", "请补充效益测算依据");
  await expectStage(page, "returned");
  await logout(page);

  await login(page, "teamlead");
  await open(page, url);
  await step(page, "submit");
  await expectStage(page, "submitted");
  await logout(page);

  await login(page, "admin");
  await open(page, url);
  await step(page, "approve", "同意立项");
  await expectStage(page, "approved");
  await step(page, "progress", "推进节点达成");
  await expectStage(page, "in_progress");
  await step(page, "trial", "进入试点");
  await expectStage(page, "trial");
  const adopt = page.locator("form.action-form", { has: page.locator('[data-action="adopt"]') });
  await adopt.locator("textarea[name=comment]").fill("同意转化");
  await adopt.locator("#actual_benefit").fill("118000.5");
  await adopt.locator("#actual_benefit_text").fill("已在 5 个供电所应用");
  await adopt.locator('[data-action="adopt"]').click();
  await expectStage(page, "adopted");
  await expect(page.getByTestId("actual-benefit")).toContainText("118,000.50");

  // The admin sees every line of the project: they sum to the stage rewards plus the pool
  // (technical, no studio: ¥500 + ¥300 + ¥500 + ¥1,000 + ¥10,000 = ¥12,300).
  const amounts = await page.getByTestId("amount").allInnerTexts();
  const sum = amounts.reduce((s, a) => s + yuan(a), 0);
  expect(sum).toBe(1_230_000);
  await expect(page.getByTestId("total")).toHaveText("12,300.00");

  // The Excel export of this project opens and its total matches the page.
  const id = url.split("/").pop();
  const res = await page.request.get(`/export/ledger.xlsx?project_id=${id}`);
  expect(res.ok()).toBe(true);
  const book = XLSX.read(await res.body(), { type: "buffer" });
  const rows: any[][] = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1 });
  const fen = rows.slice(1, -1).reduce((s, r) => s + Number(r[7]), 0);
  expect(fen).toBe(1_230_000);
  expect(rows.length).toBe(amounts.length + 2);
  await logout(page);

  // A member sees their own lines; the responsible leader sees the 40 % share of the pool.
  await login(page, "employee");
  await open(page, `/rewards?project_id=${id}`);
  const mine = await page.getByTestId("amount").allInnerTexts();
  expect(mine.length).toBe(5);
  // 33.33 % of 500 + 300 + 500 + 1,000 and of the workers' 6,000: 166.65 + 99.99 + 166.65 + 333.30 + 1,999.80
  expect(mine.reduce((s, a) => s + yuan(a), 0)).toBe(276_639);
  await logout(page);
  await login(page, "e100001");
  await open(page, `/rewards?project_id=${id}`);
  await expect(page.getByTestId("amount")).toHaveText(["4,000.00"]);
});

test("the reviewer queue counts what waits, and a team lead cannot see it", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/review");
  await expect(page.locator('.stat[data-stage="submitted"] .stat-n')).not.toHaveText("0");
  await logout(page);
  await login(page, "teamlead");
  await expect(page.locator('nav.nav [data-section="nav.review"]')).toHaveCount(0);
  await open(page, "/review");
  await expect(page.locator(".alert-error")).toContainText("没有权限");
});

test("a long text field counts against its limit as one types (an island, hydrated on demand)", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(r.url());
  });
  await login(page, "teamlead");
  expect(wasm, "the home page has no island and loads no WASM").toEqual([]);
  await open(page, "/projects/new");
  await expect(page.locator("#problem-count")).toHaveText("已输入 0 / 5000 字");
  await page.locator("#problem").fill("配网带电作业劳动强度大");
  await expect(page.locator("#problem-count")).toHaveText("已输入 11 / 5000 字");
  // The field takes no more than its limit (and the server says so, with the limit, if sent more).
  await page.locator("#problem").fill("长".repeat(5001));
  await expect(page.locator("#problem-count")).toHaveText("已输入 5000 / 5000 字");
  expect(wasm.length, "the form's island loaded the WASM once").toBe(1);
  await expectAccessible(page, "the proposal form with its counters");
});

test("the responsible leader is picked from suggestions with the keyboard, named beside the field", async ({ page }) => {
  await login(page, "teamlead");
  await open(page, "/projects/new");
  const leader = page.locator("#leader_username");
  await leader.pressSequentially("e10000", { delay: 30 });
  const list = page.locator("#leader_username-list");
  await expect(list.getByRole("option")).not.toHaveCount(0);
  await expect(list.getByRole("option").first()).toContainText(" · ");
  await leader.press("ArrowDown");
  await expect(leader).toHaveAttribute("aria-activedescendant", "leader_username-list-0");
  await leader.press("Enter");
  await expect(list).toBeHidden();
  await expect(leader).toHaveValue(/^e10000\d$/);
  await expect(page.locator(".picker .picked").first()).toContainText(" · ");
  // Nobody matching says so.
  await leader.fill("");
  await leader.pressSequentially("zzzz", { delay: 30 });
  await expect(list).toContainText("没有匹配的人员");
});

test("approving and paying a ledger line update its row and the totals at once; another admin pays, and paying asks first", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/rewards");
  const row = page.locator('tr[data-status="pending"]').first();
  const line = await row.getAttribute("data-line");
  const amount = yuan(await row.getByTestId("amount").innerText());
  const approved = yuan(await page.getByTestId("approved-total").innerText());
  const paid = yuan(await page.getByTestId("paid-total").innerText());
  await row.getByRole("button", { name: "审核" }).click();
  const same = page.locator(`tr[data-line="${line}"]`);
  await expect(same).toHaveAttribute("data-status", "approved");
  expect(yuan(await page.getByTestId("approved-total").innerText())).toBe(approved + amount);
  // Four eyes on money: the admin who approved it leaves paying it to another.
  await expect(same.getByTestId("another-pays")).toBeVisible();
  await expect(same.getByRole("button", { name: "发放" })).toHaveCount(0);
  await logout(page);
  await login(page, "finance");
  await open(page, "/rewards");
  await expect(same.getByTestId("another-pays")).toHaveCount(0);
  // Paying asks first: dismissed, nothing changes.
  page.once("dialog", (d) => d.dismiss());
  await same.getByRole("button", { name: "发放" }).click();
  await expect(same).toHaveAttribute("data-status", "approved");
  page.once("dialog", (d) => {
    expect(d.message()).toContain(`¥${(amount / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    d.accept();
  });
  await same.getByRole("button", { name: "发放" }).click();
  await expect(same).toHaveAttribute("data-status", "paid");
  expect(yuan(await page.getByTestId("paid-total").innerText())).toBe(paid + amount);
  expect(yuan(await page.getByTestId("approved-total").innerText())).toBe(approved);
});
