//! The load generator (issue 8): N real SSH sessions with a PTY against a real
//! `pingshen serve` process on 127.0.0.1, each an expert of one large professional
//! group who logs in, opens the applicant list, moves around, drafts and submits votes,
//! while the group leader opens the vote switch. It measures:
//!
//! - login burst: the time for all N to log in and see their home screen;
//! - keystroke-to-screen latency (p50, p99): from a key sent to the first bytes of the
//!   frame that answers it, while every session types at a human pace;
//! - bytes sent to the client per keystroke;
//! - fan-out: from the leader pressing `o` to every session showing the open switch;
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
//! `tests/loadgen_smoke.rs` runs it with three sessions, so CI keeps it working.

// Also included by the smoke test, which does not use everything.
#![allow(dead_code)]

#[path = "../tests/support/fixture.rs"]
mod fixture;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use pingshen::domain::{Choice, Lang, Mode};
use pingshen::service::Service;
use pingshen::service::screens::MyVote;
use pingshen::store::Store;
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
    /// Milliseconds a session waits between keystrokes (a person's pace).
    #[arg(long, default_value_t = 250)]
    pub think_ms: u64,
    /// The `pingshen` binary to start (default: beside this program, or in target/release).
    #[arg(long)]
    pub server: Option<PathBuf>,
}

/// What one run measured.
#[derive(Debug, Default)]
pub struct Report {
    pub sessions: usize,
    pub login_burst: Duration,
    pub key_latencies: Vec<Duration>,
    pub bytes_per_key: f64,
    pub fanout: Vec<Duration>,
    pub votes_acknowledged: usize,
    pub votes_in_database: usize,
    pub votes_elapsed: Duration,
    pub rss_idle_kib: u64,
    pub rss_loaded_kib: u64,
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
        println!("sessions                         {}", self.sessions);
        println!("login burst, all sessions        {:.2?}", self.login_burst);
        println!(
            "keystroke to screen              p50 {:.2?}   p99 {:.2?}   ({} keystrokes)",
            pct(&self.key_latencies, 50),
            pct(&self.key_latencies, 99),
            self.key_latencies.len()
        );
        println!("bytes to the client per keystroke {:.0}", self.bytes_per_key);
        println!(
            "fan-out of the switch opening    p50 {:.2?}   p99 {:.2?}   max {:.2?}",
            pct(&self.fanout, 50),
            pct(&self.fanout, 99),
            pct(&self.fanout, 100)
        );
        println!(
            "votes acknowledged               {} in {:.2?} ({:.0}/s); in the database afterwards: {}",
            self.votes_acknowledged,
            self.votes_elapsed,
            self.votes_acknowledged as f64 / self.votes_elapsed.as_secs_f64().max(1e-9),
            self.votes_in_database
        );
        println!(
            "server resident memory           one session {} KiB, all sessions {} KiB: {:.0} KiB per session",
            self.rss_idle_kib,
            self.rss_loaded_kib,
            (self.rss_loaded_kib.saturating_sub(self.rss_idle_kib)) as f64 / n
        );
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

impl Term {
    async fn open(addr: SocketAddr, user: &str, password: &str) -> anyhow::Result<Term> {
        let config = Arc::new(client::Config::default());
        let mut handle = client::connect(config, addr, Handler).await?;
        if !handle.authenticate_password(user, password).await?.success() {
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

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(bin: &Path, data: &Path, keys: &Path) -> anyhow::Result<Server> {
    use std::io::BufRead;
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--idle-timeout",
            "0",
            "--max-startups",
            "4096:30:8192",
            "--per-source-max-startups",
            "4096",
        ])
        .arg("--data")
        .arg(data)
        .arg("--keys")
        .arg(keys)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().expect("piped");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.split("is listening on ").nth(1) {
                    break rest.split_whitespace().next().and_then(|a| a.parse().ok());
                }
            }
            _ => break None,
        }
    };
    // Keep reading (and dropping) what it prints, so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    match addr {
        Some(addr) => Ok(Server { child, addr }),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("{} did not start", bin.display())
        }
    }
}

