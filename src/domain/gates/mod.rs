//! The rules of SPEC sections 2 and 3 as pure gates: for each action, a function from
//! plain facts (the actor's roles and group, the committee's stage, the group's
//! phase, recusals, prior votes, the switch) to `Ok` or the [`Refusal`] that says
//! why not. The service reads the facts inside the action's own transaction, asks
//! the gate, and only then writes; the screens ask the same gates through the
//! service. Checks run in a fixed order, so the same state always gives the same
//! refusal. A fact that names a thing which may not exist is an `Option`, looked at
//! only once the actor may know whether it does.

mod committee;
mod groups;
mod office;
#[cfg(test)]
mod tests;

pub use committee::*;
pub use groups::*;
pub use office::*;

use super::{GroupPhase, Phase, Refusal, Role, Stage};

/// Longest lead-reviewer opinion, in characters.
pub const MAX_OPINION: usize = 2000;
/// Longest interview question, in characters.
pub const MAX_QUESTION: usize = 1000;
/// Most interview questions per applicant.
pub const MAX_QUESTIONS: usize = 20;
/// Longest score sheet comment, in characters.
pub const MAX_COMMENT: usize = 500;
/// Longest reason for closing the committee switch early, in characters.
pub const MAX_REASON: usize = 200;

pub type Gate<T = ()> = Result<T, Refusal>;

/// The acting account as the database has it now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub is_operator: bool,
    pub roles: Vec<Role>,
    /// The person behind the account (none for the office).
    pub person: Option<Person>,
}

/// An expert, member, director or reporter of a committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub id: i32,
    pub committee_id: i32,
    pub group_id: Option<i32>,
}

impl Actor {
    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The person, holding `role`.
    pub fn with_role(&self, role: Role) -> Gate<Person> {
        match self.person {
            Some(p) if self.has(role) => Ok(p),
            _ => Err(Refusal::RoleRequired(role)),
        }
    }

    /// A leader or expert of `group_id`.
    pub fn group_expert(&self, group_id: Option<i32>) -> Gate<Person> {
        let p = match self.person {
            Some(p) if self.has(Role::Expert) || self.has(Role::Leader) => p,
            _ => return Err(Refusal::RoleRequired(Role::Expert)),
        };
        if group_id.is_none() || p.group_id != group_id {
            return Err(Refusal::NotInGroup);
        }
        Ok(p)
    }

    /// The leader of `group_id`.
    pub fn leader_of(&self, group_id: i32) -> Gate<Person> {
        let p = self.with_role(Role::Leader)?;
        if p.group_id != Some(group_id) {
            return Err(Refusal::NotInGroup);
        }
        Ok(p)
    }

    /// A member of the committee (the director is one too).
    pub fn member(&self) -> Gate<Person> {
        match self.person {
            Some(p) if self.has(Role::Member) || self.has(Role::Director) => Ok(p),
            _ => Err(Refusal::RoleRequired(Role::Member)),
        }
    }

    /// Any person of a committee (not the office).
    pub fn someone(&self) -> Gate<Person> {
        self.person.ok_or(Refusal::RoleRequired(Role::Expert))
    }

    pub fn operator(&self) -> Gate {
        if self.is_operator {
            Ok(())
        } else {
            Err(Refusal::OperatorOnly)
        }
    }

    /// Acting on another committee than the account's own is refused as if it did
    /// not exist.
    pub fn in_committee(&self, committee_id: i32) -> Gate {
        match self.person {
            Some(p) if p.committee_id == committee_id => Ok(()),
            None if self.is_operator => Ok(()),
            _ => Err(Refusal::NotFound("committee")),
        }
    }
}

/// The committee's stage must be one of `allowed`; a reported committee is closed.
pub fn stage_in(stage: Stage, allowed: &[Stage]) -> Gate {
    if stage == Stage::Reported {
        return Err(Refusal::CommitteeClosed);
    }
    if allowed.contains(&stage) {
        Ok(())
    } else {
        Err(Refusal::WrongPhase(Phase::Committee(stage)))
    }
}

/// The group's phase must be one of `allowed`.
pub fn phase_in(phase: GroupPhase, allowed: &[GroupPhase]) -> Gate {
    if allowed.contains(&phase) {
        Ok(())
    } else {
        Err(Refusal::WrongPhase(Phase::Group(phase)))
    }
}

/// A submission needs a draft on everything the voter owes.
pub fn every_draft(owed: usize, drafted: usize) -> Gate {
    match owed.saturating_sub(drafted) {
        0 => Ok(()),
        missing => Err(Refusal::IncompleteDraft {
            missing: missing as u32,
        }),
    }
}

/// Typed text as it is kept: invisible characters dropped (bidi controls, tags,
/// fillers would reorder or hide text on every terminal that shows it), trimmed, not
/// blank, at most `max` characters.
pub fn text(text: &str, max: usize) -> Gate<String> {
    let cleaned = super::text::without_invisible(text);
    let t = cleaned.trim();
    if t.is_empty() || super::text::renders_blank(t) {
        return Err(Refusal::EmptyText);
    }
    let len = t.chars().count();
    if len > max {
        return Err(Refusal::TextTooLong { len, max });
    }
    Ok(t.to_string())
}
