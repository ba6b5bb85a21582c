//! Two real `pingshen serve` processes on one PostgreSQL database (README, "Several
//! nodes"), used over SSH as a committee would: what one node's screens do reaches the
//! other's; a login on one node takes over the session on the other; a node killed
//! (`kill -9`) during a storm of votes loses no vote it acknowledged, and its people go
//! on on the other node; a PostgreSQL restart is told on screen in plain words and
//! then worked through without restarting anything.
//!
//! Both nodes serve the same keys folder (the README says to copy it to every node).
//! The data is set up in-process on the same database first (support::fixture). The
//! tests restart the shared PostgreSQL or kill nodes, so they run one at a time.

mod support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use pingshen::domain::{Choice, Lang, Mode};
use pingshen::service::screens::MyVote;
use pingshen::service::{Identity, Service};
use pingshen::store::{Store, StoreOptions, audit};
use pingshen::tui::text;
use support::fixture::{self, Fixture, Size};
use support::postgres::Postgres;
use support::{Conn, Process, Term, keys};

/// One test at a time: they stop the shared PostgreSQL and kill nodes.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A `pingshen serve` process, killed (SIGKILL) when dropped. Its log is `log`.
struct Node {
    process: Process,
    addr: SocketAddr,
    log: PathBuf,
}

