//! The real OpenSSH client against the real server, through a pseudo-terminal:
//! the password typed at ssh's own prompt, the home screen, a window resize, quit.

mod support;

use support::openssh::{self, OpenSsh};
use support::{DEMO_PASSWORD, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openssh_client_logs_in_navigates_resizes_and_quits() {
    assert!(
        openssh::available(),
        "the OpenSSH client `ssh` is required (apt-get install openssh-client)"
    );
    let server = TestServer::demo().await;
    let addr = server.addr;
    tokio::task::spawn_blocking(move || {
        // A wrong password first: ssh asks again.
        let mut ssh = OpenSsh::spawn(addr, "c1-g1-leader", 80, 24);
        ssh.wait_for("password:");
        ssh.send(b"not-the-password\r");
        ssh.wait_for("Permission denied, please try again.");
        ssh.send(format!("{DEMO_PASSWORD}\r").as_bytes());
        let s = ssh.wait_for("待办事项");
        assert!(ssh.is_alternate_screen());
        assert!(s.contains("为 8 名参评人分配主审专家"), "{s}");

        ssh.send(b"\r");
        ssh.wait_for("显示 8 / 共 8 名");
        ssh.send(b"/");
        ssh.send("郑州".as_bytes());
        ssh.wait_for("筛选：郑州");

        // SIGWINCH reaches ssh, which sends window-change.
        ssh.resize(60, 20);
        ssh.wait_for("窗口太小");
        ssh.resize(100, 30);
        ssh.wait_for("筛选：郑州");

        ssh.send(b"\x1b");
        std::thread::sleep(std::time::Duration::from_millis(150));
        ssh.send(b"\x1b");
        std::thread::sleep(std::time::Duration::from_millis(150));
        ssh.wait_for("待办事项");
        ssh.send(b"q");
        assert_eq!(ssh.wait_exit(), 0, "ssh exits cleanly after q");
        assert!(!ssh.is_alternate_screen(), "terminal restored");
    })
    .await
    .unwrap();
}

/// An expert's part of a committee run through the real `ssh`: drafting with 1/2, a
/// refused early submit, the switch opening live, the confirmed submit, and a second
/// login of the same account taking over (the first `ssh` is told why and exits 3).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openssh_client_drafts_submits_and_is_taken_over() {
    use pingshen::domain::Mode;
    use support::fixture;
    assert!(openssh::available(), "the OpenSSH client `ssh` is required");
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "os", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let addr = server.addr;
    let service = server.service.clone();
    tokio::task::spawn_blocking(move || {
        // The leader and another expert work in their own sessions (here: the service).
        let (leader, e1, cid, group) = fixture::others_drafted(&service, "os");

        let mut ssh = OpenSsh::spawn(addr, "os-g0-e1", 80, 24);
        ssh.wait_for("password:");
        ssh.send(format!("{}\r", fixture::PASSWORD).as_bytes());
        ssh.wait_for("对 2 名参评人拟投票");
        ssh.send(b"\r");
        ssh.wait_for("第1组：评审与拟投票");
        ssh.send(b"1");
        ssh.wait_for("已保存拟投票：拟通过");
        ssh.send(b"j");
        ssh.send(b"2");
        ssh.wait_for("已保存拟投票：拟否决");
        // Too early: the switch is closed, the engine says so, nothing is submitted.
        ssh.send(b"s");
        ssh.wait_for("请确认");
        ssh.send(b"y");
        ssh.wait_for("投票开关已关闭");
        let lines = service.applicant_lines(&e1, cid).unwrap();
        assert!(
            lines
                .iter()
                .all(|l| matches!(l.my_vote, Some(pingshen::service::screens::MyVote::Draft(_)))),
            "still drafts: {lines:?}"
        );

        service.open_group_switch(&leader, group, false).unwrap();
        // Live, without a key.
        ssh.wait_for("第1组：投票开关已开启");
        ssh.send(b"s");
        ssh.wait_for("请确认");
        ssh.send(b"y");
        ssh.wait_for("已提交 2 名参评人的投票");
        let s = ssh.wait_for("已提交否决");
        assert!(s.contains("已提交通过"), "{s}");

        // The same account from a second client: the first is closed and told why.
        let mut second = OpenSsh::spawn(addr, "os-g0-e1", 80, 24);
        second.wait_for("password:");
        second.send(format!("{}\r", fixture::PASSWORD).as_bytes());
        second.wait_for("我的评审工作");
        assert_eq!(ssh.wait_exit(), pingshen::ssh::EXIT_TAKEN_OVER);
        assert!(!ssh.is_alternate_screen(), "the first terminal is restored");
        ssh.wait_for("您的账号已在另一处登录");
        second.send(b"q");
        assert_eq!(second.wait_exit(), 0);
    })
    .await
    .unwrap();
}

/// `ssh` with the given options against the server, without a password (BatchMode):
/// what it says on standard error.
fn ssh_says(addr: std::net::SocketAddr, options: &[&str]) -> String {
    support::require("ssh", "openssh-client");
    let mut cmd = std::process::Command::new("ssh");
    cmd.args([
        "-F",
        "/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-p",
        &addr.port().to_string(),
    ]);
    for o in options {
        cmd.args(["-o", o]);
    }
    let out = cmd
        .arg(format!("nobody@{}", addr.ip()))
        .arg("true")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run ssh");
    assert!(!out.status.success());
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openssh_negotiates_strict_kex_and_old_algorithms_are_refused() {
    assert!(openssh::available(), "the OpenSSH client `ssh` is required");
    let server = TestServer::start().await;
    let addr = server.addr;
    tokio::task::spawn_blocking(move || {
        let debug = ssh_says(addr, &["LogLevel=DEBUG3"]);
        assert!(debug.contains("will use strict KEX ordering"), "{debug}");
        assert!(debug.contains("remote software version pingshen"), "{debug}");
        assert!(debug.contains("kex: host key algorithm: ssh-ed25519"), "{debug}");
        for (option, refusal) in [
            ("Ciphers=aes128-cbc", "no matching cipher found"),
            ("Ciphers=aes128-ctr", "no matching cipher found"),
            (
                "KexAlgorithms=diffie-hellman-group14-sha1",
                "no matching key exchange method found",
            ),
            (
                "KexAlgorithms=ecdh-sha2-nistp256",
                "no matching key exchange method found",
            ),
            ("HostKeyAlgorithms=rsa-sha2-256", "no matching host key type found"),
        ] {
            let said = ssh_says(addr, &[option]);
            assert!(said.contains(refusal), "{option}: {said}");
        }
    })
    .await
    .unwrap();
    server.stop().await;
}
