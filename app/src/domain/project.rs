//! Innovation projects (创新项目) and their lifecycle, proposal to adoption (立项、推进、实践、转化):
//!
//! ```text
//! draft ─submit→ submitted ─approve→ approved ─progress→ in progress ─trial→ trial ─adopt→ adopted
//!                   └return (reason)→ returned ─submit→ submitted
//! any open stage ─close (reason)→ closed
//! ```

use super::money::BasisPoints;
use super::validation::FieldError;
use serde::{Deserialize, Serialize};

/// The most characters a proposal's problem or solution may have (shown as a counter on the form).
pub const TEXT_MAX: usize = 5000;
/// The longest benefit description (expected or actual).
pub const BENEFIT_TEXT_MAX: usize = 2000;
/// The longest reviewer's comment or reason on an action.
pub const COMMENT_MAX: usize = 2000;

/// 项目类别
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// 技术创新
    Technical,
    /// 管理创新
    Management,
    /// 制度创新
    Institutional,
    /// 五小
    FiveSmall,
    /// 合理化建议
    Rationalisation,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Technical,
        Category::Management,
        Category::Institutional,
        Category::FiveSmall,
        Category::Rationalisation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Technical => "technical",
            Category::Management => "management",
            Category::Institutional => "institutional",
            Category::FiveSmall => "five_small",
            Category::Rationalisation => "rationalisation",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Category::ALL
            .into_iter()
            .find(|c| c.code() == code.trim())
            .ok_or_else(|| FieldError::new("category", "err.category.invalid"))
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Category::Technical => "project.category.technical",
            Category::Management => "project.category.management",
            Category::Institutional => "project.category.institutional",
            Category::FiveSmall => "project.category.five_small",
            Category::Rationalisation => "project.category.rationalisation",
        }
    }
}

/// The five kinds of 五小 projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FiveSmallKind {
    /// 小发明
    Invention,
    /// 小创造
    Creation,
    /// 小革新
    Renovation,
    /// 小设计
    Design,
    /// 小建议
    Suggestion,
}

impl FiveSmallKind {
    pub const ALL: [FiveSmallKind; 5] = [
        FiveSmallKind::Invention,
        FiveSmallKind::Creation,
        FiveSmallKind::Renovation,
        FiveSmallKind::Design,
        FiveSmallKind::Suggestion,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FiveSmallKind::Invention => "invention",
            FiveSmallKind::Creation => "creation",
            FiveSmallKind::Renovation => "renovation",
            FiveSmallKind::Design => "design",
            FiveSmallKind::Suggestion => "suggestion",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            FiveSmallKind::Invention => "project.five_small.invention",
            FiveSmallKind::Creation => "project.five_small.creation",
            FiveSmallKind::Renovation => "project.five_small.renovation",
            FiveSmallKind::Design => "project.five_small.design",
            FiveSmallKind::Suggestion => "project.five_small.suggestion",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        FiveSmallKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

/// A 五小 project must name its kind; other categories must not.
pub fn parse_category(category: &str, five_small_kind: &str) -> Result<(Category, Option<FiveSmallKind>), FieldError> {
    let c = Category::parse(category)?;
    match (c, FiveSmallKind::parse(five_small_kind)) {
        (Category::FiveSmall, Some(k)) => Ok((c, Some(k))),
        (Category::FiveSmall, None) => Err(FieldError::new("five_small_kind", "err.five_small_kind.missing")),
        (_, _) => Ok((c, None)),
    }
}

/// Where a project stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// 草稿
    Draft,
    /// 已提交（待立项审核）
    Submitted,
    /// 退回修改
    Returned,
    /// 已立项
    Approved,
    /// 推进中
    InProgress,
    /// 实践（试用）
    Trial,
    /// 已转化
    Adopted,
    /// 未转化关闭
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Draft,
        Stage::Submitted,
        Stage::Returned,
        Stage::Approved,
        Stage::InProgress,
        Stage::Trial,
        Stage::Adopted,
        Stage::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::Returned => "returned",
            Stage::Approved => "approved",
            Stage::InProgress => "in_progress",
            Stage::Trial => "trial",
            Stage::Adopted => "adopted",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Stage::Draft => "project.stage.draft",
            Stage::Submitted => "project.stage.submitted",
            Stage::Returned => "project.stage.returned",
            Stage::Approved => "project.stage.approved",
            Stage::InProgress => "project.stage.in_progress",
            Stage::Trial => "project.stage.trial",
            Stage::Adopted => "project.stage.adopted",
            Stage::Closed => "project.stage.closed",
        }
    }

    /// Neither adopted nor closed.
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Adopted | Stage::Closed)
    }

    /// Approved or beyond: published in the feed to every employee (公布实施过程).
    pub fn is_public(self) -> bool {
        matches!(self, Stage::Approved | Stage::InProgress | Stage::Trial | Stage::Adopted | Stage::Closed)
    }

    /// The author may still edit the proposal.
    pub fn is_editable(self) -> bool {
        matches!(self, Stage::Draft | Stage::Returned)
    }
}

