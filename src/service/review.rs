//! The review engine: one function per user action of SPEC sections 2 and 3. Each
//! re-reads who is acting inside its transaction, checks role, group, recusal, stage
//! and switch, writes everything together with its audit entry in one immediate
//! transaction, and then tells live screens. A refusal changes nothing.

use diesel::sqlite::SqliteConnection;
use serde_json::{Value, json};

use super::{Event, Identity, Service, ServiceError};
use crate::domain::ballot::{self, RoundClose};
use crate::domain::{
    Choice, GroupPhase, GroupScore, Mode, Outcome, Phase, Refusal, Role, Settings, Stage, Tally, Threshold, UnknownName,
};
use crate::store::models::{ApplicantRow, CommitteeResultRow, CommitteeRow, ExpertRow, GroupResultRow, GroupRow};
use crate::store::review as rq;
use crate::store::{StoreError, audit, now, queries as q};

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

/// The acting account as the database has it now.
pub(crate) struct Actor {
    pub username: String,
    pub is_operator: bool,
    pub expert: Option<ExpertRow>,
    pub roles: Vec<Role>,
}

impl Actor {
    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn require(&self, role: Role) -> R<&ExpertRow> {
        match &self.expert {
            Some(e) if self.has(role) => Ok(e),
            _ => Err(Refusal::RoleRequired(role).into()),
        }
    }

    /// A leader or expert of `group_id`.
    fn group_expert(&self, group_id: Option<i32>) -> R<&ExpertRow> {
        let e = match &self.expert {
            Some(e) if self.has(Role::Expert) || self.has(Role::Leader) => e,
            _ => return Err(Refusal::RoleRequired(Role::Expert).into()),
        };
        if group_id.is_none() || e.group_id != group_id {
            return Err(Refusal::NotInGroup.into());
        }
        Ok(e)
    }

    /// The leader of `group_id`.
    fn leader_of(&self, group_id: i32) -> R<&ExpertRow> {
        let e = self.require(Role::Leader)?;
        if e.group_id != Some(group_id) {
            return Err(Refusal::NotInGroup.into());
        }
        Ok(e)
    }

    /// A member of the committee (the director is one too).
    fn member(&self) -> R<&ExpertRow> {
        match &self.expert {
            Some(e) if self.has(Role::Member) || self.has(Role::Director) => Ok(e),
            _ => Err(Refusal::RoleRequired(Role::Member).into()),
        }
    }

    fn operator(&self) -> R<()> {
        if self.is_operator {
            Ok(())
        } else {
            Err(Refusal::OperatorOnly.into())
        }
    }

    /// Refuses acting on another committee than the account's own.
    fn in_committee(&self, committee_id: i32) -> R<()> {
        match &self.expert {
            Some(e) if e.committee_id == committee_id => Ok(()),
            None if self.is_operator => Ok(()),
            _ => Err(Refusal::NotFound("committee").into()),
        }
    }
}

/// A committee with its parsed mode, stage and settings.
pub(crate) struct Committee {
    pub row: CommitteeRow,
    pub mode: Mode,
    pub stage: Stage,
    pub settings: Settings,
}

impl Committee {
    fn require_stage(&self, allowed: &[Stage]) -> R<()> {
        if self.stage == Stage::Reported {
            return Err(Refusal::CommitteeClosed.into());
        }
        if allowed.contains(&self.stage) {
            Ok(())
        } else {
            Err(Refusal::WrongPhase(Phase::Committee(self.stage)).into())
        }
    }
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

fn require_phase(phase: GroupPhase, allowed: &[GroupPhase]) -> R<()> {
    if allowed.contains(&phase) {
        Ok(())
    } else {
        Err(Refusal::WrongPhase(Phase::Group(phase)).into())
    }
}

fn load_applicant(conn: &mut SqliteConnection, id: i32) -> R<ApplicantRow> {
    Ok(rq::applicant_by_id(conn, id)?.ok_or(Refusal::NotFound("applicant"))?)
}

fn load_actor(conn: &mut SqliteConnection, who: &Identity) -> R<Actor> {
    if who.account_id == 0 && who.is_operator {
        return Ok(Actor {
            username: who.username.clone(),
            is_operator: true,
            expert: None,
            roles: Vec::new(),
        });
    }
    // The session's account must still be the one it logged in with: issuing new
    // accounts deletes the old ones, and SQLite may give a new account an old id.
    let account = q::account_by_id(conn, who.account_id)?
        .filter(|a| a.username == who.username)
        .ok_or(Refusal::AccountRevoked)?;
    let (expert, roles) = match account.expert_id {
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
            (Some(e), roles)
        }
        None => (None, Vec::new()),
    };
    Ok(Actor {
        username: account.username,
        is_operator: account.is_operator,
        expert,
        roles,
    })
}

