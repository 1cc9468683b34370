import { test, expect, open, login, logout, DEMO_PASSWORD } from "./fixtures";

const ROLES: { username: string; sees: string[]; hidden: string[] }[] = [
  { username: "employee", sees: ["nav.home", "nav.directory"], hidden: ["nav.my_team", "nav.admin_people"] },
  { username: "teamlead", sees: ["nav.directory", "nav.my_team"], hidden: ["nav.admin_org", "nav.admin_people"] },
  { username: "studio", sees: ["nav.directory"], hidden: ["nav.my_team", "nav.admin_people"] },
  { username: "judge", sees: ["nav.directory"], hidden: ["nav.my_team", "nav.admin_audit"] },
  { username: "chief", sees: ["nav.directory"], hidden: ["nav.my_team", "nav.admin_org"] },
  { username: "admin", sees: ["nav.directory", "nav.admin_org", "nav.admin_people", "nav.admin_audit"], hidden: ["nav.my_team"] },
];

for (const role of ROLES) {
  test(`${role.username} signs in and sees the navigation of their role`, async ({ page }) => {
    await login(page, role.username);
    const nav = page.locator("nav.nav");
    for (const s of role.sees) {
      await expect(nav.locator(`[data-section="${s}"]`)).toHaveCount(1);
    }
    for (const s of role.hidden) {
      await expect(nav.locator(`[data-section="${s}"]`)).toHaveCount(0);
    }
    // The first section after home opens without a refusal.
    const target = nav.locator(`[data-section="${role.sees[role.sees.length - 1]}"]`);
    // The administration pages fold under one entry.
    if (!(await target.isVisible())) await nav.locator('[data-section="nav.admin"]').click();
    await target.click();
    await expect(page.locator(".alert-error")).toHaveCount(0);
    await expect(page.locator("main h1")).toBeVisible();
    await logout(page);
  });
}

test("a wrong password is refused with a message next to the field", async ({ page }) => {
  await open(page, "/login");
  await page.locator("#username").fill("admin");
  await page.locator("#password").fill("not-the-password1");
  await page.locator("main form.form button[type=submit]").click();
  await expect(page.locator("#password-error")).toContainText("用户名或密码不正确");
});

test("the language switches to English and back, and is remembered", async ({ page }) => {
  await open(page, "/login");
  await expect(page.locator("main h1").first()).toHaveText("登录");
  await page.getByTestId("lang-switch").click();
  await expect(page.locator("main h1").first()).toHaveText("Sign in");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await open(page, "/login");
  await expect(page.locator("main h1").first()).toHaveText("Sign in");
  await page.getByTestId("lang-switch").click();
  await expect(page.locator("main h1").first()).toHaveText("登录");
  await open(page, "/login");
  await expect(page.locator("main h1").first()).toHaveText("登录");
});

test("an admin creates a team and a person, who can then sign in", async ({ page }) => {
  const stamp = Date.now().toString().slice(-6);
  const team = `测试班组${stamp}`;
  const username = `e2e${stamp}`;
  await login(page, "admin");
  await open(page, "/admin/org");
  // The department is picked from suggestions (no page lists every department).
  await page.locator("#team-dept").pressSequentially("运维检修", { delay: 30 });
  await page.locator("#team-dept-list").getByRole("option", { name: /运维检修部/ }).click();
  await expect(page.locator("#team-dept")).not.toHaveValue("运维检修");
  await page.locator("#team-name").fill(team);
  await page.locator("#team-name").press("Enter");
  await expect(page.locator(".alert-ok")).toBeVisible();
  // The department's own page lists its teams, the new one among them.
  await page.locator('[data-department="运维检修部"] h2 a').click();
  await expect(page).toHaveURL(/\/admin\/org\/\d+$/);
  await expect(page.locator("main .team-list")).toContainText(team);

  await open(page, "/admin/people/new");
  await page.locator("#username").fill(username);
  await page.locator("#display_name").fill("测试员");
  await page.locator("#team_id").pressSequentially(team, { delay: 30 });
  await page.locator("#team_id-list").getByRole("option", { name: new RegExp(team) }).click();
  await expect(page.locator(".picker .picked")).toContainText(team);
  await page.locator("#password").fill("e2e-pass-2026");
  await page.locator('input[name="roles[team_lead]"]').check();
  await page.locator("main form button[type=submit]").click();
  await expect(page).toHaveURL(/\/admin\/people\/\d+$/);
  await expect(page.locator("main h1")).toContainText("测试员");
  await logout(page);

  await login(page, username, "e2e-pass-2026");
  await expect(page.locator("main")).toContainText(team);
  await expect(page.locator('nav.nav [data-section="nav.my_team"]')).toHaveCount(1);
});

