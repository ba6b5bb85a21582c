//! Every screen drawn into ratatui's `TestBackend` at 80x24 in both languages and
//! checked against its stored snapshot (`tests/snapshots/`, reviewed with
//! `cargo insta review`), plus key sequences on the screens. No SSH: the application
//! runs against the real service on a copy of the demo database, each effect carried
//! out by the same `effects::perform` the sessions use, and live events delivered
//! as a session would hear them. Waits on nothing: every step runs to quiet.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pingshen::domain::{Choice, Lang};
use pingshen::service::screens::MyVote;
use pingshen::service::{Identity, Service};
use pingshen::tui::app::Msg;
use pingshen::tui::{Input, Key};
use support::driver::Driver;

/// The demo database, built once for the whole file.
fn template() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(dir.path(), Default::default()).unwrap();
        service.create_operator("operator", "demo").unwrap();
        pingshen::admin::demo::build(&service, "demo").unwrap();
        let copy = dir.path().join("template.db");
        let db = dir.path().join(pingshen::service::storage::DATABASE_FILE);
        pingshen::service::storage::backup_database(&db, &copy).unwrap();
        (dir, copy)
    })
    .1
}

/// A fresh copy of the demo for one test.
struct Demo {
    _dir: tempfile::TempDir,
    service: Service,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(template(), dir.path().join(pingshen::service::storage::DATABASE_FILE)).unwrap();
    let service = Service::open(dir.path(), Default::default()).unwrap();
    Demo { _dir: dir, service }
}

impl Demo {
    fn who(&self, username: &str) -> Identity {
        self.service.identity_by_username(username).unwrap().unwrap()
    }