/// A step a person takes on a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// 提交（或退回后重新提交）
    Submit,
    /// 退回修改
    Return,
    /// 立项
    Approve,
    /// 通过推进节点
    Progress,
    /// 进入实践
    Trial,
    /// 转化
    Adopt,
    /// 关闭（未转化）
    Close,
}

/// Who takes an action: the author (the submitting team lead) or a reviewer (union admin).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Author,
    Reviewer,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Submit,
        Action::Return,
        Action::Approve,
        Action::Progress,
        Action::Trial,
        Action::Adopt,
        Action::Close,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Return => "return",
            Action::Approve => "approve",
            Action::Progress => "progress",
            Action::Trial => "trial",
            Action::Adopt => "adopt",
            Action::Close => "close",
        }
    }

    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Action::Submit => "project.action.submit",
            Action::Return => "project.action.return",
            Action::Approve => "project.action.approve",
            Action::Progress => "project.action.progress",
            Action::Trial => "project.action.trial",
            Action::Adopt => "project.action.adopt",
            Action::Close => "project.action.close",
        }
    }

    pub fn actor(self) -> Actor {
        match self {
            Action::Submit => Actor::Author,
            _ => Actor::Reviewer,
        }
    }

    /// Every gate is passed with a comment; returning and closing need the reason.
    pub fn needs_comment(self) -> bool {
        !matches!(self, Action::Submit)
    }

    /// The stage reward (if any) that passing this gate earns.
    pub fn reward_gate(self) -> Option<Gate> {
        match self {
            Action::Approve => Some(Gate::Approval),
            Action::Progress => Some(Gate::Progress),
            Action::Trial => Some(Gate::Trial),
            Action::Adopt => Some(Gate::Adoption),
            _ => None,
        }
    }
}

/// A gate that earns a stage reward and points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gate {
    Approval,
    Progress,
    Trial,
    Adoption,
}

