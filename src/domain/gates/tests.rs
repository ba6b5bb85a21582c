//! The gates on plain facts: microseconds, no database.

use super::*;
use crate::domain::{GroupPhase, Mode, Phase, Refusal, Role, Settings, Stage};

const COMMITTEE: i32 = 7;
const GROUP: i32 = 3;

fn person(roles: &[Role], group: Option<i32>) -> Actor {
    Actor {
        is_operator: false,
        roles: roles.to_vec(),
        person: Some(Person {
            id: 11,
            committee_id: COMMITTEE,
            group_id: group,
        }),
    }
}

fn office() -> Actor {
    Actor {
        is_operator: true,
        ..Actor::default()
    }
}

fn expert() -> Actor {
    person(&[Role::Expert, Role::Member], Some(GROUP))
}

fn leader() -> Actor {
    person(&[Role::Leader, Role::Expert, Role::Member], Some(GROUP))
}

fn director() -> Actor {
    person(&[Role::Director], None)
}

fn applicant(mode: Mode, phase: GroupPhase) -> GroupApplicant {
    GroupApplicant {
        mode,
        stage: Stage::Groups,
        group_id: Some(GROUP),
        phase,
        group_round: 1,
        applicant_round: 1,
        recused: false,
        lead: false,
    }
}

#[test]
fn an_expert_drafts_while_the_group_reviews_or_votes_and_not_after_submitting() {
    let a = applicant(Mode::Expert, GroupPhase::Review);
    assert!(draft_group_vote(&expert(), &a, false).is_ok());
    let voting = GroupApplicant {
        phase: GroupPhase::Voting,
        ..a
    };
    assert!(draft_group_vote(&expert(), &voting, false).is_ok());
    assert_eq!(
        draft_group_vote(&expert(), &voting, true),
        Err(Refusal::AlreadySubmitted)
    );
    let closed = GroupApplicant {
        phase: GroupPhase::Deliberation,
        ..a
    };
    assert_eq!(
        draft_group_vote(&expert(), &closed, false),
        Err(Refusal::WrongPhase(Phase::Group(GroupPhase::Deliberation)))
    );
    let recused = GroupApplicant { recused: true, ..a };
    assert_eq!(draft_group_vote(&expert(), &recused, false), Err(Refusal::Recused));
    let later_round = GroupApplicant { group_round: 2, ..a };
    assert_eq!(
        draft_group_vote(&expert(), &later_round, false),
        Err(Refusal::NotInRound)
    );
}

#[test]
fn only_the_applicants_own_group_drafts_and_nobody_once_reported() {
    let a = applicant(Mode::Expert, GroupPhase::Review);
    let other = person(&[Role::Expert], Some(GROUP + 1));
    assert_eq!(draft_group_vote(&other, &a, false), Err(Refusal::NotInGroup));
    assert_eq!(
        draft_group_vote(&director(), &a, false),
        Err(Refusal::RoleRequired(Role::Expert))
    );
    assert_eq!(
        draft_group_vote(&office(), &a, false),
        Err(Refusal::RoleRequired(Role::Expert))
    );
    let reported = GroupApplicant {
        stage: Stage::Reported,
        ..a
    };
    assert_eq!(
        draft_group_vote(&expert(), &reported, false),
        Err(Refusal::CommitteeClosed)
    );
}

#[test]
fn submitting_needs_the_switch_open_and_every_draft() {
    let mine = MyGroupVotes {
        owed: 4,
        drafted: 4,
        submitted: false,
    };
    let submit = |phase, mine: &MyGroupVotes| {
        let g = GroupState {
            stage: Stage::Groups,
            phase,
        };
        submit_group_votes(&expert(), GROUP, Some(g), mine)
    };
    assert!(submit(GroupPhase::Voting, &mine).is_ok());
    assert_eq!(submit(GroupPhase::Review, &mine), Err(Refusal::SwitchClosed));
    let short = MyGroupVotes { drafted: 1, ..mine };
    assert_eq!(
        submit(GroupPhase::Voting, &short),
        Err(Refusal::IncompleteDraft { missing: 3 })
    );
    let again = MyGroupVotes {
        submitted: true,
        ..mine
    };
    assert_eq!(submit(GroupPhase::Voting, &again), Err(Refusal::AlreadySubmitted));
}

