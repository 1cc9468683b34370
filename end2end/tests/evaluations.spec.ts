import { test, expect, open, login, expectAccessible } from "./fixtures";

// The demo: evaluation 1 (last quarter, published, 比贡献 from labour competition 1), evaluation 2
// (this quarter, being scored; the employee sits on its panel), labour competitions 1 (between
// teams, quarterly) and 2 (between departments, monthly).

test("an evaluator scores a team on their sheet; the published evaluation leads to a team's radar", async ({ page }) => {
  await login(page, "employee");
  await page.getByRole("link", { name: "班组评比" }).first().click();
  await expect(page).toHaveURL(/\/evaluations$/);
  const panels = page.getByTestId("my-panels");
  await expect(panels).toBeVisible();
  await panels.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/evaluations\/2\/score$/);
  await expectAccessible(page, "the score sheet");

  const line = page.getByTestId("sheet-line").filter({ hasNot: page.locator(".tag-ok") }).first();
  const team = (await line.locator("h2").textContent())!.trim();
  const inputs = line.locator('input[inputmode="decimal"]');
  await expect(inputs).toHaveCount(7);
  for (let i = 0; i < 7; i++) await inputs.nth(i).fill(String(80 + i));
  // A score off the half-point scale is checked as it is typed: the form is not sent.
  await inputs.nth(1).fill("85.3");
  await line.getByRole("button", { name: "保存评分" }).click();
  expect(await inputs.nth(1).evaluate((el: HTMLInputElement) => el.validity.stepMismatch)).toBe(true);
  await expect(line.locator(".tag-ok")).toHaveCount(0);
  await inputs.nth(1).fill("85.5");
  await line.getByRole("button", { name: "保存评分" }).click();
  await expect(page.getByTestId("sheet-line").filter({ hasText: team.split(" ")[0] }).first().locator(".tag-ok")).toBeVisible();

  // The published evaluation: standings, then a team's page with its radar.
  await open(page, "/evaluations/1");
  await expect(page.getByTestId("eval-status")).toHaveText("已发布");
  await expect(page.getByTestId("derived")).toContainText("比贡献");
  const first = page.getByTestId("eval-teams").locator("tbody tr").first();
  await expect(first.locator("td").first()).toHaveText("1");
  await expectAccessible(page, "an evaluation's standings");
  await first.getByRole("link").click();
  await expect(page).toHaveURL(/\/teams\/\d+$/);
  const section = page.getByTestId("team-evaluations");
  await expect(section.locator("svg.radar")).toBeVisible();
  await expect(section).toContainText("第 1 名");
  await expectAccessible(page, "a team's page with its radar");
});

test("the union admin enters a period's values and closes it into a ranking", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/evaluations?tab=contests");
  await page.getByRole("link", { name: "安全生产劳动竞赛" }).click();
  await expect(page.getByTestId("values-grid")).toBeVisible();
  await expectAccessible(page, "a labour competition's values grid");
  // Half the rows of the open quarter are still empty: fill them one by one.
  const progress = page.getByTestId("values-progress");
  for (;;) {
    const empty = page.getByTestId("values-row").filter({ has: page.locator('input[value=""]') }).first();
    if ((await empty.count()) === 0) break;
    const inputs = empty.locator("input[inputmode=decimal]");
    for (const [i, v] of ["1300", "97.5", "1", "6.5"].entries()) await inputs.nth(i).fill(v);
    const before = await progress.textContent();
    await empty.getByRole("button", { name: "保存" }).click();
    await expect(progress).not.toHaveText(before!);
  }
  await page.getByTestId("close-period").click();
  const results = page.getByTestId("labour-results");
  await expect(results).toBeVisible();
  await expect(results.locator("tbody tr").first().locator("td").first()).toHaveText("1");
  await expectAccessible(page, "a labour competition's ranking");
});
