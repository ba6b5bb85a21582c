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
