//! The configuration file, `--version`, `--help` and the logs, through the real binary.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use support::Conn;

fn pingshen() -> Command {
    support::pingshen_bin()
}

/// Starts the server; returns it, the address it listens on, and its stderr lines.
fn start(mut cmd: Command) -> (Child, String, mpsc::Receiver<String>) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let (addr_tx, addr_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("is listening on ").nth(1) {
                let _ = addr_tx.send(rest.split_whitespace().next().unwrap_or_default().to_string());
            }
        }
    });
    let Ok(addr) = addr_rx.recv_timeout(Duration::from_secs(60)) else {
        let _ = child.kill();
        let err: Vec<String> = rx.try_iter().collect();
        panic!("pingshen did not start: {err:#?}");
    };
    (child, addr, rx)
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn version_and_help_on_every_command() {
    let out = pingshen().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim(), format!("pingshen {}", env!("CARGO_PKG_VERSION")));

    let commands: &[&[&str]] = &[
        &[],
        &["serve"],
        &["demo"],
        &["init"],
        &["config"],
        &["audit"],
        &["audit", "verify"],
        &["audit", "replay"],
        &["committee"],
        &["committee", "create"],
        &["committee", "settings"],
        &["committee", "start"],
        &["import"],
        &["accounts"],
        &["accounts", "issue"],
        &["recusal"],
        &["recusal", "list"],
        &["recusal", "add"],
        &["recusal", "remove"],
        &["certificate"],
        &["certificate", "issue"],
        &["certificate", "verify"],
        &["results"],
        &["results", "record"],
        &["results", "export"],
        &["logins"],
        &["logins", "list"],
        &["logins", "clear"],
        &["backup"],
        &["restore"],
    ];
    for words in commands {
        let out = pingshen().args(*words).arg("--help").output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{words:?} --help: {text}");
        assert!(text.contains("Usage: pingshen"), "{words:?}: {text}");
        assert!(
            text.contains("--config <FILE>"),
            "{words:?} lacks the global flags: {text}"
        );
    }
    let out = pingshen().args(["serve", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--listen",
        "--idle-timeout",
        "--log-level",
        "--log-format",
        "[default: 0.0.0.0:2222]",
    ] {
        assert!(text.contains(flag), "serve --help lacks {flag}: {text}");
    }
}

