//! Replaying the audit log: every stage change and every tally recomputed from the
//! log alone, then compared with what the database holds. How an office proves a
//! result. The committee ballot is secret, so its choices are not in the log: for the
//! committee stage the replay checks that the counted ballots match who voted (one
//! ballot per voter and applicant, none from a recused member) and recomputes every
//! outcome and threshold from the logged counts and the logged attendance.

use std::collections::{BTreeMap, BTreeSet};

use diesel::Connection;
use serde_json::Value;

use super::{Result, Service, ServiceError};
use crate::domain::action::{self, Action};
use crate::domain::{Choice, GroupPhase, GroupScore, Mode, Outcome, Role, Settings, Stage, Tally, Threshold};
use crate::store::models::AuditRow;
use crate::store::{audit, queries as q, review as rq};

/// What a replay found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    pub entries: usize,
    pub committees: usize,
    /// Stage changes, group results and committee results recomputed and compared.
    pub checks: usize,
    /// Disagreements, in log order; empty when the log and the database agree.
    pub mismatches: Vec<String>,
}

#[derive(Default)]
struct Group {
    phase: Option<GroupPhase>,
    round: i32,
}

#[derive(Default)]
struct Applicant {
    group: Option<i32>,
    group_round: i32,
    committee_round: i32,
}

struct Committee {
    mode: Mode,
    stage: Stage,
    settings: Settings,
    round: i32,
    groups: BTreeMap<i32, Group>,
    /// expert id -> (group, roles)
    experts: BTreeMap<i32, (Option<i32>, Vec<Role>)>,
    accounts: BTreeMap<String, i32>,
    applicants: BTreeMap<i32, Applicant>,
    recusals: BTreeSet<(i32, i32)>,
    checkins: BTreeSet<i32>,
    voters: BTreeMap<i32, BTreeSet<i32>>,
    group_votes: Vec<(i32, i32, i32, Choice)>,
    sheets: Vec<(i32, i32, u32)>,
    group_results: BTreeMap<i32, (i32, Tally, u32, bool)>,
    committee_results: BTreeMap<i32, (i32, Tally, u32, bool)>,
}

impl Committee {
    fn new(mode: Mode) -> Committee {
        Committee {
            mode,
            stage: Stage::Setup,
            settings: Settings::default(),
            round: 1,
            groups: BTreeMap::new(),
            experts: BTreeMap::new(),
            accounts: BTreeMap::new(),
            applicants: BTreeMap::new(),
            recusals: BTreeSet::new(),
            checkins: BTreeSet::new(),
            voters: BTreeMap::new(),
            group_votes: Vec::new(),
            sheets: Vec::new(),
            group_results: BTreeMap::new(),
            committee_results: BTreeMap::new(),
        }
    }

    fn group_experts(&self, group: i32) -> Vec<i32> {
        self.experts
            .iter()
            .filter(|(_, (g, roles))| *g == Some(group) && roles.iter().any(|r| r.is_group_role()))
            .map(|(id, _)| *id)
            .collect()
    }

    fn members(&self) -> usize {
        self.experts
            .values()
            .filter(|(_, roles)| roles.contains(&Role::Member) || roles.contains(&Role::Director))
            .count()
    }

    fn committee_round_applicants(&self) -> Vec<i32> {
        self.applicants
            .iter()
            .filter(|(id, a)| {
                a.committee_round == self.round
                    && self
                        .group_results
                        .get(id)
                        .is_some_and(|r| r.3 || !self.settings.group_fail_stops)
            })
            .map(|(id, _)| *id)
            .collect()
    }
}

fn int(v: &Value, key: &str) -> i32 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0) as i32
}

fn ints(v: &Value, key: &str) -> Vec<i32> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).map(|x| x as i32).collect())
        .unwrap_or_default()
}

fn threshold(v: &Value) -> Option<Threshold> {
    let a = v.as_array()?;
    Some(Threshold {
        num: a.first()?.as_u64()? as u32,
        den: a.get(1)?.as_u64()? as u32,
        strict: a.get(2)?.as_bool()?,
    })
}

