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
    support::pingshen_bin()
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
    support::require("ssh-keygen", "openssh-client");
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
    support::require("sftp", "openssh-client");
    let out = Command::new("sftp")
        .args(support::openssh::CLIENT_OPTIONS)
        .args(["-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i"])
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

/// Point 4: one expert's account is reset (or revoked) without touching anyone else's;
/// the old session is told and closed, the new password works, the old one does not.
/// Issuing for the whole committee closes every open session of the old accounts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_experts_account_is_reset_or_revoked_and_the_old_session_closed() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "rs", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let data = server.dir.path().join("data");
    let out_dir = tempfile::tempdir().unwrap();
    let mine = server.login("rs-g0-e1", fixture::PASSWORD).await.unwrap();
    mine.wait_home().await;
    let other = server.login("rs-g0-e2", fixture::PASSWORD).await.unwrap();
    other.wait_home().await;
    server.wait_live_sessions(2).await;

    // Who is meant: a name that matches nobody is refused, nothing changes.
    let slip = out_dir.path().join("slip.csv");
    let args = |expert: &str, extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["accounts", "reset", "--committee", "1", "--expert", expert, "--out"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        v.push(slip.to_str().unwrap().to_string());
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        pingshen(&a, &data)
    };
    let out = run(args("无名氏", &[]));
    assert!(!out.status.success());
    assert!(
        said(&out).contains("no expert named 无名氏 in committee 1"),
        "{}",
        said(&out)
    );
    assert!(!slip.exists());
    assert!(!mine.is_closed());

    // The reset: same username, a new password, on a slip; the old session is told.
    let out = run(args("rs-g0-e1", &["--public-address", "pingshen.example.gov.cn:2222"]));
    assert!(out.status.success(), "{}", said(&out));
    mine.wait_closed().await;
    assert_eq!(mine.exit_status(), Some(pingshen::ssh::EXIT_ACCOUNT_CHANGED));
    assert!(
        String::from_utf8_lossy(&mine.raw()).contains("职改办已重置或收回您的账号，本会话已关闭"),
        "told why"
    );
    assert!(!other.is_closed(), "nobody else's session");
    let rows: Vec<Vec<String>> = std::fs::read_to_string(&slip)
        .unwrap()
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 2, "one slip: {rows:?}");
    assert_eq!(rows[1][3], "rs-g0-e1", "the username is kept");
    let new_password = rows[1][4].clone();
    assert_eq!(new_password.len(), 12);
    assert!(
        rows[1][6].contains("ssh -p 2222 rs-g0-e1@pingshen.example.gov.cn"),
        "{rows:?}"
    );
    assert!(
        server.login("rs-g0-e1", fixture::PASSWORD).await.is_err(),
        "the old password"
    );
    let again = server.login("rs-g0-e1", &new_password).await.unwrap();
    again.wait_home().await;
    assert!(
        server.login("rs-g0-e2", fixture::PASSWORD).await.is_ok(),
        "others keep theirs"
    );

    // A new username too, when asked (the slip exists: --force).
    let out = run(args("rs-g0-e1", &["--new-username", "--force"]));
    assert!(out.status.success(), "{}", said(&out));
    again.wait_closed().await;
    let text = std::fs::read_to_string(&slip).unwrap();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_ne!(row[3], "rs-g0-e1");
    assert!(server.login(row[3], row[4]).await.is_ok());

    // Revoking one account: its session ends, the login is refused; the others stay.
    let third = server.login("rs-g0-e2", fixture::PASSWORD).await.unwrap();
    third.wait_home().await;
    let out = pingshen(
        &["accounts", "revoke", "--committee", "1", "--expert", "rs-g0-e2"],
        &data,
    );
    assert!(out.status.success(), "{}", said(&out));
    third.wait_closed().await;
    assert_eq!(third.exit_status(), Some(pingshen::ssh::EXIT_ACCOUNT_CHANGED));
    assert!(server.login("rs-g0-e2", fixture::PASSWORD).await.is_err());
    let out = pingshen(
        &["accounts", "revoke", "--committee", "1", "--expert", "rs-g0-e2"],
        &data,
    );
    assert!(
        said(&out).contains("rs-g0-e2 has no account to revoke"),
        "{}",
        said(&out)
    );
    assert!(server.login("rs-g0-e0", fixture::PASSWORD).await.is_ok());

    // Issuing for everyone closes every open session of the old accounts.
    let e0 = server.login("rs-g0-e0", fixture::PASSWORD).await.unwrap();
    e0.wait_home().await;
    let live = server
        .service
        .blocking(|s| s.live_sessions_of_committee(1))
        .await
        .unwrap();
    assert!(live >= 1, "{live}");
    let all = out_dir.path().join("all.csv");
    let out = pingshen(
        &["accounts", "issue", "--committee", "1", "--out", all.to_str().unwrap()],
        &data,
    );
    assert!(out.status.success(), "{}", said(&out));
    e0.wait_closed().await;
    assert_eq!(e0.exit_status(), Some(pingshen::ssh::EXIT_ACCOUNT_CHANGED));
    let out = pingshen(&["audit", "replay"], &data);
    assert!(out.status.success(), "replay agrees: {}", said(&out));
}