#[test]
fn the_group_switch_waits_for_leads_opinions_questions_and_sheets() {
    let review = Some(GroupState {
        stage: Stage::Groups,
        phase: GroupPhase::Review,
    });
    let none = SwitchGaps::default();
    assert_eq!(open_group_switch(&leader(), GROUP, review, &none, false), Ok(0));
    assert_eq!(
        open_group_switch(&expert(), GROUP, review, &none, false),
        Err(Refusal::RoleRequired(Role::Leader))
    );
    // Another group's leader learns nothing of a group that does not exist.
    assert_eq!(
        open_group_switch(&leader(), GROUP + 1, None, &none, false),
        Err(Refusal::NotInGroup)
    );
    let gaps = SwitchGaps {
        without_lead: 1,
        opinions_missing: 2,
        ..SwitchGaps::default()
    };
    assert_eq!(
        open_group_switch(&leader(), GROUP, review, &gaps, true),
        Err(Refusal::LeadReviewersMissing { missing: 1 })
    );
    let sheets = SwitchGaps {
        sheets_missing: vec![(1, 2), (2, 1)],
        ..SwitchGaps::default()
    };
    assert_eq!(
        open_group_switch(&leader(), GROUP, review, &sheets, false),
        Err(Refusal::ScoresMissing { missing: 3 })
    );
    assert_eq!(open_group_switch(&leader(), GROUP, review, &sheets, true), Ok(3));
}

#[test]
fn only_the_lead_reviewer_writes_while_the_group_reviews() {
    let a = applicant(Mode::Lecture, GroupPhase::Review);
    assert_eq!(write_opinion(&expert(), &a, "好"), Err(Refusal::NotLeadReviewer));
    let lead = GroupApplicant { lead: true, ..a };
    assert_eq!(write_opinion(&expert(), &lead, "  好  "), Ok("好".to_string()));
    assert_eq!(write_opinion(&expert(), &lead, " \u{3164} "), Err(Refusal::EmptyText));
    let voting = GroupApplicant {
        phase: GroupPhase::Voting,
        ..lead
    };
    assert!(write_opinion(&expert(), &voting, "好").is_err());
}

#[test]
fn questions_are_final_once_the_interview_is_scored() {
    let a = GroupApplicant {
        lead: true,
        ..applicant(Mode::Interview, GroupPhase::Review)
    };
    let q = Questions {
        count: 0,
        scored: false,
    };
    assert_eq!(
        edit_questions(&expert(), &a, &q, QuestionEdit::Add("为什么？")),
        Ok(Some("为什么？".into()))
    );
    let scored = Questions { scored: true, ..q };
    assert_eq!(
        edit_questions(&expert(), &a, &scored, QuestionEdit::Delete),
        Err(Refusal::QuestionsLocked)
    );
    let full = Questions {
        count: MAX_QUESTIONS,
        ..q
    };
    assert_eq!(
        edit_questions(&expert(), &a, &full, QuestionEdit::Add("再问")),
        Err(Refusal::TooManyQuestions { max: MAX_QUESTIONS })
    );
    let lecture = GroupApplicant {
        mode: Mode::Lecture,
        ..a
    };
    assert_eq!(
        edit_questions(&expert(), &lecture, &q, QuestionEdit::Delete),
        Err(Refusal::NotInThisMode("interview questions"))
    );
}

#[test]
fn scores_stay_in_range_and_the_interview_is_scored_after_its_questions() {
    let items = [
        ScoreItem {
            id: 1,
            name: "内容".into(),
            max: 40,
        },
        ScoreItem {
            id: 2,
            name: "表达".into(),
            max: 60,
        },
    ];
    let a = applicant(Mode::Lecture, GroupPhase::Review);
    let sheet = Sheet {
        has_questions: false,
        submitted: false,
    };
    assert!(save_sheet(&expert(), &a, &sheet, &items, &[(1, 40)], "").is_ok());
    assert_eq!(
        save_sheet(&expert(), &a, &sheet, &items, &[(1, 41)], ""),
        Err(Refusal::ScoreOutOfRange {
            item: "内容".into(),
            value: 41,
            max: 40
        })
    );
    assert!(save_sheet(&expert(), &a, &sheet, &items, &[(1, 1), (1, 2)], "").is_err());
    assert_eq!(
        submit_sheet(&expert(), &a, &sheet, &items, &[1]),
        Err(Refusal::IncompleteSheet { item: "表达".into() })
    );
    assert!(submit_sheet(&expert(), &a, &sheet, &items, &[1, 2]).is_ok());
    let interview = applicant(Mode::Interview, GroupPhase::Review);
    assert_eq!(score(&expert(), &interview, &sheet), Err(Refusal::NoQuestionsYet));
    assert_eq!(
        score(&expert(), &applicant(Mode::Expert, GroupPhase::Review), &sheet),
        Err(Refusal::NotInThisMode("defense scoring"))
    );
}