fn settings(v: &Value) -> Option<Settings> {
    Some(Settings {
        group_pass: threshold(v.get("group_pass")?)?,
        committee_pass: threshold(v.get("committee_pass")?)?,
        quorum: threshold(v.get("quorum")?)?,
        group_fail_stops: v.get("group_fail_stops")?.as_bool()?,
        trim_from: v.get("trim_from")?.as_u64().map(|x| x as u32),
        pass_score: v.get("pass_score")?.as_u64().map(|x| x as u32),
    })
}

fn tally_of(v: &Value) -> Tally {
    Tally {
        approve: int(v, "approve").max(0) as u32,
        reject: int(v, "reject").max(0) as u32,
        abstain: int(v, "abstain").max(0) as u32,
    }
}

struct Replay {
    committees: BTreeMap<i32, Committee>,
    report: ReplayReport,
}

impl Replay {
    fn mismatch(&mut self, e: &AuditRow, what: String) {
        self.report
            .mismatches
            .push(format!("entry {} ({}): {what}", e.seq, e.action));
    }

    fn apply(&mut self, e: &AuditRow) {
        let Some(cid) = e.committee_id else { return };
        let Ok(d) = serde_json::from_str::<Value>(&e.detail) else {
            self.mismatch(e, "its detail is not JSON".into());
            return;
        };
        let action = Action::from_name(&e.action);
        if action == Some(Action::CommitteeCreate) {
            let mode = d.get("mode").and_then(Value::as_str).and_then(|m| m.parse().ok());
            match mode {
                Some(mode) => {
                    self.committees.insert(cid, Committee::new(mode));
                }
                None => self.mismatch(e, "no mode".into()),
            }
            return;
        }
        let Some(c) = self.committees.get_mut(&cid) else {
            if e.action != action::REFUSED {
                self.mismatch(e, format!("committee {cid} was never created in the log"));
            }
            return;
        };
        let mut problems: Vec<String> = Vec::new();
        match action {
            Some(Action::CommitteeSettings) => match settings(&d) {
                Some(s) => c.settings = s,
                None => problems.push("unreadable settings".into()),
            },
            Some(Action::GroupAdd) => {
                c.groups.insert(
                    int(&d, "group"),
                    Group {
                        phase: Some(GroupPhase::Review),
                        round: 1,
                    },
                );
            }
            Some(Action::ExpertAdd | Action::ExpertUpdate) => {
                let roles = d
                    .get("roles")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|r| r.as_str()?.parse().ok()).collect())
                    .unwrap_or_default();
                let group = d.get("group").and_then(Value::as_i64).map(|g| g as i32);
                let id = int(&d, "expert");
                if let Some(u) = d.get("account").and_then(Value::as_str) {
                    c.accounts.insert(u.to_string(), id);
                }
                c.experts.insert(id, (group, roles));
            }
            Some(Action::AccountReset | Action::AccountRevoke) => {
                // One expert's account replaced, or gone.
                let expert = int(&d, "expert");
                c.accounts.retain(|_, e| *e != expert);
                for p in d.get("accounts").and_then(Value::as_array).into_iter().flatten() {
                    if let (Some(u), Some(e)) = (p.get(0).and_then(Value::as_str), p.get(1).and_then(Value::as_i64)) {
                        c.accounts.insert(u.to_string(), e as i32);
                    }
                }
            }
            Some(Action::AccountsIssue) => {
                // New accounts replace the committee's old ones.
                let pairs: Vec<(String, i32)> = d
                    .get("accounts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_i64()? as i32)))
                    .collect();
                c.accounts.retain(|_, e| !pairs.iter().any(|(_, x)| x == e));
                for (u, e) in pairs {
                    c.accounts.insert(u, e);
                }
            }
            Some(Action::ApplicantUpdate) => {
                let group = d.get("group").and_then(Value::as_i64).map(|g| g as i32);
                if let Some(a) = c.applicants.get_mut(&int(&d, "applicant")) {
                    a.group = group;
                }
            }
            Some(Action::ApplicantAdd) => {
                c.applicants.insert(
                    int(&d, "applicant"),
                    Applicant {
                        group: d.get("group").and_then(Value::as_i64).map(|g| g as i32),
                        group_round: 1,
                        committee_round: 1,
                    },
                );
            }
            Some(Action::CommitteeStart) => {
                if c.stage != Stage::Setup {
                    problems.push(format!("started in stage {}", c.stage));
                }
                if let Some(s) = d.get("settings").and_then(settings) {
                    c.settings = s;
                }
                for pair in d.get("recusals").and_then(Value::as_array).into_iter().flatten() {
                    let e = pair.get(0).and_then(Value::as_i64).unwrap_or(0) as i32;
                    let a = pair.get(1).and_then(Value::as_i64).unwrap_or(0) as i32;
                    c.recusals.insert((e, a));
                }
                c.stage = Stage::Groups;
                self.report.checks += 1;
            }
            Some(Action::RecusalAdd) | Some(Action::RecusalDeclare) => {
                c.recusals.insert((int(&d, "expert"), int(&d, "applicant")));
            }
            Some(Action::RecusalRemove) => {
                c.recusals.remove(&(int(&d, "expert"), int(&d, "applicant")));
            }
            Some(Action::ScoreSubmit) => {
                c.sheets
                    .push((int(&d, "applicant"), int(&d, "expert"), int(&d, "total").max(0) as u32));
            }
            Some(Action::GroupVoteSubmit) => {
                let (gid, round, expert) = (int(&d, "group"), int(&d, "round"), int(&d, "expert"));
                if c.groups.get(&gid).and_then(|g| g.phase) != Some(GroupPhase::Voting) {
                    problems.push(format!("group {gid} voted while its switch was not open"));
                }
                if !c.group_experts(gid).contains(&expert) {
                    problems.push(format!("expert {expert} is not an expert of group {gid}"));
                }
                for v in d.get("votes").and_then(Value::as_array).into_iter().flatten() {
                    let a = v.get(0).and_then(Value::as_i64).unwrap_or(0) as i32;
                    if c.recusals.contains(&(expert, a)) {
                        problems.push(format!("expert {expert} voted on applicant {a} despite a recusal"));
                    }
                    if c.applicants.get(&a).map(|x| (x.group, x.group_round)) != Some((Some(gid), round)) {
                        problems.push(format!(
                            "applicant {a} was not up for a vote in group {gid} round {round}"
                        ));
                    }
                    match v.get(1).and_then(Value::as_str).and_then(Choice::parse) {
                        Some(choice) => c.group_votes.push((a, expert, round, choice)),
                        None => problems.push("an unreadable vote".into()),
                    }
                }
            }
            Some(Action::GroupSwitchOpen) | Some(Action::GroupSwitchClose) => {
                let (from, to) = if action == Some(Action::GroupSwitchOpen) {
                    (GroupPhase::Review, GroupPhase::Voting)
                } else {
                    (GroupPhase::Voting, GroupPhase::Deliberation)
                };
                let g = c.groups.entry(int(&d, "group")).or_default();
                if g.phase != Some(from) {
                    problems.push(format!("the group was not in {}", from.as_str()));
                }
                g.phase = Some(to);
                self.report.checks += 1;
            }
            Some(Action::GroupResult) => problems.extend(group_result(c, &d)),
            Some(Action::GroupRevote) => {
                let (gid, round) = (int(&d, "group"), int(&d, "round"));
                for a in ints(&d, "applicants") {
                    if let Some(x) = c.applicants.get_mut(&a) {
                        x.group_round = round;
                    }
                }
                let g = c.groups.entry(gid).or_default();
                g.round = round;
                g.phase = Some(GroupPhase::Voting);
            }
            Some(Action::CommitteeCheckin) => {
                let e = int(&d, "expert");
                if c.stage != Stage::CommitteeReview {
                    problems.push(format!("check-in in stage {}", c.stage));
                }
                if !c
                    .experts
                    .get(&e)
                    .is_some_and(|(_, roles)| roles.contains(&Role::Member) || roles.contains(&Role::Director))
                {
                    problems.push(format!("expert {e} checked in without being a member"));
                }
                c.checkins.insert(e);
            }
            Some(Action::CommitteeVoteSubmit) => {
                let round = int(&d, "round");
                if c.stage != Stage::CommitteeVoting {
                    problems.push(format!("a ballot in stage {}", c.stage));
                }
                let voter = d
                    .get("expert")
                    .and_then(Value::as_i64)
                    .map(|e| e as i32)
                    .or_else(|| c.accounts.get(&e.actor).copied());
                match voter {
                    Some(voter) => {
                        let eligible = c
                            .committee_round_applicants()
                            .into_iter()
                            .filter(|a| !c.recusals.contains(&(voter, *a)))
                            .count();
                        if int(&d, "ballots") as usize != eligible {
                            problems.push(format!("{} ballots where {eligible} were due", int(&d, "ballots")));
                        }
                        if !c.voters.entry(round).or_default().insert(voter) {
                            problems.push(format!("{} voted twice in round {round}", e.actor));
                        }
                        if !c.checkins.contains(&voter) {
                            problems.push(format!("{} voted without checking in", e.actor));
                        }
                    }
                    None => problems.push(format!("{} is not a member in the log", e.actor)),
                }
            }
            Some(Action::CommitteeSwitchOpen) => {
                if c.stage != Stage::CommitteeReview {
                    problems.push(format!("opened in stage {}", c.stage));
                }
                let members = c.members() as u32;
                let attending = c.checkins.len() as u32;
                if !c.settings.quorum.met(attending, members) {
                    problems.push(format!("opened without quorum: {attending} of {members}"));
                }
                if int(&d, "attending") as u32 != attending || int(&d, "members") as u32 != members {
                    problems.push("attendance differs from the check-ins in the log".into());
                }
                let mut logged = ints(&d, "applicants");
                logged.sort_unstable();
                if logged != c.committee_round_applicants() {
                    problems.push("the applicants voted on differ from those who passed their groups".into());
                }
                c.stage = Stage::CommitteeVoting;
                self.report.checks += 1;
            }
            Some(Action::CommitteeSwitchClose) => problems.extend(committee_result(c, &d)),
            Some(Action::CommitteeRevote) => {
                let round = int(&d, "round");
                for a in ints(&d, "applicants") {
                    if let Some(x) = c.applicants.get_mut(&a) {
                        x.committee_round = round;
                    }
                }
                c.round = round;
                c.stage = Stage::CommitteeVoting;
                self.report.checks += 1;
            }
            Some(Action::CommitteeReport) => {
                if c.stage != Stage::Report {
                    problems.push(format!("reported in stage {}", c.stage));
                }
                c.stage = Stage::Reported;
                self.report.checks += 1;
            }
            _ => {}
        }
        for p in problems {
            self.mismatch(e, p);
        }
    }
}

