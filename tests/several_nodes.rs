//! Several nodes on one PostgreSQL database (README, "Several nodes"): what must hold
//! when more than one pingshen writes to the same database, and when the database
//! itself goes away for a while. The tests start a real PostgreSQL (support::postgres);
//! this binary restarts it, so its tests run one at a time (`SERIAL`).

mod support;

use std::sync::Mutex;

use diesel::prelude::*;
use pingshen::domain::Mode;
use pingshen::service::{Fault, Service, ServiceError};
use pingshen::store::schema::committees;
use pingshen::store::{Store, StoreOptions, audit};
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
