//! The authorization matrix: every action x every role x every stage, each cell tried
//! on its own copy of the same database state. Only the allowed cells may succeed; a
//! refused cell must change nothing.

mod support;

use std::path::{Path, PathBuf};

use diesel::prelude::*;
use pingshen::domain::{Choice, Mode, Settings};
use pingshen::service::review::ActionError;
use pingshen::service::{Identity, Service};
use pingshen::store::{Backend, DATABASE_FILE, Store, StoreOptions};
use support::Engine;
use support::fingerprint;
use support::fixture::{self, Fixture, Size};
use support::postgres::Postgres;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Setup,
    Review,
    Voting,
    Deliberation,
    CommitteeReview,
    CommitteeVoting,
    Report,
    Reported,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Office,
    Leader,
    Lead,
    Expert,
    OtherGroup,
    Member,
    Director,
    Reporter,
}

const WHO: [Who; 8] = [
    Who::Office,
    Who::Leader,
    Who::Lead,
    Who::Expert,
    Who::OtherGroup,
    Who::Member,
    Who::Director,
    Who::Reporter,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Settings,
    Start,
    AddRecusal,
    DeclareRecusal,
    RemoveRecusal,
    AssignLead,
    UnassignLead,
    WriteOpinion,
    AddQuestion,
    EditQuestion,
    DeleteQuestion,
    SaveScores,
    SubmitScores,
    DraftGroupVote,
    SubmitGroupVotes,
    OpenGroupSwitch,
    CloseGroupSwitch,
    GroupResult,
    GroupRevote,
    CheckIn,
    DraftCommitteeVote,
    SubmitCommitteeVotes,
    OpenCommitteeSwitch,
    CloseCommitteeSwitch,
    CommitteeRevote,
    Report,
}

const ACTS: [Act; 26] = [
    Act::Settings,
    Act::Start,
    Act::AddRecusal,
    Act::DeclareRecusal,
    Act::RemoveRecusal,
    Act::AssignLead,
    Act::UnassignLead,
    Act::WriteOpinion,
    Act::AddQuestion,
    Act::EditQuestion,
    Act::DeleteQuestion,
    Act::SaveScores,
    Act::SubmitScores,
    Act::DraftGroupVote,
    Act::SubmitGroupVotes,
    Act::OpenGroupSwitch,
    Act::CloseGroupSwitch,
    Act::GroupResult,
    Act::GroupRevote,
    Act::CheckIn,
    Act::DraftCommitteeVote,
    Act::SubmitCommitteeVotes,
    Act::OpenCommitteeSwitch,
    Act::CloseCommitteeSwitch,
    Act::CommitteeRevote,
    Act::Report,
];

/// Actions for which `prepare` does something.
fn prepares(act: Act) -> bool {
    matches!(
        act,
        Act::SubmitScores
            | Act::SubmitGroupVotes
            | Act::DraftCommitteeVote
            | Act::SubmitCommitteeVotes
            | Act::OpenCommitteeSwitch
    )
}

/// The rules of SPEC sections 2 and 3, written out cell by cell.
fn allowed(act: Act, who: Who, st: St) -> bool {
    use St::*;
    use Who::*;
    let group0 = matches!(who, Leader | Lead | Expert);
    let member = matches!(who, Leader | Lead | Expert | OtherGroup | Member | Director);
    match act {
        Act::Settings | Act::Start => who == Office && st == Setup,
        // Recusals change denominators: only before anyone can see a tally.
        Act::AddRecusal | Act::RemoveRecusal => who == Office && matches!(st, Setup | Review | CommitteeReview),
        // Group 0 has submitted its votes on the applicant by the committee stage.
        Act::DeclareRecusal => {
            who != Office && matches!(st, Setup | Review | CommitteeReview) && !(group0 && st == CommitteeReview)
        }
        Act::AssignLead | Act::UnassignLead | Act::OpenGroupSwitch => who == Leader && st == Review,
        Act::WriteOpinion | Act::AddQuestion | Act::EditQuestion | Act::DeleteQuestion => who == Lead && st == Review,
        Act::SaveScores | Act::SubmitScores => group0 && st == Review,
        Act::DraftGroupVote => group0 && matches!(st, Review | Voting),
        Act::SubmitGroupVotes => group0 && st == Voting,
        Act::CloseGroupSwitch => who == Leader && st == Voting,
        Act::GroupResult | Act::GroupRevote => who == Leader && st == Deliberation,
        Act::CheckIn => member && st == CommitteeReview,
        Act::DraftCommitteeVote => member && matches!(st, CommitteeReview | CommitteeVoting),
        Act::SubmitCommitteeVotes => member && st == CommitteeVoting,
        Act::OpenCommitteeSwitch => who == Director && st == CommitteeReview,
        Act::CloseCommitteeSwitch => who == Director && st == CommitteeVoting,
        Act::CommitteeRevote => who == Director && st == Report,
        Act::Report => who == Reporter && st == Report,
    }
}

