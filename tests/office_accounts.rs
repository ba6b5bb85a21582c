//! The office's own accounts (issue 19, points 6 and 7): `pingshen office add|remove|list`,
//! one login per staff member named in the audit log and the meeting record, and key
//! login from `DATA/authorized_keys/NAME` with the real OpenSSH client (strong keys
//! only, StrictModes' checks, experts keep their passwords).

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use pingshen::domain::Mode;
use support::{TestServer, fixture};

fn pingshen(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "error")
        .output()
        .expect("run pingshen")
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A new key pair made by OpenSSH's ssh-keygen: (private key path, public key line).
fn keygen(dir: &Path, name: &str, kind: &[&str]) -> (std::path::PathBuf, String) {
    let path = dir.join(name);
    let out = Command::new("ssh-keygen")
        .args(kind)
        .args(["-q", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .output()
        .expect("ssh-keygen (openssh-client)");
    assert!(out.status.success(), "{}", said(&out));
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    (path, public)
}

/// `sftp` in batch mode with only this key (no password, no agent): whether the login
/// worked, and what it said.
fn sftp_with_key(port: u16, user: &str, key: &Path, home: &Path) -> (bool, String) {
    let script = home.join("sftp-batch");
    std::fs::write(&script, "ls /\n").unwrap();
    let out = Command::new("sftp")
        .args([
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-i",
        ])
        .arg(key)
        .args(["-P", &port.to_string(), "-b"])
        .arg(&script)
        .arg(format!("{user}@127.0.0.1"))
        .env("HOME", home)
        .env_remove("SSH_AUTH_SOCK")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (out.status.success(), said(&out))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_accounts_are_one_per_person_and_log_in_with_a_password_or_a_key() {
    let server = TestServer::start_with_options(
        |s| {
            let fx = fixture::build(s, "oa", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| o.public_address = Some(("pingshen.example.gov.cn".into(), None)),
    )
    .await;
    let data = server.dir.path().join("data");
    let port = server.addr.port();
    let home = tempfile::tempdir().unwrap();

    // Point 7: a second staff member gets an account of their own; the password is
    // printed once. Bad names, a name taken, removing the last one: refused, clearly.
    let out = pingshen(&["office", "add", "zhang"], &data);
    assert!(out.status.success(), "{}", said(&out));
    let text = said(&out);
    assert!(text.contains("its password is shown only this once"), "{text}");
    let password = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("password: "))
        .unwrap()
        .to_string();
    for (args, why) in [
        (vec!["office", "add", "Zhang"], "`Zhang` cannot name an office account"),
        (vec!["office", "add", "../x"], "cannot name an office account"),
        (vec!["office", "add", "zhang"], "an account named zhang exists already"),
        (
            vec!["office", "add", "oa-g0-e1"],
            "an account named oa-g0-e1 exists already",
        ),
        (
            vec!["office", "remove", "oa-g0-e1"],
            "no office account is named oa-g0-e1",
        ),
        (vec!["office", "remove", "nobody"], "no office account is named nobody"),
    ] {
        let out = pingshen(&args, &data);
        assert!(!out.status.success(), "{args:?}: {}", said(&out));
        assert!(said(&out).contains(why), "{args:?}: {}", said(&out));
    }
    let out = pingshen(&["office", "add", "li", "--key-only"], &data);
    assert!(said(&out).contains("without a password"), "{}", said(&out));

    // The new account logs in over SSH with its printed password, and what it does is
    // named with it: the audit log and the meeting record say which office account.
    let zhang = server
        .service
        .login("zhang", &password, "127.0.0.1".parse().unwrap())
        .await
        .unwrap();
    assert!(zhang.is_operator);
    assert!(server.login("zhang", &password).await.is_ok(), "a terminal over SSH");
    let cid = 1;
    let z = zhang.clone();
    let record = server
        .service
        .blocking(move |s| {
            s.issue_accounts_from_screen(&z, cid)?;
            Ok(pingshen::office::export::record_text(&s.meeting_record(cid)?))
        })
        .await
        .unwrap();
    assert!(record.contains("（职改办（zhang））"), "{record}");
    let out = pingshen(&["audit", "verify"], &data);
    assert!(out.status.success(), "{}", said(&out));

    // Point 5: the slips written from the screen say where to connect (the configured
    // host, the listening port) and the host key's fingerprint to compare.
    let slips = std::fs::read_to_string(data.join("exports").join("committee-1-accounts.csv")).unwrap();
    let fingerprint = server.server.as_ref().unwrap().fingerprint.clone();
    assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
    let header = slips.lines().next().unwrap();
    assert!(header.ends_with("服务器地址,登录命令,主机密钥指纹"), "{header}");
    let row = slips.lines().nth(1).unwrap();
    let user = row.split(',').nth(3).unwrap();
    assert!(
        row.ends_with(&format!(
            "pingshen.example.gov.cn:{port},ssh -p {port} {user}@pingshen.example.gov.cn,{fingerprint}"
        )),
        "{row}"
    );

    // Point 6: a key in DATA/authorized_keys/NAME logs in; a key not listed, a weak
    // one, a file others may write, and an expert with a listed key do not.
    let keys_dir = data.join("authorized_keys");
    std::fs::create_dir(&keys_dir).unwrap();
    std::fs::set_permissions(&keys_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (ed, ed_pub) = keygen(home.path(), "ed", &["-t", "ed25519"]);
    let (other, _) = keygen(home.path(), "other", &["-t", "ed25519"]);
    let (weak, weak_pub) = keygen(home.path(), "weak", &["-t", "rsa", "-b", "2048"]);
    let (ec, ec_pub) = keygen(home.path(), "ec", &["-t", "ecdsa", "-b", "256"]);
    let file = keys_dir.join("li");
    std::fs::write(
        &file,
        format!(
            "# li's keys\n{ed_pub}{weak_pub}{ec_pub}from=\"10.0.0.1\" {}",
            std::fs::read_to_string(other.with_extension("pub")).unwrap()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (ok, out) = sftp_with_key(port, "li", &ed, home.path());
    assert!(ok, "ed25519 key: {out}");
    assert!(out.contains("/exports"), "{out}");
    let (ok, out) = sftp_with_key(port, "li", &ec, home.path());
    assert!(ok, "ECDSA key: {out}");
    let (ok, out) = sftp_with_key(port, "li", &weak, home.path());
    assert!(!ok, "an RSA key of 2048 bits: {out}");
    // A line with options is not used (its `from=` would be lost otherwise).
    let (ok, out) = sftp_with_key(port, "li", &other, home.path());
    assert!(!ok, "a key listed with options: {out}");
    // Another account's file does not let this key in as operator.
    let (ok, out) = sftp_with_key(port, "operator", &ed, home.path());
    assert!(!ok, "{out}");
    let list = said(&pingshen(&["office", "list"], &data));
    assert!(list.contains("2 key(s) only"), "{list}");
    assert!(
        list.contains("line 3: an RSA key of 2048 bits (3072 at least) (not used)"),
        "{list}"
    );
    assert!(list.contains("line 5: options are not supported (not used)"), "{list}");
    // As OpenSSH's StrictModes: a key file its group may write is not used.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o620)).unwrap();
    let (ok, out) = sftp_with_key(port, "li", &ed, home.path());
    assert!(!ok, "group-writable key file: {out}");
    assert!(said(&pingshen(&["office", "list"], &data)).contains("is writable by its group or by others"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&keys_dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (ok, _) = sftp_with_key(port, "li", &ed, home.path());
    assert!(!ok, "world-writable key folder");
    std::fs::set_permissions(&keys_dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (ok, out) = sftp_with_key(port, "li", &ed, home.path());
    assert!(ok, "{out}");
    // Experts log in with their passwords only, even with a file of their name.
    std::fs::write(keys_dir.join("oa-g0-e1"), &ed_pub).unwrap();
    std::fs::set_permissions(keys_dir.join("oa-g0-e1"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let (ok, out) = sftp_with_key(port, "oa-g0-e1", &ed, home.path());
    assert!(!ok, "{out}");
    assert!(
        out.contains("Permission denied (password)"),
        "offered passwords only: {out}"
    );

    // A removed office account stops working at once, password and key alike.
    let out = pingshen(&["office", "remove", "li"], &data);
    assert!(out.status.success(), "{}", said(&out));
    let (ok, _) = sftp_with_key(port, "li", &ed, home.path());
    assert!(!ok, "removed account");
    assert!(pingshen(&["office", "remove", "zhang"], &data).status.success());
    let out = pingshen(&["office", "remove", "operator"], &data);
    assert!(
        said(&out).contains("operator is the last office account"),
        "{}",
        said(&out)
    );
    assert!(server.login("zhang", &password).await.is_err(), "removed: no login");
}
