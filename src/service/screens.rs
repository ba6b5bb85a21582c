//! What the acting screens show: applicant lines with this account's own vote, and the
//! whole application file. Read-only; every change goes through `review`.

use std::collections::{HashMap, HashSet};

use crate::store::Db;

use super::review::{ActionError, applicant_score, committee_applicants, load_committee};
use super::{Identity, Result, Service, ServiceError};
use crate::domain::gates;
use crate::domain::{Choice, GroupPhase, GroupScore, Outcome, Refusal, Stage};
use crate::store::models::{ApplicantRow, GroupVoteRow};
use crate::store::{queries as q, review as rq};

/// This account's vote on an applicant in the current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyVote {
    Draft(Choice),
    /// Submitted; the choice is shown for group votes only (the committee ballot is
    /// secret even to its own voter once cast).
    Submitted(Option<Choice>),
}

/// An applicant as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantLine {
    pub id: i32,
    pub name: String,
    pub employer: String,
    pub applied_title: String,
    pub specialty: String,
    pub group: String,
    pub leads: Vec<String>,
    pub score: Option<GroupScore>,
    pub my_vote: Option<MyVote>,
    pub recused: bool,
    /// Whether this account is one of the applicant's lead reviewers.
    pub i_am_lead: bool,
    /// This account's own score sheet on the applicant (defense modes).
    pub my_sheet: Option<MySheet>,
    /// Whether the applicant has interview questions (always true outside the
    /// interview mode): its score sheet opens only once it has.
    pub has_questions: bool,
}

/// One's own score sheet as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MySheet {
    pub total: u32,
    pub submitted: bool,
}

/// An interview question as the file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i32,
    pub author: String,
    pub text: String,
}

/// One item of a score sheet: its maximum and the points given so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetItem {
    pub id: i32,
    pub name: String,
    pub max: u32,
    pub points: Option<u32>,
}

/// An expert's score sheet on one applicant (讲课答辩 / 面试答辩打分).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreSheetView {
    pub applicant_id: i32,
    pub name: String,
    pub mode: crate::domain::Mode,
    pub items: Vec<SheetItem>,
    pub comment: String,
    pub submitted: bool,
}

/// A lead reviewer's opinion as the file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadOpinion {
    pub name: String,
    pub opinion: String,
    pub recommendation: Option<Choice>,
}

/// The whole application file (申报材料) with the review's additions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantFile {
    pub applicant: ApplicantRow,
    pub group: String,
    pub leads: Vec<LeadOpinion>,
    pub questions: Vec<Question>,
    /// This account's own opinion, when it is a lead reviewer of the applicant.
    pub my_opinion: Option<LeadOpinion>,
    pub score: Option<GroupScore>,
    pub my_vote: Option<MyVote>,
    pub recused: bool,
    /// Once the committee meets: what the group decided (its last round's tally,
    /// whether it passed, the round), so that the members see it in the file.
    pub group_result: Option<(crate::domain::Tally, bool, i32)>,
}

/// Masks an ID number: the first six and last four characters stay.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Which applicants an account may see in a committee, and whether group or committee
/// votes are the current ones.
struct View {
    stage: Stage,
    applicants: Vec<ApplicantRow>,
}

fn view(conn: &mut Db, who: &Identity, committee_id: i32) -> std::result::Result<View, ActionError> {
    if !who.is_operator && who.committee_id != Some(committee_id) {
        return Err(Refusal::NotFound("committee").into());
    }
    // A revoked account reads nothing more (the same check as for actions).
    if who.account_id != 0 && q::account_by_id(conn, who.account_id)?.is_none_or(|a| a.username != who.username) {
        return Err(Refusal::AccountRevoked.into());
    }
    let committee = load_committee(conn, committee_id)?;
    let stage = committee.stage;
    let in_a_group = who.roles.iter().any(|r| r.is_group_role());
    let all = q::applicants_of(conn, committee_id, None)?;
    let applicants = if who.is_operator {
        all
    } else if stage.is_group_stage() {
        // While the groups work, group experts see their own group's applicants;
        // committee-only roles see every applicant to prepare.
        let my_group = match (in_a_group, who.expert_id) {
            (true, Some(eid)) => q::expert_by_id(conn, eid)?.and_then(|e| e.group_id),
            _ => None,
        };
        match my_group {
            Some(g) => all.into_iter().filter(|a| a.group_id == Some(g)).collect(),
            None => all,
        }
    } else {
        // The committee sees who reached it.
        committee_applicants(conn, &committee)?
    };
    Ok(View { stage, applicants })
}