struct World {
    fx: Fixture,
    /// The applicant most actions target (group 0).
    p: i32,
    /// A recusal that exists in every state: member m1 from `x` (group 1).
    x: i32,
    /// P's interview question, once it exists.
    question: i32,
}

impl World {
    fn who(&self, w: Who) -> Identity {
        let g0 = &self.fx.groups[0];
        match w {
            Who::Office => self.fx.office.clone(),
            Who::Leader => g0.leader.clone(),
            Who::Lead => g0.experts[1].clone(),
            Who::Expert => g0.experts[2].clone(),
            Who::OtherGroup => self.fx.groups[1].experts[2].clone(),
            Who::Member => self
                .fx
                .members
                .iter()
                .find(|m| m.username.ends_with("-m0"))
                .unwrap()
                .clone(),
            Who::Director => self.fx.director.clone(),
            Who::Reporter => self.fx.reporter.clone(),
        }
    }

    /// Steps the actor would take before the action itself (drafts, check-ins); their
    /// failures are ignored.
    fn prepare(&self, s: &Service, act: Act, who: &Identity) {
        let (cid, p) = (self.fx.committee_id, self.p);
        match act {
            Act::SubmitScores => {
                let _ = s.save_score_sheet(who, p, &full_sheet(s, cid), "");
            }
            Act::SubmitGroupVotes => {
                for a in &self.fx.groups[0].applicants {
                    let _ = s.draft_group_vote(who, *a, Choice::Approve);
                }
            }
            Act::DraftCommitteeVote => {
                let _ = s.check_in(who, cid);
            }
            Act::SubmitCommitteeVotes => {
                let _ = s.check_in(who, cid);
                if let Ok(round) = s.committee_round_applicants(cid) {
                    for a in round {
                        let _ = s.draft_committee_vote(who, a, Choice::Approve);
                    }
                }
            }
            Act::OpenCommitteeSwitch => {
                for m in &self.fx.members {
                    let _ = s.check_in(m, cid);
                }
            }
            _ => {}
        }
    }

