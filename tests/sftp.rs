//! Files over SSH (issue 19, point 1): the office's SFTP sees inbox/ (uploads) and
//! exports/ (downloads) and nothing else, with the real OpenSSH `sftp` and `scp` and
//! PuTTY's `psftp`; every other account is refused, as are exec and links.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use pingshen::domain::Mode;
use support::files::Client;
use support::{OPERATOR_PASSWORD, TestServer, fixture};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The names in a folder, hidden ones included (the upload temporaries).
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

const MIB: u64 = 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_uploads_to_inbox_and_downloads_from_exports_and_reaches_nothing_else() {
    for tool in ["sftp", "scp", "psftp"] {
        assert!(
            Command::new(tool).arg("-V").output().is_ok() || Command::new(tool).arg("-h").output().is_ok(),
            "{tool} is required (.ci/run installs openssh-client and putty-tools)"
        );
    }
    let server = TestServer::start_with_options(
        |s| {
            let fx = fixture::build(s, "sf", Mode::Expert, &fixture::Size::SMALL);
            fixture::start(s, &fx);
            Ok(())
        },
        |o| o.max_upload = MIB,
    )
    .await;
    let data = server.dir.path().join("data");
    let client = Client::new(&server, OPERATOR_PASSWORD);
    let expert = Client::new(&server, fixture::PASSWORD);
    let local = tempfile::tempdir().unwrap();
    let sheet = local.path().join("专家名单.csv");
    std::fs::write(&sheet, "姓名,工作单位\n张三,某单位\n").unwrap();
    let target = |p: &str| format!("operator@127.0.0.1:{p}");

    tokio::task::spawn_blocking(move || {
        let inbox = data.join("inbox");
        let exports = data.join("exports");

        // scp (OpenSSH 9 speaks SFTP) uploads into inbox/, relative or absolute: the
        // file lands whole and 0600, no temporary left.
        let out = client.scp(sheet.to_str().unwrap(), &target("inbox/"));
        assert!(out.status.success(), "{}", text(&out));
        let landed = inbox.join("专家名单.csv");
        assert_eq!(std::fs::read(&landed).unwrap(), std::fs::read(&sheet).unwrap());
        assert_eq!(mode(&landed), 0o600);
        let out = client.scp(sheet.to_str().unwrap(), &target("/inbox/second.csv"));
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(names_in(&inbox), ["second.csv", "专家名单.csv"]);

        // Downloads from exports/ (a file the office's screens wrote).
        std::fs::create_dir_all(exports.join("1")).unwrap();
        pingshen::files::write_private(&exports.join("1").join("results.csv"), "结果\n".as_bytes(), false).unwrap();
        let got = local.path().join("results.csv");
        let out = client.scp(&target("exports/1/results.csv"), got.to_str().unwrap());
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(std::fs::read_to_string(&got).unwrap(), "结果\n");

        // Nothing outside the two folders: the database, the host keys, the system,
        // by absolute paths and by climbing.
        for path in [
            "/pingshen.db",
            "pingshen.db",
            "../pingshen.db",
            "exports/../pingshen.db",
            "exports/../../data/pingshen.db",
            "/etc/passwd",
            "../../../../etc/passwd",
            "/keys/ssh_host_ed25519_key",
        ] {
            let out = client.scp(&target(path), local.path().join("x").to_str().unwrap());
            assert!(!out.status.success(), "{path} was downloaded: {}", text(&out));
            assert!(!local.path().join("x").exists(), "{path}");
        }
        // exports/ is read-only: no upload, removal or rename there.
        let out = client.scp(sheet.to_str().unwrap(), &target("exports/"));
        assert!(!out.status.success(), "{}", text(&out));
        assert_eq!(names_in(&exports), ["1"]);
        let out = client.scp(sheet.to_str().unwrap(), &target("/"));
        assert!(!out.status.success(), "{}", text(&out));

        // Links planted on the server (by anyone with a shell there) lead nowhere: a
        // symbolic link to a system file, one to the data folder, a hard link to the
        // database; none is listed, none can be read.
        std::os::unix::fs::symlink("/etc/passwd", exports.join("passwd.csv")).unwrap();
        std::os::unix::fs::symlink(&data, exports.join("data")).unwrap();
        std::fs::hard_link(data.join("pingshen.db"), exports.join("copy.db")).unwrap();
        for path in ["exports/passwd.csv", "exports/data/pingshen.db", "exports/copy.db"] {
            let out = client.scp(&target(path), local.path().join("x").to_str().unwrap());
            assert!(!out.status.success(), "{path} was downloaded: {}", text(&out));
        }
        let out = client.sftp(
            "operator",
            "pwd\nls -1a /\nls -1 /exports\nls -1 /exports/data\ncd /inbox\nrename second.csv renamed.csv\nrename renamed.csv /exports/moved.csv\nrm /exports/1/results.csv\nsymlink 专家名单.csv link.csv\nln 专家名单.csv hard.csv\nmkdir 2026\nput /etc/hostname 2026/host.txt\nrm renamed.csv\nchmod 777 专家名单.csv\nls -l\nbye\n",
        );
        let said = text(&out);
        assert!(said.contains("Remote working directory: /"), "{said}");
        // The root holds the two folders; exports/ shows only its real files (no link).
        assert!(said.contains("sftp> ls -1a /\n/exports\n/inbox\nsftp>"), "{said}");
        assert!(said.contains("sftp> ls -1 /exports\n/exports/1\nsftp>"), "{said}");
        assert!(said.contains("Can't ls: \"/exports/data\" not found"), "{said}");
        assert!(said.contains("Server does not support hardlink"), "{said}");
        assert!(said.contains("Permission denied"), "{said}");
        assert!(!exports.join("moved.csv").exists());
        assert!(exports.join("1").join("results.csv").exists(), "removed from exports/");
        assert!(!inbox.join("link.csv").exists() && std::fs::symlink_metadata(inbox.join("link.csv")).is_err());
        assert!(!inbox.join("hard.csv").exists());
        assert_eq!(std::fs::read_to_string(inbox.join("2026").join("host.txt")).unwrap(), std::fs::read_to_string("/etc/hostname").unwrap());
        assert_eq!(mode(&inbox.join("2026")), 0o700);
        assert!(!inbox.join("renamed.csv").exists() && !inbox.join("second.csv").exists());
        assert_eq!(mode(&inbox.join("专家名单.csv")), 0o600, "chmod is not obeyed");

        // The size cap: a file over it is refused and nothing of it stays.
        let big = local.path().join("big.xlsx");
        std::fs::write(&big, vec![7u8; (MIB + 1) as usize]).unwrap();
        let out = client.scp(big.to_str().unwrap(), &target("inbox/"));
        assert!(!out.status.success(), "{}", text(&out));
        assert_eq!(names_in(&inbox), ["2026", "专家名单.csv"]);
        // Exactly at the cap is fine.
        std::fs::write(&big, vec![7u8; MIB as usize]).unwrap();
        let out = client.scp(big.to_str().unwrap(), &target("inbox/"));
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(std::fs::metadata(inbox.join("big.xlsx")).unwrap().len(), MIB);

        // PuTTY's psftp: the same two folders, its messages from the server.
        let out = client.psftp(
            "operator",
            OPERATOR_PASSWORD,
            &format!(
                "put {} /inbox/from-psftp.csv\nget /exports/1/results.csv {}\n",
                sheet.display(),
                local.path().join("psftp.csv").display()
            ),
        );
        assert!(out.status.success(), "{}", text(&out));
        assert!(inbox.join("from-psftp.csv").exists());
        assert_eq!(std::fs::read_to_string(local.path().join("psftp.csv")).unwrap(), "结果\n");
        let out = client.psftp("operator", OPERATOR_PASSWORD, "get /pingshen.db\n");
        assert!(!out.status.success(), "{}", text(&out));
        let out = client.psftp("operator", OPERATOR_PASSWORD, &format!("put {} /exports/x.csv\n", sheet.display()));
        assert!(!out.status.success());
        assert!(text(&out).contains("permission denied"), "{}", text(&out));
        // A refused upload fails (the server's words, in the operator's language, are
        // shown by clients that show them, such as WinSCP; psftp and sftp print the
        // status code).
        let big_again = local.path().join("big2.xlsx");
        std::fs::write(&big_again, vec![7u8; (2 * MIB) as usize]).unwrap();
        let out = client.psftp("operator", OPERATOR_PASSWORD, &format!("put {} /inbox/big2.xlsx\n", big_again.display()));
        assert!(!out.status.success());
        assert!(text(&out).contains("error while writing: failure"), "{}", text(&out));
        assert!(!inbox.join("big2.xlsx").exists());

        // An expert (any account but the office's) gets no files at all, and nobody
        // runs a command.
        let out = expert.scp("sf-g0-e1@127.0.0.1:exports/1/results.csv", local.path().join("e").to_str().unwrap());
        assert!(!out.status.success(), "{}", text(&out));
        assert!(!local.path().join("e").exists());
        let out = expert.sftp("sf-g0-e1", "ls /\n");
        assert!(!out.status.success(), "{}", text(&out));
        for (who, c) in [("operator", &client), ("sf-g0-e1", &expert)] {
            let mut ssh = c.openssh("ssh", "-p");
            ssh.args([&format!("{who}@127.0.0.1"), "cat", "/etc/passwd"]);
            let out = ssh.output().unwrap();
            assert!(!out.status.success(), "exec as {who}: {}", text(&out));
            assert!(!String::from_utf8_lossy(&out.stdout).contains("root:"), "{}", text(&out));
        }
    })
    .await
    .unwrap();
}