#[test]
fn recusals_change_only_before_a_tally_can_be_seen() {
    let s = |stage, group_phase, expert_submitted| RecusalState {
        stage,
        group_phase,
        expert_submitted,
    };
    assert!(recusal_may_change(&s(Stage::Setup, Some(GroupPhase::Review), false)).is_ok());
    assert!(recusal_may_change(&s(Stage::Groups, Some(GroupPhase::Review), false)).is_ok());
    assert!(recusal_may_change(&s(Stage::Groups, Some(GroupPhase::Voting), false)).is_err());
    assert!(recusal_may_change(&s(Stage::CommitteeReview, Some(GroupPhase::Done), false)).is_ok());
    assert!(recusal_may_change(&s(Stage::CommitteeVoting, None, false)).is_err());
    assert_eq!(
        recusal_may_change(&s(Stage::Groups, Some(GroupPhase::Review), true)),
        Err(Refusal::AlreadyVoted)
    );
    let r = NewRecusal {
        expert_committee: Some(COMMITTEE),
        applicant_committee: COMMITTEE,
        state: s(Stage::Setup, None, false),
        already: false,
    };
    assert!(add_recusal(&office(), &r).is_ok());
    assert_eq!(add_recusal(&expert(), &r), Err(Refusal::OperatorOnly));
    assert!(declare_recusal(&expert(), &r).is_ok());
    let elsewhere = NewRecusal {
        applicant_committee: COMMITTEE + 1,
        ..r
    };
    assert_eq!(
        declare_recusal(&expert(), &elsewhere),
        Err(Refusal::NotFound("applicant"))
    );
}

#[test]
fn committee_votes_need_a_checked_in_member_of_the_round() {
    let a = CommitteeApplicant {
        committee_id: COMMITTEE,
        stage: Stage::CommitteeVoting,
        checked_in: true,
        before_committee: true,
        in_round: true,
        recused: false,
        voted: false,
    };
    assert!(draft_committee_vote(&expert(), &a).is_ok());
    assert!(
        draft_committee_vote(&director(), &a).is_ok(),
        "the director is a member"
    );
    let absent = CommitteeApplicant { checked_in: false, ..a };
    assert_eq!(draft_committee_vote(&expert(), &absent), Err(Refusal::NotCheckedIn));
    let failed = CommitteeApplicant {
        before_committee: false,
        ..a
    };
    assert_eq!(
        draft_committee_vote(&expert(), &failed),
        Err(Refusal::NotInCommitteeStage)
    );
    let elsewhere = CommitteeApplicant {
        committee_id: COMMITTEE + 1,
        ..a
    };
    assert_eq!(
        draft_committee_vote(&expert(), &elsewhere),
        Err(Refusal::NotFound("committee"))
    );
    let reporter = person(&[Role::Reporter], None);
    assert_eq!(
        draft_committee_vote(&reporter, &a),
        Err(Refusal::RoleRequired(Role::Member))
    );
    let b = MyBallot {
        checked_in: true,
        voted: false,
        owed: 3,
        drafted: 2,
    };
    assert_eq!(
        submit_committee_votes(&expert(), COMMITTEE, Stage::CommitteeVoting, &b),
        Err(Refusal::IncompleteDraft { missing: 1 })
    );
    assert_eq!(
        submit_committee_votes(&expert(), COMMITTEE, Stage::CommitteeReview, &b),
        Err(Refusal::SwitchClosed)
    );
}