    /// `username`'s session in `lang`, its first screen loaded.
    fn session(&self, username: &str, lang: Lang) -> Driver {
        let mut who = self.who(username);
        who.lang = lang;
        Driver::start(&self.service, who, 80, 24)
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

macro_rules! snap {
    ($name:expr, $lang:expr, $driver:expr) => {
        insta::assert_snapshot!(format!("{}_{}", $name, lang_name($lang)), $driver.screen());
    };
}

#[test]
fn an_experts_screens() {
    let demo = demo();
    for lang in LANGS {
        let mut s = demo.session("c1-g1-e1", lang);
        snap!("home_expert", lang, s);
        s.key(Key::Enter);
        snap!("applicant_list", lang, s);
        s.key(Key::Char('?'));
        snap!("help_list", lang, s);
        s.key(Key::Esc).key(Key::Char('s'));
        snap!("confirm_submit", lang, s);
        s.key(Key::Char('n')).key(Key::Enter);
        snap!("applicant_file", lang, s);
        s.key(Key::Char('q')).key(Key::Char('/')).type_text("zz");
        snap!("list_filter_nothing", lang, s);
    }
}

#[test]
fn drafting_and_submitting_from_the_list() {
    let demo = demo();
    let mut s = demo.session("c1-g1-e2", Lang::Zh);
    s.key(Key::Enter);
    // Draft every applicant: 1, 2, 3, ...; each vote moves on to the next applicant
    // without one, so no Down is needed.
    let n = demo
        .service
        .applicant_lines(&s.who, s.who.committee_id.unwrap())
        .unwrap()
        .len();
    for i in 0..n {
        let k = ['1', '2', '3'][i % 3];
        s.key(Key::Char(k));
    }
    snap!("list_drafted", Lang::Zh, s);
    let lines = demo
        .service
        .applicant_lines(&s.who, s.who.committee_id.unwrap())
        .unwrap();
    assert!(lines.iter().all(|l| l.my_vote.is_some()), "every applicant drafted");
    // The switch is closed: submitting is refused, nothing changes.
    s.keys(&[Key::Char('s'), Key::Char('y')]);
    snap!("submit_refused", Lang::Zh, s);
    let lines = demo
        .service
        .applicant_lines(&s.who, s.who.committee_id.unwrap())
        .unwrap();
    assert!(lines.iter().all(|l| matches!(l.my_vote, Some(MyVote::Draft(_)))));
}

#[test]
fn a_leaders_panel_and_the_lead_picker() {
    let demo = demo();
    for lang in LANGS {
        let mut s = demo.session("c1-g1-leader", lang);
        s.keys(&[Key::Enter, Key::Char('g')]);
        snap!("group_panel", lang, s);
        s.key(Key::Char('a'));
        snap!("lead_picker", lang, s);
        // Closing a switch not yet open is refused with where it stands.
        s.key(Key::Esc).key(Key::Char('x'));
        snap!("close_group_not_open", lang, s);
        // Opening with applicants lacking a lead reviewer is refused before asking.
        s.key(Key::Char('o'));
        snap!("open_group_refused", lang, s);
    }
    // Picking a lead reviewer assigns one; the panel shows it at once.
    let mut s = demo.session("c1-g1-leader", Lang::Zh);
    s.keys(&[Key::Enter, Key::Char('g'), Key::Char('a'), Key::Down, Key::Enter]);
    snap!("group_panel_lead_assigned", Lang::Zh, s);
    let board = demo.service.group_board(&s.who, s.who_group()).unwrap();
    assert_eq!(board.lines[0].lead_ids.len(), 1, "one lead reviewer now");
}

#[test]
fn the_chairs_panels() {
    let demo = demo();
    for lang in LANGS {
        let mut s = demo.session("c1-director", lang);
        s.keys(&[Key::Enter, Key::Char('d')]);
        snap!("committee_panel", lang, s);
        let mut r = demo.session("c1-reporter", lang);
        r.keys(&[Key::Enter, Key::Char('d')]);
        snap!("reporter_page", lang, r);
        // Reporting before voting is refused in words at once, and nothing changes.
        r.keys(&[Key::Char('r')]);
        snap!("report_refused", lang, r);
    }
    assert_eq!(
        demo.service
            .stage(demo.who("c1-director").committee_id.unwrap())
            .unwrap(),
        pingshen::domain::Stage::Groups
    );
}

/// The first group of committee 1 voted and in deliberation: every applicant with a
/// lead reviewer, every expert's votes submitted, the switch closed.
fn group_in_deliberation(demo: &Demo) -> i32 {
    let (group, board) = leads_assigned(demo);
    let leader = demo.who("c1-g1-leader");
    demo.service.open_group_switch(&leader, group, false).unwrap();
    for name in ["c1-g1-leader", "c1-g1-e1", "c1-g1-e2", "c1-g1-e3", "c1-g1-e4"] {
        let e = demo.who(name);
        for l in &board.lines {
            let _ = demo
                .service
                .draft_group_vote(&e, l.id, pingshen::domain::Choice::Approve);
        }
        demo.service.submit_group_votes(&e, group).unwrap();
    }
    demo.service.close_group_switch(&leader, group).unwrap();
    group
}

/// The first group of committee 1 with a lead reviewer for every applicant.
fn leads_assigned(demo: &Demo) -> (i32, pingshen::service::screens::GroupBoard) {
    let leader = demo.who("c1-g1-leader");
    let group = e1_group(demo, &leader);
    let board = demo.service.group_board(&leader, group).unwrap();
    let e1 = demo.who("c1-g1-e1");
    for l in &board.lines {
        let lead = if l.name == board.lines[0].name { &leader } else { &e1 };
        // A recused expert cannot be lead: the other one is.
        if demo
            .service
            .assign_lead_reviewer(&leader, l.id, lead.expert_id.unwrap())
            .is_err()
        {
            let other = if lead.account_id == leader.account_id {
                &e1
            } else {
                &leader
            };
            demo.service
                .assign_lead_reviewer(&leader, l.id, other.expert_id.unwrap())
                .unwrap();
        }
    }
    (group, board)
}

#[test]
fn opening_a_switch_says_what_is_still_missing() {
    let demo = demo();
    let (group, board) = leads_assigned(&demo);
    // One expert drafts one applicant: the others have drafted nothing.
    let e1 = demo.who("c1-g1-e1");
    demo.service
        .draft_group_vote(&e1, board.lines[1].id, pingshen::domain::Choice::Approve)
        .unwrap();
    for lang in LANGS {
        let mut s = demo.session("c1-g1-leader", lang);
        s.keys(&[Key::Enter, Key::Char('g'), Key::Char('o')]);
        snap!("open_group_confirm", lang, s);
        s.key(Key::Char('n'));
    }
    let leader = demo.who("c1-g1-leader");
    let phase = |demo: &Demo| demo.service.group_board(&leader, group).unwrap().phase;
    assert_eq!(phase(&demo), pingshen::domain::GroupPhase::Review, "no means no");
    let mut s = demo.session("c1-g1-leader", Lang::Zh);
    s.keys(&[Key::Enter, Key::Char('g'), Key::Char('o'), Key::Char('y')]);
    assert_eq!(phase(&demo), pingshen::domain::GroupPhase::Voting);
    // Opening again says it is open.
    s.key(Key::Char('o'));
    snap!("open_group_again", Lang::Zh, s);
}

#[test]
fn a_revote_from_the_group_panel() {
    let demo = demo();
    let group = group_in_deliberation(&demo);
    for lang in LANGS {
        let mut s = demo.session("c1-g1-leader", lang);
        s.keys(&[Key::Enter, Key::Char('g'), Key::Char('v'), Key::Down, Key::Char(' ')]);
        snap!("revote_picker", lang, s);
        s.key(Key::Enter).type_text("两名专家对业绩认定有异议");
        snap!("revote_reason", lang, s);
        s.key(Key::Enter);
        snap!("revote_confirm", lang, s);
        // No: nothing changes.
        s.key(Key::Char('n'));
    }
    let leader = demo.who("c1-g1-leader");
    assert_eq!(demo.service.group_board(&leader, group).unwrap().round, 1);
    let mut s = demo.session("c1-g1-leader", Lang::Zh);
    s.keys(&[
        Key::Enter,
        Key::Char('g'),
        Key::Char('v'),
        Key::Down,
        Key::Char(' '),
        Key::Enter,
    ]);
    s.type_text("两名专家对业绩认定有异议")
        .keys(&[Key::Enter, Key::Char('y')]);
    snap!("revote_opened", Lang::Zh, s);
    let board = demo.service.group_board(&leader, group).unwrap();
    assert_eq!((board.round, board.phase), (2, pingshen::domain::GroupPhase::Voting));
    // The expert's list and to-dos show the new round.
    let mut e = demo.session("c1-g1-e2", Lang::Zh);
    snap!("revote_expert_home", Lang::Zh, e);
    e.key(Key::Enter);
    snap!("revote_expert_list", Lang::Zh, e);
}

#[test]
fn score_sheet_opinion_and_questions() {
    let demo = demo();
    // The leader of each defense committee's first group makes e1 the lead reviewer
    // of the first applicant.
    for c in ["c2", "c3"] {
        let leader = demo.who(&format!("{c}-g1-leader"));
        let e1 = demo.who(&format!("{c}-g1-e1"));
        let board = demo.service.group_board(&leader, e1_group(&demo, &e1)).unwrap();
        demo.service
            .assign_lead_reviewer(&leader, board.lines[0].id, e1.expert_id.unwrap())
            .unwrap();
    }
    for lang in LANGS {
        let mut s = demo.session("c2-g1-e1", lang);
        s.keys(&[Key::Enter, Key::Char('p')]);
        snap!("score_sheet", lang, s);
        s.type_text("35").key(Key::Tab).type_text("99");
        s.key(Key::Tab);
        snap!("score_sheet_out_of_range", lang, s);
        let mut o = demo.session("c2-g1-e1", lang);
        o.keys(&[Key::Enter, Key::Char('o')]);
        snap!("opinion", lang, o);
        let mut q = demo.session("c3-g1-e1", lang);
        q.keys(&[Key::Enter, Key::Char('i')]);
        snap!("questions", lang, q);
    }
    // Typing a question and saving it: the screen lists it, the service has it.
    let mut q = demo.session("c3-g1-e1", Lang::Zh);
    q.keys(&[Key::Enter, Key::Char('i'), Key::Char('a')]);
    q.type_text("请介绍一个你主持的项目。").key(Key::Ctrl('s'));
    snap!("questions_added", Lang::Zh, q);
    let who = demo.who("c3-g1-e1");
    let first = demo.service.applicant_lines(&who, who.committee_id.unwrap()).unwrap()[0].id;
    let file = demo
        .service
        .applicant_file(&who, who.committee_id.unwrap(), first)
        .unwrap();
    assert_eq!(file.questions.len(), 1);
}

#[test]
fn the_offices_screens() {
    let demo = demo();
    for lang in LANGS {
        let mut s = demo.session("operator", lang);
        snap!("home_office", lang, s);
        s.key(Key::Enter);
        snap!("office_progress", lang, s);
        // The experts and their accounts; resetting one asks first, naming the person.
        s.key(Key::Char('p'));
        snap!("office_people", lang, s);
        s.key(Key::Char('r'));
        snap!("office_reset_confirm", lang, s);
        s.key(Key::Esc).key(Key::Esc).key(Key::Esc).key(Key::Char('b'));
        snap!("login_limits", lang, s);
    }
    // A reset from the screen: the expert gets a new password (same username) on a slip
    // in exports/, nobody else's account changes.
    let mut s = demo.session("operator", Lang::Zh);
    s.key(Key::Enter).key(Key::Char('p'));
    let before = demo.service.identity_by_username("c1-g1-e2").unwrap();
    assert!(before.is_some());
    s.key(Key::Char('j')).key(Key::Char('r')).key(Key::Char('y'));
    let shown = s.screen();
    assert!(shown.contains("已重置 "), "{shown}");
    assert!(shown.contains("exports/committee-1-account-"), "{shown}");
    assert!(demo.service.identity_by_username("c1-g1-leader").unwrap().is_some());
}

#[test]
fn notices_and_a_small_terminal() {
    let demo = demo();
    for lang in LANGS {
        let mut s = demo.session("c1-g1-e1", lang);
        s.app.update(Msg::IdleWarning(Some(42)));
        snap!("idle_warning", lang, s);
        // Any key answers the warning and does nothing else.
        s.key(Key::Char('q'));
        assert!(!s.app.is_quitting());
        s.app.update(Msg::Input(Input::Resize(60, 20)));
        s.terminal.backend_mut().resize(60, 20);
        snap!("too_small", lang, s);
    }
}

#[test]
fn a_key_a_screen_has_no_use_for_says_so() {
    let demo = demo();
    let mut s = demo.session("c1-g1-e1", Lang::En);
    s.key(Key::Char('z'));
    let screen = s.screen();
    assert!(screen.lines().last().unwrap().contains('z'), "{screen}");
    // Draft, then the language: the session keeps working in Chinese, and remembers it.
    s.key(Key::Enter).key(Key::Char('1')).key(Key::Char('L'));
    assert_eq!(s.app.lang(), Lang::Zh);
    assert_eq!(demo.who("c1-g1-e1").lang, Lang::Zh);
    let cid = s.who.committee_id.unwrap();
    let first = demo.service.applicant_lines(&s.who, cid).unwrap()[0].clone();
    assert_eq!(first.my_vote, Some(MyVote::Draft(Choice::Approve)));
}

fn e1_group(demo: &Demo, who: &Identity) -> i32 {
    demo.service
        .home(who)
        .unwrap()
        .cards
        .first()
        .and_then(|c| c.group_id)
        .unwrap()
}

impl Driver {
    fn who_group(&self) -> i32 {
        self.service
            .home(&self.who)
            .unwrap()
            .cards
            .first()
            .and_then(|c| c.group_id)
            .unwrap()
    }
}

#[test]
fn the_offices_setup_screens() {
    let demo = demo();
    let inbox = demo._dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let write = |name: &str, body: &str| {
        let path = inbox.join(name);
        std::fs::write(&path, body).unwrap();
        // A fixed time, so that the listing draws the same every run.
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_720_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(at)
            .unwrap();
    };
    write(
        "experts.csv",
        "姓名,工作单位,专业,专业组,角色\n林磊,郑州大学,建筑,建筑组,组长\n韩国庆,河南大学,建筑,建筑组,专家\n赵敏,省建设厅,建筑,,主任\n",
    );
    write(
        "bad.csv",
        "姓名,性别,工作单位,现职称,申报职称,专业,专业组,学历,工作年限\n张伟,X,某设计院,工程师,高级工程师,建筑,建筑组,硕士,很多\n",
    );
    for (k, lang) in LANGS.into_iter().enumerate() {
        let mut s = demo.session("operator", lang);
        s.key(Key::Char('n'));
        s.type_text(["新评委会", "New committee"][k]).key(Key::Tab);
        snap!("office_new_committee", lang, s);
        s.key(Key::Enter).key(Key::Char('x'));
        // The demo has three committees; the new one is the last.
        s.keys(&[Key::Down; 3 + 1][..3 + k]).key(Key::Enter);
        snap!("office_setup_checklist", lang, s);
        s.key(Key::Char('i'));
        snap!("office_inbox", lang, s);
        s.key(Key::Char('a'));
        snap!("office_import_rejected", lang, s);
        s.key(Key::Down).key(Key::Char('e'));
        snap!("office_import_done", lang, s);
        s.key(Key::Esc);
        snap!("office_setup_after_import", lang, s);
        s.key(Key::Char('t'));
        snap!("office_settings", lang, s);
        s.keys(&[Key::Down, Key::Enter]);
        snap!("office_settings_editing", lang, s);
        s.keys(&[Key::Esc, Key::Esc, Key::Char('v')]);
        snap!("office_recusals", lang, s);
        s.key(Key::Char('a'));
        snap!("office_recusal_pick", lang, s);
    }
}

#[test]
fn the_leaders_bulk_assignment_of_lead_reviewers() {
    let demo = demo();
    for lang in LANGS {
        let mut s = demo.session("c1-g1-leader", lang);
        s.keys(&[Key::Enter, Key::Char('g'), Key::Char('A')]);
        snap!("leads_proposal", lang, s);
        s.key(Key::Enter);
        snap!("leads_row_picker", lang, s);
        // A recused expert cannot be picked: the picker says so and changes nothing.
        s.keys(&[Key::Esc, Key::Char('+')]);
        snap!("leads_two_each", lang, s);
        s.keys(&[Key::Char('-'), Key::Char('s')]);
        snap!("leads_confirm", lang, s);
        s.key(Key::Esc).key(Key::Esc);
    }
    let mut s = demo.session("c1-g1-leader", Lang::Zh);
    s.keys(&[
        Key::Enter,
        Key::Char('g'),
        Key::Char('A'),
        Key::Char('s'),
        Key::Char('y'),
    ]);
    assert!(s.screen().contains("主审已分配"), "{}", s.screen());
    let leader = demo.who("c1-g1-leader");
    let lines = demo
        .service
        .applicant_lines(&leader, leader.committee_id.unwrap())
        .unwrap();
    assert!(lines.iter().all(|l| l.leads.len() == 1), "{lines:?}");
    // Nothing left to propose: saying so instead of an empty confirmation.
    s.keys(&[Key::Char('x'), Key::Char('A'), Key::Char('s')]);
    assert!(s.screen().contains("没有要分配的"), "{}", s.screen());
}

#[test]
fn sorting_the_list_and_a_wide_terminal() {
    let demo = demo();
    for lang in LANGS {
        let mut who = demo.who("c1-g1-e1");
        who.lang = lang;
        let mut s = Driver::start(&demo.service, who.clone(), 130, 24);
        s.key(Key::Enter);
        // Wide: the specialty column, and the selected applicant's summary beside.
        snap!("list_wide", lang, s);
        // Tab sorts by name; the selection stays on the same applicant.
        let before = s.screen();
        let selected = before.lines().find(|l| l.contains("> ")).unwrap().to_string();
        let name = selected.split_whitespace().nth(1).unwrap().to_string();
        s.key(Key::Tab);
        snap!("list_by_name", lang, s);
        let after = s.screen();
        assert!(
            after.lines().any(|l| l.contains("> ") && l.contains(&name)),
            "{name}:\n{after}"
        );
        // By my vote: a draft moves its row, and the selection follows the applicant
        // voted next (the one without a vote).
        s.keys(&[Key::Tab, Key::Tab, Key::Tab]);
        assert!(
            s.screen()
                .contains(lang_text(lang, "按我的投票排序", "sorted by My vote")),
            "{}",
            s.screen()
        );
        s.key(Key::Char('1'));
        let shown = s.screen();
        let rows: Vec<&str> = shown
            .lines()
            .filter(|l| l.starts_with("│") && l.contains("高级"))
            .collect();
        assert!(
            rows.last().unwrap().contains(lang_text(lang, "拟通过", "approve")),
            "{shown}"
        );
    }
}

fn lang_text(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
