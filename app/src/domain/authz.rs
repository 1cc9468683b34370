//! Who may do what. Every server function asks one of these questions before it acts; the
//! navigation asks the same ones, so a link is shown exactly when its page would let you in.

use super::roles::Role;
use super::validation::FieldError;

/// An action a caller may be allowed to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Browse the organisation directory (every signed-in person).
    ViewDirectory,
    /// See one's own team roster with contact details (team leads).
    ViewOwnTeam,
    /// Create and edit the company, departments and teams.
    ManageOrganisation,
    /// Create and edit people, their roles, passwords and whether they may sign in.
    ManagePeople,
    /// Read the audit log.
    ViewAuditLog,
    /// Propose innovation projects (team leads and studio leaders).
    SubmitProjects,
    /// Work the review queue: union admins for all projects, studio leaders for their studios'.
    ReviewProjects,
    /// Create and edit studios.
    ManageStudios,
    /// Set reward rules and approve and pay ledger lines.
    ManageRewards,
    /// Organise competitions: events, rounds, schemes, panels; see unpublished results.
    ManageCompetitions,
    /// Publish or decline nominations to the honour roll, correct points entries.
    ManageHonours,
    /// Run team evaluations (五比两树) and labour competitions: set up, enter teams and panels,
    /// enter values, publish.
    ManageEvaluations,
    /// Open the judge pad (judges and chief judges; what they may mark is the panel's business).
    Judge,
}

pub fn allows(roles: &[Role], permission: Permission) -> bool {
    let has = |r: Role| roles.contains(&r);
    match permission {
        // A guest judge (外聘评委) is not one of the organisation's people: judging only.
        Permission::ViewDirectory => roles.iter().any(|r| *r != Role::GuestJudge),
        Permission::ViewOwnTeam => has(Role::TeamLead),
        Permission::SubmitProjects => has(Role::TeamLead) || has(Role::StudioLeader),
        Permission::ReviewProjects => has(Role::UnionAdmin) || has(Role::StudioLeader),
        Permission::ManageOrganisation
        | Permission::ManagePeople
        | Permission::ViewAuditLog
        | Permission::ManageStudios
        | Permission::ManageRewards
        | Permission::ManageCompetitions
        | Permission::ManageHonours
        | Permission::ManageEvaluations => has(Role::UnionAdmin),
        Permission::Judge => has(Role::Judge) || has(Role::ChiefJudge) || has(Role::GuestJudge),
    }
}

/// A top-level area of the app, shown in the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Home,
    Boards,
    Honours,
    Projects,
    Review,
    Studios,
    Rewards,
    Competitions,
    Evaluations,
    Judging,
    Directory,
    MyTeam,
    AdminRules,
    AdminOrganisation,
    AdminPeople,
    AdminAudit,
}

impl Section {
    pub fn path(self) -> &'static str {
        match self {
            Section::Home => "/",
            Section::Boards => "/boards",
            Section::Honours => "/honours",
            Section::Projects => "/projects",
            Section::Review => "/review",
            Section::Studios => "/studios",
            Section::Rewards => "/rewards",
            Section::Competitions => "/competitions",
            Section::Evaluations => "/evaluations",
            Section::Judging => "/judge",
            Section::AdminRules => "/admin/rules",
            Section::Directory => "/directory",
            Section::MyTeam => "/my-team",
            Section::AdminOrganisation => "/admin/org",
            Section::AdminPeople => "/admin/people",
            Section::AdminAudit => "/admin/audit",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Section::Home => "nav.home",
            Section::Boards => "nav.boards",
            Section::Honours => "nav.honours",
            Section::Projects => "nav.projects",
            Section::Review => "nav.review",
            Section::Studios => "nav.studios",
            Section::Rewards => "nav.rewards",
            Section::Competitions => "nav.competitions",
            Section::Evaluations => "nav.evaluations",
            Section::Judging => "nav.judging",
            Section::AdminRules => "nav.admin_rules",
            Section::Directory => "nav.directory",
            Section::MyTeam => "nav.my_team",
            Section::AdminOrganisation => "nav.admin_org",
            Section::AdminPeople => "nav.admin_people",
            Section::AdminAudit => "nav.admin_audit",
        }
    }

    /// An administration page (folded under one entry of the navigation).
    pub fn is_admin(self) -> bool {
        matches!(self, Section::AdminRules | Section::AdminOrganisation | Section::AdminPeople | Section::AdminAudit)
    }

    fn permission(self) -> Option<Permission> {
        match self {
            Section::Home => None,
            Section::Boards
            | Section::Honours
            | Section::Projects
            | Section::Studios
            | Section::Rewards
            | Section::Competitions
            | Section::Evaluations => Some(Permission::ViewDirectory),
            Section::Review => Some(Permission::ReviewProjects),
            Section::Judging => Some(Permission::Judge),
            Section::AdminRules => Some(Permission::ManageRewards),
            Section::Directory => Some(Permission::ViewDirectory),
            Section::MyTeam => Some(Permission::ViewOwnTeam),
            Section::AdminOrganisation => Some(Permission::ManageOrganisation),
            Section::AdminPeople => Some(Permission::ManagePeople),
            Section::AdminAudit => Some(Permission::ViewAuditLog),
        }
    }
}