impl Node {
    /// Starts a node on database `url` with the keys in `keys`, its own data folder in
    /// `dir`; returns once it says where it listens.
    fn start(name: &str, url: &str, keys: &Path, dir: &Path) -> Node {
        let log = dir.join(format!("{name}.log"));
        let mut cmd = support::pingshen_bin();
        cmd.args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--idle-timeout",
            "0",
            "--database",
            url,
        ])
        .arg("--keys")
        .arg(keys)
        .arg("--data")
        .arg(dir.join(name))
        .stderr(std::fs::File::create(&log).unwrap());
        // The limit only ends a failing test.
        match support::start_listening(cmd, Duration::from_secs(60)) {
            (process, Some(addr)) => Node { process, addr, log },
            (_, None) => panic!(
                "node {name} did not start:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            ),
        }
    }

    /// `kill -9`: no goodbye to anyone, no transaction finished.
    fn kill(&mut self) {
        self.process.0.kill().unwrap();
        self.process.0.wait().unwrap();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// A database of its own on the shared server, a committee on it in review (one group,
/// `size`), and two nodes on it with the same keys.
struct Setup {
    _dir: tempfile::TempDir,
    url: String,
    service: Service,
    fx: Fixture,
    a: Node,
    b: Node,
}

async fn setup(tag: &'static str, size: Size) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let url = Postgres::get().database();
    let options = StoreOptions {
        database_url: Some(url.clone()),
        ..StoreOptions::default()
    };
    let store = Store::open_with(&dir.path().join("setup"), options).unwrap();
    let service = Service::new(store);
    let s = service.clone();
    let fx = tokio::task::spawn_blocking(move || {
        let fx = fixture::build(&s, tag, Mode::Expert, &size);
        fixture::start(&s, &fx);
        fx
    })
    .await
    .unwrap();
    let (u, root) = (url.clone(), dir.path().to_path_buf());
    // A first (it makes the keys), then B on the same folder; off the runtime's threads,
    // since starting waits on their output.
    let (a, b) = tokio::task::spawn_blocking(move || {
        let keys = root.join("keys");
        let a = Node::start("a", &u, &keys, &root);
        (a, Node::start("b", &u, &keys, &root))
    })
    .await
    .unwrap();
    Setup {
        _dir: dir,
        url,
        service,
        fx,
        a,
        b,
    }
}

async fn login(addr: SocketAddr, who: &Identity) -> Term {
    let mut conn = Conn::connect(addr).await;
    assert!(
        conn.password(&who.username, fixture::PASSWORD).await,
        "{} refused",
        who.username
    );
    let t = conn.shell(80, 24).await;
    t.wait_home().await;
    t
}

/// The expert's drafts in the database: (applicant, choice).
fn drafts_in_database(service: &Service, who: &Identity, committee_id: i32) -> Vec<(i32, Choice)> {
    service
        .applicant_lines(who, committee_id)
        .unwrap()
        .iter()
        .filter_map(|l| match l.my_vote {
            Some(MyVote::Draft(c)) => Some((l.id, c)),
            _ => None,
        })
        .collect()
}

/// Every expert's drafts in the database, queried off the runtime's threads.
async fn drafts_of_all(service: &Service, experts: &[Identity], committee_id: i32) -> Vec<Vec<(i32, Choice)>> {
    let (s, who) = (service.clone(), experts.to_vec());
    tokio::task::spawn_blocking(move || who.iter().map(|e| drafts_in_database(&s, e, committee_id)).collect())
        .await
        .unwrap()
}

/// The audit chain of the database: whole, and how long (verified off the runtime's
/// threads).
async fn audit_entries(service: &Service) -> u64 {
    let s = service.clone();
    let v = tokio::task::spawn_blocking(move || audit::verify(&mut s.store().conn().unwrap()).unwrap())
        .await
        .unwrap();
    assert_eq!(v.first_bad, None, "{v:?}");
    v.entries
}

/// The key and the acknowledgement of the `i`-th draft of a storm: approve and reject
/// by turns, so that each acknowledgement differs from the one before it on screen.
fn nth_draft(i: usize) -> (&'static [u8], String) {
    let (key, choice): (&[u8], Choice) = if i.is_multiple_of(2) {
        (b"1", Choice::Approve)
    } else {
        (b"2", Choice::Reject)
    };
    (key, text::drafted(Lang::Zh, choice))
}

/// An expert drafts on node A while the group leader's panel on node B counts it; the
/// leader opens the switch on B and A's screen shows it; then the expert logs in on B
/// and the session on A is told it was taken over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_happens_on_one_node_shows_on_the_other_and_a_login_there_takes_over() {
    let _one = SERIAL.lock().await;
    let Setup { service, fx, a, b, .. } = setup("live", Size::SMALL).await;
    let g = &fx.groups[0];
    let (leader, e1) = (g.leader.clone(), g.experts[1].clone());
    let lead = g.experts[2].expert_id.unwrap();
    let applicants = g.applicants.clone();
    let s = service.clone();
    tokio::task::spawn_blocking(move || {
        for a in applicants {
            s.assign_lead_reviewer(&leader, a, lead).unwrap();
        }
    })
    .await
    .unwrap();

    let leader_b = login(b.addr, &g.leader).await;
    leader_b.press(keys::ENTER).await;
    leader_b.wait_for("显示 2 / 共 2 名").await;
    leader_b.press(b"g").await;
    leader_b.wait_for("未完成拟投票的专家 3 名").await;

    let expert_a = login(a.addr, &e1).await;
    expert_a.press(keys::ENTER).await;
    expert_a.wait_for("显示 2 / 共 2 名").await;
    expert_a.press(b"1").await;
    expert_a.wait_for(&text::drafted(Lang::Zh, Choice::Approve)).await;
    expert_a.press(b"2").await;
    expert_a.wait_for(&text::drafted(Lang::Zh, Choice::Reject)).await;
    // Both drafted on A: B's panel counts one expert fewer, by itself.
    leader_b.wait_for("未完成拟投票的专家 2 名").await;

    leader_b.press(b"o").await;
    leader_b.wait_for("开启后投票开关不能暂停").await;
    leader_b.press(b"y").await;
    leader_b.wait_for("投票开关已开启").await;
    expert_a.wait_for("第1组：投票开关已开启").await;

    // The same expert logs in on B: the session on A ends, saying why.
    let expert_b = login(b.addr, &e1).await;
    expert_a.wait_for("您的账号已在另一处登录").await;
    expert_a.wait_closed().await;
    // B's session is the one that lives, and it holds what was drafted on A.
    expert_b.press(keys::ENTER).await;
    let screen = expert_b.wait_for("显示 2 / 共 2 名").await;
    assert!(screen.contains("拟通过") && screen.contains("拟否决"), "{screen}");
    assert!(!expert_b.is_closed());
    assert!(audit_entries(&service).await > 0);
    drop((a, b));
}