test("bad input shows a translated message and creates nothing", async ({ page }) => {
  await login(page, "admin");
  await open(page, "/admin/people/new");
  await page.locator("#username").fill("1 bad");
  await page.locator("#display_name").fill("坏数据");
  // The team is required in the browser: picked from suggestions.
  await page.locator("#team_id").pressSequentially("变电", { delay: 30 });
  await page.locator("#team_id-list").getByRole("option").first().click();
  await page.locator("#password").fill("short");
  await page.locator("main form button[type=submit]").click();
  await expect(page.locator("#username-error")).toBeVisible();
  await expect(page.locator("#password-error")).toContainText("至少 8 位");
  await expect(page).toHaveURL(/\/admin\/people\/new$/);
});

test("on a 360 px phone the navigation opens from the menu button", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, "/login");
  await page.locator("#username").fill("admin");
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("main form.form button[type=submit]").click();
  await expect(page).toHaveURL(/\/$/);
  const nav = page.locator("nav.nav");
  await expect(nav).toBeHidden();
  await page.locator(".nav-toggle-label").click();
  // The administration pages fold under one entry of the menu.
  await nav.locator('[data-section="nav.admin"]').click();
  await expect(nav.locator('[data-section="nav.admin_people"]')).toBeVisible();
  await expect(page.getByTestId("logout")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow, "no horizontal scrolling at 360 px").toBe(false);
});

test("links and forms change the page without reloading it, and a page without islands loads no WASM", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push(r.url());
  });
  await login(page, "employee");
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await page.locator('nav.nav [data-section="nav.directory"]').click();
  await expect(page).toHaveURL(/\/directory$/);
  await expect(page.locator("main h1")).toBeVisible();
  await page.locator('[data-section="nav.profile"]').click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/directory$/);
  await expect(page.locator("main h1")).toBeVisible();
  // Focus moves to the new page's content, as after a full load.
  await page.locator('[data-section="nav.profile"]').click();
  await expect(page.locator("main")).toBeFocused();
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  expect(wasm).toEqual([]);
});

test("a refused form keeps what was typed and points at the field; a saved one says so", async ({ page }) => {
  await login(page, "employee");
  await open(page, "/profile");
  await page.locator("#phone").fill("13912345678");
  await page.locator("#email").fill("liu@example");
  await page.locator("#email").press("Enter");
  await expect(page.locator("#email-error")).toContainText("请输入有效的电子邮箱");
  await expect(page.locator("#email")).toBeFocused();
  await expect(page.locator("#email")).toHaveValue("liu@example");
  await expect(page.locator("#phone")).toHaveValue("13912345678");
  // The outcome markers are for the server's render, not the address bar.
  expect(page.url()).not.toContain("__err");
  await page.locator("#email").fill("liu@example.com");
  await page.locator("#email").press("Enter");
  await expect(page.locator(".alert-ok")).toContainText("已保存");
  await expect(page.locator("#phone")).toHaveValue("13912345678");
  expect(page.url()).toMatch(/\/profile$/);
});
