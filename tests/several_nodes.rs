//! Several nodes on one PostgreSQL database (README, "Several nodes"): what must hold
//! when more than one pingshen writes to the same database, and when the database
//! itself goes away for a while. The tests start a real PostgreSQL (support::postgres);
//! this binary restarts it, so its tests run one at a time (`SERIAL`).

mod support;

use std::sync::Mutex;
use std::time::Duration;

use diesel::prelude::*;
use pingshen::domain::{Choice, GroupPhase, Mode};
use pingshen::service::{Event, Fault, Heard, Reach, Service, ServiceError, SessionEnd, Subscription};
use pingshen::store::schema::committees;
use pingshen::store::{Store, StoreOptions, audit};
use support::fixture::{self, Size};
use support::postgres::Postgres;

/// The tests of this binary stop and start the shared server: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// The committees' names, in the order they were made.
fn committee_names(s: &Service) -> Vec<String> {
    let mut conn = s.store().conn().unwrap();
    committees::table
        .order(committees::id)
        .select(committees::name)
        .load(&mut conn)
        .unwrap()
}

fn node(url: &str) -> (tempfile::TempDir, Service) {
    let dir = tempfile::tempdir().unwrap();
    let options = StoreOptions {
        database_url: Some(url.to_string()),
        ..StoreOptions::default()
    };
    let store = Store::open_with(&dir.path().join("data"), options).unwrap();
    (dir, Service::new(store))
}

/// Two nodes (each its own pool of connections) write at once from several threads
/// each: every write is there, and the audit chain is one line without a gap or a
/// fork (the advisory write lock puts the writers of all nodes one after the other).
#[test]
fn writers_on_two_nodes_keep_one_linear_audit_chain() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pg = Postgres::get();
    let url = pg.database();
    let (_a_dir, a) = node(&url);
    let (_b_dir, b) = node(&url);
    const THREADS: usize = 4;
    const WRITES: usize = 25;
    std::thread::scope(|scope| {
        for (n, service) in [(0, &a), (1, &b)] {
            for t in 0..THREADS {
                scope.spawn(move || {
                    for w in 0..WRITES {
                        service
                            .create_committee(&format!("节点{n} 线程{t} 第{w}个"), Mode::Expert)
                            .unwrap();
                    }
                });
            }
        }
    });
    let total = 2 * THREADS * WRITES;
    for service in [&a, &b] {
        let mut conn = service.store().conn().unwrap();
        let v = audit::verify(&mut conn).unwrap();
        assert_eq!(v.first_bad, None, "{v:?}");
        assert_eq!(v.entries, total as u64);
        assert_eq!(v.head.as_ref().map(|h| h.0), Some(total as i32));
    }
    assert_eq!(committee_names(&a).len(), total);
    // Replaying the log on either node finds what the tables hold.
    assert_eq!(b.replay().unwrap().mismatches, Vec::<String>::new());
}

/// PostgreSQL stops under a running node: a write is refused as "the database cannot
/// be reached" (in plain words on the screens, `Fault::Unreachable`), nothing half
/// done; once the database is back, the same node writes again without a restart.
#[test]
fn a_database_restart_is_told_and_then_survived_without_restarting_the_node() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pg = Postgres::get();
    let url = pg.database();
    let (_dir, s) = node(&url);
    s.create_committee("重启前", Mode::Expert).unwrap();
    pg.ctl("stop");
    let refused = s.create_committee("数据库停止时", Mode::Expert);
    pg.ctl("start");
    match refused {
        Err(ServiceError::Store(e)) => assert_eq!(e.fault(), Some(Fault::Unreachable), "{e}"),
        other => panic!("a write with the database stopped: {other:?}"),
    }
    // Back: the pool drops the dead connections and opens new ones.
    s.create_committee("重启后", Mode::Expert).unwrap();
    assert_eq!(committee_names(&s), ["重启前", "重启后"]);
    let mut conn = s.store().conn().unwrap();
    let v = audit::verify(&mut conn).unwrap();
    assert_eq!((v.entries, v.first_bad), (2, None));
}

/// The first thing `sub` hears for which `want` holds (other nodes' earlier changes may
/// still be on their way and are passed over). The limit only ends a failing test.
fn hear(sub: &mut Subscription, want: impl Fn(&Heard) -> bool) -> Heard {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(60), async {
            loop {
                match sub.recv().await {
                    Some(h) if want(&h) => return h,
                    Some(_) => continue,
                    None => panic!("the subscription ended"),
                }
            }
        })
        .await
        .expect("nothing heard within a minute")
    })
}

/// What a draft of `account_id` in committee `committee_id` announces.
fn draft_of(committee_id: i32, account_id: i32) -> Heard {
    Heard::Event(Event::CommitteeChanged {
        committee_id,
        reach: Reach::ActorAndOverseers { account_id },
    })
}