fn group_result(c: &mut Committee, d: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let gid = int(d, "group");
    let experts = c.group_experts(gid);
    let mut covered = BTreeSet::new();
    for r in d.get("results").and_then(Value::as_array).into_iter().flatten() {
        let a = int(r, "applicant");
        covered.insert(a);
        let round = r
            .get("round")
            .and_then(Value::as_i64)
            .map_or(int(d, "round"), |x| x as i32);
        if c.applicants.get(&a).map(|x| (x.group, x.group_round)) != Some((Some(gid), round)) {
            problems.push(format!("applicant {a} is not in group {gid} round {round}"));
        }
        let eligible: Vec<i32> = experts
            .iter()
            .copied()
            .filter(|e| !c.recusals.contains(&(*e, a)))
            .collect();
        let tally = Tally::of(
            c.group_votes
                .iter()
                .filter(|(x, e, rd, _)| *x == a && *rd == round && eligible.contains(e))
                .map(|(_, _, _, ch)| *ch),
        );
        let outcome = Outcome::decide(tally, eligible.len() as u32, c.settings.group_pass);
        let totals: Vec<u32> = c
            .sheets
            .iter()
            .filter(|(x, e, _)| *x == a && eligible.contains(e))
            .map(|s| s.2)
            .collect();
        let score = if c.mode.has_scoring() {
            GroupScore::of(&totals, c.settings.trim_from)
        } else {
            None
        };
        let passed = c.settings.group_passed(&outcome, c.mode.has_scoring(), score);
        let logged = tally_of(r);
        let logged_passed = r.get("passed").and_then(Value::as_bool).unwrap_or(!passed);
        if logged != tally || int(r, "base") as u32 != outcome.base || logged_passed != passed {
            problems.push(format!(
                "group result of applicant {a}: log says {}/{}/{} of {} passed={logged_passed}, votes give {}/{}/{} of {} passed={passed}",
                logged.approve, logged.reject, logged.abstain, int(r, "base"),
                tally.approve, tally.reject, tally.abstain, outcome.base,
            ));
        }
        c.group_results.insert(a, (round, tally, outcome.base, passed));
    }
    let members: BTreeSet<i32> = c
        .applicants
        .iter()
        .filter(|(_, x)| x.group == Some(gid))
        .map(|(id, _)| *id)
        .collect();
    if covered != members {
        problems.push(format!(
            "the result of group {gid} does not cover exactly its applicants"
        ));
    }
    let g = c.groups.entry(gid).or_default();
    if g.phase != Some(GroupPhase::Deliberation) {
        problems.push("the result came outside deliberation".into());
    }
    g.phase = Some(GroupPhase::Done);
    if c.groups.values().all(|g| g.phase == Some(GroupPhase::Done)) {
        c.stage = Stage::CommitteeReview;
    }
    let logged_stage = d.get("stage").and_then(Value::as_str);
    if logged_stage.is_some() != (c.stage == Stage::CommitteeReview) {
        problems.push("the committee meeting began at a different point".into());
    }
    problems
}

