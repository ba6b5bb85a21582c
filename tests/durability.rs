//! Nothing acknowledged is ever lost (issue 7): the server killed with SIGKILL in the
//! middle of a storm of votes, a disk that fills up, a database locked by another
//! program, damaged and read-only files, and a backup taken while the server runs and
//! then restored. The server here is the real binary, reached over real SSH.

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pingshen::domain::{Choice, Lang, Mode};
use pingshen::service::screens::MyVote;
use pingshen::service::{Identity, Service};
use pingshen::store::Store;
use pingshen::tui::text;
use support::{Conn, Term, TestServer, fixture, keys};

fn pingshen() -> Command {
    support::pingshen_bin()
}

/// A committee whose two groups have their vote switches open: every expert has a
/// draft (approve) on every applicant of the group and may change and submit them.
struct Voting {
    dir: tempfile::TempDir,
    committee_id: i32,
    /// Each expert with the applicants of the list in screen order.
    experts: Vec<(Identity, Vec<i32>)>,
}

impl Voting {
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    fn keys(&self) -> PathBuf {
        self.dir.path().join("keys")
    }
}

fn voting(size: &fixture::Size) -> Voting {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("data")).unwrap();
    let service = Service::new(store.clone());
    let fx = fixture::build(&service, "x", Mode::Expert, size);
    fixture::start(&service, &fx);
    fixture::prepare_groups(&service, &fx, |_, _| Vec::new(), |_, _| Choice::Approve);
    let mut experts = Vec::new();
    for g in &fx.groups {
        service.open_group_switch(&g.leader, g.id, false).unwrap();
        for e in &g.experts {
            let order = service
                .applicant_lines(e, fx.committee_id)
                .unwrap()
                .iter()
                .map(|l| l.id)
                .collect();
            experts.push((e.clone(), order));
        }
    }
    pingshen::store::checkpoint(&mut store.conn().unwrap()).unwrap();
    Voting {
        committee_id: fx.committee_id,
        dir,
        experts,
    }
}

/// A running server process; killed when dropped, so a failing test leaves none behind.
struct ServerProcess(Child);

impl std::ops::Deref for ServerProcess {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for ServerProcess {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `pingshen serve` on the folder and returns it with its address.
fn serve(v: &Voting, prepare: impl FnOnce(&mut Command)) -> (ServerProcess, SocketAddr) {
    let mut cmd = pingshen();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--idle-timeout", "0"])
        .arg("--data")
        .arg(v.data())
        .arg("--keys")
        .arg(v.keys())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    prepare(&mut cmd);
    let mut child = ServerProcess(cmd.spawn().expect("spawn pingshen"));
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) else {
            break None;
        };
        if let Some(rest) = line.split("is listening on ").nth(1) {
            break rest.split_whitespace().next().and_then(|a| a.parse().ok());
        }
    };
    match addr {
        Some(addr) => (child, addr),
        None => {
            kill9(&mut child);
            panic!("pingshen did not start");
        }
    }
}

fn kill9(child: &mut Child) {
    // SIGKILL: no shutdown code runs.
    let _ = child.kill();
    child.wait().unwrap();
}

