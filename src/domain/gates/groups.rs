//! The professional groups' gates: lead reviewers, opinions, questions, score sheets,
//! draft votes and submissions, and the leader's switch, result and re-vote.

use super::{
    Actor, Gate, MAX_COMMENT, MAX_OPINION, MAX_QUESTION, MAX_QUESTIONS, MAX_REASON, Person, every_draft, phase_in,
    stage_in, text,
};
use crate::domain::{GroupPhase, Mode, Refusal, Stage};

/// An applicant in the group stage, as one expert sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupApplicant {
    pub mode: Mode,
    pub stage: Stage,
    pub group_id: Option<i32>,
    /// The phase and round of the applicant's group.
    pub phase: GroupPhase,
    pub group_round: i32,
    /// The round the applicant is voted on in.
    pub applicant_round: i32,
    /// The actor is recused from the applicant.
    pub recused: bool,
    /// The actor is a lead reviewer of the applicant.
    pub lead: bool,
}

/// The leader acting on an applicant of the own group while the group reviews.
fn leader_on(actor: &Actor, a: &GroupApplicant) -> Gate<Person> {
    let gid = a.group_id.ok_or(Refusal::NotInGroup)?;
    let p = actor.leader_of(gid)?;
    stage_in(a.stage, &[Stage::Groups])?;
    phase_in(a.phase, &[GroupPhase::Review])?;
    Ok(p)
}

/// The expert chosen as a lead reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadChoice {
    pub in_group: bool,
    pub recused: bool,
    pub already_lead: bool,
}

/// `lead.assign`: the leader, while the group reviews, picks an expert of the group
/// who is not recused.
pub fn assign_lead(actor: &Actor, a: &GroupApplicant, target: &LeadChoice) -> Gate {
    leader_on(actor, a)?;
    if !target.in_group {
        return Err(Refusal::NotAGroupExpert);
    }
    if target.recused {
        return Err(Refusal::TargetRecused);
    }
    if target.already_lead {
        return Err(Refusal::AlreadyLead);
    }
    Ok(())
}

/// `lead.unassign`: the leader, while the group reviews, removes one who is.
pub fn unassign_lead(actor: &Actor, a: &GroupApplicant, is_lead: bool) -> Gate {
    leader_on(actor, a)?;
    if !is_lead {
        return Err(Refusal::NotFound("lead reviewer"));
    }
    Ok(())
}

/// The applicant's lead reviewer while the group reviews (opinions, questions).
fn lead_on(actor: &Actor, a: &GroupApplicant) -> Gate<Person> {
    let p = actor.group_expert(a.group_id)?;
    stage_in(a.stage, &[Stage::Groups])?;
    if a.recused {
        return Err(Refusal::Recused);
    }
    if !a.lead {
        return Err(Refusal::NotLeadReviewer);
    }
    phase_in(a.phase, &[GroupPhase::Review])?;
    Ok(p)
}

/// `lead.opinion`: the lead reviewer, while the group reviews.
pub fn write_opinion(actor: &Actor, a: &GroupApplicant, opinion: &str) -> Gate<String> {
    lead_on(actor, a)?;
    text(opinion, MAX_OPINION)
}

/// An applicant's interview questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Questions {
    pub count: usize,
    /// A score sheet on the applicant is submitted: the interview was scored.
    pub scored: bool,
}

/// What is done to the questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionEdit<'a> {
    Add(&'a str),
    Edit(&'a str),
    Delete,
}

/// `question.add` / `.edit` / `.delete`: the lead reviewer, while the group reviews,
/// in the interview mode, until the interview is scored; at most
/// [`MAX_QUESTIONS`]. The kept text comes with the yes.
pub fn edit_questions(actor: &Actor, a: &GroupApplicant, q: &Questions, edit: QuestionEdit) -> Gate<Option<String>> {
    lead_on(actor, a)?;
    if !a.mode.has_questions() {
        return Err(Refusal::NotInThisMode("interview questions"));
    }
    if q.scored {
        return Err(Refusal::QuestionsLocked);
    }
    match edit {
        QuestionEdit::Add(t) => {
            let t = text(t, MAX_QUESTION)?;
            if q.count >= MAX_QUESTIONS {
                return Err(Refusal::TooManyQuestions { max: MAX_QUESTIONS });
            }
            Ok(Some(t))
        }
        QuestionEdit::Edit(t) => text(t, MAX_QUESTION).map(Some),
        QuestionEdit::Delete => Ok(None),
    }
}

/// One's own score sheet on an applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    /// The applicant has interview questions (the interview is scored on them).
    pub has_questions: bool,
    pub submitted: bool,
}

