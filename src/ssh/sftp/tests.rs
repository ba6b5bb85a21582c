//! The confinement rules and the handler, driven directly (no SSH).

use super::*;

fn names(p: &str) -> Place {
    resolve(p).unwrap()
}

#[test]
fn paths_resolve_inside_the_two_folders_as_a_chroot_would() {
    assert_eq!(names("/"), Place::Root);
    assert_eq!(names(""), Place::Root);
    assert_eq!(names("."), Place::Root);
    assert_eq!(names(".."), Place::Root);
    assert_eq!(names("../../.."), Place::Root);
    assert_eq!(names("inbox"), Place::In(Area::Inbox, vec![]));
    assert_eq!(names("/inbox/a.xlsx"), Place::In(Area::Inbox, vec!["a.xlsx".into()]));
    assert_eq!(names("inbox//./a.xlsx"), Place::In(Area::Inbox, vec!["a.xlsx".into()]));
    // `..` never climbs out: /exports/../../etc is /etc, which is not there.
    assert_eq!(resolve("/exports/../../etc/passwd"), Err(Nowhere::NotThere));
    assert_eq!(names("/exports/../inbox/x"), Place::In(Area::Inbox, vec!["x".into()]));
    assert_eq!(
        names("/inbox/sub/../../exports/r.csv"),
        Place::In(Area::Exports, vec!["r.csv".into()])
    );
    // The data folder's own files are not there, nor is anything absolute.
    for p in [
        "/pingshen.db",
        "pingshen.db",
        "/etc/passwd",
        "/keys/ssh_host_ed25519_key",
        "/root",
        "inboxx",
    ] {
        assert_eq!(resolve(p), Err(Nowhere::NotThere), "{p}");
    }
    // Hidden names (the upload temporaries among them) are not there either.
    for p in ["/inbox/.upload-1-2", "/exports/.x.part", "/inbox/a/.b/c"] {
        assert_eq!(resolve(p), Err(Nowhere::NotThere), "{p}");
    }
    assert_eq!(names("/exports/1/certificates").shown(), "/exports/1/certificates");
}

#[test]
fn an_upload_is_capped_and_leaves_the_reserve_free() {
    let mib = 1024 * 1024;
    let cap = 50 * mib;
    assert_eq!(upload_fits(10 * mib, mib, 10 * RESERVE, cap), Ok(()));
    assert_eq!(upload_fits(cap, mib, 10 * RESERVE, cap), Ok(()));
    assert_eq!(
        upload_fits(cap + 1, mib, 10 * RESERVE, cap),
        Err(UploadRefusal::TooLarge { cap })
    );
    assert_eq!(upload_fits(mib, mib, RESERVE, cap), Err(UploadRefusal::DiskFull));
    assert_eq!(upload_fits(0, 0, RESERVE, cap), Ok(()));
}