/// Waits for `text` on the screen; false when the session closed or time ran out.
async fn until(t: &Term, text: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if t.screen().contains(text) {
            return true;
        }
        if t.is_closed() || Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn open_list(addr: SocketAddr, user: &str) -> Option<Term> {
    let mut c = Conn::connect_from(addr, "127.0.0.1".parse().unwrap()).await.ok()?;
    if !c.password(user, fixture::PASSWORD).await {
        return None;
    }
    // The server may be killed at any moment: a session it cannot open ends the expert.
    let t = c.try_shell(100, 40).await.ok()?;
    if !until(&t, "待办事项", Duration::from_secs(20)).await || !t.try_send(keys::ENTER).await {
        return None;
    }
    until(&t, "显示 ", Duration::from_secs(20)).await.then_some(t)
}

#[derive(Debug, Clone, Copy)]
enum Ack {
    Draft {
        expert: i32,
        applicant: i32,
        choice: Choice,
    },
    Submitted {
        expert: i32,
    },
}

/// One expert: changes `drafts` drafts row by row, each acknowledged on screen before
/// the next, then submits. Records each acknowledgement the moment it is seen.
async fn expert_storm(addr: SocketAddr, who: Identity, order: Vec<i32>, drafts: usize, acks: Arc<Mutex<Vec<Ack>>>) {
    let Some(t) = open_list(addr, &who.username).await else {
        return;
    };
    let expert = who.account_id;
    for (i, applicant) in order.iter().take(drafts).enumerate() {
        let choice = if i % 2 == 0 { Choice::Reject } else { Choice::Abstain };
        let key: &[u8] = if i % 2 == 0 { b"2" } else { b"3" };
        // The server may be killed at any moment: a key that cannot be sent ends it.
        if !t.try_send(key).await {
            return;
        }
        if !until(&t, &text::drafted(Lang::Zh, choice), Duration::from_secs(20)).await {
            return;
        }
        acks.lock().unwrap().push(Ack::Draft {
            expert,
            applicant: *applicant,
            choice,
        });
        if !t.try_send(keys::DOWN).await {
            return;
        }
    }
    if !t.try_send(b"s").await {
        return;
    }
    if !until(&t, "请确认", Duration::from_secs(20)).await {
        return;
    }
    if t.try_send(b"y").await && until(&t, &text::submitted(Lang::Zh, order.len()), Duration::from_secs(20)).await {
        acks.lock().unwrap().push(Ack::Submitted { expert });
    }
}

/// Every expert's votes as the database holds them, by account id.
fn votes(v: &Voting) -> HashMap<i32, Vec<(i32, Option<MyVote>)>> {
    let service = Service::new(Store::open(&v.data()).unwrap());
    v.experts
        .iter()
        .map(|(e, _)| {
            let lines = service.applicant_lines(e, v.committee_id).unwrap();
            (e.account_id, lines.iter().map(|l| (l.id, l.my_vote)).collect())
        })
        .collect()
}

fn audit_checks_out(data: &Path) {
    for cmd in ["verify", "replay"] {
        let out = pingshen().args(["audit", cmd, "--data"]).arg(data).output().unwrap();
        assert!(
            out.status.success(),
            "audit {cmd}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Checks every acknowledgement against the database, and that no submission is half
/// there. Returns (drafts, submissions) acknowledged.
fn acknowledged_are_kept(v: &Voting, acks: &[Ack]) -> (usize, usize) {
    let db = votes(v);
    let (mut drafts, mut submits) = (0, 0);
    for ack in acks {
        match *ack {
            Ack::Draft {
                expert,
                applicant,
                choice,
            } => {
                drafts += 1;
                let vote = db[&expert].iter().find(|(a, _)| *a == applicant).unwrap().1;
                assert!(
                    matches!(vote, Some(MyVote::Draft(c)) | Some(MyVote::Submitted(Some(c))) if c == choice),
                    "acknowledged draft lost: expert {expert}, applicant {applicant}: {choice:?}, database: {vote:?}"
                );
            }
            Ack::Submitted { expert } => {
                submits += 1;
                assert!(
                    db[&expert].iter().all(|(_, v)| matches!(v, Some(MyVote::Submitted(_)))),
                    "acknowledged submission lost: expert {expert}: {:?}",
                    db[&expert]
                );
            }
        }
    }
    // A submission is all of an expert's votes or none.
    for (expert, lines) in &db {
        let submitted = lines
            .iter()
            .filter(|(_, v)| matches!(v, Some(MyVote::Submitted(_))))
            .count();
        assert!(
            submitted == 0 || submitted == lines.len(),
            "half a submission of expert {expert}: {lines:?}"
        );
    }
    (drafts, submits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_in_a_storm_of_votes_loses_nothing_acknowledged() {
    let v = voting(&fixture::Size::REALISTIC);
    let (mut child, addr) = serve(&v, |_| {});
    let acks = Arc::new(Mutex::new(Vec::new()));
    let mut storm = Vec::new();
    for (who, order) in v.experts.clone() {
        storm.push(tokio::spawn(expert_storm(addr, who, order, 12, acks.clone())));
    }
    // Kill the server once a few experts have submitted and the others are mid-way:
    // at least 3 submissions and 40 drafts acknowledged (on a busy machine the first
    // submissions can come before the others have drafted much).
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (submitted, drafted) = {
            let acks = acks.lock().unwrap();
            let submitted = acks.iter().filter(|a| matches!(a, Ack::Submitted { .. })).count();
            (submitted, acks.len() - submitted)
        };
        if (submitted >= 3 && drafted >= 40) || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    kill9(&mut child);
    let at_kill = acks.lock().unwrap().len();
    for s in storm {
        s.await.unwrap();
    }
    let acks = acks.lock().unwrap().clone();
    assert!(acks.len() >= at_kill);
    let (drafts, submits) = acknowledged_are_kept(&v, &acks);
    println!("killed after {drafts} acknowledged drafts and {submits} submissions; all kept");
    assert!(
        submits >= 3 && drafts >= 40,
        "the storm was too small: {drafts} drafts, {submits} submissions"
    );
    assert!(
        submits < v.experts.len(),
        "every expert had finished before the kill; the storm proves nothing"
    );
    audit_checks_out(&v.data());

    // The server starts again on the same files, and the experts carry on.
    let (mut child, addr) = serve(&v, |_| {});
    let db = votes(&v);
    let (who, order) = v
        .experts
        .iter()
        .find(|(e, _)| !matches!(db[&e.account_id][0].1, Some(MyVote::Submitted(_))))
        .expect("an expert who had not submitted");
    let t = open_list(addr, &who.username).await.expect("log in after the restart");
    t.press(b"s").await;
    assert!(until(&t, "请确认", Duration::from_secs(10)).await);
    t.press(b"y").await;
    assert!(until(&t, &text::submitted(Lang::Zh, order.len()), Duration::from_secs(10)).await);
    kill9(&mut child);
    audit_checks_out(&v.data());
}

/// Drafts on the selected applicant again and again, each time the other choice than
/// the last (so each answer is new on screen), until a draft is refused with one of
/// `refusals`. Returns the last choice acknowledged; fails if nothing is ever refused.
async fn draft_until_refused(t: &Term, mut last: Option<Choice>, refusals: &[String]) -> Option<Choice> {
    for _ in 0..400 {
        let (key, choice): (&[u8], Choice) = if last == Some(Choice::Reject) {
            (b"3", Choice::Abstain)
        } else {
            (b"2", Choice::Reject)
        };
        t.press(key).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = t.screen();
            if refusals.iter().any(|r| s.contains(r.as_str())) {
                return last;
            }
            if s.contains(&text::drafted(Lang::Zh, choice)) {
                last = Some(choice);
                break;
            }
            assert!(
                Instant::now() < deadline && !t.is_closed(),
                "no answer to a draft:\n{s}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    panic!("400 drafts and none refused: storage never filled up");
}

/// Runs `f` in the child before it executes pingshen: the largest file it may write is
/// `bytes`, and going past it fails the write (instead of killing the process).
fn file_size_limit(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_changes_in_plain_words_and_loses_nothing() {
    let v = voting(&fixture::Size::SMALL);
    let size = std::fs::metadata(v.data().join("pingshen.db")).unwrap().len();
    // The database may not grow, and its WAL may take only a few changes.
    let (mut child, addr) = serve(&v, |c| file_size_limit(c, size.max(96 * 1024)));
    let (who, order) = v.experts[0].clone();
    let t = open_list(addr, &who.username).await.expect("log in");
    let refusals = [
        text::fault(Lang::Zh, pingshen::store::Fault::Io),
        text::fault(Lang::Zh, pingshen::store::Fault::Full),
    ];
    let acked = draft_until_refused(&t, None, &refusals).await;
    let mut acked = acked.expect("no draft was saved before the disk filled up");
    // The session goes on: the list still answers.
    t.press(keys::DOWN).await;
    t.press(keys::UP).await;
    assert!(!t.is_closed());
    // A language switch takes for the session, and says it was not saved.
    t.press(b"L").await;
    t.wait_for("switched to English for this session, but not saved for the account")
        .await;
    kill9(&mut child);
    // Without the limit: the last acknowledged draft is there, the refused one is not.
    let db = votes(&v);
    let vote = db[&who.account_id].iter().find(|(a, _)| *a == order[0]).unwrap().1;
    assert_eq!(vote, Some(MyVote::Draft(acked)), "the last acknowledged draft was lost");
    audit_checks_out(&v.data());

    // The database's own cap (`--max-database-mib`): the office's 1 MiB is nearly taken
    // (by a table of padding another program put there), so a few drafts fill it.
    {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let mut other =
            diesel::sqlite::SqliteConnection::establish(&v.data().join("pingshen.db").to_string_lossy()).unwrap();
        let used: i64 = std::fs::metadata(v.data().join("pingshen.db")).unwrap().len() as i64;
        let pad = (1024 * 1024 - used - 12 * 4096).max(0);
        other
            .batch_execute(&format!(
                "CREATE TABLE padding (x BLOB); INSERT INTO padding VALUES (zeroblob({pad})); PRAGMA wal_checkpoint(TRUNCATE);"
            ))
            .unwrap();
    }
    let (mut child, addr) = serve(&v, |c| {
        c.args(["--max-database-mib", "1"]);
    });
    let t = open_list(addr, &who.username).await.expect("log in");
    if let Some(last) = draft_until_refused(&t, Some(acked), &refusals[1..]).await {
        acked = last;
    }
    kill9(&mut child);
    let db = votes(&v);
    let vote = db[&who.account_id].iter().find(|(a, _)| *a == order[0]).unwrap().1;
    assert_eq!(vote, Some(MyVote::Draft(acked)), "the last acknowledged draft was lost");
    audit_checks_out(&v.data());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_refuses_in_plain_words_then_works_again() {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "l", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let service = server.service.clone();
    let t = server.login("l-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 ").await;
    // Another program takes the write lock and keeps it past the busy timeout.
    let path = service.store().path().to_string_lossy().to_string();
    let mut other = diesel::sqlite::SqliteConnection::establish(&path).unwrap();
    other.batch_execute("BEGIN EXCLUSIVE").unwrap();
    let before = service.blocking(|s| Ok(support::fingerprint(s))).await.unwrap();
    t.press(b"2").await;
    let busy = text::fault(Lang::Zh, pingshen::store::Fault::Busy);
    assert!(until(&t, &busy, Duration::from_secs(15)).await, "{}", t.screen());
    let after = service.blocking(|s| Ok(support::fingerprint(s))).await.unwrap();
    assert_eq!(before, after, "a refused draft changed data");
    other.batch_execute("ROLLBACK").unwrap();
    t.press(b"2").await;
    t.wait_for(&text::drafted(Lang::Zh, Choice::Reject)).await;
    let changed = service.blocking(|s| Ok(support::fingerprint(s))).await.unwrap();
    assert_ne!(before, changed);
    server.stop().await;
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn serve_fails(data: &Path, keys: &Path) -> String {
    let mut cmd = pingshen();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .arg("--keys")
        .arg(keys);
    let (ok, out) = run(cmd.stdin(Stdio::null()));
    assert!(!ok, "pingshen served: {out}");
    out
}

#[test]
fn damaged_and_read_only_databases_are_refused_clearly_and_left_alone() {
    let v = voting(&fixture::Size::SMALL);
    let db = v.data().join("pingshen.db");
    let good = std::fs::read(&db).unwrap();

    // Pages of garbage in the middle of the file.
    let mut bad = good.clone();
    let at = bad.len() / 2 / 4096 * 4096;
    for b in &mut bad[at..at + 8192] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bad).unwrap();
    let out = serve_fails(&v.data(), &v.keys());
    assert!(out.contains("damaged") && out.contains("pingshen restore"), "{out}");
    assert_eq!(std::fs::read(&db).unwrap(), bad, "the damaged file was changed");

    // Not a database at all.
    std::fs::write(&db, b"these are not the votes you are looking for").unwrap();
    let out = serve_fails(&v.data(), &v.keys());
    assert!(out.contains("damaged or not a pingshen database"), "{out}");
    // Told once, at once: no connection pool retrying and logging each attempt first.
    assert!(!out.contains("ERROR"), "{out}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"these are not the votes you are looking for"
    );

    // Read-only: the file and its folder cannot be written (as root, run the server as
    // nobody, for whom the permissions hold).
    std::fs::write(&db, &good).unwrap();
    let mut cmd = pingshen();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(v.data())
        .arg("--keys")
        .arg(v.keys());
    if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::process::CommandExt;
        for p in [
            v.dir.path().to_path_buf(),
            v.data(),
            db.clone(),
            v.data().join("serve.lock"),
        ] {
            if p.exists() {
                std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
            }
        }
        cmd.uid(65534).gid(65534);
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    std::fs::set_permissions(v.data(), std::fs::Permissions::from_mode(0o500)).unwrap();
    let (ok, out) = run(cmd.stdin(Stdio::null()));
    std::fs::set_permissions(v.data(), std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(!ok, "served in a read-only folder: {out}");
    assert!(out.contains("cannot be written"), "{out}");
    // The folder may be written, the database file may not.
    let (ok, out) = run(cmd.stdin(Stdio::null()));
    assert!(!ok, "served a read-only database: {out}");
    assert!(out.contains("pingshen.db cannot be written"), "{out}");
    assert_eq!(std::fs::read(&db).unwrap(), good);

    // A restore interrupted between moving the database aside and putting the backup in
    // place: no new empty database is started in its stead.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let aside = v.data().join("pingshen.db.before-restore-2026-11-27T000000.000Z");
    std::fs::create_dir_all(&aside).unwrap();
    std::fs::rename(&db, aside.join("pingshen.db")).unwrap();
    let out = serve_fails(&v.data(), &v.keys());
    assert!(out.contains("interrupted restore"), "{out}");
    assert!(!db.exists(), "an empty database was created");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_voting_goes_on_restores_everything_it_held() {
    let v = voting(&fixture::Size::REALISTIC);
    let (mut child, addr) = serve(&v, |_| {});
    let acks = Arc::new(Mutex::new(Vec::new()));
    let mut storm = Vec::new();
    for (who, order) in v.experts.iter().take(6).cloned() {
        storm.push(tokio::spawn(expert_storm(addr, who, order, 30, acks.clone())));
    }
    // Take the backup in the middle of it.
    while acks.lock().unwrap().len() < 30 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before_backup = acks.lock().unwrap().clone();
    let backup = v.dir.path().join("backup.db");
    let (ok, out) = run(pingshen()
        .args(["backup", "--data"])
        .arg(v.data())
        .arg("--out")
        .arg(&backup));
    assert!(ok, "{out}");
    assert!(out.contains("backup written") && out.contains("head: "), "{out}");
    assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    // Never over an existing file.
    let (ok, out) = run(pingshen()
        .args(["backup", "--data"])
        .arg(v.data())
        .arg("--out")
        .arg(&backup));
    assert!(!ok && out.contains("exists already"), "{out}");
    // No restore under a running server.
    let (ok, out) = run(pingshen()
        .args(["restore", "--data"])
        .arg(v.data())
        .arg("--from")
        .arg(&backup));
    assert!(!ok && out.contains("in use by another pingshen"), "{out}");
    for s in storm {
        s.await.unwrap();
    }
    let all = acks.lock().unwrap().clone();
    assert!(all.len() > before_backup.len(), "nothing happened after the backup");
    kill9(&mut child);

    // A live database (a write-ahead log beside it) is not a backup.
    let live = v.dir.path().join("live.db");
    std::fs::copy(&backup, &live).unwrap();
    std::fs::write(v.dir.path().join("live.db-wal"), b"frames").unwrap();
    let (ok, out) = run(pingshen()
        .args(["restore", "--data"])
        .arg(v.data())
        .arg("--from")
        .arg(&live));
    assert!(!ok && out.contains("write-ahead log"), "{out}");
    // A file that is not a backup is refused, and nothing moves.
    let junk = v.dir.path().join("junk.db");
    std::fs::write(&junk, b"junk").unwrap();
    let (ok, out) = run(pingshen()
        .args(["restore", "--data"])
        .arg(v.data())
        .arg("--from")
        .arg(&junk));
    assert!(!ok && out.contains("cannot be restored"), "{out}");
    assert!(v.data().join("pingshen.db").exists());

    // Restore: everything acknowledged before the backup began is back; the database it
    // replaced is kept aside.
    let (ok, out) = run(pingshen()
        .args(["restore", "--data"])
        .arg(v.data())
        .arg("--from")
        .arg(&backup));
    assert!(ok, "{out}");
    assert!(out.contains("kept in"), "{out}");
    acknowledged_are_kept(&v, &before_backup);
    audit_checks_out(&v.data());
    let kept: Vec<_> = std::fs::read_dir(v.data())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 1);
    // And the server serves the restored database.
    let (mut child, addr) = serve(&v, |_| {});
    let (who, _) = &v.experts[0];
    assert!(open_list(addr, &who.username).await.is_some());
    kill9(&mut child);
}
