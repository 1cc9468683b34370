//! Roles a person may hold (several at once).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 职工
    Employee,
    /// 班组长 / 项目负责人
    TeamLead,
    /// 工作室领衔人
    StudioLeader,
    /// 评委
    Judge,
    /// 裁判长
    ChiefJudge,
    /// 工会管理员
    UnionAdmin,
    /// 外聘评委: a judge from outside the organisation, who may do nothing but judge their panels.
    GuestJudge,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Employee,
        Role::TeamLead,
        Role::StudioLeader,
        Role::Judge,
        Role::ChiefJudge,
        Role::UnionAdmin,
        Role::GuestJudge,
    ];

    /// The stable code stored in the database and sent in forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::TeamLead => "team_lead",
            Role::StudioLeader => "studio_leader",
            Role::Judge => "judge",
            Role::ChiefJudge => "chief_judge",
            Role::UnionAdmin => "union_admin",
            Role::GuestJudge => "guest_judge",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Employee => "role.employee",
            Role::TeamLead => "role.team_lead",
            Role::StudioLeader => "role.studio_leader",
            Role::Judge => "role.judge",
            Role::ChiefJudge => "role.chief_judge",
            Role::UnionAdmin => "role.union_admin",
            Role::GuestJudge => "role.guest_judge",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}

super::code::impl_code!(Role);