fn check_text(text: &str, max: usize) -> R<String> {
    // Bidi controls, tags and fillers are dropped: they would reorder or hide text on
    // every terminal that shows it (`domain::text`).
    let cleaned = crate::domain::text::without_invisible(text);
    let t = cleaned.trim();
    if t.is_empty() || crate::domain::text::renders_blank(t) {
        return Err(Refusal::EmptyText.into());
    }
    let len = t.chars().count();
    if len > max {
        return Err(Refusal::TextTooLong { len, max }.into());
    }
    Ok(t.to_string())
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

/// Actions whose refusals are logged (who tried, when, why; never the choice).
fn is_vote_action(action: &str) -> bool {
    action.starts_with("group.vote") || action.starts_with("committee.vote")
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
        action: &'static str,
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
                action,
                &done.detail.to_string(),
            )?;
            let group = done.detail.get("group").and_then(Value::as_i64);
            Ok::<_, ActionError>((done.committee_id, done.value, group))
        });
        match result {
            Ok((committee_id, value, group)) => {
                // The action and who took it, never what was chosen: the audit log keeps
                // that, apart from committee-stage voters.
                tracing::info!(user = %who.username, action, committee = committee_id, "action");
                if action.starts_with("committee.vote.submit") || action == "committee.switch.close" {
                    // Move the ballot into the database file and empty the WAL, so that
                    // no trail of earlier counter states lingers in it.
                    let _ = crate::store::checkpoint(&mut conn);
                }
                let phase = match action {
                    "group.switch.open" => Some(GroupPhase::Voting),
                    "group.switch.close" => Some(GroupPhase::Deliberation),
                    _ => None,
                };
                if let (Some(phase), Some(group_id)) = (phase, group.and_then(|g| i32::try_from(g).ok())) {
                    self.publish(Event::GroupPhaseChanged {
                        committee_id,
                        group_id,
                        phase,
                        seq: self.next_change(),
                    });
                }
                self.publish(Event::CommitteeChanged {
                    committee_id,
                    reach: super::Reach::of_action(action, who.account_id),
                });
                Ok(value)
            }
            Err(ActionError::Refused(refusal)) => {
                tracing::info!(user = %who.username, action, reason = %refusal, "action refused");
                if is_vote_action(action) {
                    let detail = json!({ "action": action, "reason": refusal.to_string() }).to_string();
                    let _ = crate::store::write(&mut conn, |c| {
                        audit::append(c, who.committee_id, &who.username, "refused", &detail)
                    });
                }
                Err(ActionError::Refused(refusal))
            }
            Err(e) => {
                tracing::error!(user = %who.username, action, error = %e, "action failed");
                Err(e)
            }
        }
    }

    // ------------------------------------------------------------ the office

    /// Replaces a committee's rule settings (only while it is set up).
    pub fn set_settings(&self, who: &Identity, committee_id: i32, settings: Settings) -> R<()> {
        self.act(who, "committee.settings", |c, actor| {
            actor.operator()?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::Setup])?;
            if let Some(p) = settings.problem() {
                return Err(Refusal::Invalid(p).into());
            }
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
        self.act(who, "committee.score_items", |c, actor| {
            actor.operator()?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::Setup])?;
            if items.is_empty() || items.len() > 10 {
                return Err(Refusal::Invalid("a score sheet has 1 to 10 items".into()).into());
            }
            if items
                .iter()
                .any(|(n, m)| n.trim().is_empty() || n.chars().count() > 50 || *m == 0 || *m > 100)
            {
                return Err(Refusal::Invalid("each item needs a name and a maximum of 1 to 100 points".into()).into());
            }
            let total: u32 = items.iter().map(|(_, m)| m).sum();
            if total != 100 {
                return Err(Refusal::Invalid(format!("the item maxima add up to {total}, not 100")).into());
            }
            let rows: Vec<(String, i32)> = items.iter().map(|(n, m)| (n.trim().to_string(), *m as i32)).collect();
            rq::replace_score_items(c, committee_id, &rows)?;
            done(committee_id, json!({ "items": items }))
        })
    }

    /// Ends setup: the groups start working. Returns warnings the office should read.
    pub fn start_review(&self, who: &Identity, committee_id: i32) -> R<Vec<String>> {
        self.act(who, "committee.start", |c, actor| {
            actor.operator()?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::Setup])?;
            let groups = q::groups_of_committee(c, committee_id)?;
            if groups.is_empty() {
                return Err(Refusal::NotReady("it has no professional group".into()).into());
            }
            for g in &groups {
                let leaders = q::experts_with_role(c, committee_id, Role::Leader.as_str())?
                    .into_iter()
                    .filter(|e| e.group_id == Some(g.id))
                    .count();
                if leaders != 1 {
                    return Err(Refusal::NotReady(format!("group {} has {leaders} leaders, not one", g.name)).into());
                }
            }
            let applicants = q::applicants_of(c, committee_id, None)?;
            if applicants.is_empty() {
                return Err(Refusal::NotReady("it has no applicants".into()).into());
            }
            if let Some(a) = applicants.iter().find(|a| a.group_id.is_none()) {
                return Err(Refusal::NotReady(format!("applicant {} has no professional group", a.name)).into());
            }
            for role in [Role::Director, Role::Reporter] {
                if q::experts_with_role(c, committee_id, role.as_str())?.is_empty() {
                    return Err(Refusal::NotReady(format!("it has no {role}")).into());
                }
            }
            let members = rq::member_ids(c, committee_id)?.len();
            if members % 2 == 0 {
                return Err(Refusal::NotReady(format!("it has {members} members; the number must be odd")).into());
            }
            if committee.mode.has_scoring() && rq::score_items_of(c, committee_id)?.is_empty() {
                return Err(Refusal::NotReady("its score sheet has no items".into()).into());
            }
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
        self.act(who, "recusal.add", |c, actor| {
            actor.operator()?;
            rq::set_exempt(c, expert_id, applicant_id, false)?;
            recuse(c, expert_id, applicant_id, "office")
        })
    }

    pub fn remove_recusal(&self, who: &Identity, expert_id: i32, applicant_id: i32) -> R<()> {
        self.act(who, "recusal.remove", |c, actor| {
            actor.operator()?;
            let a = load_applicant(c, applicant_id)?;
            recusal_may_change(c, &a, expert_id)?;
            if !rq::delete_recusal(c, expert_id, applicant_id)? {
                return Err(Refusal::NotFound("recusal").into());
            }
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
        self.act(who, "recusal.declare", |c, actor| {
            let e = actor.expert.as_ref().ok_or(Refusal::RoleRequired(Role::Expert))?;
            recuse(c, e.id, applicant_id, "declared")
        })
    }

    // ------------------------------------------------------------ the groups

    /// The leader assigns a lead reviewer (主审专家) to an applicant of the group.
    pub fn assign_lead_reviewer(&self, who: &Identity, applicant_id: i32, expert_id: i32) -> R<()> {
        self.act(who, "lead.assign", |c, actor| {
            let (a, _, _) = leader_on_applicant(c, actor, applicant_id)?;
            target_group_expert(c, &a, expert_id)?;
            if rq::is_recused(c, expert_id, applicant_id)? {
                return Err(Refusal::TargetRecused.into());
            }
            if !rq::insert_lead(c, applicant_id, expert_id)? {
                return Err(Refusal::Invalid("already a lead reviewer of this applicant".into()).into());
            }
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "expert": expert_id }),
            )
        })
    }

    pub fn unassign_lead_reviewer(&self, who: &Identity, applicant_id: i32, expert_id: i32) -> R<()> {
        self.act(who, "lead.unassign", |c, actor| {
            let (a, _, _) = leader_on_applicant(c, actor, applicant_id)?;
            if !rq::delete_lead(c, applicant_id, expert_id)? {
                return Err(Refusal::NotFound("lead reviewer").into());
            }
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "expert": expert_id }),
            )
        })
    }

    /// The lead reviewer writes the review opinion and the recommended vote.
    pub fn write_opinion(&self, who: &Identity, applicant_id: i32, text: &str, recommendation: Choice) -> R<()> {
        self.act(who, "lead.opinion", |c, actor| {
            let (a, e) = lead_on_applicant(c, actor, applicant_id)?;
            let text = check_text(text, MAX_OPINION)?;
            rq::set_opinion(c, applicant_id, e, &text, recommendation.as_str(), &now())?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "recommendation": recommendation.as_str(), "chars": text.chars().count() }),
            )
        })
    }

    /// The lead reviewer adds an interview question (mode 3); returns its id.
    pub fn add_question(&self, who: &Identity, applicant_id: i32, text: &str) -> R<i32> {
        self.act(who, "question.add", |c, actor| {
            let (a, e) = lead_on_applicant(c, actor, applicant_id)?;
            questions_editable(c, &a)?;
            let text = check_text(text, MAX_QUESTION)?;
            if rq::questions_of(c, applicant_id)?.len() >= MAX_QUESTIONS {
                return Err(Refusal::TooManyQuestions { max: MAX_QUESTIONS }.into());
            }
            let id = rq::insert_question(c, applicant_id, e, &text)?;
            Ok(Done {
                committee_id: a.committee_id,
                detail: json!({ "applicant": applicant_id, "question": id }),
                value: id,
            })
        })
    }

    pub fn edit_question(&self, who: &Identity, question_id: i32, text: &str) -> R<()> {
        self.act(who, "question.edit", |c, actor| {
            let qn = rq::question_by_id(c, question_id)?.ok_or(Refusal::NotFound("question"))?;
            let (a, _) = lead_on_applicant(c, actor, qn.applicant_id)?;
            questions_editable(c, &a)?;
            let text = check_text(text, MAX_QUESTION)?;
            rq::update_question(c, question_id, &text)?;
            done(a.committee_id, json!({ "applicant": a.id, "question": question_id }))
        })
    }

    pub fn delete_question(&self, who: &Identity, question_id: i32) -> R<()> {
        self.act(who, "question.delete", |c, actor| {
            let qn = rq::question_by_id(c, question_id)?.ok_or(Refusal::NotFound("question"))?;
            let (a, _) = lead_on_applicant(c, actor, qn.applicant_id)?;
            questions_editable(c, &a)?;
            rq::delete_question(c, question_id)?;
            done(a.committee_id, json!({ "applicant": a.id, "question": question_id }))
        })
    }

    /// Saves a draft score sheet; items may be left empty until it is submitted.
    pub fn save_score_sheet(&self, who: &Identity, applicant_id: i32, points: &[(i32, u32)], comment: &str) -> R<()> {
        self.act(who, "score.save", |c, actor| {
            let (a, e, committee) = scorer_on_applicant(c, actor, applicant_id)?;
            let items = rq::score_items_of(c, committee.row.id)?;
            let mut entries = Vec::with_capacity(points.len());
            for (i, (item_id, _)) in points.iter().enumerate() {
                if points[..i].iter().any(|(x, _)| x == item_id) {
                    return Err(Refusal::Invalid("a score item was given twice".into()).into());
                }
            }
            for (item_id, value) in points {
                let item = items
                    .iter()
                    .find(|i| i.id == *item_id)
                    .ok_or(Refusal::NotFound("score item"))?;
                if *value > item.max_points.max(0) as u32 {
                    return Err(Refusal::ScoreOutOfRange {
                        item: item.name.clone(),
                        value: i64::from(*value),
                        max: item.max_points.max(0) as u32,
                    }
                    .into());
                }
                entries.push((*item_id, *value as i32));
            }
            let comment = comment.trim();
            if comment.chars().count() > MAX_COMMENT {
                return Err(Refusal::TextTooLong {
                    len: comment.chars().count(),
                    max: MAX_COMMENT,
                }
                .into());
            }
            rq::save_sheet(c, applicant_id, e, &entries, comment)?;
            done(a.committee_id, json!({ "applicant": applicant_id }))
        })
    }

    /// Submits a complete score sheet; it is final.
    pub fn submit_score_sheet(&self, who: &Identity, applicant_id: i32) -> R<u32> {
        self.act(who, "score.submit", |c, actor| {
            let (a, e, committee) = scorer_on_applicant(c, actor, applicant_id)?;
            let sheet = rq::sheet_of(c, applicant_id, e)?;
            let items = rq::score_items_of(c, committee.row.id)?;
            let entries = match &sheet {
                Some(s) => rq::sheet_entries(c, s.id)?,
                None => Vec::new(),
            };
            if let Some(missing) = items.iter().find(|i| !entries.iter().any(|(id, _)| *id == i.id)) {
                return Err(Refusal::IncompleteSheet {
                    item: missing.name.clone(),
                }
                .into());
            }
            let Some(sheet) = sheet else {
                return Err(Refusal::NotFound("score sheet").into());
            };
            let total: i32 = entries.iter().map(|(_, p)| p).sum();
            rq::submit_sheet(c, sheet.id, &now())?;
            let scores: Vec<Value> = entries.iter().map(|(i, p)| json!([i, p])).collect();
            Ok(Done {
                committee_id: a.committee_id,
                detail: json!({ "applicant": applicant_id, "expert": e, "total": total, "items": scores }),
                value: total.max(0) as u32,
            })
        })
    }

    /// A group expert's draft vote (拟投票) on an applicant; changeable until submitted.
    pub fn draft_group_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        self.act(who, "group.vote.draft", |c, actor| {
            let a = load_applicant(c, applicant_id)?;
            let e = actor.group_expert(a.group_id)?.id;
            let committee = load_committee(c, a.committee_id)?;
            committee.require_stage(&[Stage::Groups])?;
            let (g, phase) = load_group(c, a.group_id.unwrap_or_default())?;
            require_phase(phase, &[GroupPhase::Review, GroupPhase::Voting])?;
            if a.group_round != g.round {
                return Err(Refusal::NotInRound.into());
            }
            if rq::is_recused(c, e, applicant_id)? {
                return Err(Refusal::Recused.into());
            }
            if rq::group_vote(c, applicant_id, e, g.round)?.is_some_and(|v| v.submitted_at.is_some()) {
                return Err(Refusal::AlreadySubmitted.into());
            }
            rq::save_group_draft(c, applicant_id, e, g.round, choice.as_str())?;
            // Drafts are working notes: the audit entry records that one was saved.
            done(a.committee_id, json!({ "applicant": applicant_id, "round": g.round }))
        })
    }

    /// A group expert submits all votes of the round; they are final.
    pub fn submit_group_votes(&self, who: &Identity, group_id: i32) -> R<usize> {
        self.act(who, "group.vote.submit", |c, actor| {
            let e = actor.group_expert(Some(group_id))?.id;
            let (g, phase) = load_group(c, group_id)?;
            let committee = load_committee(c, g.committee_id)?;
            committee.require_stage(&[Stage::Groups])?;
            if phase != GroupPhase::Voting {
                return Err(Refusal::SwitchClosed.into());
            }
            let applicants = group_round_applicants(c, &g)?;
            let recused = recused_pairs(c, &applicants)?;
            let mine: Vec<&ApplicantRow> = applicants.iter().filter(|a| !recused.contains(&(e, a.id))).collect();
            let pairs: Vec<(i32, i32)> = mine.iter().map(|a| (a.id, g.round)).collect();
            let votes: Vec<_> = rq::group_votes_on(c, &pairs)?
                .into_iter()
                .filter(|v| v.expert_id == e)
                .collect();
            if votes.iter().any(|v| v.submitted_at.is_some()) {
                return Err(Refusal::AlreadySubmitted.into());
            }
            let missing = mine.len() - votes.len();
            if missing > 0 {
                return Err(Refusal::IncompleteDraft {
                    missing: missing as u32,
                }
                .into());
            }
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
        self.act(who, "group.switch.open", |c, actor| {
            actor.leader_of(group_id)?;
            let (g, phase) = load_group(c, group_id)?;
            let committee = load_committee(c, g.committee_id)?;
            committee.require_stage(&[Stage::Groups])?;
            require_phase(phase, &[GroupPhase::Review])?;
            let applicants = group_round_applicants(c, &g)?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            let gaps = switch_gaps(c, &committee, group_id, &ids)?;
            if gaps.without_lead > 0 {
                return Err(Refusal::LeadReviewersMissing {
                    missing: gaps.without_lead,
                }
                .into());
            }
            if gaps.opinions_missing > 0 {
                return Err(Refusal::OpinionsMissing {
                    missing: gaps.opinions_missing,
                }
                .into());
            }
            if gaps.questions_missing > 0 {
                return Err(Refusal::QuestionsMissing {
                    missing: gaps.questions_missing,
                }
                .into());
            }
            let scores_missing = gaps.scores_missing();
            if scores_missing > 0 && !override_scoring {
                return Err(Refusal::ScoresMissing {
                    missing: scores_missing,
                }
                .into());
            }
            rq::set_group_phase(c, group_id, GroupPhase::Voting.as_str())?;
            done(
                g.committee_id,
                json!({ "group": group_id, "round": g.round, "override": override_scoring && scores_missing > 0, "scores_missing": scores_missing }),
            )
        })
    }

    /// The leader closes the switch; unsubmitted votes are missing from now on.
    pub fn close_group_switch(&self, who: &Identity, group_id: i32) -> R<()> {
        self.act(who, "group.switch.close", |c, actor| {
            actor.leader_of(group_id)?;
            let (g, phase) = load_group(c, group_id)?;
            let committee = load_committee(c, g.committee_id)?;
            committee.require_stage(&[Stage::Groups])?;
            require_phase(phase, &[GroupPhase::Voting])?;
            rq::set_group_phase(c, group_id, GroupPhase::Deliberation.as_str())?;
            done(g.committee_id, json!({ "group": group_id, "round": g.round }))
        })
    }

    /// Group deliberation (专业组评议): the leader submits the group's result, computed by
    /// the committee's rule. When every group is done, the committee meeting begins.
    pub fn submit_group_result(&self, who: &Identity, group_id: i32) -> R<Vec<GroupResultRow>> {
        self.act(who, "group.result", |c, actor| {
            actor.leader_of(group_id)?;
            let (g, phase) = load_group(c, group_id)?;
            let committee = load_committee(c, g.committee_id)?;
            committee.require_stage(&[Stage::Groups])?;
            require_phase(phase, &[GroupPhase::Deliberation])?;
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

    /// A re-vote (复议) in the group: a new round for some applicants, switch open again.
    pub fn open_group_revote(&self, who: &Identity, group_id: i32, applicant_ids: &[i32]) -> R<i32> {
        self.act(who, "group.revote", |c, actor| {
            actor.leader_of(group_id)?;
            let (g, phase) = load_group(c, group_id)?;
            let committee = load_committee(c, g.committee_id)?;
            committee.require_stage(&[Stage::Groups])?;
            require_phase(phase, &[GroupPhase::Deliberation])?;
            let current: Vec<i32> = group_round_applicants(c, &g)?.iter().map(|a| a.id).collect();
            if applicant_ids.is_empty() || applicant_ids.iter().any(|a| !current.contains(a)) {
                return Err(Refusal::NotInRound.into());
            }
            let round = g.round + 1;
            rq::set_group_round(c, group_id, round)?;
            rq::set_applicant_group_round(c, applicant_ids, round)?;
            rq::set_group_phase(c, group_id, GroupPhase::Voting.as_str())?;
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": round, "applicants": applicant_ids }),
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
        self.act(who, "committee.checkin", |c, actor| {
            let e = actor.member()?.id;
            actor.in_committee(committee_id)?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::CommitteeReview])?;
            if !rq::insert_checkin(c, committee_id, e, &now())? {
                return Err(Refusal::AlreadyCheckedIn.into());
            }
            done(committee_id, json!({ "expert": e }))
        })
    }

    /// A member's draft vote (大评委拟投票) on an applicant who passed the groups.
    pub fn draft_committee_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        self.act(who, "committee.vote.draft", |c, actor| {
            let e = actor.member()?.id;
            let a = load_applicant(c, applicant_id)?;
            actor.in_committee(a.committee_id)?;
            let committee = load_committee(c, a.committee_id)?;
            committee.require_stage(&[Stage::CommitteeReview, Stage::CommitteeVoting])?;
            if !rq::checked_in(c, committee.row.id)?.contains(&e) {
                return Err(Refusal::NotCheckedIn.into());
            }
            if !committee_applicants(c, &committee)?
                .iter()
                .any(|x| x.id == applicant_id)
            {
                return Err(Refusal::NotInCommitteeStage.into());
            }
            if a.committee_round != committee.row.round {
                return Err(Refusal::NotInRound.into());
            }
            if rq::is_recused(c, e, applicant_id)? {
                return Err(Refusal::Recused.into());
            }
            if rq::has_voted(c, committee.row.id, e, committee.row.round)? {
                return Err(Refusal::AlreadySubmitted.into());
            }
            rq::save_committee_draft(c, applicant_id, e, committee.row.round, choice.as_str())?;
            done(
                committee.row.id,
                json!({ "applicant": applicant_id, "round": committee.row.round }),
            )
        })
    }

    /// A member submits the ballot (确定): counted without any trace of the voter.
    pub fn submit_committee_votes(&self, who: &Identity, committee_id: i32) -> R<usize> {
        self.act(who, "committee.vote.submit", |c, actor| {
            let e = actor.member()?.id;
            actor.in_committee(committee_id)?;
            let committee = load_committee(c, committee_id)?;
            match committee.stage {
                Stage::CommitteeVoting => {}
                Stage::Reported => return Err(Refusal::CommitteeClosed.into()),
                _ => return Err(Refusal::SwitchClosed.into()),
            }
            if !rq::checked_in(c, committee_id)?.contains(&e) {
                return Err(Refusal::NotCheckedIn.into());
            }
            let round = committee.row.round;
            if rq::has_voted(c, committee_id, e, round)? {
                return Err(Refusal::AlreadySubmitted.into());
            }
            let applicants = committee_round_applicants(c, &committee)?;
            let recused = recused_pairs(c, &applicants)?;
            let drafts = rq::committee_drafts_of(c, e, round)?;
            let mut ballot = Vec::new();
            let mut missing = 0u32;
            for a in applicants.iter().filter(|a| !recused.contains(&(e, a.id))) {
                match drafts.iter().find(|(id, _)| *id == a.id) {
                    Some((_, choice)) => ballot.push((a.id, choice.clone())),
                    None => missing += 1,
                }
            }
            if missing > 0 {
                return Err(Refusal::IncompleteDraft { missing }.into());
            }
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
        self.act(who, "committee.switch.open", |c, actor| {
            actor.require(Role::Director)?;
            actor.in_committee(committee_id)?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::CommitteeReview])?;
            let members = rq::member_ids(c, committee_id)?.len() as u32;
            let checked_in = rq::checked_in(c, committee_id)?.len() as u32;
            if !committee.settings.quorum.met(checked_in, members) {
                return Err(Refusal::QuorumNotMet {
                    checked_in,
                    needed: committee.settings.quorum.needed(members),
                    members,
                }
                .into());
            }
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
        let reason = check_text(reason, MAX_REASON)?;
        self.close_committee(who, committee_id, Some(&reason))
    }

    fn close_committee(&self, who: &Identity, committee_id: i32, reason: Option<&str>) -> R<RoundClosed> {
        self.act(who, "committee.switch.close", |c, actor| {
            actor.require(Role::Director)?;
            actor.in_committee(committee_id)?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::CommitteeVoting])?;
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
            let close = ballot::committee_close(
                ballot::BallotsIn {
                    missing,
                    voters: voters as u32,
                    quorum_needed: committee.settings.quorum.needed(members),
                },
                reason.is_some(),
            )?;
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
            q::set_committee_stage(c, committee_id, Stage::Report.as_str())?;
            let mut detail = json!({
                "round": round, "attending": attending.len(), "voters": voters, "results": detail,
                "stage": Stage::Report.as_str(),
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

    /// A re-vote (复议) in the committee: a new, recorded round for some applicants.
    pub fn open_committee_revote(&self, who: &Identity, committee_id: i32, applicant_ids: &[i32]) -> R<i32> {
        self.act(who, "committee.revote", |c, actor| {
            actor.require(Role::Director)?;
            actor.in_committee(committee_id)?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::Report])?;
            let current: Vec<i32> = committee_round_applicants(c, &committee)?.iter().map(|a| a.id).collect();
            if applicant_ids.is_empty() || applicant_ids.iter().any(|a| !current.contains(a)) {
                return Err(Refusal::NotInRound.into());
            }
            let round = committee.row.round + 1;
            rq::set_committee_round(c, committee_id, round)?;
            rq::set_applicant_committee_round(c, applicant_ids, round)?;
            rq::open_tallies(c, applicant_ids, round)?;
            q::set_committee_stage(c, committee_id, Stage::CommitteeVoting.as_str())?;
            Ok(Done {
                committee_id,
                detail: json!({ "round": round, "applicants": applicant_ids, "stage": Stage::CommitteeVoting.as_str() }),
                value: round,
            })
        })
    }

    /// The reporter reports the results to the office (上报); the review ends and the
    /// committee's accounts stop working.
    pub fn report(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, "committee.report", |c, actor| {
            actor.require(Role::Reporter)?;
            actor.in_committee(committee_id)?;
            let committee = load_committee(c, committee_id)?;
            committee.require_stage(&[Stage::Report])?;
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

/// Records a recusal, refusing once the expert has voted on the applicant.
fn recuse(c: &mut SqliteConnection, expert_id: i32, applicant_id: i32, reason: &str) -> R<Done<()>> {
    let a = load_applicant(c, applicant_id)?;
    let e = q::expert_by_id(c, expert_id)?.ok_or(Refusal::NotFound("expert"))?;
    if e.committee_id != a.committee_id {
        return Err(Refusal::NotFound("applicant").into());
    }
    recusal_may_change(c, &a, expert_id)?;
    if !rq::insert_recusal(c, expert_id, applicant_id, reason)? {
        return Err(Refusal::Invalid("already recused".into()).into());
    }
    // A recused expert is no longer lead reviewer, and the drafts on the applicant go.
    rq::delete_lead(c, applicant_id, expert_id)?;
    rq::delete_drafts_on(c, applicant_id, expert_id)?;
    done(
        a.committee_id,
        json!({ "expert": expert_id, "applicant": applicant_id, "reason": reason }),
    )
}

/// Recusals change denominators, so they may change only before anyone can see a
/// tally: during setup, while the applicant's group still reviews (switch never
/// opened in this round), and before the committee switch opens; and never once the
/// expert has submitted a vote or a score sheet on the applicant.
fn recusal_may_change(c: &mut SqliteConnection, a: &ApplicantRow, expert_id: i32) -> R<()> {
    let committee = load_committee(c, a.committee_id)?;
    committee.require_stage(&[Stage::Setup, Stage::Groups, Stage::CommitteeReview])?;
    if committee.stage == Stage::Groups
        && let Some(gid) = a.group_id
    {
        let (_, phase) = load_group(c, gid)?;
        require_phase(phase, &[GroupPhase::Review])?;
    }
    if rq::group_vote(c, a.id, expert_id, a.group_round)?.is_some_and(|v| v.submitted_at.is_some())
        || rq::sheet_of(c, a.id, expert_id)?.is_some_and(|s| s.submitted_at.is_some())
    {
        return Err(Refusal::AlreadyVoted.into());
    }
    Ok(())
}

/// The leader acting on an applicant of the own group, while the group reviews.
fn leader_on_applicant(
    c: &mut SqliteConnection,
    actor: &Actor,
    applicant_id: i32,
) -> R<(ApplicantRow, GroupRow, Committee)> {
    let a = load_applicant(c, applicant_id)?;
    let gid = a.group_id.ok_or(Refusal::NotInGroup)?;
    actor.leader_of(gid)?;
    let committee = load_committee(c, a.committee_id)?;
    committee.require_stage(&[Stage::Groups])?;
    let (g, phase) = load_group(c, gid)?;
    require_phase(phase, &[GroupPhase::Review])?;
    Ok((a, g, committee))
}

fn target_group_expert(c: &mut SqliteConnection, a: &ApplicantRow, expert_id: i32) -> R<()> {
    let experts = rq::group_expert_ids(c, a.group_id.unwrap_or_default())?;
    if experts.contains(&expert_id) {
        Ok(())
    } else {
        Err(Refusal::NotAGroupExpert.into())
    }
}

/// The applicant's lead reviewer, while the group reviews.
fn lead_on_applicant(c: &mut SqliteConnection, actor: &Actor, applicant_id: i32) -> R<(ApplicantRow, i32)> {
    let a = load_applicant(c, applicant_id)?;
    let e = actor.group_expert(a.group_id)?.id;
    let committee = load_committee(c, a.committee_id)?;
    committee.require_stage(&[Stage::Groups])?;
    if rq::is_recused(c, e, applicant_id)? {
        return Err(Refusal::Recused.into());
    }
    if !rq::is_lead(c, applicant_id, e)? {
        return Err(Refusal::NotLeadReviewer.into());
    }
    let (_, phase) = load_group(c, a.group_id.unwrap_or_default())?;
    require_phase(phase, &[GroupPhase::Review])?;
    Ok((a, e))
}

fn questions_editable(c: &mut SqliteConnection, a: &ApplicantRow) -> R<()> {
    let committee = load_committee(c, a.committee_id)?;
    if !committee.mode.has_questions() {
        return Err(Refusal::NotInThisMode("interview questions").into());
    }
    if !rq::submitted_totals(c, &[a.id])?.is_empty() {
        return Err(Refusal::QuestionsLocked.into());
    }
    Ok(())
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

/// A group expert scoring an applicant's defense, while the group reviews.
fn scorer_on_applicant(
    c: &mut SqliteConnection,
    actor: &Actor,
    applicant_id: i32,
) -> R<(ApplicantRow, i32, Committee)> {
    let a = load_applicant(c, applicant_id)?;
    let e = actor.group_expert(a.group_id)?.id;
    let committee = load_committee(c, a.committee_id)?;
    if !committee.mode.has_scoring() {
        return Err(Refusal::NotInThisMode("defense scoring").into());
    }
    committee.require_stage(&[Stage::Groups])?;
    let (_, phase) = load_group(c, a.group_id.unwrap_or_default())?;
    require_phase(phase, &[GroupPhase::Review])?;
    if rq::is_recused(c, e, applicant_id)? {
        return Err(Refusal::Recused.into());
    }
    // The interview is scored on its questions: none yet, no score (and once scored,
    // the questions are final, so scoring first would lock the group out for good).
    if committee.mode.has_questions() && rq::questions_of(c, applicant_id)?.is_empty() {
        return Err(Refusal::NoQuestionsYet.into());
    }
    if rq::sheet_of(c, applicant_id, e)?.is_some_and(|s| s.submitted_at.is_some()) {
        return Err(Refusal::AlreadySubmitted.into());
    }
    Ok((a, e, committee))
}
