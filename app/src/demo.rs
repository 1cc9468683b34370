//! Demo data (a realistic Chinese enterprise, loaded only into a new database) and a generator for
//! large organisations used by benchmarks (`server generate --people 500000`). The demo's studios
//! and projects are made through the services, as people would make them.

use crate::db::{self, audit, bulk, Pool};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::model::{DemoAccount, UserInfo};

pub const DEMO_PASSWORD: &str = "demo1234";
pub const COMPANY: &str = "江南电力集团有限公司";

/// One account per role, each in a fixed team, for trying the app and for the browser tests.
const DEMO: [(&str, &str, Role, usize); 6] = [
    ("admin", "王建华", Role::UnionAdmin, 0),
    ("teamlead", "李强", Role::TeamLead, 0),
    ("studio", "陈立新", Role::StudioLeader, 1),
    ("judge", "赵敏", Role::Judge, 4),
    ("chief", "周国平", Role::ChiefJudge, 7),
    ("employee", "刘洋", Role::Employee, 0),
];

/// The demo's guest judge (外聘评委), made by the admin with the demo competitions.
pub const GUEST: &str = "guest";

/// The demo's second union admin (财务复核): a reward line one admin approved is paid by another.
pub const SECOND_ADMIN: &str = "finance";

pub fn demo_accounts() -> Vec<DemoAccount> {
    DEMO.iter()
        .map(|(u, _, r, _)| (*u, *r))
        .chain([(SECOND_ADMIN, Role::UnionAdmin), (GUEST, Role::GuestJudge)])
        .map(|(u, r)| DemoAccount { username: u.to_string(), password: DEMO_PASSWORD.to_string(), role: r })
        .collect()
}

const DEPARTMENTS: [(&str, &str, &[&str]); 5] = [
    ("运维检修部", "department", &["变电检修一班", "变电检修二班", "输电运检班", "配电抢修班"]),
    ("营销服务中心", "department", &["客户服务班", "计量班", "电费核算班"]),
    ("调度控制中心", "department", &["调度运行班", "自动化班"]),
    ("信息通信分公司", "branch", &["通信运维班", "信息运维班"]),
    ("电力建设分公司", "branch", &["土建施工班", "电气安装班"]),
];

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文辉力鹏宇浩晨阳雪梅兰海波志斌飞林俊峰琳欣怡佳慧婷颖博凯鑫宁昊天然子涵雨轩一诺梓睿思远立新晓东春生永红德胜";
const TITLES: [&str; 6] = ["检修工", "运维工", "技术员", "高级工", "技师", "高级技师"];

/// A small, fast, reproducible generator (SplitMix64): the same seed gives the same organisation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn chinese_name(rng: &mut Rng, surnames: &[char], given: &[char]) -> String {
    let mut s = String::new();
    s.push(rng.pick(surnames));
    s.push(rng.pick(given));
    if !rng.next().is_multiple_of(3) {
        s.push(rng.pick(given));
    }
    s
}

