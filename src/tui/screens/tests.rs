//! Key sequences on the screens themselves, without `App`, a service or a terminal:
//! what a screen answers (effects, where it leads, what it asks, what it says) to
//! the keys a user presses.

use super::applicants::ApplicantsScreen;
use super::board::BoardScreen;
use super::chair::ChairScreen;
use super::opinion::OpinionScreen;
use super::questions::QuestionsScreen;
use super::sheet::SheetScreen;
use crate::domain::{Choice, GroupPhase, Lang, Mode, Refusal, Role, Stage};
use crate::service::Identity;
use crate::service::screens::{
    ApplicantFile, ApplicantLine, BoardLine, CommitteeBoard, ExpertProgress, GroupBoard, LeadOpinion, ScoreSheetView,
    SheetItem,
};
use crate::service::storage::ApplicantRow;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Nav, Screen, Step};
use crate::tui::text::{self, T, tr};
use crate::tui::theme::Palette;

fn member(roles: &[Role]) -> Identity {
    Identity {
        account_id: 2,
        username: "c1-g1-e2".into(),
        display_name: "韩国庆".into(),
        is_operator: false,
        lang: Lang::Zh,
        committee_id: Some(1),
        expert_id: Some(2),
        roles: roles.to_vec(),
    }
}

fn cx(identity: &Identity) -> Ctx<'_> {
    Ctx {
        identity,
        lang: Lang::Zh,
        palette: Palette::Basic,
        height: 24,
        home: None,
    }
}

/// Presses the keys in order; the last answer.
fn press(screen: &mut dyn Screen, cx: &Ctx, keys: &[Key]) -> Step {
    let mut last = Step::none();
    for k in keys {
        last = screen.key(cx, *k);
    }
    last
}

fn typed(text: &str) -> Vec<Key> {
    text.chars().map(Key::Char).collect()
}

fn line(id: i32, name: &str, employer: &str) -> ApplicantLine {
    ApplicantLine {
        id,
        name: name.into(),
        employer: employer.into(),
        applied_title: "高级工程师".into(),
        specialty: "电气".into(),
        group: "第1组".into(),
        leads: vec![],
        score: None,
        my_vote: None,
        recused: false,
        i_am_lead: false,
        my_sheet: None,
        has_questions: true,
    }
}

fn list(mode: Mode) -> ApplicantsScreen {
    let mut s = ApplicantsScreen::new(1, "2026年工程系列".into(), Some(3), mode);
    let lines = vec![
        line(10, "王伟", "省电力公司"),
        line(11, "李娜", "市建设局"),
        line(12, "张敏", "省电力设计院"),
    ];
    let taken = s.take(Msg::ApplicantsLoaded {
        committee_id: 1,
        lines: Ok(lines),
    });
    assert!(matches!(taken, Ok(None)));
    s
}

fn status(step: &Step) -> &str {
    step.status.as_ref().map_or("", |(_, s)| s.as_str())
}

#[test]
fn the_list_filters_as_typed_and_votes_on_the_row_selected() {
    let who = member(&[Role::Expert]);
    let cx = cx(&who);
    let mut s = list(Mode::Expert);
    // A load for another committee is not the list's.
    assert!(
        s.take(Msg::ApplicantsLoaded {
            committee_id: 2,
            lines: Ok(vec![])
        })
        .is_err()
    );
    press(&mut s, &cx, &[Key::Char('/')]);
    assert!(s.typing(), "the filter takes the keys");
    // While the filter is typed, '1' is text, not a vote.
    let step = press(&mut s, &cx, &typed("电力"));
    assert!(step.effects.is_empty());
    // Down leaves the filter and moves: the second of the two rows left.
    press(&mut s, &cx, &[Key::Down]);
    assert!(!s.typing());
    let step = press(&mut s, &cx, &[Key::Char('2')]);
    assert_eq!(
        step.effects,
        vec![Effect::DraftVote {
            applicant_id: 12,
            choice: Choice::Reject
        }]
    );
    let step = press(&mut s, &cx, &[Key::Char('s')]);
    let confirm = step.confirm.expect("submitting asks first");
    assert_eq!(confirm.effect, Effect::SubmitVotes { committee_id: 1 });
    // Enter opens the file over the list, loading it.
    let step = press(&mut s, &cx, &[Key::Enter]);
    assert!(matches!(step.nav, Nav::Push(ref f) if f.name() == "file"));
    assert_eq!(
        step.effects,
        vec![Effect::LoadFile {
            committee_id: 1,
            applicant_id: 12
        }]
    );
    // Esc goes back to the home screen, which is read again.
    assert!(matches!(press(&mut s, &cx, &[Key::Esc]).nav, Nav::BackReload));
}

