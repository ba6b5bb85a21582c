//! Every role knows what comes next (issue 20, point 5): at each step of a review, the
//! home screen's to-dos of the leader, an expert, the director, a member and the
//! reporter say what they do now or, with nothing to do, what they are waiting for.

mod support;

use pingshen::domain::{Choice, Mode};
use pingshen::service::{Identity, Service, Todo};
use support::fixture::{self, Size};

fn todos(s: &Service, who: &Identity) -> Vec<Todo> {
    s.home(who).unwrap().cards[0].todos.clone()
}

#[test]
fn each_role_is_told_what_it_does_or_waits_for_at_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let s = Service::open(dir.path(), Default::default()).unwrap();
    let size = Size {
        groups: 1,
        experts_per_group: 3,
        other_members: 3,
        applicants_per_group: 2,
    };
    let fx = fixture::build(&s, "td", Mode::Expert, &size);
    let g = &fx.groups[0];
    let (leader, expert) = (&g.leader, &g.experts[1]);
    let member = fx.members.last().unwrap();
    assert_eq!(todos(&s, expert), vec![Todo::AwaitSetup]);
    fixture::start(&s, &fx);

    // The groups work: members without a group and the reporter wait.
    assert_eq!(todos(&s, member), vec![Todo::AwaitCheckIn]);
    assert_eq!(todos(&s, &fx.director), vec![Todo::AwaitCheckIn]);
    assert_eq!(todos(&s, &fx.reporter), vec![Todo::AwaitReport]);
    assert!(todos(&s, leader).contains(&Todo::AssignLeadReviewers { applicants: 2 }));
    fixture::prepare_groups(&s, &fx, |_, _| vec![], |_, _| Choice::Approve);
    // Everything drafted: the expert waits for the switch, the leader opens it.
    assert_eq!(todos(&s, expert), vec![Todo::AwaitGroupSwitch]);
    assert_eq!(todos(&s, leader), vec![Todo::OpenGroupSwitch]);

    s.open_group_switch(leader, g.id, false).unwrap();
    for e in &g.experts[1..] {
        s.submit_group_votes(e, g.id).unwrap();
    }
    assert_eq!(todos(&s, expert), vec![Todo::AwaitGroupClose]);
    assert_eq!(
        todos(&s, leader),
        vec![
            Todo::SubmitGroupVotes { applicants: 2 },
            Todo::AwaitGroupVotes { experts: 1 }
        ]
    );
    s.submit_group_votes(leader, g.id).unwrap();
    assert_eq!(todos(&s, leader), vec![Todo::CloseGroupSwitch]);
    s.close_group_switch(leader, g.id).unwrap();
    assert_eq!(todos(&s, expert), vec![Todo::AwaitGroupResult]);
    s.submit_group_result(leader, g.id).unwrap();

    // The committee meets: check in, then the director opens.
    assert_eq!(todos(&s, member), vec![Todo::CheckIn]);
    assert_eq!(todos(&s, &fx.director), vec![Todo::CheckIn, Todo::OpenCommitteeSwitch]);
    for m in &fx.members[..fx.members.len() - 1] {
        s.check_in(m, fx.committee_id).unwrap();
    }
    let round = s.committee_round_applicants(fx.committee_id).unwrap();
    for a in &round {
        s.draft_committee_vote(expert, *a, Choice::Approve).unwrap();
    }
    assert_eq!(todos(&s, expert), vec![Todo::AwaitCommitteeSwitch]);
    s.open_committee_switch(&fx.director, fx.committee_id).unwrap();
    // Too late to check in: said, not silently nothing.
    assert_eq!(todos(&s, member), vec![Todo::MissedCheckIn]);
    s.submit_committee_votes(expert, fx.committee_id).unwrap();
    assert_eq!(todos(&s, expert), vec![Todo::AwaitCommitteeClose]);
    assert!(todos(&s, &fx.director).ends_with(&[Todo::CloseCommitteeSwitch]));
    assert_eq!(todos(&s, &fx.reporter), vec![Todo::AwaitReport]);
}
