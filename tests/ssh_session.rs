//! End to end over real SSH: login, the home screen, the terminal session's behaviour
//! and every kind of bad input the skeleton must survive.

mod support;

use std::time::{Duration, Instant};

use pingshen::domain::Mode;
use support::{DEMO_PASSWORD, OPERATOR_PASSWORD, TestServer, fixture, keys};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_logs_in_and_sees_the_home_screen_in_chinese() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g1-leader", DEMO_PASSWORD).await.unwrap();
    let screen = t.wait_for("待办事项").await;
    assert!(screen.contains("我的评审工作"), "{screen}");
    assert!(t.is_alternate_screen(), "the application runs on the alternate screen");
    assert!(t.is_cursor_hidden());
    assert!(screen.contains("河南省工程系列建筑专业高级职称评审委员会"), "{screen}");
    assert!(screen.contains("评审模式：专家评审"), "{screen}");
    assert!(screen.contains("当前阶段：专业组评审"), "{screen}");
    assert!(screen.contains("我的角色：组长、专家、评委"), "{screen}");
    assert!(screen.contains("专业组：建筑工程组（评审与拟投票）"), "{screen}");
    assert!(screen.contains("为 8 名参评人分配主审专家"), "{screen}");
    assert!(screen.contains("对 8 名参评人拟投票"), "{screen}");
    assert!(screen.contains("c1-g1-leader"), "{screen}");
    // 80x24 with CJK: the frame's right border stays in the last column on every row.
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(rows.len(), 24, "{screen}");
    for row in &rows[2..22] {
        assert!(row.ends_with('│'), "row not closed by the border: {row:?}");
        assert_eq!(unicode_width::UnicodeWidthStr::width(*row), 80, "{row:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_sees_what_waits_for_it() {
    let server = TestServer::demo().await;
    let t = server.login("c2-g2-e3", DEMO_PASSWORD).await.unwrap();
    let s = t.wait_for("待办事项").await;
    assert!(s.contains("专家评审+讲课答辩"), "{s}");
    assert!(s.contains("讲课答辩打分"), "{s}");
    assert!(s.contains("为 8 名参评人的讲课答辩打分"), "{s}");
    assert!(
        !s.contains("分配主审专家"),
        "an expert does not assign lead reviewers: {s}"
    );

    let r = server.login("c3-reporter", DEMO_PASSWORD).await.unwrap();
    let s = r.wait_for("待办事项").await;
    assert!(s.contains("上报人"), "{s}");
    // Nothing to do yet, and the to-do says what it waits for.
    assert!(s.contains("评委会表决结束后，由上报人上报评审结果"), "{s}");
    let d = server.login("c1-director", DEMO_PASSWORD).await.unwrap();
    let s = d.wait_for("待办事项").await;
    assert!(s.contains("签到将在专业组评审结束后开放"), "{s}");

    let op = server.login("operator", OPERATOR_PASSWORD).await.unwrap();
    let s = op.wait_for("参评人 16 名").await;
    for name in [
        "河南省工程系列建筑专业高级职称评审委员会",
        "河南省卫生系列内外科副主任医师评审委员会",
        "河南省中小学教师系列高级职称评审委员会",
    ] {
        assert!(s.contains(name), "operator sees every committee: {s}");
    }
    assert!(s.contains("专业组 2 个  专家 12 名  参评人 16 名"), "{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_refused_after_a_delay_and_unknown_users_look_the_same() {
    let server = TestServer::demo().await;
    let mut conn = server.connect().await;
    let started = Instant::now();
    assert!(!conn.password("c1-g1-leader", "wrong").await);
    let wrong = started.elapsed();
    assert!(wrong >= Duration::from_millis(300), "refusal came after {wrong:?}");
    let started = Instant::now();
    assert!(!conn.password("nobody-here", "demo").await);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(!conn.password("", "").await);
    assert!(
        !conn.password("c1-g1-leader", "DEMO").await,
        "passwords are case-sensitive"
    );
    // The same connection may still log in with the right password.
    assert!(conn.password("c1-g1-leader", DEMO_PASSWORD).await);
    let t = conn.shell(80, 24).await;
    t.wait_home().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_closes_when_password_attempts_run_out() {
    let server = TestServer::start_with_options(
        |_| Ok(()),
        |o| {
            o.max_auth_attempts = 3;
            o.auth_rejection_time = Duration::from_millis(50);
        },
    )
    .await;
    let mut conn = server.connect().await;
    for _ in 0..3 {
        assert!(!conn.password("operator", "guess").await);
    }
    // The server has hung up: even the right password no longer gets in.
    assert!(!conn.password("operator", OPERATOR_PASSWORD).await);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !conn.handle.is_closed() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(conn.handle.is_closed(), "the server closed the connection");
    // And keeps serving everyone else.
    server
        .login("operator", OPERATOR_PASSWORD)
        .await
        .unwrap()
        .wait_home()
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_of_a_reported_committee_no_longer_log_in() {
    let server = TestServer::start_with(|s| {
        let done = fixture::build(s, "done", Mode::Expert, &fixture::Size::SMALL);
        fixture::run_to_report(s, &done);
        let open = fixture::build(s, "open", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &open);
        Ok(())
    })
    .await;
    assert!(server.login("done-g0-e1", fixture::PASSWORD).await.is_err());
    assert!(server.login("done-director", fixture::PASSWORD).await.is_err());
    // Another committee's accounts are unaffected.
    server
        .login("open-g0-e1", fixture::PASSWORD)
        .await
        .unwrap()
        .wait_home()
        .await;
}

/// What the server answered on a channel until it closed it (or went quiet for 3 s).
#[derive(Debug, Default)]
struct Answer {
    failures: usize,
    successes: usize,
    data: Vec<u8>,
    closed: bool,
}

async fn answer(ch: russh::Channel<russh::client::Msg>) -> Answer {
    let (mut rx, _tx) = ch.split();
    let mut a = Answer::default();
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(3), rx.wait()).await {
        match msg {
            russh::ChannelMsg::Failure => a.failures += 1,
            russh::ChannelMsg::Success => a.successes += 1,
            russh::ChannelMsg::Data { data } => a.data.extend_from_slice(&data),
            russh::ChannelMsg::Close => {
                a.closed = true;
                break;
            }
            _ => {}
        }
    }
    a
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_subsystem_and_forwarding_are_refused() {
    let server = TestServer::start().await;
    let mut conn = server.connect().await;
    assert!(conn.password("operator", OPERATOR_PASSWORD).await);

    let ch = conn.handle.channel_open_session().await.unwrap();
    ch.exec(true, "cat /etc/passwd").await.unwrap();
    let a = answer(ch).await;
    assert_eq!((a.failures, a.successes), (1, 0), "exec refused: {a:?}");
    assert!(a.closed, "the refused channel is closed: {a:?}");
    assert!(a.data.is_empty(), "exec produced output: {a:?}");

    // The office's one subsystem is sftp (tests/sftp.rs); any other is refused.
    let ch = conn.handle.channel_open_session().await.unwrap();
    ch.request_subsystem(true, "netconf").await.unwrap();
    let a = answer(ch).await;
    assert_eq!((a.failures, a.successes), (1, 0), "subsystem refused: {a:?}");
    assert!(a.closed, "{a:?}");

    // A shell without a pty is refused too.
    let ch = conn.handle.channel_open_session().await.unwrap();
    ch.request_shell(true).await.unwrap();
    let a = answer(ch).await;
    assert_eq!((a.failures, a.successes), (1, 0), "shell without pty refused: {a:?}");
    assert!(a.closed, "{a:?}");

    // So is a shell whose pty was asked for on another, refused channel.
    let first = conn.handle.channel_open_session().await.unwrap();
    first.request_pty(true, "xterm", 80, 24, 0, 0, &[]).await.unwrap();
    first.exec(true, "id").await.unwrap();
    let a = answer(first).await;
    assert_eq!((a.successes, a.failures), (1, 1), "pty granted, exec refused: {a:?}");
    let second = conn.handle.channel_open_session().await.unwrap();
    second.request_shell(true).await.unwrap();
    let a = answer(second).await;
    assert_eq!((a.failures, a.successes), (1, 0), "no pty of its own, no shell: {a:?}");

    // Agent and X11 forwarding, and environment variables, are refused.
    let ch = conn.handle.channel_open_session().await.unwrap();
    ch.agent_forward(true).await.unwrap();
    ch.request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0)
        .await
        .unwrap();
    ch.set_env(true, "LD_PRELOAD", "/tmp/x.so").await.unwrap();
    let (mut rx, tx) = ch.split();
    let mut failures = 0;
    while failures < 3 {
        match tokio::time::timeout(Duration::from_secs(3), rx.wait()).await {
            Ok(Some(russh::ChannelMsg::Failure)) => failures += 1,
            Ok(Some(russh::ChannelMsg::Success)) => panic!("a forwarding or env request was granted"),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    assert_eq!(failures, 3, "agent, X11 and env requests answered with failure");
    let _ = tx.close().await;

    assert!(
        conn.handle.tcpip_forward("127.0.0.1", 0).await.is_err(),
        "remote forwarding refused"
    );
    assert!(
        conn.handle
            .channel_open_direct_tcpip("127.0.0.1", u32::from(server.addr.port()), "127.0.0.1", 5555)
            .await
            .is_err(),
        "local forwarding refused"
    );
    // The connection still works for a real terminal session afterwards.
    conn.shell(80, 24).await.wait_home().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resize_relays_out_and_a_small_window_asks_to_enlarge() {
    let server = TestServer::demo().await;
    let t = server.login("c1-director", DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;

    t.resize(120, 30).await;
    let s = t
        .wait_until("the frame to reach column 120", |s| {
            s.lines()
                .nth(2)
                .is_some_and(|l| unicode_width::UnicodeWidthStr::width(l) == 120)
        })
        .await;
    assert_eq!(s.lines().count(), 30, "{s}");

    t.resize(60, 20).await;
    let s = t.wait_for("窗口太小").await;
    assert!(s.contains("80x24"), "{s}");
    assert!(s.contains("60x20"), "{s}");
    assert!(!s.contains("我的评审工作"), "no broken layout underneath: {s}");

    t.resize(80, 24).await;
    t.wait_home().await;
    t.wait_gone("窗口太小").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_restores_the_terminal_and_ends_the_session() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g1-e1", DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;
    assert!(t.is_alternate_screen());
    t.press(b"q").await;
    t.wait_closed().await;
    assert!(!t.is_alternate_screen(), "left the alternate screen");
    assert!(!t.is_cursor_hidden(), "cursor shown again");
    assert_eq!(t.exit_status(), Some(0));

    // Ctrl-C leaves from any screen too.
    let t = server.login("c1-g1-e1", DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_for("参评人员").await;
    t.press(keys::CTRL_C).await;
    t.wait_closed().await;
    assert!(!t.is_alternate_screen());
    assert!(!t.is_cursor_hidden());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_move_open_filter_with_chinese_and_paste_and_go_back() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g1-e2", DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(keys::ENTER).await;
    let s = t.wait_for("显示 8 / 共 8 名").await;
    assert!(
        s.contains("姓名") && s.contains("工作单位") && s.contains("申报职称"),
        "{s}"
    );
    assert!(
        s.contains("建筑工程组") && !s.contains("市政工程组"),
        "an expert sees their own group: {s}"
    );
    let first = s.lines().find(|l| l.contains("> ")).unwrap().to_string();
    t.press(keys::DOWN).await;
    t.press(b"j").await;
    t.press(b"k").await;
    let s = t
        .wait_until("the selection to move", |s| {
            s.lines().find(|l| l.contains("> ")) != Some(first.as_str())
        })
        .await;
    assert!(s.contains("> "), "{s}");

    // Filter by typing Chinese: only matching applicants stay.
    t.press(b"/").await;
    t.type_text("高级工程师").await;
    t.wait_for("筛选：高级工程师").await;
    t.wait_for("显示 8 / 共 8 名").await;
    t.press(keys::ESC).await;
    t.wait_gone("筛选：").await;

    // A bracketed paste lands in the filter whole (first line only).
    t.press(b"/").await;
    t.paste("没有这个人\n第二行").await;
    let s = t.wait_for("没有符合条件的参评人").await;
    assert!(s.contains("筛选：没有这个人"), "{s}");
    assert!(!s.contains("第二行"), "{s}");
    for _ in 0.."没有这个人".chars().count() {
        t.press(keys::BACKSPACE).await;
    }
    t.wait_for("显示 8 / 共 8 名").await;
    t.press(keys::ENTER).await;

    // Help lists the keys of this screen, Esc closes it, Esc goes home.
    t.press(b"?").await;
    let s = t.wait_for("帮助：按键说明").await;
    assert!(s.contains("/：筛选") && s.contains("Esc 或 q：返回"), "{s}");
    t.press(keys::ESC).await;
    t.wait_gone("帮助：按键说明").await;
    t.press(keys::ESC).await;
    t.wait_home().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_on_request_is_remembered_for_the_account() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g2-leader", DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;
    t.wait_for("待办事项").await;
    t.press(b"L").await;
    let s = t.wait_for("Waiting for you").await;
    assert!(s.contains("Mode: expert review"), "{s}");
    assert!(s.contains("My roles: group leader, expert, member"), "{s}");
    assert!(s.contains("assign lead reviewers to 8 applicants"), "{s}");
    // The list's headers fit in English too.
    t.press(keys::ENTER).await;
    let s = t.wait_for("8 of 8 shown").await;
    assert!(
        s.contains("Name") && s.contains("Employer") && s.contains("Applied title"),
        "{s}"
    );
    t.press(keys::ESC).await;
    t.wait_home().await;
    t.press(b"q").await;
    t.wait_closed().await;
    // Logging in again starts in English.
    let t = server.login("c1-g2-leader", DEMO_PASSWORD).await.unwrap();
    t.wait_for("My review work").await;
    t.press(b"L").await;
    t.wait_home().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_bytes_and_truncated_escapes_do_not_hurt() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g1-e3", DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;
    // Control bytes that are not keys, and bytes that are not UTF-8. (Ctrl-C, Enter,
    // Esc and printable keys are real keys and would act.)
    let mut garbage: Vec<u8> = (0u8..0x20)
        .filter(|b| ![0x03, 0x09, 0x0a, 0x0d, 0x1b].contains(b))
        .collect();
    garbage.extend(0x80u8..=0xff);
    garbage.extend_from_slice(b"\xff\xfe\xc3\x28\xe2\x82\x1b[\x1b[999999999;99999999999M\x1bP\x1b]\x07\x1b[<0;0;0");
    for _ in 0..20 {
        t.send(&garbage).await;
    }
    // Truncated sequence: a CSI that never ends, then silence; and a DCS string that
    // never ends, which is dropped when input goes quiet.
    t.send(b"\x1b[1;").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    t.send(b"\x1bPnever-terminated").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Garbage did nothing: still the home screen, no help, no other screen.
    let s = t.wait_home().await;
    assert!(
        s.contains("待办事项") && !s.contains("帮助：按键说明") && !s.contains("参评人员"),
        "{s}"
    );
    // The session still answers keys correctly, even a key and a lone Esc sent in
    // one packet: the Esc is not held back until the next key.
    t.send(b"?").await;
    let s = t.wait_for("帮助：按键说明").await;
    assert!(s.contains("q：退出"), "{s}");
    t.send(b"j\x1b").await;
    t.wait_gone("帮助：按键说明").await;
    t.wait_home().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absurd_window_sizes_are_survived() {
    let server = TestServer::demo().await;
    // A zero-sized pty at login.
    let t = server.login_sized("c1-g1-e4", DEMO_PASSWORD, 0, 0).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    t.resize(40, 10).await;
    t.wait_for("40x10").await;
    for (w, h) in [(10_000, 10_000), (0, 0), (65_535, 65_535), (1, 1), (79, 24), (80, 23)] {
        t.resize(w, h).await;
    }
    t.resize(80, 24).await;
    t.wait_home().await;
    // A huge pty at login: drawn at a bounded size, still usable.
    let big = server
        .login_sized("c1-g1-e1", DEMO_PASSWORD, 10_000, 10_000)
        .await
        .unwrap();
    big.wait_home().await;
    big.press(b"q").await;
    big.wait_closed().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_vanish_mid_login_or_mid_draw_do_not_disturb_others() {
    let server = TestServer::demo().await;
    let watcher = server.login("c1-g1-leader", DEMO_PASSWORD).await.unwrap();
    watcher.wait_home().await;

    // Vanish mid-login: TCP opened, SSH banner exchanged, then gone.
    for _ in 0..5 {
        let conn = server.connect().await;
        drop(conn);
        let raw = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        drop(raw);
    }
    // Vanish mid-draw: a session that resizes and then drops the connection at once.
    for _ in 0..5 {
        let t = server.login("c1-g1-e1", DEMO_PASSWORD).await.unwrap();
        t.resize(200, 60).await;
        t.press(keys::ENTER).await;
        t.disconnect().await;
    }
    // A client that stops reading while the server has much to draw: others are
    // unaffected, and it recovers with a correct screen once it reads again.
    let stuck = server.login("c1-g1-e2", DEMO_PASSWORD).await.unwrap();
    stuck.wait_for("待办事项").await;
    stuck.stop_reading();
    for i in 0..300 {
        stuck.resize(200 + (i % 50), 60).await;
        stuck.press(b"?").await;
    }
    stuck.resize(80, 24).await;
    // Another client stops reading and then vanishes: its session must not linger.
    let gone = server.login("c1-g2-e2", DEMO_PASSWORD).await.unwrap();
    gone.wait_home().await;
    gone.stop_reading();
    for i in 0..300 {
        gone.resize(200 + (i % 50), 60).await;
    }
    gone.disconnect().await;

    // The first session is still alive and responsive; new logins still work.
    watcher.press(b"j").await;
    watcher.press(b"?").await;
    watcher.wait_for("帮助：按键说明").await;
    let fresh = server.login("c1-g2-e1", DEMO_PASSWORD).await.unwrap();
    fresh.wait_home().await;
    stuck.resume_reading();
    // 300 presses of `?` toggle help an even number of times: closed again, and the
    // last frame is drawn for the last size, 80x24.
    stuck
        .wait_until("the stuck client to catch up", |s| {
            let rows: Vec<&str> = s.lines().collect();
            s.contains("待办事项")
                && !s.contains("帮助：按键说明")
                && rows.len() == 24
                && rows[1].ends_with('┐')
                && rows[22].ends_with('┘')
                && unicode_width::UnicodeWidthStr::width(rows[1]) == 80
        })
        .await;
    // Sessions left: watcher, fresh and stuck. The vanished ones are gone.
    server.wait_live_sessions(3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unauthenticated_connections_are_limited_in_time_and_number() {
    let server = TestServer::start_with_options(
        |_| Ok(()),
        |o| {
            o.login_grace = Duration::from_millis(500);
            o.max_connections = 3;
        },
    )
    .await;
    // Login grace: a client that never logs in is hung up on.
    let idle = server.connect().await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !idle.handle.is_closed() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        idle.handle.is_closed(),
        "an idle unauthenticated connection is closed after the grace time"
    );

    // Connection cap: with 3 open, a 4th TCP connection is closed at once.
    let _a = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let _b = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let _c = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut d = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(5), tokio::io::AsyncReadExt::read(&mut d, &mut buf))
        .await
        .expect("the refused connection is closed, not left hanging")
        .unwrap_or(0);
    assert_eq!(n, 0, "no SSH banner for a connection over the cap");
    // Once the idle ones time out, logins work again.
    drop((_a, _b, _c));
    tokio::time::sleep(Duration::from_millis(200)).await;
    server
        .login("operator", OPERATOR_PASSWORD)
        .await
        .unwrap()
        .wait_home()
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_shutdown_restores_every_terminal_and_says_why() {
    let mut server = TestServer::demo().await;
    let a = server.login("c1-g1-e1", DEMO_PASSWORD).await.unwrap();
    let b = server.login("c2-g1-e1", DEMO_PASSWORD).await.unwrap();
    a.wait_for("待办事项").await;
    b.wait_for("待办事项").await;
    server.server.take().unwrap().shutdown().await;
    for t in [&a, &b] {
        t.wait_closed().await;
        assert!(!t.is_alternate_screen(), "terminal restored");
        assert!(!t.is_cursor_hidden());
        assert!(t.screen().contains("服务器正在关闭"), "{}", t.screen());
        assert_eq!(t.exit_status(), Some(pingshen::ssh::EXIT_SHUTDOWN));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screens_update_live_when_the_committee_changes() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g1-leader", DEMO_PASSWORD).await.unwrap();
    t.wait_for("为 8 名参评人分配主审专家").await;
    // The leader acts in another session (here: straight through the service).
    server
        .service
        .blocking(|s| {
            let leader = s.identity_by_username("c1-g1-leader")?.unwrap();
            let expert = s.identity_by_username("c1-g1-e1")?.unwrap();
            let cid = leader.committee_id.unwrap();
            let first = s.applicant_lines(&leader, cid)?[0].id;
            s.assign_lead_reviewer(&leader, first, expert.expert_id.unwrap())?;
            Ok(())
        })
        .await
        .unwrap();
    // No key pressed: the screen follows the change by itself.
    t.wait_for("为 7 名参评人分配主审专家").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_login_of_an_account_takes_over_and_the_first_is_told_why() {
    let server = TestServer::demo().await;
    let first = server.login("c1-g1-e2", DEMO_PASSWORD).await.unwrap();
    first.wait_home().await;
    let second = server.login("c1-g1-e2", DEMO_PASSWORD).await.unwrap();
    second.wait_home().await;
    first.wait_closed().await;
    assert!(!first.is_alternate_screen(), "the first terminal is restored");
    assert!(first.screen().contains("您的账号已在另一处登录"), "{}", first.screen());
    assert_eq!(first.exit_status(), Some(pingshen::ssh::EXIT_TAKEN_OVER));
    // The newer session keeps working.
    second.press(b"?").await;
    second.wait_for("帮助：按键说明").await;
    server.wait_live_sessions(1).await;
}
