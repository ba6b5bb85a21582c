//! Complete runs of each review mode through the engine at realistic size (2 groups of
//! 7 experts, a committee of 25 members, 60 applicants), every outcome checked against
//! tallies computed by hand in the test, not by the engine's rules.

mod support;

use pingshen::domain::{Choice, Mode, Refusal, Settings, Stage};
use pingshen::service::Service;
use support::Engine;
use support::fixture::{self, Fixture, Size};

fn service(engine: Engine) -> (tempfile::TempDir, Service) {
    let (dir, store) = support::store_on(engine);
    (dir, Service::new(store))
}

/// Position of an applicant in its group.
fn index_in_group(fx: &Fixture, applicant: i32) -> (usize, usize) {
    for (g, group) in fx.groups.iter().enumerate() {
        if let Some(i) = group.applicants.iter().position(|a| *a == applicant) {
            return (g, i);
        }
    }
    panic!("unknown applicant {applicant}");
}

/// The group vote pattern: on applicant i, expert k approves if k < i % 8, else
/// rejects (k even) or abstains (k odd).
fn group_choice(fx: &Fixture, applicant: i32, k: usize) -> Choice {
    let (_, i) = index_in_group(fx, applicant);
    if k < i % 8 {
        Choice::Approve
    } else if k.is_multiple_of(2) {
        Choice::Reject
    } else {
        Choice::Abstain
    }
}

/// Score items [content, expression, answers] from expert k on applicant i: the
/// totals are 20 + i%20 + {25, 29, 33, 37, 41, 45, 49} for k = 0..6.
fn points(fx: &Fixture, applicant: i32, k: usize) -> Vec<u32> {
    let (_, i) = index_in_group(fx, applicant);
    vec![20 + (i % 20) as u32, 15 + k as u32, 10 + (3 * k as u32) % 20]
}

struct Expected {
    approve: u32,
    reject: u32,
    abstain: u32,
    base: u32,
    passed: bool,
}