impl Gate {
    pub fn code(self) -> &'static str {
        match self {
            Gate::Approval => "approval",
            Gate::Progress => "progress",
            Gate::Trial => "trial",
            Gate::Adoption => "adoption",
        }
    }

    /// Leaderboard points each member earns at this gate: later gates weigh more, adoption most.
    pub fn points(self) -> i64 {
        match self {
            Gate::Approval => 10,
            Gate::Progress => 10,
            Gate::Trial => 20,
            Gate::Adoption => 50,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// The action does not apply to a project in this stage.
    NotFromStage,
    /// The action needs a comment (the reason) and none was given.
    CommentRequired,
}

impl TransitionError {
    pub fn field_error(&self) -> FieldError {
        match self {
            TransitionError::NotFromStage => FieldError::new("action", "err.transition.illegal"),
            TransitionError::CommentRequired => FieldError::new("comment", "err.transition.comment_required"),
        }
    }
}

/// A planned completion date: not before `today` (a plan is for what is still to be done).
pub fn check_due_on(due: chrono::NaiveDate, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, FieldError> {
    if due < today {
        return Err(FieldError::with("due_on", "err.date.past", &[("today", today.to_string())]));
    }
    Ok(due)
}

/// The stage an action leads to from `from`, or why it may not be taken.
pub fn transition(from: Stage, action: Action, comment: &str) -> Result<Stage, TransitionError> {
    let to = match (from, action) {
        (Stage::Draft | Stage::Returned, Action::Submit) => Stage::Submitted,
        (Stage::Submitted, Action::Return) => Stage::Returned,
        (Stage::Submitted, Action::Approve) => Stage::Approved,
        (Stage::Approved, Action::Progress) => Stage::InProgress,
        (Stage::InProgress, Action::Trial) => Stage::Trial,
        (Stage::Trial, Action::Adopt) => Stage::Adopted,
        (s, Action::Close) if s.is_open() && s != Stage::Draft => Stage::Closed,
        _ => return Err(TransitionError::NotFromStage),
    };
    if action.needs_comment() && comment.trim().is_empty() {
        return Err(TransitionError::CommentRequired);
    }
    Ok(to)
}

/// The actions open to someone on a project in `stage`: `is_author` for the submitting team lead,
/// `is_reviewer` for a reviewer (decided by [`super::policy::ProjectFacts::may_review`]).
pub fn available_actions(stage: Stage, is_author: bool, is_reviewer: bool) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| transition(stage, *a, "x").is_ok())
        .filter(|a| match a.actor() {
            Actor::Author => is_author,
            Actor::Reviewer => is_reviewer,
        })
        .collect()
}

/// What a project's team reports: progress (推进) while approved or in progress, trial results
/// (实践) while in trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryKind {
    Progress,
    Trial,
}

impl EntryKind {
    pub const ALL: [EntryKind; 2] = [EntryKind::Progress, EntryKind::Trial];

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Progress => "progress",
            EntryKind::Trial => "trial",
        }
    }

    /// The kind of entry a project's team may add in `stage`, if any.
    pub fn for_stage(stage: Stage) -> Option<EntryKind> {
        match stage {
            Stage::Approved | Stage::InProgress => Some(EntryKind::Progress),
            Stage::Trial => Some(EntryKind::Trial),
            _ => None,
        }
    }
}

super::code::impl_code!(Category, FiveSmallKind, Stage, Action, EntryKind);

/// A member and their contribution share in basis points (100 = 1 %).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberShare {
    pub person_id: i64,
    pub share_bp: BasisPoints,
}

