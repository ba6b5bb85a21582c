//! The load generator (issue 8): N real SSH sessions with a PTY against a real
//! `pingshen serve` process on 127.0.0.1, each an expert of one large professional
//! group who logs in, opens the applicant list, moves around, drafts and submits votes,
//! while the group leader opens the vote switch. It measures:
//!
//! - login burst: the time for all N to log in and see their home screen;
//! - keystroke-to-screen latency (p50, p99): from a key sent to the first bytes of the
//!   frame that answers it, while every session types at a human pace;
//! - bytes sent to the client per keystroke;
//! - fan-out: from the leader confirming `o` (the `y`) to every session showing the open switch;
//! - vote throughput: drafts and submissions acknowledged on screen per second, and
//!   that none is lost (every vote checked in the database afterwards);
//! - server memory per session: resident memory with N sessions minus idle.
//!
//! Run (release build; the server binary is found beside this one):
//!
//! ```sh
//! cargo build --release && cargo run --release --example loadgen -- --sessions 200
//! ```
//!
//! Several nodes (README, "Several nodes"): `--nodes 2 --postgres` starts a PostgreSQL
//! of its own (Debian's `postgresql` package, as the tests do) and two servers on it,
//! the sessions spread over both; the leader is on the first, so the fan-out to the
//! other node's sessions is shown apart. Memory is summed over the nodes.
//!
//! `tests/loadgen_smoke.rs` runs it with three sessions, so CI keeps it working.

// Also included by the smoke test, which does not use everything.
#![allow(dead_code)]

#[path = "../tests/support/fixture.rs"]
mod fixture;
#[path = "../tests/support/postgres.rs"]
mod postgres;
#[path = "support/server.rs"]
mod server;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use pingshen::domain::{Choice, Lang, Mode};
use pingshen::service::Service;
use pingshen::service::screens::MyVote;
use pingshen::store::{Store, StoreOptions};
use pingshen::tui::text;
use russh::client;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, ChannelWriteHalf};
use tokio::sync::Notify;

#[derive(Parser, Debug, Clone)]
#[command(about = "N real SSH sessions against a pingshen server; prints latency, fan-out, throughput, memory")]
pub struct Args {
    /// Concurrent expert sessions (one more, the group leader, opens the switch).
    #[arg(long, default_value_t = 100)]
    pub sessions: usize,
    /// Applicants of the group (each expert drafts and submits a vote on each).
    #[arg(long, default_value_t = 10)]
    pub applicants: usize,
    /// Keystrokes each session sends while measuring latency.
    #[arg(long, default_value_t = 20)]
    pub keys: usize,
    /// Milliseconds a session waits between keystrokes (a person reading a list
    /// presses about one key a second).
    #[arg(long, default_value_t = 1000)]
    pub think_ms: u64,
    /// The `pingshen` binary to start (default: beside this program, or in target/release).
    #[arg(long)]
    pub server: Option<PathBuf>,
    /// Logins arriving at once while the connected sessions type: the time until all
    /// of them see their home screen, and the typing sessions' latency meanwhile.
    #[arg(long, default_value_t = 0)]
    pub burst: usize,
    /// Measure the baseline instead: Debian's OpenSSH server on a loopback port with a
    /// configuration of its own, running `baseline_tui` for every connection
    /// (ForceCommand). Login, keystrokes, bytes and memory apply; fan-out and votes
    /// need shared state the baseline has not.
    #[arg(long)]
    pub openssh: bool,
    /// The OpenSSH server binary for --openssh.
    #[arg(long, default_value = "/usr/sbin/sshd")]
    pub sshd: PathBuf,
    /// The program OpenSSH runs for every connection (default: `baseline_tui` built
    /// beside this program).
    #[arg(long)]
    pub program: Option<PathBuf>,
    /// Servers on one database, the sessions spread over them (more than one needs
    /// PostgreSQL: --postgres or --database).
    #[arg(long, default_value_t = 1)]
    pub nodes: usize,
    /// Start a PostgreSQL of its own for the run (initdb into a temporary folder; the
    /// `postgresql` package) and put the servers on it instead of SQLite.
    #[arg(long)]
    pub postgres: bool,
    /// An empty PostgreSQL database for the servers instead (postgres://…).
    #[arg(long)]
    pub database: Option<String>,
}