fn run_mode(engine: Engine, mode: Mode) {
    let (_dir, s) = service(engine);
    let fx = fixture::build(&s, "run", mode, &Size::REALISTIC);
    assert_eq!(fx.members.len(), 25);
    assert_eq!(fx.all_applicants().len(), 60);
    let scoring = mode.has_scoring();
    if scoring {
        let settings = Settings {
            pass_score: Some(60),
            ..Settings::default()
        };
        s.set_settings(&fx.office, fx.committee_id, settings).unwrap();
    }
    // Recusals: expert g0-e3 from group-0 applicant 4 (an approver: 3 of 6 is not more
    // than half, where 4 of 7 would have been), member m0 (index 15) from group-1
    // applicant 4 in the committee.
    let g0 = &fx.groups[0];
    let g1 = &fx.groups[1];
    let recused_expert = g0.experts[3].expert_id.unwrap();
    s.add_recusal(&fx.office, recused_expert, g0.applicants[4]).unwrap();
    let m0 = &fx.members[15];
    s.add_recusal(&fx.office, m0.expert_id.unwrap(), g1.applicants[4])
        .unwrap();

    let warnings = s.start_review(&fx.office, fx.committee_id).unwrap();
    assert!(warnings.is_empty(), "25 members is the usual size: {warnings:?}");
    fixture::prepare_groups(&s, &fx, |a, k| points(&fx, a, k), |a, k| group_choice(&fx, a, k));
    fixture::finish_groups(&s, &fx);
    assert_eq!(s.stage(fx.committee_id).unwrap(), Stage::CommitteeReview);

    // Hand-computed group results.
    let results = s.group_results(fx.committee_id).unwrap();
    assert_eq!(results.len(), 60);
    let mut passed_group = Vec::new();
    for (g, group) in fx.groups.iter().enumerate() {
        for (i, a) in group.applicants.iter().enumerate() {
            let recused = g == 0 && i == 4;
            let mut e = Expected {
                approve: 0,
                reject: 0,
                abstain: 0,
                base: if recused { 6 } else { 7 },
                passed: false,
            };
            for k in 0..7 {
                if recused && k == 3 {
                    continue;
                }
                if k < i % 8 {
                    e.approve += 1;
                } else if k.is_multiple_of(2) {
                    e.reject += 1;
                } else {
                    e.abstain += 1;
                }
            }
            // More than half of the base.
            let votes_pass = e.approve * 2 > e.base;
            // Trimmed mean of 7 (or 6) sheets: drop the lowest (k=0) and highest (k=6):
            // 20 + i%20 + mean of the middle totals, which is 37 either way.
            let score = 20 + (i % 20) as u32 + 37;
            e.passed = votes_pass && (!scoring || score >= 60);
            let r = results.iter().find(|r| r.applicant_id == *a).unwrap();
            assert_eq!(
                (
                    r.approve as u32,
                    r.reject as u32,
                    r.abstain as u32,
                    r.base as u32,
                    r.passed
                ),
                (e.approve, e.reject, e.abstain, e.base, e.passed),
                "group {g} applicant {i}"
            );
            assert_eq!(r.needed as u32, e.base / 2 + 1, "group {g} applicant {i}");
            if e.passed {
                passed_group.push(*a);
            }
        }
    }
    // Votes pass for i % 8 in 4..=7 (14 per group, 13 in group 0 with the recusal);
    // the pass score also fails i % 20 in 0..=2 (i = 20, 21, 22).
    let expected_passing = if scoring { 21 } else { 27 };
    assert_eq!(passed_group.len(), expected_passing, "applicants through the groups");
    let round = s.committee_round_applicants(fx.committee_id).unwrap();
    let mut sorted = passed_group.clone();
    sorted.sort_unstable();
    assert_eq!(round, sorted, "only those who passed their group reach the committee");
    // Someone who failed the group cannot be voted on in the committee.
    let failed = fx
        .all_applicants()
        .into_iter()
        .find(|a| !passed_group.contains(a))
        .unwrap();

    // Committee: the first 21 members attend; member 20 never submits; member j
    // approves the applicant at position p (in id order) if j < 10 + p % 8.
    let position = |a: i32| round.iter().position(|x| *x == a).unwrap();
    let committee_choice = |a: i32, j: usize| {
        if j < 10 + position(a) % 8 {
            Choice::Approve
        } else if j.is_multiple_of(2) {
            Choice::Reject
        } else {
            Choice::Abstain
        }
    };
    let attending = 21;
    for m in &fx.members[..attending] {
        s.check_in(m, fx.committee_id).unwrap();
    }
    let err = s
        .draft_committee_vote(&fx.members[0], failed, Choice::Approve)
        .unwrap_err();
    assert_eq!(err.refusal(), Some(&Refusal::NotInCommitteeStage));
    // Members checked in are not yet allowed to submit: the switch is closed.
    let err = s.submit_committee_votes(&fx.members[0], fx.committee_id).unwrap_err();
    assert_eq!(err.refusal(), Some(&Refusal::SwitchClosed));
    s.open_committee_switch(&fx.director, fx.committee_id).unwrap();
    for (j, m) in fx.members[..attending].iter().enumerate() {
        if j == 20 {
            continue;
        }
        for a in &round {
            match s.draft_committee_vote(m, *a, committee_choice(*a, j)) {
                Ok(()) => {}
                Err(e) if e.refusal() == Some(&Refusal::Recused) => assert!(j == 15 && *a == g1.applicants[4]),
                Err(e) => panic!("{e}"),
            }
        }
        s.submit_committee_votes(m, fx.committee_id).unwrap();
    }
    // Member 20's ballot is missing: the director closes with a reason (20 ballots reach
    // the quorum of 17), and the missing ballot counts as not approving.
    s.close_committee_switch_with_reason(&fx.director, fx.committee_id, "一名评委未投票")
        .unwrap();
    assert_eq!(s.stage(fx.committee_id).unwrap(), Stage::Report);

    let results = s.committee_results(fx.committee_id).unwrap();
    assert_eq!(results.len(), round.len());
    let mut exactly_two_thirds = 0;
    for a in &round {
        let p = position(*a);
        let target = 10 + p % 8;
        let recused_member = *a == g1.applicants[4];
        let mut e = Expected {
            approve: 0,
            reject: 0,
            abstain: 0,
            base: if recused_member { 20 } else { 21 },
            passed: false,
        };
        for j in 0..20 {
            if recused_member && j == 15 {
                continue;
            }
            if j < target {
                e.approve += 1;
            } else if j.is_multiple_of(2) {
                e.reject += 1;
            } else {
                e.abstain += 1;
            }
        }
        // At least 2/3 of those attending (以上 includes the bound).
        e.passed = e.approve * 3 >= e.base * 2;
        if e.approve * 3 == e.base * 2 {
            exactly_two_thirds += 1;
        }
        let r = results.iter().find(|r| r.applicant_id == *a).unwrap();
        assert_eq!(
            (
                r.approve as u32,
                r.reject as u32,
                r.abstain as u32,
                r.base as u32,
                r.passed
            ),
            (e.approve, e.reject, e.abstain, e.base, e.passed),
            "committee applicant at position {p}"
        );
        assert_eq!(r.attending, 21);
        assert_eq!(r.needed as u32, (2 * e.base).div_ceil(3));
    }
    assert!(exactly_two_thirds > 0, "the bound itself is exercised");

    s.report(&fx.reporter, fx.committee_id).unwrap();
    assert_eq!(s.stage(fx.committee_id).unwrap(), Stage::Reported);
    // The review has ended: the committee's accounts stop working.
    let err = s.check_in(&fx.members[22], fx.committee_id).unwrap_err();
    assert_eq!(err.refusal(), Some(&Refusal::CommitteeClosed));
    let rt = tokio::runtime::Runtime::new().unwrap();
    assert!(
        rt.block_on(s.login(
            &fx.director.username,
            fixture::PASSWORD,
            std::net::Ipv4Addr::LOCALHOST.into()
        ))
        .is_err()
    );
    // And the audit log is intact.
    let mut conn = s.store().conn().unwrap();
    let v = pingshen::store::audit::verify(&mut conn).unwrap();
    assert_eq!(v.first_bad, None);
    assert!(v.entries > 500, "{} entries", v.entries);
    // Replaying the log alone gives the same stages and results.
    let report = s.replay().unwrap();
    assert_eq!(report.mismatches, Vec::<String>::new());
    assert_eq!(report.committees, 1);
    assert!(report.checks >= 60 + round.len(), "{report:?}");
}

fn expert_review_mode_runs_end_to_end_with_hand_computed_tallies(engine: Engine) {
    run_mode(engine, Mode::Expert);
}

fn lecture_defense_mode_runs_end_to_end_with_scores_and_a_pass_score(engine: Engine) {
    run_mode(engine, Mode::Lecture);
}

fn interview_defense_mode_runs_end_to_end_with_questions_and_scores(engine: Engine) {
    run_mode(engine, Mode::Interview);
}

support::on_both_engines!(
    expert_review_mode_runs_end_to_end_with_hand_computed_tallies,
    lecture_defense_mode_runs_end_to_end_with_scores_and_a_pass_score,
    interview_defense_mode_runs_end_to_end_with_questions_and_scores,
);
