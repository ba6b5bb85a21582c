//! The user guides (docs/guide.zh.md, docs/guide.en.md) show the real screens: this
//! test logs in to the demo over real SSH at 80x24, walks through what the guide
//! describes, and compares each screen with the guide's capture of it (a ```text block
//! after `<!-- screen: NAME -->`). When the screens change on purpose, run
//! `PINGSHEN_BLESS_GUIDE=1 cargo test --test user_guide` to write the new captures into
//! both guides, and read the prose around them again.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use pingshen::admin::demo;
use pingshen::domain::Lang;
use support::{DEMO_PASSWORD, OPERATOR_PASSWORD, Term, TestServer, keys};

/// A screen as the guide shows it: rows without trailing spaces. Callers wait for the
/// screen's data first (a reload after an action lands a moment after its message).
fn capture(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n");
    while text.ends_with('\n') {
        text.pop();
    }
    text
}

fn either<'a>(zh: &'a str, en: &'a str, lang: Lang) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

/// The applicant list with its data, in either language.
fn listed(s: &str) -> bool {
    (s.contains("显示 ") || s.contains(" shown")) && s.contains("> ")
}

/// Logs in and opens the first committee's list of applicants.
async fn open_list(server: &TestServer, user: &str) -> Term {
    let t = server.login(user, DEMO_PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_until("the list", listed).await;
    t
}

/// Every screen of the guide, captured in `lang`.
async fn screens(lang: Lang) -> BTreeMap<&'static str, String> {
    let server = TestServer::start_with(move |s| {
        let accounts = demo::build(s, DEMO_PASSWORD)?;
        if lang == Lang::En {
            for name in accounts.iter().map(|a| a.username.as_str()).chain(["operator"]) {
                let who = s.identity_by_username(name)?.expect("a demo account");
                s.set_language(who.account_id, Lang::En)?;
            }
        }
        Ok(())
    })
    .await;
    let mut out = BTreeMap::new();

    // An expert: home, the list with a draft, the file, the confirmation, the help.
    let e = server.login("c1-g1-e1", DEMO_PASSWORD).await.unwrap();
    out.insert("expert-home", capture(&e.wait_home().await));
    e.press(keys::ENTER).await;
    e.wait_until("the list", listed).await;
    e.press(b"1").await;
    e.wait_for(either("已保存拟投票：拟通过", "draft saved: approve", lang))
        .await;
    // No Down: the selection moved on to the next applicant without a vote.
    e.press(b"2").await;
    out.insert(
        "expert-list",
        capture(
            &e.wait_until("both drafts in the list", |s| {
                let rows: Vec<&str> = s.lines().filter(|l| l.starts_with('│')).collect();
                s.contains(either("已保存拟投票：拟否决", "draft saved: reject", lang))
                    && rows.iter().any(|l| l.contains(either("拟通过", "approve", lang)))
                    && rows.iter().any(|l| l.contains(either("拟否决", "reject", lang)))
                    && rows.iter().any(|l| l.contains("> ") && l.contains(" - "))
            })
            .await,
        ),
    );
    e.press(keys::UP).await;
    e.press(keys::UP).await;
    e.press(keys::ENTER).await;
    out.insert(
        "expert-file",
        capture(&e.wait_for(either("[年度考核]", "[Annual assessments]", lang)).await),
    );
    e.press(keys::ESC).await;
    e.wait_until("the list", listed).await;
    e.press(b"s").await;
    out.insert(
        "expert-confirm",
        capture(&e.wait_for(either("请确认", "Please confirm", lang)).await),
    );
    e.press(b"n").await;
    e.wait_gone(either("请确认", "Please confirm", lang)).await;
    e.press(b"?").await;
    out.insert(
        "expert-help",
        capture(&e.wait_for(either("帮助：按键说明", "Help: keys", lang)).await),
    );
    e.press(keys::ESC).await;

    // The group leader's panel and the lead picker.
    let l = open_list(&server, "c1-g1-leader").await;
    l.press(b"g").await;
    out.insert(
        "leader-panel",
        capture(
            &l.wait_until("the panel with its data", |s| {
                (s.contains("小组数据操作 -") || s.contains("Group panel -")) && s.contains("> ")
            })
            .await,
        ),
    );
    l.press(b"a").await;
    out.insert("leader-picker", capture(&l.wait_for("[ ]").await));
    l.press(keys::ESC).await;

    // A score sheet of the lecture-defense committee.
    let p = open_list(&server, "c2-g1-e1").await;
    p.press(b"p").await;
    p.wait_for(either("讲课答辩打分", "lecture defense", lang)).await;
    p.type_text("36").await;
    p.press(keys::TAB).await;
    out.insert(
        "expert-sheet",
        capture(
            &p.wait_until("the first item saved", |s| {
                s.contains("[ 36]") && (s.contains("评分表草稿已保存") || s.contains("score sheet draft saved"))
            })
            .await,
        ),
    );

    // The director's panel.
    let d = open_list(&server, "c1-director").await;
    d.press(b"d").await;
    out.insert(
        "director-panel",
        capture(
            &d.wait_until("the committee panel with its data", |s| {
                s.contains(either("评委会数据操作", "Committee panel", lang))
                    && s.contains(either("法定人数", "quorum", lang))
            })
            .await,
        ),
    );

    // The office.
    let o = server.login("operator", OPERATOR_PASSWORD).await.unwrap();
    out.insert("office-home", capture(&o.wait_home().await));
    o.press(keys::ENTER).await;
    out.insert(
        "office-progress",
        capture(
            &o.wait_until("the progress with its data", |s| {
                (s.contains("┌ 评审进度") || s.contains("┌ Progress")) && s.contains("> ")
            })
            .await,
        ),
    );
    server.stop().await;
    out
}