#[test]
fn panels_and_writing_keys_are_keys_only_for_who_has_them() {
    let expert = member(&[Role::Expert]);
    let mut s = list(Mode::Expert);
    // An expert has no director's panel and no leader's panel: the key says so.
    for k in ['d', 'g'] {
        let step = press(&mut s, &cx(&expert), &[Key::Char(k)]);
        assert!(matches!(step.nav, Nav::Stay));
        assert_eq!(status(&step), text::unbound_key(Lang::Zh, &k.to_string()));
    }
    // No score sheet in the expert mode; no opinion unless a lead reviewer.
    let step = press(&mut s, &cx(&expert), &[Key::Char('p')]);
    assert_eq!(status(&step), text::unbound_key(Lang::Zh, "p"));
    let step = press(&mut s, &cx(&expert), &[Key::Char('o')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::NotLeadReviewer));
    let leader = member(&[Role::Expert, Role::Leader]);
    let step = press(&mut s, &cx(&leader), &[Key::Char('g')]);
    assert!(matches!(step.nav, Nav::Push(ref b) if b.name() == "board"));
    assert_eq!(step.effects, vec![Effect::LoadBoard { group_id: 3 }]);
    // In a defense mode the score sheet opens over the list.
    let mut s = list(Mode::Lecture);
    let step = press(&mut s, &cx(&expert), &[Key::Char('p')]);
    assert!(matches!(step.nav, Nav::Push(ref f) if f.name() == "sheet"));
}

fn group_board() -> GroupBoard {
    let expert = |id: i32, name: &str| ExpertProgress {
        expert_id: id,
        name: name.into(),
        undrafted: 0,
        submitted: false,
        sheets_missing: 0,
    };
    GroupBoard {
        group_id: 3,
        group: "第1组".into(),
        phase: GroupPhase::Review,
        round: 1,
        experts: vec![expert(2, "韩国庆"), expert(4, "刘洋")],
        lines: vec![BoardLine {
            id: 10,
            name: "王伟".into(),
            leads: vec!["韩国庆".into()],
            lead_ids: vec![2],
            recused_ids: vec![],
            in_round: true,
            votes: vec![],
            tally: None,
            experts: 2,
            recused: 0,
            ballots: 0,
            base: 2,
            needed: 2,
            waiting_for: vec![],
            passes: None,
        }],
        scoring: false,
        gaps: Default::default(),
    }
}

