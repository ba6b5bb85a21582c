//! Lead reviewers in bulk (issue 20): the leader asks for a balanced proposal
//! (`domain::leads::propose` over the group as it is now), reviews and edits it on the
//! screen, and confirms it once; each assignment is then its own audited engine action
//! (`assign_lead_reviewer`), checked again.

use super::review::ActionError;
use super::{Identity, Result, Service, ServiceError};
use crate::domain::leads::{Need, Reviewer, propose};
use crate::domain::{GroupPhase, Phase, Refusal};
use crate::store::queries as q;

/// The most lead reviewers the proposal gives one applicant.
pub const MAX_PER_APPLICANT: usize = 5;

/// One applicant of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedRow {
    pub applicant_id: i32,
    pub name: String,
    pub specialty: String,
    /// Its lead reviewers now (expert ids).
    pub current: Vec<i32>,
    /// The lead reviewers the proposal adds (expert ids); the leader may change them.
    pub proposed: Vec<i32>,
    /// The experts recused from it.
    pub recused: Vec<i32>,
}

/// A balanced proposal for a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadProposal {
    pub group_id: i32,
    pub per_applicant: usize,
    /// The group's experts: id, name, specialty.
    pub experts: Vec<(i32, String, String)>,
    pub rows: Vec<ProposedRow>,
}

impl LeadProposal {
    /// An expert's name.
    pub fn name_of(&self, expert_id: i32) -> &str {
        self.experts
            .iter()
            .find(|e| e.0 == expert_id)
            .map_or("", |e| e.1.as_str())
    }

    /// Lead reviews per expert once the proposal is confirmed, in the experts' order.
    pub fn loads(&self) -> Vec<usize> {
        self.experts
            .iter()
            .map(|(id, ..)| {
                self.rows
                    .iter()
                    .filter(|r| r.current.contains(id) || r.proposed.contains(id))
                    .count()
            })
            .collect()
    }

    /// The assignments to make: (applicant, expert).
    pub fn assignments(&self) -> Vec<(i32, i32)> {
        self.rows
            .iter()
            .flat_map(|r| r.proposed.iter().map(|e| (r.applicant_id, *e)))
            .collect()
    }
}

impl Service {
    /// A balanced proposal of `per_applicant` lead reviewers for each applicant of the
    /// leader's group (1 to [`MAX_PER_APPLICANT`]), while the group reviews.
    pub fn propose_leads(&self, who: &Identity, group_id: i32, per_applicant: usize) -> Result<LeadProposal> {
        // The leader's panel's own check: the leader of this group (or the office).
        let board = self.group_board(who, group_id)?;
        if board.phase != GroupPhase::Review {
            return Err(ServiceError::Refused(Refusal::WrongPhase(Phase::Group(board.phase))));
        }
        let per_applicant = per_applicant.clamp(1, MAX_PER_APPLICANT);
        let mut conn = self.store.conn()?;
        let group = q::group_by_id(&mut conn, group_id)?.ok_or(ServiceError::NotFound("group"))?;
        let applicants = q::applicants_of(&mut conn, group.committee_id, Some(group_id))?;
        let people = q::experts_of(&mut conn, group.committee_id)?;
        drop(conn);
        let specialty_of = |id: i32| {
            people
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.specialty.clone())
                .unwrap_or_default()
        };
        let experts: Vec<(i32, String, String)> = board
            .experts
            .iter()
            .map(|e| (e.expert_id, e.name.clone(), specialty_of(e.expert_id)))
            .collect();
        let needs: Vec<Need> = board
            .lines
            .iter()
            .map(|l| Need {
                applicant_id: l.id,
                specialty: applicants
                    .iter()
                    .find(|a| a.id == l.id)
                    .map(|a| a.specialty.clone())
                    .unwrap_or_default(),
                leads: l.lead_ids.clone(),
                recused: l.recused_ids.clone(),
            })
            .collect();
        let reviewers: Vec<Reviewer> = experts
            .iter()
            .map(|(id, _, s)| Reviewer {
                expert_id: *id,
                specialty: s.clone(),
            })
            .collect();
        let proposal = propose(&needs, &reviewers, per_applicant);
        let rows = board
            .lines
            .iter()
            .zip(&needs)
            .map(|(l, n)| ProposedRow {
                applicant_id: l.id,
                name: l.name.clone(),
                specialty: n.specialty.clone(),
                current: l.lead_ids.clone(),
                proposed: proposal
                    .iter()
                    .find(|(a, _)| *a == l.id)
                    .map(|(_, e)| e.clone())
                    .unwrap_or_default(),
                recused: l.recused_ids.clone(),
            })
            .collect();
        Ok(LeadProposal {
            group_id,
            per_applicant,
            experts,
            rows,
        })
    }

    /// Makes the confirmed assignments, each one engine action with its audit entry,
    /// in order; stops at the first refusal (the ones before it stand, and the panel
    /// shows them). Returns how many were made.
    pub fn assign_leads(&self, who: &Identity, assignments: &[(i32, i32)]) -> std::result::Result<usize, ActionError> {
        for (done, (applicant_id, expert_id)) in assignments.iter().enumerate() {
            if let Err(e) = self.assign_lead_reviewer(who, *applicant_id, *expert_id) {
                if done > 0 {
                    tracing::info!(made = done, of = assignments.len(), "lead assignments stopped");
                }
                return Err(e);
            }
        }
        Ok(assignments.len())
    }
}
