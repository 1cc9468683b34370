//! Demo data (a realistic Chinese enterprise, loaded only into a new database) and a generator for
//! large organisations used by benchmarks (`server generate --people 500000`).

use super::{audit, now, Pool};
use crate::domain::roles::Role;
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
