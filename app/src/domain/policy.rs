//! Who may do what to which object: one policy per object, as pure functions over facts the
//! services load. The server functions, the services and the axum handlers (attachments,
//! exports) all ask here; no check is written twice. Role-wide permissions (who may open the
//! admin pages at all) are in [`super::authz`].

use super::authz::{allows, Permission};
use super::project::{available_actions, Action, Actor, EntryKind, Stage};
use super::roles::Role;

/// Money a person received (prizes, rewards) is shown only to them and to union admins.
pub fn sees_money_of(v: Viewer, person: i64) -> bool {
    v.id == person || v.roles.contains(&Role::UnionAdmin)
}

/// The person asking.
#[derive(Clone, Copy, Debug)]
pub struct Viewer<'a> {
    pub id: i64,
    pub roles: &'a [Role],
}

impl Viewer<'_> {
    fn may(&self, permission: Permission) -> bool {
        allows(self.roles, permission)
    }
}

/// What decides access to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFacts {
    pub stage: Stage,
    pub author_id: i64,
    /// The responsible leader (挂钩领导).
    pub leader_id: i64,
    pub member_ids: Vec<i64>,
    /// The leader (领衔人) of the studio the project is filed under, if any.
    pub studio_leader_id: Option<i64>,
}

impl ProjectFacts {
    pub fn is_author(&self, v: Viewer) -> bool {
        v.id == self.author_id
    }

    pub fn is_member(&self, v: Viewer) -> bool {
        self.member_ids.contains(&v.id)
    }

    /// The project's team: its author and members.
    pub fn on_team(&self, v: Viewer) -> bool {
        self.is_author(v) || self.is_member(v)
    }

    /// Authors, members and the responsible leader have a stake in the project.
    pub fn has_stake(&self, v: Viewer) -> bool {
        self.is_author(v) || self.is_member(v) || v.id == self.leader_id
    }

    /// Approved projects and beyond are public to everyone signed in (公布实施过程); drafts and
    /// proposals only to those with a stake, the studio's leader and union admins.
    pub fn may_view(&self, v: Viewer) -> bool {
        self.stage.is_public()
            || self.has_stake(v)
            || self.studio_leader_id == Some(v.id)
            || v.roles.contains(&Role::UnionAdmin)
    }

    /// Reviewers pass gates: union admins, and the leader of the project's studio; never someone
    /// who authored the project, works on it or answers for it.
    pub fn may_review(&self, v: Viewer) -> bool {
        (v.roles.contains(&Role::UnionAdmin) || self.studio_leader_id == Some(v.id)) && !self.has_stake(v)
    }

    /// Whether `v` may take `action` now (the stage must also allow it: see [`Self::actions`]).
    pub fn may_take(&self, v: Viewer, action: Action) -> bool {
        match action.actor() {
            Actor::Author => self.is_author(v),
            Actor::Reviewer => self.may_review(v),
        }
    }

    /// The actions open to `v` in the current stage.
    pub fn actions(&self, v: Viewer) -> Vec<Action> {
        available_actions(self.stage, self.is_author(v), self.may_review(v))
    }

    /// Only the author edits, and only a draft or a returned proposal.
    pub fn may_edit(&self, v: Viewer) -> bool {
        self.is_author(v) && self.stage.is_editable()
    }

    /// The author and members report progress and trial results, in the stages that take them.
    pub fn may_report(&self, v: Viewer) -> bool {
        (self.is_author(v) || self.is_member(v)) && EntryKind::for_stage(self.stage).is_some()
    }

    /// The author and members attach files while the project is open.
    pub fn may_attach(&self, v: Viewer) -> bool {
        (self.is_author(v) || self.is_member(v)) && self.stage.is_open()
    }
}

/// A proposal may be filed under a studio only by someone who belongs to it (a member or its leader).
pub fn may_file_under_studio(author_belongs_to_studio: bool) -> bool {
    author_belongs_to_studio
}

/// Whose projects wait in a reviewer's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueueScope {
    /// Union admins review every project.
    All,
    /// A studio leader reviews the projects of the studios they lead.
    StudiosLedBy(i64),
    Nothing,
}

pub fn review_queue_scope(v: Viewer) -> QueueScope {
    if v.roles.contains(&Role::UnionAdmin) {
        QueueScope::All
    } else if v.roles.contains(&Role::StudioLeader) {
        QueueScope::StudiosLedBy(v.id)
    } else {
        QueueScope::Nothing
    }
}