#[tokio::test]
async fn refusals_tell_the_client_why_in_the_operators_language() {
    use russh_sftp::server::Handler as _;
    let dir = tempfile::tempdir().unwrap();
    let peer = "127.0.0.1:1".parse().unwrap();
    let mut files = Files::new(dir.path(), Lang::Zh, "operator", peer, 10);
    let write = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    let e = files
        .open(1, "/exports/a.csv".into(), write, FileAttributes::empty())
        .await
        .unwrap_err();
    assert_eq!(e.status_code, StatusCode::PermissionDenied);
    assert_eq!(
        e.error_message.as_deref(),
        Some("只能在 inbox/ 中上传、改名或删除；exports/ 只能下载")
    );
    let e = files.stat(2, "/pingshen.db".into()).await.unwrap_err();
    assert_eq!(e.status_code, StatusCode::NoSuchFile);
    // Over the cap (10 bytes here): refused, and nothing is left at close.
    let h = files
        .open(3, "inbox/a.csv".into(), write, FileAttributes::empty())
        .await
        .unwrap()
        .handle;
    files.write(4, h.clone(), 0, vec![1; 8]).await.unwrap();
    let e = files.write(5, h.clone(), 8, vec![1; 8]).await.unwrap_err();
    assert_eq!(e.status_code, StatusCode::Failure);
    assert_eq!(e.error_message.as_deref(), Some("文件超过 0 MiB 的上传上限，未保存"));
    assert!(files.close(6, h).await.is_err());
    assert_eq!(std::fs::read_dir(dir.path().join("inbox")).unwrap().count(), 0);
    // Resuming is refused with its reason.
    let mut en = Files::new(dir.path(), Lang::En, "operator", peer, 10);
    let e = en
        .open(
            7,
            "inbox/a.csv".into(),
            OpenFlags::WRITE | OpenFlags::APPEND,
            FileAttributes::empty(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.error_message.as_deref(),
        Some("files are uploaded whole (no resuming or changing in place); upload it again")
    );
}

#[tokio::test]
async fn in_place_writes_keep_the_rest_listings_come_in_batches_and_handles_are_capped() {
    use russh_sftp::server::Handler as _;
    let dir = tempfile::tempdir().unwrap();
    let peer = "127.0.0.1:1".parse().unwrap();
    let mut files = Files::new(dir.path(), Lang::En, "operator", peer, 1 << 20);
    let inbox = dir.path().join("inbox");
    std::fs::write(inbox.join("a.txt"), "hello world").unwrap();
    // Writing into an existing file without truncating it changes it in place.
    let h = files
        .open(1, "/inbox/a.txt".into(), OpenFlags::WRITE, FileAttributes::empty())
        .await
        .unwrap()
        .handle;
    files.write(2, h.clone(), 6, b"WORLD".to_vec()).await.unwrap();
    files.close(3, h).await.unwrap();
    assert_eq!(std::fs::read_to_string(inbox.join("a.txt")).unwrap(), "hello WORLD");
    // A folder with an upload still open below it is not renamed (the upload would
    // lose its way and leave its temporary behind).
    files
        .mkdir(4, "/inbox/sub".into(), FileAttributes::empty())
        .await
        .unwrap();
    let write = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    let h = files
        .open(5, "/inbox/sub/x".into(), write, FileAttributes::empty())
        .await
        .unwrap()
        .handle;
    let e = files
        .rename(6, "/inbox/sub".into(), "/inbox/other".into())
        .await
        .unwrap_err();
    assert_eq!(
        e.error_message.as_deref(),
        Some("an upload into this folder is still open; rename it once the upload is done")
    );
    files.close(7, h).await.unwrap();
    files
        .rename(8, "/inbox/sub".into(), "/inbox/other".into())
        .await
        .unwrap();
    assert!(inbox.join("other").join("x").exists());
    // A large folder is listed a hundred names at a time, in order.
    let exports = dir.path().join("exports");
    for i in 0..250 {
        std::fs::write(exports.join(format!("f{i:03}.pdf")), "x").unwrap();
    }
    let h = files.opendir(9, "/exports".into()).await.unwrap().handle;
    let mut got = Vec::new();
    loop {
        match files.readdir(10, h.clone()).await {
            Ok(name) => {
                assert!(name.files.len() <= NAMES_PER_READDIR);
                got.extend(name.files.into_iter().map(|f| f.filename));
            }
            Err(e) => {
                assert_eq!(e.status_code, StatusCode::Eof);
                break;
            }
        }
    }
    let want: Vec<String> = (0..250).map(|i| format!("f{i:03}.pdf")).collect();
    assert_eq!(got, want);
    files.close(11, h).await.unwrap();
    // Handles are capped per session.
    let mut open = Vec::new();
    for i in 0..MAX_HANDLES {
        open.push(files.opendir(12 + i as u32, "/exports".into()).await.unwrap().handle);
    }
    let e = files.opendir(9999, "/exports".into()).await.unwrap_err();
    assert_eq!(
        e.error_message.as_deref(),
        Some("too many files open at once (512 at most); close some first")
    );
    let e = files
        .open(10000, "/inbox/y".into(), write, FileAttributes::empty())
        .await
        .unwrap_err();
    assert_eq!(e.status_code, StatusCode::Failure);
    assert!(
        !std::fs::read_dir(&inbox)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().starts_with('.'))
    );
    // A crash's temporaries are swept at the server's start.
    std::fs::write(inbox.join("other").join(".upload-0000000000000001"), "half").unwrap();
    sweep_inbox(dir.path());
    assert!(!inbox.join("other").join(".upload-0000000000000001").exists());
    assert!(inbox.join("other").join("x").exists());
}