fn committee_result(c: &mut Committee, d: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if c.stage != Stage::CommitteeVoting {
        problems.push(format!("closed in stage {}", c.stage));
    }
    let round = int(d, "round");
    let voters = c.voters.get(&round).cloned().unwrap_or_default();
    let members = c.members() as u32;
    let quorum = c.settings.quorum.needed(members);
    let in_round = c.committee_round_applicants();
    let present: Vec<i32> = c.checkins.iter().copied().collect();
    let voter_ids: Vec<i32> = voters.iter().copied().collect();
    let missing = crate::domain::ballot::missing_ballots(&present, &voter_ids, |m| {
        in_round.iter().any(|a| !c.recusals.contains(&(m, *a)))
    });
    if d.get("void").and_then(Value::as_bool) == Some(true) {
        // A void round: too few ballots for a tally, and none was kept.
        if missing == 0 || voters.len() as u32 >= quorum || d.get("reason").is_none_or(Value::is_null) {
            problems.push(format!(
                "round {round} was voided with {} ballots, {missing} missing, quorum {quorum}",
                voters.len()
            ));
        }
        let next = int(d, "next_round");
        for a in in_round {
            if let Some(x) = c.applicants.get_mut(&a) {
                x.committee_round = next;
            }
        }
        c.round = next;
        c.stage = Stage::CommitteeReview;
        return problems;
    }
    let overridden = d.get("override").is_some_and(|r| !r.is_null());
    if missing > 0 && !(overridden && voters.len() as u32 >= quorum) {
        problems.push(format!(
            "round {round} closed with {missing} members present not voted and {} ballots (quorum {quorum})",
            voters.len()
        ));
    }
    if int(d, "voters") as usize != voters.len() {
        problems.push(format!(
            "{} voters logged at the close, {} ballots in the log",
            int(d, "voters"),
            voters.len()
        ));
    }
    if int(d, "attending") as usize != c.checkins.len() {
        problems.push("attendance differs from the check-ins in the log".into());
    }
    for r in d.get("results").and_then(Value::as_array).into_iter().flatten() {
        let a = int(r, "applicant");
        let base = c.checkins.iter().filter(|e| !c.recusals.contains(&(**e, a))).count() as u32;
        let due = voters.iter().filter(|e| !c.recusals.contains(&(**e, a))).count() as u32;
        let tally = tally_of(r);
        if tally.ballots() != due {
            problems.push(format!(
                "applicant {a}: {} ballots counted, {due} voters were due",
                tally.ballots()
            ));
        }
        let outcome = Outcome::decide(tally, base, c.settings.committee_pass);
        let logged_passed = r.get("passed").and_then(Value::as_bool);
        if int(r, "base") as u32 != base
            || logged_passed != Some(outcome.passed)
            || int(r, "needed") as u32 != outcome.needed
        {
            problems.push(format!(
                "committee result of applicant {a}: log says base {} needed {} passed {logged_passed:?}, recomputed base {base} needed {} passed {}",
                int(r, "base"), int(r, "needed"), outcome.needed, outcome.passed
            ));
        }
        c.committee_results.insert(a, (round, tally, base, outcome.passed));
    }
    c.stage = Stage::Report;
    problems
}