    /// The action itself.
    fn attempt(&self, s: &Service, act: Act, who: &Identity) -> Result<(), ActionError> {
        let (cid, p) = (self.fx.committee_id, self.p);
        let g0 = self.fx.groups[0].id;
        let m1 = self.fx.members.iter().find(|m| m.username.ends_with("-m1")).unwrap();
        match act {
            Act::Settings => s.set_settings(who, cid, Settings::default()),
            Act::Start => s.start_review(who, cid).map(|_| ()),
            Act::AddRecusal => s.add_recusal(who, m1.expert_id.unwrap(), p),
            Act::DeclareRecusal => s.declare_recusal(who, p),
            Act::RemoveRecusal => s.remove_recusal(who, m1.expert_id.unwrap(), self.x),
            Act::AssignLead => s.assign_lead_reviewer(who, p, self.fx.groups[0].experts[2].expert_id.unwrap()),
            Act::UnassignLead => s.unassign_lead_reviewer(who, p, self.fx.groups[0].experts[1].expert_id.unwrap()),
            Act::WriteOpinion => s.write_opinion(who, p, "同意推荐", Choice::Approve),
            Act::AddQuestion => s.add_question(who, p, "请说明你的主要业绩。").map(|_| ()),
            Act::EditQuestion => s.edit_question(who, self.question, "请说明你的代表性成果。"),
            Act::DeleteQuestion => s.delete_question(who, self.question),
            Act::SaveScores => s.save_score_sheet(who, p, &full_sheet(s, cid), ""),
            Act::SubmitScores => s.submit_score_sheet(who, p).map(|_| ()),
            Act::DraftGroupVote => s.draft_group_vote(who, p, Choice::Approve),
            Act::SubmitGroupVotes => s.submit_group_votes(who, g0).map(|_| ()),
            Act::OpenGroupSwitch => s.open_group_switch(who, g0, true),
            Act::CloseGroupSwitch => s.close_group_switch(who, g0),
            Act::GroupResult => s.submit_group_result(who, g0).map(|_| ()),
            Act::GroupRevote => s.open_group_revote(who, g0, &[p], "复议").map(|_| ()),
            Act::CheckIn => s.check_in(who, cid),
            Act::DraftCommitteeVote => s.draft_committee_vote(who, p, Choice::Approve),
            Act::SubmitCommitteeVotes => s.submit_committee_votes(who, cid).map(|_| ()),
            Act::OpenCommitteeSwitch => s.open_committee_switch(who, cid),
            Act::CloseCommitteeSwitch => s.close_committee_switch_with_reason(who, cid, "休会").map(|_| ()),
            Act::CommitteeRevote => s.open_committee_revote(who, cid, &[p], "复议").map(|_| ()),
            Act::Report => s.report(who, cid),
        }
    }
}

fn full_sheet(s: &Service, committee_id: i32) -> Vec<(i32, u32)> {
    s.score_items(committee_id)
        .unwrap()
        .iter()
        .map(|i| (i.id, i.max_points as u32 / 2))
        .collect()
}

/// The state of the database at one stage: a file, or a PostgreSQL database no one uses.
enum Snapshot {
    File(PathBuf),
    Postgres(String),
}

fn snapshot(s: &Service, dir: &Path, name: &str) -> Snapshot {
    match s.store().backend() {
        Backend::Postgres(url) => Snapshot::Postgres(Postgres::get().copy(url)),
        Backend::Sqlite(_) => {
            let path = dir.join(format!("{name}.db"));
            let mut c = s.store().conn().unwrap();
            diesel::sql_query(format!("VACUUM INTO '{}'", path.display()))
                .execute(&mut c)
                .unwrap();
            Snapshot::File(path)
        }
    }
}

fn open_copy(snapshot: &Snapshot) -> (tempfile::TempDir, Service) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let options = match snapshot {
        Snapshot::File(path) => {
            std::fs::copy(path, data.join(DATABASE_FILE)).unwrap();
            StoreOptions::default()
        }
        Snapshot::Postgres(url) => StoreOptions {
            database_url: Some(Postgres::get().copy_idle(url)),
            ..StoreOptions::default()
        },
    };
    let s = Service::new(Store::open_with(&data, options).unwrap());
    (dir, s)
}

