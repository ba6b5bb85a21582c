//! The office's login-limits screen (登录限制): every account and source address with
//! failed logins remembered, whether it must wait or is locked out and until when. The
//! office clears one (Enter or `u`, after a confirmation) or all (`U`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{App, Effect, Pending, Screen, draw_list, fit_width, framed, header_row, move_selection, wrap_area};
use crate::domain::throttle::KeyKind;
use crate::service::LoginBlock;
use crate::tui::input::Key;
use crate::tui::text::{self, T, tr};

#[derive(Debug)]
pub(super) struct LoginsScreen {
    pub blocks: Option<Vec<LoginBlock>>,
    pub state: TableState,
}

impl App {
    pub(super) fn open_logins(&mut self) -> Vec<Effect> {
        self.screen = Screen::Logins(Box::new(LoginsScreen {
            blocks: None,
            state: TableState::default().with_selected(Some(0)),
        }));
        vec![Effect::LoadLoginBlocks]
    }

    pub(super) fn on_logins_key(&mut self, key: Key) -> Vec<Effect> {
        let height = self.height;
        let Screen::Logins(l) = &mut self.screen else {
            return Vec::new();
        };
        let n = l.blocks.as_ref().map_or(0, Vec::len);
        if move_selection(&mut l.state, n, key, height) {
            return Vec::new();
        }
        match key {
            Key::Esc | Key::Char('q') => {
                self.screen = Screen::Home;
                vec![Effect::LoadHome]
            }
            Key::Char('r') => vec![Effect::LoadLoginBlocks],
            Key::Enter | Key::Char('u') => {
                let selected = l.state.selected().and_then(|i| l.blocks.as_ref()?.get(i));
                if let Some(b) = selected {
                    self.confirm = Some(Pending::ClearLogins(Some((b.kind, b.key.clone()))));
                }
                Vec::new()
            }
            Key::Char('U') if n > 0 => {
                self.confirm = Some(Pending::ClearLogins(None));
                Vec::new()
            }
            _ => self.unbound(key),
        }
    }

    pub(super) fn view_logins(&mut self, frame: &mut Frame, area: Rect) {
        let (lang, palette) = (self.lang, self.palette);
        let Screen::Logins(l) = &mut self.screen else {
            return;
        };
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::LoginsTitle)));
        let Some(blocks) = &l.blocks else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let [head, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(inner);
        let locked = blocks.iter().filter(|b| b.locked_until.is_some()).count();
        frame.render_widget(
            Paragraph::new(format!(" {}", text::logins_head(lang, blocks.len(), locked))).bold(),
            wrap_area(head),
        );
        let header = header_row(
            lang,
            &[T::ColKind, T::ColWho, T::ColFailures, T::ColState, T::ColLastFailure],
        );
        let state_of = |b: &LoginBlock| match (&b.locked_until, b.wait_seconds) {
            (Some(until), _) => text::locked_until(lang, &text::date_time(lang, until)),
            (None, Some(s)) => text::waits(lang, s),
            (None, None) => tr(lang, T::NotLimited).to_string(),
        };
        let last_failures: Vec<String> = blocks.iter().map(|b| text::date_time(lang, &b.last_failure)).collect();
        let rows: Vec<Row> = blocks
            .iter()
            .zip(&last_failures)
            .map(|(b, last_failure)| {
                let style = if b.locked_until.is_some() {
                    palette.bad()
                } else if b.wait_seconds.is_some() {
                    palette.waiting()
                } else {
                    Style::new()
                };
                Row::new([
                    Cell::from(tr(
                        lang,
                        match b.kind {
                            KeyKind::Account => T::KindAccount,
                            KeyKind::Address => T::KindAddress,
                        },
                    )),
                    Cell::from(b.key.clone()),
                    Cell::from(format!("{} / {}", b.failures, b.lockouts)),
                    Cell::from(state_of(b)).style(style),
                    Cell::from(last_failure.clone()),
                ])
            })
            .collect();
        let widths = [
            fit_width(
                tr(lang, T::ColKind),
                [tr(lang, T::KindAccount), tr(lang, T::KindAddress)]
                    .map(String::from)
                    .into_iter(),
            ),
            fit_width(tr(lang, T::ColWho), blocks.iter().map(|b| b.key.clone())),
            fit_width(tr(lang, T::ColFailures), std::iter::once("00 / 0".to_string())),
            Constraint::Fill(1),
            fit_width(tr(lang, T::ColLastFailure), last_failures.iter().cloned()),
        ];
        let rows_count = rows.len();
        let table = Table::new(rows, widths).header(header);
        draw_list(frame, &mut self.hits, table, table_area, &mut l.state, rows_count);
    }
}