/// An SFTP session ends with its office account (removed, here, while it is open), as a
/// terminal session does; a terminal of the same account is not taken over by it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sftp_session_ends_when_its_office_account_is_removed() {
    let server = TestServer::start().await;
    let password = server
        .service
        .blocking(|s| s.add_office_account("zhang", false))
        .await
        .unwrap()
        .unwrap();
    let screen = server.login("zhang", &password).await.unwrap();
    screen.wait_home().await;
    let mut conn = server.connect().await;
    assert!(conn.password("zhang", &password).await);
    let channel = conn.handle.channel_open_session().await.unwrap();
    channel.request_subsystem(true, "sftp").await.unwrap();
    let sftp = russh_sftp::client::SftpSession::new(channel.into_stream())
        .await
        .unwrap();
    let names: Vec<String> = sftp.read_dir("/").await.unwrap().map(|e| e.file_name()).collect();
    assert_eq!(names, ["inbox", "exports"]);
    assert!(!screen.is_closed(), "the file session does not take the terminal over");
    server
        .service
        .blocking(|s| s.remove_office_account("zhang"))
        .await
        .unwrap();
    // The server notices within its account check and ends both.
    assert!(
        conn.closed_within(std::time::Duration::from_secs(10)).await,
        "the SFTP connection was closed"
    );
    screen.wait_closed().await;
    assert!(sftp.read_dir("/").await.is_err());
}
