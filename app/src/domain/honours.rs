//! The honour roll (荣誉榜): the kinds of honour, what a nomination must say, and who may
//! nominate whom.

use super::code::impl_code;
use super::roles::Role;
use super::studio::Level;
use super::validation::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HonourKind {
    /// 劳动模范
    ModelWorker,
    /// 五一劳动奖章
    MayDayMedal,
    /// 工匠 (e.g. "南瑞工匠")
    Craftsman,
    /// 技术能手
    TechnicalExpert,
    /// 身边的榜样: a story
    RoleModel,
    /// 团队的荣光: a team's honour
    TeamGlory,
}

impl HonourKind {
    pub const ALL: [HonourKind; 6] = [
        HonourKind::ModelWorker,
        HonourKind::MayDayMedal,
        HonourKind::Craftsman,
        HonourKind::TechnicalExpert,
        HonourKind::RoleModel,
        HonourKind::TeamGlory,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HonourKind::ModelWorker => "model_worker",
            HonourKind::MayDayMedal => "may_day_medal",
            HonourKind::Craftsman => "craftsman",
            HonourKind::TechnicalExpert => "technical_expert",
            HonourKind::RoleModel => "role_model",
            HonourKind::TeamGlory => "team_glory",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            HonourKind::ModelWorker => "honour.kind.model_worker",
            HonourKind::MayDayMedal => "honour.kind.may_day_medal",
            HonourKind::Craftsman => "honour.kind.craftsman",
            HonourKind::TechnicalExpert => "honour.kind.technical_expert",
            HonourKind::RoleModel => "honour.kind.role_model",
            HonourKind::TeamGlory => "honour.kind.team_glory",
        }
    }

    /// A team's honour (团队的荣光) rather than a person's.
    pub fn for_team(self) -> bool {
        self == HonourKind::TeamGlory
    }
}

impl_code!(HonourKind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HonourStatus {
    Nominated,
    Published,
    Declined,
}

impl HonourStatus {
    pub const ALL: [HonourStatus; 3] = [HonourStatus::Nominated, HonourStatus::Published, HonourStatus::Declined];

    pub fn code(self) -> &'static str {
        match self {
            HonourStatus::Nominated => "nominated",
            HonourStatus::Published => "published",
            HonourStatus::Declined => "declined",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            HonourStatus::Nominated => "honour.status.nominated",
            HonourStatus::Published => "honour.status.published",
            HonourStatus::Declined => "honour.status.declined",
        }
    }
}

impl_code!(HonourStatus);

/// A nomination as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub title: String,
    /// The person (username or employee number); empty for a team's honour.
    #[serde(default)]
    pub nominee: String,
    /// The team, for a team's honour (its id).
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub citation: String,
    #[serde(default)]
    pub story: String,
    /// Evidence: a competition event's id, a project's id (either may be empty).
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub points: String,
}

/// A nomination that has passed its own checks (the nominee and evidence are looked up after).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nomination {
    pub kind: HonourKind,
    pub level: Level,
    pub year: i32,
    pub title: String,
    pub nominee: Option<String>,
    pub team: Option<i64>,
    pub citation: String,
    pub story: String,
    pub event: Option<i64>,
    pub project: Option<i64>,
    pub points: i64,
}

pub const MAX_TITLE: usize = 40;
pub const MAX_CITATION: usize = 2000;
pub const MAX_STORY: usize = 5000;
pub const MAX_POINTS: i64 = 10_000;

fn optional_id(text: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.push(FieldError::new(field, "err.honour.evidence"));
            None
        }
    }
}

/// Checks a nomination field by field; `this_year` bounds the year (no honour from the future).
pub fn parse_nomination(f: &NominationForm, this_year: i32) -> Result<Nomination, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = HonourKind::ALL.into_iter().find(|k| k.code() == f.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "err.honour.kind"));
    }
    let level = Level::parse(&f.level).map_err(|_| FieldError::new("level", "err.honour.level"));
    let level = match level {
        Ok(l) => Some(l),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (1950..=this_year).contains(&y) => Some(y),
        _ => {
            errors.push(FieldError::new("year", "err.honour.year"));
            None
        }
    };
    let title = f.title.trim().to_string();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new("title", "err.honour.title"));
    }
    let citation = f.citation.trim().to_string();
    if citation.is_empty() {
        errors.push(FieldError::new("citation", "err.honour.citation"));
    } else if citation.chars().count() > MAX_CITATION {
        errors.push(FieldError::new("citation", "err.honour.citation_long"));
    }
    let story = f.story.trim().to_string();
    if story.chars().count() > MAX_STORY {
        errors.push(FieldError::new("story", "err.honour.story_long"));
    }
    if kind == Some(HonourKind::RoleModel) && story.is_empty() {
        errors.push(FieldError::new("story", "err.honour.story"));
    }
    let (nominee, team) = match kind {
        Some(k) if k.for_team() => match f.team.trim().parse::<i64>() {
            Ok(t) if t > 0 => (None, Some(t)),
            _ => {
                errors.push(FieldError::new("team", "err.honour.team"));
                (None, None)
            }
        },
        _ => {
            let who = f.nominee.trim();
            if who.is_empty() {
                errors.push(FieldError::new("nominee", "err.honour.nominee"));
            }
            (Some(who.to_string()), None)
        }
    };
    let event = optional_id(&f.event, "event", &mut errors);
    let project = optional_id(&f.project, "project", &mut errors);
    let points = match f.points.trim() {
        "" => Some(0),
        p => match p.parse::<i64>() {
            Ok(n) if (0..=MAX_POINTS).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new("points", "err.honour.points"));
                None
            }
        },
    };
    match (kind, level, year, points) {
        (Some(kind), Some(level), Some(year), Some(points)) if errors.is_empty() => {
            Ok(Nomination { kind, level, year, title, nominee, team, citation, story, event, project, points })
        }
        _ => Err(errors),
    }
}

