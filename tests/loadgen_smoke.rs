//! The load generator (examples/loadgen.rs) in a tiny run: three sessions against the
//! real server binary. Benchmarks are not tests; this only keeps the tool working and
//! checks that what it reports is whole (every vote it saw acknowledged is counted in
//! the database, every session saw the switch open).

#[path = "../examples/loadgen.rs"]
mod loadgen;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tiny_load_run_works_and_loses_no_vote() {
    let args = loadgen::Args {
        sessions: 3,
        applicants: 2,
        keys: 3,
        think_ms: 20,
        server: Some(env!("CARGO_BIN_EXE_pingshen").into()),
    };
    let report = loadgen::run(&args).await.expect("the load run");
    report.print();
    assert_eq!(report.sessions, 3);
    assert_eq!(report.key_latencies.len(), 9);
    assert!(report.bytes_per_key > 0.0);
    assert_eq!(report.fanout.len(), 3);
    assert_eq!(report.votes_acknowledged, 6);
    assert_eq!(report.votes_in_database, 6);
    assert!(report.rss_idle_kib > 0 && report.rss_loaded_kib >= report.rss_idle_kib / 2);
}
