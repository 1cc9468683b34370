import { test, expect, open, login, logout, expectAccessible } from "./fixtures";

// Every page each role's navigation leads to, plus the detail and form pages behind them, checked
// by axe-core (WCAG 2.1 A/AA): no serious or critical violation anywhere.
const ROLES = ["admin", "teamlead", "studio", "judge", "chief", "employee", "guest"];
const DETAIL_PAGES: Record<string, string[]> = {
  admin: [
    "/projects/1",
    "/studios/1",
    "/admin/people/1",
    "/admin/people/new",
    "/admin/org/1",
    "/projects?tab=feed",
    "/rounds/1/screen",
    "/competitions/1",
    "/competitions/3",
    "/rounds/1/setup",
    "/rounds/3/setup",
    "/events/3/entries",
    "/events/1/draw",
    "/evaluations?tab=contests",
    "/labour/2",
  ],
  teamlead: ["/projects/new", "/projects/1", "/competitions/3", "/honours/new", "/honours?status=nominated"],
  studio: ["/studios/1", "/review"],
  judge: [],
  chief: [],
  employee: ["/directory/1", "/projects/1", "/competitions/3", "/rounds/2/results", "/boards?board=team&window=year", "/people/6", "/teams/1", "/honours/1", "/boards?window=period&from=2026-01&to=2026-06"],
  guest: ["/judge/2", "/rounds/2/results"],
};

test("the sign-in and not-found pages pass axe", async ({ page }) => {
  await open(page, "/login");
  await expectAccessible(page, "/login");
  await open(page, "/no-such-page");
  await expectAccessible(page, "the not-found page");
});

for (const role of ROLES) {
  test(`every page ${role} can reach passes axe`, async ({ page }) => {
    await login(page, role);
    await expectAccessible(page, `${role}: home`);
    const links = await page.locator("nav.nav a[data-section]").evaluateAll((as) =>
      as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""),
    );
    expect(links.length, "the navigation lists the role's pages").toBeGreaterThan(0);
    for (const path of [...new Set([...links, ...DETAIL_PAGES[role]])]) {
      await open(page, path);
      await expectAccessible(page, `${role}: ${path}`);
    }
    await logout(page);
  });
}

test("a team lead submits a project with the keyboard alone", async ({ page }) => {
  await open(page, "/login");
  const kb = page.keyboard;
  // Sign in: the username field has focus on arrival.
  await expect(page.locator("#username")).toBeFocused();
  await kb.type("teamlead");
  await kb.press("Tab");
  await kb.type("demo1234");
  await kb.press("Enter");
  await expect(page.locator('[data-testid="logout"]')).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  // To the form, by tabbing to the link and pressing Enter.
  await open(page, "/projects");
  const newLink = page.locator('main a[href="/projects/new"]').first();
  for (let i = 0; i < 60 && !(await newLink.evaluate((el) => el === document.activeElement)); i++) {
    await kb.press("Tab");
  }
  await expect(newLink).toBeFocused();
  await kb.press("Enter");
  await expect(page).toHaveURL(/\/projects\/new$/);

  // Fill every field moving with Tab only; a select changes with the arrow keys.
  const title = `键盘提交的项目${Date.now().toString().slice(-5)}`;
  const fill: Record<string, string> = {
    title,
    problem: "只用键盘也能提交",
    solution: "表单按 Tab 顺序排列",
    expected_benefit: "1000",
    expected_benefit_text: "可达性",
    leader_username: "e100001",
    "form[members][0][share]": "100",
  };
  await page.locator("#category").focus();
  await kb.press("ArrowDown"); // technical → management
  const seen = new Set<string>();
  for (let i = 0; i < 80 && seen.size < Object.keys(fill).length; i++) {
    await kb.press("Tab");
    const key = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el ? el.id || el.name : "";
    });
    if (key in fill && !seen.has(key)) {
      await kb.type(fill[key]);
      seen.add(key);
    }
  }
  expect([...seen].sort()).toEqual(Object.keys(fill).sort());
  // On to the submit button and press it.
  const submit = page.locator("main form button[type=submit]");
  for (let i = 0; i < 40 && !(await submit.evaluate((el) => el === document.activeElement)); i++) {
    await kb.press("Tab");
  }
  await expect(submit).toBeFocused();
  await kb.press("Enter");
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.locator("h1")).toContainText(title);
  await expect(page.locator('.page-head [data-stage="draft"]')).toBeVisible();
});