/// What the nominator is to the nominee.
#[derive(Clone, Copy, Debug, Default)]
pub struct NomineeFacts {
    /// The nominee (or the honoured team) is the nominator's own team.
    pub same_team: bool,
    /// The nominee is a member of a studio the nominator leads.
    pub in_my_studio: bool,
}

/// Team leads nominate people of their own team and their own team; studio leaders nominate
/// their studios' members; union admins nominate anyone. Plain employees nominate nobody.
pub fn may_nominate(roles: &[Role], facts: NomineeFacts) -> bool {
    roles.contains(&Role::UnionAdmin)
        || (roles.contains(&Role::TeamLead) && facts.same_team)
        || (roles.contains(&Role::StudioLeader) && facts.in_my_studio)
}

/// Whether someone may nominate at all (the form is shown to them).
pub fn nominates(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::UnionAdmin | Role::TeamLead | Role::StudioLeader))
}

/// The largest photo accepted: 5 MiB.
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;

/// Who may see an honour (and its photo): everyone once published; a nomination, its nominator
/// and union admins.
pub fn may_view(status: HonourStatus, is_nominator: bool, is_admin: bool) -> bool {
    status == HonourStatus::Published || is_nominator || is_admin
}

/// Who may set an honour's photo: union admins at any time, its nominator while it waits.
pub fn may_set_photo(status: HonourStatus, is_nominator: bool, is_admin: bool) -> bool {
    is_admin || (is_nominator && status == HonourStatus::Nominated)
}

/// An accepted photo's type, judged by its first bytes (an image; never a PDF).
pub fn photo_type(bytes: &[u8]) -> Option<&'static str> {
    crate::domain::attachment::sniff(bytes).filter(|t| t.starts_with("image/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_set_by_admins_or_by_the_nominator_while_waiting() {
        use HonourStatus::*;
        assert!(may_set_photo(Published, false, true));
        assert!(may_set_photo(Nominated, true, false));
        assert!(!may_set_photo(Published, true, false));
        assert!(!may_set_photo(Declined, true, false));
        assert!(!may_set_photo(Nominated, false, false));
    }

    #[test]
    fn a_nomination_is_seen_by_its_nominator_and_admins_only() {
        use HonourStatus::*;
        assert!(may_view(Published, false, false));
        assert!(may_view(Nominated, true, false) && may_view(Declined, false, true));
        assert!(!may_view(Nominated, false, false) && !may_view(Declined, false, false));
    }

    #[test]
    fn a_photo_is_an_image() {
        assert_eq!(photo_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(photo_type(b"%PDF-1.7"), None);
        assert_eq!(photo_type(b"<svg"), None);
    }

    fn form() -> NominationForm {
        NominationForm {
            kind: "craftsman".into(),
            level: "enterprise".into(),
            year: "2026".into(),
            title: "江南工匠".into(),
            nominee: "e100001".into(),
            citation: "二十年扎根检修一线。".into(),
            points: "100".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_nomination_parses() {
        let n = parse_nomination(&form(), 2026).unwrap();
        assert_eq!(n.kind, HonourKind::Craftsman);
        assert_eq!(n.nominee.as_deref(), Some("e100001"));
        assert_eq!(n.points, 100);
        assert_eq!(n.event, None);
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = NominationForm {
            kind: "hero".into(),
            level: "galaxy".into(),
            year: "2099".into(),
            title: "".into(),
            citation: "".into(),
            event: "x".into(),
            points: "-1".into(),
            ..Default::default()
        };
        let errors = parse_nomination(&bad, 2026).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in ["kind", "level", "year", "title", "citation", "nominee", "event", "points"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let long = NominationForm { title: "名".repeat(41), citation: "字".repeat(2001), ..form() };
        let errors = parse_nomination(&long, 2026).unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            ["err.honour.title", "err.honour.citation_long"]
        );
    }

    #[test]
    fn a_role_model_needs_a_story_and_a_team_honour_a_team() {
        let r = parse_nomination(&NominationForm { kind: "role_model".into(), ..form() }, 2026).unwrap_err();
        assert_eq!(r[0].field, "story");
        let t = parse_nomination(&NominationForm { kind: "team_glory".into(), ..form() }, 2026).unwrap_err();
        assert_eq!(t[0].field, "team");
        let ok =
            parse_nomination(&NominationForm { kind: "team_glory".into(), team: "3".into(), ..form() }, 2026).unwrap();
        assert_eq!((ok.nominee, ok.team), (None, Some(3)));
    }

    #[test]
    fn who_may_nominate_whom() {
        let own = NomineeFacts { same_team: true, in_my_studio: false };
        let studio = NomineeFacts { same_team: false, in_my_studio: true };
        let stranger = NomineeFacts::default();
        assert!(may_nominate(&[Role::Employee, Role::TeamLead], own));
        assert!(!may_nominate(&[Role::Employee, Role::TeamLead], stranger));
        assert!(may_nominate(&[Role::StudioLeader], studio));
        assert!(!may_nominate(&[Role::StudioLeader], own));
        assert!(may_nominate(&[Role::UnionAdmin], stranger));
        assert!(!may_nominate(&[Role::Employee], own), "an employee nominates nobody");
        assert!(!may_nominate(&[Role::Judge, Role::ChiefJudge], own));
        assert!(!nominates(&[Role::Employee]));
        assert!(nominates(&[Role::Employee, Role::StudioLeader]));
    }
}
