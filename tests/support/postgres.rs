//! A real PostgreSQL for the tests (Debian's `postgresql` package; contrib/test.sh
//! installs it): one server per test binary, `initdb` into a temporary folder, as the
//! `postgres` user when the tests run as root (PostgreSQL refuses to run as root),
//! listening on 127.0.0.1 at a free port. Each test gets a database of its own
//! (`Postgres::database`).
//!
//! The server stops when the test binary ends, however it ends: a small watchdog
//! process waits for the end of a pipe that only this process holds, then stops the
//! server and removes its folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::Connection;
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;

pub struct Postgres {
    pub port: u16,
    bin: PathBuf,
    dir: PathBuf,
    user: Option<&'static str>,
    /// The watchdog, and its stdin: closed when this process ends. (Never waited for:
    /// it outlives this process by design.)
    _lifeline: std::sync::Mutex<(std::process::Child, std::process::ChildStdin)>,
}

static SERVER: OnceLock<Postgres> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The PostgreSQL programs' folder: Debian's `/usr/lib/postgresql/N/bin` (the newest),
/// else `pg_config --bindir`.
fn bindir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return bin;
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if bin.join("initdb").is_file() {
            return bin;
        }
    }
    panic!(
        "these tests need PostgreSQL's server programs (initdb, pg_ctl): apt-get install postgresql (contrib/test.sh installs it)"
    );
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

impl Postgres {
    /// The server of this test binary, started on first use.
    pub fn get() -> &'static Postgres {
        SERVER.get_or_init(Postgres::start)
    }

    fn start() -> Postgres {
        let bin = bindir();
        let user = is_root().then_some("postgres");
        let dir = std::env::temp_dir().join(format!("pingshen-pg-{}-{}", std::process::id(), rand_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(u) = user {
            let ok = Command::new("chown").arg(u).arg(&dir).status().unwrap().success();
            assert!(
                ok,
                "cannot give {} to the {u} user (apt-get install postgresql makes it)",
                dir.display()
            );
        }
        let port = free_port();
        let run = |program: &str, args: &[&str]| {
            let mut cmd = match user {
                Some(u) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", u, "--"]).arg(bin.join(program));
                    c
                }
                None => Command::new(bin.join(program)),
            };
            let out = cmd.args(args).output().unwrap();
            assert!(
                out.status.success(),
                "{program} {args:?} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let data = dir.join("db");
        let data_s = data.to_string_lossy().to_string();
        run(
            "initdb",
            &[
                "-D",
                &data_s,
                "-A",
                "trust",
                "-U",
                "pingshen",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        // The settings go into the server's own configuration file, so a `pg_ctl
        // start` after a stop (tests/several_nodes.rs) comes back the same.
        let settings = format!(
            "\nport = {port}\nunix_socket_directories = '{}'\nlisten_addresses = '127.0.0.1'\nmax_connections = 400\nfsync = off\nfull_page_writes = off\n",
            dir.display()
        );
        let conf = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap();
        text.push_str(&settings);
        std::fs::write(&conf, text).unwrap();
        let log = dir.join("log").to_string_lossy().to_string();
        run("pg_ctl", &["-D", &data_s, "-l", &log, "-w", "start"]);
        let lifeline = watchdog(&bin, &data, &dir, user);
        Postgres {
            port,
            bin,
            dir,
            user,
            _lifeline: std::sync::Mutex::new(lifeline),
        }
    }

    /// The URL of a database on this server.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://pingshen@127.0.0.1:{}/{db}", self.port)
    }

    /// A new, empty database of its own for one test; its URL.
    pub fn database(&self) -> String {
        let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let mut admin = PgConnection::establish(&self.url("postgres")).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap();
        self.url(&name)
    }

    /// A copy of database `from` (its URL) as it is now, taken with pg_dump while it is
    /// in use; the copy's URL.
    pub fn copy(&self, from: &str) -> String {
        let to = self.database();
        let dump = Command::new(self.bin.join("pg_dump"))
            .args(["--no-owner", "-d", from])
            .output()
            .unwrap();
        assert!(
            dump.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&dump.stderr)
        );
        let mut psql = Command::new(self.bin.join("psql"))
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-d", &to])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        psql.stdin.take().unwrap().write_all(&dump.stdout).unwrap();
        assert!(psql.wait().unwrap().success(), "psql could not load the copy");
        to
    }

    /// A copy of database `from` (its URL), which no one may be connected to (a copy made
    /// by `copy`, say): PostgreSQL's template copy, fast. The copy's URL.
    pub fn copy_idle(&self, from: &str) -> String {
        let template = from.rsplit('/').next().unwrap();
        let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let mut admin = PgConnection::establish(&self.url("postgres")).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut admin)
            .unwrap();
        self.url(&name)
    }

    /// Runs `pg_ctl` on the server (`restart`, `stop`, `start`), waiting for it.
    pub fn ctl(&self, action: &str) {
        let data = self.dir.join("db").to_string_lossy().to_string();
        let mut cmd = match self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(self.bin.join("pg_ctl"));
                c
            }
            None => Command::new(self.bin.join("pg_ctl")),
        };
        let log = self.dir.join("log").to_string_lossy().to_string();
        let status = cmd
            .args(["-D", &data, "-l", &log, "-m", "fast", "-w", action])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl {action} failed");
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Starts the process that stops the server when this one ends: it reads its stdin
/// (a pipe whose writing end only this process holds) until the end, then runs
/// `pg_ctl stop` and removes the folder.
fn watchdog(
    bin: &Path,
    data: &Path,
    dir: &Path,
    user: Option<&str>,
) -> (std::process::Child, std::process::ChildStdin) {
    let pg_ctl = bin.join("pg_ctl");
    let stop = match user {
        Some(u) => format!(
            "runuser -u {u} -- '{}' -D '{}' -m immediate stop",
            pg_ctl.display(),
            data.display()
        ),
        None => format!("'{}' -D '{}' -m immediate stop", pg_ctl.display(), data.display()),
    };
    let script = format!("cat >/dev/null; {stop} >/dev/null 2>&1; rm -rf '{}'", dir.display());
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    h.finish()
}