fn default_server() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/release/examples/loadgen -> target/release/pingshen
    let beside = exe.parent().and_then(Path::parent).map(|d| d.join("pingshen"));
    match beside {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("target/release/pingshen"),
    }
}

/// One run: prepares the data, starts the server, runs the sessions, measures.
pub async fn run(args: &Args) -> anyhow::Result<Report> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let n = args.sessions.max(2);
    // One group: the leader and n experts, `applicants` applicants with lead reviewers.
    let service = Service::new(Store::open(&data)?);
    let size = fixture::Size {
        groups: 1,
        experts_per_group: n + 1,
        // The committee (the group, the director, these) must have an odd size.
        other_members: usize::from(n.is_multiple_of(2)),
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
    let experts: Vec<_> = group.experts[1..].to_vec();
    let bin = args.server.clone().unwrap_or_else(default_server);
    let server = start_server(&bin, &data, &dir.path().join("keys"))?;
    let addr = server.addr;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut report = Report {
        sessions: n,
        ..Default::default()
    };

    // The leader first: the server's one-time costs (password hashing buffers, the
    // database pool) are paid before the idle figure is taken.
    let leader = Term::open(addr, &group.leader.username, fixture::PASSWORD).await?;
    leader.wait_for("待办事项", Duration::from_secs(60)).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    report.rss_idle_kib = rss_kib(server.child.id());

    // Login burst: everyone at once.
    let t = Instant::now();
    let mut logins = Vec::new();
    for e in &experts {
        let user = e.username.clone();
        logins.push(tokio::spawn(async move {
            let term = Term::open(addr, &user, fixture::PASSWORD).await?;
            term.wait_for("待办事项", Duration::from_secs(300)).await?;
            anyhow::Ok(term)
        }));
    }
    let mut terms = Vec::new();
    for l in logins {
        terms.push(Arc::new(l.await??));
    }
    report.login_burst = t.elapsed();
    tokio::time::sleep(Duration::from_millis(300)).await;
    report.rss_loaded_kib = rss_kib(server.child.id());

    // Everyone opens the list; then types at a human pace, measured.
    for t in &terms {
        t.send(b"\r").await;
    }
    for t in &terms {
        t.wait_for("显示 ", Duration::from_secs(60)).await?;
    }
    let mut typing = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        let t = t.clone();
        let (keys, think) = (args.keys, Duration::from_millis(args.think_ms));
        typing.push(tokio::spawn(async move {
            // Spread the sessions over one think time.
            tokio::time::sleep(think.mul_f64((i % 97) as f64 / 97.0)).await;
            let mut out = Vec::new();
            for k in 0..keys {
                let key: &[u8] = if k % 2 == 0 { b"j" } else { b"k" };
                out.push(t.key_latency(key).await);
                tokio::time::sleep(think).await;
            }
            out
        }));
    }
    let mut bytes = 0usize;
    for ty in typing {
        for (lat, b) in ty.await? {
            report.key_latencies.push(lat);
            bytes += b;
        }
    }
    report.bytes_per_key = bytes as f64 / report.key_latencies.len().max(1) as f64;

    // Fan-out: the leader opens the switch; every list shows it.
    leader.send(b"\r").await;
    leader.wait_for("显示 ", Duration::from_secs(60)).await?;
    leader.send(b"g").await;
    leader.wait_for("需同意", Duration::from_secs(60)).await?;
    let open_text = "投票开关已开启";
    let t0 = Instant::now();
    leader.send(b"o").await;
    let mut seen = Vec::new();
    for t in &terms {
        let t = t.clone();
        seen.push(tokio::spawn(async move {
            t.wait_for(open_text, Duration::from_secs(120))
                .await
                .map(|_| t0.elapsed())
        }));
    }
    for s in seen {
        match s.await? {
            Ok(d) => report.fanout.push(d),
            Err(e) => anyhow::bail!("{e}\nthe leader's screen:\n{}", leader.contents()),
        }
    }

    // Votes: each session drafts every applicant (each acknowledged on screen), then
    // submits; then the database must hold every one.
    let applicants = args.applicants.max(1);
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
                term.send(b"j").await;
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
    drop(server);
    Ok(report)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(run(&args))?;
    report.print();
    Ok(())
}