/// A group expert scoring an applicant's defense while the group reviews: defense
/// modes only, not recused, in the interview mode only once there are questions
/// (scoring first would lock them for good), not after submitting.
pub fn score(actor: &Actor, a: &GroupApplicant, sheet: &Sheet) -> Gate<Person> {
    let p = actor.group_expert(a.group_id)?;
    if !a.mode.has_scoring() {
        return Err(Refusal::NotInThisMode("defense scoring"));
    }
    stage_in(a.stage, &[Stage::Groups])?;
    phase_in(a.phase, &[GroupPhase::Review])?;
    if a.recused {
        return Err(Refusal::Recused);
    }
    if a.mode.has_questions() && !sheet.has_questions {
        return Err(Refusal::NoQuestionsYet);
    }
    if sheet.submitted {
        return Err(Refusal::AlreadySubmitted);
    }
    Ok(p)
}

/// One item of a score sheet: its name and maximum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreItem {
    pub id: i32,
    pub name: String,
    pub max: u32,
}

/// A score typed for an item: a whole number from 0 to the item's maximum. The screen
/// asks this at the field; the engine again on save.
pub fn score_value(item: &ScoreItem, value: u64) -> Gate<u32> {
    if value > u64::from(item.max) {
        return Err(Refusal::ScoreOutOfRange {
            item: item.name.clone(),
            value: value.min(i64::MAX as u64) as i64,
            max: item.max,
        });
    }
    Ok(value as u32)
}

/// `score.save`: a draft sheet, items of this committee each at most once and in
/// range, a comment of at most [`MAX_COMMENT`] characters. Empty items may wait.
pub fn save_sheet(
    actor: &Actor,
    a: &GroupApplicant,
    sheet: &Sheet,
    items: &[ScoreItem],
    points: &[(i32, u32)],
    comment: &str,
) -> Gate<Person> {
    let p = score(actor, a, sheet)?;
    for (i, (item_id, _)) in points.iter().enumerate() {
        if points[..i].iter().any(|(x, _)| x == item_id) {
            return Err(Refusal::ItemTwice);
        }
    }
    for (item_id, value) in points {
        let item = items
            .iter()
            .find(|i| i.id == *item_id)
            .ok_or(Refusal::NotFound("score item"))?;
        score_value(item, u64::from(*value))?;
    }
    let len = comment.trim().chars().count();
    if len > MAX_COMMENT {
        return Err(Refusal::TextTooLong { len, max: MAX_COMMENT });
    }
    Ok(p)
}

/// `score.submit`: a sheet with every item scored; it is final.
pub fn submit_sheet(
    actor: &Actor,
    a: &GroupApplicant,
    sheet: &Sheet,
    items: &[ScoreItem],
    scored: &[i32],
) -> Gate<Person> {
    let p = score(actor, a, sheet)?;
    if let Some(missing) = items.iter().find(|i| !scored.contains(&i.id)) {
        return Err(Refusal::IncompleteSheet {
            item: missing.name.clone(),
        });
    }
    Ok(p)
}