/// The navigation a person with these roles sees, in order.
pub fn sections(roles: &[Role]) -> Vec<Section> {
    [
        Section::Home,
        Section::Boards,
        Section::Honours,
        Section::Projects,
        Section::Review,
        Section::Studios,
        Section::Rewards,
        Section::Competitions,
        Section::Evaluations,
        Section::Judging,
        Section::Directory,
        Section::MyTeam,
        Section::AdminOrganisation,
        Section::AdminPeople,
        Section::AdminAudit,
        Section::AdminRules,
    ]
    .into_iter()
    .filter(|s| s.permission().is_none_or(|p| allows(roles, p)))
    .collect()
}

/// Where to go after signing in: `next` when it is a path on this site (one `/`, no scheme, no
/// host, nothing a browser would read as another site), the home page otherwise.
pub fn return_path(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 500;
    if ok {
        next
    } else {
        "/"
    }
}

/// An admin may not lock themselves out: no disabling oneself, no dropping one's own admin role.
pub fn check_self_change(
    actor_id: i64,
    target_id: i64,
    new_roles: Option<&[Role]>,
    new_active: Option<bool>,
) -> Result<(), FieldError> {
    if actor_id != target_id {
        return Ok(());
    }
    if new_active == Some(false) {
        return Err(FieldError::new("active", "err.self.disable"));
    }
    if new_roles.is_some_and(|r| !r.contains(&Role::UnionAdmin)) {
        return Err(FieldError::new("roles", "err.self.drop_admin"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_returns_only_to_a_path_on_this_site() {
        assert_eq!(return_path("/projects?tab=feed"), "/projects?tab=feed");
        for bad in ["", "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/a\nb"] {
            assert_eq!(return_path(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn employees_see_home_and_directory_only() {
        assert_eq!(
            sections(&[Role::Employee]),
            vec![
                Section::Home,
                Section::Boards,
                Section::Honours,
                Section::Projects,
                Section::Studios,
                Section::Rewards,
                Section::Competitions,
                Section::Evaluations,
                Section::Directory
            ]
        );
    }

    #[test]
    fn team_leads_see_their_team() {
        assert!(sections(&[Role::Employee, Role::TeamLead]).contains(&Section::MyTeam));
        assert!(!allows(&[Role::TeamLead], Permission::ManagePeople));
    }

    #[test]
    fn admins_see_administration() {
        let s = sections(&[Role::UnionAdmin]);
        for x in [Section::AdminOrganisation, Section::AdminPeople, Section::AdminAudit] {
            assert!(s.contains(&x));
        }
        for r in [Role::Employee, Role::TeamLead, Role::StudioLeader, Role::Judge, Role::ChiefJudge] {
            assert!(!allows(&[r], Permission::ManageOrganisation), "{r:?}");
            assert!(!allows(&[r], Permission::ViewAuditLog), "{r:?}");
        }
    }

    #[test]
    fn guest_judges_may_only_judge() {
        assert_eq!(sections(&[Role::GuestJudge]), vec![Section::Home, Section::Judging]);
        assert!(allows(&[Role::GuestJudge], Permission::Judge));
        assert!(!allows(&[Role::GuestJudge], Permission::ViewDirectory));
        assert!(allows(&[Role::GuestJudge, Role::Employee], Permission::ViewDirectory));
    }

    #[test]
    fn nobody_without_roles_sees_the_directory() {
        assert!(!allows(&[], Permission::ViewDirectory));
        assert_eq!(sections(&[]), vec![Section::Home]);
    }

    #[test]
    fn no_self_lockout() {
        assert!(check_self_change(1, 1, None, Some(false)).is_err());
        assert!(check_self_change(1, 1, Some(&[Role::Employee]), None).is_err());
        assert!(check_self_change(1, 1, Some(&[Role::UnionAdmin]), Some(true)).is_ok());
        assert!(check_self_change(1, 2, Some(&[]), Some(false)).is_ok());
    }
}
