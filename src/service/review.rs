//! The review engine: one function per user action of SPEC sections 2 and 3. Each
//! re-reads who is acting inside its transaction, checks role, group, recusal, stage
//! and switch, writes everything together with its audit entry in one immediate
//! transaction, and then tells live screens. A refusal changes nothing.

use diesel::sqlite::SqliteConnection;
use serde_json::{Value, json};

use super::{Event, Identity, Service, ServiceError};
use crate::domain::action::{self, Action};
use crate::domain::ballot::{self, RoundClose};
use crate::domain::gates;
use crate::domain::{
    Choice, GroupPhase, GroupScore, Mode, Outcome, Refusal, Role, Settings, Stage, Tally, Threshold, UnknownName,
};
use crate::store::models::{ApplicantRow, CommitteeResultRow, CommitteeRow, GroupResultRow, GroupRow};
use crate::store::review as rq;
use crate::store::{StoreError, audit, now, queries as q};

pub use crate::domain::gates::{MAX_COMMENT, MAX_OPINION, MAX_QUESTION, MAX_QUESTIONS, MAX_REASON, SwitchGaps};

/// How a committee round ended at the director's close.
#[derive(Debug, Clone)]
pub enum RoundClosed {
    /// The results of the round's applicants.
    Decided(Vec<CommitteeResultRow>),
    /// Void (too few ballots to publish a tally): voting goes on in this new round.
    Void { round: i32 },
}

/// An action that did not happen: refused by a rule, or failed.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Failed(#[from] ServiceError),
}

impl From<StoreError> for ActionError {
    fn from(e: StoreError) -> Self {
        ActionError::Failed(e.into())
    }
}

impl From<diesel::result::Error> for ActionError {
    fn from(e: diesel::result::Error) -> Self {
        ActionError::Failed(e.into())
    }
}

impl From<UnknownName> for ActionError {
    fn from(e: UnknownName) -> Self {
        ActionError::Failed(e.into())
    }
}

impl From<ActionError> for ServiceError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::Refused(r) => ServiceError::Refused(r),
            ActionError::Failed(f) => f,
        }
    }
}

impl ActionError {
    /// The refusal, if this was one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            ActionError::Refused(r) => Some(r),
            ActionError::Failed(_) => None,
        }
    }
}

type R<T> = Result<T, ActionError>;

/// The acting account as the database has it now: the facts the gates take, with
/// the username its audit entries carry.
pub(crate) struct Actor {
    pub username: String,
    pub facts: gates::Actor,
}

impl std::ops::Deref for Actor {
    type Target = gates::Actor;
    fn deref(&self) -> &gates::Actor {
        &self.facts
    }
}

/// A committee with its parsed mode, stage and settings.
pub(crate) struct Committee {
    pub row: CommitteeRow,
    pub mode: Mode,
    pub stage: Stage,
    pub settings: Settings,
}

fn threshold(num: i32, den: i32, strict: bool) -> Threshold {
    Threshold {
        num: num.max(0) as u32,
        den: den.max(0) as u32,
        strict,
    }
}

pub(crate) fn settings_of(row: &CommitteeRow) -> Settings {
    Settings {
        group_pass: threshold(row.group_pass_num, row.group_pass_den, row.group_pass_strict),
        committee_pass: threshold(
            row.committee_pass_num,
            row.committee_pass_den,
            row.committee_pass_strict,
        ),
        quorum: threshold(row.quorum_num, row.quorum_den, false),
        group_fail_stops: row.group_fail_stops,
        trim_from: row.trim_from.map(|t| t.max(0) as u32),
        pass_score: row.pass_score.map(|p| p.max(0) as u32),
    }
}

pub(crate) fn load_committee(conn: &mut SqliteConnection, id: i32) -> R<Committee> {
    let row = q::committee_by_id(conn, id)?.ok_or(Refusal::NotFound("committee"))?;
    Ok(Committee {
        mode: row.mode.parse()?,
        stage: row.stage.parse()?,
        settings: settings_of(&row),
        row,
    })
}

fn load_group(conn: &mut SqliteConnection, id: i32) -> R<(GroupRow, GroupPhase)> {
    let g = q::group_by_id(conn, id)?.ok_or(Refusal::NotFound("group"))?;
    let phase = GroupPhase::parse(&g.phase).ok_or_else(|| UnknownName {
        kind: "group phase",
        value: g.phase.clone(),
    })?;
    Ok((g, phase))
}

fn load_applicant(conn: &mut SqliteConnection, id: i32) -> R<ApplicantRow> {
    Ok(rq::applicant_by_id(conn, id)?.ok_or(Refusal::NotFound("applicant"))?)
}

fn load_actor(conn: &mut SqliteConnection, who: &Identity) -> R<Actor> {
    if who.account_id == 0 && who.is_operator {
        return Ok(Actor {
            username: who.username.clone(),
            facts: gates::Actor {
                is_operator: true,
                ..gates::Actor::default()
            },
        });
    }
    // The session's account must still be the one it logged in with: issuing new
    // accounts deletes the old ones, and SQLite may give a new account an old id.
    let account = q::account_by_id(conn, who.account_id)?
        .filter(|a| a.username == who.username)
        .ok_or(Refusal::AccountRevoked)?;
    let (person, roles) = match account.expert_id {
        Some(eid) => {
            let e = q::expert_by_id(conn, eid)?.ok_or(Refusal::NotFound("expert"))?;
            let roles = q::roles_of_expert(conn, eid)?
                .iter()
                .map(|r| r.parse::<Role>())
                .collect::<Result<Vec<_>, _>>()?;
            let stage: Stage = q::committee_by_id(conn, e.committee_id)?
                .ok_or(Refusal::NotFound("committee"))?
                .stage
                .parse()?;
            if stage.is_final() {
                return Err(Refusal::CommitteeClosed.into());
            }
            let person = gates::Person {
                id: e.id,
                committee_id: e.committee_id,
                group_id: e.group_id,
            };
            (Some(person), roles)
        }
        None => (None, Vec::new()),
    };
    Ok(Actor {
        username: account.username,
        facts: gates::Actor {
            is_operator: account.is_operator,
            roles,
            person,
        },
    })
}

/// What an action did, for its audit entry.
pub(crate) struct Done<T> {
    pub committee_id: i32,
    pub detail: Value,
    pub value: T,
}

fn done(committee_id: i32, detail: Value) -> R<Done<()>> {
    Ok(Done {
        committee_id,
        detail,
        value: (),
    })
}

/// The applicants of a group in its current voting round.
fn group_round_applicants(conn: &mut SqliteConnection, group: &GroupRow) -> R<Vec<ApplicantRow>> {
    Ok(q::applicants_of(conn, group.committee_id, Some(group.id))?
        .into_iter()
        .filter(|a| a.group_round == group.round)
        .collect())
}