/// Point 3: the office issues the e-certificates from its screen once the committee
/// has reported: signed PDFs in exports/committee-N/certificates/, the audit naming the
/// office account; before the report it is refused in words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_are_issued_from_the_screen_into_exports_once_reported() {
    let server = TestServer::start_with(|s| {
        let done = fixture::build(s, "ce", Mode::Expert, &fixture::Size::SMALL);
        fixture::run_to_report(s, &done);
        let open = fixture::build(s, "cf", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &open);
        Ok(())
    })
    .await;
    let data = server.dir.path().join("data");
    let operator = server
        .service
        .login("operator", support::OPERATOR_PASSWORD, "127.0.0.1".parse().unwrap())
        .await
        .unwrap();
    let op = operator.clone();
    let refused = server
        .service
        .blocking(move |s| Ok(s.issue_certificates_from_screen(&op, 2)))
        .await
        .unwrap();
    assert!(
        matches!(
            refused,
            Err(pingshen::service::ServiceError::Problem(
                pingshen::service::Problem::NotReportedYet
            ))
        ),
        "{refused:?}"
    );
    let op = operator.clone();
    let (n, dir) = server
        .service
        .blocking(move |s| s.issue_certificates_from_screen(&op, 1))
        .await
        .unwrap();
    assert_eq!(dir, data.join("exports").join("committee-1").join("certificates"));
    let pdfs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(n > 0);
    assert_eq!(pdfs.len(), n, "{pdfs:?}");
    for p in &pdfs {
        assert!(std::fs::read(p).unwrap().starts_with(b"%PDF"), "{}", p.display());
        assert_eq!(std::fs::metadata(p).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Issuing again writes the same certificates; the command line verifies one.
    let op = operator.clone();
    let (again, _) = server
        .service
        .blocking(move |s| s.issue_certificates_from_screen(&op, 1))
        .await
        .unwrap();
    assert_eq!(again, n);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), n);
    let keys = server.dir.path().join("keys");
    let out = pingshen(
        &[
            "certificate",
            "verify",
            pdfs[0].to_str().unwrap(),
            "--keys",
            keys.to_str().unwrap(),
        ],
        &data,
    );
    assert!(out.status.success(), "{}", said(&out));
}

/// Point 2 (a first step): the office starts the review from its screen, after a
/// confirmation; what is still missing is said in words and nothing starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_starts_the_review_from_its_screen_once_nothing_is_missing() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "st", Mode::Expert, &fixture::Size::SMALL);
        // A second committee with a group and its people but no applicants yet.
        let empty = s.create_committee("空评委会", Mode::Expert)?;
        let _ = (fx, empty);
        Ok(())
    })
    .await;
    let t = server.login("operator", support::OPERATOR_PASSWORD).await.unwrap();
    t.wait_for("空评委会").await;
    // The second committee: nothing to start with.
    t.press(support::keys::DOWN).await;
    t.press(support::keys::ENTER).await;
    t.wait_for("评审进度 - 空评委会").await;
    let screen = t.wait_for("s 开始评审").await;
    assert!(!screen.contains("c 证书"), "no certificates during setup: {screen}");
    t.press(b"s").await;
    t.wait_for("开始后评委会的设置、专家和参评人").await;
    t.press(b"y").await;
    t.wait_for("评委会尚未准备好：尚无专业组").await;
    assert_eq!(
        server.service.blocking(|s| Ok(s.stage(2))).await.unwrap().unwrap(),
        pingshen::domain::Stage::Setup
    );
    // The first one is ready: it starts.
    t.press(support::keys::ESC).await;
    t.wait_for("空评委会").await;
    t.press(support::keys::UP).await;
    t.press(support::keys::ENTER).await;
    t.wait_for("评审进度 - st 评审委员会").await;
    t.press(b"s").await;
    t.wait_for("请确认").await;
    t.press(b"y").await;
    t.wait_for("评审已开始").await;
    assert_eq!(
        server.service.blocking(|s| Ok(s.stage(1))).await.unwrap().unwrap(),
        pingshen::domain::Stage::Groups
    );
    // The next key takes the message away: the bottom line now offers what a running
    // review allows.
    t.press(support::keys::DOWN).await;
    let screen = t.wait_for("c 证书").await;
    assert!(!screen.contains("s 开始评审"), "{screen}");
}