/// The guide's captures: name and the text of its block, in order.
fn guide_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<!-- screen: ") {
        let after = &rest[at + "<!-- screen: ".len()..];
        let name = after[..after.find(" -->").expect("a closed marker")].to_string();
        let open = after.find("```text\n").expect("a ```text block after the marker") + "```text\n".len();
        let body = &after[open..];
        let close = body.find("\n```").expect("a closed block");
        out.push((name, body[..close].to_string()));
        rest = &body[close..];
    }
    out
}

/// The guide with each capture's block replaced by the new capture.
fn blessed(text: &str, screens: &BTreeMap<&'static str, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("<!-- screen: ") {
        let after = &rest[at + "<!-- screen: ".len()..];
        let name = &after[..after.find(" -->").unwrap()];
        let open = at + "<!-- screen: ".len() + after.find("```text\n").unwrap() + "```text\n".len();
        out.push_str(&rest[..open]);
        let body = &rest[open..];
        let close = body.find("\n```").unwrap();
        out.push_str(screens.get(name).map_or(&body[..close], |s| s.as_str()));
        rest = &body[close..];
    }
    out.push_str(rest);
    out
}

async fn check(lang: Lang, file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let screens = screens(lang).await;
    if std::env::var_os("PINGSHEN_BLESS_GUIDE").is_some() {
        std::fs::write(&path, blessed(&text, &screens)).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let blocks = guide_blocks(&text);
    let names: Vec<&str> = blocks.iter().map(|(n, _)| n.as_str()).collect();
    for name in screens.keys() {
        assert!(names.contains(name), "docs/{file} has no capture of the screen {name}");
    }
    for (name, block) in &blocks {
        let screen = screens
            .get(name.as_str())
            .unwrap_or_else(|| panic!("docs/{file}: no screen is captured as {name}"));
        assert!(
            block == screen,
            "docs/{file}: the capture {name} is not the screen any more; if the change is meant, run \
             PINGSHEN_BLESS_GUIDE=1 cargo test --test user_guide and read the guide again.\n\
             guide:\n{block}\n\nscreen:\n{screen}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chinese_guide_shows_the_real_screens() {
    check(Lang::Zh, "guide.zh.md").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_guide_shows_the_real_screens() {
    check(Lang::En, "guide.en.md").await;
}