/// The applicants who go to the committee: passed their group, or every one with a
/// group result when a failed group is only a reference.
pub(crate) fn committee_applicants(conn: &mut SqliteConnection, c: &Committee) -> R<Vec<ApplicantRow>> {
    let all = q::applicants_of(conn, c.row.id, None)?;
    let ids: Vec<i32> = all.iter().map(|a| a.id).collect();
    let results = rq::group_results_of(conn, &ids)?;
    Ok(all
        .into_iter()
        .filter(|a| {
            results
                .iter()
                .any(|r| r.applicant_id == a.id && (r.passed || !c.settings.group_fail_stops))
        })
        .collect())
}

/// The committee applicants voted on in the current round.
pub(crate) fn committee_round_applicants(conn: &mut SqliteConnection, c: &Committee) -> R<Vec<ApplicantRow>> {
    Ok(committee_applicants(conn, c)?
        .into_iter()
        .filter(|a| a.committee_round == c.row.round)
        .collect())
}

fn recused_pairs(conn: &mut SqliteConnection, applicants: &[ApplicantRow]) -> R<Vec<(i32, i32)>> {
    let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
    Ok(rq::recusals_for(conn, &ids)?)
}

impl Service {
    /// Runs one action: re-reads the actor, runs `f` in an immediate transaction with
    /// the audit entry, publishes the change. A refusal of a vote is itself logged.
    pub(crate) fn act<T>(
        &self,
        who: &Identity,
        action: Action,
        f: impl FnOnce(&mut SqliteConnection, &Actor) -> R<Done<T>>,
    ) -> R<T> {
        let mut conn = self.store.conn()?;
        let result = crate::store::write(&mut conn, |c| {
            let actor = load_actor(c, who)?;
            let done = f(c, &actor)?;
            audit::append(
                c,
                Some(done.committee_id),
                &actor.username,
                action.name(),
                &done.detail.to_string(),
            )?;
            let group = done.detail.get("group").and_then(Value::as_i64);
            Ok::<_, ActionError>((done.committee_id, done.value, group))
        });
        match result {
            Ok((committee_id, value, group)) => {
                // The action and who took it, never what was chosen: the audit log keeps
                // that, apart from committee-stage voters.
                tracing::info!(user = %who.username, action = action.name(), committee = committee_id, "action");
                if action.checkpoints() {
                    let _ = crate::store::checkpoint(&mut conn);
                }
                if let (Some(phase), Some(group_id)) = (action.group_phase(), group.and_then(|g| i32::try_from(g).ok()))
                {
                    self.publish(Event::GroupPhaseChanged {
                        committee_id,
                        group_id,
                        phase,
                        seq: self.next_change(),
                    });
                }
                self.publish(Event::CommitteeChanged {
                    committee_id,
                    reach: super::Reach::of(action, who.account_id),
                });
                Ok(value)
            }
            Err(ActionError::Refused(refusal)) => {
                tracing::info!(user = %who.username, action = action.name(), reason = %refusal, "action refused");
                if action.is_vote() {
                    let detail = json!({ "action": action.name(), "reason": refusal.to_string() }).to_string();
                    let _ = crate::store::write(&mut conn, |c| {
                        audit::append(c, who.committee_id, &who.username, action::REFUSED, &detail)
                    });
                }
                Err(ActionError::Refused(refusal))
            }
            Err(e) => {
                tracing::error!(user = %who.username, action = action.name(), error = %e, "action failed");
                Err(e)
            }
        }
    }

    // ------------------------------------------------------------ the office

    /// Replaces a committee's rule settings (only while it is set up).
    pub fn set_settings(&self, who: &Identity, committee_id: i32, settings: Settings) -> R<()> {
        self.act(who, Action::CommitteeSettings, |c, actor| {
            actor.operator()?;
            let committee = load_committee(c, committee_id)?;
            gates::set_settings(actor, committee.stage, &settings)?;
            let t = |t: Threshold| (t.num as i32, t.den as i32, t.strict);
            rq::update_settings(
                c,
                committee_id,
                t(settings.group_pass),
                t(settings.committee_pass),
                (settings.quorum.num as i32, settings.quorum.den as i32),
                settings.group_fail_stops,
                settings.trim_from.map(|x| x as i32),
                settings.pass_score.map(|x| x as i32),
            )?;
            done(committee_id, settings_json(&settings))
        })
    }

    /// Replaces the score sheet items (only while set up); the maxima add up to 100.
    pub fn set_score_items(&self, who: &Identity, committee_id: i32, items: &[(String, u32)]) -> R<()> {
        self.act(who, Action::CommitteeScoreItems, |c, actor| {
            actor.operator()?;
            let committee = load_committee(c, committee_id)?;
            gates::set_score_items(actor, committee.stage, items)?;
            let rows: Vec<(String, i32)> = items.iter().map(|(n, m)| (n.trim().to_string(), *m as i32)).collect();
            rq::replace_score_items(c, committee_id, &rows)?;
            done(committee_id, json!({ "items": items }))
        })
    }

    /// Ends setup: the groups start working. Returns warnings the office should read.
    pub fn start_review(&self, who: &Identity, committee_id: i32) -> R<Vec<String>> {
        self.act(who, Action::CommitteeStart, |c, actor| {
            actor.operator()?;
            let committee = load_committee(c, committee_id)?;
            let groups = q::groups_of_committee(c, committee_id)?;
            let leaders = q::experts_with_role(c, committee_id, Role::Leader.as_str())?;
            let applicants = q::applicants_of(c, committee_id, None)?;
            let members = rq::member_ids(c, committee_id)?.len();
            let readiness = gates::Readiness {
                mode: Some(committee.mode),
                groups: groups
                    .iter()
                    .map(|g| {
                        let n = leaders.iter().filter(|e| e.group_id == Some(g.id)).count();
                        (g.name.clone(), n)
                    })
                    .collect(),
                applicants: applicants.len(),
                applicant_without_group: applicants.iter().find(|a| a.group_id.is_none()).map(|a| a.name.clone()),
                directors: q::experts_with_role(c, committee_id, Role::Director.as_str())?.len(),
                reporters: q::experts_with_role(c, committee_id, Role::Reporter.as_str())?.len(),
                members,
                score_items: rq::score_items_of(c, committee_id)?.len(),
            };
            let warnings = gates::start_review(actor, committee.stage, &readiness)?;
            // Same employer as an applicant: a conflict of interest (SPEC section 3).
            let mut employer_recusals = Vec::new();
            let people = q::experts_of(c, committee_id)?;
            for a in &applicants {
                let employer = a.employer.trim();
                if employer.is_empty() {
                    continue;
                }
                for e in people.iter().filter(|e| e.employer.trim() == employer) {
                    if !rq::is_exempt(c, e.id, a.id)? && rq::insert_recusal(c, e.id, a.id, "employer")? {
                        employer_recusals.push(json!([e.id, a.id]));
                    }
                }
            }
            q::set_committee_stage(c, committee_id, Stage::Groups.as_str())?;
            Ok(Done {
                committee_id,
                detail: json!({
                    "stage": Stage::Groups.as_str(),
                    "mode": committee.mode.as_str(),
                    "settings": settings_json(&committee.settings),
                    "members": members,
                    "warnings": warnings,
                    "recusals": employer_recusals,
                }),
                value: warnings,
            })
        })
    }