/// `group.vote.draft`: a group expert, while the group reviews or votes, on an
/// applicant of the current round, not recused, before submitting.
pub fn draft_group_vote(actor: &Actor, a: &GroupApplicant, submitted: bool) -> Gate<Person> {
    let p = actor.group_expert(a.group_id)?;
    stage_in(a.stage, &[Stage::Groups])?;
    phase_in(a.phase, &[GroupPhase::Review, GroupPhase::Voting])?;
    if a.applicant_round != a.group_round {
        return Err(Refusal::NotInRound);
    }
    if a.recused {
        return Err(Refusal::Recused);
    }
    if submitted {
        return Err(Refusal::AlreadySubmitted);
    }
    Ok(p)
}

/// A group expert's votes of the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MyGroupVotes {
    /// Applicants of the round the expert is not recused from.
    pub owed: usize,
    pub drafted: usize,
    pub submitted: bool,
}

/// `group.vote.submit`: a group expert, while the switch is open, with a draft on
/// every applicant of the round not recused from; once.
pub fn submit_group_votes(actor: &Actor, group_id: i32, g: Option<GroupState>, mine: &MyGroupVotes) -> Gate<Person> {
    let p = actor.group_expert(Some(group_id))?;
    let g = g.ok_or(Refusal::NotFound("group"))?;
    stage_in(g.stage, &[Stage::Groups])?;
    if g.phase != GroupPhase::Voting {
        return Err(Refusal::SwitchClosed);
    }
    if mine.submitted {
        return Err(Refusal::AlreadySubmitted);
    }
    every_draft(mine.owed, mine.drafted)?;
    Ok(p)
}

/// What still keeps a group's vote switch closed, for the applicants of its round.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwitchGaps {
    pub without_lead: u32,
    /// Mode 2: applicants some lead reviewer of which has not written both the opinion
    /// and the recommendation.
    pub opinions_missing: u32,
    /// Mode 3: applicants without interview questions.
    pub questions_missing: u32,
    /// Defense modes: per group expert, the sheets not submitted yet (recusals excluded).
    pub sheets_missing: Vec<(i32, u32)>,
}

impl SwitchGaps {
    pub fn scores_missing(&self) -> u32 {
        self.sheets_missing.iter().map(|(_, n)| n).sum()
    }
}

/// A group's stage, phase and the actor's standing in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupState {
    pub stage: Stage,
    pub phase: GroupPhase,
}

/// `group.switch.open`: the leader, while the group reviews, once every applicant has
/// a lead reviewer, (mode 2) opinions and (mode 3) questions; missing score sheets
/// only with `override_scoring` (recorded). Says how many sheets were overridden.
pub fn open_group_switch(
    actor: &Actor,
    group_id: i32,
    g: Option<GroupState>,
    gaps: &SwitchGaps,
    override_scoring: bool,
) -> Gate<u32> {
    actor.leader_of(group_id)?;
    let g = g.ok_or(Refusal::NotFound("group"))?;
    stage_in(g.stage, &[Stage::Groups])?;
    switch_at(g.phase, GroupPhase::Review)?;
    switch_gaps(gaps, override_scoring)
}

/// What keeps a group's switch closed while the group reviews: applicants without a
/// lead reviewer, (mode 2) opinions, (mode 3) questions, and missing score sheets
/// unless overridden; with an override, how many sheets are missing. The leader's panel
/// asks it before the confirmation, the engine again on opening.
pub fn switch_gaps(gaps: &SwitchGaps, override_scoring: bool) -> Gate<u32> {
    if gaps.without_lead > 0 {
        return Err(Refusal::LeadReviewersMissing {
            missing: gaps.without_lead,
        });
    }
    if gaps.opinions_missing > 0 {
        return Err(Refusal::OpinionsMissing {
            missing: gaps.opinions_missing,
        });
    }
    if gaps.questions_missing > 0 {
        return Err(Refusal::QuestionsMissing {
            missing: gaps.questions_missing,
        });
    }
    let scores_missing = gaps.scores_missing();
    if scores_missing > 0 && !override_scoring {
        return Err(Refusal::ScoresMissing {
            missing: scores_missing,
        });
    }
    Ok(scores_missing)
}

