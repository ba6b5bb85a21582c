//! The `pingshen` binary as an operator runs it: `serve` and `demo` from an empty folder,
//! and the audit commands.

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn pingshen() -> Command {
    support::pingshen_bin()
}

/// Starts the server and collects stdout lines until it says it is listening.
fn start(mut cmd: Command) -> (Child, Vec<String>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pingshen");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let done = line.contains("is listening on");
                lines.push(line);
                if done {
                    return (child, lines);
                }
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("pingshen did not start; output so far: {lines:#?}");
            }
        }
    }
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn serve_creates_database_keys_and_operator_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let keys = dir.path().join("keys");
    let mut cmd = pingshen();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .arg("--keys")
        .arg(&keys);
    let (child, first) = start(cmd);
    stop(child);
    let text = first.join("\n");
    assert!(text.contains("username: operator"), "{text}");
    let password_line = first
        .iter()
        .find(|l| l.contains("password:"))
        .expect("password printed");
    let password = password_line.split("password:").nth(1).unwrap().trim();
    assert_eq!(password.len(), 16, "{password_line}");
    assert!(data.join("pingshen.db").exists());
    let key = keys.join("ssh_host_ed25519_key");
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let fingerprint = |lines: &[String]| {
        lines
            .iter()
            .find_map(|l| {
                l.split("host key ")
                    .nth(1)
                    .map(|r| r.split(' ').next().unwrap().to_string())
            })
            .expect("fingerprint printed")
    };

    // Second start: same key, no new operator password.
    let mut cmd = pingshen();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .arg("--keys")
        .arg(&keys);
    let (child, second) = start(cmd);
    stop(child);
    assert!(!second.join("\n").contains("password:"), "{second:#?}");
    assert_eq!(fingerprint(&first), fingerprint(&second), "host key reused");
}

#[test]
fn demo_prints_its_accounts_and_refuses_a_real_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let keys = dir.path().join("keys");
    let mut cmd = pingshen();
    cmd.args(["demo", "--listen", "127.0.0.1:0", "--password", "pw123", "--data"])
        .arg(&data)
        .arg("--keys")
        .arg(&keys);
    let (child, lines) = start(cmd);
    stop(child);
    let text = lines.join("\n");
    assert!(text.contains("password for all: pw123"), "{text}");
    for user in [
        "operator",
        "c1-g1-leader",
        "c1-g1-e1",
        "c1-director",
        "c1-reporter",
        "c2-g2-e4",
        "c3-director",
    ] {
        assert!(
            lines.iter().any(|l| l.trim_start().starts_with(&format!("{user} "))),
            "{user} missing:\n{text}"
        );
    }
    let leader = lines.iter().find(|l| l.contains("c1-g1-leader")).unwrap();
    assert!(
        leader.contains("leader") && leader.contains("建筑工程组") && leader.contains("评审委员会"),
        "{leader}"
    );

    // Running the demo again rebuilds it.
    let mut cmd = pingshen();
    cmd.args(["demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .arg("--keys")
        .arg(&keys);
    let (child, _) = start(cmd);
    stop(child);

    // A folder with a real database is never overwritten by the demo.
    let real = dir.path().join("real");
    let mut cmd = pingshen();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&real)
        .arg("--keys")
        .arg(&keys);
    let (child, _) = start(cmd);
    stop(child);
    let out = pingshen()
        .args(["demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(&real)
        .arg("--keys")
        .arg(&keys)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a demo"), "{err}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = pingshen()
        .args(["serve", "--listen", &addr.to_string(), "--data"])
        .arg(dir.path().join("data"))
        .arg("--keys")
        .arg(dir.path().join("keys"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("pingshen:")).count(), 1, "{err}");
}

#[test]
fn audit_verify_and_replay_pass_on_a_real_run_and_name_tampering() {
    use diesel::prelude::*;
    use pingshen::domain::Mode;
    use support::fixture;

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let service = pingshen::service::Service::new(pingshen::store::Store::open(&data).unwrap());
        let fx = fixture::build(&service, "cli", Mode::Expert, &fixture::Size::SMALL);
        fixture::run_to_report(&service, &fx);
    }
    let run = |what: &str| pingshen().args(["audit", what, "--data"]).arg(&data).output().unwrap();
    let out = run("verify");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.contains("audit log intact"));
    let head = stdout
        .lines()
        .find_map(|l| l.strip_prefix("head: "))
        .expect("the head is printed")
        .to_string();
    let verify_head = |head: &str| {
        pingshen()
            .args(["audit", "verify", "--expect-head", head, "--data"])
            .arg(&data)
            .output()
            .unwrap()
    };
    assert!(verify_head(&head).status.success());
    let out = run("replay");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 mismatch"));

    // Someone cuts off the last entry and everything still chains: only the recorded
    // head shows it.
    let (seq, _) = head.split_once(':').unwrap();
    {
        let store = pingshen::store::Store::open(&data).unwrap();
        let mut c = store.conn().unwrap();
        diesel::sql_query("DROP TRIGGER audit_log_no_delete")
            .execute(&mut c)
            .unwrap();
        diesel::sql_query(format!("DELETE FROM audit_log WHERE seq = {seq}"))
            .execute(&mut c)
            .unwrap();
    }
    assert!(run("verify").status.success(), "the chain itself is still whole");
    let out = verify_head(&head);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("entry {seq} no longer exists")));
    let out = verify_head("nonsense");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SEQ:HASH"));

    // Tamper with entry 7 behind the database's back.
    {
        let store = pingshen::store::Store::open(&data).unwrap();
        let mut c = store.conn().unwrap();
        diesel::sql_query("DROP TRIGGER audit_log_no_update")
            .execute(&mut c)
            .unwrap();
        diesel::sql_query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7")
            .execute(&mut c)
            .unwrap();
    }
    let out = run("verify");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("entry 7"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");

    // A missing data folder is a clear error.
    let out = pingshen()
        .args(["audit", "verify", "--data"])
        .arg(dir.path().join("nowhere"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database in"));
}

/// The shell completions and the manual pages come from the same definitions as
/// `--help`: every subcommand is in them, and bash reads its script without an error.
#[test]
fn completions_and_manual_pages_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = pingshen().args(["completions", shell]).output().unwrap();
        assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["serve", "import", "certificate", "data", "keys"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("pingshen.bash");
    let out = pingshen().args(["completions", "bash"]).output().unwrap();
    std::fs::write(&script, out.stdout).unwrap();
    support::require("bash", "bash");
    let checked = Command::new("bash").arg("-n").arg(&script).status().unwrap();
    assert!(checked.success(), "bash -n refuses the completions");
    let out = pingshen().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown shell is a usage error");

    let man = dir.path().join("man");
    let out = pingshen().arg("man").arg("--out").arg(&man).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(man.join("pingshen.1")).unwrap();
    assert!(page.starts_with(".ie") || page.contains(".TH pingshen"), "{page}");
    for sub in [
        "serve",
        "import",
        "accounts-issue",
        "certificate-verify",
        "results-export",
    ] {
        let page = std::fs::read_to_string(man.join(format!("pingshen-{sub}.1")))
            .unwrap_or_else(|e| panic!("pingshen-{sub}.1: {e}"));
        assert!(page.contains(".TH"), "pingshen-{sub}.1");
    }
}