    /// The office records a conflict of interest (or one found at import).
    pub fn add_recusal(&self, who: &Identity, expert_id: i32, applicant_id: i32) -> R<()> {
        self.act(who, Action::RecusalAdd, |c, actor| {
            actor.operator()?;
            let (a, facts) = new_recusal(c, expert_id, applicant_id)?;
            gates::add_recusal(actor, &facts)?;
            rq::set_exempt(c, expert_id, applicant_id, false)?;
            recuse(c, &a, expert_id, "office")
        })
    }

    pub fn remove_recusal(&self, who: &Identity, expert_id: i32, applicant_id: i32) -> R<()> {
        self.act(who, Action::RecusalRemove, |c, actor| {
            actor.operator()?;
            let a = load_applicant(c, applicant_id)?;
            let state = recusal_state(c, &a, expert_id)?;
            let exists = rq::is_recused(c, expert_id, applicant_id)?;
            gates::remove_recusal(actor, &state, exists)?;
            rq::delete_recusal(c, expert_id, applicant_id)?;
            // Lifted by the office: a shared employer does not bring it back.
            rq::set_exempt(c, expert_id, applicant_id, true)?;
            done(
                a.committee_id,
                json!({ "expert": expert_id, "applicant": applicant_id }),
            )
        })
    }

    /// An expert or member declares a conflict of interest (回避) with an applicant.
    pub fn declare_recusal(&self, who: &Identity, applicant_id: i32) -> R<()> {
        self.act(who, Action::RecusalDeclare, |c, actor| {
            let e = actor.someone()?.id;
            let (a, facts) = new_recusal(c, e, applicant_id)?;
            gates::declare_recusal(actor, &facts)?;
            recuse(c, &a, e, "declared")
        })
    }

    // ------------------------------------------------------------ the groups