/// What decides access to a studio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StudioFacts {
    pub leader_id: i64,
}

impl StudioFacts {
    /// The studio's leader and union admins keep its yearly plan (goals, tasks, budget, spending).
    pub fn may_plan(&self, v: Viewer) -> bool {
        v.may(Permission::ManageStudios) || v.id == self.leader_id
    }

    /// Only union admins change a studio itself (name, level, leader, members).
    pub fn may_edit(&self, v: Viewer) -> bool {
        v.may(Permission::ManageStudios)
    }

    /// On the studio's page: public projects to everyone; proposals to the leader and admins.
    pub fn may_list_project(&self, v: Viewer, stage: Stage) -> bool {
        stage.is_public() || self.may_plan(v)
    }
}

/// Which ledger lines a person sees (on the page and in the exports alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerScope {
    Everyone,
    Own(i64),
}

pub fn ledger_scope(v: Viewer) -> LedgerScope {
    if v.may(Permission::ManageRewards) {
        LedgerScope::Everyone
    } else {
        LedgerScope::Own(v.id)
    }
}

impl LedgerScope {
    /// The person the lines are restricted to, if any.
    pub fn only_person(self) -> Option<i64> {
        match self {
            LedgerScope::Everyone => None,
            LedgerScope::Own(id) => Some(id),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_is_shown_to_its_person_and_union_admins_only() {
        let admin = [Role::Employee, Role::UnionAdmin];
        let lead = [Role::Employee, Role::TeamLead];
        assert!(super::sees_money_of(Viewer { id: 7, roles: &lead }, 7));
        assert!(!super::sees_money_of(Viewer { id: 8, roles: &lead }, 7));
        assert!(super::sees_money_of(Viewer { id: 8, roles: &admin }, 7));
    }

    use super::*;
    use Role::*;

    const AUTHOR: i64 = 1;
    const MEMBER: i64 = 2;
    const LEADER: i64 = 3;
    const STUDIO_LEADER: i64 = 4;
    const ADMIN: i64 = 5;
    const OTHER: i64 = 6;

    fn facts(stage: Stage) -> ProjectFacts {
        ProjectFacts {
            stage,
            author_id: AUTHOR,
            leader_id: LEADER,
            member_ids: vec![AUTHOR, MEMBER],
            studio_leader_id: Some(STUDIO_LEADER),
        }
    }

    fn v(id: i64, roles: &[Role]) -> Viewer<'_> {
        Viewer { id, roles }
    }

    /// (who, roles, stage) → (view, review, edit, report, attach)
    #[test]
    fn project_policy_table() {
        let table: &[(i64, &[Role], Stage, [bool; 5])] = &[
            (AUTHOR, &[TeamLead], Stage::Draft, [true, false, true, false, true]),
            (AUTHOR, &[TeamLead], Stage::Returned, [true, false, true, false, true]),
            (AUTHOR, &[TeamLead], Stage::InProgress, [true, false, false, true, true]),
            (AUTHOR, &[TeamLead], Stage::Adopted, [true, false, false, false, false]),
            (MEMBER, &[Employee], Stage::Submitted, [true, false, false, false, true]),
            (MEMBER, &[Employee], Stage::Trial, [true, false, false, true, true]),
            (LEADER, &[Employee], Stage::Draft, [true, false, false, false, false]),
            (STUDIO_LEADER, &[StudioLeader], Stage::Submitted, [true, true, false, false, false]),
            (ADMIN, &[UnionAdmin], Stage::Draft, [true, true, false, false, false]),
            (ADMIN, &[UnionAdmin], Stage::Trial, [true, true, false, false, false]),
            (OTHER, &[Employee], Stage::Submitted, [false, false, false, false, false]),
            (OTHER, &[Employee], Stage::Approved, [true, false, false, false, false]),
            (OTHER, &[StudioLeader], Stage::Submitted, [false, false, false, false, false]),
            (OTHER, &[Judge, ChiefJudge], Stage::Closed, [true, false, false, false, false]),
        ];
        for (id, roles, stage, want) in table {
            let f = facts(*stage);
            let who = v(*id, roles);
            let got = [f.may_view(who), f.may_review(who), f.may_edit(who), f.may_report(who), f.may_attach(who)];
            assert_eq!(&got, want, "person {id} {roles:?} on a {stage:?} project");
        }
    }

    #[test]
    fn nobody_reviews_a_project_they_have_a_stake_in() {
        // A studio leader who files under his own studio as its only member cannot approve it.
        let own = ProjectFacts {
            stage: Stage::Submitted,
            author_id: STUDIO_LEADER,
            leader_id: LEADER,
            member_ids: vec![STUDIO_LEADER],
            studio_leader_id: Some(STUDIO_LEADER),
        };
        let me = v(STUDIO_LEADER, &[StudioLeader, TeamLead]);
        assert!(!own.may_review(me));
        assert!(!own.may_take(me, Action::Approve));
        assert_eq!(own.actions(me), Vec::<Action>::new());
        // Nor an admin who is a member, nor one who answers for it.
        for stake in [AUTHOR, MEMBER, LEADER] {
            assert!(!facts(Stage::Submitted).may_review(v(stake, &[UnionAdmin])), "{stake}");
        }
        // The author still submits; reviewers never do.
        let draft = facts(Stage::Draft);
        assert_eq!(draft.actions(v(AUTHOR, &[TeamLead])), vec![Action::Submit]);
        assert_eq!(draft.actions(v(ADMIN, &[UnionAdmin])), Vec::<Action>::new());
        assert_eq!(
            facts(Stage::Submitted).actions(v(ADMIN, &[UnionAdmin])),
            vec![Action::Return, Action::Approve, Action::Close]
        );
    }

    #[test]
    fn filing_under_a_studio_needs_membership() {
        assert!(may_file_under_studio(true));
        assert!(!may_file_under_studio(false));
    }

    #[test]
    fn studio_policy_table() {
        let s = StudioFacts { leader_id: STUDIO_LEADER };
        let table: &[(i64, &[Role], [bool; 3])] = &[
            (STUDIO_LEADER, &[StudioLeader], [true, false, true]),
            (ADMIN, &[UnionAdmin], [true, true, true]),
            (OTHER, &[StudioLeader], [false, false, false]),
            (OTHER, &[Employee], [false, false, false]),
        ];
        for (id, roles, want) in table {
            let who = v(*id, roles);
            let got = [s.may_plan(who), s.may_edit(who), s.may_list_project(who, Stage::Submitted)];
            assert_eq!(&got, want, "person {id} {roles:?}");
            assert!(s.may_list_project(who, Stage::Approved));
        }
    }

    #[test]
    fn ledger_and_queue_scopes() {
        assert_eq!(ledger_scope(v(ADMIN, &[UnionAdmin])), LedgerScope::Everyone);
        for roles in [&[Employee][..], &[TeamLead], &[StudioLeader], &[Judge], &[ChiefJudge]] {
            assert_eq!(ledger_scope(v(OTHER, roles)), LedgerScope::Own(OTHER), "{roles:?}");
        }
        assert_eq!(review_queue_scope(v(ADMIN, &[UnionAdmin, StudioLeader])), QueueScope::All);
        assert_eq!(review_queue_scope(v(OTHER, &[StudioLeader])), QueueScope::StudiosLedBy(OTHER));
        assert_eq!(review_queue_scope(v(OTHER, &[TeamLead])), QueueScope::Nothing);
    }
}

/// Where a judge and a contestant sit in the org tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgPlace {
    pub person: i64,
    pub team: i64,
    pub department: i64,
}

/// Conflict of interest (回避): a judge never scores themself or a contestant of their own team,
/// nor of their own department when the competition says so.
pub fn judge_conflicted(judge: OrgPlace, contestant: OrgPlace, department_rule: bool) -> bool {
    judge.person == contestant.person
        || judge.team == contestant.team
        || (department_rule && judge.department == contestant.department)
}

#[cfg(test)]
mod judge_tests {
    use super::*;

    #[test]
    fn judges_never_score_their_own_team_nor_department_when_the_competition_says_so() {
        let judge = OrgPlace { person: 1, team: 10, department: 100 };
        let same_team = OrgPlace { person: 2, team: 10, department: 100 };
        let same_dept = OrgPlace { person: 3, team: 11, department: 100 };
        let other = OrgPlace { person: 4, team: 20, department: 200 };
        assert!(judge_conflicted(judge, judge, false));
        assert!(judge_conflicted(judge, same_team, false));
        assert!(!judge_conflicted(judge, same_dept, false));
        assert!(judge_conflicted(judge, same_dept, true));
        assert!(!judge_conflicted(judge, other, true));
    }
}