/// Every setting of `pingshen config` is documented in contrib/pingshen.toml with the
/// default the command reports, and the example itself is a valid configuration.
#[test]
fn the_example_configuration_documents_every_setting_with_its_default() {
    let example_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/pingshen.toml");
    let example = std::fs::read_to_string(&example_path).unwrap();
    let out = pingshen().arg("config").output().unwrap();
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0;
    let mut section = String::new();
    let mut comment = String::new();
    let mut documented = std::collections::BTreeMap::new();
    for line in example.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = format!("{name}.");
            comment.clear();
        } else if let Some((key, _)) = line.trim_start_matches("# ").split_once(" = ")
            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            documented.insert(format!("{section}{key}"), comment.clone());
            comment.clear();
        } else if let Some(text) = line.strip_prefix('#') {
            comment.push_str(text);
            comment.push(' ');
        } else {
            comment.clear();
        }
    }
    for line in shown.lines().filter(|l| !l.starts_with('#')) {
        let (key, rest) = line.split_once(" = ").unwrap();
        let (value, source) = rest.split_once(" # ").unwrap();
        let (key, value, source) = (key.trim(), value.trim(), source.trim());
        let doc = documented
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not in contrib/pingshen.toml"));
        let expected = match source {
            "default" => format!("Default: {value}."),
            "not set" if ["server.public_address", "database.url", "server.proxy_from"].contains(&key) => {
                "Default: not set".to_string()
            }
            "not set" => "Default: no limit.".to_string(),
            other => panic!("{key} comes from {other} without a file"),
        };
        let expected = expected.replace("Default: \"30\"", "Default: 30");
        let unquoted = expected.replace('"', "");
        assert!(
            doc.contains(&expected) || (value.trim_matches('"').parse::<u64>().is_ok() && doc.contains(&unquoted)),
            "{key}: the example says {doc:?}, the default is {value}"
        );
        checked += 1;
    }
    assert!(checked >= 23, "{checked} settings checked:\n{shown}");
    assert_eq!(documented.len(), 24, "{documented:?}");

    let out = pingshen()
        .arg("--config")
        .arg(&example_path)
        .arg("config")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_file_sets_what_the_flags_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pingshen.toml");
    let data = dir.path().join("from-file");
    write(
        &config,
        &format!(
            "data = {:?}\nkeys = {:?}\n[server]\nlisten = \"127.0.0.1:0\"\nidle_timeout_minutes = 7\n[log]\nformat = \"json\"\n",
            data.display().to_string(),
            dir.path().join("keys").display().to_string()
        ),
    );
    let mut cmd = pingshen();
    cmd.arg("--config").arg(&config).arg("serve");
    let (child, _, logs) = start(cmd);
    let first = logs.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
    stop(child);
    assert!(first.contains("\"serving\""), "JSON logs: {first:?}");
    assert!(data.join("pingshen.db").exists(), "the file's data folder was used");
    assert!(dir.path().join("keys").exists(), "the file's keys folder was used");
    let _ = serde_json::from_str::<serde_json::Value>(&first).unwrap_or_else(|e| panic!("{first:?}: {e}"));

    // A flag wins over the file; the same file through the environment.
    let flag_data = dir.path().join("from-flag");
    let mut cmd = pingshen();
    cmd.env("PINGSHEN_CONFIG", &config)
        .args(["serve", "--log-format", "text", "--data"])
        .arg(&flag_data);
    let (child, _, logs) = start(cmd);
    let first = logs.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
    stop(child);
    assert!(flag_data.join("pingshen.db").exists());
    assert!(
        first.contains("serving") && !first.starts_with('{'),
        "text logs: {first:?}"
    );
    assert!(
        !first.contains('\x1b'),
        "colour codes in logs written to a pipe: {first:?}"
    );

    // What `cmd` (a `pingshen config`) printed: a setting's line holds `value` and ends
    // with its source.
    let shows_in = |mut cmd: Command, key: &str, value: &str, source: &str| {
        let out = cmd.output().unwrap();
        let shown = String::from_utf8(out.stdout).unwrap();
        let found = shown
            .lines()
            .any(|l| l.starts_with(key) && l.contains(value) && l.ends_with(&format!("# {source}")));
        assert!(found, "{key} = {value} from {source}:\n{shown}");
    };
    // `pingshen config` with the file (and `extra` flags).
    let shows = |extra: &[&str], key: &str, value: &str, source: &str| {
        let mut cmd = pingshen();
        cmd.arg("--config").arg(&config).arg("config").args(extra);
        shows_in(cmd, key, value, source);
    };
    shows(&[], "server.idle_timeout_minutes", "\"7\"", "file");
    shows(&[], "server.max_auth_tries", "\"6\"", "default");
    // A flag given with `config` shows as the command line's.
    shows(&["--log-format", "text"], "log.format", "\"text\"", "command line");

    // A PINGSHEN_* variable wins over the file, and the command line over the variable.
    let env_shows = |vars: &[(&str, &str)], extra: &[&str], key: &str, value: &str, source: &str| {
        let mut cmd = pingshen();
        cmd.env("PINGSHEN_CONFIG", &config)
            .envs(vars.iter().copied())
            .arg("config")
            .args(extra);
        shows_in(cmd, key, value, source);
    };
    let idle = [("PINGSHEN_SERVER_IDLE_TIMEOUT_MINUTES", "9")];
    env_shows(
        &idle,
        &[],
        "server.idle_timeout_minutes",
        "\"9\"",
        "environment (PINGSHEN_SERVER_IDLE_TIMEOUT_MINUTES)",
    );
    env_shows(&idle, &["--timezone", "UTC"], "timezone", "\"UTC\"", "command line");
    env_shows(
        &[("PINGSHEN_DATA", "/srv/x")],
        &[],
        "data",
        "\"/srv/x\"",
        "environment (PINGSHEN_DATA)",
    );
    // The real server's data folder never reaches the demo.
    env_shows(
        &[("PINGSHEN_DATA", "/srv/x")],
        &[],
        "demo.data",
        "\"./demo-data\"",
        "default",
    );
    // A bad value in a variable is refused like the flag's, naming the variable.
    let out = pingshen()
        .env("PINGSHEN_SERVER_MAX_AUTH_TRIES", "many")
        .args(["office", "list", "--data"])
        .arg(dir.path().join("none"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("PINGSHEN_SERVER_MAX_AUTH_TRIES") && err.contains("\"many\""),
        "{err}"
    );
    assert!(!dir.path().join("none").exists());
    // An empty PINGSHEN_CONFIG means no file at all.
    let out = pingshen().env("PINGSHEN_CONFIG", "").arg("config").output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(!shown.contains("# file"), "{shown}");

    // The demo never takes the real data or keys folder from the file: run from an
    // empty folder, it builds ./demo-data and ./keys there and leaves the file's alone.
    let here = dir.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let real = dir.path().join("real");
    let real_text = real.display().to_string();
    write(&config, &format!("data = {real_text:?}\nkeys = {real_text:?}\n"));
    let mut cmd = pingshen();
    cmd.current_dir(&here)
        .arg("--config")
        .arg(&config)
        .args(["demo", "--listen", "127.0.0.1:0"]);
    let (child, _, _) = start(cmd);
    stop(child);
    assert!(here.join("demo-data").join("pingshen.db").exists());
    assert!(here.join("keys").exists());
    assert!(!real.exists(), "the demo touched the configured data folder");
}