    /// The leader assigns a lead reviewer (主审专家) to an applicant of the group.
    pub fn assign_lead_reviewer(&self, who: &Identity, applicant_id: i32, expert_id: i32) -> R<()> {
        self.act(who, Action::LeadAssign, |c, actor| {
            let (a, facts) = group_applicant(c, actor, applicant_id)?;
            let choice = gates::LeadChoice {
                in_group: match a.group_id {
                    Some(g) => rq::group_expert_ids(c, g)?.contains(&expert_id),
                    None => false,
                },
                recused: rq::is_recused(c, expert_id, applicant_id)?,
                already_lead: rq::is_lead(c, applicant_id, expert_id)?,
            };
            gates::assign_lead(actor, &facts, &choice)?;
            rq::insert_lead(c, applicant_id, expert_id)?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "expert": expert_id }),
            )
        })
    }

    pub fn unassign_lead_reviewer(&self, who: &Identity, applicant_id: i32, expert_id: i32) -> R<()> {
        self.act(who, Action::LeadUnassign, |c, actor| {
            let (a, facts) = group_applicant(c, actor, applicant_id)?;
            let is_lead = rq::is_lead(c, applicant_id, expert_id)?;
            gates::unassign_lead(actor, &facts, is_lead)?;
            rq::delete_lead(c, applicant_id, expert_id)?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "expert": expert_id }),
            )
        })
    }

    /// The lead reviewer writes the review opinion and the recommended vote.
    pub fn write_opinion(&self, who: &Identity, applicant_id: i32, text: &str, recommendation: Choice) -> R<()> {
        self.act(who, Action::LeadOpinion, |c, actor| {
            let (a, facts) = lead_applicant(c, actor, applicant_id)?;
            let text = gates::write_opinion(actor, &facts, text)?;
            let e = actor.someone()?.id;
            rq::set_opinion(c, applicant_id, e, &text, recommendation.as_str(), &now())?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "recommendation": recommendation.as_str(), "chars": text.chars().count() }),
            )
        })
    }

    /// The lead reviewer adds an interview question (mode 3); returns its id.
    pub fn add_question(&self, who: &Identity, applicant_id: i32, text: &str) -> R<i32> {
        self.act(who, Action::QuestionAdd, |c, actor| {
            let (a, text) = question_gate(c, actor, applicant_id, gates::QuestionEdit::Add(text))?;
            let e = actor.someone()?.id;
            let id = rq::insert_question(c, applicant_id, e, &text.unwrap_or_default())?;
            Ok(Done {
                committee_id: a.committee_id,
                detail: json!({ "applicant": applicant_id, "question": id }),
                value: id,
            })
        })
    }

    pub fn edit_question(&self, who: &Identity, question_id: i32, text: &str) -> R<()> {
        self.act(who, Action::QuestionEdit, |c, actor| {
            let qn = rq::question_by_id(c, question_id)?.ok_or(Refusal::NotFound("question"))?;
            let (a, text) = question_gate(c, actor, qn.applicant_id, gates::QuestionEdit::Edit(text))?;
            rq::update_question(c, question_id, &text.unwrap_or_default())?;
            done(a.committee_id, json!({ "applicant": a.id, "question": question_id }))
        })
    }

    pub fn delete_question(&self, who: &Identity, question_id: i32) -> R<()> {
        self.act(who, Action::QuestionDelete, |c, actor| {
            let qn = rq::question_by_id(c, question_id)?.ok_or(Refusal::NotFound("question"))?;
            let (a, _) = question_gate(c, actor, qn.applicant_id, gates::QuestionEdit::Delete)?;
            rq::delete_question(c, question_id)?;
            done(a.committee_id, json!({ "applicant": a.id, "question": question_id }))
        })
    }

    /// Saves a draft score sheet; items may be left empty until it is submitted.
    pub fn save_score_sheet(&self, who: &Identity, applicant_id: i32, points: &[(i32, u32)], comment: &str) -> R<()> {
        self.act(who, Action::ScoreSave, |c, actor| {
            let s = scoring(c, actor, applicant_id)?;
            let e = gates::save_sheet(actor, &s.facts, &s.sheet, &s.items, points, comment)?.id;
            let entries: Vec<(i32, i32)> = points.iter().map(|(i, v)| (*i, *v as i32)).collect();
            rq::save_sheet(c, applicant_id, e, &entries, comment.trim())?;
            done(s.applicant.committee_id, json!({ "applicant": applicant_id }))
        })
    }

    /// Submits a complete score sheet; it is final.
    pub fn submit_score_sheet(&self, who: &Identity, applicant_id: i32) -> R<u32> {
        self.act(who, Action::ScoreSubmit, |c, actor| {
            let s = scoring(c, actor, applicant_id)?;
            let entries = match &s.row {
                Some(row) => rq::sheet_entries(c, row.id)?,
                None => Vec::new(),
            };
            let scored: Vec<i32> = entries.iter().map(|(id, _)| *id).collect();
            let e = gates::submit_sheet(actor, &s.facts, &s.sheet, &s.items, &scored)?.id;
            let Some(sheet) = s.row else {
                return Err(Refusal::NotFound("score sheet").into());
            };
            let total: i32 = entries.iter().map(|(_, p)| p).sum();
            rq::submit_sheet(c, sheet.id, &now())?;
            let scores: Vec<Value> = entries.iter().map(|(i, p)| json!([i, p])).collect();
            Ok(Done {
                committee_id: s.applicant.committee_id,
                detail: json!({ "applicant": applicant_id, "expert": e, "total": total, "items": scores }),
                value: total.max(0) as u32,
            })
        })
    }

    /// A group expert's draft vote (拟投票) on an applicant; changeable until submitted.
    pub fn draft_group_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        self.act(who, Action::GroupVoteDraft, |c, actor| {
            let (a, facts) = group_applicant(c, actor, applicant_id)?;
            let round = facts.group_round;
            let submitted = match actor.person {
                Some(p) => rq::group_vote(c, applicant_id, p.id, round)?.is_some_and(|v| v.submitted_at.is_some()),
                None => false,
            };
            let e = gates::draft_group_vote(actor, &facts, submitted)?.id;
            rq::save_group_draft(c, applicant_id, e, round, choice.as_str())?;
            // Drafts are working notes: the audit entry records that one was saved.
            done(a.committee_id, json!({ "applicant": applicant_id, "round": round }))
        })
    }

    /// A group expert submits all votes of the round; they are final.
    pub fn submit_group_votes(&self, who: &Identity, group_id: i32) -> R<usize> {
        self.act(who, Action::GroupVoteSubmit, |c, actor| {
            let g = q::group_by_id(c, group_id)?;
            let state = group_state(c, g.as_ref())?;
            let mut pairs: Vec<(i32, i32)> = Vec::new();
            let mut votes = Vec::new();
            if let (Some(g), Some(p)) = (&g, actor.person) {
                let applicants = group_round_applicants(c, g)?;
                let recused = recused_pairs(c, &applicants)?;
                pairs = applicants
                    .iter()
                    .filter(|a| !recused.contains(&(p.id, a.id)))
                    .map(|a| (a.id, g.round))
                    .collect();
                votes = rq::group_votes_on(c, &pairs)?
                    .into_iter()
                    .filter(|v| v.expert_id == p.id)
                    .collect();
            }
            let mine = gates::MyGroupVotes {
                owed: pairs.len(),
                drafted: votes.len(),
                submitted: votes.iter().any(|v| v.submitted_at.is_some()),
            };
            let e = gates::submit_group_votes(actor, group_id, state, &mine)?.id;
            let g = g.ok_or(Refusal::NotFound("group"))?;
            rq::submit_group_votes(c, e, &pairs, &now())?;
            let list: Vec<Value> = votes.iter().map(|v| json!([v.applicant_id, v.choice])).collect();
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": g.round, "expert": e, "votes": list }),
                value: votes.len(),
            })
        })
    }

    /// The leader opens the group's vote switch (小组数据操作). In scoring modes every
    /// sheet must be in, unless the leader overrides (recorded); in mode 2 every
    /// applicant needs the lead reviewer's opinion and recommendation.
    pub fn open_group_switch(&self, who: &Identity, group_id: i32, override_scoring: bool) -> R<()> {
        self.act(who, Action::GroupSwitchOpen, |c, actor| {
            let g = q::group_by_id(c, group_id)?;
            let state = group_state(c, g.as_ref())?;
            let gaps = match &g {
                // Read only for the group's own leader: nobody else learns its gaps.
                Some(g) if actor.leader_of(group_id).is_ok() => {
                    let committee = load_committee(c, g.committee_id)?;
                    let ids: Vec<i32> = group_round_applicants(c, g)?.iter().map(|a| a.id).collect();
                    switch_gaps(c, &committee, group_id, &ids)?
                }
                _ => SwitchGaps::default(),
            };
            let scores_missing = gates::open_group_switch(actor, group_id, state, &gaps, override_scoring)?;
            let g = g.ok_or(Refusal::NotFound("group"))?;
            rq::set_group_phase(c, group_id, GroupPhase::Voting.as_str())?;
            done(
                g.committee_id,
                json!({ "group": group_id, "round": g.round, "override": override_scoring && scores_missing > 0, "scores_missing": scores_missing }),
            )
        })
    }

    /// The leader closes the switch; unsubmitted votes are missing from now on.
    pub fn close_group_switch(&self, who: &Identity, group_id: i32) -> R<()> {
        self.act(who, Action::GroupSwitchClose, |c, actor| {
            let g = leader_step(c, actor, group_id, GroupPhase::Voting)?;
            rq::set_group_phase(c, group_id, GroupPhase::Deliberation.as_str())?;
            done(g.committee_id, json!({ "group": group_id, "round": g.round }))
        })
    }

    /// Group deliberation (专业组评议): the leader submits the group's result, computed by
    /// the committee's rule. When every group is done, the committee meeting begins.
    pub fn submit_group_result(&self, who: &Identity, group_id: i32) -> R<Vec<GroupResultRow>> {
        self.act(who, Action::GroupResult, |c, actor| {
            let g = leader_step(c, actor, group_id, GroupPhase::Deliberation)?;
            let committee = load_committee(c, g.committee_id)?;
            // Every applicant of the group, each at its own round: after a re-vote the
            // others keep the votes of the round they were decided in.
            let applicants = q::applicants_of(c, g.committee_id, Some(group_id))?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            let experts = rq::group_expert_ids(c, group_id)?;
            let recused = rq::recusals_for(c, &ids)?;
            let pairs: Vec<(i32, i32)> = applicants.iter().map(|a| (a.id, a.group_round)).collect();
            let votes = rq::group_votes_on(c, &pairs)?;
            let totals = rq::submitted_totals(c, &ids)?;
            let at = now();
            let mut rows = Vec::new();
            let mut detail = Vec::new();
            for (a, round) in &pairs {
                let eligible: Vec<i32> = experts
                    .iter()
                    .copied()
                    .filter(|e| !recused.contains(&(*e, *a)))
                    .collect();
                let tally = Tally::of(
                    votes
                        .iter()
                        .filter(|v| v.applicant_id == *a && v.submitted_at.is_some() && eligible.contains(&v.expert_id))
                        .filter_map(|v| Choice::parse(&v.choice)),
                );
                let outcome = Outcome::decide(tally, eligible.len() as u32, committee.settings.group_pass);
                let score = if committee.mode.has_scoring() {
                    // Only sheets of experts eligible for this applicant count.
                    applicant_score(&totals, *a, |e| eligible.contains(&e), committee.settings.trim_from)
                } else {
                    None
                };
                let passed = committee
                    .settings
                    .group_passed(&outcome, committee.mode.has_scoring(), score);
                detail.push(json!({
                    "applicant": a, "round": round, "approve": tally.approve, "reject": tally.reject,
                    "abstain": tally.abstain, "base": outcome.base, "needed": outcome.needed,
                    "score_centi": score.map(|s| s.centi), "passed": passed,
                }));
                rows.push(GroupResultRow {
                    applicant_id: *a,
                    round: *round,
                    approve: tally.approve as i32,
                    reject: tally.reject as i32,
                    abstain: tally.abstain as i32,
                    base: outcome.base as i32,
                    needed: outcome.needed as i32,
                    passed,
                    decided_at: at.clone(),
                });
            }
            for r in &rows {
                rq::save_group_result(c, r)?;
            }
            rq::set_group_phase(c, group_id, GroupPhase::Done.as_str())?;
            let all_done = q::groups_of_committee(c, g.committee_id)?
                .iter()
                .all(|x| x.id == group_id || x.phase == GroupPhase::Done.as_str());
            let stage = if all_done {
                q::set_committee_stage(c, g.committee_id, Stage::CommitteeReview.as_str())?;
                Some(Stage::CommitteeReview.as_str())
            } else {
                None
            };
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": g.round, "results": detail, "stage": stage }),
                value: rows,
            })
        })
    }

    /// A re-vote (复议) in the group: a new round for some applicants, switch open again;
    /// the leader's reason goes into the record.
    pub fn open_group_revote(&self, who: &Identity, group_id: i32, applicant_ids: &[i32], reason: &str) -> R<i32> {
        self.act(who, Action::GroupRevote, |c, actor| {
            let g = q::group_by_id(c, group_id)?;
            let state = group_state(c, g.as_ref())?;
            let current: Vec<i32> = match &g {
                Some(g) => group_round_applicants(c, g)?.iter().map(|a| a.id).collect(),
                None => Vec::new(),
            };
            let reason = gates::group_revote(actor, group_id, state, applicant_ids, &current, reason)?;
            let g = g.ok_or(Refusal::NotFound("group"))?;
            let round = g.round + 1;
            rq::set_group_round(c, group_id, round)?;
            rq::set_applicant_group_round(c, applicant_ids, round)?;
            rq::set_group_phase(c, group_id, GroupPhase::Voting.as_str())?;
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": round, "applicants": applicant_ids, "reason": reason }),
                value: round,
            })
        })
    }

    // ------------------------------------------------------------ either stage

    /// A draft vote (keys 1/2/3) in whichever stage is voting now: the group stage
    /// while the groups work, the committee stage once the meeting has begun.
    pub fn draft_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        let stage = {
            let mut conn = self.store.conn()?;
            let a = load_applicant(&mut conn, applicant_id)?;
            load_committee(&mut conn, a.committee_id)?.stage
        };
        match stage {
            Stage::CommitteeReview | Stage::CommitteeVoting | Stage::Report | Stage::Reported => {
                self.draft_committee_vote(who, applicant_id, choice)
            }
            _ => self.draft_group_vote(who, applicant_id, choice),
        }
    }

    /// Submits all of this account's votes of the current round (key `s`, after a
    /// confirmation on screen); returns how many were submitted.
    pub fn submit_votes(&self, who: &Identity, committee_id: i32) -> R<usize> {
        let stage = {
            let mut conn = self.store.conn()?;
            load_committee(&mut conn, committee_id)?.stage
        };
        match stage {
            Stage::Setup | Stage::Groups => {
                let group = who
                    .expert_id
                    .and_then(|e| {
                        let mut conn = self.store.conn().ok()?;
                        q::expert_by_id(&mut conn, e).ok().flatten()
                    })
                    .and_then(|e| e.group_id)
                    .ok_or(Refusal::RoleRequired(Role::Expert))?;
                self.submit_group_votes(who, group)
            }
            _ => self.submit_committee_votes(who, committee_id),
        }
    }

    // ------------------------------------------------------------ the committee

    /// A member checks in for the committee meeting (签到).
    pub fn check_in(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, Action::CommitteeCheckin, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            let already = match actor.person {
                Some(p) => rq::checked_in(c, committee_id)?.contains(&p.id),
                None => false,
            };
            let e = gates::check_in(actor, committee_id, committee.stage, already)?.id;
            rq::insert_checkin(c, committee_id, e, &now())?;
            done(committee_id, json!({ "expert": e }))
        })
    }

    /// A member's draft vote (大评委拟投票) on an applicant who passed the groups.
    pub fn draft_committee_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        self.act(who, Action::CommitteeVoteDraft, |c, actor| {
            let a = load_applicant(c, applicant_id)?;
            let committee = load_committee(c, a.committee_id)?;
            let round = committee.row.round;
            let facts = match actor.person {
                Some(p) if p.committee_id == a.committee_id => gates::CommitteeApplicant {
                    committee_id: a.committee_id,
                    stage: committee.stage,
                    checked_in: rq::checked_in(c, committee.row.id)?.contains(&p.id),
                    before_committee: committee_applicants(c, &committee)?
                        .iter()
                        .any(|x| x.id == applicant_id),
                    in_round: a.committee_round == round,
                    recused: rq::is_recused(c, p.id, applicant_id)?,
                    voted: rq::has_voted(c, committee.row.id, p.id, round)?,
                },
                // Another committee's applicant: nothing of it is read.
                _ => gates::CommitteeApplicant {
                    committee_id: a.committee_id,
                    stage: committee.stage,
                    checked_in: false,
                    before_committee: false,
                    in_round: false,
                    recused: false,
                    voted: false,
                },
            };
            let e = gates::draft_committee_vote(actor, &facts)?.id;
            rq::save_committee_draft(c, applicant_id, e, round, choice.as_str())?;
            done(committee.row.id, json!({ "applicant": applicant_id, "round": round }))
        })
    }

    /// A member submits the ballot (确定): counted without any trace of the voter.
    pub fn submit_committee_votes(&self, who: &Identity, committee_id: i32) -> R<usize> {
        self.act(who, Action::CommitteeVoteSubmit, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            let round = committee.row.round;
            let mut ballot = Vec::new();
            let mut facts = gates::MyBallot {
                checked_in: false,
                voted: false,
                owed: 0,
                drafted: 0,
            };
            if let Some(p) = actor.person.filter(|p| p.committee_id == committee_id) {
                let e = p.id;
                let applicants = committee_round_applicants(c, &committee)?;
                let recused = recused_pairs(c, &applicants)?;
                let drafts = rq::committee_drafts_of(c, e, round)?;
                for a in applicants.iter().filter(|a| !recused.contains(&(e, a.id))) {
                    facts.owed += 1;
                    if let Some((_, choice)) = drafts.iter().find(|(id, _)| *id == a.id) {
                        ballot.push((a.id, choice.clone()));
                    }
                }
                facts.drafted = ballot.len();
                facts.checked_in = rq::checked_in(c, committee_id)?.contains(&e);
                facts.voted = rq::has_voted(c, committee_id, e, round)?;
            }
            let e = gates::submit_committee_votes(actor, committee_id, committee.stage, &facts)?.id;
            rq::insert_voter(c, committee_id, e, round)?;
            for (a, choice) in &ballot {
                rq::count_ballot(c, *a, round, choice)?;
            }
            rq::delete_committee_drafts(c, e, round)?;
            // Who voted, never what: the choices are only in the counters.
            Ok(Done {
                committee_id,
                detail: json!({ "round": round, "expert": e, "ballots": ballot.len() }),
                value: ballot.len(),
            })
        })
    }

    /// The director opens the committee switch (评委会数据操作) once the quorum is met.
    pub fn open_committee_switch(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, Action::CommitteeSwitchOpen, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            let members = rq::member_ids(c, committee_id)?.len() as u32;
            let checked_in = rq::checked_in(c, committee_id)?.len() as u32;
            gates::open_committee_switch(
                actor,
                committee_id,
                committee.stage,
                &committee.settings,
                checked_in,
                members,
            )?;
            let applicants = committee_round_applicants(c, &committee)?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            rq::open_tallies(c, &ids, committee.row.round)?;
            q::set_committee_stage(c, committee_id, Stage::CommitteeVoting.as_str())?;
            done(
                committee_id,
                json!({ "round": committee.row.round, "members": members, "attending": checked_in, "applicants": ids }),
            )
        })
    }

    /// The director closes the switch once every member present has voted; the round's
    /// results are decided. With missing ballots it is refused
    /// (`Refusal::BallotsMissing`): see `close_committee_switch_with_reason`.
    pub fn close_committee_switch(&self, who: &Identity, committee_id: i32) -> R<Vec<CommitteeResultRow>> {
        match self.close_committee(who, committee_id, None)? {
            RoundClosed::Decided(rows) => Ok(rows),
            // The gate decides a round without a reason only when nobody is missing.
            RoundClosed::Void { .. } => Err(Refusal::ReasonNeeded.into()),
        }
    }

    /// The director closes the switch with a typed reason although ballots are missing
    /// (`domain::ballot`): decided when the ballots in reach the quorum (the missing
    /// ones count as not approving), void below it (no tally is kept; the meeting goes
    /// back to check-in for a new round).
    pub fn close_committee_switch_with_reason(
        &self,
        who: &Identity,
        committee_id: i32,
        reason: &str,
    ) -> R<RoundClosed> {
        let reason = gates::text(reason, MAX_REASON)?;
        self.close_committee(who, committee_id, Some(&reason))
    }

    fn close_committee(&self, who: &Identity, committee_id: i32, reason: Option<&str>) -> R<RoundClosed> {
        self.act(who, Action::CommitteeSwitchClose, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            // Nothing of the round is read for anyone but the director of this committee.
            gates::chair(
                actor,
                Role::Director,
                committee_id,
                committee.stage,
                Stage::CommitteeVoting,
            )?;
            let round = committee.row.round;
            let applicants = committee_round_applicants(c, &committee)?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            let attending = rq::checked_in(c, committee_id)?;
            let recused = rq::recusals_for(c, &ids)?;
            let voter_ids = rq::voters_in_round(c, committee_id, round)?;
            let voters = voter_ids.len();
            let members = rq::member_ids(c, committee_id)?.len() as u32;
            let missing = ballot::missing_ballots(&attending, &voter_ids, |m| {
                ids.iter().any(|a| !recused.contains(&(m, *a)))
            });
            let ballots = ballot::BallotsIn {
                missing,
                voters: voters as u32,
                quorum_needed: committee.settings.quorum.needed(members),
            };
            let close = gates::close_committee_switch(actor, committee_id, committee.stage, ballots, reason.is_some())?;
            if close == RoundClose::Void {
                // No tally of this round may ever be seen: the counters go, and the
                // round's applicants move to a new round that opens from check-in.
                let next = round + 1;
                rq::delete_tallies(c, committee_id, round)?;
                rq::move_committee_drafts(c, committee_id, round, next)?;
                rq::set_committee_round(c, committee_id, next)?;
                rq::set_applicant_committee_round(c, &ids, next)?;
                q::set_committee_stage(c, committee_id, Stage::CommitteeReview.as_str())?;
                return Ok(Done {
                    committee_id,
                    detail: json!({
                        "round": round, "void": true, "next_round": next, "attending": attending.len(),
                        "voters": voters, "missing": missing, "reason": reason,
                        "stage": Stage::CommitteeReview.as_str(),
                    }),
                    value: RoundClosed::Void { round: next },
                });
            }
            let counted = rq::tallies(c, &ids, round)?;
            let at = now();
            let mut rows = Vec::new();
            let mut detail = Vec::new();
            for a in &ids {
                let base = attending.iter().filter(|e| !recused.contains(&(**e, *a))).count() as u32;
                let (ap, re, ab) = counted
                    .iter()
                    .find(|t| t.0 == *a)
                    .map(|t| (t.1, t.2, t.3))
                    .unwrap_or_default();
                let tally = Tally {
                    approve: ap.max(0) as u32,
                    reject: re.max(0) as u32,
                    abstain: ab.max(0) as u32,
                };
                let o = Outcome::decide(tally, base, committee.settings.committee_pass);
                detail.push(json!({
                    "applicant": a, "approve": tally.approve, "reject": tally.reject, "abstain": tally.abstain,
                    "base": base, "needed": o.needed, "passed": o.passed,
                }));
                rows.push(CommitteeResultRow {
                    applicant_id: *a,
                    round,
                    approve: ap,
                    reject: re,
                    abstain: ab,
                    attending: attending.len() as i32,
                    base: base as i32,
                    needed: o.needed as i32,
                    passed: o.passed,
                    decided_at: at.clone(),
                });
            }
            for r in &rows {
                rq::save_committee_result(c, r)?;
            }
            // The drafts of members who never submitted go: the secret ballot keeps no
            // choice next to a name once the round is decided.
            let drafts_deleted = rq::delete_round_drafts(c, committee_id, round)?;
            q::set_committee_stage(c, committee_id, Stage::Report.as_str())?;
            let mut detail = json!({
                "round": round, "attending": attending.len(), "voters": voters, "results": detail,
                "drafts_deleted": drafts_deleted, "stage": Stage::Report.as_str(),
            });
            if close == RoundClose::Overridden {
                detail["missing"] = json!(missing);
                detail["override"] = json!(reason);
            }
            Ok(Done {
                committee_id,
                detail,
                value: RoundClosed::Decided(rows),
            })
        })
    }

    /// A re-vote (复议) in the committee: a new, recorded round for some applicants, with
    /// the director's reason.
    pub fn open_committee_revote(
        &self,
        who: &Identity,
        committee_id: i32,
        applicant_ids: &[i32],
        reason: &str,
    ) -> R<i32> {
        self.act(who, Action::CommitteeRevote, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            gates::chair(actor, Role::Director, committee_id, committee.stage, Stage::Report)?;
            let current: Vec<i32> = committee_round_applicants(c, &committee)?
                .iter()
                .map(|a| a.id)
                .collect();
            let reason =
                gates::committee_revote(actor, committee_id, committee.stage, applicant_ids, &current, reason)?;
            let round = committee.row.round + 1;
            rq::set_committee_round(c, committee_id, round)?;
            rq::set_applicant_committee_round(c, applicant_ids, round)?;
            rq::open_tallies(c, applicant_ids, round)?;
            q::set_committee_stage(c, committee_id, Stage::CommitteeVoting.as_str())?;
            Ok(Done {
                committee_id,
                detail: json!({
                    "round": round, "applicants": applicant_ids, "reason": reason,
                    "stage": Stage::CommitteeVoting.as_str(),
                }),
                value: round,
            })
        })
    }

    /// The reporter reports the results to the office (上报); the review ends and the
    /// committee's accounts stop working.
    pub fn report(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, Action::CommitteeReport, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            gates::report(actor, committee_id, committee.stage)?;
            let at = now();
            rq::set_reported(c, committee_id, &at)?;
            q::set_committee_stage(c, committee_id, Stage::Reported.as_str())?;
            done(committee_id, json!({ "stage": Stage::Reported.as_str() }))
        })
    }
}