/// What one run measured.
#[derive(Debug, Default)]
pub struct Report {
    /// "pingshen" or "OpenSSH + ratatui program".
    pub target: &'static str,
    /// Servers, and the database under them ("SQLite", "PostgreSQL 15.x").
    pub nodes: usize,
    pub database: String,
    pub sessions: usize,
    pub login_burst: Duration,
    pub key_latencies: Vec<Duration>,
    pub bytes_per_key: f64,
    pub fanout: Vec<Duration>,
    /// The part of `fanout` seen by sessions on another node than the leader's.
    pub fanout_other_nodes: Vec<Duration>,
    pub votes_acknowledged: usize,
    pub votes_in_database: usize,
    pub votes_elapsed: Duration,
    /// Server memory with one session, and with all: pingshen's resident memory; for
    /// OpenSSH the proportional memory (PSS) summed over every process it runs.
    pub rss_idle_kib: u64,
    pub rss_loaded_kib: u64,
    /// OpenSSH only: the plain resident memory summed over its processes (counting
    /// shared pages once per process), with one session and with all.
    pub rss_sum_kib: Option<(u64, u64)>,
    pub burst: usize,
    pub burst_elapsed: Duration,
    pub burst_key_latencies: Vec<Duration>,
}

impl Report {
    pub fn print(&self) {
        let pct = |v: &[Duration], p: usize| -> Duration {
            let mut v = v.to_vec();
            v.sort();
            v.get((v.len() * p / 100).min(v.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        let n = self.sessions.max(1) as f64;
        println!("server                           {}", self.target);
        if !self.database.is_empty() {
            println!("nodes, database                  {}, {}", self.nodes, self.database);
        }
        println!("sessions                         {}", self.sessions);
        println!("login burst, all sessions        {:.2?}", self.login_burst);
        println!(
            "keystroke to screen              p50 {:.2?}   p99 {:.2?}   ({} keystrokes)",
            pct(&self.key_latencies, 50),
            pct(&self.key_latencies, 99),
            self.key_latencies.len()
        );
        println!("bytes to the client per keystroke {:.0}", self.bytes_per_key);
        if self.burst > 0 {
            println!(
                "burst of {} logins while typing   {:.2?}; keystrokes meanwhile p50 {:.2?}   p99 {:.2?}   ({} keystrokes)",
                self.burst,
                self.burst_elapsed,
                pct(&self.burst_key_latencies, 50),
                pct(&self.burst_key_latencies, 99),
                self.burst_key_latencies.len()
            );
        }
        if self.fanout.is_empty() {
            println!("fan-out of the switch opening    n/a");
        } else {
            println!(
                "fan-out of the switch opening    p50 {:.2?}   p99 {:.2?}   max {:.2?}",
                pct(&self.fanout, 50),
                pct(&self.fanout, 99),
                pct(&self.fanout, 100)
            );
        }
        if !self.fanout_other_nodes.is_empty() {
            println!(
                "  of it to the other nodes         p50 {:.2?}   p99 {:.2?}   max {:.2?}   ({} sessions)",
                pct(&self.fanout_other_nodes, 50),
                pct(&self.fanout_other_nodes, 99),
                pct(&self.fanout_other_nodes, 100),
                self.fanout_other_nodes.len()
            );
        }
        if self.votes_acknowledged == 0 {
            println!("votes acknowledged               n/a");
        } else {
            println!(
                "votes acknowledged               {} in {:.2?} ({:.0}/s); in the database afterwards: {}",
                self.votes_acknowledged,
                self.votes_elapsed,
                self.votes_acknowledged as f64 / self.votes_elapsed.as_secs_f64().max(1e-9),
                self.votes_in_database
            );
        }
        let what = if self.rss_sum_kib.is_some() {
            "server memory (PSS, all processes)"
        } else {
            "server resident memory          "
        };
        println!(
            "{what} one session {} KiB, all sessions {} KiB: {:.0} KiB per session",
            self.rss_idle_kib,
            self.rss_loaded_kib,
            (self.rss_loaded_kib.saturating_sub(self.rss_idle_kib)) as f64 / n
        );
        if let Some((one, all)) = self.rss_sum_kib {
            println!(
                "server memory (RSS summed)         one session {one} KiB, all sessions {all} KiB: {:.0} KiB per session",
                (all.saturating_sub(one)) as f64 / n
            );
        }
    }
}

struct Handler;

impl client::Handler for Handler {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A logged-in terminal: what it received, parsed as a terminal would.
struct Term {
    _handle: client::Handle<Handler>,
    writer: ChannelWriteHalf<client::Msg>,
    screen: Arc<Mutex<(vt100::Parser, usize)>>,
    data: Arc<Notify>,
}

/// How a session logs in: pingshen's accounts have passwords; the baseline's one
/// system account takes a key.
#[derive(Clone)]
enum Login {
    Password(String),
    Key(Arc<russh::keys::PrivateKey>),
}

impl Term {
    async fn open(addr: SocketAddr, user: &str, login: &Login) -> anyhow::Result<Term> {
        let config = Arc::new(client::Config::default());
        let mut handle = client::connect(config, addr, Handler).await?;
        let ok = match login {
            Login::Password(p) => handle.authenticate_password(user, p).await?.success(),
            Login::Key(k) => handle
                .authenticate_publickey(user, russh::keys::PrivateKeyWithHashAlg::new(k.clone(), None))
                .await?
                .success(),
        };
        if !ok {
            anyhow::bail!("login of {user} refused");
        }
        let channel = handle.channel_open_session().await?;
        channel.request_pty(true, "xterm-256color", 80, 24, 0, 0, &[]).await?;
        channel.request_shell(true).await?;
        let (mut reader, writer) = channel.split();
        let (rows, cols) = (
            std::num::NonZeroU16::new(24).unwrap(),
            std::num::NonZeroU16::new(80).unwrap(),
        );
        let screen = Arc::new(Mutex::new((vt100::Parser::new(rows, cols, 0), 0usize)));
        let data = Arc::new(Notify::new());
        let (s, d) = (screen.clone(), data.clone());
        tokio::spawn(async move {
            while let Some(msg) = reader.wait().await {
                if let ChannelMsg::Data { data: bytes } = msg {
                    let mut g = s.lock().unwrap();
                    g.0.process(&bytes);
                    g.1 += bytes.len();
                    drop(g);
                    d.notify_waiters();
                }
            }
            d.notify_waiters();
        });
        Ok(Term {
            _handle: handle,
            writer,
            screen,
            data,
        })
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().0.screen().contents()
    }

    fn bytes(&self) -> usize {
        self.screen.lock().unwrap().1
    }

    async fn send(&self, bytes: &[u8]) {
        let _ = self.writer.data_bytes(bytes.to_vec()).await;
    }

    /// Waits until the screen shows `text`.
    async fn wait_for(&self, text: &str, within: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + within;
        loop {
            let notified = self.data.notified();
            if self.contents().contains(text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                anyhow::bail!("`{text}` did not appear; screen:\n{}", self.contents());
            }
            let _ = tokio::time::timeout(Duration::from_millis(50), notified).await;
        }
    }

    /// Sends a key and returns the time until the first bytes answering it arrive, and
    /// how many bytes the answer had (read after it settled).
    async fn key_latency(&self, key: &[u8]) -> (Duration, usize) {
        let before = self.bytes();
        let t = Instant::now();
        let notified = self.data.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        self.send(key).await;
        let deadline = t + Duration::from_secs(10);
        while self.bytes() == before && Instant::now() < deadline {
            let _ = tokio::time::timeout(Duration::from_millis(20), notified.as_mut()).await;
            notified.set(self.data.notified());
            notified.as_mut().enable();
        }
        let latency = t.elapsed();
        // Let the rest of the frame arrive.
        tokio::time::sleep(Duration::from_millis(30)).await;
        (latency, self.bytes() - before)
    }
}

/// Says on stderr which phase starts (to line up profiles of the server with it).
fn phase(name: &str) {
    eprintln!("[loadgen] phase: {name}");
}

/// Resident memory of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

fn start_server(bin: &Path, data: &Path, keys: &Path, database: Option<&str>) -> anyhow::Result<server::Server> {
    let args: [&std::ffi::OsStr; 12] = [
        "serve".as_ref(),
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--idle-timeout".as_ref(),
        "0".as_ref(),
        "--max-startups".as_ref(),
        "4096:30:8192".as_ref(),
        "--per-source-max-startups".as_ref(),
        "4096".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--keys".as_ref(),
    ];
    let mut all = args.to_vec();
    all.push(keys.as_os_str());
    if let Some(url) = database {
        all.push("--database".as_ref());
        all.push(std::ffi::OsStr::new(url));
    }
    server::start(bin, &all, "warn")
}

/// Logs `users` in all at once; returns their terminals once every screen shows `ready`,
/// and the time that took.
async fn login_burst(
    addrs: &[SocketAddr],
    users: &[String],
    login: &Login,
    ready: &'static str,
) -> anyhow::Result<(Vec<Arc<Term>>, Duration)> {
    let t = Instant::now();
    let mut logins = Vec::new();
    for (i, user) in users.iter().enumerate() {
        let (user, login) = (user.clone(), login.clone());
        let addr = addrs[i % addrs.len()];
        logins.push(tokio::spawn(async move {
            let term = Term::open(addr, &user, &login).await?;
            term.wait_for(ready, Duration::from_secs(300)).await?;
            anyhow::Ok(term)
        }));
    }
    let mut terms = Vec::new();
    for l in logins {
        terms.push(Arc::new(l.await??));
    }
    Ok((terms, t.elapsed()))
}

/// A burst of logins while `terms` type; records its time and the typing latency
/// meanwhile, and returns the new terminals.
async fn burst_while_typing(
    report: &mut Report,
    terms: &[Arc<Term>],
    think: Duration,
    (addrs, users, login, ready): (&[SocketAddr], &[String], &Login, &'static str),
) -> anyhow::Result<Vec<Arc<Term>>> {
    phase("burst while typing");
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let typists = {
        let (terms, stop) = (terms.to_vec(), stop.clone());
        tokio::spawn(async move { typing(&terms, None, think, Some(stop)).await })
    };
    tokio::time::sleep(think).await;
    let start = Instant::now();
    let (late, elapsed) = login_burst(addrs, users, login, ready).await?;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    report.burst = late.len();
    report.burst_elapsed = elapsed;
    // Only the keys sent while the burst lasted.
    let during: Vec<_> = typists
        .await??
        .into_iter()
        .filter(|(sent, ..)| *sent >= start && *sent <= start + elapsed)
        .collect();
    report.burst_key_latencies = latencies(&during).0;
    Ok(late)
}

/// Every session types j and k at a human pace (sessions spread over one think time):
/// `keys` keystrokes each, or until `stop`. Returns every keystroke (when it was sent,
/// its latency, the bytes that answered it).
async fn typing(
    terms: &[Arc<Term>],
    keys: Option<usize>,
    think: Duration,
    stop: Option<Arc<std::sync::atomic::AtomicBool>>,
) -> anyhow::Result<Vec<(Instant, Duration, usize)>> {
    let mut tasks = Vec::new();
    let n = terms.len().max(1);
    for (i, t) in terms.iter().enumerate() {
        let (t, stop) = (t.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(think.mul_f64(i as f64 / n as f64)).await;
            let mut out = Vec::new();
            let stopped = || {
                stop.as_ref()
                    .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
            };
            for k in 0.. {
                if keys.is_some_and(|n| k >= n) || stopped() {
                    break;
                }
                let key: &[u8] = if k % 2 == 0 { b"j" } else { b"k" };
                let sent = Instant::now();
                let (latency, bytes) = t.key_latency(key).await;
                out.push((sent, latency, bytes));
                tokio::time::sleep(think).await;
            }
            out
        }));
    }
    let mut keystrokes = Vec::new();
    for task in tasks {
        keystrokes.extend(task.await?);
    }
    Ok(keystrokes)
}

/// Latencies and mean bytes per keystroke.
fn latencies(keystrokes: &[(Instant, Duration, usize)]) -> (Vec<Duration>, f64) {
    let bytes: usize = keystrokes.iter().map(|k| k.2).sum();
    let per_key = bytes as f64 / keystrokes.len().max(1) as f64;
    (keystrokes.iter().map(|k| k.1).collect(), per_key)
}

/// One run: prepares the data, starts the server, runs the sessions, measures.
pub async fn run(args: &Args) -> anyhow::Result<Report> {
    if args.openssh {
        return run_openssh(args).await;
    }
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let n = args.sessions.max(2);
    let nodes = args.nodes.max(1);
    // The database: SQLite in the data folder, or a PostgreSQL (one of its own, or given).
    let url = match (&args.database, args.postgres) {
        (Some(url), _) => Some(url.clone()),
        (None, true) => Some(postgres::Postgres::get().database()),
        (None, false) => None,
    };
    anyhow::ensure!(
        nodes == 1 || url.is_some(),
        "several nodes share a PostgreSQL database: add --postgres (or --database postgres://…)"
    );
    // One group: the leader and n experts, `applicants` applicants with lead reviewers.
    let service = match &url {
        Some(url) => {
            let options = StoreOptions {
                database_url: Some(url.clone()),
                ..StoreOptions::default()
            };
            Service::new(Store::open_with(&dir.path().join("setup"), options)?)
        }
        None => Service::new(Store::open(&data)?),
    };
    let database = match &url {
        Some(_) => {
            let svc = service.clone();
            tokio::task::spawn_blocking(move || postgres_version(&svc)).await??
        }
        None => "SQLite".to_string(),
    };
    let size = fixture::Size {
        groups: 1,
        experts_per_group: n + 1 + args.burst,
        // The committee (the group, the director, these) must have an odd size.
        other_members: usize::from((n + args.burst).is_multiple_of(2)),
        applicants_per_group: args.applicants.max(1),
    };
    let svc = service.clone();
    let fx = tokio::task::spawn_blocking(move || {
        let fx = fixture::build(&svc, "l", Mode::Expert, &size);
        fixture::start(&svc, &fx);
        let g = &fx.groups[0];
        for a in &g.applicants {
            svc.assign_lead_reviewer(&g.leader, *a, g.experts[1].expert_id.unwrap())
                .expect("assign lead");
        }
        fx
    })
    .await?;
    let committee_id = fx.committee_id;
    let group = &fx.groups[0];
    let experts: Vec<_> = group.experts[1..=n].to_vec();
    let late: Vec<_> = group.experts[n + 1..].to_vec();
    let bin = args.server.clone().unwrap_or_else(server::default_binary);
    // The nodes one after the other: the first makes the keys the others share.
    let mut servers = Vec::new();
    for i in 0..nodes {
        let data = if url.is_some() {
            dir.path().join(format!("node{i}"))
        } else {
            data.clone()
        };
        servers.push(start_server(&bin, &data, &dir.path().join("keys"), url.as_deref())?);
    }
    let addrs: Vec<SocketAddr> = servers.iter().map(|s| s.addr).collect();
    let addr = addrs[0];
    let rss = || servers.iter().map(|s| rss_kib(s.child.id())).sum::<u64>();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut report = Report {
        target: "pingshen",
        nodes,
        database,
        sessions: n,
        ..Default::default()
    };

    // The leader first: the server's one-time costs (password hashing buffers, the
    // database pool) are paid before the idle figure is taken.
    let password = Login::Password(fixture::PASSWORD.to_string());
    let leader = Term::open(addr, &group.leader.username, &password).await?;
    leader.wait_for("待办事项", Duration::from_secs(60)).await?;
    // The same on every other node, by the director (an account of no other use here,
    // so the leader's session stays; each login takes the director's last one over).
    for &other in &addrs[1..] {
        let t = Term::open(other, &fx.director.username, &password).await?;
        t.wait_for("待办事项", Duration::from_secs(60)).await?;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    report.rss_idle_kib = rss();

    // Login burst: everyone at once.
    phase("login burst");
    let users: Vec<String> = experts.iter().map(|e| e.username.clone()).collect();
    let (terms, elapsed) = login_burst(&addrs, &users, &password, "待办事项").await?;
    report.login_burst = elapsed;

    // Everyone opens the list; then types at a human pace, measured.
    phase("typing");
    for t in &terms {
        t.send(b"\r").await;
    }
    for t in &terms {
        t.wait_for("显示 ", Duration::from_secs(60)).await?;
    }
    // Memory with every session on its list.
    tokio::time::sleep(Duration::from_millis(300)).await;
    report.rss_loaded_kib = rss();
    let think = Duration::from_millis(args.think_ms);
    // Let the lists' loading settle before measuring.
    tokio::time::sleep(Duration::from_secs(1)).await;
    (report.key_latencies, report.bytes_per_key) = latencies(&typing(&terms, Some(args.keys), think, None).await?);

    // A burst of logins while everyone types.
    if !late.is_empty() {
        let users: Vec<String> = late.iter().map(|e| e.username.clone()).collect();
        let late_terms =
            burst_while_typing(&mut report, &terms, think, (&addrs, &users, &password, "待办事项")).await?;
        // They leave, so that what follows is measured over the N sessions.
        drop(late_terms);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }

    // Fan-out: the leader opens the switch; every list shows it.
    phase("fan-out");
    leader.send(b"\r").await;
    leader.wait_for("显示 ", Duration::from_secs(60)).await?;
    leader.send(b"g").await;
    leader.wait_for("需同意", Duration::from_secs(60)).await?;
    let open_text = "投票开关已开启";
    // Opening asks first (who has not drafted, no pause); the clock starts at the yes.
    leader.send(b"o").await;
    leader
        .wait_for("开启后投票开关不能暂停", Duration::from_secs(60))
        .await?;
    let t0 = Instant::now();
    leader.send(b"y").await;
    let mut seen = Vec::new();
    for t in &terms {
        let t = t.clone();
        seen.push(tokio::spawn(async move {
            t.wait_for(open_text, Duration::from_secs(120))
                .await
                .map(|_| t0.elapsed())
        }));
    }
    for (i, s) in seen.into_iter().enumerate() {
        match s.await? {
            Ok(d) => {
                report.fanout.push(d);
                // Session i logged in on node i % nodes; the leader is on node 0.
                if i % nodes != 0 {
                    report.fanout_other_nodes.push(d);
                }
            }
            Err(e) => anyhow::bail!("{e}\nthe leader's screen:\n{}", leader.contents()),
        }
    }

    // Votes: each session drafts every applicant (each acknowledged on screen), then
    // submits; then the database must hold every one.
    let applicants = args.applicants.max(1);
    phase("votes");
    let t = Instant::now();
    let mut voting = Vec::new();
    for term in &terms {
        let term = term.clone();
        voting.push(tokio::spawn(async move {
            term.send(b"\x1b[H").await; // Home: the first row
            let mut acked = 0;
            for i in 0..applicants {
                let (key, choice): (&[u8], Choice) = if i % 2 == 0 {
                    (b"1", Choice::Approve)
                } else {
                    (b"2", Choice::Reject)
                };
                term.send(key).await;
                term.wait_for(&text::drafted(Lang::Zh, choice), Duration::from_secs(120))
                    .await?;
                acked += 1;
                // No `j`: the vote taken, the selection moves on to the next row
                // without a vote by itself.
            }
            term.send(b"s").await;
            term.wait_for("请确认", Duration::from_secs(60)).await?;
            term.send(b"y").await;
            term.wait_for(&text::submitted(Lang::Zh, applicants), Duration::from_secs(120))
                .await?;
            anyhow::Ok(acked)
        }));
    }
    for v in voting {
        report.votes_acknowledged += v.await??;
    }
    report.votes_elapsed = t.elapsed();
    let svc = service.clone();
    let ids: Vec<_> = experts.clone();
    report.votes_in_database = tokio::task::spawn_blocking(move || {
        ids.iter()
            .map(|e| {
                svc.applicant_lines(e, committee_id)
                    .map(|lines| {
                        lines
                            .iter()
                            .filter(|l| matches!(l.my_vote, Some(MyVote::Submitted(_))))
                            .count()
                    })
                    .unwrap_or(0)
            })
            .sum::<usize>()
    })
    .await?;
    eprintln!(
        "votes checked in the database: {} of {}",
        report.votes_in_database,
        n * applicants
    );
    anyhow::ensure!(
        report.votes_in_database == n * applicants && report.votes_acknowledged == n * applicants,
        "votes lost: {} acknowledged, {} in the database, {} cast",
        report.votes_acknowledged,
        report.votes_in_database,
        n * applicants
    );
    drop(servers);
    Ok(report)
}

/// "PostgreSQL 15.x", as the database says.
fn postgres_version(service: &Service) -> anyhow::Result<String> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        server_version: String,
    }
    let mut conn = service.store().conn()?;
    let v: Version = diesel::sql_query("SHOW server_version").get_result(&mut *conn)?;
    Ok(format!(
        "PostgreSQL {}",
        v.server_version.split_whitespace().next().unwrap_or("?")
    ))
}

/// A process and every process under it, by walking /proc.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            // The parent is the second field after the name, which is in parentheses.
            let ppid = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().and_then(|s| {
                let after = s.rsplit_once(')')?.1;
                after.split_whitespace().nth(1)?.parse::<u32>().ok()
            });
            if let Some(ppid) = ppid {
                parents.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// One field (in KiB) of a /proc file, such as `Pss:` of smaps_rollup.
fn proc_kib(path: &str, field: &str) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// Proportional and resident memory summed over a process tree, in KiB.
fn tree_memory(root: u32) -> (u64, u64) {
    process_tree(root).iter().fold((0, 0), |(pss, rss), pid| {
        (
            pss + proc_kib(&format!("/proc/{pid}/smaps_rollup"), "Pss:"),
            rss + proc_kib(&format!("/proc/{pid}/status"), "VmRSS:"),
        )
    })
}

/// Debian's OpenSSH server on a loopback port; dropping it stops it and everything it
/// started.
struct Sshd {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        for pid in process_tree(self.child.id()).iter().rev() {
            // SAFETY: kill(2) with a pid read from /proc and a valid signal number.
            unsafe {
                libc::kill(*pid as libc::pid_t, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
    }
}

fn start_sshd(sshd: &Path, dir: &Path, program: &Path) -> anyhow::Result<(Sshd, Arc<russh::keys::PrivateKey>)> {
    let keygen = |name: &str| -> anyhow::Result<PathBuf> {
        let path = dir.join(name);
        let ok = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&path)
            .status()?
            .success();
        anyhow::ensure!(ok, "ssh-keygen failed");
        Ok(path)
    };
    let host = keygen("host_key")?;
    let client = keygen("client_key")?;
    std::fs::copy(client.with_extension("pub"), dir.join("authorized_keys"))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    // The privilege separation directory Debian's sshd expects.
    let _ = std::fs::create_dir_all("/run/sshd");
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nPidFile {dir}/sshd.pid\n\
         AuthorizedKeysFile {dir}/authorized_keys\nStrictModes no\nPubkeyAuthentication yes\n\
         PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n\
         UsePAM no\nPrintMotd no\nPrintLastLog no\nX11Forwarding no\nAllowTcpForwarding no\n\
         MaxStartups 8192:30:16384\nLogLevel ERROR\nForceCommand {program}\n",
        host = host.display(),
        dir = dir.display(),
        program = program.display(),
    );
    let config_path = dir.join("sshd_config");
    std::fs::write(&config_path, config)?;
    let child = Command::new(sshd)
        .arg("-D")
        .arg("-f")
        .arg(&config_path)
        .arg("-E")
        .arg(dir.join("sshd.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let server = Sshd { child, addr };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(addr).is_err() {
        anyhow::ensure!(Instant::now() < deadline, "{} did not start", sshd.display());
        std::thread::sleep(Duration::from_millis(50));
    }
    let key = russh::keys::load_secret_key(&client, None)?;
    Ok((server, Arc::new(key)))
}

/// The account the baseline's sessions log in to. OpenSSH runs ForceCommand through
/// the account's login shell, and bash reads ~/.bashrc when started by sshd (root's may
/// set up pyenv and the like), so as root a system account with /bin/sh is made
/// (`pingshen-bench`, no home, no password); otherwise the current user's.
fn baseline_user() -> anyhow::Result<String> {
    const USER: &str = "pingshen-bench";
    // SAFETY: getuid cannot fail.
    if unsafe { libc::getuid() } == 0 {
        let exists = Command::new("id")
            .arg(USER)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !exists.success() {
            // "*": no password, yet not locked ("!"), which OpenSSH would refuse even
            // for a key.
            let made = Command::new("useradd")
                .args([
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/bin/sh",
                    "--password",
                    "*",
                    USER,
                ])
                .status()?;
            anyhow::ensure!(made.success(), "useradd {USER} failed");
        }
        return Ok(USER.to_string());
    }
    // SAFETY: getpwuid returns a pointer into static storage or null; read at once.
    unsafe {
        let pw = libc::getpwuid(libc::getuid());
        anyhow::ensure!(!pw.is_null(), "who am I?");
        Ok(std::ffi::CStr::from_ptr((*pw).pw_name).to_string_lossy().into_owned())
    }
}

/// The baseline: the same sessions against OpenSSH running `baseline_tui`. A failure
/// comes with the end of OpenSSH's log.
async fn run_openssh(args: &Args) -> anyhow::Result<Report> {
    let dir = tempfile::tempdir()?;
    match measure_openssh(args, dir.path()).await {
        Ok(r) => Ok(r),
        Err(e) => {
            let log = std::fs::read_to_string(dir.path().join("sshd.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            Err(e.context(format!("OpenSSH's log ends:\n{}", tail.join("\n"))))
        }
    }
}

async fn measure_openssh(args: &Args, dir: &Path) -> anyhow::Result<Report> {
    let program = match &args.program {
        Some(p) => p.clone(),
        None => {
            // Beside this program (target/release/examples), or, from a test in
            // target/*/deps, in the examples folder next to it.
            let exe = std::env::current_exe()?;
            let beside = exe.with_file_name("baseline_tui");
            match exe.parent().and_then(Path::parent) {
                Some(up) if !beside.exists() => up.join("examples").join("baseline_tui"),
                _ => beside,
            }
        }
    };
    anyhow::ensure!(
        program.exists(),
        "{} is missing: build it with `cargo build --release --examples`",
        program.display()
    );
    let (sshd, key) = start_sshd(&args.sshd, dir, &program)?;
    let addr = sshd.addr;
    let user = baseline_user()?;
    let n = args.sessions.max(2);
    let login = Login::Key(key);
    let ready = "参评人名单";
    let mut report = Report {
        target: "OpenSSH 9.2 + ratatui program (ForceCommand)",
        sessions: n,
        ..Default::default()
    };
    let first = Term::open(addr, &user, &login).await?;
    first.wait_for(ready, Duration::from_secs(60)).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = tree_memory(sshd.child.id());
    phase("login burst");
    let users = vec![user.clone(); n];
    let (terms, elapsed) = login_burst(&[addr], &users, &login, ready).await?;
    report.login_burst = elapsed;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let loaded = tree_memory(sshd.child.id());
    (report.rss_idle_kib, report.rss_loaded_kib) = (idle.0, loaded.0);
    report.rss_sum_kib = Some((idle.1, loaded.1));
    phase("typing");
    let think = Duration::from_millis(args.think_ms);
    (report.key_latencies, report.bytes_per_key) = latencies(&typing(&terms, Some(args.keys), think, None).await?);
    if args.burst > 0 {
        let users = vec![user.clone(); args.burst];
        drop(burst_while_typing(&mut report, &terms, think, (&[addr], &users, &login, ready)).await?);
    }
    drop(terms);
    drop(first);
    drop(sshd);
    Ok(report)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(run(&args))?;
    report.print();
    Ok(())
}
