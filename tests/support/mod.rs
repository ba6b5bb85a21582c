//! The end-to-end test harness: a real pingshen SSH server on an ephemeral 127.0.0.1
//! port over a fresh SQLite file, a real SSH client (russh) with a PTY, and a terminal
//! emulator (vt100) that shows what the user would see.
//!
//! ```ignore
//! let server = TestServer::demo().await;
//! let mut t = server.login("c1-g1-leader", "demo").await.unwrap();
//! t.wait_for("我的评审工作").await;
//! t.press(keys::ENTER).await;
//! t.wait_for("参评人员").await;
//! ```
#![allow(dead_code)]

pub mod driver;
pub mod files;
pub mod fixture;
pub mod openssh;
pub mod postgres;

/// The database engines the store runs on; the engine suites run on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A store on `engine`, in a new temporary data folder (on PostgreSQL, a new database
/// of the tests' server).
pub fn store_on(engine: Engine) -> (tempfile::TempDir, pingshen::store::Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = pingshen::store::Store::open_with(&dir.path().join("data"), options_on(engine)).unwrap();
    (dir, store)
}

/// The store options that open a new database on `engine`.
pub fn options_on(engine: Engine) -> pingshen::store::StoreOptions {
    pingshen::store::StoreOptions {
        database_url: match engine {
            Engine::Sqlite => None,
            Engine::Postgres => Some(postgres::Postgres::get().database()),
        },
        ..Default::default()
    }
}

/// Makes each named function `fn name(engine: Engine)` a test on each engine:
/// `sqlite::name` and `postgres::name`.
#[allow(unused_macros)]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name($crate::support::Engine::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name($crate::support::Engine::Postgres) } )*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use on_both_engines;

/// Fails the test, naming the Debian package, when `program` is not installed (the
/// README's test command, contrib/test.sh, installs them all). No test skips.
pub fn require(program: &str, package: &str) {
    let found = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false);
    assert!(
        found || std::path::Path::new(program).is_file(),
        "this test needs `{program}`: apt-get install {package} (contrib/test.sh installs it)"
    );
}

/// The `pingshen` binary, with none of the settings of the machine it runs on: no
/// `PINGSHEN_*` variable and no configuration file (not even /etc/pingshen/pingshen.toml
/// where the package is installed).
pub fn pingshen_bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pingshen"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PINGSHEN_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("PINGSHEN_CONFIG", "").env_remove("RUST_LOG");
    cmd
}

