//! The mouse over real SSH: the server asks for button and wheel reports (SGR) and
//! gives them back on the way out; a click picks a list row and a second one opens it,
//! the key hints of the footer and of a confirmation are buttons, the wheel moves the
//! selection and scrolls a file. The keyboard alone still does everything (the other
//! tests).

mod support;

use pingshen::domain::Mode;
use support::{TestServer, fixture, keys};

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// The row of the screen holding `text`.
fn row_of(t: &support::Term, text: &str) -> u16 {
    t.find(text)
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", t.screen()))
        .1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicks_and_the_wheel_do_what_the_keys_do() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "m", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("m-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_for("对 2 名参评人拟投票").await;
    assert!(
        has(&t.raw(), b"\x1b[?1000h") && has(&t.raw(), b"\x1b[?1006h"),
        "mouse reports asked for"
    );

    // A click on the committee's card picks it (it is picked already: nothing opens);
    // a second click opens the list.
    t.click_on("m 评审委员会").await;
    t.press(b"?").await; // keys and clicks are taken in order: the help shows ...
    t.wait_for("帮助：按键说明").await;
    assert!(t.screen().contains("我的评审工作"), "one click opened the card");
    t.press(keys::ESC).await;
    t.wait_gone("帮助：按键说明").await;
    t.click_on("m 评审委员会").await; // ... and a key disarms the first click.
    t.click_on("m 评审委员会").await;
    t.wait_for("显示 2 / 共 2 名").await;

    // A click on the second row picks it (the "> " marker moves there).
    let second = row_of(&t, "参评人0-1");
    t.click(30, second).await;
    t.wait_until("the second row picked", |s| {
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-1"))
    })
    .await;
    // The footer's vote keys are buttons: "2" drafts a rejection of the picked row.
    let footer = row_of(&t, "Esc 返回");
    let (two, _) = t.find("1/2/3").unwrap();
    t.click(two + 2, footer).await;
    t.wait_for("已保存拟投票：拟否决").await;
    t.wait_until("the draft in the second row", |s| {
        s.lines().any(|l| l.contains("参评人0-1") && l.contains("拟否决"))
    })
    .await;

    // The draft taken, the selection moved on to the row without a vote (the first).
    t.wait_until("the first row picked after the draft", |s| {
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-0"))
    })
    .await;
    // The wheel moves the selection down and up, like the arrow keys.
    t.wheel(true).await;
    t.wait_until("the second row picked by the wheel", |s| {
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-1"))
    })
    .await;
    t.wheel(false).await;
    t.wait_until("the first row picked", |s| {
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-0"))
    })
    .await;

    // Two clicks on the picked row open the file; its vote hints are buttons too.
    let first = row_of(&t, "参评人0-0");
    t.click(30, first).await;
    t.click(30, first).await;
    t.wait_for("申报材料 - 参评人0-0").await;
    t.wait_for("[年度考核]").await;
    t.click_on("1 拟通过").await;
    t.wait_for("已保存拟投票：拟通过").await;
    // The wheel scrolls the file: its first line leaves the screen.
    let top = t.row(2);
    for _ in 0..3 {
        t.wheel(true).await;
    }
    t.wait_until("the file scrolled", |_| t.row(2) != top).await;
    // "Esc 返回" in the footer goes back to the list.
    t.press(b"x").await; // an unbound key's message replaces the footer ...
    t.wait_for("在此页面没有作用").await;
    t.click(40, 23).await; // ... and a click on it brings the footer back.
    t.wait_for("Esc 返回").await;
    t.click_on("Esc 返回").await;
    t.wait_for("显示 2 / 共 2 名").await;

    // A confirmation's answers are buttons: "n 或 Esc 取消" cancels, nothing is sent.
    t.press(b"s").await;
    t.wait_for("请确认").await;
    // Over the popup, the list's rows and footer are not clickable.
    t.click(30, row_of(&t, "参评人0-1")).await;
    t.click_on("Esc 取消").await;
    t.wait_gone("请确认").await;
    let s = t.screen();
    assert!(
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-0")),
        "the click under the popup changed the selection:\n{s}"
    );
    // And "y 或 Enter 确认" says yes: the engine refuses (the switch is still closed).
    t.press(b"s").await;
    t.wait_for("请确认").await;
    t.click_on("Enter 确认").await;
    t.wait_for("投票开关已关闭").await;

    // A right click, a release alone and a drag on the second row do nothing: once the
    // help (asked for after them) shows, the first row is still the one picked.
    t.click(1, 1).await; // (takes the refusal's message away)
    t.wait_for("Esc 返回").await;
    let second = row_of(&t, "参评人0-1");
    t.send(format!("\x1b[<2;31;{r}M\x1b[<0;31;{r}m\x1b[<32;31;{r}M", r = second + 1).as_bytes())
        .await;
    t.press(b"?").await;
    t.wait_for("帮助：按键说明").await;
    // A click anywhere closes the help, as Esc would.
    t.click(1, 1).await;
    t.wait_gone("帮助：按键说明").await;
    let s = t.screen();
    assert!(
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-0")),
        "a right click or drag picked a row:\n{s}"
    );

    // Leaving gives the terminal back without mouse reports.
    t.press(keys::CTRL_C).await;
    t.wait_closed().await;
    let raw = t.raw();
    assert!(
        has(&raw, b"\x1b[?1000l") && has(&raw, b"\x1b[?1006l"),
        "mouse reports turned off"
    );
    server.stop().await;
}

/// The group leader's panel: a click picks an applicant, the footer's "a 分配主审" opens
/// the lead picker, a click picks a name and a second click assigns it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leader_assigns_a_lead_reviewer_with_clicks() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "ml", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("ml-g0-e0", fixture::PASSWORD).await.unwrap();
    t.wait_home().await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 2 / 共 2 名").await;
    t.press(b"g").await;
    t.wait_for("a 分配主审").await;
    t.wait_for("参评人0-1").await;
    let second = row_of(&t, "参评人0-1");
    t.click(4, second).await;
    t.wait_until("the second applicant picked", |s| {
        s.lines().any(|l| l.contains("> ") && l.contains("参评人0-1"))
    })
    .await;
    t.click_on("a 分配主审").await;
    t.wait_for("[ ]").await;
    let screen = t.screen();
    let name_row = screen
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("[ ]"))
        .nth(1)
        .map(|(i, _)| i as u16)
        .unwrap_or_else(|| panic!("two names in the picker:\n{screen}"));
    let (col, _) = t.find("[ ]").unwrap();
    t.click(col, name_row).await;
    t.click(col, name_row).await;
    t.wait_for("已分配主审专家").await;
    // The second name of the picker (the expert after the leader) is now the lead
    // reviewer in the applicant's row.
    t.wait_until("the lead in the row", |s| {
        s.lines().any(|l| l.contains("参评人0-1") && l.contains("ml-g0-e1"))
    })
    .await;
    server.stop().await;
}