#[test]
fn the_director_opens_at_the_quorum_and_the_reporter_reports() {
    let s = Settings::default();
    let open = |checked_in| open_committee_switch(&director(), COMMITTEE, Stage::CommitteeReview, &s, checked_in, 11);
    assert!(open(8).is_ok());
    assert_eq!(
        open(7),
        Err(Refusal::QuorumNotMet {
            checked_in: 7,
            needed: 8,
            members: 11
        })
    );
    assert_eq!(
        open_committee_switch(&expert(), COMMITTEE, Stage::CommitteeReview, &s, 11, 11),
        Err(Refusal::RoleRequired(Role::Director))
    );
    let reporter = person(&[Role::Reporter], None);
    assert!(report(&reporter, COMMITTEE, Stage::Report).is_ok());
    assert_eq!(
        report(&reporter, COMMITTEE, Stage::CommitteeVoting),
        Err(Refusal::SwitchStillOpen)
    );
    assert_eq!(
        report(&director(), COMMITTEE, Stage::Report),
        Err(Refusal::RoleRequired(Role::Reporter))
    );
    assert_eq!(
        committee_revote(&director(), COMMITTEE, Stage::Report, &[1, 9], &[1, 2], "复议"),
        Err(Refusal::NotInRound)
    );
    assert_eq!(
        committee_revote(
            &director(),
            COMMITTEE,
            Stage::Report,
            &[1],
            &[1, 2],
            " 对申报人业绩有异议 "
        ),
        Ok("对申报人业绩有异议".to_string())
    );
}

#[test]
fn a_revote_needs_its_reason() {
    assert_eq!(
        committee_revote(&director(), COMMITTEE, Stage::Report, &[1], &[1, 2], "  "),
        Err(Refusal::ReasonNeeded)
    );
    let long = "理".repeat(MAX_REASON + 1);
    assert!(matches!(
        committee_revote(&director(), COMMITTEE, Stage::Report, &[1], &[1, 2], &long),
        Err(Refusal::TextTooLong { .. })
    ));
    let g = GroupState {
        stage: Stage::Groups,
        phase: GroupPhase::Deliberation,
    };
    assert_eq!(
        group_revote(&leader(), GROUP, Some(g), &[1], &[1], ""),
        Err(Refusal::ReasonNeeded)
    );
    assert_eq!(
        group_revote(&leader(), GROUP, Some(g), &[1], &[1], "票数接近"),
        Ok("票数接近".into())
    );
    // The rule comes before the reason: a leader outside deliberation is told the phase.
    let voting = GroupState {
        phase: GroupPhase::Voting,
        ..g
    };
    assert_eq!(
        group_revote(&leader(), GROUP, Some(voting), &[1], &[1], ""),
        Err(Refusal::SwitchStillOpen)
    );
}

#[test]
fn a_committee_starts_only_when_complete() {
    let ready = Readiness {
        mode: Some(Mode::Lecture),
        groups: vec![("建筑".into(), 1)],
        applicants: 3,
        applicant_without_group: None,
        directors: 1,
        reporters: 1,
        members: 11,
        score_items: 3,
    };
    assert_eq!(
        start_review(&office(), Stage::Setup, &ready),
        Ok(vec![
            "11 members: below the usual minimum of 25 for a senior committee".to_string()
        ])
    );
    let even = Readiness {
        members: 10,
        ..ready.clone()
    };
    assert!(matches!(
        start_review(&office(), Stage::Setup, &even),
        Err(Refusal::NotReady(_))
    ));
    let two_leaders = Readiness {
        groups: vec![("建筑".into(), 2)],
        ..ready.clone()
    };
    assert_eq!(
        start_review(&office(), Stage::Setup, &two_leaders),
        Err(Refusal::NotReady(crate::domain::Unready::GroupLeaders {
            group: "建筑".into(),
            leaders: 2
        }))
    );
    assert_eq!(
        start_review(&leader(), Stage::Setup, &ready),
        Err(Refusal::OperatorOnly)
    );
    assert_eq!(
        start_review(&office(), Stage::Groups, &ready),
        Err(Refusal::WrongPhase(Phase::Committee(Stage::Groups)))
    );
}

