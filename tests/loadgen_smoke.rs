//! The load generator (examples/loadgen.rs) in a tiny run: three sessions against the
//! real server binary. Benchmarks are not tests; this only keeps the tool working and
//! checks that what it reports is whole (every vote it saw acknowledged is counted in
//! the database, every session saw the switch open), and that the OpenSSH baseline
//! runs (Debian's openssh-server, which .ci/run installs), and so does the run over two
//! nodes on a PostgreSQL of its own (Debian's postgresql).

#[path = "../examples/loadgen.rs"]
mod loadgen;

/// A tiny run against this build's server: three sessions, two applicants, a burst of
/// two, on SQLite; each test changes what it is about.
fn tiny() -> loadgen::Args {
    loadgen::Args {
        sessions: 3,
        applicants: 2,
        keys: 3,
        think_ms: 20,
        server: Some(env!("CARGO_BIN_EXE_pingshen").into()),
        burst: 2,
        openssh: false,
        sshd: "/usr/sbin/sshd".into(),
        program: None,
        nodes: 1,
        postgres: false,
        database: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_load_run_works_and_loses_no_vote() {
    let args = tiny();
    let report = loadgen::run(&args).await.expect("the load run");
    report.print();
    assert_eq!(report.sessions, 3);
    assert_eq!(report.key_latencies.len(), 9);
    // Two more logged in while the three typed.
    assert_eq!(report.burst, 2);
    assert!(report.burst_elapsed > std::time::Duration::ZERO);
    assert!(!report.burst_key_latencies.is_empty());
    assert!(report.bytes_per_key > 0.0);
    assert_eq!(report.fanout.len(), 3);
    assert_eq!(report.votes_acknowledged, 6);
    assert_eq!(report.votes_in_database, 6);
    assert!(report.rss_idle_kib > 0 && report.rss_loaded_kib >= report.rss_idle_kib / 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_baseline_run_against_openssh_works() {
    let args = loadgen::Args {
        applicants: 1,
        server: None,
        openssh: true,
        ..tiny()
    };
    assert!(
        args.sshd.exists(),
        "the baseline needs Debian's OpenSSH server: apt-get install openssh-server"
    );
    let report = loadgen::run(&args).await.expect("the baseline run");
    report.print();
    assert_eq!(report.key_latencies.len(), 9);
    assert!(report.bytes_per_key > 0.0);
    assert_eq!(report.burst, 2);
    // Memory is summed over OpenSSH's processes, one set per connection.
    let (one, all) = report.rss_sum_kib.expect("summed over the processes");
    assert!(all > one && report.rss_loaded_kib > report.rss_idle_kib);
    // Fan-out and votes need shared state the baseline has not.
    assert!(report.fanout.is_empty() && report.votes_acknowledged == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_run_over_two_nodes_on_postgresql_works_and_loses_no_vote() {
    let args = loadgen::Args {
        sessions: 4,
        keys: 2,
        burst: 0,
        nodes: 2,
        postgres: true,
        ..tiny()
    };
    let report = loadgen::run(&args).await.expect("the load run over two nodes");
    report.print();
    assert_eq!(report.nodes, 2);
    assert!(report.database.starts_with("PostgreSQL "), "{}", report.database);
    // Sessions 1 and 3 logged in on the second node: the switch reached them there.
    assert_eq!(report.fanout.len(), 4);
    assert_eq!(report.fanout_other_nodes.len(), 2);
    assert_eq!(report.votes_acknowledged, 8);
    assert_eq!(report.votes_in_database, 8);
}