#[test]
fn the_lead_picker_assigns_and_removes_lead_reviewers() {
    let leader = member(&[Role::Expert, Role::Leader]);
    let cx = cx(&leader);
    let mut b = BoardScreen::showing(1, group_board());
    press(&mut b, &cx, &[Key::Char('a')]);
    assert_eq!(b.mode(), 1, "the picker is open");
    // The first expert is a lead reviewer already: choosing them removes them.
    let step = press(&mut b, &cx, &[Key::Enter]);
    assert_eq!(
        step.effects,
        vec![Effect::AssignLead {
            applicant_id: 10,
            expert_id: 2,
            assign: false
        }]
    );
    let step = press(&mut b, &cx, &[Key::Char('a'), Key::Down, Key::Enter]);
    assert_eq!(
        step.effects,
        vec![Effect::AssignLead {
            applicant_id: 10,
            expert_id: 4,
            assign: true
        }]
    );
    // Esc closes the picker, not the panel; then it leaves the panel.
    let step = press(&mut b, &cx, &[Key::Char('a'), Key::Esc]);
    assert!(matches!(step.nav, Nav::Stay));
    assert_eq!(b.mode(), 0);
    assert!(matches!(press(&mut b, &cx, &[Key::Esc]).nav, Nav::Back));
    // While the group reviews, closing and the result are refused with where the
    // switch stands; opening asks first, naming who has not drafted everything.
    let step = press(&mut b, &cx, &[Key::Char('x')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchNotOpenYet));
    let step = press(&mut b, &cx, &[Key::Char('r')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchNotOpenYet));
    let mut board = group_board();
    board.experts[1].undrafted = 3;
    let mut b = BoardScreen::showing(1, board.clone());
    let confirm = press(&mut b, &cx, &[Key::Char('o')])
        .confirm
        .expect("opening asks first");
    assert_eq!(
        confirm.effect,
        Effect::OpenGroupSwitch {
            group_id: 3,
            override_scoring: false
        }
    );
    let text = confirm.text.unwrap();
    assert!(
        text.contains("刘洋(3)") && text.contains(tr(Lang::Zh, T::SwitchNoPause)),
        "{text}"
    );
    // What keeps the switch closed is refused before asking.
    board.gaps.without_lead = 2;
    let mut b = BoardScreen::showing(1, board.clone());
    let step = press(&mut b, &cx, &[Key::Char('o')]);
    assert!(step.confirm.is_none());
    assert_eq!(
        status(&step),
        text::refusal(Lang::Zh, &Refusal::LeadReviewersMissing { missing: 2 })
    );
    // While voting, closing asks first; opening again says it is open.
    board.phase = GroupPhase::Voting;
    let mut b = BoardScreen::showing(1, board);
    let step = press(&mut b, &cx, &[Key::Char('o')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchAlreadyOpen));
    let step = press(&mut b, &cx, &[Key::Char('x')]);
    assert_eq!(step.confirm.unwrap().effect, Effect::CloseGroupSwitch { group_id: 3 });
    let step = press(&mut b, &cx, &[Key::Char('r')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchStillOpen));
}

fn committee_board(stage: Stage, missing: u32) -> CommitteeBoard {
    CommitteeBoard {
        stage,
        round: 1,
        members: 25,
        checked_in: 20,
        quorum_needed: 17,
        quorum_met: true,
        voters: 20,
        undrafted: 0,
        missing_ballots: missing,
        absent: vec!["孙丽".into()],
        undrafted_names: vec![],
        missing_ballot_names: vec!["王芳".into(); missing as usize],
        lines: vec![],
    }
}

#[test]
fn the_director_closes_with_ballots_missing_only_with_a_reason() {
    let director = member(&[Role::Member, Role::Director]);
    let cx = cx(&director);
    let mut c = ChairScreen::open(1);
    let loaded = |board| Msg::CommitteeBoardLoaded {
        committee_id: 1,
        board: Box::new(Ok(board)),
    };
    assert!(matches!(
        c.take(loaded(committee_board(Stage::CommitteeVoting, 2))),
        Ok(None)
    ));
    // Opening again, or reporting while voting, says the switch is open.
    let step = press(c.as_mut(), &cx, &[Key::Char('o')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchAlreadyOpen));
    let step = press(c.as_mut(), &cx, &[Key::Char('r')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchStillOpen));
    let step = press(c.as_mut(), &cx, &[Key::Char('x')]);
    assert!(step.confirm.is_none(), "ballots are missing");
    assert!(!status(&step).is_empty());
    press(c.as_mut(), &cx, &[Key::Char('X')]);
    assert!(c.typing(), "the reason is typed");
    // An empty reason is refused; a reason typed is confirmed with it.
    let step = press(c.as_mut(), &cx, &[Key::Enter]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::ReasonNeeded));
    let mut keys = typed("两位委员离席");
    keys.push(Key::Enter);
    let step = press(c.as_mut(), &cx, &keys);
    let confirm = step.confirm.expect("asks before closing");
    assert_eq!(
        confirm.effect,
        Effect::CloseCommitteeSwitch {
            committee_id: 1,
            reason: Some("两位委员离席".into())
        }
    );
    assert!(c.confirm_text(&cx, &confirm).unwrap().contains("两位委员离席"));
    // With every ballot in, x asks to close without a reason.
    c.take(loaded(committee_board(Stage::CommitteeVoting, 0))).unwrap();
    let step = press(c.as_mut(), &cx, &[Key::Char('x')]);
    assert_eq!(
        step.confirm.unwrap().effect,
        Effect::CloseCommitteeSwitch {
            committee_id: 1,
            reason: None
        }
    );
}

