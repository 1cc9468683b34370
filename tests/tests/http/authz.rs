//! The authorization table: every server function, the roles it lets in, and a call for each
//! role (and for a visitor) over HTTP. A server function missing from the table fails the test.

use app::domain::roles::Role;
use ciw_tests::*;
use std::collections::BTreeSet;

/// Who may call a server function.
#[derive(Clone, Copy, Debug)]
enum Allowed {
    /// Visitors too.
    Anyone,
    /// Any signed-in person.
    SignedIn,
    /// Any signed-in person of the organisation (not a guest judge, who may only judge).
    Staff,
    /// Signed-in people holding one of these roles.
    Roles(&'static [Role]),
}

struct Row {
    endpoint: &'static str,
    allowed: Allowed,
    /// Arguments for the probe. Mutating calls get arguments that pass the permission check but
    /// then fail (a missing id, a wrong current password), so the probe changes nothing.
    args: &'static [(&'static str, &'static str)],
}

const ADMIN: &[Role] = &[Role::UnionAdmin];
const LEAD: &[Role] = &[Role::TeamLead];
const PROPOSERS: &[Role] = &[Role::TeamLead, Role::StudioLeader];
const REVIEWERS: &[Role] = &[Role::UnionAdmin, Role::StudioLeader];
const NOMINATORS: &[Role] = &[Role::UnionAdmin, Role::TeamLead, Role::StudioLeader];

const TABLE: &[Row] = &[
    Row { endpoint: "login", allowed: Allowed::Anyone, args: &[("username", "nobody"), ("password", "x")] },
    Row { endpoint: "current_user", allowed: Allowed::Anyone, args: &[] },
    Row { endpoint: "set_language", allowed: Allowed::Anyone, args: &[("lang", "zh-CN")] },
    Row { endpoint: "demo_accounts", allowed: Allowed::Anyone, args: &[] },
    Row { endpoint: "my_profile", allowed: Allowed::SignedIn, args: &[] },
    Row {
        endpoint: "update_my_profile",
        allowed: Allowed::SignedIn,
        args: &[("display_name", ""), ("phone", ""), ("email", "")],
    },
    Row {
        endpoint: "change_my_password",
        allowed: Allowed::SignedIn,
        args: &[("current_password", "wrong-one-1"), ("new_password", "another99"), ("confirm_password", "another99")],
    },
    Row { endpoint: "org_departments", allowed: Allowed::Staff, args: &[("q", ""), ("page", "1")] },
    Row { endpoint: "org_teams", allowed: Allowed::Staff, args: &[("department_id", "1"), ("q", ""), ("page", "1")] },
    Row { endpoint: "find_teams", allowed: Allowed::Staff, args: &[("q", "变电")] },
    Row { endpoint: "find_departments", allowed: Allowed::Staff, args: &[("q", "运维")] },
    Row { endpoint: "rename_company", allowed: Allowed::Roles(ADMIN), args: &[("name", "")] },
    Row {
        endpoint: "create_department",
        allowed: Allowed::Roles(ADMIN),
        args: &[("name", ""), ("kind", "department")],
    },
    Row {
        endpoint: "update_department",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("name", "某部门"), ("kind", "department")],
    },
    Row { endpoint: "create_team", allowed: Allowed::Roles(ADMIN), args: &[("department_id", "1"), ("name", "")] },
    Row {
        endpoint: "update_team",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("department_id", "1"), ("name", "某班组")],
    },
    Row { endpoint: "list_people", allowed: Allowed::Roles(ADMIN), args: &[("query", ""), ("page", "1")] },
    Row { endpoint: "get_person", allowed: Allowed::Roles(ADMIN), args: &[("id", "1")] },
    Row { endpoint: "my_team", allowed: Allowed::Roles(LEAD), args: &[] },
    Row {
        endpoint: "create_person",
        allowed: Allowed::Roles(ADMIN),
        args: &[
            ("username", "x"),
            ("display_name", ""),
            ("team_id", "1"),
            ("employee_no", ""),
            ("job_title", ""),
            ("phone", ""),
            ("email", ""),
            ("password", "weak"),
        ],
    },
    Row {
        endpoint: "update_person",
        allowed: Allowed::Roles(ADMIN),
        args: &[
            ("id", "999999"),
            ("display_name", "某人"),
            ("team_id", "1"),
            ("employee_no", ""),
            ("job_title", ""),
            ("phone", ""),
            ("email", ""),
        ],
    },
    Row {
        endpoint: "set_person_roles",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("roles[employee]", "on")],
    },
    Row {
        endpoint: "set_person_active",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("active", "false")],
    },
    Row {
        endpoint: "reset_person_password",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("new_password", "another99")],
    },
    Row { endpoint: "list_audit", allowed: Allowed::Roles(ADMIN), args: &[("q[page]", "1")] },
    Row { endpoint: "create_project", allowed: Allowed::Roles(PROPOSERS), args: &[("form[title]", "")] },
    Row {
        endpoint: "update_project",
        allowed: Allowed::Roles(PROPOSERS),
        args: &[("id", "999999"), ("form[title]", "")],
    },
    Row {
        endpoint: "project_action",
        allowed: Allowed::SignedIn,
        args: &[("id", "999999"), ("action", "approve"), ("comment", "ok")],
    },
    Row { endpoint: "get_project", allowed: Allowed::Staff, args: &[("id", "999999")] },
    Row { endpoint: "my_projects", allowed: Allowed::SignedIn, args: &[] },
    Row { endpoint: "review_queue", allowed: Allowed::Roles(REVIEWERS), args: &[] },
    Row { endpoint: "project_feed", allowed: Allowed::Staff, args: &[] },
    Row { endpoint: "find_people", allowed: Allowed::Staff, args: &[("q", "e1")] },
    Row { endpoint: "find_projects", allowed: Allowed::Staff, args: &[("q", "1")] },
    Row { endpoint: "leader_projects", allowed: Allowed::SignedIn, args: &[] },
    Row {
        endpoint: "add_project_entry",
        allowed: Allowed::SignedIn,
        args: &[("id", "999999"), ("entry_on", "2026-01-01"), ("body", "x")],
    },
    Row { endpoint: "my_notifications", allowed: Allowed::SignedIn, args: &[] },
    Row { endpoint: "mark_notifications_read", allowed: Allowed::SignedIn, args: &[] },
    Row { endpoint: "reward_rules", allowed: Allowed::Roles(ADMIN), args: &[] },
    Row {
        endpoint: "add_reward_rule",
        allowed: Allowed::Roles(ADMIN),
        args: &[
            ("category", ""),
            ("studio_level", "none"),
            ("approval", "1"),
            ("progress", "1"),
            ("trial", "1"),
            ("adoption", "1"),
            ("pool", "1"),
            ("workers_percent", "60"),
        ],
    },
    Row { endpoint: "ledger", allowed: Allowed::SignedIn, args: &[] },
    Row { endpoint: "advance_payout", allowed: Allowed::Roles(ADMIN), args: &[("id", "999999"), ("to", "paid")] },
    Row { endpoint: "list_studios", allowed: Allowed::Staff, args: &[] },
    Row { endpoint: "get_studio", allowed: Allowed::Staff, args: &[("id", "999999")] },
    Row {
        endpoint: "create_studio",
        allowed: Allowed::Roles(ADMIN),
        args: &[("name", ""), ("level", "city"), ("leader_username", "admin"), ("field", ""), ("founded_on", "")],
    },
    Row {
        endpoint: "update_studio",
        allowed: Allowed::Roles(ADMIN),
        args: &[
            ("id", "999999"),
            ("name", ""),
            ("level", "city"),
            ("leader_username", "admin"),
            ("field", ""),
            ("founded_on", ""),
        ],
    },
    // Planning is checked per studio (its leader or an admin); a missing studio is 404 for anyone signed in.
    Row {
        endpoint: "save_studio_plan",
        allowed: Allowed::SignedIn,
        args: &[("studio_id", "999999"), ("year", "2026"), ("goals", ""), ("budget", "1")],
    },
    Row {
        endpoint: "add_plan_task",
        allowed: Allowed::SignedIn,
        args: &[("plan_id", "999999"), ("title", "x"), ("owner_username", "admin"), ("due_on", "2026-12-31")],
    },
    Row { endpoint: "complete_plan_task", allowed: Allowed::SignedIn, args: &[("task_id", "999999")] },
    Row {
        endpoint: "add_plan_spending",
        allowed: Allowed::SignedIn,
        args: &[("plan_id", "999999"), ("spent_on", "2026-01-01"), ("amount", "1"), ("purpose", "x")],
    },
    // Judging: the panel is the check (a round nobody judges is 404 to anyone signed in).
    Row { endpoint: "my_panels", allowed: Allowed::SignedIn, args: &[] },
    Row { endpoint: "judge_pad", allowed: Allowed::SignedIn, args: &[("round", "999999")] },
    Row {
        endpoint: "submit_marks",
        allowed: Allowed::SignedIn,
        args: &[("round", "999999"), ("contestant", "1"), ("client_id", "probe")],
    },
    Row { endpoint: "sign_sheet", allowed: Allowed::SignedIn, args: &[("round", "999999")] },
    Row { endpoint: "round_results", allowed: Allowed::SignedIn, args: &[("round", "999999")] },
    Row {
        endpoint: "add_deduction",
        allowed: Allowed::SignedIn,
        args: &[("round", "999999"), ("contestant", "1"), ("points", "1"), ("reason", "迟到")],
    },
    Row {
        endpoint: "override_spread",
        allowed: Allowed::SignedIn,
        args: &[("round", "999999"), ("contestant", "1"), ("attempt", "1"), ("criterion", "x"), ("reason", "复核无误")],
    },
    Row {
        endpoint: "reopen_sheet",
        allowed: Allowed::SignedIn,
        args: &[("round", "999999"), ("judge", "1"), ("reason", "更正笔误")],
    },
    Row { endpoint: "lock_round", allowed: Allowed::SignedIn, args: &[("round", "999999")] },
    Row { endpoint: "publish_round", allowed: Allowed::SignedIn, args: &[("round", "999999")] },
    // The big screen of a competition that is not public (demo round 3); a public one is open to
    // anyone (tested in competitions.rs).
    Row { endpoint: "round_screen", allowed: Allowed::Staff, args: &[("round", "3")] },
    // Another's sheet only for organisers (a judge's own sheet is tested in competitions.rs).
    Row { endpoint: "judge_sheet", allowed: Allowed::Roles(ADMIN), args: &[("round", "1"), ("judge", "999999")] },
    Row {
        endpoint: "correct_round", allowed: Allowed::SignedIn, args: &[("round", "999999"), ("reason", "更正笔误")]
    },
    Row { endpoint: "set_difficulties", allowed: Allowed::SignedIn, args: &[("round", "999999")] },
    Row { endpoint: "event_results", allowed: Allowed::Staff, args: &[("event", "999999")] },
    Row {
        endpoint: "advance_round",
        allowed: Allowed::Roles(ADMIN),
        args: &[("round", "999999"), ("by", "top"), ("value", "3")],
    },
    // Organising competitions.
    Row { endpoint: "list_competitions", allowed: Allowed::Staff, args: &[("page", "1")] },
    Row {
        endpoint: "create_competition",
        allowed: Allowed::Roles(ADMIN),
        args: &[("name", ""), ("kind", "skill"), ("owner", "union"), ("opens", "2026-01-01"), ("closes", "2026-02-01")],
    },
    Row { endpoint: "get_competition", allowed: Allowed::Staff, args: &[("id", "999999")] },
    Row {
        endpoint: "set_eligible",
        allowed: Allowed::Roles(ADMIN),
        args: &[("competition", "999999"), ("department", "x"), ("op", "add")],
    },
    Row {
        endpoint: "add_event",
        allowed: Allowed::Roles(ADMIN),
        args: &[
            ("competition", "999999"),
            ("draft[name]", "x"),
            ("draft[entry]", "individual"),
            ("draft[combine]", "sum"),
            ("draft[tier_by]", "count"),
        ],
    },
    Row { endpoint: "add_round", allowed: Allowed::Roles(ADMIN), args: &[("event", "999999"), ("name", "决赛")] },
    Row { endpoint: "round_setup", allowed: Allowed::Roles(ADMIN), args: &[("round", "999999")] },
    Row {
        endpoint: "save_scheme",
        allowed: Allowed::Roles(ADMIN),
        args: &[
            ("round", "999999"),
            ("draft[attempts]", "1"),
            ("draft[aggregate]", "mean"),
            ("draft[factor]", "1"),
            ("draft[decimals]", "2"),
            ("draft[rounding]", "half_up"),
        ],
    },
    Row { endpoint: "add_judge", allowed: Allowed::Roles(ADMIN), args: &[("round", "999999"), ("who", "judge")] },
    Row { endpoint: "remove_judge", allowed: Allowed::Roles(ADMIN), args: &[("round", "999999"), ("person", "1")] },
    Row {
        endpoint: "add_guest_judge",
        allowed: Allowed::Roles(ADMIN),
        args: &[("round", "999999"), ("display_name", ""), ("username", ""), ("password", "")],
    },
    Row { endpoint: "register_entry", allowed: Allowed::Staff, args: &[("event", "999999")] },
    Row { endpoint: "set_entry", allowed: Allowed::Staff, args: &[("contestant", "999999"), ("status", "withdrawn")] },
    Row {
        endpoint: "event_entries",
        allowed: Allowed::Roles(ADMIN),
        args: &[("event", "999999"), ("status", "pending"), ("page", "1")],
    },
    Row { endpoint: "draw_order", allowed: Allowed::Roles(ADMIN), args: &[("event", "999999")] },
    Row { endpoint: "draw_check", allowed: Allowed::Staff, args: &[("event", "999999")] },
    Row { endpoint: "set_prizes", allowed: Allowed::Roles(ADMIN), args: &[("event", "999999")] },
    Row { endpoint: "set_members", allowed: Allowed::Staff, args: &[("contestant", "999999"), ("members", "x")] },
    Row { endpoint: "confirm_awards", allowed: Allowed::Roles(ADMIN), args: &[("event", "999999")] },
    Row { endpoint: "load_board", allowed: Allowed::Staff, args: &[("query[board]", "team")] },
    Row { endpoint: "load_board_screen", allowed: Allowed::Staff, args: &[("window", "month")] },
    Row { endpoint: "load_honour_roll", allowed: Allowed::Staff, args: &[] },
    Row { endpoint: "load_honour", allowed: Allowed::Staff, args: &[("id", "1")] },
    Row { endpoint: "nominate", allowed: Allowed::Roles(NOMINATORS), args: &[("form[kind]", "x")] },
    Row {
        endpoint: "decide_honour",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("decision", "publish")],
    },
    Row { endpoint: "load_person_page", allowed: Allowed::Staff, args: &[("id", "1")] },
    Row { endpoint: "load_team_page", allowed: Allowed::Staff, args: &[("id", "1")] },
    Row {
        endpoint: "correct_points",
        allowed: Allowed::Roles(ADMIN),
        args: &[("entry", "999999"), ("points", "5"), ("note", "复核")],
    },
    // Team evaluations and labour competitions.
    Row { endpoint: "load_evaluations", allowed: Allowed::Staff, args: &[] },
    Row { endpoint: "create_evaluation", allowed: Allowed::Roles(ADMIN), args: &[("form[title]", "")] },
    Row { endpoint: "load_evaluation", allowed: Allowed::Staff, args: &[("id", "999999")] },
    Row {
        endpoint: "add_evaluation_teams",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("department", "x")],
    },
    Row {
        endpoint: "remove_evaluation_team",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("team", "1")],
    },
    Row { endpoint: "add_evaluator", allowed: Allowed::Roles(ADMIN), args: &[("id", "999999"), ("who", "judge")] },
    Row { endpoint: "remove_evaluator", allowed: Allowed::Roles(ADMIN), args: &[("id", "999999"), ("person", "1")] },
    Row { endpoint: "load_score_sheet", allowed: Allowed::Staff, args: &[("id", "999999")] },
    Row { endpoint: "save_team_sheet", allowed: Allowed::Staff, args: &[("id", "999999"), ("team", "1")] },
    Row { endpoint: "publish_evaluation", allowed: Allowed::Roles(ADMIN), args: &[("id", "999999")] },
    Row { endpoint: "create_contest", allowed: Allowed::Roles(ADMIN), args: &[("form[title]", "")] },
    Row { endpoint: "load_contest", allowed: Allowed::Staff, args: &[("id", "999999")] },
    Row {
        endpoint: "add_contest_entrants",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("department", "x")],
    },
    Row {
        endpoint: "remove_contest_entrant",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("entrant", "1")],
    },
    Row {
        endpoint: "save_contest_values",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("period", "m2026-01"), ("entrant", "1")],
    },
    Row {
        endpoint: "close_contest_period",
        allowed: Allowed::Roles(ADMIN),
        args: &[("id", "999999"), ("period", "m2026-01")],
    },
    // Last: it ends the probing session.
    Row { endpoint: "logout", allowed: Allowed::Anyone, args: &[] },
];