/// Node A is killed (`kill -9`) while six experts on it and four on B draft as fast as
/// the screens answer. Every draft a screen on A acknowledged is in the database (at
/// most one more, committed as A died, is there unacknowledged); B's experts never
/// notice; A's experts log in again on B, see their drafts and finish there; the audit
/// chain is whole (`pingshen audit verify`, as the office runs it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_during_a_storm_of_votes_loses_no_acknowledged_vote() {
    let _one = SERIAL.lock().await;
    const ON_A: usize = 6;
    const ON_B: usize = 4;
    const APPLICANTS: usize = 10;
    let size = Size {
        groups: 1,
        experts_per_group: 1 + ON_A + ON_B,
        other_members: 1,
        applicants_per_group: APPLICANTS,
    };
    let Setup {
        url,
        service,
        fx,
        mut a,
        b,
        ..
    } = setup("storm", size).await;
    let cid = fx.committee_id;
    let experts = fx.groups[0].experts[1..].to_vec();
    let listed = format!("显示 {APPLICANTS} / 共 {APPLICANTS} 名");

    // Everyone logs in and opens the list first; then the storm.
    let mut terms = Vec::new();
    for (k, who) in experts.iter().enumerate() {
        let node = if k < ON_A { a.addr } else { b.addr };
        let t = login(node, who).await;
        t.press(keys::ENTER).await;
        t.wait_for(&listed).await;
        terms.push(Arc::new(t));
    }
    let acked_on_a = Arc::new(AtomicUsize::new(0));
    let some_acked = Arc::new(tokio::sync::Notify::new());
    let mut storm = Vec::new();
    for (k, t) in terms.iter().enumerate() {
        let (t, acked_on_a, some_acked) = (t.clone(), acked_on_a.clone(), some_acked.clone());
        storm.push(tokio::spawn(async move {
            let mut acked = 0;
            for i in 0..APPLICANTS {
                let (key, ack) = nth_draft(i);
                // A killed node: the key goes nowhere, and the connection is gone.
                if !t.try_send(key).await || !t.wait_for_or_closed(&ack).await {
                    break;
                }
                acked += 1;
                if k < ON_A {
                    acked_on_a.fetch_add(1, Ordering::SeqCst);
                    some_acked.notify_one();
                }
            }
            acked
        }));
    }
    // Kill A once a quarter of its drafts are acknowledged (waiting on the count).
    while acked_on_a.load(Ordering::SeqCst) < ON_A * APPLICANTS / 4 {
        tokio::time::timeout(Duration::from_secs(60), some_acked.notified())
            .await
            .expect("the storm on A did not get going");
    }
    a.kill();
    let mut acked = Vec::new();
    for s in storm {
        acked.push(s.await.unwrap());
    }
    assert!(
        acked[..ON_A].iter().sum::<usize>() < ON_A * APPLICANTS,
        "A died after the storm, not during it: {acked:?}"
    );
    assert!(
        acked[ON_A..].iter().all(|&n| n == APPLICANTS),
        "B's experts were disturbed: {acked:?}"
    );
    for t in &terms[..ON_A] {
        t.wait_closed().await;
    }

    // Each expert's drafts are in, in order of the list: every one acknowledged, at most
    // one more (the node died between the commit and the screen).
    let in_db = drafts_of_all(&service, &experts, cid).await;
    for (k, drafts) in in_db.iter().enumerate() {
        assert!(
            drafts.len() == acked[k] || (k < ON_A && drafts.len() == acked[k] + 1),
            "{}: {} acknowledged, in the database {drafts:?}",
            experts[k].username,
            acked[k]
        );
    }

    // A's experts log in on B: their drafts are there, and they finish on B.
    for (k, who) in experts[..ON_A].iter().enumerate() {
        let t = login(b.addr, who).await;
        t.press(keys::ENTER).await;
        let screen = t.wait_for(&listed).await;
        let shown = screen
            .lines()
            .filter(|l| l.contains("拟通过") || l.contains("拟否决"))
            .count();
        assert_eq!(shown, in_db[k].len(), "{}:\n{screen}", who.username);
        // They drafted from the top down: the first row without a draft is next.
        for _ in 0..in_db[k].len() {
            t.press(keys::DOWN).await;
        }
        for i in in_db[k].len()..APPLICANTS {
            let (key, ack) = nth_draft(i);
            t.press(key).await;
            t.wait_for(&ack).await;
        }
    }
    let finished: Vec<usize> = drafts_of_all(&service, &experts, cid)
        .await
        .iter()
        .map(Vec::len)
        .collect();
    assert_eq!(finished, vec![APPLICANTS; ON_A + ON_B]);

    // The audit chain: whole, with one entry per draft at least (the committee's setup
    // before them), as the office's own command finds it.
    assert!(audit_entries(&service).await >= ((ON_A + ON_B) * APPLICANTS) as u64);
    let out = tokio::task::spawn_blocking(move || {
        support::pingshen_bin()
            .args(["audit", "verify", "--database", &url])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "audit verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut b = b;
    assert!(b.process.0.try_wait().unwrap().is_none(), "B ended:\n{}", b.log());
}

/// PostgreSQL stops while an expert on node A has the list open and the leader's panel
/// on B is up: the expert's draft is refused in plain words (nothing saved); once the
/// database is back, without restarting either node, the next draft is saved and B's
/// panel counts it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_restart_is_told_on_screen_and_then_worked_through() {
    let _one = SERIAL.lock().await;
    let Setup { service, fx, a, b, .. } = setup("restart", Size::SMALL).await;
    let g = &fx.groups[0];
    let leader_b = login(b.addr, &g.leader).await;
    leader_b.press(keys::ENTER).await;
    leader_b.wait_for("显示 2 / 共 2 名").await;
    leader_b.press(b"g").await;
    leader_b.wait_for("未完成拟投票的专家 3 名").await;
    let expert_a = login(a.addr, &g.experts[1]).await;
    expert_a.press(keys::ENTER).await;
    expert_a.wait_for("显示 2 / 共 2 名").await;

    tokio::task::spawn_blocking(|| Postgres::get().ctl("stop"))
        .await
        .unwrap();
    expert_a.press(b"1").await;
    // The pool gives up after its timeout (10 s) and the screen says why.
    let told = expert_a
        .wait_until_within("the database told unreachable", Duration::from_secs(40), |s| {
            s.contains("暂时无法连接数据库服务器")
        })
        .await;
    assert!(!told.contains("已保存拟投票"), "{told}");
    tokio::task::spawn_blocking(|| Postgres::get().ctl("start"))
        .await
        .unwrap();

    // Back: nothing was saved while it was away, and the same sessions go on.
    let (s, who, cid) = (service.clone(), g.experts[1].clone(), fx.committee_id);
    let drafts = tokio::task::spawn_blocking(move || drafts_in_database(&s, &who, cid))
        .await
        .unwrap();
    assert_eq!(drafts, vec![]);
    expert_a.press(b"1").await;
    expert_a
        .wait_until_within("the draft saved", Duration::from_secs(40), |s| {
            s.contains(&text::drafted(Lang::Zh, Choice::Approve))
        })
        .await;
    expert_a.press(b"2").await;
    expert_a.wait_for(&text::drafted(Lang::Zh, Choice::Reject)).await;
    // B's listener connected again (its screens reloaded) and hears A's drafts.
    leader_b
        .wait_until_within("B's panel counting A's drafts", Duration::from_secs(40), |s| {
            s.contains("未完成拟投票的专家 2 名")
        })
        .await;
    assert!(!expert_a.is_closed() && !leader_b.is_closed());
    audit_entries(&service).await;
    drop((a, b));
}