fn sheet_view(points: Option<u32>) -> ScoreSheetView {
    ScoreSheetView {
        applicant_id: 10,
        name: "王伟".into(),
        mode: Mode::Lecture,
        items: vec![
            SheetItem {
                id: 1,
                name: "讲课内容".into(),
                max: 40,
                points,
            },
            SheetItem {
                id: 2,
                name: "答辩".into(),
                max: 60,
                points: None,
            },
        ],
        comment: String::new(),
        submitted: false,
    }
}

#[test]
fn a_score_sheet_refuses_a_score_over_the_maximum_at_the_field() {
    let expert = member(&[Role::Expert]);
    let cx = cx(&expert);
    let mut f = SheetScreen::new(1, 10, "王伟".into());
    // Until the sheet is in, only leaving works.
    assert!(press(&mut f, &cx, &typed("5")).effects.is_empty());
    let loaded = Msg::SheetLoaded {
        applicant_id: 10,
        sheet: Box::new(Ok(sheet_view(Some(30)))),
    };
    assert!(matches!(f.take(loaded), Ok(None)));
    // "30" is stored; typing "5" makes "305", over 40: refused at the field.
    let step = press(&mut f, &cx, &typed("5"));
    assert!(status(&step).contains("40"), "{}", status(&step));
    // Moving on is refused while the field holds it.
    let step = press(&mut f, &cx, &[Key::Tab]);
    assert!(step.effects.is_empty());
    // Two Backspaces and a "5": 35, valid; Tab saves it.
    press(&mut f, &cx, &[Key::Backspace, Key::Backspace]);
    let step = press(&mut f, &cx, &[Key::Char('5'), Key::Tab]);
    assert_eq!(
        step.effects,
        vec![Effect::SaveSheet {
            applicant_id: 10,
            points: vec![(1, 35)],
            comment: String::new()
        }]
    );
    // An invalid value is dropped on the way out, and the status line says so.
    let step = press(&mut f, &cx, &[Key::Char('9'), Key::Char('9'), Key::Esc]);
    assert!(matches!(step.nav, Nav::BackReload));
    assert!(step.effects.is_empty(), "nothing invalid is saved: {:?}", step.effects);
    assert_eq!(status(&step), super::sheet::invalid_score_discarded(Lang::Zh, "答辩"));
}

fn file(my_opinion: Option<&str>) -> ApplicantFile {
    ApplicantFile {
        group_result: None,
        applicant: ApplicantRow::default(),
        group: "第1组".into(),
        leads: vec![],
        questions: vec![],
        my_opinion: my_opinion.map(|o| LeadOpinion {
            name: "韩国庆".into(),
            opinion: o.into(),
            recommendation: Some(Choice::Approve),
        }),
        score: None,
        my_vote: None,
        recused: false,
    }
}

#[test]
fn an_opinion_is_not_dropped_without_a_second_esc() {
    let expert = member(&[Role::Expert]);
    let cx = cx(&expert);
    let mut o = OpinionScreen::new(1, 10, "王伟".into());
    let loaded = |f| Msg::FileLoaded {
        applicant_id: 10,
        file: Box::new(Ok(f)),
    };
    o.take(loaded(file(Some("业绩突出")))).unwrap();
    // Enter writes; the text typed is kept; Enter starts a new line; Ctrl-S saves it
    // with the recommendation.
    let mut keys = vec![Key::Enter];
    keys.extend(typed("。"));
    keys.push(Key::Enter);
    keys.extend(typed("建议通过"));
    keys.push(Key::Ctrl('s'));
    let step = press(&mut o, &cx, &keys);
    assert_eq!(
        step.effects,
        vec![Effect::WriteOpinion {
            applicant_id: 10,
            text: "业绩突出。\n建议通过".into(),
            recommendation: Choice::Approve
        }]
    );
    // Not saved yet as far as the screen knows (the file still holds the old text):
    // the first Esc warns, the second leaves.
    let step = press(&mut o, &cx, &[Key::Esc]);
    assert!(matches!(step.nav, Nav::Stay));
    assert_eq!(status(&step), tr(Lang::Zh, T::OpinionUnsaved));
    assert!(matches!(press(&mut o, &cx, &[Key::Esc]).nav, Nav::BackReload));
}

