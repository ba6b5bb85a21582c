//! The server under attack (issue 7): password guessing against one account and from
//! one address, floods of unauthenticated connections, sessions per account, idle
//! sessions, the SSH algorithms offered, and what reaches the log.

mod support;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use pingshen::domain::Mode;
use pingshen::domain::throttle::{KeyKind, LoginLimits, Policy};
use pingshen::ssh::MaxStartups;
use support::{Conn, OPERATOR_PASSWORD, TestServer, fixture, keys};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn ip(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

/// Everything the server logs in this test binary.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug,russh=info")
            .with_ansi(false)
            .with_writer(move || LogWriter(writer.clone()))
            .try_init();
        buf
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Limits as in production, with the waits shortened so thousands of attempts fit in a
/// test: three free tries then 5 ms doubling to 40 ms; 10 failures lock an account,
/// 40 an address, for an hour.
fn quick_limits() -> LoginLimits {
    let quick = |p: Policy, lock: u32| Policy {
        backoff_base: Duration::from_millis(5),
        backoff_max: Duration::from_millis(40),
        lockout_after: lock,
        lockout: Duration::from_secs(3600),
        ..p
    };
    LoginLimits {
        account: quick(Policy::account_default(), 10),
        address: quick(Policy::address_default(), 40),
    }
}

async fn guard_server() -> TestServer {
    captured_log();
    TestServer::start_configured(
        |s| {
            let fx = fixture::build(s, "g", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| {
            o.auth_rejection_time = Duration::from_millis(1);
            o.max_auth_attempts = 50;
        },
        |s| s.with_login_limits(quick_limits()),
    )
    .await
}

/// What became of password attempts: accepted, refused (the server answered no).
#[derive(Default, Debug)]
struct Tally {
    accepted: usize,
    refused: usize,
}

impl Tally {
    async fn attempt(&mut self, conn: &mut Conn, user: &str, password: &str) {
        match conn.handle.authenticate_password(user, password).await {
            Ok(r) if r.success() => self.accepted += 1,
            Ok(_) => self.refused += 1,
            Err(e) => panic!("an attempt got no answer: {e}"),
        }
    }
}

/// Tries `passwords` on `user` from `from`, 50 a connection.
async fn guess(addr: SocketAddr, from: IpAddr, user: String, passwords: Vec<String>) -> Tally {
    let mut tally = Tally::default();
    let mut conn = Conn::connect_from(addr, from).await.expect("connect");
    for (i, pw) in passwords.iter().enumerate() {
        if i % 50 == 49 {
            conn = Conn::connect_from(addr, from).await.expect("connect");
        }
        tally.attempt(&mut conn, &user, pw).await;
    }
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_wrong_passwords_get_nowhere_and_lock_out_while_others_log_in() {
    let server = guard_server().await;
    let addr = server.addr;
    let started = Instant::now();
    // Four attackers at once on one account from one address, 1600 guesses; one more
    // sprays 1600 guesses over real and unknown accounts from another address.
    let mut attacks = Vec::new();
    for t in 0..4 {
        let pws = (0..400).map(|i| format!("guess-{t}-{i}-Secret")).collect();
        attacks.push(tokio::spawn(guess(addr, ip(2), "g-g0-e1".into(), pws)));
    }
    let spray = tokio::spawn(async move {
        let mut tally = Tally::default();
        let mut conn = Conn::connect_from(addr, ip(3)).await.expect("connect");
        for i in 0..1600 {
            let user = match i % 4 {
                0 => "g-g1-e2".to_string(),
                1 => "g-director".to_string(),
                _ => format!("nobody{i}"),
            };
            if i % 50 == 49 {
                conn = Conn::connect_from(addr, ip(3)).await.expect("connect");
            }
            tally.attempt(&mut conn, &user, &format!("spray-{i}-Secret")).await;
        }
        tally
    });
    // Meanwhile a member from elsewhere logs in and works, promptly.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t0 = Instant::now();
    let mut legit = Conn::connect_from(addr, ip(5)).await.unwrap();
    assert!(
        legit.password("g-g0-e2", fixture::PASSWORD).await,
        "a legitimate user is refused"
    );
    let legit_login = t0.elapsed();
    let term = legit.shell(80, 24).await;
    term.wait_home().await;
    let (mut accepted, mut refused) = (0, 0);
    for a in attacks {
        let t = a.await.unwrap();
        (accepted, refused) = (accepted + t.accepted, refused + t.refused);
    }
    let t = spray.await.unwrap();
    (accepted, refused) = (accepted + t.accepted, refused + t.refused);
    assert_eq!(accepted, 0, "a wrong password was accepted");
    assert_eq!(refused, 3200, "every guess was answered with a refusal");
    println!(
        "3200 wrong passwords refused in {:.1} s; a legitimate login meanwhile took {} ms",
        started.elapsed().as_secs_f64(),
        legit_login.as_millis()
    );
    assert!(
        legit_login < Duration::from_secs(5),
        "the legitimate login waited {legit_login:?}"
    );

    // The account guessed at is locked: its right password from a third address fails.
    let mut c = Conn::connect_from(addr, ip(4)).await.unwrap();
    assert!(
        !c.password("g-g0-e1", fixture::PASSWORD).await,
        "a locked account logged in"
    );
    // The spraying address is locked: even a right password of another account fails.
    let mut c = Conn::connect_from(addr, ip(3)).await.unwrap();
    assert!(
        !c.password("g-g1-e1", fixture::PASSWORD).await,
        "a locked address logged in"
    );
    // At most the lockout's worth of guesses was ever checked against the hash: the
    // rest were refused unchecked.
    let blocks = server.service.blocking(|s| s.login_blocks()).await.unwrap();
    let find = |kind: KeyKind, key: &str| blocks.iter().find(|b| b.kind == kind && b.key == key).cloned();
    let account = find(KeyKind::Account, "g-g0-e1").expect("the account is remembered");
    assert!(account.locked_until.is_some(), "{account:?}");
    let address = find(KeyKind::Address, "127.0.0.3").expect("the address is remembered");
    assert!(address.locked_until.is_some(), "{address:?}");
    assert!(find(KeyKind::Address, "127.0.0.5").is_none());
    assert!(find(KeyKind::Account, "g-g0-e2").is_none());
    // Unknown usernames are not remembered as accounts (no table of every name tried).
    assert!(!blocks.iter().any(|b| b.key.starts_with("nobody")));
    let log = String::from_utf8_lossy(&captured_log().lock().unwrap()).to_string();
    let checked =
        log.matches("login refused: wrong password").count() + log.matches("login refused: unknown username").count();
    assert!(checked < 200, "{checked} guesses were checked");
    assert!(log.contains("login refused unchecked: too many failed logins"));
    assert!(log.contains("login lockout engaged"));
    drop(term);

    // The office's command line sees them too, and lifts the address's lockout.
    let data = server.service.store().path().parent().unwrap().to_path_buf();
    let out = support::pingshen_bin()
        .args(["logins", "list", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{listed}");
    assert!(
        listed.contains("g-g0-e1") && listed.contains("127.0.0.3") && listed.contains("locked until"),
        "{listed}"
    );
    let out = support::pingshen_bin()
        .args(["logins", "clear", "--address", "127.0.0.3", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut c = Conn::connect_from(addr, ip(3)).await.unwrap();
    assert!(
        c.password("g-g1-e1", fixture::PASSWORD).await,
        "the address is still locked"
    );
    let blocks = server.service.blocking(|s| s.login_blocks()).await.unwrap();

    // The office sees the account on its screen and lifts its lockout there.
    let op = server.login("operator", OPERATOR_PASSWORD).await.unwrap();
    op.wait_home().await;
    op.press(b"b").await;
    let screen = op.wait_for("g-g0-e1").await;
    assert!(screen.contains("锁定至"), "{screen}");
    // Select the account's row (the screen lists them as the service does) and lift it.
    let row = blocks
        .iter()
        .position(|b| b.kind == KeyKind::Account && b.key == "g-g0-e1")
        .unwrap();
    for _ in 0..row {
        op.press(keys::DOWN).await;
    }
    op.press(keys::ENTER).await;
    op.wait_for("清除所选账号或地址").await;
    op.press(b"y").await;
    op.wait_gone("g-g0-e1").await;
    // Now its owner logs in, from the address that was never locked.
    let mut c = Conn::connect_from(addr, ip(4)).await.unwrap();
    assert!(
        c.password("g-g0-e1", fixture::PASSWORD).await,
        "lifting the lockout did not work"
    );
    // Not the office: an expert's session has no such screen, and the engine refuses.
    let expert = server.service.identity_by_username("g-g0-e2").unwrap().unwrap();
    assert!(server.service.clear_login_blocks(&expert, None).is_err());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_never_reach_the_log() {
    let server = guard_server().await;
    let addr = server.addr;
    let mut c = Conn::connect_from(addr, ip(20)).await.unwrap();
    assert!(!c.password("g-g0-e2", "Wrong-Pw-4711").await);
    // People type their password into the username prompt: an unknown name is not logged.
    assert!(!c.password("My-Pw-In-The-Name-0815", "x").await);
    assert!(c.password("g-g0-e2", fixture::PASSWORD).await);
    let _t = c.shell(80, 24).await;
    // From an address locked out, the names typed are not logged either.
    let mut c = Conn::connect_from(addr, ip(21)).await.unwrap();
    for i in 0..45 {
        if i % 40 == 39 {
            c = Conn::connect_from(addr, ip(21)).await.unwrap();
        }
        assert!(!c.password("Secret-Typed-As-Name-77", "x").await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = String::from_utf8_lossy(&captured_log().lock().unwrap()).to_string();
    assert!(log.contains("login accepted"), "the log is not captured");
    let blocks = server.service.blocking(|s| s.login_blocks()).await.unwrap();
    assert!(
        blocks.iter().any(|b| b.key == "127.0.0.21" && b.locked_until.is_some()),
        "the address never locked: {blocks:?}"
    );
    for secret in ["Wrong-Pw-4711", "My-Pw-In-The-Name-0815", "Secret-Typed-As-Name-77"] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
    // The right password is "pw", too short to look for alone: look for it as a field.
    assert!(!log.contains("password=") && !log.contains("password: \"pw\""));
    // And not in the database's audit log either.
    let audit = server
        .service
        .blocking(|s| {
            let mut conn = s.store().conn()?;
            let v = pingshen::store::audit::verify(&mut conn)?;
            Ok(v.entries)
        })
        .await
        .unwrap();
    assert!(audit > 0);
    let bytes = std::fs::read(server.service.store().path()).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Wrong-Pw-4711"));
    server.stop().await;
}

/// Reads what a fresh connection gets: the server's version line, or nothing when it
/// was dropped at once.
async fn greeting(addr: SocketAddr, from: IpAddr) -> (tokio::net::TcpStream, Option<String>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    let mut s = socket.connect(addr).await.unwrap();
    let mut buf = vec![0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("the server neither spoke nor hung up")
        .unwrap_or(0);
    let line = (n > 0).then(|| {
        String::from_utf8_lossy(&buf[..n])
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    });
    (s, line)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unauthenticated_connections_are_capped_per_address_and_in_all() {
    captured_log();
    let server = TestServer::start_with_options(
        |s| {
            let fx = fixture::build(s, "u", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| {
            o.per_source_max_startups = 3;
            o.max_startups = "5:100:5".parse::<MaxStartups>().unwrap();
        },
    )
    .await;
    let addr = server.addr;
    // Three from one address are let in; the fourth is dropped without a word.
    let mut held = Vec::new();
    for _ in 0..3 {
        let (s, line) = greeting(addr, ip(30)).await;
        assert_eq!(line.as_deref(), Some("SSH-2.0-pingshen"));
        held.push(s);
    }
    let (_, line) = greeting(addr, ip(30)).await;
    assert_eq!(
        line, None,
        "a fourth unauthenticated connection from one address was let in"
    );
    // Another address still gets in, until five are waiting in all.
    for _ in 0..2 {
        let (s, line) = greeting(addr, ip(31)).await;
        assert!(line.is_some());
        held.push(s);
    }
    // The table is full, yet a newcomer from another address is let in: the connection
    // that made the least progress (the oldest silent one of the address holding the
    // most) is hung up on instead.
    let (newcomer, line) = greeting(addr, ip(32)).await;
    assert_eq!(
        line.as_deref(),
        Some("SSH-2.0-pingshen"),
        "a newcomer was refused for a full table"
    );
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), held[0].read(&mut buf))
        .await
        .expect("the evicted connection is hung up on")
        .unwrap_or(0);
    assert_eq!(n, 0, "the oldest silent connection of the busiest address was evicted");
    drop(held);
    drop(newcomer);
    // A logged-in connection without its terminal still counts towards its address's
    // limit, and goes when it starts none within seconds of its login.
    let mut c = loop {
        let mut c = Conn::connect_from(addr, ip(33)).await.unwrap();
        if c.password("u-g0-e1", fixture::PASSWORD).await {
            break c;
        }
    };
    let mut still = Vec::new();
    for _ in 0..2 {
        let (s, line) = greeting(addr, ip(33)).await;
        assert!(line.is_some());
        still.push(s);
    }
    let (_, line) = greeting(addr, ip(33)).await;
    assert_eq!(line, None, "a logged-in connection without a terminal did not count");
    assert!(
        c.closed_within(Duration::from_secs(20)).await,
        "a login without a terminal was kept past its 10 s"
    );
    server.stop().await;
}

/// One account logged in many times without a terminal (paramiko's `auth_password` and
/// nothing more) holds at most two connections: each newer login replaces its oldest,
/// and everybody else still gets in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_cannot_fill_the_connection_slots_with_logins_without_a_terminal() {
    let server = TestServer::start_with_options(
        |s| {
            let fx = fixture::build(s, "v", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| o.max_connections = 8,
    )
    .await;
    let addr = server.addr;
    let mut logins = Vec::new();
    for _ in 0..8 {
        let mut c = Conn::connect_from(addr, ip(40)).await.unwrap();
        assert!(c.password("v-g0-e1", fixture::PASSWORD).await);
        logins.push(c);
    }
    // Only the two newest are still connected (the server hangs the others up).
    for c in &mut logins[..6] {
        assert!(
            c.closed_within(Duration::from_secs(5)).await,
            "an older login without a terminal was kept"
        );
    }
    assert!(!logins[6].handle.is_closed() && !logins[7].handle.is_closed());
    // With the 8 connection slots of this server, another user still logs in and works.
    let t = server.login("v-g1-e1", fixture::PASSWORD).await.unwrap();
    t.wait_for("待办事项").await;
    server.stop().await;
}

#[test]
fn max_startups_drops_with_rising_chance_between_start_and_full() {
    let m: MaxStartups = "10:30:100".parse().unwrap();
    assert_eq!(m.drop_percent(9), 0);
    assert_eq!(m.drop_percent(10), 30);
    assert_eq!(m.drop_percent(55), 65);
    assert_eq!(m.drop_percent(100), 100);
    for bad in ["", "0", "10:30", "10:101:100", "10:30:5", "a:b:c"] {
        assert!(bad.parse::<MaxStartups>().is_err(), "{bad} accepted");
    }
    assert_eq!("8".parse::<MaxStartups>().unwrap().drop_percent(8), 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_per_account_are_capped_and_the_oldest_is_taken_over() {
    let server = TestServer::start_configured(
        |s| {
            let fx = fixture::build(s, "c", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |_| {},
        |s| s.with_sessions_per_account(2),
    )
    .await;
    let a = server.login("c-g0-e1", fixture::PASSWORD).await.unwrap();
    a.wait_home().await;
    let b = server.login("c-g0-e1", fixture::PASSWORD).await.unwrap();
    b.wait_home().await;
    server.wait_live_sessions(2).await;
    assert!(!a.is_closed());
    let c = server.login("c-g0-e1", fixture::PASSWORD).await.unwrap();
    c.wait_home().await;
    a.wait_closed().await;
    assert_eq!(a.exit_status(), Some(pingshen::ssh::EXIT_TAKEN_OVER));
    assert!(!b.is_closed() && !c.is_closed());
    server.wait_live_sessions(2).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sessions_are_warned_then_closed() {
    let server = TestServer::start_with_options(
        |s| {
            let fx = fixture::build(s, "i", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| {
            o.idle_timeout = Some(Duration::from_secs(4));
            o.idle_warning = Duration::from_secs(3);
        },
    )
    .await;
    let before = server.service.blocking(|s| Ok(support::fingerprint(s))).await.unwrap();
    let t = server.login("i-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_home().await;
    let screen = t.wait_for("即将断开连接").await;
    assert!(screen.contains("按任意键继续"), "{screen}");
    // A key answers the warning and does nothing else (here `1` would draft nothing on
    // home anyway; `q` would quit): the session stays.
    t.press(b"q").await;
    t.wait_gone("即将断开连接").await;
    assert!(!t.is_closed());
    // Left alone again: warned again, then closed with its own exit status and words.
    t.wait_for("即将断开连接").await;
    t.wait_closed().await;
    assert_eq!(t.exit_status(), Some(pingshen::ssh::EXIT_IDLE));
    assert!(t.screen().contains("长时间没有操作，连接已断开"), "{}", t.screen());
    let after = server.service.blocking(|s| Ok(support::fingerprint(s))).await.unwrap();
    assert_eq!(before, after, "an idle close changed data");
    server.wait_live_sessions(0).await;
    server.stop().await;
}

/// The name-lists of the server's KEXINIT, read off the wire before any encryption.
async fn server_kexinit(addr: SocketAddr) -> (String, Vec<Vec<String>>) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(b"SSH-2.0-probe\r\n").await.unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let version_end = loop {
        let n = s.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the server hung up");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(2).position(|w| w == b"\r\n") {
            break p;
        }
    };
    let version = String::from_utf8_lossy(&buf[..version_end]).to_string();
    let mut rest = buf[version_end + 2..].to_vec();
    while rest.len() < 4 || rest.len() < 4 + u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize {
        let n = s.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the server hung up before its KEXINIT");
        rest.extend_from_slice(&chunk[..n]);
    }
    let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
    let padding = rest[4] as usize;
    let payload = &rest[5..4 + len - padding];
    assert_eq!(payload[0], 20, "not a KEXINIT");
    let mut at = 1 + 16;
    let mut lists = Vec::new();
    for _ in 0..10 {
        let n = u32::from_be_bytes(payload[at..at + 4].try_into().unwrap()) as usize;
        let names = String::from_utf8_lossy(&payload[at + 4..at + 4 + n]).to_string();
        lists.push(names.split(',').filter(|x| !x.is_empty()).map(String::from).collect());
        at += 4 + n;
    }
    (version, lists)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_modern_algorithms_with_strict_kex_and_no_details_in_the_version() {
    let server = TestServer::start().await;
    let (version, lists) = server_kexinit(server.addr).await;
    // No implementation or version details.
    assert_eq!(version, "SSH-2.0-pingshen");
    let [kex, host_keys, c2s, s2c, mac_c2s, mac_s2c, comp_c2s, comp_s2c, ..] = lists.as_slice() else {
        panic!("short KEXINIT");
    };
    // Strict key exchange (the Terrapin countermeasure) is offered.
    assert!(kex.contains(&"kex-strict-s-v00@openssh.com".to_string()), "{kex:?}");
    for k in kex {
        assert!(
            k.starts_with("curve25519")
                || k.starts_with("mlkem768x25519")
                || k.starts_with("ext-info")
                || k.starts_with("kex-strict"),
            "old key exchange offered: {k}"
        );
    }
    assert_eq!(host_keys, &vec!["ssh-ed25519".to_string()]);
    for list in [c2s, s2c] {
        assert!(!list.is_empty());
        for c in list {
            assert!(
                c.contains("gcm") || c.contains("chacha20-poly1305"),
                "non-AEAD cipher offered: {c}"
            );
        }
    }
    for list in [mac_c2s, mac_s2c] {
        for m in list {
            assert!(m.contains("-etm@") && !m.contains("sha1"), "weak MAC offered: {m}");
        }
    }
    assert_eq!(comp_c2s, &vec!["none".to_string()]);
    assert_eq!(comp_s2c, &vec!["none".to_string()]);
    // The login banner names the product, not its version.
    let banner = pingshen::tui::text::login_banner();
    assert!(!banner.contains(env!("CARGO_PKG_VERSION")), "{banner}");
    server.stop().await;
}

/// This process's resident memory in KiB (the server runs inside the test).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_of_bad_terminal_input_are_survived_in_bounded_memory() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "b", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let bystander = server.login("b-g1-e1", fixture::PASSWORD).await.unwrap();
    bystander.wait_home().await;
    let t = server.login("b-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_home().await;
    let before = rss_kib();
    // A resize storm across the whole range of sizes a client can claim.
    let sizes = [
        (0, 0),
        (1, 1),
        (65_535, 65_535),
        (80, 24),
        (300, 100),
        (65_535, 1),
        (1, 65_535),
        (79, 23),
    ];
    for i in 0..4000usize {
        let (w, h) = sizes[i % sizes.len()];
        t.resize(w, h).await;
    }
    // A 1 MiB paste (kept), one byte more (dropped whole), both into the filter.
    t.press(b"/").await;
    t.paste(&"评".repeat(pingshen::ssh::input::MAX_PASTE / 3)).await;
    t.paste(&"x".repeat(pingshen::ssh::input::MAX_PASTE + 1)).await;
    // Invalid UTF-8 and broken escape sequences, a quarter of a MiB of each.
    let mut junk = Vec::new();
    let mut x: u32 = 12345;
    while junk.len() < 256 * 1024 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((x >> 16) as u8 | 0x80);
    }
    t.send(&junk).await;
    let mut broken = Vec::new();
    while broken.len() < 256 * 1024 {
        broken.extend_from_slice(b"\x1b[1;2;3;4;5;6;7;8;9\x1bP+q\x1b]0;");
        broken.extend(std::iter::repeat_n(b'9', 200));
        broken.extend_from_slice(b"\xe5\xbc\x1b[200~\x1b[<0;1;");
    }
    t.send(&broken).await;
    t.send(b"\x1b[201~").await;
    // Back to a normal size: the session still answers keys.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    t.resize(80, 24).await;
    t.press(keys::ESC).await;
    t.press(keys::ESC).await;
    t.wait_home().await;
    assert!(!t.is_closed());
    assert_eq!(server.live_sessions(), 2);
    // The other session never noticed.
    bystander.press(keys::ENTER).await;
    bystander.wait_for("显示 ").await;
    let after = rss_kib();
    println!("resident memory {before} KiB before the flood, {after} KiB after");
    assert!(
        after < before + 256 * 1024,
        "memory grew from {before} KiB to {after} KiB"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logged_in_connections_without_a_terminal_or_after_it_are_hung_up_on() {
    let server = TestServer::start_with_options(
        |s| {
            let fx = fixture::build(s, "h", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| o.login_grace = Duration::from_secs(2),
    )
    .await;
    // Logged in, but never asks for a terminal: gone at the grace time.
    let mut idle = server.connect().await;
    assert!(idle.password("h-g0-e1", fixture::PASSWORD).await);
    let started = Instant::now();
    while !idle.handle.is_closed() {
        // The grace time, and the few seconds one who just logged in gets for the terminal.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "a logged-in connection without a terminal stayed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A terminal session that ended: the server hangs up even if the client stays.
    let t = server.login("h-g0-e2", fixture::PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(b"q").await;
    t.wait_closed().await;
    let started = Instant::now();
    while !t.handle.is_closed() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the connection stayed after its session ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.stop().await;
}

/// paramiko (and the tools built on it) asks for the authentication service again before
/// every password attempt; the server answers each time, so a second try works at once
/// instead of hanging until the client's timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paramiko_can_retry_a_password() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "p", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let script = r#"
import sys, paramiko
t = paramiko.Transport(("127.0.0.1", int(sys.argv[1])))
t.start_client(timeout=20)
try:
    t.auth_password("p-g0-e1", "wrong-password")
    print("first accepted")
except paramiko.AuthenticationException as e:
    print("first refused")
t.auth_password("p-g0-e1", sys.argv[2])
print("second accepted" if t.is_authenticated() else "second refused")
"#;
    let port = server.addr.port().to_string();
    support::require("python3", "python3");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .args(["-c", script, &port, fixture::PASSWORD])
            .output()
            .expect("python3 is required")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'paramiko'") && !stderr.contains("no acceptable ciphers"),
        "paramiko 3.5 or newer is required (the first with AES-GCM): pip install --user \
         'paramiko>=3.5' (contrib/test.sh installs it)\n{stderr}"
    );
    assert_eq!(stdout.trim(), "first refused\nsecond accepted", "{stderr}");
    server.stop().await;
}

#[path = "../examples/flood.rs"]
mod flood;

/// Half-open connections from many addresses (each reads the version line and sends
/// nothing, reopened as soon as the server hangs up) against the real server binary
/// with its default limits: a person from another address still gets in, every time.
/// (The figures, login times under the full flood, are in BENCHMARKS.md.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_half_open_connections_does_not_keep_people_out() {
    let args = flood::Args {
        connections: 200,
        addresses: 10,
        logins: 10,
        warmup: 3,
        server: Some(env!("CARGO_BIN_EXE_pingshen").into()),
    };
    let report = flood::run(&args).await.expect("the flood run");
    report.print();
    // The flood filled the table (128 by default) at least once over.
    assert!(
        report.flood_greeted >= 128,
        "the flood never filled the table: {report:?}"
    );
    assert_eq!(
        report.logins.iter().flatten().count(),
        10,
        "a login did not get in: {report:?}"
    );
}

/// Behind a load balancer (`server.proxy_from`): the PROXY v2 header of a named
/// balancer gives the client's address to the login limits and the log; a connection
/// from the balancer without the header is refused; with nobody named, a header sent
/// by anyone is refused and its address is never taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_address_comes_from_the_proxy_header_of_a_named_balancer_only() {
    let log = captured_log();
    let balancer = ip(7);
    let server = TestServer::start_configured(
        |_| Ok(()),
        |o| o.proxies = pingshen::ssh::proxy::parse_proxies("127.0.0.7").unwrap(),
        |s| s,
    )
    .await;
    let client: SocketAddr = "203.0.113.9:51000".parse().unwrap();
    let mut c = Conn::connect_via_proxy(server.addr, balancer, client).await.unwrap();
    assert!(!c.password("operator", "wrong").await);
    assert!(
        c.password("operator", OPERATOR_PASSWORD).await,
        "a login through the balancer"
    );
    let blocks = server.service.blocking(|s| s.login_blocks()).await.unwrap();
    let addresses: Vec<&str> = blocks
        .iter()
        .filter(|b| b.kind == KeyKind::Address)
        .map(|b| b.key.as_str())
        .collect();
    assert_eq!(addresses, ["203.0.113.9"], "the client's address, not the balancer's");
    let text = String::from_utf8_lossy(&log.lock().unwrap()).to_string();
    assert!(text.contains("peer=203.0.113.9:51000"), "the log names the client");
    // The balancer's connection without a header (an SSH client's version line
    // straight away): hung up on before any SSH.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(balancer, 0)).unwrap();
    let mut s = socket.connect(server.addr).await.unwrap();
    s.write_all(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n").await.unwrap();
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(30), s.read(&mut buf))
        .await
        .expect("the server neither spoke nor hung up")
        .unwrap_or(0);
    assert_eq!(
        n, 0,
        "the server answered a connection from the balancer without a header"
    );
    // Anyone else connects with plain SSH, and cannot send a header.
    assert!(Conn::connect_from(server.addr, ip(8)).await.is_ok());
    assert!(Conn::connect_via_proxy(server.addr, ip(8), client).await.is_err());
    server.stop().await;

    // Nobody named: a header is refused from anywhere, the balancer's address too.
    let server = TestServer::start().await;
    let spoofed: SocketAddr = "198.51.100.4:4000".parse().unwrap();
    assert!(Conn::connect_via_proxy(server.addr, balancer, spoofed).await.is_err());
    let blocks = server.service.blocking(|s| s.login_blocks()).await.unwrap();
    assert!(blocks.iter().all(|b| b.key != "198.51.100.4"), "{blocks:?}");
    let text = String::from_utf8_lossy(&log.lock().unwrap()).to_string();
    assert!(!text.contains("198.51.100.4"), "a spoofed address reached the log");
    server.stop().await;
}