/// Members: at least one, nobody twice, every share positive, shares summing to exactly 100 %.
pub fn check_members(members: &[MemberShare]) -> Result<(), FieldError> {
    if members.is_empty() {
        return Err(FieldError::new("members", "err.members.empty"));
    }
    let mut ids: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != members.len() {
        return Err(FieldError::new("members", "err.members.duplicate"));
    }
    if members.iter().any(|m| m.share_bp.0 <= 0) {
        return Err(FieldError::new("members", "err.members.share_positive"));
    }
    if members.iter().map(|m| m.share_bp).sum::<BasisPoints>() != BasisPoints::WHOLE {
        return Err(FieldError::new("members", "err.members.share_sum"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_from_draft_to_adoption() {
        let mut s = Stage::Draft;
        for (a, want) in [
            (Action::Submit, Stage::Submitted),
            (Action::Approve, Stage::Approved),
            (Action::Progress, Stage::InProgress),
            (Action::Trial, Stage::Trial),
            (Action::Adopt, Stage::Adopted),
        ] {
            s = transition(s, a, "ok").unwrap();
            assert_eq!(s, want);
        }
    }

    #[test]
    fn returned_and_resubmitted() {
        let s = transition(Stage::Submitted, Action::Return, "补充效益测算").unwrap();
        assert_eq!(s, Stage::Returned);
        assert!(s.is_editable());
        assert_eq!(transition(s, Action::Submit, "").unwrap(), Stage::Submitted);
    }

    #[test]
    fn every_pair_is_either_legal_or_refused() {
        let legal = [
            (Stage::Draft, Action::Submit),
            (Stage::Returned, Action::Submit),
            (Stage::Submitted, Action::Return),
            (Stage::Submitted, Action::Approve),
            (Stage::Approved, Action::Progress),
            (Stage::InProgress, Action::Trial),
            (Stage::Trial, Action::Adopt),
            (Stage::Submitted, Action::Close),
            (Stage::Returned, Action::Close),
            (Stage::Approved, Action::Close),
            (Stage::InProgress, Action::Close),
            (Stage::Trial, Action::Close),
        ];
        for s in Stage::ALL {
            for a in Action::ALL {
                let ok = transition(s, a, "reason").is_ok();
                assert_eq!(ok, legal.contains(&(s, a)), "{s:?} {a:?}");
                if !ok {
                    assert_eq!(transition(s, a, "reason"), Err(TransitionError::NotFromStage));
                }
            }
        }
    }

    #[test]
    fn reviewers_must_say_why() {
        for a in [Action::Return, Action::Approve, Action::Progress, Action::Trial, Action::Adopt, Action::Close] {
            let from = Stage::ALL.into_iter().find(|s| transition(*s, a, "x").is_ok()).unwrap();
            assert_eq!(transition(from, a, "  "), Err(TransitionError::CommentRequired), "{a:?}");
        }
    }

    #[test]
    fn who_may_act() {
        assert_eq!(available_actions(Stage::Draft, true, false), vec![Action::Submit]);
        assert!(available_actions(Stage::Draft, false, true).is_empty());
        assert_eq!(available_actions(Stage::Submitted, true, false), vec![]);
        assert_eq!(
            available_actions(Stage::Submitted, false, true),
            vec![Action::Return, Action::Approve, Action::Close]
        );
        assert_eq!(available_actions(Stage::Trial, false, true), vec![Action::Adopt, Action::Close]);
        assert!(available_actions(Stage::Adopted, true, true).is_empty());
        assert!(available_actions(Stage::Closed, true, true).is_empty());
        use crate::domain::policy::{ProjectFacts, Viewer};
        use crate::domain::roles::Role;
        let f = |studio_leader_id| ProjectFacts {
            stage: Stage::Submitted,
            author_id: 1,
            leader_id: 2,
            member_ids: vec![1],
            studio_leader_id,
        };
        let is_reviewer = |f: ProjectFacts, roles: &[Role]| f.may_review(Viewer { id: 9, roles });
        assert!(is_reviewer(f(None), &[Role::UnionAdmin]));
        assert!(is_reviewer(f(Some(9)), &[Role::StudioLeader]));
        assert!(!is_reviewer(f(Some(8)), &[Role::StudioLeader]), "only for their own studio's projects");
        assert!(!is_reviewer(f(None), &[Role::TeamLead, Role::Judge]));
    }

    #[test]
    fn categories() {
        assert_eq!(parse_category("technical", "").unwrap(), (Category::Technical, None));
        assert_eq!(parse_category("five_small", "design").unwrap(), (Category::FiveSmall, Some(FiveSmallKind::Design)));
        assert!(parse_category("five_small", "").is_err());
        assert!(parse_category("magic", "").is_err());
        assert_eq!(parse_category("management", "design").unwrap().1, None);
    }

    #[test]
    fn member_shares() {
        let m = |id, bp| MemberShare { person_id: id, share_bp: BasisPoints(bp) };
        assert!(check_members(&[m(1, 5000), m(2, 3000), m(3, 2000)]).is_ok());
        assert_eq!(check_members(&[]).unwrap_err().key, "err.members.empty");
        assert_eq!(check_members(&[m(1, 5000), m(1, 5000)]).unwrap_err().key, "err.members.duplicate");
        assert_eq!(check_members(&[m(1, 10_000), m(2, 0)]).unwrap_err().key, "err.members.share_positive");
        assert_eq!(check_members(&[m(1, 3333), m(2, 3333), m(3, 3333)]).unwrap_err().key, "err.members.share_sum");
    }
}