#[test]
fn only_lead_reviewers_change_questions_and_a_refused_one_keeps_its_text() {
    let expert = member(&[Role::Expert]);
    let cx = cx(&expert);
    let mut q = QuestionsScreen::new(1, 10, "王伟".into());
    let loaded = |f| Msg::FileLoaded {
        applicant_id: 10,
        file: Box::new(Ok(f)),
    };
    q.take(loaded(file(None))).unwrap();
    let step = press(&mut q, &cx, &[Key::Char('a')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::NotLeadReviewer));
    assert!(!q.typing());
    q.take(loaded(file(Some("意见")))).unwrap();
    let mut keys = vec![Key::Char('a')];
    keys.extend(typed("请介绍主要业绩"));
    keys.push(Key::Enter);
    keys.extend(typed("及本人作用"));
    keys.push(Key::F(2));
    let step = press(&mut q, &cx, &keys);
    assert_eq!(
        step.effects,
        vec![Effect::AddQuestion {
            applicant_id: 10,
            text: "请介绍主要业绩\n及本人作用".into()
        }]
    );
    // Refused: the editor stays open with the text; taken: it closes.
    q.action_done(&crate::tui::msg::ActionOutcome::Refused(Refusal::QuestionsLocked));
    assert!(q.typing());
    press(&mut q, &cx, &[Key::Ctrl('s')]);
    q.action_done(&crate::tui::msg::ActionOutcome::Done(T::QuestionSaved));
    assert!(!q.typing());
}

#[test]
fn a_leader_opens_a_revote_for_chosen_applicants_with_a_reason() {
    let leader = member(&[Role::Expert, Role::Leader]);
    let cx = cx(&leader);
    let mut board = group_board();
    board.lines.push(BoardLine {
        id: 11,
        name: "李娜".into(),
        ..board.lines[0].clone()
    });
    // While the group reviews, a re-vote is refused with where the switch stands.
    let mut b = BoardScreen::showing(1, board.clone());
    let step = press(&mut b, &cx, &[Key::Char('v')]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::SwitchNotOpenYet));
    board.phase = GroupPhase::Deliberation;
    let mut b = BoardScreen::showing(1, board);
    press(&mut b, &cx, &[Key::Char('v')]);
    assert_eq!(b.mode(), 2, "the re-vote picker is open");
    // Nothing chosen: Enter says so and stays.
    let step = press(&mut b, &cx, &[Key::Enter]);
    assert_eq!(status(&step), tr(Lang::Zh, T::RevoteNoneChosen));
    // The second applicant chosen, then the reason typed (every key is text now).
    press(&mut b, &cx, &[Key::Down, Key::Char(' '), Key::Enter]);
    assert!(b.typing());
    let step = press(&mut b, &cx, &[Key::Enter]);
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::ReasonNeeded));
    let mut keys = typed("票数接近，组员 q 申请复议");
    keys.push(Key::Enter);
    let step = press(&mut b, &cx, &keys);
    let confirm = step.confirm.expect("a re-vote asks first");
    assert_eq!(
        confirm.effect,
        Effect::GroupRevote {
            group_id: 3,
            applicant_ids: vec![11],
            reason: "票数接近，组员 q 申请复议".into()
        }
    );
    let text = confirm.text.expect("the confirmation names who and why");
    assert!(
        text.contains("第 2 轮") && text.contains("李娜") && !text.contains("王伟"),
        "{text}"
    );
    assert!(text.contains("票数接近"), "{text}");
    assert_eq!(b.mode(), 0, "the picker closed");
    // Esc on the picker closes it without leaving the panel.
    press(&mut b, &cx, &[Key::Char('v')]);
    assert!(matches!(press(&mut b, &cx, &[Key::Esc]).nav, Nav::Stay));
    assert_eq!(b.mode(), 0);
}