fn registered_endpoints() -> BTreeSet<String> {
    server_fn::axum::server_fn_paths().map(|(path, _method)| path.trim_start_matches("/api/").to_string()).collect()
}

#[test]
fn every_server_function_is_in_the_table() {
    let registered = registered_endpoints();
    assert!(registered.len() >= 20, "server functions not registered? {registered:?}");
    let listed: BTreeSet<String> = TABLE.iter().map(|r| r.endpoint.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions without a row in the authorization table: {missing:?}");
    assert!(stale.is_empty(), "rows for server functions that do not exist: {stale:?}");
}

/// Whether a caller holding `held` (none: a visitor) gets in.
fn permitted(allowed: Allowed, held: Option<&[Role]>) -> bool {
    match (allowed, held) {
        (Allowed::Anyone, _) => true,
        (_, None) => false,
        (Allowed::SignedIn, Some(_)) => true,
        (Allowed::Staff, Some(held)) => held.iter().any(|r| *r != Role::GuestJudge),
        (Allowed::Roles(roles), Some(held)) => held.iter().any(|r| roles.contains(r)),
    }
}

#[tokio::test]
async fn each_row_is_enforced_over_http() {
    let app = spawn_app().await;
    let people_before = app.count("SELECT COUNT(*) FROM people").await;
    let teams_before = app.count("SELECT COUNT(*) FROM teams").await;
    let mut failures = Vec::new();
    // A visitor, then one demo account per role. The demo employee holds only the employee role;
    // the others hold theirs beside it, so a refusal really is about the role under test.
    let callers: Vec<Option<Role>> = std::iter::once(None).chain(Role::ALL.into_iter().map(Some)).collect();
    for caller in callers {
        let client = match caller {
            None => app.client(),
            Some(role) => app.login_role(role).await,
        };
        for row in TABLE {
            let reply = app.call(&client, row.endpoint, row.args).await;
            // Every demo account is an employee besides its own role, but the guest judge.
            let held = caller.map(|r| if r == Role::GuestJudge { vec![r] } else { vec![Role::Employee, r] });
            let expect_in = permitted(row.allowed, held.as_deref());
            let refused = reply.status == 401 || reply.status == 403;
            if expect_in == refused {
                failures.push(format!("{} as {:?}: {} {}", row.endpoint, caller, reply.status, reply.body));
            }
            if !expect_in {
                let want = if caller.is_none() { 401 } else { 403 };
                if reply.status != want {
                    failures.push(format!("{} as {:?}: want {want}, got {}", row.endpoint, caller, reply.status));
                }
            }
        }
    }
    assert!(failures.is_empty(), "authorization table violated:\n{}", failures.join("\n"));
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, people_before, "a probe changed people");
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, teams_before, "a probe changed teams");
}