/// Department and team names for an organisation of `people`: the five named units first, then
/// numbered regional branches, with teams of about 20 people.
fn plan(people: usize) -> Vec<(String, &'static str, Vec<String>)> {
    let mut units: Vec<(String, &'static str, Vec<String>)> =
        DEPARTMENTS.iter().map(|(d, k, ts)| (d.to_string(), *k, ts.iter().map(|t| t.to_string()).collect())).collect();
    let wanted_teams = people.div_ceil(20).max(13);
    let mut have: usize = units.iter().map(|u| u.2.len()).sum();
    let mut n = 1;
    while have < wanted_teams {
        let teams: Vec<String> = (1..=40.min(wanted_teams - have)).map(|i| format!("综合班组{i:02}")).collect();
        have += teams.len();
        units.push((format!("第{n}区域分公司"), "branch", teams));
        n += 1;
    }
    units
}

/// Creates the company, its units and `people` people (the six demo accounts among them), all with
/// the demo password. Only for an empty database.
pub async fn generate(pool: &Pool, people: usize, seed: u64) -> Result<(), AppError> {
    let people = people.max(DEMO.len());
    let password_hash = crate::password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut tx = pool.begin().await?;
    bulk::insert_company(&mut tx, COMPANY).await?;
    let mut team_ids = Vec::new();
    for (dept, kind, teams) in plan(people) {
        let dept_id = bulk::insert_department(&mut tx, &dept, kind).await?;
        for team in teams {
            let name = crate::domain::org::UnitName::parse(&team)?;
            team_ids.push(db::org::insert_team(&mut tx, dept_id, &name).await?);
        }
    }
    tx.commit().await?;

    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut rng = Rng(seed);
    // Person k (0-based): the demo accounts first, then employees spread over the teams; the first
    // ordinary member of each team leads it.
    const BATCH: usize = 2000;
    let mut k = 0;
    while k < people {
        let end = (k + BATCH).min(people);
        let mut rows = Vec::with_capacity(end - k);
        for i in k..end {
            let (username, name, team, mut roles) = if let Some(&(u, n, r, t)) = DEMO.get(i) {
                let mut roles = vec![Role::Employee];
                if r != Role::Employee {
                    roles.push(r);
                }
                (u.to_string(), n.to_string(), team_ids[t], roles)
            } else {
                let j = i - DEMO.len();
                let team = team_ids[j % team_ids.len()];
                let mut roles = vec![Role::Employee];
                if j < team_ids.len() && j != 0 {
                    roles.push(Role::TeamLead);
                }
                (format!("e{:06}", 100000 + j), chinese_name(&mut rng, &surnames, &given), team, roles)
            };
            roles.sort();
            let phone = format!("139{:08}", rng.next() % 100_000_000);
            let job_title = rng.pick(&TITLES);
            rows.push(bulk::PersonSeed {
                username,
                display_name: name,
                team_id: team,
                roles,
                phone,
                job_title,
                employee_no: format!("JN{:06}", i + 1),
            });
        }
        let mut tx = pool.begin().await?;
        bulk::insert_people(&mut tx, &rows, &password_hash).await?;
        tx.commit().await?;
        k = end;
    }
    let mut tx = pool.begin().await?;
    audit::record(&mut tx, None, "seed.generate", "company", Some(1), &format!("people={people}")).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds `entries` generated points entries over the past two years to a generated organisation
/// (benchmarks): a few people earn much, most earn little, as in life; then builds the boards.
pub async fn generate_points(pool: &Pool, entries: usize, seed: u64) -> Result<(), AppError> {
    let people = bulk::placements(&mut pool.begin().await?).await?;
    if people.is_empty() || entries == 0 {
        return Ok(());
    }
    let today = crate::services::today();
    let mut rng = Rng(seed ^ 0x5EED);
    const BATCH: usize = 3000;
    let mut done = 0;
    while done < entries {
        let n = BATCH.min(entries - done);
        let rows: Vec<bulk::PointSeed> = (0..n)
            .map(|_| {
                // Squaring a uniform pick favours the first people: a long tail.
                let u = (rng.next() % 1_000_000) as usize;
                let k = u * u / 1_000_000 * people.len() / 1_000_000;
                let (person, team, department) = people[k.min(people.len() - 1)];
                let points = rng.pick(&[5, 10, 10, 20, 20, 30, 50, 100]);
                let back = (rng.next() % 730) as i64;
                bulk::PointSeed { person, team, department, points, booked_on: today - chrono::Duration::days(back) }
            })
            .collect();
        let mut tx = pool.begin_write().await?;
        bulk::insert_points(&mut tx, &rows).await?;
        tx.commit().await?;
        done += n;
    }
    crate::services::boards::rebuild(pool).await?;
    crate::services::boards::freeze_ended(pool).await?;
    Ok(())
}

/// A demo account as the services see it when signed in.
async fn as_user(pool: &Pool, username: &str) -> Result<UserInfo, AppError> {
    let id = crate::services::accounts::login_record(pool, username).await?.ok_or(AppError::NotFound)?.id;
    let (info, _) = crate::services::accounts::session_user(pool, id).await?.ok_or(AppError::NotFound)?;
    Ok(info)
}

/// Whether nobody is in the database yet.
pub async fn is_empty(pool: &Pool) -> Result<bool, AppError> {
    Ok(db::people::count(&mut pool.begin().await?).await? == 0)
}

/// Loads the demo organisation (about 80 people) when the database has nobody in it yet.
/// Returns whether it loaded anything.
pub async fn demo_if_empty(pool: &Pool) -> Result<bool, AppError> {
    if !is_empty(pool).await? {
        return Ok(false);
    }
    generate(pool, 80, 2026).await?;
    demo_second_admin(pool).await?;
    demo_projects(pool).await?;
    demo_competitions(pool).await?;
    demo_honours(pool).await?;
    demo_evaluations(pool).await?;
    demo_boards(pool).await?;
    Ok(true)
}

/// The second union admin, made by the first as an admin would.
async fn demo_second_admin(pool: &Pool) -> Result<(), AppError> {
    let admin = as_user(pool, "admin").await?;
    let form = crate::services::people::PersonForm {
        display_name: "孙慧敏",
        team: &admin.team_id.to_string(),
        employee_no: "",
        job_title: "工会财务",
        phone: "",
        email: "",
    };
    let roles = [Role::Employee, Role::UnionAdmin];
    crate::services::people::create(pool, &admin, SECOND_ADMIN, DEMO_PASSWORD, &roles, &form).await?;
    Ok(())
}

/// The honour roll: published honours of every kind, with their evidence and points, and one
/// nomination by the team lead waiting for the union admin.
pub async fn demo_honours(pool: &Pool) -> Result<(), AppError> {
    use crate::domain::honours::NominationForm;
    use crate::services::honours::{decide, nominate};
    let user = |username: &'static str| as_user(pool, username);
    let admin = user("admin").await?;
    let lead = user("teamlead").await?;
    let form = |kind: &str,
                level: &str,
                year: &str,
                title: &str,
                who: &str,
                citation: &str,
                story: &str,
                project: &str,
                points: &str| {
        NominationForm {
            kind: kind.into(),
            level: level.into(),
            year: year.into(),
            title: title.into(),
            nominee: who.into(),
            team: String::new(),
            citation: citation.into(),
            story: story.into(),
            event: String::new(),
            project: project.into(),
            points: points.into(),
        }
    };
    let published = [
        form("model_worker", "province", "2025", "省劳动模范", "studio", "扎根变电检修一线二十余年，领衔劳模创新工作室，主持完成变压器油色谱在线监测预警模型等多项成果。", "", "1", "200"),
        form("craftsman", "enterprise", "2026", "2026年度江南工匠", "teamlead", "带领班组攻克开关柜无线测温难题，成果在全公司推广。", "", "2", "100"),
        form("may_day_medal", "city", "2024", "市五一劳动奖章", "e100004", "配网带电作业骨干，累计完成不停电作业三千余次。", "", "", "150"),
        form("technical_expert", "enterprise", "2026", "输电运检技术能手", "e100026", "在岗位练兵中连续三年名列前茅。", "", "", "50"),
        form("role_model", "enterprise", "2026", "身边的榜样", "employee", "热心帮带新员工，坚持每天提前到岗检查工器具。", "刘洋进班组八年，带出了六个徒弟。每天早上七点，他总是第一个到班组，把当天要用的工器具逐一检查、登记。去年冬天抢修期间，他连续三昼夜坚守现场……", "", "30"),
        form("team_glory", "city", "2025", "工人先锋号", "", "班组连续五年安全无事故，创新成果转化三项。", "", "", "80"),
    ];
    for f in &published {
        let id = nominate(pool, &admin, f).await?;
        decide(pool, &admin, id, true, "").await?;
    }
    nominate(
        pool,
        &lead,
        &form(
            "technical_expert",
            "enterprise",
            "2026",
            "2026年度变电检修技术能手",
            "e100013",
            "变电检修一班技术骨干，GIS 局放检测攻关主力。",
            "",
            "",
            "30",
        ),
    )
    .await?;
    Ok(())
}

/// Team evaluation: a labour competition between teams (quarterly, its ended quarters closed),
/// one between departments (monthly), a published 五比两树 evaluation whose 比贡献 comes from the
/// competition's last closed quarter, and this quarter's evaluation still being scored.
pub async fn demo_evaluations(pool: &Pool) -> Result<(), AppError> {
    use crate::domain::boards::{Month, Window};
    use crate::domain::labour::ContestForm;
    use crate::model::evaluations::{EvaluationForm, SheetForm};
    use crate::services::{evaluations, labour};
    let user = |username: &'static str| as_user(pool, username);
    let admin = user("admin").await?;
    let now = Month::of(crate::services::today());
    let back = |n: u32| (0..n).fold(now, |m, _| m.previous());
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();

    // Between teams, quarterly, over the past year.
    let contest = labour::create(
        pool,
        &admin,
        &ContestForm {
            title: "安全生产劳动竞赛".into(),
            between: "team".into(),
            cadence: "quarter".into(),
            first: back(9).text(),
            last: now.text(),
            points: "40,25,15".into(),
            name: strings(&["完成工作量", "一次合格率", "缺陷数", "成本节约"]),
            unit: strings(&["工时", "%", "个", "万元"]),
            direction: strings(&["higher", "higher", "lower", "higher"]),
            weight: strings(&["40", "30", "20", "10"]),
            normalisation: strings(&["min_max", "best_ratio", "min_max", "best_ratio"]),
        },
    )
    .await?;
    for dept in ["运维检修部", "营销服务中心"] {
        labour::add_entrants(pool, &admin, contest, dept).await?;
    }
    let view = labour::detail(pool, &admin, contest, "", Some(1)).await?;
    let entrants: Vec<i64> = view.lines.iter().map(|l| l.id).collect();
    let mut last_closed = None;
    for (q, (period, _)) in view.periods.iter().enumerate() {
        let key = period.key().unwrap_or_default();
        let ended = period.span().is_some_and(|(_, last)| last < now);
        for (i, e) in entrants.iter().enumerate() {
            // Deterministic, varied values; the open quarter only half filled.
            if !ended && i % 2 == 1 {
                continue;
            }
            let k = (i * 7 + q * 3) % 11;
            let values = vec![
                (1200 + k * 37).to_string(),
                format!("{}.{}", 95 + k % 5, k),
                (k % 4).to_string(),
                format!("{}.5", 3 + k),
            ];
            labour::save_values(pool, &admin, contest, &key, *e, &values).await?;
        }
        if ended {
            labour::close(pool, &admin, contest, &key).await?;
            last_closed = Some(*period);
        }
    }

    // Between departments, monthly, the last three months (the ended ones closed).
    let depts = labour::create(
        pool,
        &admin,
        &ContestForm {
            title: "节能降耗劳动竞赛".into(),
            between: "department".into(),
            cadence: "month".into(),
            first: back(2).text(),
            last: now.text(),
            points: String::new(),
            name: strings(&["节电量", "办公能耗"]),
            unit: strings(&["千瓦时", "吨标煤"]),
            direction: strings(&["higher", "lower"]),
            weight: strings(&["60", "40"]),
            normalisation: strings(&["best_ratio", "min_max"]),
        },
    )
    .await?;
    for dept in ["运维检修部", "营销服务中心", "调度控制中心", "信息通信分公司", "电力建设分公司"]
    {
        labour::add_entrants(pool, &admin, depts, dept).await?;
    }
    let view = labour::detail(pool, &admin, depts, "", Some(1)).await?;
    let ids: Vec<i64> = view.lines.iter().map(|l| l.id).collect();
    for (p, (period, _)) in view.periods.iter().enumerate() {
        let key = period.key().unwrap_or_default();
        for (i, d) in ids.iter().enumerate() {
            let values = vec![(800 + (i * 5 + p * 2) % 7 * 90).to_string(), format!("{}.{}", 12 + i, p)];
            labour::save_values(pool, &admin, depts, &key, *d, &values).await?;
        }
        if period.span().is_some_and(|(_, last)| last < now) {
            labour::close(pool, &admin, depts, &key).await?;
        }
    }

    // 五比两树 for the last closed quarter, 比贡献 from the competition, three evaluators.
    let weights = ["20", "20", "15", "15", "10", "10", "10"];
    let form = |title: &str, period: Window, derived: Option<Window>| EvaluationForm {
        title: title.into(),
        period: period.key().unwrap_or_default(),
        w_contribution: weights[0].into(),
        w_skill: weights[1].into(),
        w_innovation: weights[2].into(),
        w_collaboration: weights[3].into(),
        w_compliance: weights[4].into(),
        w_image: weights[5].into(),
        w_brand: weights[6].into(),
        points: "50,30,20".into(),
        derived: if derived.is_some() { "contribution".into() } else { String::new() },
        source: derived.map(|w| format!("{contest}:{}", w.key().unwrap_or_default())).unwrap_or_default(),
    };
    let score = |team: i64, who: usize, derived: bool| {
        let at = |d: usize| {
            let x = 70 + (team as usize * 13 + d * 7 + who * 5) % 29;
            if derived && d == 0 {
                String::new()
            } else {
                format!("{x}{}", if (team as usize + d) % 2 == 0 { ".5" } else { "" })
            }
        };
        SheetForm {
            s_contribution: at(0),
            s_skill: at(1),
            s_innovation: at(2),
            s_collaboration: at(3),
            s_compliance: at(4),
            s_image: at(5),
            s_brand: at(6),
        }
    };
    if let Some(quarter) = last_closed {
        let id = evaluations::create(pool, &admin, &form("“五比两树”班组评比", quarter, Some(quarter))).await?;
        for dept in ["运维检修部", "营销服务中心"] {
            evaluations::add_teams(pool, &admin, id, dept).await?;
        }
        let evaluators = ["admin", "judge", "studio"];
        for who in evaluators {
            evaluations::add_evaluator(pool, &admin, id, who).await?;
        }
        let teams = crate::db::evaluations::team_ids(&mut pool.begin().await?, id).await?;
        for (w, who) in evaluators.iter().enumerate() {
            let me = user(who).await?;
            for t in teams.iter().filter(|t| **t != me.team_id) {
                evaluations::save_sheet(pool, &me, id, *t, &score(*t, w, true)).await?;
            }
        }
        evaluations::publish(pool, &admin, id).await?;
    }
    // This quarter's, still being scored: the demo employee sits on its panel.
    let id = evaluations::create(
        pool,
        &admin,
        &form("本季度“五比两树”班组评比", Window::Quarter(now.year, now.quarter()), None),
    )
    .await?;
    for dept in ["调度控制中心", "信息通信分公司"] {
        evaluations::add_teams(pool, &admin, id, dept).await?;
    }
    for who in ["judge", "employee"] {
        evaluations::add_evaluator(pool, &admin, id, who).await?;
    }
    let judge = user("judge").await?;
    let teams = crate::db::evaluations::team_ids(&mut pool.begin().await?, id).await?;
    for t in teams.iter().take(2).filter(|t| **t != judge.team_id) {
        evaluations::save_sheet(pool, &judge, id, *t, &score(*t, 1, false)).await?;
    }
    Ok(())
}

/// The demo's points history: the entries the demo made today are spread back over the past
/// months (every ninth day back, oldest first) so every window of the boards has rows and the
/// ended months are frozen.
pub async fn demo_boards(pool: &Pool) -> Result<(), AppError> {
    let today = crate::services::today();
    let mut tx = pool.begin_write().await?;
    let ids = bulk::point_ids(&mut tx).await?;
    let n = ids.len() as i64;
    for (i, id) in ids.into_iter().enumerate() {
        let back = (n - 1 - i as i64) * 9 % 300;
        bulk::set_booked_on(&mut tx, id, today - chrono::Duration::days(back)).await?;
    }
    tx.commit().await?;
    crate::services::boards::rebuild(pool).await?;
    crate::services::boards::freeze_ended(pool).await?;
    Ok(())
}

/// For a production database: creates the company shell (工会 / 工会办公室) and an `admin`
/// account with the given password when nobody exists yet. Returns whether it created anything.
pub async fn bootstrap_admin_if_empty(pool: &Pool, password: &crate::domain::org::Password) -> Result<bool, AppError> {
    use crate::domain::org::{Contact, PersonName, UnitName, Username};
    if !is_empty(pool).await? {
        return Ok(false);
    }
    let hash = crate::password::hash(password.expose().to_string()).await?;
    let mut tx = pool.begin().await?;
    bulk::insert_company(&mut tx, "本公司").await?;
    let dept = bulk::insert_department(&mut tx, "工会", "department").await?;
    let team = db::org::insert_team(&mut tx, dept, &UnitName::parse("工会办公室")?).await?;
    let username = Username::parse("admin")?;
    let name = PersonName::parse("管理员")?;
    let new = db::people::NewPerson {
        username: &username,
        display_name: &name,
        team_id: team,
        contact: &Contact::default(),
        roles: &[Role::Employee, Role::UnionAdmin],
        password_hash: &hash,
    };
    let id = db::people::insert(&mut tx, &new).await?;
    audit::record(&mut tx, None, "seed.bootstrap", "person", Some(id), "admin").await?;
    tx.commit().await?;
    Ok(true)
}

/// Demo studios, reward rules and projects in every stage, made through the services (so their
/// events, rewards, points and notifications are what the app itself writes).
pub async fn demo_projects(pool: &Pool) -> Result<(), AppError> {
    use crate::api::projects::{MemberRow, ProjectForm};
    use crate::domain::project::{Action, Category, FiveSmallKind};
    use crate::domain::studio::RuleLevel;
    use crate::services::{projects, rewards, studios};

    let user = |username: &'static str| as_user(pool, username);
    let admin = user("admin").await?;
    let lead = user("teamlead").await?;
    let studio_lead = user("studio").await?;

    // Rules: per category, scaled by studio level.
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
    for category in Category::ALL {
        let base: [i64; 5] = match category {
            Category::FiveSmall | Category::Rationalisation => [10_000, 10_000, 20_000, 30_000, 200_000],
            _ => [50_000, 30_000, 50_000, 100_000, 1_000_000],
        };
        for (level, factor) in RuleLevel::ALL.into_iter().zip([10, 10, 15, 20, 30]) {
            let s = |i: usize| yuan(base[i] * factor / 10);
            let form = rewards::RuleForm {
                category: category.code(),
                studio_level: level.code(),
                approval: &s(0),
                progress: &s(1),
                trial: &s(2),
                adoption: &s(3),
                pool: &s(4),
                workers_percent: "60",
            };
            rewards::add_rule(pool, &admin, &form).await?;
        }
    }

    let studio = studios::create(
        pool,
        &admin,
        &studios::StudioForm {
            name: "陈立新劳模创新工作室",
            level: "province",
            leader_username: "studio",
            field: "变电设备状态检修",
            founded_on: "2019-05-01",
            member_usernames: "teamlead employee e100013 e100026",
        },
    )
    .await?;
    studios::create(
        pool,
        &admin,
        &studios::StudioForm {
            name: "配网带电作业创新工作室",
            level: "city",
            leader_username: "e100004",
            field: "配网不停电作业",
            founded_on: "2021-03-15",
            member_usernames: "e100026",
        },
    )
    .await?;
    let plan = studios::save_plan(
        pool,
        &studio_lead,
        studio,
        2026,
        "完成 6 项技术攻关，转化成果 3 项，培养技术骨干 5 名。",
        "200000",
    )
    .await?;
    for (title, due, done) in [
        ("GIS 设备局放检测方法攻关", "2026-04-30", true),
        ("开关柜测温装置小型化", "2026-08-31", true),
        ("检修作业标准化手册修订", "2026-12-15", false),
    ] {
        let task = studios::add_task(pool, &studio_lead, plan, title, "teamlead", due).await?;
        if done {
            studios::complete_task(pool, &studio_lead, task).await?;
        }
    }
    studios::add_spending(pool, &studio_lead, plan, "2026-03-12", "12500", "局放检测仪器租赁").await?;
    studios::add_spending(pool, &studio_lead, plan, "2026-06-20", "3800.50", "测温装置样机材料").await?;

    let members = vec![
        MemberRow { username: "teamlead".into(), share: "50".into() },
        MemberRow { username: "employee".into(), share: "30".into() },
        MemberRow { username: "e100013".into(), share: "20".into() },
    ];
    // (title, category, 五小 kind, filed under the studio, the steps it has been through)
    type DemoProject<'a> = (&'a str, Category, Option<FiveSmallKind>, bool, &'a [Action]);
    let projects: [DemoProject; 9] = [
        (
            "变压器油色谱在线监测预警模型",
            Category::Technical,
            None,
            true,
            &[Action::Submit, Action::Approve, Action::Progress, Action::Trial, Action::Adopt],
        ),
        (
            "开关柜无线测温装置",
            Category::FiveSmall,
            Some(FiveSmallKind::Invention),
            true,
            &[Action::Submit, Action::Approve, Action::Progress, Action::Trial, Action::Adopt],
        ),
        (
            "检修工器具智能柜",
            Category::FiveSmall,
            Some(FiveSmallKind::Renovation),
            true,
            &[Action::Submit, Action::Approve, Action::Progress, Action::Trial],
        ),
        ("班组安全交底电子化", Category::Management, None, false, &[Action::Submit, Action::Approve, Action::Progress]),
        ("配网抢修工单分级派发制度", Category::Institutional, None, false, &[Action::Submit, Action::Approve]),
        ("电缆沟盖板防盗改进", Category::Rationalisation, None, false, &[Action::Submit]),
        ("计量箱封印管理流程优化", Category::Management, None, false, &[Action::Submit, Action::Return]),
        (
            "绝缘手套充气检测夹具",
            Category::FiveSmall,
            Some(FiveSmallKind::Design),
            true,
            &[Action::Submit, Action::Approve, Action::Close],
        ),
        ("巡视记录语音录入", Category::Technical, None, false, &[]),
    ];
    for (i, (title, category, kind, in_studio, steps)) in projects.into_iter().enumerate() {
        let form = ProjectForm {
            category: category.code().into(),
            five_small_kind: kind.map(|k| k.code().to_string()).unwrap_or_default(),
            title: title.into(),
            problem: format!("{title}：现场发现的问题描述。"),
            solution: "拟采用的解决方案与技术路线。".into(),
            expected_benefit: yuan(5_000_000 + i as i64 * 1_000_000),
            expected_benefit_text: "减少停电时间，降低检修成本。".into(),
            leader_username: "e100001".into(),
            studio_id: if in_studio { studio.to_string() } else { String::new() },
            due_on: (crate::services::today() + chrono::Duration::days(200)).to_string(),
            members: members.clone(),
        };
        let id = projects::create(pool, &lead, &form).await?;
        if i % 3 == 0 {
            // Planned long ago, and now overdue.
            let mut tx = pool.begin_write().await?;
            db::projects::backdate_due_on(&mut tx, id, crate::services::today() - chrono::Duration::days(30)).await?;
            tx.commit().await?;
        }
        for step in steps {
            let actor = if *step == Action::Submit { &lead } else { &admin };
            let comment = match step {
                Action::Submit => "",
                Action::Return => "请补充效益测算依据。",
                Action::Close => "经试点验证效果不及预期，关闭。",
                _ => "同意。",
            };
            let (benefit, benefit_text) = if *step == Action::Adopt {
                (yuan(6_180_000 + i as i64 * 100), "已在 3 个变电站推广应用。")
            } else {
                (String::new(), "")
            };
            projects::act(pool, actor, id, step.code(), comment, &benefit, benefit_text).await?;
            if *step == Action::Approve {
                projects::add_entry(pool, &lead, id, "2026-05-10", "完成方案细化与样机设计。").await?;
            }
        }
    }
    demo_history(pool, &admin).await
}

/// The year's other projects, from the other teams: each team lead with two or three of their
/// people, taken through the gates as far as they got. Their points fill the boards (the demo
/// spreads them over the past months afterwards).
async fn demo_history(pool: &Pool, admin: &UserInfo) -> Result<(), AppError> {
    use crate::api::projects::{MemberRow, ProjectForm};
    use crate::domain::project::{Action, Category};
    use crate::services::projects;
    const TITLES: [&str; 24] = [
        "主变冷却器控制回路优化",
        "带电作业绝缘斗臂车防碰撞报警",
        "智能电表批量检定夹具",
        "线路无人机巡检航线库",
        "电费回收风险预警看板",
        "调度操作票智能校核",
        "光缆熔接质量快速判定",
        "施工现场安全围栏快装件",
        "配电房凝露治理",
        "变电站巡检机器人充电桩改进",
        "低压台区线损异常定位",
        "客户报修工单语音转写",
        "继电保护定值单电子化流转",
        "通信机房蓄电池远程核容",
        "电缆头制作标准化工装",
        "抢修车辆物资定置管理",
        "避雷器在线监测数据校准",
        "营业厅排队叫号优化",
        "自动化主站告警分级",
        "信息系统账号权限巡检",
        "土建基础开挖边坡监测",
        "二次回路接线防误标识",
        "SF6 气体回收装置改进",
        "班组培训积分制",
    ];
    let steps: [&[Action]; 4] = [
        &[Action::Submit, Action::Approve, Action::Progress, Action::Trial, Action::Adopt],
        &[Action::Submit, Action::Approve, Action::Progress, Action::Trial],
        &[Action::Submit, Action::Approve, Action::Progress],
        &[Action::Submit, Action::Approve],
    ];
    for (i, title) in TITLES.iter().enumerate() {
        // Team leads e100001…e100012 lead teams 1…12; the people of team j are e1000(j + 13k).
        let j = 1 + i % 12;
        let name = |k: usize| format!("e{}", 100000 + j + 13 * k);
        let lead = as_user(pool, &name(0)).await?;
        let shares: &[(usize, &str)] =
            if i % 2 == 0 { &[(0, "40"), (1, "35"), (2, "25")] } else { &[(0, "50"), (3, "50")] };
        let members =
            shares.iter().map(|(k, s)| MemberRow { username: name(*k + (i / 12)), share: (*s).into() }).collect();
        let category = [Category::Technical, Category::Management, Category::Rationalisation][i % 3];
        let form = ProjectForm {
            category: category.code().into(),
            five_small_kind: String::new(),
            title: (*title).into(),
            problem: format!("{title}：班组在生产现场发现的问题。"),
            solution: "拟采用的改进方案与实施步骤。".into(),
            expected_benefit: format!("{}", 20_000 + i * 1_500),
            expected_benefit_text: "提高效率，减少人工。".into(),
            leader_username: name(0),
            studio_id: String::new(),
            due_on: (crate::services::today() + chrono::Duration::days(200)).to_string(),
            members,
        };
        let project = projects::create(pool, &lead, &form).await?;
        for step in steps[i % 4] {
            let actor = if *step == Action::Submit { &lead } else { admin };
            let (benefit, text) = if *step == Action::Adopt {
                (format!("{}", 30_000 + i * 2_000), "已在本单位推广应用。")
            } else {
                (String::new(), "")
            };
            projects::act(pool, actor, project, step.code(), "同意。", &benefit, text).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_has_teams_for_everyone() {
        let small: usize = plan(80).iter().map(|u| u.2.len()).sum();
        assert_eq!(small, 13);
        let big: usize = plan(500_000).iter().map(|u| u.2.len()).sum();
        assert!(big >= 25_000);
    }

    #[test]
    fn names_are_reproducible() {
        let s: Vec<char> = SURNAMES.chars().collect();
        let g: Vec<char> = GIVEN.chars().collect();
        let names = |seed| {
            let mut r = Rng(seed);
            (0..5).map(|_| chinese_name(&mut r, &s, &g)).collect::<Vec<_>>()
        };
        let (a, b) = (names(7), names(7));
        assert_eq!(a, b);
        assert_ne!(a, names(8));
        assert!(a.iter().all(|n| (2..=3).contains(&n.chars().count())));
    }
}

/// A skill competition in progress: a practical test with three weighted criteria and the judges'
/// mean; the chief judge has scored and signed, the demo `judge` has not started. Two contestants
/// share a team with a judge, who is left out for them (回避).
pub async fn demo_competitions(pool: &Pool) -> Result<(), AppError> {
    use crate::domain::exact::{Exact, Rounding};
    use crate::domain::scoring::{Aggregate, Criterion, CriterionKind, Scheme, TieBreak, TierRule};
    use crate::model::competitions::MarkEntry;
    use crate::services::competitions::{self as comp, Setup};

    let user = |username: &'static str| as_user(pool, username);
    let admin = user("admin").await?;
    let chief = user("chief").await?;
    let x = |s: &str| Exact::parse_decimal(s).expect("a demo decimal");
    let criterion = |code: &str, name: &str, weight: &str| Criterion {
        code: code.into(),
        name: name.into(),
        kind: CriterionKind::Scale { min: Exact::ZERO, step: x("0.5") },
        max: x("100"),
        weight: x(weight),
    };
    let today = crate::services::today();
    let setup = Setup {
        name: "2026年配网带电作业技能竞赛",
        kind: "skill",
        owner: "union",
        registration_opens: today - chrono::Duration::days(30),
        registration_closes: today - chrono::Duration::days(7),
        department_conflict: false,
        public: true,
        event_name: "带电作业实操",
        round_name: "决赛（实操）",
        scheme: Scheme {
            criteria: vec![
                criterion("safety", "安全规范", "0.3"),
                criterion("quality", "作业质量", "0.5"),
                criterion("time", "作业用时", "0.2"),
            ],
            attempts: 1,
            aggregate: Aggregate::Mean,
            factor: Exact::ONE,
            decimals: 2,
            rounding: Rounding::HalfUp,
            max_spread: Some(x("15")),
        },
        tie_breaks: vec![TieBreak::Criterion { code: "safety".into() }, TieBreak::FewerDeductions],
        tiers: vec![TierRule::Count { n: 1 }, TierRule::Count { n: 2 }, TierRule::Count { n: 3 }],
        // e100017 shares the judge's team, e100020 the chief judge's.
        contestants: vec!["e100014", "e100015", "e100016", "e100017", "e100018", "e100019", "e100020"],
        judges: vec![("judge", false), ("chief", true)],
        draw_seed: 20261121,
    };
    let round = comp::organise(pool, &admin, &setup).await?;
    let pad = comp::judge_pad(pool, &chief, round).await?;
    let marks = [
        ["92", "85.5", "90"],
        ["88", "90", "76"],
        ["95", "82", "88.5"],
        ["90", "91", "85"],
        ["86.5", "88", "92"],
        ["79", "84", "95"],
    ];
    for (c, m) in pad.contestants.iter().filter(|c| !c.conflicted).zip(marks) {
        let entries: Vec<MarkEntry> = ["safety", "quality", "time"]
            .iter()
            .zip(m)
            .map(|(code, v)| MarkEntry { attempt: 1, criterion: code.to_string(), value: v.to_string() })
            .collect();
        comp::submit_marks(pool, &chief, round, c.id, &format!("demo-{}", c.id), &entries).await?;
    }
    comp::sign_sheet(pool, &chief, round).await?;
    // The demo judge has started at the end of the running order, 17 points apart from the chief
    // judge on safety: a spread alert the chief judge must decide before locking.
    let judge = user("judge").await?;
    let pad = comp::judge_pad(pool, &judge, round).await?;
    if let Some(last) = pad.contestants.iter().rev().find(|c| !c.conflicted) {
        let entries: Vec<MarkEntry> = [("safety", "96"), ("quality", "84"), ("time", "95")]
            .iter()
            .map(|(code, v)| MarkEntry { attempt: 1, criterion: code.to_string(), value: v.to_string() })
            .collect();
        comp::submit_marks(pool, &judge, round, last.id, "demo-judge", &entries).await?;
    }

    // A finished technical contest, judged by a panel with a guest judge (外聘评委), published.
    let finished = Setup {
        name: "2026年配网故障抢修技术比武",
        kind: "contest",
        owner: "department",
        registration_opens: today - chrono::Duration::days(120),
        registration_closes: today - chrono::Duration::days(90),
        department_conflict: false,
        public: true,
        event_name: "故障抢修（个人）",
        round_name: "决赛",
        scheme: Scheme {
            criteria: vec![
                Criterion {
                    code: "procedure".into(),
                    name: "作业规范".into(),
                    kind: CriterionKind::Scale { min: Exact::ZERO, step: x("0.5") },
                    max: x("10"),
                    weight: x("0.6"),
                },
                Criterion {
                    code: "restored".into(),
                    name: "按时复电".into(),
                    kind: CriterionKind::FullOrZero,
                    max: x("10"),
                    weight: x("0.4"),
                },
            ],
            attempts: 1,
            aggregate: Aggregate::Mean,
            factor: Exact::ONE,
            decimals: 2,
            rounding: Rounding::HalfUp,
            max_spread: None,
        },
        tie_breaks: vec![TieBreak::Criterion { code: "procedure".into() }],
        tiers: vec![TierRule::Count { n: 1 }, TierRule::Count { n: 1 }, TierRule::Count { n: 2 }],
        contestants: vec!["e100030", "e100031", "e100032", "e100033", "e100034", "e100035"],
        judges: vec![("judge", false), ("chief", true)],
        draw_seed: 20260801,
    };
    let round = comp::organise(pool, &admin, &finished).await?;
    let guest_form = crate::services::organising::GuestForm {
        display_name: "钱立群",
        username: GUEST,
        password: DEMO_PASSWORD,
        affiliation: "省电力职业技术学院",
    };
    crate::services::organising::add_guest_judge(pool, &admin, round, &guest_form).await?;
    let guest = user(GUEST).await?;
    for (k, who) in [&judge, &chief, &guest].into_iter().enumerate() {
        let pad = comp::judge_pad(pool, who, round).await?;
        for (i, c) in pad.contestants.iter().filter(|c| !c.conflicted).enumerate() {
            // Deterministic, on the 0.5 step: 6.0 … 9.5 for procedure; one contestant misses the time.
            let procedure = Exact::new(12 + ((i * 5 + k * 3) % 8) as i128, 2);
            let restored = if (i + k) % 5 == 4 { "0" } else { "10" };
            let entries = vec![
                MarkEntry { attempt: 1, criterion: "procedure".into(), value: procedure.to_fixed(1) },
                MarkEntry { attempt: 1, criterion: "restored".into(), value: restored.into() },
            ];
            comp::submit_marks(pool, who, round, c.id, &format!("demo-f-{k}-{}", c.id), &entries).await?;
        }
        comp::sign_sheet(pool, who, round).await?;
    }
    comp::lock_round(pool, &chief, round).await?;
    comp::publish_round(pool, &chief, round).await?;
    // Its prizes are set; the union admin confirms the awards (left to do in the demo).
    use crate::domain::awards::PrizeDraft;
    let prize = |yuan: &str, title: &str, points: &str| PrizeDraft {
        yuan: yuan.into(),
        title: title.into(),
        points: points.into(),
    };
    let prizes = [prize("3000", "技术能手", "50"), prize("2000", "", "30"), prize("1000", "", "20")];
    let finished_event =
        db::competitions::round(&mut pool.begin().await?, round).await?.ok_or(AppError::NotFound)?.event_id;
    crate::services::awards::set_prizes(pool, &admin, finished_event, &prizes).await?;

    // A drill open for registration: everyone may enter; the team lead has entered one member.
    use crate::domain::competition::EventDraft;
    use crate::services::organising as org;
    let drill = org::CompetitionForm {
        name: "2027年计量专业岗位练兵",
        kind: "drill",
        owner: "union",
        organiser: "营销服务中心",
        opens: &(today - chrono::Duration::days(1)).to_string(),
        closes: &(today + chrono::Duration::days(30)).to_string(),
        department_conflict: true,
        public: false,
    };
    let drill = org::create(pool, &admin, &drill).await?;
    let event = EventDraft {
        name: "电能表现场校验".into(),
        entry: "individual".into(),
        combine: "sum".into(),
        tier_by: "share".into(),
        tiers: vec!["10".into(), "20".into(), "30".into()],
        tie_deductions: Some("on".into()),
        ..Default::default()
    };
    let event = org::add_event(pool, &admin, drill, &event).await?;
    org::add_round(pool, &admin, event, "理论考试").await?;
    org::add_round(pool, &admin, event, "实操考核").await?;
    let lead = user("teamlead").await?;
    if let Some(member) = db::people::team_members(&mut pool.begin().await?, lead.team_id)
        .await?
        .into_iter()
        .find(|p| p.id != lead.id && p.username.starts_with("e1"))
    {
        org::register(pool, &lead, event, org::Target::Person(member.id)).await?;
    }
    Ok(())
}