#[test]
fn a_director_opens_a_committee_revote_only_after_voting_closed() {
    let director = member(&[Role::Member, Role::Director]);
    let cx = cx(&director);
    let mut c = ChairScreen::open(1);
    let mut board = committee_board(Stage::CommitteeVoting, 0);
    board.lines = vec![crate::service::screens::CommitteeLine {
        id: 10,
        name: "王伟".into(),
        group: "第1组".into(),
        attending: 20,
        recused: 0,
        ballots: 20,
        needed: 14,
        result: None,
        in_round: true,
    }];
    let loaded = |board| Msg::CommitteeBoardLoaded {
        committee_id: 1,
        board: Box::new(Ok(board)),
    };
    c.take(loaded(board.clone())).unwrap();
    let step = press(c.as_mut(), &cx, &[Key::Char('v')]);
    assert!(!status(&step).is_empty(), "not while the committee votes");
    board.stage = Stage::Report;
    c.take(loaded(board)).unwrap();
    let mut keys = vec![Key::Char('v'), Key::Char(' '), Key::Enter];
    keys.extend(typed("评委对业绩认定有异议"));
    keys.push(Key::Enter);
    let step = press(c.as_mut(), &cx, &keys);
    assert_eq!(
        step.confirm.unwrap().effect,
        Effect::CommitteeRevote {
            committee_id: 1,
            applicant_ids: vec![10],
            reason: "评委对业绩认定有异议".into()
        }
    );
}

#[test]
fn the_committee_switch_opens_after_a_confirmation_with_the_check_ins() {
    let director = member(&[Role::Member, Role::Director]);
    let cx = cx(&director);
    let mut c = ChairScreen::open(1);
    let mut board = committee_board(Stage::CommitteeReview, 0);
    board.undrafted = 4;
    c.take(Msg::CommitteeBoardLoaded {
        committee_id: 1,
        board: Box::new(Ok(board.clone())),
    })
    .unwrap();
    let confirm = press(c.as_mut(), &cx, &[Key::Char('o')]).confirm.expect("asks first");
    assert_eq!(confirm.effect, Effect::OpenCommitteeSwitch { committee_id: 1 });
    let text = confirm.text.unwrap();
    assert!(text.contains("已签到 20 / 25 名评委（法定人数 17 名）"), "{text}");
    assert!(text.contains("4 名已签到评委尚未完成拟投票"), "{text}");
    // Without the quorum it is refused before asking, as the engine would.
    board.quorum_met = false;
    board.checked_in = 10;
    c.take(Msg::CommitteeBoardLoaded {
        committee_id: 1,
        board: Box::new(Ok(board)),
    })
    .unwrap();
    let step = press(c.as_mut(), &cx, &[Key::Char('o')]);
    assert_eq!(
        status(&step),
        text::refusal(
            Lang::Zh,
            &Refusal::QuorumNotMet {
                checked_in: 10,
                needed: 17,
                members: 25
            }
        )
    );
    // A reporter has no switch to open.
    let reporter = member(&[Role::Reporter]);
    let step = press(c.as_mut(), &super::tests::cx(&reporter), &[Key::Char('o')]);
    assert_eq!(
        status(&step),
        text::refusal(Lang::Zh, &Refusal::RoleRequired(Role::Director))
    );
}

#[test]
fn a_recused_expert_stays_out_of_the_file_and_the_lead_picker_says_who_is_recused() {
    let expert = member(&[Role::Expert]);
    let mut s = ApplicantsScreen::new(1, "c".into(), Some(3), Mode::Interview);
    let mut recused = line(10, "王伟", "省电力公司");
    recused.recused = true;
    s.take(Msg::ApplicantsLoaded {
        committee_id: 1,
        lines: Ok(vec![recused]),
    })
    .unwrap();
    for k in [Key::Enter, Key::Char('i'), Key::Char('o')] {
        let step = press(&mut s, &cx(&expert), &[k]);
        assert!(matches!(step.nav, Nav::Stay), "{k:?}");
        assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::Recused), "{k:?}");
    }
    let leader = member(&[Role::Expert, Role::Leader]);
    let mut board = group_board();
    board.lines[0].recused_ids = vec![4];
    let mut b = BoardScreen::showing(1, board);
    let step = press(&mut b, &cx(&leader), &[Key::Char('a'), Key::Down, Key::Enter]);
    assert!(step.effects.is_empty());
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::TargetRecused));
}

