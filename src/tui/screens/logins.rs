//! The office's login-limits screen (登录限制): every account and source address with
//! failed logins remembered, whether it must wait or is locked out and until when. The
//! office clears one (Enter or `u`, after a confirmation) or all (`U`).

use crate::domain::Lang;
use crate::tui::catalog::msg;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::domain::throttle::KeyKind;
use crate::service::{Event, LoginBlock};
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{draw_list, fit_width, framed, header_row, keep_selection, move_selection, wrap_area};

#[derive(Debug)]
pub struct LoginsScreen {
    blocks: Option<Vec<LoginBlock>>,
    state: TableState,
}

impl LoginsScreen {
    /// The login limits, not loaded yet.
    pub fn open() -> LoginsScreen {
        LoginsScreen {
            blocks: None,
            state: TableState::default().with_selected(Some(0)),
        }
    }
}

impl Screen for LoginsScreen {
    fn name(&self) -> &'static str {
        "logins"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let n = self.blocks.as_ref().map_or(0, Vec::len);
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let rows = with_back(keymap::LOGINS.to_vec());
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back_reload(),
            Some(Cmd::Reload) => Step::effect(Effect::LoadLoginBlocks),
            Some(Cmd::Lift) => {
                let selected = self.state.selected().and_then(|i| self.blocks.as_ref()?.get(i));
                match selected {
                    Some(b) => Step::confirm(
                        Effect::ClearLogins(Some((b.kind, b.key.clone()))),
                        T::ConfirmClearLoginBody,
                    ),
                    None => Step::none(),
                }
            }
            Some(Cmd::LiftAll) if n > 0 => Step::confirm(Effect::ClearLogins(None), T::ConfirmClearLoginsBody),
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::LoginBlocksLoaded(blocks) => keep(*blocks, |b| {
                keep_selection(&mut self.state, b.len());
                self.blocks = Some(b);
            }),
            other => Err(other),
        }
    }

    fn heard(&mut self, event: &Event) -> Vec<Effect> {
        match event {
            Event::LoginBlocksChanged => vec![Effect::LoadLoginBlocks],
            _ => Vec::new(),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let (lang, palette) = (cx.lang, cx.palette);
        let l = self;
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::LoginsTitle)));
        let Some(blocks) = &l.blocks else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let [head, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(inner);
        let locked = blocks.iter().filter(|b| b.locked_until.is_some()).count();
        frame.render_widget(
            Paragraph::new(format!(
                " {}    {}",
                logins_head(lang, blocks.len(), locked),
                text::times_in(lang)
            ))
            .bold(),
            wrap_area(head),
        );
        let header = header_row(
            lang,
            &[T::ColKind, T::ColWho, T::ColFailures, T::ColState, T::ColLastFailure],
        );
        let state_of = |b: &LoginBlock| match (&b.locked_until, b.wait_seconds) {
            (Some(until), _) => locked_until(lang, &text::date_time(lang, until)),
            (None, Some(s)) => waits(lang, s),
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
        draw_list(frame, hits, table, table_area, &mut l.state, rows_count);
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        with_back(keymap::LOGINS.to_vec())
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::LOGINS.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadLoginBlocks]
    }

    fn selected_row(&self) -> Option<usize> {
        self.state.selected()
    }

    fn select_row(&mut self, index: usize) {
        self.state.select(Some(index));
    }
}

// ---------------------------------------------------------------- texts

fn logins_head(lang: Lang, keys: usize, locked: usize) -> String {
    msg!(lang, "logins-head", keys = keys, locked = locked)
}

fn locked_until(lang: Lang, until: &str) -> String {
    msg!(lang, "locked-until", until = until)
}

fn waits(lang: Lang, seconds: u64) -> String {
    msg!(lang, "waits", seconds = seconds)
}
