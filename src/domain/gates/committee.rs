//! The committee meeting's gates: check-in, the secret ballot's drafts and
//! submissions, the director's switch and re-vote, the reporter's report.

use super::groups::{in_round, revote_reason};
use super::{Actor, Gate, Person, every_draft, stage_in};
use crate::domain::ballot::{self, BallotsIn, RoundClose};
use crate::domain::{Refusal, Role, Settings, Stage};

/// `committee.checkin`: a member of this committee, before voting opens, once.
pub fn check_in(actor: &Actor, committee_id: i32, stage: Stage, already: bool) -> Gate<Person> {
    let p = actor.member()?;
    actor.in_committee(committee_id)?;
    // Before the meeting begins the member is told when check-in opens.
    if matches!(stage, Stage::Setup | Stage::Groups) {
        return Err(Refusal::CheckInNotOpen);
    }
    // Once the switch is open, nobody joins the vote (no late voting).
    if stage == Stage::CommitteeVoting {
        return Err(Refusal::CheckInClosed);
    }
    stage_in(stage, &[Stage::CommitteeReview])?;
    if already {
        return Err(Refusal::AlreadyCheckedIn);
    }
    Ok(p)
}

/// An applicant at the committee meeting, as one member sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitteeApplicant {
    pub committee_id: i32,
    pub stage: Stage,
    pub checked_in: bool,
    /// Passed the groups (or the groups are only a reference).
    pub before_committee: bool,
    pub in_round: bool,
    pub recused: bool,
    /// The member's ballot of this round is in.
    pub voted: bool,
}

/// `committee.vote.draft`: a checked-in member, before the ballot is in, on an
/// applicant of this round who came to the committee and from whom the member is not
/// recused.
pub fn draft_committee_vote(actor: &Actor, a: &CommitteeApplicant) -> Gate<Person> {
    let p = actor.member()?;
    actor.in_committee(a.committee_id)?;
    stage_in(a.stage, &[Stage::CommitteeReview, Stage::CommitteeVoting])?;
    if !a.checked_in {
        return Err(Refusal::NotCheckedIn);
    }
    if !a.before_committee {
        return Err(Refusal::NotInCommitteeStage);
    }
    if !a.in_round {
        return Err(Refusal::NotInRound);
    }
    if a.recused {
        return Err(Refusal::Recused);
    }
    if a.voted {
        return Err(Refusal::AlreadySubmitted);
    }
    Ok(p)
}

/// A member's ballot of the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MyBallot {
    pub checked_in: bool,
    pub voted: bool,
    /// Applicants of the round not recused from, and of these the drafted.
    pub owed: usize,
    pub drafted: usize,
}

/// `committee.vote.submit`: a checked-in member, while the switch is open, with a
/// draft on every applicant of the round not recused from; once.
pub fn submit_committee_votes(actor: &Actor, committee_id: i32, stage: Stage, b: &MyBallot) -> Gate<Person> {
    let p = actor.member()?;
    actor.in_committee(committee_id)?;
    match stage {
        Stage::CommitteeVoting => {}
        Stage::Reported => return Err(Refusal::CommitteeClosed),
        _ => return Err(Refusal::SwitchClosed),
    }
    if !b.checked_in {
        return Err(Refusal::NotCheckedIn);
    }
    if b.voted {
        return Err(Refusal::AlreadySubmitted);
    }
    every_draft(b.owed, b.drafted)?;
    Ok(p)
}

/// The director's and reporter's steps: the role, this committee, the stage.
pub fn chair(actor: &Actor, role: Role, committee_id: i32, stage: Stage, allowed: Stage) -> Gate {
    actor.with_role(role)?;
    actor.in_committee(committee_id)?;
    committee_switch_at(stage, allowed)
}

/// The committee's switch steps, refused in words that say where the switch stands
/// (not yet open, still open, closed, the round over); other stages as `stage_in`.
pub fn committee_switch_at(stage: Stage, allowed: Stage) -> Gate {
    use Stage::{CommitteeReview, CommitteeVoting, Report};
    match (stage, allowed) {
        _ if stage == allowed => Ok(()),
        (CommitteeReview, CommitteeVoting | Report) => Err(Refusal::SwitchNotOpenYet),
        (CommitteeVoting, CommitteeReview) => Err(Refusal::SwitchAlreadyOpen),
        (CommitteeVoting, Report) => Err(Refusal::SwitchStillOpen),
        (Report, CommitteeVoting) => Err(Refusal::SwitchClosed),
        (Report, CommitteeReview) => Err(Refusal::RoundOver),
        _ => stage_in(stage, &[allowed]),
    }
}

/// `committee.switch.open`: the director, before voting, once the quorum of members
/// has checked in.
pub fn open_committee_switch(
    actor: &Actor,
    committee_id: i32,
    stage: Stage,
    settings: &Settings,
    checked_in: u32,
    members: u32,
) -> Gate {
    chair(actor, Role::Director, committee_id, stage, Stage::CommitteeReview)?;
    if !settings.quorum.met(checked_in, members) {
        return Err(Refusal::QuorumNotMet {
            checked_in,
            needed: settings.quorum.needed(members),
            members,
        });
    }
    Ok(())
}

/// `committee.switch.close`: the director, while voting, by the secret ballot's rule
/// (`ballot::committee_close`).
pub fn close_committee_switch(
    actor: &Actor,
    committee_id: i32,
    stage: Stage,
    ballots: BallotsIn,
    reason_given: bool,
) -> Gate<RoundClose> {
    chair(actor, Role::Director, committee_id, stage, Stage::CommitteeVoting)?;
    ballot::committee_close(ballots, reason_given)
}

/// `committee.revote`: the director, once voting closed and before the report, for
/// applicants all of the round, with a reason (kept in the record).
pub fn committee_revote(
    actor: &Actor,
    committee_id: i32,
    stage: Stage,
    chosen: &[i32],
    round: &[i32],
    reason: &str,
) -> Gate<String> {
    chair(actor, Role::Director, committee_id, stage, Stage::Report)?;
    in_round(chosen, round)?;
    revote_reason(reason)
}

/// `committee.report`: the reporter, once voting closed.
pub fn report(actor: &Actor, committee_id: i32, stage: Stage) -> Gate {
    chair(actor, Role::Reporter, committee_id, stage, Stage::Report)
}
