//! The review engine: one function per user action of SPEC sections 2 and 3. Each
//! re-reads who is acting inside its transaction, checks role, group, recusal, stage
//! and switch, writes everything together with its audit entry in one immediate
//! transaction, and then tells live screens. A refusal changes nothing.

use crate::store::Db;
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

mod committee;
mod groups;

pub use crate::domain::gates::{MAX_COMMENT, MAX_OPINION, MAX_QUESTION, MAX_QUESTIONS, MAX_REASON, SwitchGaps};

/// What a committee holds for its start (see `gates::Readiness`).
pub(super) fn readiness(c: &mut Db, committee_id: i32, mode: Mode) -> Result<gates::Readiness, StoreError> {
    let groups = q::groups_of_committee(c, committee_id)?;
    let leaders = q::experts_with_role(c, committee_id, Role::Leader.as_str())?;
    let applicants = q::applicants_of(c, committee_id, None)?;
    Ok(gates::Readiness {
        mode: Some(mode),
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
        members: rq::member_ids(c, committee_id)?.len(),
        score_items: rq::score_items_of(c, committee_id)?.len(),
    })
}

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

pub(crate) fn load_committee(conn: &mut Db, id: i32) -> R<Committee> {
    let row = q::committee_by_id(conn, id)?.ok_or(Refusal::NotFound("committee"))?;
    Ok(Committee {
        mode: row.mode.parse()?,
        stage: row.stage.parse()?,
        settings: settings_of(&row),
        row,
    })
}

fn load_group(conn: &mut Db, id: i32) -> R<(GroupRow, GroupPhase)> {
    let g = q::group_by_id(conn, id)?.ok_or(Refusal::NotFound("group"))?;
    let phase = GroupPhase::parse(&g.phase).ok_or_else(|| UnknownName {
        kind: "group phase",
        value: g.phase.clone(),
    })?;
    Ok((g, phase))
}

fn load_applicant(conn: &mut Db, id: i32) -> R<ApplicantRow> {
    Ok(rq::applicant_by_id(conn, id)?.ok_or(Refusal::NotFound("applicant"))?)
}

fn load_actor(conn: &mut Db, who: &Identity) -> R<Actor> {
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
fn group_round_applicants(conn: &mut Db, group: &GroupRow) -> R<Vec<ApplicantRow>> {
    Ok(q::applicants_of(conn, group.committee_id, Some(group.id))?
        .into_iter()
        .filter(|a| a.group_round == group.round)
        .collect())
}

/// The applicants who go to the committee: passed their group, or every one with a
/// group result when a failed group is only a reference.
pub(crate) fn committee_applicants(conn: &mut Db, c: &Committee) -> R<Vec<ApplicantRow>> {
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
pub(crate) fn committee_round_applicants(conn: &mut Db, c: &Committee) -> R<Vec<ApplicantRow>> {
    Ok(committee_applicants(conn, c)?
        .into_iter()
        .filter(|a| a.committee_round == c.row.round)
        .collect())
}

fn recused_pairs(conn: &mut Db, applicants: &[ApplicantRow]) -> R<Vec<(i32, i32)>> {
    let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
    Ok(rq::recusals_for(conn, &ids)?)
}

impl Service {
    /// Runs one action: re-reads the actor, runs `f` in an immediate transaction with
    /// the audit entry, publishes the change. A refusal of a vote is itself logged.
    pub(crate) fn act<T>(&self, who: &Identity, action: Action, f: impl FnOnce(&mut Db, &Actor) -> R<Done<T>>) -> R<T> {
        let mut conn = self.store.conn()?;
        let result = self.write_announcing(&mut conn, |c| {
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
            let committee_id = done.committee_id;
            let mut events = Vec::with_capacity(2);
            if let (Some(phase), Some(group_id)) = (action.group_phase(), group.and_then(|g| i32::try_from(g).ok())) {
                events.push(Event::GroupPhaseChanged {
                    committee_id,
                    group_id,
                    phase,
                    seq: 0,
                });
            }
            events.push(Event::CommitteeChanged {
                committee_id,
                reach: super::Reach::of(action, who.account_id),
            });
            Ok::<_, ActionError>(((committee_id, done.value), events))
        });
        match result {
            Ok((committee_id, value)) => {
                // The action and who took it, never what was chosen: the audit log keeps
                // that, apart from committee-stage voters.
                tracing::info!(user = %who.username, action = action.name(), committee = committee_id, "action");
                if action.checkpoints() {
                    let _ = crate::store::checkpoint(&mut conn);
                }
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
            let readiness = readiness(c, committee_id, committee.mode)?;
            let applicants = q::applicants_of(c, committee_id, None)?;
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
                    "members": readiness.members,
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
fn recuse(c: &mut Db, a: &ApplicantRow, expert_id: i32, reason: &str) -> R<Done<()>> {
    rq::insert_recusal(c, expert_id, a.id, reason)?;
    rq::delete_lead(c, a.id, expert_id)?;
    rq::delete_drafts_on(c, a.id, expert_id)?;
    done(
        a.committee_id,
        json!({ "expert": expert_id, "applicant": a.id, "reason": reason }),
    )
}

/// Where an applicant's recusals stand for one expert.
fn recusal_state(c: &mut Db, a: &ApplicantRow, expert_id: i32) -> R<gates::RecusalState> {
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
fn new_recusal(c: &mut Db, expert_id: i32, applicant_id: i32) -> R<(ApplicantRow, gates::NewRecusal)> {
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
fn group_applicant(c: &mut Db, actor: &Actor, applicant_id: i32) -> R<(ApplicantRow, gates::GroupApplicant)> {
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
fn lead_applicant(c: &mut Db, actor: &Actor, applicant_id: i32) -> R<(ApplicantRow, gates::GroupApplicant)> {
    let (a, mut facts) = group_applicant(c, actor, applicant_id)?;
    if let Some(p) = actor.person {
        facts.lead = rq::is_lead(c, applicant_id, p.id)?;
    }
    Ok((a, facts))
}

/// The gate of a change to an applicant's interview questions; the text to keep.
fn question_gate(
    c: &mut Db,
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
fn group_state(c: &mut Db, g: Option<&GroupRow>) -> R<Option<gates::GroupState>> {
    let Some(g) = g else { return Ok(None) };
    let phase = GroupPhase::parse(&g.phase).ok_or_else(|| UnknownName {
        kind: "group phase",
        value: g.phase.clone(),
    })?;
    let stage = load_committee(c, g.committee_id)?.stage;
    Ok(Some(gates::GroupState { stage, phase }))
}

/// The leader's step on the group in phase `allowed`; the group.
fn leader_step(c: &mut Db, actor: &Actor, group_id: i32, allowed: GroupPhase) -> R<GroupRow> {
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

fn scoring(c: &mut Db, actor: &Actor, applicant_id: i32) -> R<Scoring> {
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
    c: &mut Db,
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