/// The leader's steps after voting: `group.switch.close` (while voting),
/// `group.result` and `group.revote` (in deliberation).
pub fn lead_group(actor: &Actor, group_id: i32, g: Option<GroupState>, allowed: GroupPhase) -> Gate {
    actor.leader_of(group_id)?;
    let g = g.ok_or(Refusal::NotFound("group"))?;
    stage_in(g.stage, &[Stage::Groups])?;
    switch_at(g.phase, allowed)
}

/// The leader's switch steps, refused in words that say where the switch stands (not
/// yet open, still open, closed, the round over).
pub fn switch_at(phase: GroupPhase, allowed: GroupPhase) -> Gate {
    use GroupPhase::{Deliberation, Review, Voting};
    match (phase, allowed) {
        _ if phase == allowed => Ok(()),
        (Review, _) => Err(Refusal::SwitchNotOpenYet),
        (Voting, Review) => Err(Refusal::SwitchAlreadyOpen),
        (Voting, _) => Err(Refusal::SwitchStillOpen),
        (Deliberation, Voting) => Err(Refusal::SwitchClosed),
        (Deliberation, _) => Err(Refusal::RoundOver),
        (GroupPhase::Done, _) => phase_in(phase, &[allowed]),
    }
}

/// `group.revote`: the leader, in deliberation, for applicants all of the round, with
/// a reason (kept in the record).
pub fn group_revote(
    actor: &Actor,
    group_id: i32,
    g: Option<GroupState>,
    chosen: &[i32],
    round: &[i32],
    reason: &str,
) -> Gate<String> {
    lead_group(actor, group_id, g, GroupPhase::Deliberation)?;
    in_round(chosen, round)?;
    revote_reason(reason)
}

/// A re-vote's reason: needed, and a text like any other (the kept text comes back).
pub(super) fn revote_reason(reason: &str) -> Gate<String> {
    if reason.trim().is_empty() {
        return Err(Refusal::ReasonNeeded);
    }
    text(reason, MAX_REASON)
}

pub(super) fn in_round(chosen: &[i32], round: &[i32]) -> Gate {
    if chosen.is_empty() || chosen.iter().any(|a| !round.contains(a)) {
        return Err(Refusal::NotInRound);
    }
    Ok(())
}

/// Whether an account sees an applicant's group score (the mean of the sheets in):
/// while the groups work, an expert who scores the applicant (of its group, not
/// recused) sees it only once the own sheet on it is submitted, so that nobody scores
/// towards the others; the office, other roles and everyone after the group stage see it.
pub fn sees_group_score(group_stage: bool, scores_this_applicant: bool, own_sheet_submitted: bool) -> bool {
    !(group_stage && scores_this_applicant && !own_sheet_submitted)
}

/// Reading an applicant's file: not for an expert recused from the applicant (the
/// conflict of interest keeps the expert out of the whole review of that applicant).
pub fn read_file(recused: bool) -> Gate {
    if recused {
        return Err(Refusal::Recused);
    }
    Ok(())
}

/// The writing screens of an applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    ScoreSheet,
    Opinion,
    Questions,
}

/// Opening a writing screen on an applicant, on what the screen knows of it: nothing of
/// an applicant one is recused from (`read_file`), not the opinion unless a lead
/// reviewer. The questions open for reading to every other expert (only the lead
/// reviewers change them, `edit_questions`). Each save passes its own gate.
pub fn open_writing(writing: Writing, recused: bool, lead: bool) -> Gate {
    match writing {
        _ if recused => Err(Refusal::Recused),
        Writing::Opinion if !lead => Err(Refusal::NotLeadReviewer),
        _ => Ok(()),
    }
}

/// Reading one's own score sheet on an applicant (to fill it in): a defense mode, an
/// expert of the applicant's group, not recused from the applicant.
pub fn read_sheet(mode: Mode, in_group: bool, recused: bool) -> Gate {
    if !mode.has_scoring() {
        return Err(Refusal::NotInThisMode("defense scoring"));
    }
    if !in_group {
        return Err(Refusal::NotInGroup);
    }
    if recused {
        return Err(Refusal::Recused);
    }
    Ok(())
}
