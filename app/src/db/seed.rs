//! Demo data (a realistic Chinese enterprise, loaded only into a new database) and a generator for
//! large organisations used by benchmarks (`server generate --people 500000`).

use super::{audit, now, Pool};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::model::DemoAccount;
use sqlx::QueryBuilder;

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

pub fn demo_accounts() -> Vec<DemoAccount> {
    DEMO.iter()
        .map(|(u, _, r, _)| DemoAccount { username: u.to_string(), password: DEMO_PASSWORD.to_string(), role: *r })
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
pub async fn generate(pool: &Pool, people: usize, seed: u64) -> Result<(), sqlx::Error> {
    let people = people.max(DEMO.len());
    let password_hash = crate::auth::hash_password(DEMO_PASSWORD.to_string())
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let ts = now();
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO company (id, name, updated_at) VALUES (1, $1, $2)")
        .bind(COMPANY)
        .bind(ts)
        .execute(&mut *tx)
        .await?;
    let mut team_ids = Vec::new();
    for (dept, kind, teams) in plan(people) {
        let dept_id: i64 = sqlx::query_scalar(
            "INSERT INTO departments (company_id, name, kind, created_at, updated_at) VALUES (1, $1, $2, $3, $3) RETURNING id",
        )
        .bind(&dept)
        .bind(kind)
        .bind(ts)
        .fetch_one(&mut *tx)
        .await?;
        for team in teams {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO teams (department_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(dept_id)
            .bind(&team)
            .bind(ts)
            .fetch_one(&mut *tx)
            .await?;
            team_ids.push(id);
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
            let title = rng.pick(&TITLES);
            rows.push((username, name, team, roles, phone, title, format!("JN{:06}", i + 1)));
        }
        let mut tx = pool.begin().await?;
        let mut q = QueryBuilder::<super::Db>::new(
            "INSERT INTO people (username, display_name, team_id, employee_no, job_title, phone, active, password_hash, created_at, updated_at) ",
        );
        q.push_values(&rows, |mut b, r| {
            b.push_bind(&r.0)
                .push_bind(&r.1)
                .push_bind(r.2)
                .push_bind(&r.6)
                .push_bind(r.5)
                .push_bind(&r.4)
                .push_bind(true)
                .push_bind(&password_hash)
                .push_bind(ts)
                .push_bind(ts);
        });
        q.build().execute(&mut *tx).await?;
        // Roles are joined on username so the batch does not depend on how ids are assigned.
        let pairs: Vec<(&str, &str)> =
            rows.iter().flat_map(|r| r.3.iter().map(move |role| (r.0.as_str(), role.code()))).collect();
        let mut rq = QueryBuilder::<super::Db>::new("WITH v(username, role) AS (");
        rq.push_values(&pairs, |mut b, (u, role)| {
            b.push_bind(*u).push_bind(*role);
        });
        rq.push(") INSERT INTO person_roles (person_id, role) SELECT p.id, v.role FROM v JOIN people p ON p.username = v.username");
        rq.build().execute(&mut *tx).await?;
        tx.commit().await?;
        k = end;
    }
    let mut tx = pool.begin().await?;
    audit::record(&mut tx, None, "seed.generate", "company", Some(1), &format!("people={people}")).await?;
    tx.commit().await?;
    Ok(())
}

/// Loads the demo organisation (about 80 people) when the database has nobody in it yet.
/// Returns whether it loaded anything.
pub async fn demo_if_empty(pool: &Pool) -> Result<bool, sqlx::Error> {
    if super::people::count(pool).await? > 0 {
        return Ok(false);
    }
    generate(pool, 80, 2026).await?;
    demo_projects(pool).await.map_err(|e| sqlx::Error::Protocol(format!("demo projects: {e}")))?;
    Ok(true)
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

/// For a production database: creates the company shell (工会 / 工会办公室) and an `admin`
/// account with the given password when nobody exists yet. Returns whether it created anything.
pub async fn bootstrap_admin_if_empty(pool: &Pool, password: &str) -> Result<bool, sqlx::Error> {
    use crate::domain::org::{Contact, Password, PersonName, Username};
    if super::people::count(pool).await? > 0 {
        return Ok(false);
    }
    let password = Password::parse(password, "password").map_err(|_| {
        sqlx::Error::Protocol("APP_ADMIN_PASSWORD is too weak (8+ characters, letters and digits)".into())
    })?;
    let hash = crate::auth::hash_password(password.expose().to_string())
        .await
        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let ts = now();
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO company (id, name, updated_at) VALUES (1, $1, $2)")
        .bind("本公司")
        .bind(ts)
        .execute(&mut *tx)
        .await?;
    let dept: i64 = sqlx::query_scalar(
        "INSERT INTO departments (company_id, name, kind, created_at, updated_at) VALUES (1, '工会', 'department', $1, $1) RETURNING id",
    )
    .bind(ts)
    .fetch_one(&mut *tx)
    .await?;
    let team: i64 = sqlx::query_scalar(
        "INSERT INTO teams (department_id, name, created_at, updated_at) VALUES ($1, '工会办公室', $2, $2) RETURNING id",
    )
    .bind(dept)
    .bind(ts)
    .fetch_one(&mut *tx)
    .await?;
    let username = Username::parse("admin").expect("valid");
    let name = PersonName::parse("管理员").expect("valid");
    let id = super::people::insert(
        &mut tx,
        &super::people::NewPerson {
            username: &username,
            display_name: &name,
            team_id: team,
            contact: &Contact::default(),
            roles: &[Role::Employee, Role::UnionAdmin],
            password_hash: &hash,
        },
    )
    .await?;
    audit::record(&mut tx, None, "seed.bootstrap", "person", Some(id), "admin").await?;
    tx.commit().await?;
    Ok(true)
}

/// Demo studios, reward rules and projects in every stage (walked through the real lifecycle, so
/// their events, rewards, points and notifications are what the app itself would have written).
pub async fn demo_projects(pool: &Pool) -> Result<(), AppError> {
    use super::projects::{act, create_draft, Adoption, ProjectInput};
    use super::rewards::{add_version, NewRule};
    use super::studios::{add_spending, add_task, complete_task, create, save_plan, StudioInput};
    use crate::domain::project::{Action, Category, FiveSmallKind, MemberShare};
    use crate::domain::studio::{Level, RULE_LEVELS};

    let id_of = |u: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM people WHERE username = $1").bind(u).fetch_one(pool).await
    };
    let user = |id: i64| async move { super::people::session_user(pool, id).await.map(|u| u.map(|(info, _)| info)) };
    let admin_id = id_of("admin").await?;
    let admin = user(admin_id).await?.ok_or(AppError::Internal)?;
    let lead_id = id_of("teamlead").await?;
    let lead = user(lead_id).await?.ok_or(AppError::Internal)?;
    let studio_lead = id_of("studio").await?;
    let employee = id_of("employee").await?;
    let (p1, p2, p3, boss) =
        (id_of("e100013").await?, id_of("e100026").await?, id_of("e100004").await?, id_of("e100001").await?);

    // Rules: per category, scaled by studio level.
    for category in Category::ALL {
        let base: [i64; 5] = match category {
            Category::FiveSmall | Category::Rationalisation => [10_000, 10_000, 20_000, 30_000, 200_000],
            _ => [50_000, 30_000, 50_000, 100_000, 1_000_000],
        };
        for (level, factor) in RULE_LEVELS.into_iter().zip([10, 10, 15, 20, 30]) {
            let s = |i: usize| base[i] * factor / 10;
            add_version(
                pool,
                Some(admin_id),
                &NewRule {
                    category,
                    studio_level: level,
                    approval_fen: s(0),
                    progress_fen: s(1),
                    trial_fen: s(2),
                    adoption_fen: s(3),
                    pool_fen: s(4),
                    workers_bp: 6000,
                    leader_bp: 4000,
                },
            )
            .await?;
        }
    }

    let studio = create(
        pool,
        admin_id,
        &StudioInput {
            name: "陈立新劳模创新工作室".into(),
            level: Level::Province,
            leader_id: studio_lead,
            field: "变电设备状态检修".into(),
            founded_on: "2019-05-01".into(),
            member_ids: vec![lead_id, employee, p1, p2],
        },
    )
    .await?;
    create(
        pool,
        admin_id,
        &StudioInput {
            name: "配网带电作业创新工作室".into(),
            level: Level::City,
            leader_id: p3,
            field: "配网不停电作业".into(),
            founded_on: "2021-03-15".into(),
            member_ids: vec![p2],
        },
    )
    .await?;
    let plan =
        save_plan(pool, studio_lead, studio, 2026, "完成 6 项技术攻关，转化成果 3 项，培养技术骨干 5 名。", 20_000_000)
            .await?;
    for (title, due, done) in [
        ("GIS 设备局放检测方法攻关", "2026-04-30", true),
        ("开关柜测温装置小型化", "2026-08-31", true),
        ("检修作业标准化手册修订", "2026-12-15", false),
    ] {
        let task = add_task(pool, studio_lead, plan, title, lead_id, due).await?;
        if done {
            complete_task(pool, studio_lead, task, due).await?;
        }
    }
    add_spending(pool, studio_lead, plan, "2026-03-12", 1_250_000, "局放检测仪器租赁").await?;
    add_spending(pool, studio_lead, plan, "2026-06-20", 380_050, "测温装置样机材料").await?;

    let members = vec![
        MemberShare { person_id: lead_id, share_bp: 5000 },
        MemberShare { person_id: employee, share_bp: 3000 },
        MemberShare { person_id: p1, share_bp: 2000 },
    ];
    let projects: [(&str, Category, Option<FiveSmallKind>, Option<i64>, &[Action]); 9] = [
        (
            "变压器油色谱在线监测预警模型",
            Category::Technical,
            None,
            Some(studio),
            &[Action::Submit, Action::Approve, Action::Progress, Action::Trial, Action::Adopt],
        ),
        (
            "开关柜无线测温装置",
            Category::FiveSmall,
            Some(FiveSmallKind::Invention),
            Some(studio),
            &[Action::Submit, Action::Approve, Action::Progress, Action::Trial, Action::Adopt],
        ),
        (
            "检修工器具智能柜",
            Category::FiveSmall,
            Some(FiveSmallKind::Renovation),
            Some(studio),
            &[Action::Submit, Action::Approve, Action::Progress, Action::Trial],
        ),
        ("班组安全交底电子化", Category::Management, None, None, &[Action::Submit, Action::Approve, Action::Progress]),
        ("配网抢修工单分级派发制度", Category::Institutional, None, None, &[Action::Submit, Action::Approve]),
        ("电缆沟盖板防盗改进", Category::Rationalisation, None, None, &[Action::Submit]),
        ("计量箱封印管理流程优化", Category::Management, None, None, &[Action::Submit, Action::Return]),
        (
            "绝缘手套充气检测夹具",
            Category::FiveSmall,
            Some(FiveSmallKind::Design),
            Some(studio),
            &[Action::Submit, Action::Approve, Action::Close],
        ),
        ("巡视记录语音录入", Category::Technical, None, None, &[]),
    ];
    for (i, (title, category, kind, studio_id, steps)) in projects.into_iter().enumerate() {
        let input = ProjectInput {
            category,
            five_small_kind: kind,
            title: title.into(),
            problem: format!("{title}：现场发现的问题描述。"),
            solution: "拟采用的解决方案与技术路线。".into(),
            expected_benefit_fen: 5_000_000 + i as i64 * 1_000_000,
            expected_benefit_text: "减少停电时间，降低检修成本。".into(),
            leader_id: boss,
            studio_id,
            due_on: Some(if i % 3 == 0 { "2026-06-30" } else { "2027-06-30" }.into()),
            members: members.clone(),
        };
        let id = create_draft(pool, lead_id, &input).await?;
        for step in steps {
            let actor = if *step == Action::Submit { &lead } else { &admin };
            let comment = match step {
                Action::Submit => "",
                Action::Return => "请补充效益测算依据。",
                Action::Close => "经试点验证效果不及预期，关闭。",
                _ => "同意。",
            };
            let adoption = (*step == Action::Adopt).then(|| Adoption {
                actual_benefit_fen: 6_180_000 + i as i64 * 100,
                actual_benefit_text: "已在 3 个变电站推广应用。".into(),
            });
            act(pool, actor, id, *step, comment, adoption).await?;
            if *step == Action::Approve {
                super::projects::add_entry(pool, lead_id, id, "2026-05-10", "完成方案细化与样机设计。").await?;
            }
        }
    }
    let _ = p2;
    Ok(())
}