/// A bad file stops every command before it does anything, naming the file, the key and
/// the reason; nothing is created.
#[test]
fn a_bad_file_is_refused_with_the_reason_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pingshen.toml");
    let data = dir.path().join("data");
    let cases: &[(&str, &str)] = &[
        ("[server]\nidle_timeout = 5\n", "unknown setting `server.idle_timeout`"),
        ("colour = \"red\"\n", "unknown setting `colour`"),
        (
            "[server]\nlisten = \"here\"\n",
            "`server.listen` = \"here\" (the flag --listen): invalid value",
        ),
        ("[server]\nmax_auth_tries = 0\n", "`server.max_auth_tries` = \"0\""),
        (
            "[server]\naccount_limits = \"3:0:15\"\n",
            "the lockout needs at least one failure",
        ),
        ("[log]\nlevel = \"loud\"\n", "`loud` is not a level"),
        ("[log]\nformat = \"xml\"\n", "[possible values: text, json]"),
        ("[server]\nlisten = [1]\n", "`server.listen` must be text"),
        ("[server\n", "line 1"),
        (
            "timezone = \"Asia/Beijing\"\n",
            "`Asia/Beijing` is not a time zone of the IANA database",
        ),
        ("timezone = 8\n", "is not a time zone"),
        ("[certificate]\nissuer = \"  \"\n", "the issuer is one line"),
        (
            "[server]\nproxy_from = \"10.0.0.5, haproxy.local\"\n",
            "`haproxy.local` is not an IP address or network",
        ),
    ];
    for (text, reason) in cases {
        write(&config, text);
        for command in [&["serve", "--data"][..], &["logins", "list", "--data"][..]] {
            let out = pingshen()
                .arg("--config")
                .arg(&config)
                .args(command)
                .arg(&data)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{text:?} {command:?}: {err}");
            assert!(err.contains(reason), "{text:?}: {err}");
            assert!(err.contains(&config.display().to_string()), "names the file: {err}");
            assert!(!data.exists(), "{text:?} created the data folder");
        }
    }
    let out = pingshen()
        .args(["--config", "/nonexistent/pingshen.toml", "serve"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the configuration file"));
    let out = pingshen().args(["--log-level", "loud", "serve"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`loud` is not a level"));
    let out = pingshen()
        .args(["--timezone", "Mars/Olympus", "serve", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`Mars/Olympus` is not a time zone"));
    assert!(!data.exists());
}

/// Text log lines carry the time of the `timezone` setting with its offset (Beijing
/// time by default); JSON lines stay UTC.
#[test]
fn text_logs_are_in_the_zones_time_and_json_logs_in_utc() {
    for (zone, format, ends) in [
        (None, "text", "+08:00"),
        (Some("Asia/Kolkata"), "text", "+05:30"),
        (Some("UTC"), "text", "+00:00"),
        (Some("Asia/Kolkata"), "json", "Z"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = pingshen();
        if let Some(zone) = zone {
            cmd.args(["--timezone", zone]);
        }
        cmd.args(["--log-format", format, "serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(dir.path().join("data"))
            .arg("--keys")
            .arg(dir.path().join("keys"));
        let (child, _, logs) = start(cmd);
        let first = logs.recv_timeout(Duration::from_secs(10)).unwrap_or_default();
        stop(child);
        let time = if format == "json" {
            let line: serde_json::Value = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{first:?}: {e}"));
            line["timestamp"].as_str().unwrap_or_default().to_string()
        } else {
            first.split_whitespace().next().unwrap_or_default().to_string()
        };
        assert!(time.ends_with(ends) && time.len() > 20, "{zone:?} {format}: {first:?}");
    }
}

/// JSON logs an operator can follow: the connection, each login outcome with the user
/// but never the password, and the actions taken (without the choice).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_follow_connections_logins_and_actions() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = pingshen();
    cmd.args([
        "--log-format",
        "json",
        "--log-level",
        "info",
        "demo",
        "--listen",
        "127.0.0.1:0",
    ])
    .args(["--password", "Secret-pw-77", "--data"])
    .arg(dir.path().join("demo"))
    .arg("--keys")
    .arg(dir.path().join("keys"));
    let (child, addr, logs) = start(cmd);
    let addr: std::net::SocketAddr = addr.parse().unwrap();

    let mut wrong = Conn::connect(addr).await;
    assert!(!wrong.password("c1-g1-e1", "Wrong-pw-99").await);
    let mut conn = Conn::connect(addr).await;
    assert!(conn.password("c1-g1-e1", "Secret-pw-77").await);
    let term = conn.shell(100, 30).await;
    term.wait_home().await;
    term.press(b"\r").await;
    term.wait_for("显示 ").await;
    term.press(b"1").await;
    term.wait_for("已保存拟投票").await;
    term.press(b"\x03").await;
    term.wait_closed().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop(child);

    let lines: Vec<String> = logs.try_iter().collect();
    let events: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect();
    let find = |message: &str| {
        events
            .iter()
            .find(|e| e["message"] == message)
            .unwrap_or_else(|| panic!("no {message:?} in {lines:#?}"))
    };
    assert!(find("connection")["peer"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert!(
        find("login refused: wrong password")["user"]
            .as_str()
            .unwrap()
            .contains("c1-g1-e1")
    );
    assert!(find("login accepted")["user"].as_str().unwrap().contains("c1-g1-e1"));
    let action = events
        .iter()
        .find(|e| e["message"] == "action" && e["user"] == "c1-g1-e1")
        .unwrap_or_else(|| panic!("no action of c1-g1-e1 in {lines:#?}"));
    assert_eq!(action["action"], "group.vote.draft");
    assert_eq!(action["level"], "INFO");
    let all = lines.join("\n");
    assert!(
        !all.contains("Secret-pw-77") && !all.contains("Wrong-pw-99"),
        "a password was logged"
    );
    assert!(
        !all.contains("approve") && !all.contains("拟通过"),
        "a choice was logged: {all}"
    );
}

/// `init` sets a folder up once and prints the operator's password; a second `init`
/// changes nothing and says so.
#[test]
fn init_sets_up_once() {
    let dir = tempfile::tempdir().unwrap();
    let (data, keys) = (dir.path().join("data"), dir.path().join("keys"));
    let run = || {
        pingshen()
            .arg("init")
            .arg("--data")
            .arg(&data)
            .arg("--keys")
            .arg(&keys)
            .output()
            .unwrap()
    };
    let out = run();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let password = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("password: "))
        .expect("the password is printed");
    assert!(password.len() >= 12, "{password}");
    assert!(keys.join("ssh_host_ed25519_key").exists());
    let db = std::fs::read(data.join("pingshen.db")).unwrap();
    let again = run();
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success());
    assert!(
        err.contains("already set up") && err.contains("nothing changed"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&again.stdout).contains("password"));
    assert_eq!(std::fs::read(data.join("pingshen.db")).unwrap(), db);
}

/// The systemd unit passes `systemd-analyze verify` with its ExecStart pointed at this
/// build (`.ci/run` installs systemd's tools where they are missing).
#[test]
fn the_systemd_unit_verifies() {
    support::require("systemd-analyze", "systemd");
    let analyze = which("systemd-analyze").expect("checked above");
    let unit = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/pingshen.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/local/bin/pingshen --config /etc/pingshen/pingshen.toml serve"));
    let dir = tempfile::tempdir().unwrap();
    let unit = unit.replace("/usr/local/bin/pingshen", env!("CARGO_BIN_EXE_pingshen"));
    let path = dir.path().join("pingshen.service");
    write(&path, &unit);
    let out = Command::new(analyze).arg("verify").arg(&path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = err.lines().filter(|l| l.contains("pingshen.service")).collect();
    assert!(out.status.success() && problems.is_empty(), "{err}");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}
