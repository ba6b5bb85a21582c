//! How the screens behave beyond the happy path, over real SSH: colour only as an
//! accent (basic ANSI on colour terminals, none on monochrome ones), keys a screen has
//! no use for, a connection dropped in the middle of drafting, the panels in English,
//! and a group of 200 applicants.

mod support;

use pingshen::domain::Mode;
use support::{TestServer, fingerprint, fixture, keys};

/// The parameters of every SGR sequence (`ESC [ ... m`) in `bytes`.
fn sgr_params(bytes: &[u8]) -> Vec<Vec<u16>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0x1b && bytes[i + 1] == b'[' {
            let start = i + 2;
            let mut end = start;
            while end < bytes.len() && !(0x40..=0x7e).contains(&bytes[end]) {
                end += 1;
            }
            if end < bytes.len() && bytes[end] == b'm' {
                let params = String::from_utf8_lossy(&bytes[start..end])
                    .split(';')
                    .map(|p| p.parse::<u16>().unwrap_or(0))
                    .collect();
                out.push(params);
            }
            i = end;
        }
        i += 1;
    }
    out
}

fn is_colour(p: u16) -> bool {
    matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colour_is_basic_ansi_on_colour_terminals_and_absent_on_monochrome_ones() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "col", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    for (user, term) in [("col-g0-e1", "xterm"), ("col-g0-e2", "vt100")] {
        let t = server.login_term(user, fixture::PASSWORD, term).await.unwrap();
        t.wait_for("对 2 名参评人拟投票").await;
        t.press(keys::ENTER).await;
        t.wait_for("显示 2 / 共 2 名").await;
        t.press(b"1").await;
        t.wait_for("已保存拟投票：拟通过").await;
        t.press(keys::DOWN).await;
        t.press(b"2").await;
        // The state is in words on every terminal.
        t.wait_for("已保存拟投票：拟否决").await;
        // The status line says 拟否决 too: the list's own row is the second one (waiting
        // for the first alone raced the list's reload, which brings the red).
        t.wait_until("both drafts in the list", |s| {
            s.contains("拟通过") && s.matches("拟否决").count() >= 2
        })
        .await;
        let params = sgr_params(&t.raw());
        assert!(!params.is_empty(), "{term}: the screen uses bold and reverse video");
        let colours: Vec<u16> = params.iter().flatten().copied().filter(|p| is_colour(*p)).collect();
        if term == "vt100" {
            assert!(colours.is_empty(), "{term}: no colour at all, got {colours:?}");
            assert!(
                params.iter().flatten().any(|p| *p == 7),
                "{term}: selections are reverse video"
            );
        } else {
            // Green for the approval, red for the rejection, classic codes only.
            assert!(colours.contains(&32) && colours.contains(&31), "{colours:?}");
            assert!(
                !colours.contains(&38) && !colours.contains(&48),
                "{term}: no 256-colour or RGB sequences: {params:?}"
            );
        }
        t.press(keys::ESC).await;
        t.wait_home().await;
        t.press(b"q").await;
        t.wait_closed().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_a_screen_has_no_use_for_change_nothing_and_say_so() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "k", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let service = server.service.clone();
    let t = server.login("k-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_for("对 2 名参评人拟投票").await;
    let before = service.blocking(|s| Ok(fingerprint(s))).await.unwrap();
    // Home, the list (where an expert has neither the leader's nor the director's
    // panel), and the file: each stays where it was and says the key does nothing.
    /// The key that opens a screen, its title, and keys it has no use for.
    type Case<'a> = (&'a [u8], &'a str, &'a [&'a [u8]]);
    let screens: [Case; 3] = [
        (b"", "我的评审工作", &[b"z", b"x", b"\x1b[15~", b"\t"]),
        (keys::ENTER, "显示 2 / 共 2 名", &[b"z", b"g", b"d", b"x", b"\x1bOP"]),
        (keys::ENTER, "申报材料 - 参评人0-0", &[b"z", b"a", b"w"]),
    ];
    for (open, title, unbound) in screens {
        if !open.is_empty() {
            t.press(open).await;
        }
        t.wait_for(title).await;
        for key in unbound {
            let name = match *key {
                b"\x1b[15~" => "F5".to_string(),
                b"\x1bOP" => "F1".to_string(),
                b"\t" => "Tab".to_string(),
                k => String::from_utf8_lossy(k).into_owned(),
            };
            t.press(key).await;
            let s = t.wait_for(&format!("按键 {name} 在此页面没有作用")).await;
            assert!(s.contains(title), "still on the same screen after {name}:\n{s}");
        }
    }
    let after = service.blocking(|s| Ok(fingerprint(s))).await.unwrap();
    assert_eq!(before, after, "unbound keys changed the database");
    // The next real key clears the message and works.
    t.press(b"1").await;
    let s = t.wait_for("已保存拟投票：拟通过").await;
    assert!(!s.contains("没有作用"), "{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_survives_a_connection_dropped_in_the_middle() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "drop", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("drop-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_for("对 2 名参评人拟投票").await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 2 / 共 2 名").await;
    t.press(b"2").await;
    t.wait_for("已保存拟投票：拟否决").await;
    // Mid-draft: the second applicant not drafted yet, the connection just goes.
    t.press(keys::DOWN).await;
    t.disconnect().await;
    server.wait_live_sessions(0).await;

    let t = server.login("drop-g0-e1", fixture::PASSWORD).await.unwrap();
    // Home says one applicant is still to draft; the list shows the saved draft.
    t.wait_for("对 1 名参评人拟投票").await;
    t.press(keys::ENTER).await;
    let s = t.wait_for("显示 2 / 共 2 名").await;
    let row = s.lines().find(|l| l.contains("参评人0-0")).expect("first row");
    assert!(row.contains("拟否决"), "{s}");
    let row = s.lines().find(|l| l.contains("参评人0-1")).expect("second row");
    assert!(!row.contains("拟"), "{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panels_speak_english_on_request() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "en", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        // A second committee whose groups are done: its director sees applicants.
        let fx = fixture::build(s, "enc", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        fixture::prepare_groups(s, &fx, |_, _| vec![], |_, _| pingshen::domain::Choice::Approve);
        fixture::finish_groups(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("en-g0-e0", fixture::PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(b"L").await;
    t.wait_for("My review work").await;
    t.press(keys::ENTER).await;
    t.wait_for("2 of 2 shown").await;
    t.press(b"g").await;
    let s = t.wait_for("experts 3  recused 0  in 0  needs 2").await;
    assert!(s.contains("Ballots and threshold"), "{s}");
    t.wait_for("Not in yet  en-g0-e0 en-g0-e1 en-g0-e2").await;
    t.press(b"o").await;
    t.wait_for("2 applicants still have no lead reviewer").await;
    t.press(b"z").await;
    t.wait_for("z does nothing here; press ? for this screen's keys").await;
    t.press(b"?").await;
    let s = t.wait_for("Help").await;
    assert!(s.contains("a: assign"), "{s}");
    assert!(!s.contains("帮助"), "{s}");
    t.press(keys::ESC).await;
    t.press(keys::ESC).await;
    t.press(keys::ESC).await;
    t.wait_home().await;
    t.press(b"q").await;
    t.wait_closed().await;

    // The director's panel, in a session that remembers English from the start.
    server
        .service
        .blocking(|s| {
            let d = s.identity_by_username("enc-director")?.unwrap();
            s.set_language(d.account_id, pingshen::domain::Lang::En)?;
            Ok(())
        })
        .await
        .unwrap();
    let d = server.login("enc-director", fixture::PASSWORD).await.unwrap();
    d.wait_home().await;
    d.press(keys::ENTER).await;
    d.wait_for("of 4 shown").await;
    d.press(b"d").await;
    let s = d.wait_for("9 members, 0 checked in, quorum 6 (no quorum yet)").await;
    assert!(s.contains("attending 0  recused 0  in 0  needs 0"), "{s}");
    d.press(b"o").await;
    d.wait_for("quorum not met: 0 checked in, 6 needed of 9 members").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_of_two_hundred_applicants_stays_usable() {
    let server = TestServer::start_with(|s| {
        let size = fixture::Size {
            groups: 1,
            experts_per_group: 3,
            other_members: 3,
            applicants_per_group: 200,
        };
        let fx = fixture::build(s, "big", Mode::Expert, &size);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("big-g0-e0", fixture::PASSWORD).await.unwrap();
    t.wait_for("对 200 名参评人拟投票").await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 200 / 共 200 名").await;
    // End reaches the last applicant, which is in view and selected.
    t.press(b"\x1b[F").await;
    t.wait_until("the last row selected", |s| {
        s.lines().any(|l| l.contains("> 参评人0-199"))
    })
    .await;
    t.press(b"3").await;
    t.wait_for("已保存拟投票：拟弃权").await;
    // The vote taken, the selection goes round to the next applicant without a vote.
    t.wait_until("the first row selected after the vote", |s| {
        s.lines().any(|l| l.contains("> 参评人0-0 "))
    })
    .await;
    t.press(b"\x1b[F").await;
    t.wait_until("the last row again", |s| s.lines().any(|l| l.contains("> 参评人0-199")))
        .await;
    // PageUp moves a screen up; Home returns to the first.
    t.press(b"\x1b[5~").await;
    t.wait_until("a screen up", |s| {
        !s.contains("> 参评人0-199") && s.lines().any(|l| l.contains("> 参评人0-1"))
    })
    .await;
    t.press(b"\x1b[H").await;
    t.wait_until("the first row selected", |s| {
        s.lines().any(|l| l.contains("> 参评人0-0 "))
    })
    .await;
    // The filter finds one among two hundred.
    t.press(b"/").await;
    t.type_text("0-150").await;
    // While the filter is typed, the terminal's own cursor is shown just after it
    // (where an input method puts its candidates); hidden again once it is kept.
    let typed = t
        .wait_until("the cursor after the filter", |s| s.contains("筛选：0-150"))
        .await;
    let row = typed.lines().position(|l| l.contains("筛选：0-150")).unwrap() as u16;
    assert!(!t.is_cursor_hidden(), "{typed}");
    assert_eq!(t.cursor().0, row, "{typed}");
    t.press(keys::ENTER).await;
    t.wait_until("the cursor hidden once the filter is kept", |_| t.is_cursor_hidden())
        .await;
    t.press(keys::ESC).await;
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 200 / 共 200 名").await;
    // The leader's panel pages through them too, and every row has its arithmetic.
    t.press(b"g").await;
    t.wait_for("未完成拟投票的专家 3 名").await;
    t.press(b"\x1b[F").await;
    let s = t
        .wait_until("the last row of the panel", |s| {
            s.lines().any(|l| l.contains("> 参评人0-199"))
        })
        .await;
    assert!(s.contains("参评人0-199：未交票"), "{s}");
    assert!(
        s.lines()
            .filter(|l| l.contains("参评人0-"))
            .all(|l| l.contains("专家 3  回避 0  已投 0  需同意 2 票") || l.contains("：")),
        "{s}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_watches_progress_live_issues_accounts_and_exports() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "of", Mode::Lecture, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("operator", support::OPERATOR_PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_for("评审进度 - of 评审委员会").await;
    t.wait_for("评审模式：专家评审+讲课答辩").await;
    let s = t.wait_for("已发放账号 10 个").await;
    // Each group: 3 experts, none drafted, none submitted, 6 sheets owed.
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("第1组") || l.contains("第2组"))
        .collect();
    assert_eq!(rows.len(), 2, "{s}");
    assert!(rows.iter().all(|r| r.contains("0/3") && r.contains(" 6 ")), "{s}");
    // Group 1 drafts and scores elsewhere; the office sees it without a key.
    server
        .service
        .blocking(|s| {
            for k in 0..3 {
                let e = s.identity_by_username(&format!("of-g0-e{k}"))?.unwrap();
                let cid = e.committee_id.unwrap();
                let items = s.score_items(cid)?;
                for line in s.applicant_lines(&e, cid)? {
                    let pts: Vec<(i32, u32)> = items.iter().map(|i| (i.id, 20)).collect();
                    s.save_score_sheet(&e, line.id, &pts, "").unwrap();
                    s.submit_score_sheet(&e, line.id).unwrap();
                    s.draft_vote(&e, line.id, pingshen::domain::Choice::Approve).unwrap();
                }
            }
            Ok(())
        })
        .await
        .unwrap();
    t.wait_until("group 1 drafted and scored", |s| {
        s.lines()
            .any(|l| l.contains("第1组") && l.contains("3/3") && l.trim_end_matches('│').trim_end().ends_with('0'))
    })
    .await;
    // g opens the group's panel to watch.
    t.press(b"g").await;
    t.wait_for("小组数据操作 - 第1组").await;
    t.press(keys::ESC).await;
    t.wait_for("显示 4 / 共 4 名").await;
    t.press(keys::ESC).await;
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_for("评审进度 - of 评审委员会").await;
    // x exports results and the record into exports/ of the data folder.
    t.press(b"x").await;
    t.wait_for("已导出到 ").await;
    t.wait_for("committee-1-results.csv").await;
    let exports = server.dir.path().join("data").join("exports");
    for f in [
        "committee-1-results.csv",
        "committee-1-results.xlsx",
        "committee-1-record.txt",
    ] {
        assert!(exports.join(f).exists(), "{f} written");
    }
    // a issues new accounts after a confirmation that says how many open sessions it
    // closes; the old accounts stop at once, and a session open under one is told and
    // closed.
    let old = server.login("of-g0-e1", fixture::PASSWORD).await.unwrap();
    old.wait_home().await;
    server.wait_live_sessions(2).await;
    t.press(b"a").await;
    t.wait_for("原有账号立即失效").await;
    t.wait_for("正在使用旧账号的 1 个会话将被关闭").await;
    t.press(b"y").await;
    t.wait_for("已发放 10 个账号").await;
    let slips = exports.join("committee-1-accounts.csv");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&slips).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(server.login("of-g0-e1", fixture::PASSWORD).await.is_err());
    old.wait_closed().await;
    assert_eq!(old.exit_status(), Some(pingshen::ssh::EXIT_ACCOUNT_CHANGED));
    assert!(String::from_utf8_lossy(&old.raw()).contains("职改办已重置或收回您的账号"));
    let text = String::from_utf8(std::fs::read(&slips).unwrap()).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("of-g0-e1,"))
        .expect("a slip for of-g0-e1");
    let cells: Vec<&str> = row.split(',').collect();
    let fresh = server.login(cells[3], cells[4]).await.unwrap();
    fresh.wait_home().await;
}