fn only_the_allowed_cells_of_action_role_and_stage_succeed(engine: Engine) {
    let work = tempfile::tempdir().unwrap();
    let (_base, store) = support::store_on(engine);
    let s = Service::new(store);
    let fx = fixture::build(&s, "mx", Mode::Interview, &Size::SMALL);
    let p = fx.groups[0].applicants[0];
    let x = fx.groups[1].applicants[1];
    let m1 = fx
        .members
        .iter()
        .find(|m| m.username.ends_with("-m1"))
        .unwrap()
        .expert_id
        .unwrap();
    s.add_recusal(&fx.office, m1, x).unwrap();
    let mut world = World { fx, p, x, question: 0 };
    let mut snapshots: Vec<(St, Snapshot)> = Vec::new();

    snapshots.push((St::Setup, snapshot(&s, work.path(), "setup")));
    let fx = &world.fx;
    fixture::start(&s, fx);
    let mut question = 0;
    // Review: lead reviewers and questions everywhere; every applicant but P scored
    // and drafted; nothing done on P beyond its lead reviewer.
    for g in &fx.groups {
        let lead = &g.experts[1];
        for a in &g.applicants {
            s.assign_lead_reviewer(&g.leader, *a, lead.expert_id.unwrap()).unwrap();
            let q = s.add_question(lead, *a, "请介绍代表性业绩。").unwrap();
            if *a == p {
                question = q;
            }
        }
        let items = s.score_items(fx.committee_id).unwrap();
        let full: Vec<(i32, u32)> = items.iter().map(|i| (i.id, i.max_points as u32 - 5)).collect();
        for e in &g.experts {
            for a in g.applicants.iter().filter(|a| **a != p) {
                s.save_score_sheet(e, *a, &full, "").unwrap();
                s.submit_score_sheet(e, *a).unwrap();
                s.draft_group_vote(e, *a, Choice::Approve).unwrap();
            }
        }
    }
    snapshots.push((St::Review, snapshot(&s, work.path(), "review")));
    world.question = question;
    let fx = &world.fx;
    for g in &fx.groups {
        s.open_group_switch(&g.leader, g.id, true).unwrap();
    }
    snapshots.push((St::Voting, snapshot(&s, work.path(), "voting")));
    for g in &fx.groups {
        for e in &g.experts {
            let _ = s.draft_group_vote(e, p, Choice::Approve);
            s.submit_group_votes(e, g.id).unwrap();
        }
        s.close_group_switch(&g.leader, g.id).unwrap();
    }
    snapshots.push((St::Deliberation, snapshot(&s, work.path(), "deliberation")));
    for g in &fx.groups {
        s.submit_group_result(&g.leader, g.id).unwrap();
    }
    snapshots.push((St::CommitteeReview, snapshot(&s, work.path(), "committee-review")));
    for m in &fx.members {
        s.check_in(m, fx.committee_id).unwrap();
    }
    s.open_committee_switch(&fx.director, fx.committee_id).unwrap();
    snapshots.push((St::CommitteeVoting, snapshot(&s, work.path(), "committee-voting")));
    let round = s.committee_round_applicants(fx.committee_id).unwrap();
    for m in &fx.members {
        for a in &round {
            match s.draft_committee_vote(m, *a, Choice::Approve) {
                Ok(()) => {}
                // m1 is recused from x.
                Err(e) => assert_eq!(e.refusal(), Some(&pingshen::domain::Refusal::Recused)),
            }
        }
        s.submit_committee_votes(m, fx.committee_id).unwrap();
    }
    s.close_committee_switch(&fx.director, fx.committee_id).unwrap();
    snapshots.push((St::Report, snapshot(&s, work.path(), "report")));
    s.report(&fx.reporter, fx.committee_id).unwrap();
    snapshots.push((St::Reported, snapshot(&s, work.path(), "reported")));

    let mut wrong = Vec::new();
    let mut cells = 0;
    let mut successes = 0;
    for (st, snap) in &snapshots {
        for act in ACTS {
            let mut copy = open_copy(snap);
            for who in WHO {
                cells += 1;
                let identity = world.who(who);
                let expected = allowed(act, who, *st);
                let (_, svc) = &copy;
                world.prepare(svc, act, &identity);
                let before = (!expected).then(|| fingerprint(svc));
                let result = world.attempt(svc, act, &identity);
                match (&result, expected) {
                    (Ok(()), true) => successes += 1,
                    (Err(ActionError::Refused(_)), false) => {
                        if before.is_some_and(|b| b != fingerprint(svc)) {
                            wrong.push(format!("{st:?} {act:?} {who:?}: refused but changed data"));
                        }
                    }
                    (Ok(()), false) => wrong.push(format!("{st:?} {act:?} {who:?}: succeeded but must be refused")),
                    (Err(e), _) => wrong.push(format!("{st:?} {act:?} {who:?}: {e} (expected success: {expected})")),
                }
                // The next role starts from the same state: a success or a preparation
                // may have written; a checked refusal has not.
                if result.is_ok() || prepares(act) {
                    copy = open_copy(snap);
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong cells of {cells}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(cells, 8 * ACTS.len() * WHO.len());
    assert!(successes > 40, "{successes} allowed cells succeeded");
}

support::on_both_engines!(only_the_allowed_cells_of_action_role_and_stage_succeed);
