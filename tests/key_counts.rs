//! The keys each role's task takes (issue 20, point 7), replayed on the real screens
//! (no SSH: `support::driver`, every effect the sessions' own): a leader's balanced
//! assignment of lead reviewers and an expert's draft votes and submission, for a group
//! of 16 and of 60 applicants, each from the home screen. The figures are printed
//! (`cargo test --test key_counts -- --nocapture`) and are in the README; the targets
//! are asserted: at most 6 keys for the leader, at most 20 for the expert's 16.

mod support;

use pingshen::domain::Mode;
use pingshen::service::Service;
use pingshen::service::screens::MyVote;
use pingshen::tui::Key;
use support::driver::Driver;
use support::fixture::{self, Size};

/// Leader's keys and expert's keys for a group of `applicants`.
fn replay(applicants: usize) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(dir.path(), Default::default()).unwrap();
    let size = Size {
        groups: 1,
        experts_per_group: 5,
        other_members: 1,
        applicants_per_group: applicants,
    };
    let fx = fixture::build(&service, "kc", Mode::Expert, &size);
    fixture::start(&service, &fx);
    let g = &fx.groups[0];

    // The leader: the list, the panel, the proposal, confirm, yes.
    let mut leader = Driver::start(&service, g.leader.clone(), 100, 30);
    leader.keys(&[
        Key::Enter,
        Key::Char('g'),
        Key::Char('A'),
        Key::Char('s'),
        Key::Char('y'),
    ]);
    let shown = leader.screen();
    assert!(shown.contains("已分配"), "{shown}");
    let board = service.group_board(&g.leader, g.id).unwrap();
    assert!(
        board.lines.iter().all(|l| l.lead_ids.len() == 1),
        "every applicant has a lead"
    );
    let mut loads: Vec<usize> = g
        .experts
        .iter()
        .map(|e| {
            board
                .lines
                .iter()
                .filter(|l| l.lead_ids.contains(&e.expert_id.unwrap()))
                .count()
        })
        .collect();
    loads.sort();
    assert!(loads[loads.len() - 1] - loads[0] <= 1, "even: {loads:?}");
    let leader_keys = leader.keys;

    service.open_group_switch(&g.leader, g.id, false).unwrap();
    // An expert: the list, one key a vote, submit, yes.
    let expert = &g.experts[1];
    let mut e = Driver::start(&service, expert.clone(), 100, 30);
    e.key(Key::Enter);
    for k in 0..applicants {
        e.key(Key::Char(['1', '2', '3'][k % 3]));
    }
    e.keys(&[Key::Char('s'), Key::Char('y')]);
    let lines = service.applicant_lines(expert, fx.committee_id).unwrap();
    assert!(
        lines.iter().all(|l| matches!(l.my_vote, Some(MyVote::Submitted(_)))),
        "every vote submitted: {}",
        e.screen()
    );
    (leader_keys, e.keys)
}

#[test]
fn a_leader_and_an_expert_finish_their_tasks_in_a_handful_of_keys() {
    for applicants in [16, 60] {
        let (leader, expert) = replay(applicants);
        println!(
            "{applicants} applicants: leader's balanced assignment {leader} keys, expert's votes and submission {expert} keys"
        );
        assert!(leader <= 6, "{leader}");
        if applicants == 16 {
            assert!(expert <= 20, "{expert}");
        }
        assert_eq!(expert, applicants + 3, "one key a vote, plus Enter, s and y");
    }
}

/// The same bulk assignment over real SSH, as the leader sees it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_assigns_balanced_lead_reviewers_over_ssh() {
    use support::{DEMO_PASSWORD, TestServer};
    let server = TestServer::demo().await;
    let t = server
        .login_sized("c1-g1-leader", DEMO_PASSWORD, 100, 30)
        .await
        .unwrap();
    t.wait_home().await;
    t.press(b"\r").await;
    t.wait_for("参评人员").await;
    t.press(b"g").await;
    t.wait_for("A 批量分配").await;
    t.press(b"A").await;
    let shown = t.wait_for("分配后负担").await;
    assert!(shown.contains("拟分配主审"), "{shown}");
    t.press(b"s").await;
    t.wait_for("项主审分配").await;
    t.press(b"y").await;
    t.wait_for("主审已分配").await;
    let who = server.service.identity_by_username("c1-g1-leader").unwrap().unwrap();
    let group = who.committee_id.unwrap();
    let lines = server.service.applicant_lines(&who, group).unwrap();
    assert!(lines.iter().all(|l| !l.leads.is_empty()), "{lines:?}");
    t.press(b"x").await;
    t.wait_for("小组数据").await;
}