#[test]
fn an_opening_confirmation_stays_one_screen_in_a_large_group() {
    let leader = member(&[Role::Expert, Role::Leader]);
    let mut board = group_board();
    board.experts = (0..1500)
        .map(|i| ExpertProgress {
            expert_id: i,
            name: format!("e{i}"),
            undrafted: 5,
            submitted: false,
            sheets_missing: 0,
        })
        .collect();
    let mut b = BoardScreen::showing(1, board);
    let text = press(&mut b, &cx(&leader), &[Key::Char('o')])
        .confirm
        .unwrap()
        .text
        .unwrap();
    assert!(
        text.contains("1,500 名专家") && text.contains("e5(5) 等，另有 1,494 名"),
        "{text}"
    );
    assert!(!text.contains("e6(5)"), "{text}");
    assert!(text.ends_with(tr(Lang::Zh, T::SwitchNoPause)));
}

#[test]
fn a_revote_offers_only_the_rounds_applicants_and_only_to_a_director() {
    let leader = member(&[Role::Expert, Role::Leader]);
    let mut board = group_board();
    board.phase = GroupPhase::Deliberation;
    board.lines.push(BoardLine {
        id: 11,
        name: "李娜".into(),
        ..board.lines[0].clone()
    });
    // 王伟 was decided in an earlier round: not offered.
    board.lines[0].in_round = false;
    let mut b = BoardScreen::showing(1, board);
    let mut keys = vec![Key::Char('v'), Key::Char(' '), Key::Enter];
    keys.extend(typed("复议"));
    keys.push(Key::Enter);
    let step = press(&mut b, &cx(&leader), &keys);
    assert!(matches!(
        step.confirm.unwrap().effect,
        Effect::GroupRevote { ref applicant_ids, .. } if applicant_ids == &vec![11]
    ));
    // The office sees the director's panel but opens no re-vote.
    let office = Identity::office();
    let mut c = ChairScreen::open(1);
    c.take(Msg::CommitteeBoardLoaded {
        committee_id: 1,
        board: Box::new(Ok(committee_board(Stage::Report, 0))),
    })
    .unwrap();
    let step = press(c.as_mut(), &cx(&office), &[Key::Char('v')]);
    assert_eq!(
        status(&step),
        text::refusal(Lang::Zh, &Refusal::RoleRequired(Role::Director))
    );
}

#[test]
fn each_role_is_offered_its_own_keys_and_no_others() {
    use crate::tui::keymap::Cmd;
    let cmds = |b: Vec<crate::tui::keymap::Binding>| b.iter().map(|b| b.cmd).collect::<Vec<_>>();
    // A reporter (nothing else) and the office read the list: no vote keys; the
    // reporter's own panel key is on the bottom line.
    let reporter = member(&[Role::Reporter]);
    let mut l = list(Mode::Expert);
    let footer = cmds(l.footer(&cx(&reporter)));
    assert!(
        !footer.contains(&Cmd::Vote) && !footer.contains(&Cmd::Submit),
        "{footer:?}"
    );
    assert!(footer.contains(&Cmd::ChairPanel), "{footer:?}");
    let step = press(&mut l, &cx(&reporter), &[Key::Char('1')]);
    assert!(step.effects.is_empty(), "no draft vote: {:?}", step.effects);
    assert_eq!(status(&step), text::unbound_key(Lang::Zh, "1"));
    // A leader sees `g`; an expert votes.
    let leader = member(&[Role::Leader, Role::Expert, Role::Member]);
    assert!(cmds(l.footer(&cx(&leader))).contains(&Cmd::GroupPanel));
    let expert = member(&[Role::Expert, Role::Member]);
    let footer = cmds(l.footer(&cx(&expert)));
    assert!(
        footer.contains(&Cmd::Vote) && !footer.contains(&Cmd::GroupPanel),
        "{footer:?}"
    );
    // The interview mode: no score sheet before the applicant has questions.
    let mut l = ApplicantsScreen::new(1, "面试".into(), Some(3), Mode::Interview);
    let mut no_questions = line(10, "王伟", "省电力公司");
    no_questions.has_questions = false;
    l.take(Msg::ApplicantsLoaded {
        committee_id: 1,
        lines: Ok(vec![no_questions]),
    })
    .unwrap();
    let step = press(&mut l, &cx(&expert), &[Key::Char('p')]);
    assert!(matches!(step.nav, crate::tui::screen::Nav::Stay));
    assert_eq!(status(&step), text::refusal(Lang::Zh, &Refusal::NoQuestionsYet));
}

mod office;
