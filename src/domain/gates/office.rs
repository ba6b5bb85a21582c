//! The office's gates: settings, score items, the start of the review, recusals.

use super::{Actor, Gate, phase_in, stage_in};
use crate::domain::{GroupPhase, Mode, Refusal, Role, ScoreItemsProblem, Settings, Stage, Unready};

/// `committee.settings`: the office, during setup, with usable settings.
pub fn set_settings(actor: &Actor, stage: Stage, settings: &Settings) -> Gate {
    actor.operator()?;
    stage_in(stage, &[Stage::Setup])?;
    match settings.problem() {
        Some(p) => Err(Refusal::BadSettings(p)),
        None => Ok(()),
    }
}

/// `committee.score_items`: the office, during setup; 1 to 10 named items of 1 to 100
/// points adding up to 100.
pub fn set_score_items(actor: &Actor, stage: Stage, items: &[(String, u32)]) -> Gate {
    actor.operator()?;
    stage_in(stage, &[Stage::Setup])?;
    if items.is_empty() || items.len() > 10 {
        return Err(Refusal::BadScoreItems(ScoreItemsProblem::Count));
    }
    if items
        .iter()
        .any(|(n, m)| n.trim().is_empty() || n.chars().count() > 50 || *m == 0 || *m > 100)
    {
        return Err(Refusal::BadScoreItems(ScoreItemsProblem::Item));
    }
    let total: u32 = items.iter().map(|(_, m)| m).sum();
    if total != 100 {
        return Err(Refusal::BadScoreItems(ScoreItemsProblem::Total(total)));
    }
    Ok(())
}

/// What a committee holds when the office starts its review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Readiness {
    pub mode: Option<Mode>,
    /// Each group's name and how many leaders it has.
    pub groups: Vec<(String, usize)>,
    pub applicants: usize,
    /// The first applicant without a professional group, by name.
    pub applicant_without_group: Option<String>,
    pub directors: usize,
    pub reporters: usize,
    pub members: usize,
    pub score_items: usize,
}

/// Everything a committee still lacks before its review can start, in the order the
/// office would set it up (the start refuses with the first; the office's screen lists
/// them all as its setup checklist).
pub fn missing(r: &Readiness) -> Vec<Unready> {
    let mut out = Vec::new();
    if r.groups.is_empty() {
        out.push(Unready::NoGroups);
    }
    for (name, leaders) in r.groups.iter().filter(|(_, l)| *l != 1) {
        out.push(Unready::GroupLeaders {
            group: name.clone(),
            leaders: *leaders,
        });
    }
    if r.applicants == 0 {
        out.push(Unready::NoApplicants);
    }
    if let Some(name) = &r.applicant_without_group {
        out.push(Unready::ApplicantWithoutGroup(name.clone()));
    }
    for (role, n) in [(Role::Director, r.directors), (Role::Reporter, r.reporters)] {
        if n == 0 {
            out.push(Unready::NoRole(role));
        }
    }
    if r.members.is_multiple_of(2) {
        out.push(Unready::EvenMembers(r.members));
    }
    if r.mode.is_some_and(Mode::has_scoring) && r.score_items == 0 {
        out.push(Unready::NoScoreItems);
    }
    out
}

/// `committee.start`: the office, during setup, once the committee is complete: every
/// group with one leader, applicants each in a group, a director and a reporter, an
/// odd number of members, score items in the defense modes. The warnings the office
/// should read (committees below the usual size) come with the yes.
pub fn start_review(actor: &Actor, stage: Stage, r: &Readiness) -> Gate<Vec<String>> {
    actor.operator()?;
    stage_in(stage, &[Stage::Setup])?;
    if let Some(why) = missing(r).into_iter().next() {
        return Err(Refusal::NotReady(why));
    }
    let members = r.members;
    let mut warnings = Vec::new();
    if members < 11 {
        warnings.push(format!(
            "{members} members: below the minimum of 11 for a specialty committee"
        ));
    } else if members < 25 {
        warnings.push(format!(
            "{members} members: below the usual minimum of 25 for a senior committee"
        ));
    }
    Ok(warnings)
}

/// Where an applicant's recusals stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecusalState {
    pub stage: Stage,
    /// The phase of the applicant's group, if it has one.
    pub group_phase: Option<GroupPhase>,
    /// The expert submitted a vote (this group round) or a score sheet on the applicant.
    pub expert_submitted: bool,
}

/// Recusals change denominators, so they may change only before anyone can see a
/// tally: during setup, while the applicant's group still reviews (switch never
/// opened in this round), and before the committee switch opens; and never once the
/// expert has submitted a vote or a score sheet on the applicant.
pub fn recusal_may_change(s: &RecusalState) -> Gate {
    stage_in(s.stage, &[Stage::Setup, Stage::Groups, Stage::CommitteeReview])?;
    if s.stage == Stage::Groups
        && let Some(phase) = s.group_phase
    {
        phase_in(phase, &[GroupPhase::Review])?;
    }
    if s.expert_submitted {
        return Err(Refusal::AlreadyVoted);
    }
    Ok(())
}

/// A recusal to record: the expert and applicant as found, in one committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewRecusal {
    /// The expert's and the applicant's committees (`None`: no such expert).
    pub expert_committee: Option<i32>,
    pub applicant_committee: i32,
    pub state: RecusalState,
    pub already: bool,
}

fn recuse(r: &NewRecusal) -> Gate {
    let expert = r.expert_committee.ok_or(Refusal::NotFound("expert"))?;
    if expert != r.applicant_committee {
        return Err(Refusal::NotFound("applicant"));
    }
    recusal_may_change(&r.state)?;
    if r.already {
        return Err(Refusal::AlreadyRecused);
    }
    Ok(())
}

/// `recusal.add`: the office records a conflict of interest.
pub fn add_recusal(actor: &Actor, r: &NewRecusal) -> Gate {
    actor.operator()?;
    recuse(r)
}

/// `recusal.declare`: an expert or member declares one with an applicant.
pub fn declare_recusal(actor: &Actor, r: &NewRecusal) -> Gate {
    actor.someone()?;
    recuse(r)
}

/// `recusal.remove`: the office lifts one that exists.
pub fn remove_recusal(actor: &Actor, state: &RecusalState, exists: bool) -> Gate {
    actor.operator()?;
    recusal_may_change(state)?;
    if !exists {
        return Err(Refusal::NotFound("recusal"));
    }
    Ok(())
}