impl Service {
    /// The items of a committee's score sheet, in order.
    pub fn score_items(&self, committee_id: i32) -> Result<Vec<crate::store::models::ScoreItemRow>, ServiceError> {
        let mut conn = self.store.conn()?;
        Ok(rq::score_items_of(&mut conn, committee_id)?)
    }

    /// The applicants voted on in the committee's current round.
    pub fn committee_round_applicants(&self, committee_id: i32) -> R<Vec<i32>> {
        let mut conn = self.store.conn()?;
        let c = load_committee(&mut conn, committee_id)?;
        Ok(committee_round_applicants(&mut conn, &c)?
            .iter()
            .map(|a| a.id)
            .collect())
    }

    /// The group results of a committee.
    pub fn group_results(&self, committee_id: i32) -> Result<Vec<GroupResultRow>, ServiceError> {
        let mut conn = self.store.conn()?;
        let ids: Vec<i32> = q::applicants_of(&mut conn, committee_id, None)?
            .iter()
            .map(|a| a.id)
            .collect();
        Ok(rq::group_results_of(&mut conn, &ids)?)
    }

    /// The committee results (tallies only: the ballot is secret).
    pub fn committee_results(&self, committee_id: i32) -> Result<Vec<CommitteeResultRow>, ServiceError> {
        let mut conn = self.store.conn()?;
        let ids: Vec<i32> = q::applicants_of(&mut conn, committee_id, None)?
            .iter()
            .map(|a| a.id)
            .collect();
        Ok(rq::committee_results_of(&mut conn, &ids)?)
    }