impl Service {
    /// The applicants this account may see in a committee, with its own votes.
    pub fn applicant_lines(&self, who: &Identity, committee_id: i32) -> Result<Vec<ApplicantLine>> {
        let mut conn = self.store.conn()?;
        let v = view(&mut conn, who, committee_id).map_err(ServiceError::from)?;
        let committee = load_committee(&mut conn, committee_id).map_err(ServiceError::from)?;
        let ids: Vec<i32> = v.applicants.iter().map(|a| a.id).collect();
        let groups = q::groups_of_committee(&mut conn, committee_id)?;
        let leads = rq::lead_reviewers_of(&mut conn, &ids)?;
        let lead_ids: Vec<i32> = leads.iter().map(|l| l.expert_id).collect();
        let experts = q::experts_by_ids(&mut conn, &lead_ids)?;
        let recusals = rq::recusals_for(&mut conn, &ids)?;
        let totals = if committee.mode.has_scoring() {
            rq::submitted_totals(&mut conn, &ids)?
        } else {
            Vec::new()
        };
        let me = who.expert_id;
        let group_votes = match me {
            Some(e) => {
                let pairs: Vec<(i32, i32)> = v.applicants.iter().map(|a| (a.id, a.group_round)).collect();
                rq::group_votes_of_expert(&mut conn, e, &pairs)?
            }
            None => Vec::new(),
        };
        let (committee_drafts, voted) = match me {
            Some(e) if !v.stage.is_group_stage() => (
                rq::committee_drafts_of(&mut conn, e, committee.row.round)?,
                rq::has_voted(&mut conn, committee_id, e, committee.row.round)?,
            ),
            _ => (Vec::new(), false),
        };
        let my_sheets = match me {
            Some(e) if committee.mode.has_scoring() => rq::expert_sheets(&mut conn, e, &ids)?,
            _ => Vec::new(),
        };
        // The group this account scores in (none for the office and committee-only roles).
        let my_group = match me {
            Some(e) if who.roles.iter().any(|r| r.is_group_role()) && committee.mode.has_scoring() => {
                q::expert_by_id(&mut conn, e)?.and_then(|x| x.group_id)
            }
            _ => None,
        };
        let with_questions = if committee.mode.has_questions() {
            Some(rq::applicants_with_questions(&mut conn, &ids)?)
        } else {
            None
        };
        let mut lines = Vec::with_capacity(v.applicants.len());
        for a in v.applicants {
            let recused = me.is_some_and(|e| recusals.contains(&(e, a.id)));
            // Only what is stored is shown here; whether a vote is allowed now is the
            // engine's to decide, and a refusal says why.
            let my_vote = if v.stage.is_group_stage() {
                group_votes.iter().find(|x| x.applicant_id == a.id).and_then(|x| {
                    let c = Choice::parse(&x.choice)?;
                    Some(if x.submitted_at.is_some() {
                        MyVote::Submitted(Some(c))
                    } else {
                        MyVote::Draft(c)
                    })
                })
            } else if voted && a.committee_round == committee.row.round && !recused {
                Some(MyVote::Submitted(None))
            } else {
                committee_drafts
                    .iter()
                    .find(|(x, _)| *x == a.id)
                    .and_then(|(_, c)| Choice::parse(c))
                    .map(MyVote::Draft)
            };
            lines.push(ApplicantLine {
                group: a
                    .group_id
                    .and_then(|g| groups.iter().find(|x| x.id == g))
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                leads: leads
                    .iter()
                    .filter(|l| l.applicant_id == a.id)
                    .filter_map(|l| experts.iter().find(|e| e.id == l.expert_id).map(|e| e.name.clone()))
                    .collect(),
                score: gates::sees_group_score(
                    v.stage.is_group_stage(),
                    // A recused expert scores nothing there, so nothing to sway.
                    my_group.is_some() && my_group == a.group_id && !recused,
                    my_sheets.iter().any(|(x, submitted, _)| *x == a.id && *submitted),
                )
                .then(|| {
                    applicant_score(
                        &totals,
                        a.id,
                        |e| !recusals.contains(&(e, a.id)),
                        committee.settings.trim_from,
                    )
                })
                .flatten(),
                my_vote,
                recused,
                i_am_lead: me.is_some_and(|e| leads.iter().any(|l| l.applicant_id == a.id && l.expert_id == e)),
                has_questions: with_questions.as_ref().is_none_or(|q| q.contains(&a.id)),
                my_sheet: my_sheets
                    .iter()
                    .find(|(x, _, _)| *x == a.id)
                    .map(|(_, submitted, total)| MySheet {
                        total: (*total).clamp(0, i64::from(u32::MAX)) as u32,
                        submitted: *submitted,
                    }),
                id: a.id,
                name: a.name,
                employer: a.employer,
                applied_title: a.applied_title,
                specialty: a.specialty,
            });
        }
        Ok(lines)
    }

