//! A flood of half-open connections (issue 16, point 3) against a real `pingshen demo`
//! process with its default limits, while a person logs in again and again from an
//! address of their own. Every flood connection reads the server's version line and
//! then sends nothing, holding its place until the server hangs up, and is opened again
//! at once; the flood comes from several loopback addresses (Linux routes all of
//! 127.0.0.0/8 to lo). Each real login is timed from the TCP connect to the first bytes
//! of the home screen (password accepted, terminal open).
//!
//! ```sh
//! cargo build --release --bins --examples
//! cargo run --release --example flood -- --connections 300 --addresses 20 --logins 100
//! ```
//!
//! `tests/security.rs` runs it small against the debug binary and checks that every
//! login got in (figures are for BENCHMARKS.md, never asserted).

#![allow(dead_code)]

#[path = "support/server.rs"]
mod server;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use russh::ChannelMsg;
use russh::client;
use russh::keys::PublicKeyOrCertificate;
use tokio::io::AsyncReadExt;

#[derive(Parser, Debug, Clone)]
#[command(about = "half-open connections flood a pingshen demo while a person logs in; prints login times")]
pub struct Args {
    /// Flood connections held open at once.
    #[arg(long, default_value_t = 300)]
    pub connections: usize,
    /// Loopback addresses the flood comes from (127.0.0.10 on).
    #[arg(long, default_value_t = 20)]
    pub addresses: usize,
    /// Real logins, one after another, from 127.0.1.1.
    #[arg(long, default_value_t = 100)]
    pub logins: usize,
    /// Seconds the flood runs before the first login.
    #[arg(long, default_value_t = 5)]
    pub warmup: u64,
    /// The `pingshen` binary (default: beside this program, or target/release).
    #[arg(long)]
    pub server: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct Report {
    /// Each real login's time to the home screen, or `None` when it did not get in
    /// within 10 s.
    pub logins: Vec<Option<Duration>>,
    /// Flood connections the server greeted, and those it dropped at once.
    pub flood_greeted: usize,
    pub flood_dropped: usize,
}

impl Report {
    pub fn within(&self, limit: Duration) -> usize {
        self.logins.iter().flatten().filter(|d| **d <= limit).count()
    }

    pub fn print(&self) {
        let mut ok: Vec<Duration> = self.logins.iter().flatten().copied().collect();
        ok.sort();
        let pct = |p: f64| {
            ok.get(((ok.len() as f64 * p).ceil() as usize).saturating_sub(1))
                .map_or("-".to_string(), |d| format!("{:.0} ms", d.as_secs_f64() * 1000.0))
        };
        println!(
            "real logins: {} of {} within 3 s, {} in all; p50 {}, p90 {}, max {}",
            self.within(Duration::from_secs(3)),
            self.logins.len(),
            ok.len(),
            pct(0.5),
            pct(0.9),
            pct(1.0)
        );
        println!(
            "flood: {} connections greeted, {} dropped at once",
            self.flood_greeted, self.flood_dropped
        );
    }
}

/// The demo, in a folder of its own that goes with it.
struct Demo {
    server: server::Server,
    _dir: tempfile::TempDir,
}

fn start_demo(bin: &Path) -> anyhow::Result<Demo> {
    let dir = tempfile::tempdir()?;
    let (data, keys) = (dir.path().join("data"), dir.path().join("keys"));
    let args: [&std::ffi::OsStr; 7] = [
        "demo".as_ref(),
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--keys".as_ref(),
        keys.as_os_str(),
    ];
    Ok(Demo {
        server: server::start(bin, &args, "error")?,
        _dir: dir,
    })
}

/// One flood connection, again and again until `stop`: greeted, then silent.
async fn hold(
    addr: SocketAddr,
    from: IpAddr,
    stop: tokio::sync::watch::Receiver<bool>,
    greeted: Arc<AtomicUsize>,
    dropped: Arc<AtomicUsize>,
) {
    let mut stop = stop;
    while !*stop.borrow() {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        if socket.bind(SocketAddr::new(from, 0)).is_err() {
            return;
        }
        let Ok(mut s) = socket.connect(addr).await else {
            dropped.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let mut buf = [0u8; 256];
        match s.read(&mut buf).await {
            Ok(n) if n > 0 => greeted.fetch_add(1, Ordering::Relaxed),
            _ => {
                dropped.fetch_add(1, Ordering::Relaxed);
                // Not greeted: the address is penalised or full; try again soon.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // Silent until the server hangs up, or the flood stops.
        tokio::select! {
            _ = async { while matches!(s.read(&mut buf).await, Ok(n) if n > 0) {} } => {}
            _ = stop.changed() => return,
        }
    }
}

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A person's login from `from`: connect, password, terminal, the first bytes of the
/// home screen.
async fn login(addr: SocketAddr, from: IpAddr) -> anyhow::Result<()> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    let stream = socket.connect(addr).await?;
    let mut handle = client::connect_stream(Arc::new(client::Config::default()), stream, Client).await?;
    if !handle.authenticate_password("c1-g1-e1", "demo").await?.success() {
        anyhow::bail!("password refused");
    }
    let mut channel = handle.channel_open_session().await?;
    channel.request_pty(true, "xterm", 80, 24, 0, 0, &[]).await?;
    channel.request_shell(true).await?;
    loop {
        match channel.wait().await {
            Some(ChannelMsg::Data { .. }) => break,
            Some(_) => {}
            None => anyhow::bail!("closed before the screen"),
        }
    }
    let _ = handle.disconnect(russh::Disconnect::ByApplication, "done", "en").await;
    Ok(())
}

pub async fn run(args: &Args) -> anyhow::Result<Report> {
    let bin = args.server.clone().unwrap_or_else(server::default_binary);
    let demo = start_demo(&bin)?;
    let addr = demo.server.addr;
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let greeted = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(AtomicUsize::new(0));
    let mut flood = Vec::new();
    for i in 0..args.connections {
        let from = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10 + (i % args.addresses.max(1)) as u8));
        flood.push(tokio::spawn(hold(
            addr,
            from,
            stop.clone(),
            greeted.clone(),
            dropped.clone(),
        )));
    }
    tokio::time::sleep(Duration::from_secs(args.warmup)).await;
    let person = IpAddr::V4(Ipv4Addr::new(127, 0, 1, 1));
    let mut report = Report::default();
    for _ in 0..args.logins {
        let t = Instant::now();
        let outcome = tokio::time::timeout(Duration::from_secs(10), login(addr, person)).await;
        report.logins.push(matches!(outcome, Ok(Ok(()))).then(|| t.elapsed()));
    }
    let _ = stop_tx.send(true);
    for f in flood {
        let _ = f.await;
    }
    report.flood_greeted = greeted.load(Ordering::Relaxed);
    report.flood_dropped = dropped.load(Ordering::Relaxed);
    drop(demo);
    Ok(report)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(run(&args))?;
    report.print();
    Ok(())
}