/// A stored result: applicant, round, [approve, reject, abstain], base, passed.
type Stored = (i32, i32, [i32; 3], i32, bool);

/// Compares stored results with those replayed from the log; returns how many it checked.
fn compare(
    committee: i32,
    kind: &str,
    stored: &[Stored],
    replayed: &BTreeMap<i32, (i32, Tally, u32, bool)>,
    problems: &mut Vec<String>,
) -> usize {
    if stored.len() != replayed.len() {
        problems.push(format!(
            "committee {committee}: {} {kind} results stored, {} in the log",
            stored.len(),
            replayed.len()
        ));
    }
    for (applicant, round, [approve, reject, abstain], base, passed) in stored {
        let same = replayed.get(applicant).is_some_and(|(r, t, b, p)| {
            r == round
                && [t.approve as i32, t.reject as i32, t.abstain as i32] == [*approve, *reject, *abstain]
                && *b as i32 == *base
                && p == passed
        });
        if !same {
            problems.push(format!(
                "applicant {applicant}: the stored {kind} result differs from the log"
            ));
        }
    }
    stored.len()
}

impl Service {
    /// Recomputes every stage change and tally from the audit log alone and compares
    /// them with the stored results.
    pub fn replay(&self) -> Result<ReplayReport> {
        let mut conn = self.store.conn()?;
        // One read transaction: the log and the tables as of the same moment.
        conn.transaction(|c| self.replay_in(c))
    }