    /// A committee's stage now.
    pub fn stage(&self, committee_id: i32) -> R<Stage> {
        let mut conn = self.store.conn()?;
        Ok(load_committee(&mut conn, committee_id)?.stage)
    }
}

pub(crate) fn settings_json(s: &Settings) -> Value {
    let t = |t: Threshold| json!([t.num, t.den, t.strict]);
    json!({
        "group_pass": t(s.group_pass), "committee_pass": t(s.committee_pass), "quorum": t(s.quorum),
        "group_fail_stops": s.group_fail_stops, "trim_from": s.trim_from, "pass_score": s.pass_score,
    })
}

/// Records a recusal the gate allowed: a recused expert is no longer lead reviewer,
/// and the drafts on the applicant go.
fn recuse(c: &mut SqliteConnection, a: &ApplicantRow, expert_id: i32, reason: &str) -> R<Done<()>> {
    rq::insert_recusal(c, expert_id, a.id, reason)?;
    rq::delete_lead(c, a.id, expert_id)?;
    rq::delete_drafts_on(c, a.id, expert_id)?;
    done(
        a.committee_id,
        json!({ "expert": expert_id, "applicant": a.id, "reason": reason }),
    )
}

/// Where an applicant's recusals stand for one expert.
fn recusal_state(c: &mut SqliteConnection, a: &ApplicantRow, expert_id: i32) -> R<gates::RecusalState> {
    let committee = load_committee(c, a.committee_id)?;
    // The group's phase matters only while the groups work.
    let group_phase = match a.group_id {
        Some(gid) if committee.stage == Stage::Groups => Some(load_group(c, gid)?.1),
        _ => None,
    };
    let expert_submitted = rq::group_vote(c, a.id, expert_id, a.group_round)?.is_some_and(|v| v.submitted_at.is_some())
        || rq::sheet_of(c, a.id, expert_id)?.is_some_and(|s| s.submitted_at.is_some());
    Ok(gates::RecusalState {
        stage: committee.stage,
        group_phase,
        expert_submitted,
    })
}

