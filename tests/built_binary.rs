//! A built `pingshen` binary as an office server runs it: `demo` started from an empty
//! folder, the real OpenSSH client logging in as an expert and drafting one vote.
//!
//! By default the binary of this build. contrib/check-dist.sh runs the same test on
//! the static release binaries: `PINGSHEN_TEST_BINARY` names one, and
//! `PINGSHEN_TEST_RUNNER` an emulator to run it in (`qemu-aarch64-static` for the
//! ARM64 one), with `PINGSHEN_TEST_WAIT` seconds of patience for the screens.

mod support;

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::openssh::{self, OpenSsh};
use support::{DEMO_PASSWORD, Process};

/// The binary under test, and the command that runs it.
fn binary() -> Command {
    let binary = std::env::var_os("PINGSHEN_TEST_BINARY").unwrap_or_else(|| env!("CARGO_BIN_EXE_pingshen").into());
    let mut cmd = match std::env::var_os("PINGSHEN_TEST_RUNNER").filter(|r| !r.is_empty()) {
        Some(runner) => {
            let runner = runner.to_string_lossy().to_string();
            support::require(&runner, "qemu-user-static");
            let mut cmd = Command::new(runner);
            cmd.arg(binary);
            cmd
        }
        None => Command::new(binary),
    };
    cmd.env("PINGSHEN_CONFIG", "").env_remove("RUST_LOG");
    cmd
}

fn start(mut cmd: Command) -> (Process, SocketAddr) {
    cmd.stderr(Stdio::inherit());
    // Building the demo hashes its passwords: minutes under emulation.
    let limit = support::client_wait().max(Duration::from_secs(60)) * 6;
    let (server, addr) = support::start_listening(cmd, limit);
    (server, addr.expect("the server says where it listens"))
}

#[test]
fn the_binary_serves_the_demo_and_an_expert_drafts_a_vote_over_openssh() {
    assert!(openssh::available());
    let dir = tempfile::tempdir().unwrap();
    let version = binary().arg("--version").output().expect("run --version");
    assert!(version.status.success(), "{version:?}");
    assert!(
        String::from_utf8_lossy(&version.stdout).starts_with("pingshen "),
        "{version:?}"
    );

    let mut cmd = binary();
    cmd.current_dir(dir.path()).args(["demo", "--listen", "127.0.0.1:0"]);
    let (server, addr) = start(cmd);
    assert!(dir.path().join("demo-data/pingshen.db").exists());

    let mut ssh = OpenSsh::spawn(addr, "c1-g1-e1", 100, 30);
    ssh.wait_for("password:");
    ssh.send(format!("{DEMO_PASSWORD}\r").as_bytes());
    // The home screen with its to-dos: the committee is loaded and Enter opens it.
    ssh.wait_for("对 8 名参评人拟投票");
    ssh.send(b"\r");
    ssh.wait_for("参评人员");
    ssh.send(b"1");
    ssh.wait_for("已保存拟投票：拟通过");
    ssh.send(b"\x1b");
    ssh.wait_for("我的评审工作");
    ssh.send(b"q");
    assert_eq!(ssh.wait_exit(), 0, "ssh exits cleanly after q");
    drop(server);
}