    fn replay_in(&self, conn: &mut crate::store::Db) -> Result<ReplayReport> {
        let chain = audit::verify(conn)?;
        if let Some((seq, why)) = chain.first_bad {
            return Ok(ReplayReport {
                entries: chain.entries as usize,
                mismatches: vec![format!("the log itself was tampered with at entry {seq}: {why}")],
                ..ReplayReport::default()
            });
        }
        let entries = audit::all(conn)?;
        let mut replay = Replay {
            committees: BTreeMap::new(),
            report: ReplayReport::default(),
        };
        for e in &entries {
            replay.apply(e);
        }
        replay.report.entries = entries.len();
        replay.report.committees = replay.committees.len();
        let mut problems = Vec::new();
        for (cid, c) in &replay.committees {
            let row = q::committee_by_id(conn, *cid)?.ok_or(ServiceError::NotFound("committee"))?;
            if row.stage != c.stage.as_str() {
                problems.push(format!(
                    "committee {cid}: the database says stage {}, the log says {}",
                    row.stage, c.stage
                ));
            }
            for g in q::groups_of_committee(conn, *cid)? {
                let phase = c.groups.get(&g.id).and_then(|x| x.phase).map(|p| p.as_str());
                if phase != Some(g.phase.as_str()) {
                    problems.push(format!(
                        "group {}: the database says {}, the log says {}",
                        g.id,
                        g.phase,
                        phase.unwrap_or("nothing")
                    ));
                }
            }
            let ids: Vec<i32> = c.applicants.keys().copied().collect();
            // The stored result rows of both stages, as the replay computes them.
            macro_rules! stored {
                ($rows:expr) => {
                    $rows
                        .into_iter()
                        .map(|r| {
                            (
                                r.applicant_id,
                                r.round,
                                [r.approve, r.reject, r.abstain],
                                r.base,
                                r.passed,
                            )
                        })
                        .collect::<Vec<Stored>>()
                };
            }
            let stored = stored!(rq::group_results_of(conn, &ids)?);
            replay.report.checks += compare(*cid, "group", &stored, &c.group_results, &mut problems);
            let stored = stored!(rq::committee_results_of(conn, &ids)?);
            replay.report.checks += compare(*cid, "committee", &stored, &c.committee_results, &mut problems);
        }
        replay.report.mismatches.extend(problems);
        Ok(replay.report)
    }
}
