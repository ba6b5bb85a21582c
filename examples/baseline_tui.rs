//! The baseline of the benchmarks (issue 8): the usual way to offer a terminal program
//! over SSH. Debian's OpenSSH server runs this small ratatui program for every
//! connection (`ForceCommand`), and the load generator measures it the way it measures
//! pingshen. It draws a screen like an expert's applicant list (a framed table of
//! applicants in Chinese, a status line), moves the selection with j/k or the arrows and
//! quits with q or Ctrl-C. It keeps no data: it is the cheapest honest program of the
//! kind, so the comparison favours the baseline.
//!
//! Run it by hand in a terminal: `cargo run --release --example baseline_tui`.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

const APPLICANTS: [(&str, &str, &str); 5] = [
    ("张伟", "省第一人民医院", "主任医师"),
    ("王芳", "市疾病预防控制中心", "副主任医师"),
    ("李娜", "省建筑设计研究院", "正高级工程师"),
    ("刘洋", "市第三中学", "高级教师"),
    ("陈静", "省农业科学院", "研究员"),
];

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let mut state = TableState::default().with_selected(0);
    let mut votes = [""; 5];
    let result = loop {
        if let Err(e) = terminal.draw(|f| {
            let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(f.area());
            let rows = APPLICANTS
                .iter()
                .zip(votes)
                .map(|((name, employer, title), vote)| Row::new([*name, *employer, *title, vote]));
            let table = Table::new(
                rows,
                [
                    Constraint::Length(8),
                    Constraint::Length(20),
                    Constraint::Length(14),
                    Constraint::Fill(1),
                ],
            )
            .header(
                Row::new(["姓名", "工作单位", "申报职称", "我的投票"]).style(Style::new().add_modifier(Modifier::BOLD)),
            )
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
            .block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(" 参评人名单 · 投票开关已开启 "),
            );
            f.render_stateful_widget(table, main, &mut state);
            f.render_widget(Paragraph::new("j/k 上下  1 同意  2 不同意  q 退出"), status);
        }) {
            break Err(e);
        }
        match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Char('q') => break Ok(()),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => break Ok(()),
                KeyCode::Char('j') | KeyCode::Down => state.select_next(),
                KeyCode::Char('k') | KeyCode::Up => state.select_previous(),
                KeyCode::Char('1') => votes[state.selected().unwrap_or(0).min(4)] = "同意",
                KeyCode::Char('2') => votes[state.selected().unwrap_or(0).min(4)] = "不同意",
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e),
        }
        // select_next may run past the end; keep it on a row.
        if state.selected().is_some_and(|i| i >= APPLICANTS.len()) {
            state.select(Some(APPLICANTS.len() - 1));
        }
    };
    ratatui::restore();
    result
}