/// The facts of a recusal to record.
fn new_recusal(c: &mut SqliteConnection, expert_id: i32, applicant_id: i32) -> R<(ApplicantRow, gates::NewRecusal)> {
    let a = load_applicant(c, applicant_id)?;
    let facts = gates::NewRecusal {
        expert_committee: q::expert_by_id(c, expert_id)?.map(|e| e.committee_id),
        applicant_committee: a.committee_id,
        state: recusal_state(c, &a, expert_id)?,
        already: rq::is_recused(c, expert_id, applicant_id)?,
    };
    Ok((a, facts))
}

/// An applicant in the group stage as the acting expert sees it (`lead` left false:
/// see `lead_applicant`).
fn group_applicant(
    c: &mut SqliteConnection,
    actor: &Actor,
    applicant_id: i32,
) -> R<(ApplicantRow, gates::GroupApplicant)> {
    let a = load_applicant(c, applicant_id)?;
    let committee = load_committee(c, a.committee_id)?;
    let (phase, group_round) = match a.group_id {
        Some(gid) => {
            let (g, phase) = load_group(c, gid)?;
            (phase, g.round)
        }
        None => (GroupPhase::Review, a.group_round),
    };
    let recused = match actor.person {
        Some(p) => rq::is_recused(c, p.id, applicant_id)?,
        None => false,
    };
    let facts = gates::GroupApplicant {
        mode: committee.mode,
        stage: committee.stage,
        group_id: a.group_id,
        phase,
        group_round,
        applicant_round: a.group_round,
        recused,
        lead: false,
    };
    Ok((a, facts))
}

