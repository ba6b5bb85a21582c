//! Other clients and terminals: PuTTY's `plink` logs in, drafts, submits and quits;
//! the real OpenSSH client in terminals of type xterm-256color, xterm, screen, linux
//! and vt100 each gets a usable screen (the home screen, the list, a draft, colour only
//! where the terminal has it, the terminal given back on the way out).

mod support;

use pingshen::domain::Mode;
use support::openssh::{self, OpenSsh};
use support::{TestServer, fixture};

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Whether `bytes` set a foreground or background colour (SGR 30-37, 40-47, 90-97,
/// 100-107, or the 256-colour and RGB forms).
fn has_colour(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b[").skip(1).any(|seq| {
        let Some(end) = seq.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            return false;
        };
        if !seq[end..].starts_with('m') {
            return false;
        }
        seq[..end]
            .split(';')
            .filter_map(|p| p.parse::<u16>().ok())
            .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plink_logs_in_drafts_submits_and_quits() {
    assert!(
        openssh::plink_available(),
        "PuTTY's plink is required (apt-get install putty-tools)"
    );
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "pl", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let addr = server.addr;
    let fingerprint = server.server.as_ref().unwrap().fingerprint.clone();
    let service = server.service.clone();
    tokio::task::spawn_blocking(move || {
        // The leader and another expert work in their own sessions (here: the service).
        let (leader, e1, cid, group) = fixture::others_drafted(&service, "pl");

        // A wrong password: plink gives up (batch mode) with a non-zero status.
        let mut wrong = OpenSsh::plink(addr, "pl-g0-e1", "not-the-password", &fingerprint, "xterm");
        assert_ne!(wrong.wait_exit(), 0);

        let mut plink = OpenSsh::plink(addr, "pl-g0-e1", fixture::PASSWORD, &fingerprint, "xterm");
        plink.wait_for("对 2 名参评人拟投票");
        plink.send(b"\r");
        plink.wait_for("第1组：评审与拟投票");
        plink.send(b"1");
        plink.wait_for("已保存拟投票：拟通过");
        // PuTTY's arrow keys (ESC [ B), then a rejection of the second applicant.
        plink.send(b"\x1b[B");
        plink.send(b"2");
        plink.wait_for("已保存拟投票：拟否决");
        service.open_group_switch(&leader, group, false).unwrap();
        plink.wait_for("第1组：投票开关已开启");
        // Submitting with a click on the footer's "s 提交" (PuTTY reports SGR mouse):
        // a first click takes the last message away and the footer's keys come back.
        plink.send(b"\x1b[<0;40;24M\x1b[<0;40;24m");
        let screen = plink.wait_for("s 提交");
        let (row, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("s 提交"))
            .unwrap_or_else(|| panic!("no footer:\n{screen}"));
        let col = unicode_width::UnicodeWidthStr::width(&line[..line.find("s 提交").unwrap()]) + 1;
        plink.send(format!("\x1b[<0;{col};{}M\x1b[<0;{col};{}m", row + 1, row + 1).as_bytes());
        plink.wait_for("请确认");
        plink.send(b"y");
        plink.wait_for("已提交 2 名参评人的投票");
        let lines = service.applicant_lines(&e1, cid).unwrap();
        assert!(
            lines
                .iter()
                .all(|l| matches!(l.my_vote, Some(pingshen::service::screens::MyVote::Submitted(_)))),
            "submitted: {lines:?}"
        );
        plink.send(b"\x1b");
        plink.wait_for("我的评审工作");
        plink.send(b"q");
        assert_eq!(plink.wait_exit(), 0, "plink exits cleanly after q");
        assert!(!plink.is_alternate_screen(), "terminal restored");
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_common_terminal_type_gets_a_usable_screen() {
    assert!(openssh::available(), "the OpenSSH client `ssh` is required");
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "tt", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let addr = server.addr;
    tokio::task::spawn_blocking(move || {
        // Each terminal as its own expert (one live session per account).
        let terms = [
            ("xterm-256color", "tt-g0-e1", true),
            ("xterm", "tt-g0-e2", true),
            ("screen", "tt-g1-e1", true),
            ("linux", "tt-g1-e2", true),
            ("vt100", "tt-g0-e0", false),
        ];
        for (term, user, colour) in terms {
            let mut ssh = OpenSsh::spawn_term(addr, user, 80, 24, term);
            ssh.wait_for("password:");
            ssh.send(format!("{}\r", fixture::PASSWORD).as_bytes());
            let home = ssh.wait_for("待办事项");
            assert!(home.contains("我的评审工作"), "{term}: {home}");
            ssh.send(b"\r");
            ssh.wait_for("显示 2 / 共 2 名");
            // The arrow keys as this terminal sends them in application mode (ESC O B:
            // vt100, linux, screen), then a draft.
            ssh.send(b"\x1bOB");
            ssh.send(b"1");
            ssh.wait_for("已保存拟投票：拟通过");
            // The list shows the draft once it has read it again, and the selection has
            // moved on to the applicant still without a vote (the first row).
            let s = ssh.wait_until(&format!("{term}: the draft on the second row"), |s| {
                let rows: Vec<&str> = s.lines().filter(|l| l.contains("参评人")).collect();
                rows.iter().any(|l| !l.contains("> ") && l.contains("拟通过"))
                    && rows.iter().any(|l| l.contains("> ") && !l.contains("拟通过"))
            });
            // Box drawing and the columns are on screen in every terminal.
            assert!(
                s.contains('┌') && s.contains('┘') && s.contains("我的投票"),
                "{term}:\n{s}"
            );
            let raw = ssh.raw();
            assert_eq!(
                has_colour(&raw),
                colour,
                "{term}: colour only where the terminal has it"
            );
            // Never more than the basic colours.
            assert!(
                !has(&raw, b"38;5;") && !has(&raw, b"38;2;"),
                "{term}: 256/RGB colour sent"
            );
            ssh.send(b"\x1b");
            ssh.wait_for("我的评审工作");
            ssh.send(b"q");
            assert_eq!(ssh.wait_exit(), 0, "{term}: exit 0 after q");
            // The terminal is given back: the screen cleared (for terminals without an
            // alternate screen), the cursor shown, mouse reports off.
            let raw = ssh.raw();
            let tail = &raw[raw.len().saturating_sub(200)..];
            assert!(
                has(tail, b"\x1b[2J") && has(tail, b"\x1b[?25h") && has(tail, b"\x1b[?1000l"),
                "{term}: {tail:?}"
            );
            assert!(
                !ssh.screen().contains("我的评审工作"),
                "{term}: the screen is left clean"
            );
        }
    })
    .await
    .unwrap();
}