#[test]
fn the_writing_screens_open_for_who_may_write_there() {
    assert_eq!(open_writing(Writing::ScoreSheet, false, false), Ok(()));
    assert_eq!(open_writing(Writing::ScoreSheet, true, true), Err(Refusal::Recused));
    assert_eq!(open_writing(Writing::Opinion, false, true), Ok(()));
    assert_eq!(open_writing(Writing::Opinion, true, true), Err(Refusal::Recused));
    assert_eq!(
        open_writing(Writing::Opinion, false, false),
        Err(Refusal::NotLeadReviewer)
    );
    // Every expert not recused reads the questions; only the lead reviewers change them.
    assert_eq!(open_writing(Writing::Questions, false, false), Ok(()));
    assert_eq!(open_writing(Writing::Questions, true, false), Err(Refusal::Recused));
    assert_eq!(read_file(true), Err(Refusal::Recused));
    assert_eq!(read_file(false), Ok(()));
}

#[test]
fn a_sheet_is_read_by_a_group_expert_in_a_defense_mode_not_recused() {
    assert_eq!(read_sheet(Mode::Lecture, true, false), Ok(()));
    assert_eq!(
        read_sheet(Mode::Expert, true, false),
        Err(Refusal::NotInThisMode("defense scoring"))
    );
    assert_eq!(read_sheet(Mode::Interview, false, true), Err(Refusal::NotInGroup));
    assert_eq!(read_sheet(Mode::Interview, true, true), Err(Refusal::Recused));
}

#[test]
fn a_switch_step_refused_says_where_the_switch_stands() {
    use GroupPhase::{Deliberation, Review, Voting};
    // The leader: open (allowed in review), close (in voting), result and re-vote (in
    // deliberation).
    assert_eq!(switch_at(Review, Voting), Err(Refusal::SwitchNotOpenYet));
    assert_eq!(switch_at(Review, Deliberation), Err(Refusal::SwitchNotOpenYet));
    assert_eq!(switch_at(Voting, Review), Err(Refusal::SwitchAlreadyOpen));
    assert_eq!(switch_at(Voting, Deliberation), Err(Refusal::SwitchStillOpen));
    assert_eq!(switch_at(Deliberation, Voting), Err(Refusal::SwitchClosed));
    assert_eq!(switch_at(Deliberation, Review), Err(Refusal::RoundOver));
    assert_eq!(switch_at(Voting, Voting), Ok(()));
    // The director and the reporter, the same words.
    let c = |stage, allowed| committee_switch_at(stage, allowed);
    assert_eq!(
        c(Stage::CommitteeReview, Stage::CommitteeVoting),
        Err(Refusal::SwitchNotOpenYet)
    );
    assert_eq!(
        c(Stage::CommitteeVoting, Stage::CommitteeReview),
        Err(Refusal::SwitchAlreadyOpen)
    );
    assert_eq!(c(Stage::CommitteeVoting, Stage::Report), Err(Refusal::SwitchStillOpen));
    assert_eq!(c(Stage::Report, Stage::CommitteeVoting), Err(Refusal::SwitchClosed));
    assert_eq!(c(Stage::Report, Stage::CommitteeReview), Err(Refusal::RoundOver));
    assert_eq!(c(Stage::Reported, Stage::Report), Err(Refusal::CommitteeClosed));
    assert_eq!(
        c(Stage::Groups, Stage::CommitteeReview),
        Err(Refusal::WrongPhase(Phase::Committee(Stage::Groups)))
    );
    // Check-in before the meeting says when it opens.
    let member = person(&[Role::Member], None);
    assert_eq!(
        check_in(&member, COMMITTEE, Stage::Groups, false).map(|_| ()),
        Err(Refusal::CheckInNotOpen)
    );
    assert!(check_in(&member, COMMITTEE, Stage::CommitteeReview, false).is_ok());
    // ...and after the switch opened, that it has closed.
    assert_eq!(
        check_in(&member, COMMITTEE, Stage::CommitteeVoting, false).map(|_| ()),
        Err(Refusal::CheckInClosed)
    );
}

#[test]
fn a_group_score_shows_to_its_scorers_only_after_their_own_sheet() {
    // While the groups work: an expert of the group, sheet not in -> hidden.
    assert!(!sees_group_score(true, true, false));
    assert!(sees_group_score(true, true, true));
    // The office, the committee's members, and everyone after the group stage.
    assert!(sees_group_score(true, false, false));
    assert!(sees_group_score(false, true, false));
}