/// The same, with whether the actor is one of its lead reviewers.
fn lead_applicant(
    c: &mut SqliteConnection,
    actor: &Actor,
    applicant_id: i32,
) -> R<(ApplicantRow, gates::GroupApplicant)> {
    let (a, mut facts) = group_applicant(c, actor, applicant_id)?;
    if let Some(p) = actor.person {
        facts.lead = rq::is_lead(c, applicant_id, p.id)?;
    }
    Ok((a, facts))
}

/// The gate of a change to an applicant's interview questions; the text to keep.
fn question_gate(
    c: &mut SqliteConnection,
    actor: &Actor,
    applicant_id: i32,
    edit: gates::QuestionEdit,
) -> R<(ApplicantRow, Option<String>)> {
    let (a, facts) = lead_applicant(c, actor, applicant_id)?;
    let questions = gates::Questions {
        count: rq::questions_of(c, applicant_id)?.len(),
        scored: !rq::submitted_totals(c, &[applicant_id])?.is_empty(),
    };
    let text = gates::edit_questions(actor, &facts, &questions, edit)?;
    Ok((a, text))
}

/// A group's stage and phase, if the group exists.
fn group_state(c: &mut SqliteConnection, g: Option<&GroupRow>) -> R<Option<gates::GroupState>> {
    let Some(g) = g else { return Ok(None) };
    let phase = GroupPhase::parse(&g.phase).ok_or_else(|| UnknownName {
        kind: "group phase",
        value: g.phase.clone(),
    })?;
    let stage = load_committee(c, g.committee_id)?.stage;
    Ok(Some(gates::GroupState { stage, phase }))
}

/// The leader's step on the group in phase `allowed`; the group.
fn leader_step(c: &mut SqliteConnection, actor: &Actor, group_id: i32, allowed: GroupPhase) -> R<GroupRow> {
    let g = q::group_by_id(c, group_id)?;
    let state = group_state(c, g.as_ref())?;
    gates::lead_group(actor, group_id, state, allowed)?;
    Ok(g.ok_or(Refusal::NotFound("group"))?)
}

/// What scoring an applicant's defense depends on.
struct Scoring {
    applicant: ApplicantRow,
    facts: gates::GroupApplicant,
    sheet: gates::Sheet,
    row: Option<crate::store::models::ScoreSheetRow>,
    items: Vec<gates::ScoreItem>,
}

fn scoring(c: &mut SqliteConnection, actor: &Actor, applicant_id: i32) -> R<Scoring> {
    let (applicant, facts) = group_applicant(c, actor, applicant_id)?;
    let row = match actor.person {
        Some(p) => rq::sheet_of(c, applicant_id, p.id)?,
        None => None,
    };
    let sheet = gates::Sheet {
        has_questions: facts.mode.has_questions() && !rq::questions_of(c, applicant_id)?.is_empty(),
        submitted: row.as_ref().is_some_and(|s| s.submitted_at.is_some()),
    };
    let items = rq::score_items_of(c, applicant.committee_id)?
        .into_iter()
        .map(|i| gates::ScoreItem {
            id: i.id,
            name: i.name,
            max: i.max_points.max(0) as u32,
        })
        .collect();
    Ok(Scoring {
        applicant,
        facts,
        sheet,
        row,
        items,
    })
}

/// An applicant's defense score from the submitted sheets (`totals`: applicant, expert,
/// points) of the experts `eligible` for it: the one computation the result, the
/// lists, the panel and the exports share.
pub(crate) fn applicant_score(
    totals: &[(i32, i32, i64)],
    applicant: i32,
    eligible: impl Fn(i32) -> bool,
    trim_from: Option<u32>,
) -> Option<GroupScore> {
    let sheets: Vec<u32> = totals
        .iter()
        .filter(|(x, e, _)| *x == applicant && eligible(*e))
        .map(|(_, _, t)| (*t).max(0) as u32)
        .collect();
    GroupScore::of(&sheets, trim_from)
}

/// The gates of the group vote switch, computed the one way the engine and the
/// leader's panel both use.
pub(crate) fn switch_gaps(
    c: &mut SqliteConnection,
    committee: &Committee,
    group_id: i32,
    ids: &[i32],
) -> Result<SwitchGaps, ActionError> {
    let leads = rq::lead_reviewers_of(c, ids)?;
    let mut gaps = SwitchGaps {
        without_lead: ids
            .iter()
            .filter(|id| !leads.iter().any(|l| l.applicant_id == **id))
            .count() as u32,
        ..SwitchGaps::default()
    };
    if committee.mode.requires_opinions() {
        // Every lead reviewer of every applicant has written both.
        gaps.opinions_missing = ids
            .iter()
            .filter(|id| {
                leads
                    .iter()
                    .filter(|l| l.applicant_id == **id)
                    .any(|l| l.opinion.is_empty() || l.recommendation.is_none())
            })
            .count() as u32;
    }
    if committee.mode.has_questions() {
        for id in ids {
            if rq::questions_of(c, *id)?.is_empty() {
                gaps.questions_missing += 1;
            }
        }
    }
    if committee.mode.has_scoring() {
        let experts = rq::group_expert_ids(c, group_id)?;
        let recused = rq::recusals_for(c, ids)?;
        let sheets = rq::submitted_totals(c, ids)?;
        for e in &experts {
            let missing = ids
                .iter()
                .filter(|a| !recused.contains(&(*e, **a)) && !sheets.iter().any(|(x, y, _)| x == *a && y == e))
                .count() as u32;
            gaps.sheets_missing.push((*e, missing));
        }
    }
    Ok(gaps)
}