/// A server process a test started, killed (SIGKILL: no goodbye) and waited for when
/// dropped.
pub struct Process(pub std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cmd` (its stdout taken; stderr as the caller set it) and waits until it
/// prints where it listens ("… is listening on ADDR …"), for at most `within`: the
/// process, and the address if it said one in time.
pub fn start_listening(mut cmd: std::process::Command, within: Duration) -> (Process, Option<std::net::SocketAddr>) {
    use std::io::BufRead;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // Reads to the end, so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("is listening on ").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or_default().to_string());
            }
        }
    });
    let addr = rx.recv_timeout(within).ok().map(|a| a.parse().expect("an address"));
    (Process(child), addr)
}

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pingshen::admin::demo;
use pingshen::service::Service;
use pingshen::ssh::{self, RunningServer, ServerOptions};
use pingshen::store::Store;
use russh::client;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, ChannelWriteHalf};
use tokio::sync::Notify;

/// How long `wait_for` and friends wait before failing the test.
pub const WAIT: Duration = Duration::from_secs(10);

/// How long a real client waits for the screen: [`WAIT`], or longer when the server
/// runs emulated (`PINGSHEN_TEST_WAIT=SECONDS`, for a binary under qemu).
pub fn client_wait() -> Duration {
    std::env::var("PINGSHEN_TEST_WAIT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(WAIT)
}

/// Password of the `operator` account of every test server.
pub const OPERATOR_PASSWORD: &str = "operator-test-pw";
/// Password of every demo account in `TestServer::demo()`.
pub const DEMO_PASSWORD: &str = "demo";

/// Bytes a terminal sends for common keys.
pub mod keys {
    pub const ENTER: &[u8] = b"\r";
    pub const ESC: &[u8] = b"\x1b";
    pub const TAB: &[u8] = b"\t";
    pub const BACKSPACE: &[u8] = b"\x7f";
    pub const UP: &[u8] = b"\x1b[A";
    pub const DOWN: &[u8] = b"\x1b[B";
    pub const RIGHT: &[u8] = b"\x1b[C";
    pub const LEFT: &[u8] = b"\x1b[D";
    pub const CTRL_C: &[u8] = b"\x03";
    /// Saves a text of several lines (Enter starts a new line there).
    pub const CTRL_S: &[u8] = b"\x13";
    pub const HOME: &[u8] = b"\x1b[H";
    pub const END: &[u8] = b"\x1b[F";
}

/// A pingshen server over its own temporary data folder.
pub struct TestServer {
    pub addr: SocketAddr,
    pub service: Service,
    pub server: Option<RunningServer>,
    pub dir: tempfile::TempDir,
}

impl TestServer {
    /// A server whose database holds only the operator account.
    pub async fn start() -> TestServer {
        Self::start_with(|_| Ok(())).await
    }

    /// A server over the demo committees (every account's password is `DEMO_PASSWORD`).
    pub async fn demo() -> TestServer {
        Self::start_with(|s| demo::build(s, DEMO_PASSWORD).map(|_| ())).await
    }

    /// A server whose database is prepared by `setup` before it starts.
    pub async fn start_with<F>(setup: F) -> TestServer
    where
        F: FnOnce(&Service) -> pingshen::service::Result<()> + Send + 'static,
    {
        Self::start_with_options(setup, |_| {}).await
    }

    pub async fn start_with_options<F, O>(setup: F, options: O) -> TestServer
    where
        F: FnOnce(&Service) -> pingshen::service::Result<()> + Send + 'static,
        O: FnOnce(&mut ServerOptions),
    {
        Self::start_configured(setup, options, |s| s).await
    }

    /// `start_with_options`, with the service configured too (login limits, sessions
    /// per account).
    pub async fn start_configured<F, O, C>(setup: F, options: O, configure: C) -> TestServer
    where
        F: FnOnce(&Service) -> pingshen::service::Result<()> + Send + 'static,
        O: FnOnce(&mut ServerOptions),
        C: FnOnce(Service) -> Service,
    {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let store = Store::open(&data).expect("open store");
        let service = configure(Service::new(store));
        service
            .blocking(move |s| {
                s.create_operator("operator", OPERATOR_PASSWORD)?;
                setup(s)
            })
            .await
            .expect("set up the database");
        let mut opts = ServerOptions::new("127.0.0.1:0".parse().unwrap(), dir.path().join("keys"));
        // Short enough for quick tests, long enough to measure.
        opts.auth_rejection_time = Duration::from_millis(300);
        options(&mut opts);
        let server = ssh::start(service.clone(), opts).await.expect("start server");
        TestServer {
            addr: server.addr,
            service,
            server: Some(server),
            dir,
        }
    }

    /// Logs in on an 80x24 terminal.
    pub async fn login(&self, user: &str, password: &str) -> Result<Term, LoginFailed> {
        self.login_sized(user, password, 80, 24).await
    }

    pub async fn login_sized(&self, user: &str, password: &str, cols: u32, rows: u32) -> Result<Term, LoginFailed> {
        let mut conn = Conn::connect(self.addr).await;
        if !conn.password(user, password).await {
            return Err(LoginFailed(conn));
        }
        Ok(conn.shell(cols, rows).await)
    }

    /// Logs in at 80x24 from a terminal that says it is `term` (the pty request's TERM).
    pub async fn login_term(&self, user: &str, password: &str, term: &str) -> Result<Term, LoginFailed> {
        let mut conn = Conn::connect(self.addr).await;
        if !conn.password(user, password).await {
            return Err(LoginFailed(conn));
        }
        Ok(conn.shell_term(80, 24, term).await)
    }

    /// An SSH connection that has not logged in yet.
    pub async fn connect(&self) -> Conn {
        Conn::connect(self.addr).await
    }

    /// Terminal sessions the server is running now.
    pub fn live_sessions(&self) -> usize {
        self.server.as_ref().map_or(0, |s| s.live_sessions())
    }

    /// Waits until the server runs exactly `n` terminal sessions.
    pub async fn wait_live_sessions(&self, n: usize) {
        let deadline = Instant::now() + WAIT;
        while self.live_sessions() != n {
            if Instant::now() > deadline {
                panic!("expected {n} live sessions, the server has {}", self.live_sessions());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
    }
}

/// A refused login; the connection is still there for more attempts.
pub struct LoginFailed(pub Conn);

impl std::fmt::Debug for LoginFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginFailed")
    }
}

/// The client side of a connection; tells when the server ended it.
pub struct ClientHandler {
    gone: tokio::sync::watch::Sender<bool>,
}

impl ClientHandler {
    fn new() -> (ClientHandler, tokio::sync::watch::Receiver<bool>) {
        let (gone, rx) = tokio::sync::watch::channel(false);
        (ClientHandler { gone }, rx)
    }
}

impl Drop for ClientHandler {
    fn drop(&mut self) {
        self.gone.send_replace(true);
    }
}

impl client::Handler for ClientHandler {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// An SSH client connection (russh).
pub struct Conn {
    pub handle: client::Handle<ClientHandler>,
    gone: tokio::sync::watch::Receiver<bool>,
}

impl Conn {
    pub async fn connect(addr: SocketAddr) -> Conn {
        let config = Arc::new(client::Config::default());
        let (handler, gone) = ClientHandler::new();
        let handle = client::connect(config, addr, handler).await.expect("connect");
        Conn { handle, gone }
    }

    /// Waits until the server has ended the connection (fails after `within`).
    pub async fn closed_within(&mut self, within: Duration) -> bool {
        tokio::time::timeout(within, self.gone.wait_for(|gone| *gone))
            .await
            .is_ok()
    }

    /// Connects from a chosen local address (any of 127.0.0.0/8 on Linux), so a test
    /// can play several source addresses.
    pub async fn connect_from(addr: SocketAddr, from: std::net::IpAddr) -> std::io::Result<Conn> {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(from, 0))?;
        let stream = socket.connect(addr).await?;
        let config = Arc::new(client::Config::default());
        let (handler, gone) = ClientHandler::new();
        let handle = client::connect_stream(config, stream, handler)
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Conn { handle, gone })
    }

    /// Connects from `from` as a load balancer would: a PROXY v2 header naming `client`
    /// first, then SSH.
    pub async fn connect_via_proxy(
        addr: SocketAddr,
        from: std::net::IpAddr,
        client: SocketAddr,
    ) -> std::io::Result<Conn> {
        use tokio::io::AsyncWriteExt;
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(from, 0))?;
        let mut stream = socket.connect(addr).await?;
        stream.write_all(&proxy_header(client, addr)).await?;
        let config = Arc::new(client::Config::default());
        let (handler, gone) = ClientHandler::new();
        let handle = client::connect_stream(config, stream, handler)
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Conn { handle, gone })
    }

    /// Tries a password; true when accepted.
    pub async fn password(&mut self, user: &str, password: &str) -> bool {
        match self.handle.authenticate_password(user, password).await {
            Ok(r) => r.success(),
            Err(_) => false,
        }
    }

    /// Opens a session channel with a PTY and a shell.
    pub async fn shell(self, cols: u32, rows: u32) -> Term {
        self.shell_term(cols, rows, "xterm-256color").await
    }

    /// Opens a session channel with a PTY of terminal type `term` and a shell.
    pub async fn shell_term(self, cols: u32, rows: u32, term: &str) -> Term {
        self.try_shell_term(cols, rows, term).await.expect("open the session")
    }

    /// [`Conn::shell`], or the error when the connection is gone (a test that kills the
    /// server may race it).
    pub async fn try_shell(self, cols: u32, rows: u32) -> Result<Term, russh::Error> {
        self.try_shell_term(cols, rows, "xterm-256color").await
    }

    async fn try_shell_term(self, cols: u32, rows: u32, term: &str) -> Result<Term, russh::Error> {
        let channel = self.handle.channel_open_session().await?;
        channel.request_pty(true, term, cols, rows, 0, 0, &[]).await?;
        channel.request_shell(true).await?;
        let (mut reader, writer) = channel.split();
        let state = Arc::new(Mutex::new(Screen {
            parser: vt100::Parser::new(nz(rows, 256), nz(cols, 512), 0),
            bytes: 0,
            raw: Vec::new(),
            closed: false,
            exit_status: None,
            success: None,
        }));
        let notify = Arc::new(Notify::new());
        let paused = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (st, nt, pz) = (state.clone(), notify.clone(), paused.clone());
        tokio::spawn(async move {
            loop {
                // A paused reader stops consuming: the client's buffers fill and the
                // server sees a client that no longer reads.
                while pz.load(std::sync::atomic::Ordering::Acquire) {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                let msg = reader.wait().await;
                {
                    let mut s = st.lock().unwrap();
                    match msg {
                        Some(ChannelMsg::Data { data }) => {
                            s.bytes += data.len();
                            if s.raw.len() < RAW_KEPT {
                                s.raw.extend_from_slice(&data);
                            }
                            s.parser.process(&data);
                        }
                        Some(ChannelMsg::ExitStatus { exit_status }) => s.exit_status = Some(exit_status),
                        Some(ChannelMsg::Success) => s.success = Some(true),
                        Some(ChannelMsg::Failure) => s.success = Some(false),
                        Some(ChannelMsg::Eof) => {}
                        Some(ChannelMsg::Close) | None => {
                            s.closed = true;
                            nt.notify_waiters();
                            return;
                        }
                        Some(_) => {}
                    }
                }
                nt.notify_waiters();
            }
        });
        Ok(Term {
            handle: self.handle,
            writer,
            state,
            notify,
            paused,
        })
    }
}

/// A size for the client-side emulator: at least 1, and no larger than the server draws.
fn nz(v: u32, max: u32) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(v.clamp(1, max) as u16).unwrap()
}

/// How many bytes of a session's output are kept as they came (for tests of the
/// escape sequences themselves).
const RAW_KEPT: usize = 4 << 20;

struct Screen {
    parser: vt100::Parser,
    bytes: usize,
    raw: Vec<u8>,
    closed: bool,
    exit_status: Option<u32>,
    success: Option<bool>,
}

/// A logged-in terminal: send keys, read the screen.
pub struct Term {
    pub handle: client::Handle<ClientHandler>,
    writer: ChannelWriteHalf<client::Msg>,
    state: Arc<Mutex<Screen>>,
    notify: Arc<Notify>,
    paused: Arc<std::sync::atomic::AtomicBool>,
}

impl Term {
    /// Stops reading what the server sends, like a client whose terminal froze.
    pub fn stop_reading(&self) {
        self.paused.store(true, std::sync::atomic::Ordering::Release);
    }

    pub fn resume_reading(&self) {
        self.paused.store(false, std::sync::atomic::Ordering::Release);
    }

    /// Sends raw bytes as typed.
    pub async fn send(&self, bytes: &[u8]) {
        self.writer.data_bytes(bytes.to_vec()).await.expect("send");
    }

    /// Sends raw bytes; false when the connection is gone (a test that kills the
    /// server on purpose).
    pub async fn try_send(&self, bytes: &[u8]) -> bool {
        self.writer.data_bytes(bytes.to_vec()).await.is_ok()
    }

    /// Presses one key (see `keys`). A lone Esc is followed by a pause, as when a
    /// person presses it, so that the server does not read it as part of a sequence.
    pub async fn press(&self, key: &[u8]) {
        self.send(key).await;
        if key == keys::ESC {
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
    }

    pub async fn type_text(&self, text: &str) {
        self.send(text.as_bytes()).await;
    }

    /// On the director's panel with ballots missing: `X`, the reason typed, Enter; returns
    /// the confirmation's screen (not yet answered).
    pub async fn close_with_reason(&self, reason: &str) -> String {
        self.press(b"X").await;
        self.wait_for("说明理由后关闭投票开关").await;
        self.type_text(reason).await;
        self.press(keys::ENTER).await;
        self.wait_for(&format!("理由：{reason}")).await
    }

    /// Pastes text the way a terminal does in bracketed-paste mode.
    pub async fn paste(&self, text: &str) {
        let mut b = b"\x1b[200~".to_vec();
        b.extend_from_slice(text.as_bytes());
        b.extend_from_slice(b"\x1b[201~");
        self.send(&b).await;
    }

    pub async fn resize(&self, cols: u32, rows: u32) {
        self.state
            .lock()
            .unwrap()
            .parser
            .screen_mut()
            .set_size(nz(rows, 256), nz(cols, 512));
        self.writer
            .window_change(cols, rows, 0, 0)
            .await
            .expect("window change");
    }

    /// The screen's text, one line per row.
    pub fn screen(&self) -> String {
        self.state.lock().unwrap().parser.screen().contents()
    }

    /// Every byte the server sent so far (the first few MiB), escape sequences and all.
    pub fn raw(&self) -> Vec<u8> {
        self.state.lock().unwrap().raw.clone()
    }

    /// The cell (column, row) where `text` first appears on the screen, counting
    /// double-width characters as two columns.
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        let s = self.state.lock().unwrap();
        let screen = s.parser.screen();
        let (rows, cols) = screen.size();
        for row in 0..rows.get() {
            let line = screen.contents_between(row, 0, row, cols.get());
            if let Some(at) = line.find(text) {
                let col = unicode_width::UnicodeWidthStr::width(&line[..at]);
                return Some((col as u16, row));
            }
        }
        None
    }

    /// A left click at a cell, as a terminal in SGR mouse mode reports it (press and
    /// release).
    pub async fn click(&self, col: u16, row: u16) {
        let (c, r) = (col + 1, row + 1);
        self.send(format!("\x1b[<0;{c};{r}M\x1b[<0;{c};{r}m").as_bytes()).await;
    }

    /// A left click on the first cell of `text`, which must be on the screen.
    pub async fn click_on(&self, text: &str) {
        let (col, row) = self
            .find(text)
            .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{}", self.screen()));
        self.click(col, row).await;
    }

    /// One turn of the wheel, down or up, at the middle of an 80x24 screen.
    pub async fn wheel(&self, down: bool) {
        let b = if down { 65 } else { 64 };
        self.send(format!("\x1b[<{b};40;12M").as_bytes()).await;
    }

    /// The text of one row.
    pub fn row(&self, row: u16) -> String {
        let s = self.state.lock().unwrap();
        let (_, cols) = s.parser.screen().size();
        s.parser.screen().contents_between(row, 0, row, cols.get())
    }

    pub fn is_alternate_screen(&self) -> bool {
        self.state.lock().unwrap().parser.screen().alternate_screen()
    }

    /// Where the terminal's cursor is: (row, column).
    pub fn cursor(&self) -> (u16, u16) {
        self.state.lock().unwrap().parser.screen().cursor_position()
    }

    pub fn is_cursor_hidden(&self) -> bool {
        self.state.lock().unwrap().parser.screen().hide_cursor()
    }

    pub fn bytes_received(&self) -> usize {
        self.state.lock().unwrap().bytes
    }

    pub fn is_closed(&self) -> bool {
        self.state.lock().unwrap().closed
    }

    pub fn exit_status(&self) -> Option<u32> {
        self.state.lock().unwrap().exit_status
    }

    /// Waits until the screen satisfies `pred`; fails the test with the screen otherwise.
    pub async fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_until_within(what, WAIT, pred).await
    }

    /// [`Term::wait_until`] with a patience of its own (for what takes a known while:
    /// a database pool that gives up after its timeout, say).
    pub async fn wait_until_within(&self, what: &str, within: Duration, pred: impl Fn(&str) -> bool) -> String {
        match self.wait_or_closed(what, within, pred).await {
            Some(screen) => screen,
            None => panic!("connection closed while waiting for {what}; screen:\n{}", self.screen()),
        }
    }

    /// The screen once it satisfies `pred`, or None once the connection is gone first;
    /// fails the test after `within`.
    async fn wait_or_closed(&self, what: &str, within: Duration, pred: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            let notified = self.notify.notified();
            let screen = self.screen();
            if pred(&screen) {
                return Some(screen);
            }
            if self.is_closed() {
                return None;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            let _ = tokio::time::timeout(left.min(Duration::from_millis(100)), notified).await;
        }
    }

    /// Waits until `text` is on the screen and returns the screen.
    pub async fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text)).await
    }

    /// Waits until `text` is on the screen (true) or the connection is gone (false, a
    /// server that was killed, say); fails the test only when neither comes.
    pub async fn wait_for_or_closed(&self, text: &str) -> bool {
        self.wait_or_closed(&format!("{text:?}"), WAIT, |s| s.contains(text))
            .await
            .is_some()
    }

    /// Waits until the home screen shows its data (in either language).
    pub async fn wait_home(&self) -> String {
        self.wait_until("the home screen with its data", |s| {
            (s.contains("我的评审工作") || s.contains("My review work"))
                && !s.contains("正在读取数据")
                && !s.contains("Loading...")
        })
        .await
    }

    /// Waits until `text` is no longer on the screen.
    pub async fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to disappear"), |s| !s.contains(text))
            .await
    }

    /// Waits until the server closes the channel.
    pub async fn wait_closed(&self) {
        let deadline = Instant::now() + WAIT;
        while !self.is_closed() {
            let notified = self.notify.notified();
            if Instant::now() > deadline {
                panic!("the server did not close the session; screen:\n{}", self.screen());
            }
            let _ = tokio::time::timeout(Duration::from_millis(100), notified).await;
        }
    }

    /// Drops the connection without a goodbye.
    pub async fn disconnect(self) {
        let _ = self
            .handle
            .disconnect(russh::Disconnect::ByApplication, "bye", "en")
            .await;
    }
}

#[derive(diesel::QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

/// Every table's data but the log of refusals: what a refused action must leave unchanged.
pub fn fingerprint(s: &Service) -> String {
    use diesel::RunQueryDsl;
    let mut c = s.store().conn().unwrap();
    let postgres = matches!(&*c, pingshen::store::Db::Pg(_));
    let tables = if postgres {
        "SELECT tablename::text AS value FROM pg_tables
          WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_diesel%' ORDER BY 1"
    } else {
        "SELECT name AS value FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '__diesel%' ORDER BY name"
    };
    let tables: Vec<Text> = diesel::sql_query(tables).load(&mut c).unwrap();
    let mut out = String::new();
    for t in tables {
        let filter = if t.value == "audit_log" {
            " WHERE action != 'refused'"
        } else {
            ""
        };
        let rows = if postgres {
            // A row as text is all its columns, quoted: no need to list them.
            format!(
                "SELECT coalesce(string_agg(r::text, ';' ORDER BY r::text), '') AS value FROM \"{}\" r{filter}",
                t.value
            )
        } else {
            let cols: Vec<Text> =
                diesel::sql_query(format!("SELECT name AS value FROM pragma_table_info('{}')", t.value))
                    .load(&mut c)
                    .unwrap();
            let expr = cols
                .iter()
                .map(|c| format!("quote(\"{}\")", c.value))
                .collect::<Vec<_>>()
                .join(" || ',' || ");
            format!(
                "SELECT coalesce(group_concat(r, ';'), '') AS value FROM (SELECT {expr} AS r FROM \"{}\"{filter} ORDER BY 1)",
                t.value
            )
        };
        let data: Vec<Text> = diesel::sql_query(rows).load(&mut c).unwrap();
        out.push_str(&t.value);
        out.push_str(&data[0].value);
    }
    out
}

/// A PROXY protocol v2 header (HAProxy's send-proxy-v2) for a connection of `client`
/// to `server`.
pub fn proxy_header(client: SocketAddr, server: SocketAddr) -> Vec<u8> {
    use ppp::v2;
    v2::Builder::with_addresses(
        v2::Version::Two | v2::Command::Proxy,
        v2::Protocol::Stream,
        (client, server),
    )
    .build()
    .expect("a PROXY header")
}