/// An expert drafts on node A while the leader's screen is on node B: B's screen hears
/// it. The leader opens the switch on B: the expert's screen on A hears the new phase.
/// A node's screens hear its own changes once (not again when the database hands the
/// announcement back), in the order the changes were committed.
#[test]
fn changes_on_one_node_reach_the_screens_of_the_other() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pg = Postgres::get();
    let url = pg.database();
    let (_a_dir, a) = node(&url);
    let (_b_dir, b) = node(&url);
    assert!(a.hear_other_nodes().unwrap());
    assert!(b.hear_other_nodes().unwrap());
    let fx = fixture::build(&a, "live", Mode::Expert, &Size::SMALL);
    fixture::start(&a, &fx);
    let g = &fx.groups[0];
    let (leader, e1, e2) = (&g.leader, &g.experts[1], &g.experts[2]);
    for &applicant in &g.applicants {
        a.assign_lead_reviewer(leader, applicant, e2.expert_id.unwrap())
            .unwrap();
    }
    let mut leader_on_b = b.subscribe(leader);
    let mut leader_on_a = a.subscribe(leader);
    let mut e1_on_a = a.subscribe(e1);

    a.draft_vote(e1, g.applicants[0], Choice::Approve).unwrap();
    let e1_drafted = draft_of(fx.committee_id, e1.account_id);
    assert_eq!(hear(&mut leader_on_b, |h| *h == e1_drafted), e1_drafted);

    // The leader's screen on A too: e1's draft (made on A), then e2's draft made on B;
    // never e1's draft a second time.
    b.draft_vote(e2, g.applicants[0], Choice::Approve).unwrap();
    let e2_drafted = draft_of(fx.committee_id, e2.account_id);
    let a_draft = |h: &Heard| {
        matches!(
            h,
            Heard::Event(Event::CommitteeChanged {
                reach: Reach::ActorAndOverseers { .. },
                ..
            })
        )
    };
    assert_eq!(hear(&mut leader_on_a, a_draft), e1_drafted);
    assert_eq!(hear(&mut leader_on_a, a_draft), e2_drafted);

    b.open_group_switch(leader, g.id, true).unwrap();
    let phase = hear(&mut e1_on_a, |h| {
        matches!(h, Heard::Event(Event::GroupPhaseChanged { .. }))
    });
    match phase {
        Heard::Event(Event::GroupPhaseChanged {
            committee_id,
            group_id,
            phase,
            seq,
        }) => {
            assert_eq!(
                (committee_id, group_id, phase),
                (fx.committee_id, g.id, GroupPhase::Voting)
            );
            // Numbered by the node that hears it: a read started after it sees it.
            assert!(seq >= 1 && seq <= a.changes_so_far(), "{seq}");
        }
        other => panic!("{other:?}"),
    }
}

/// One live session per account across nodes: an account logged in on A and then on B
/// (or B first; both run at once here) keeps exactly one of the two, and the other is
/// told it was taken over.
#[test]
fn a_login_on_another_node_takes_the_session_over() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pg = Postgres::get();
    let url = pg.database();
    let (_a_dir, a) = node(&url);
    let (_b_dir, b) = node(&url);
    a.hear_other_nodes().unwrap();
    b.hear_other_nodes().unwrap();
    let fx = fixture::build(&a, "takeover", Mode::Expert, &Size::SMALL);
    let account = fx.groups[0].experts[1].account_id;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    for round in 0..5 {
        let (_on_a, ended_a) = a.register_session(account);
        let (_on_b, ended_b) = b.register_session(account);
        let why = rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(60), async {
                tokio::select! {
                    why = ended_a => ('a', why),
                    why = ended_b => ('b', why),
                }
            })
            .await
            .expect("neither session was taken over")
        });
        assert_eq!(why.1, Ok(SessionEnd::TakenOver), "round {round}");
        // The one left: it was the later login in the database's order.
        let left = a.live_sessions_of(&[account]) + b.live_sessions_of(&[account]);
        assert_eq!(left, 1, "round {round}: {} ended", why.0);
    }
}

/// PostgreSQL restarts under a node with a screen open: the node's listener finds its
/// connection gone, connects again and tells every screen to reload (changes made
/// meanwhile were not heard); what changes afterwards on the other node is heard again.
#[test]
fn after_a_database_restart_every_screen_reloads_and_hears_again() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pg = Postgres::get();
    let url = pg.database();
    let (_a_dir, a) = node(&url);
    let (_b_dir, b) = node(&url);
    b.hear_other_nodes().unwrap();
    let fx = fixture::build(&a, "restart", Mode::Expert, &Size::SMALL);
    fixture::start(&a, &fx);
    let g = &fx.groups[0];
    let mut leader_on_b = b.subscribe(&g.leader);
    pg.ctl("restart");
    assert_eq!(hear(&mut leader_on_b, |h| *h == Heard::Missed), Heard::Missed);
    a.draft_vote(&g.experts[1], g.applicants[0], Choice::Approve).unwrap();
    let drafted = draft_of(fx.committee_id, g.experts[1].account_id);
    assert_eq!(hear(&mut leader_on_b, |h| *h == drafted), drafted);
}
