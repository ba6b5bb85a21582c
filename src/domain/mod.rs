//! The review domain in plain data: modes, stages, roles and languages, the rules of
//! SPEC section 3 (`rules`) and the reasons an action is refused (`refusal`).
//! Pure types and functions with no I/O.

pub mod action;
pub mod ballot;
pub mod clock;
pub mod gates;
pub mod leads;
pub mod refusal;
pub mod rules;
pub mod text;
pub mod throttle;

pub use refusal::{GroupPhase, Phase, Refusal, ScoreItemsProblem, SettingsProblem, Unready};
pub use rules::{Choice, GroupScore, Outcome, Settings, Tally, Threshold};

use std::fmt;
use std::str::FromStr;

/// A value read from storage or the command line that is not one of the known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownName {
    pub kind: &'static str,
    pub value: String,
}

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name stored in the database and used on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { kind: $kind, value: s.to_string() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// The review mode of a committee, fixed when it is created (SPEC section 2).
    Mode, "mode" {
        Expert => "expert",
        Lecture => "lecture",
        Interview => "interview",
    }
);

named_enum!(
    /// Where a committee's review stands. While the professional groups work, each
    /// group has its own [`GroupPhase`]; the committee meets once every group is done.
    /// `Reported` ends the review and the committee's accounts.
    Stage, "stage" {
        Setup => "setup",
        Groups => "groups",
        CommitteeReview => "committee_review",
        CommitteeVoting => "committee_voting",
        Report => "report",
        Reported => "reported",
    }
);

named_enum!(
    /// A per-committee role (SPEC section 1). The operator role is global and lives on the account.
    Role, "role" {
        Leader => "leader",
        Expert => "expert",
        Director => "director",
        Member => "member",
        Reporter => "reporter",
    }
);

named_enum!(
    /// The interface language of an account.
    Lang, "language" {
        Zh => "zh",
        En => "en",
    }
);

impl Mode {
    /// The stages a committee passes through, in order (the same in every mode: the
    /// modes differ in what the groups do before they vote).
    pub fn stages(self) -> &'static [Stage] {
        Stage::ALL
    }

    /// The first stage in which experts work, once setup is finished.
    pub fn first_working_stage(self) -> Stage {
        Stage::Groups
    }

    /// Whether the group experts score a defense (mode 2 lecture, mode 3 interview).
    pub fn has_scoring(self) -> bool {
        matches!(self, Mode::Lecture | Mode::Interview)
    }

    /// Mode 2: the lead reviewer's opinion and recommendation gate the group switch.
    pub fn requires_opinions(self) -> bool {
        self == Mode::Lecture
    }

    /// Mode 3: lead reviewers write interview questions.
    pub fn has_questions(self) -> bool {
        self == Mode::Interview
    }

    /// Accepts the English names of the scripting contract and the Chinese names of the manual.
    pub fn parse_any(s: &str) -> Result<Mode, UnknownName> {
        match s.trim() {
            "专家评审" | "专家评审模式" => Ok(Mode::Expert),
            "专家评审+讲课答辩" | "专家评审+讲课答辩模式" => Ok(Mode::Lecture),
            "专家答辩+面试答辩" | "专家答辩+面试答辩模式" => Ok(Mode::Interview),
            other => other.parse(),
        }
    }
}

impl Role {
    /// Roles that belong to a professional group; the others act in the full committee.
    pub fn is_group_role(self) -> bool {
        matches!(self, Role::Leader | Role::Expert)
    }

    /// Accepts the English names and the Chinese names of the import contract (SPEC section 6).
    pub fn parse_any(s: &str) -> Result<Role, UnknownName> {
        match s.trim() {
            "组长" | "专家组组长" => Ok(Role::Leader),
            "专家" | "评审专家" => Ok(Role::Expert),
            "主任" | "主任委员" => Ok(Role::Director),
            "评委" | "大评委" => Ok(Role::Member),
            "上报人" => Ok(Role::Reporter),
            other => other.parse(),
        }
    }
}

impl Stage {
    /// Stages in which the professional groups work, each on its own applicants.
    pub fn is_group_stage(self) -> bool {
        matches!(self, Stage::Setup | Stage::Groups)
    }

    /// Whether the review is over and the committee's accounts no longer work.
    pub fn is_final(self) -> bool {
        self == Stage::Reported
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Mode::ALL {
            assert_eq!(m.as_str().parse::<Mode>().unwrap(), *m);
        }
        for s in Stage::ALL {
            assert_eq!(s.as_str().parse::<Stage>().unwrap(), *s);
        }
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), *r);
        }
        let err = "council".parse::<Role>().unwrap_err();
        assert_eq!(err.to_string(), "unknown role `council`");
    }

    #[test]
    fn every_mode_starts_in_setup_and_ends_reported() {
        for m in Mode::ALL {
            let stages = m.stages();
            assert_eq!(stages.first(), Some(&Stage::Setup));
            assert_eq!(stages.last(), Some(&Stage::Reported));
        }
        assert_eq!(Mode::Lecture.first_working_stage(), Stage::Groups);
        assert!(Mode::Lecture.requires_opinions() && !Mode::Expert.requires_opinions());
        assert!(Mode::Interview.has_questions() && Mode::Interview.has_scoring());
    }

    #[test]
    fn chinese_names_are_accepted() {
        assert_eq!(Role::parse_any("组长").unwrap(), Role::Leader);
        assert_eq!(Role::parse_any("上报人").unwrap(), Role::Reporter);
        assert_eq!(Mode::parse_any("专家评审").unwrap(), Mode::Expert);
        assert!(Role::parse_any("秘书").is_err());
    }
}