    /// The whole file of one applicant, if this account may see it.
    pub fn applicant_file(&self, who: &Identity, committee_id: i32, applicant_id: i32) -> Result<ApplicantFile> {
        let line = self
            .applicant_lines(who, committee_id)?
            .into_iter()
            .find(|l| l.id == applicant_id)
            .ok_or(ServiceError::NotFound("applicant"))?;
        // A recused expert does not read the file of the applicant.
        gates::read_file(line.recused).map_err(|r| ServiceError::from(ActionError::from(r)))?;
        let mut conn = self.store.conn()?;
        let applicant = rq::applicant_by_id(&mut conn, applicant_id)?.ok_or(ServiceError::NotFound("applicant"))?;
        let experts = q::experts_of(&mut conn, committee_id)?;
        let name_of = |id: i32| {
            experts
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        let mut my_opinion = None;
        let mut leads = Vec::new();
        for l in rq::lead_reviewers_of(&mut conn, &[applicant_id])? {
            let opinion = LeadOpinion {
                name: name_of(l.expert_id),
                opinion: l.opinion,
                recommendation: l.recommendation.as_deref().and_then(Choice::parse),
            };
            if who.expert_id == Some(l.expert_id) {
                my_opinion = Some(opinion.clone());
            }
            leads.push(opinion);
        }
        let stage = load_committee(&mut conn, committee_id)
            .map_err(ServiceError::from)?
            .stage;
        let group_result = if matches!(stage, Stage::Setup | Stage::Groups) {
            None
        } else {
            rq::group_results_of(&mut conn, &[applicant_id])?
                .into_iter()
                .max_by_key(|r| r.round)
                .map(|r| {
                    let tally = crate::domain::Tally {
                        approve: r.approve.max(0) as u32,
                        reject: r.reject.max(0) as u32,
                        abstain: r.abstain.max(0) as u32,
                    };
                    (tally, r.passed, r.round)
                })
        };
        let questions = rq::questions_of(&mut conn, applicant_id)?
            .into_iter()
            .map(|q| Question {
                id: q.id,
                author: name_of(q.expert_id),
                text: q.text,
            })
            .collect();
        Ok(ApplicantFile {
            applicant,
            group: line.group,
            leads,
            questions,
            my_opinion,
            score: line.score,
            my_vote: line.my_vote,
            recused: line.recused,
            group_result,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_masked() {
        assert_eq!(mask_id("410105198703124417"), "410105********4417");
        assert_eq!(mask_id("12345"), "*****");
        assert_eq!(mask_id(""), "");
    }
}

impl Service {
    /// This account's score sheet on an applicant: only a group expert of the
    /// applicant's group who is not recused has one, and only in the defense modes.
    pub fn score_sheet(&self, who: &Identity, committee_id: i32, applicant_id: i32) -> Result<ScoreSheetView> {
        let line = self
            .applicant_lines(who, committee_id)?
            .into_iter()
            .find(|l| l.id == applicant_id)
            .ok_or(ServiceError::NotFound("applicant"))?;
        let refused = |r: Refusal| ServiceError::from(ActionError::from(r));
        let mut conn = self.store.conn()?;
        let committee = load_committee(&mut conn, committee_id).map_err(ServiceError::from)?;
        let applicant = rq::applicant_by_id(&mut conn, applicant_id)?.ok_or(ServiceError::NotFound("applicant"))?;
        let expert = match who.expert_id {
            Some(e) => q::expert_by_id(&mut conn, e)?,
            None => None,
        };
        let expert = expert.filter(|e| e.group_id.is_some() && e.group_id == applicant.group_id);
        gates::read_sheet(committee.mode, expert.is_some(), line.recused).map_err(refused)?;
        let Some(expert) = expert else {
            return Err(refused(Refusal::NotInGroup));
        };
        let sheet = rq::sheet_of(&mut conn, applicant_id, expert.id)?;
        let entries = match &sheet {
            Some(s) => rq::sheet_entries(&mut conn, s.id)?,
            None => Vec::new(),
        };
        let items = rq::score_items_of(&mut conn, committee_id)?
            .into_iter()
            .map(|i| SheetItem {
                points: entries
                    .iter()
                    .find(|(id, _)| *id == i.id)
                    .map(|(_, p)| (*p).max(0) as u32),
                id: i.id,
                name: i.name,
                max: i.max_points.max(0) as u32,
            })
            .collect();
        Ok(ScoreSheetView {
            applicant_id,
            name: applicant.name,
            mode: committee.mode,
            items,
            comment: sheet.as_ref().map(|s| s.comment.clone()).unwrap_or_default(),
            submitted: sheet.is_some_and(|s| s.submitted_at.is_some()),
        })
    }
}

/// One expert's progress, as the leader's panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertProgress {
    pub expert_id: i32,
    pub name: String,
    /// Applicants of the round this expert still has to draft (recusals excluded).
    pub undrafted: u32,
    pub submitted: bool,
    /// Score sheets of the round still to submit (defense modes; recusals excluded).
    pub sheets_missing: u32,
}

/// One applicant on the leader's panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardLine {
    pub id: i32,
    pub name: String,
    pub leads: Vec<String>,
    /// The lead reviewers' expert ids, in the order of `leads`.
    pub lead_ids: Vec<i32>,
    /// The group's experts recused from this applicant (the lead picker marks them).
    pub recused_ids: Vec<i32>,
    /// The applicant is voted on in the group's current round (a re-vote is for these).
    pub in_round: bool,
    /// Every expert's vote, shown once the switch has closed (group votes are visible
    /// to the leader; during voting only the counts are, so nobody is swayed).
    pub votes: Vec<(String, Option<Choice>)>,
    pub tally: Option<crate::domain::Tally>,
    /// The threshold arithmetic: the group's experts, those recused from this
    /// applicant, ballots submitted in the applicant's round, the eligible experts
    /// (the base of the pass rule) and the approvals needed.
    pub experts: u32,
    pub recused: u32,
    pub ballots: u32,
    pub base: u32,
    pub needed: u32,
    /// Eligible experts whose ballot on this applicant is not in yet (names only).
    pub waiting_for: Vec<String>,
    /// What the group result will say (votes and, in the defense modes, the score),
    /// once the switch has closed.
    pub passes: Option<bool>,
}

/// The group leader's panel (小组数据操作 / 专业组评议).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBoard {
    pub group_id: i32,
    pub group: String,
    pub phase: GroupPhase,
    pub round: i32,
    pub experts: Vec<ExpertProgress>,
    pub lines: Vec<BoardLine>,
    /// Whether the mode scores defenses, and what still keeps the switch closed.
    pub scoring: bool,
    pub gaps: super::review::SwitchGaps,
}

impl Service {
    /// The panel of the leader's own group (the office may look at any group).
    pub fn group_board(&self, who: &Identity, group_id: i32) -> Result<GroupBoard> {
        let mut conn = self.store.conn()?;
        let g = q::group_by_id(&mut conn, group_id)?.ok_or(ServiceError::NotFound("group"))?;
        let mine = match who.expert_id {
            Some(e) => {
                who.roles.contains(&crate::domain::Role::Leader)
                    && q::expert_by_id(&mut conn, e)?.and_then(|x| x.group_id) == Some(group_id)
            }
            None => who.is_operator,
        };
        if !mine {
            return Err(ServiceError::from(super::review::ActionError::from(
                Refusal::RoleRequired(crate::domain::Role::Leader),
            )));
        }
        let committee = load_committee(&mut conn, g.committee_id).map_err(ServiceError::from)?;
        let phase = GroupPhase::parse(&g.phase).unwrap_or(GroupPhase::Review);
        let applicants = q::applicants_of(&mut conn, g.committee_id, Some(group_id))?;
        let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
        let experts = q::experts_of(&mut conn, g.committee_id)?;
        let group_experts = rq::group_expert_ids(&mut conn, group_id)?;
        let recusals = rq::recusals_for(&mut conn, &ids)?;
        let leads = rq::lead_reviewers_of(&mut conn, &ids)?;
        let pairs: Vec<(i32, i32)> = applicants.iter().map(|a| (a.id, a.group_round)).collect();
        let votes = rq::group_votes_on(&mut conn, &pairs)?;
        // A group may have a thousand experts: look people and votes up by id, never
        // by scanning (this panel is reloaded as the group drafts).
        let names: HashMap<i32, &str> = experts.iter().map(|e| (e.id, e.name.as_str())).collect();
        let name_of = |id: i32| names.get(&id).map(|n| n.to_string()).unwrap_or_default();
        let recusals: HashSet<(i32, i32)> = recusals.into_iter().collect();
        let mut votes_of: HashMap<i32, Vec<&GroupVoteRow>> = HashMap::new();
        for v in &votes {
            votes_of.entry(v.expert_id).or_default().push(v);
        }
        let round_ids: Vec<i32> = applicants
            .iter()
            .filter(|a| a.group_round == g.round)
            .map(|a| a.id)
            .collect();
        let gaps =
            super::review::switch_gaps(&mut conn, &committee, group_id, &round_ids).map_err(ServiceError::from)?;
        let progress = group_experts
            .iter()
            .map(|e| {
                let due: Vec<i32> = round_ids
                    .iter()
                    .copied()
                    .filter(|a| !recusals.contains(&(*e, *a)))
                    .collect();
                let mine = votes_of.get(e).map_or(&[][..], |v| v.as_slice());
                let drafted = mine.iter().filter(|v| due.contains(&v.applicant_id)).count();
                ExpertProgress {
                    sheets_missing: gaps.sheets_missing.iter().find(|(x, _)| x == e).map_or(0, |(_, n)| *n),
                    expert_id: *e,
                    name: name_of(*e),
                    undrafted: (due.len() - drafted.min(due.len())) as u32,
                    submitted: mine
                        .iter()
                        .any(|v| v.submitted_at.is_some() && due.contains(&v.applicant_id))
                        || due.is_empty(),
                }
            })
            .collect();
        let show_votes = matches!(phase, GroupPhase::Deliberation | GroupPhase::Done);
        let scoring = committee.mode.has_scoring();
        let totals = if scoring && show_votes {
            rq::submitted_totals(&mut conn, &ids)?
        } else {
            Vec::new()
        };
        let lines = applicants
            .iter()
            .map(|a| {
                let eligible: Vec<i32> = group_experts
                    .iter()
                    .copied()
                    .filter(|e| !recusals.contains(&(*e, a.id)))
                    .collect();
                let base = eligible.len() as u32;
                let eligible_set: HashSet<i32> = eligible.iter().copied().collect();
                let submitted: Vec<_> = votes
                    .iter()
                    .filter(|v| {
                        v.applicant_id == a.id && v.submitted_at.is_some() && eligible_set.contains(&v.expert_id)
                    })
                    .collect();
                let ballot_of: HashMap<i32, &GroupVoteRow> = submitted.iter().map(|v| (v.expert_id, *v)).collect();
                let tally = show_votes
                    .then(|| crate::domain::Tally::of(submitted.iter().filter_map(|v| Choice::parse(&v.choice))));
                BoardLine {
                    in_round: a.group_round == g.round,
                    recused_ids: group_experts
                        .iter()
                        .copied()
                        .filter(|e| recusals.contains(&(*e, a.id)))
                        .collect(),
                    id: a.id,
                    name: a.name.clone(),
                    leads: leads
                        .iter()
                        .filter(|l| l.applicant_id == a.id)
                        .map(|l| name_of(l.expert_id))
                        .collect(),
                    lead_ids: leads
                        .iter()
                        .filter(|l| l.applicant_id == a.id)
                        .map(|l| l.expert_id)
                        .collect(),
                    votes: if show_votes {
                        eligible
                            .iter()
                            .map(|e| {
                                let c = ballot_of.get(e).and_then(|v| Choice::parse(&v.choice));
                                (name_of(*e), c)
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    tally,
                    passes: tally.map(|t| {
                        let outcome = Outcome::decide(t, base, committee.settings.group_pass);
                        let score = if scoring {
                            applicant_score(
                                &totals,
                                a.id,
                                |e| eligible_set.contains(&e),
                                committee.settings.trim_from,
                            )
                        } else {
                            None
                        };
                        committee.settings.group_passed(&outcome, scoring, score)
                    }),
                    experts: group_experts.len() as u32,
                    recused: group_experts.len() as u32 - base,
                    ballots: submitted.len() as u32,
                    base,
                    needed: committee.settings.group_pass.needed(base),
                    waiting_for: eligible
                        .iter()
                        .filter(|e| !ballot_of.contains_key(*e))
                        .map(|e| name_of(*e))
                        .collect(),
                }
            })
            .collect();
        Ok(GroupBoard {
            group_id,
            group: g.name,
            phase,
            round: g.round,
            experts: progress,
            lines,
            scoring: committee.mode.has_scoring(),
            gaps,
        })
    }
}

/// One applicant on the director's panel and the report page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeLine {
    pub id: i32,
    pub name: String,
    pub group: String,
    /// Members attending (checked in) and those of them recused from this applicant.
    pub attending: u32,
    pub recused: u32,
    /// Ballots in for this applicant in the current round (who, never what).
    pub ballots: u32,
    pub needed: u32,
    /// The tally and outcome, once voting on the applicant has ended.
    pub result: Option<(crate::domain::Tally, bool)>,
    /// The applicant is voted on in the committee's current round.
    pub in_round: bool,
}

/// The director's panel (评委会数据操作) and the reporter's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeBoard {
    pub stage: Stage,
    pub round: i32,
    pub members: u32,
    pub checked_in: u32,
    pub quorum_needed: u32,
    pub quorum_met: bool,
    pub voters: u32,
    /// Members checked in who have not voted and not drafted every applicant yet.
    pub undrafted: u32,
    /// Members present who owe a ballot in this round and have not cast it.
    pub missing_ballots: u32,
    /// By name, in the members' order: who has not checked in, who (checked in) has
    /// not drafted every applicant, who owes a ballot. Never what anyone chose.
    pub absent: Vec<String>,
    pub undrafted_names: Vec<String>,
    pub missing_ballot_names: Vec<String>,
    pub lines: Vec<CommitteeLine>,
}

impl Service {
    /// The committee's panel: for the director, the reporter and the office.
    pub fn committee_board(&self, who: &Identity, committee_id: i32) -> Result<CommitteeBoard> {
        use crate::domain::Role;
        let allowed = who.is_operator
            || (who.committee_id == Some(committee_id)
                && who.roles.iter().any(|r| matches!(r, Role::Director | Role::Reporter)));
        if !allowed {
            return Err(ServiceError::from(super::review::ActionError::from(
                Refusal::RoleRequired(Role::Director),
            )));
        }
        let mut conn = self.store.conn()?;
        let c = load_committee(&mut conn, committee_id).map_err(ServiceError::from)?;
        let members = rq::member_ids(&mut conn, committee_id)?.len() as u32;
        let checked_in = rq::checked_in(&mut conn, committee_id)?;
        let voters = rq::voters_in_round(&mut conn, committee_id, c.row.round)?;
        let all = committee_applicants(&mut conn, &c).map_err(ServiceError::from)?;
        let ids: Vec<i32> = all.iter().map(|a| a.id).collect();
        let results = rq::committee_results_of(&mut conn, &ids)?;
        let recusals = rq::recusals_for(&mut conn, &ids)?;
        let groups = q::groups_of_committee(&mut conn, committee_id)?;
        // Members present who have neither voted nor drafted every applicant of the
        // round they may vote on (a count: drafts are nobody else's business).
        let round_ids: Vec<i32> = all
            .iter()
            .filter(|a| a.committee_round == c.row.round)
            .map(|a| a.id)
            .collect();
        let drafters = rq::committee_drafters(&mut conn, c.row.round, &round_ids)?;
        let undrafted_ids: Vec<i32> = checked_in
            .iter()
            .filter(|m| !voters.contains(m))
            .filter(|m| {
                round_ids
                    .iter()
                    .any(|a| !recusals.contains(&(**m, *a)) && !drafters.contains(&(**m, *a)))
            })
            .copied()
            .collect();
        let undrafted = undrafted_ids.len() as u32;
        let owes = |m: i32| round_ids.iter().any(|a| !recusals.contains(&(m, *a)));
        let missing_ballots = crate::domain::ballot::missing_ballots(&checked_in, &voters, owes);
        let member_list = rq::member_ids(&mut conn, committee_id)?;
        let people = q::experts_of(&mut conn, committee_id)?;
        let name = |id: &i32| people.iter().find(|p| p.id == *id).map(|p| p.name.clone());
        let absent: Vec<String> = member_list
            .iter()
            .filter(|m| !checked_in.contains(m))
            .filter_map(name)
            .collect();
        let undrafted_names: Vec<String> = undrafted_ids.iter().filter_map(name).collect();
        let missing_ballot_names: Vec<String> = checked_in
            .iter()
            .filter(|m| !voters.contains(m) && owes(**m))
            .filter_map(name)
            .collect();
        let lines = all
            .into_iter()
            .map(|a| {
                let recused = checked_in.iter().filter(|e| recusals.contains(&(**e, a.id))).count() as u32;
                let attending = checked_in.len() as u32;
                let base = attending - recused;
                let in_round = a.committee_round == c.row.round;
                let result = results
                    .iter()
                    .find(|r| r.applicant_id == a.id)
                    // While the applicant is up for a newer round (voted on again, or
                    // after a void round), no earlier or running tally.
                    .filter(|r| !(in_round && r.round < c.row.round))
                    .map(|r| {
                        (
                            crate::domain::Tally {
                                approve: r.approve.max(0) as u32,
                                reject: r.reject.max(0) as u32,
                                abstain: r.abstain.max(0) as u32,
                            },
                            r.passed,
                        )
                    });
                CommitteeLine {
                    id: a.id,
                    group: a
                        .group_id
                        .and_then(|g| groups.iter().find(|x| x.id == g))
                        .map(|g| g.name.clone())
                        .unwrap_or_default(),
                    name: a.name,
                    attending,
                    recused,
                    ballots: if in_round {
                        voters.iter().filter(|e| !recusals.contains(&(**e, a.id))).count() as u32
                    } else {
                        0
                    },
                    needed: c.settings.committee_pass.needed(base),
                    result,
                    in_round,
                }
            })
            .collect();
        Ok(CommitteeBoard {
            stage: c.stage,
            round: c.row.round,
            members,
            checked_in: checked_in.len() as u32,
            quorum_needed: c.settings.quorum.needed(members),
            quorum_met: c.settings.quorum.met(checked_in.len() as u32, members),
            voters: voters.len() as u32,
            undrafted,
            missing_ballots,
            absent,
            undrafted_names,
            missing_ballot_names,
            lines,
        })
    }
}
