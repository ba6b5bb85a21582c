//! Opening a re-vote round (复议), over the leader's or the director's panel: the
//! applicants of the round to choose from (Space marks one), then the reason typed
//! (Enter), then a confirmation that names who and why. The panel turns the result
//! into its effect; the engine checks who may open a round, when, and for whom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;

use crate::domain::Lang;
use crate::service::review::MAX_REASON;
use crate::tui::catalog::msg;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::screen::{Ctx, Step};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::popup;

/// The applicants chosen and the reason typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub applicant_ids: Vec<i32>,
    pub names: Vec<String>,
    pub reason: String,
}

#[derive(Debug)]
pub struct RevotePicker {
    /// The round's applicants: id, name, and what they came to.
    rows: Vec<(i32, String, String)>,
    marked: Vec<bool>,
    cursor: usize,
    /// The reason being typed, once the applicants are chosen.
    reason: Option<String>,
}

/// What a key did to the picker.
#[derive(Debug, PartialEq, Eq)]
pub enum Picked {
    /// Still choosing or typing.
    Open,
    /// Closed without a round.
    Cancelled,
    /// A key that needs a word on the status line (nothing chosen, no reason).
    Say(T),
    Done(Chosen),
}

impl RevotePicker {
    pub fn new(rows: Vec<(i32, String, String)>) -> RevotePicker {
        RevotePicker {
            marked: vec![false; rows.len()],
            rows,
            cursor: 0,
            reason: None,
        }
    }

    /// Whether the reason is being typed (every key is text then).
    pub fn typing(&self) -> bool {
        self.reason.is_some()
    }

    fn chosen(&self) -> (Vec<i32>, Vec<String>) {
        self.rows
            .iter()
            .zip(&self.marked)
            .filter(|(_, m)| **m)
            .map(|((id, name, _), _)| (*id, name.clone()))
            .unzip()
    }

    pub fn key(&mut self, key: Key) -> Picked {
        if let Some(reason) = &mut self.reason {
            match key {
                Key::Esc => self.reason = None,
                Key::Backspace => {
                    reason.pop();
                }
                Key::Enter if reason.trim().is_empty() => return Picked::Say(T::RefusalReasonNeeded),
                Key::Enter => {
                    let reason = reason.trim().to_string();
                    let (applicant_ids, names) = self.chosen();
                    return Picked::Done(Chosen {
                        applicant_ids,
                        names,
                        reason,
                    });
                }
                Key::Char(c) if reason.chars().count() < MAX_REASON => reason.push(c),
                _ => {}
            }
            return Picked::Open;
        }
        match keymap::command(keymap::REVOTE_PICK, key) {
            Some(Cmd::Move) => match key {
                Key::Up | Key::Char('k') => self.cursor = self.cursor.saturating_sub(1),
                _ => self.cursor = (self.cursor + 1).min(self.rows.len().saturating_sub(1)),
            },
            Some(Cmd::Mark) => {
                if let Some(m) = self.marked.get_mut(self.cursor) {
                    *m = !*m;
                }
            }
            Some(Cmd::Next) if !self.marked.contains(&true) => return Picked::Say(T::RevoteNoneChosen),
            Some(Cmd::Next) => self.reason = Some(String::new()),
            Some(Cmd::Back) => return Picked::Cancelled,
            _ => {}
        }
        Picked::Open
    }

    /// The bottom line while the picker is open.
    pub fn footer(&self) -> Vec<Binding> {
        if self.typing() {
            keymap::REASON.to_vec()
        } else {
            keymap::REVOTE_PICK.to_vec()
        }
    }

    pub fn draw(&self, lang: Lang, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        // The picker is for the keyboard: nothing under it is clicked.
        hits.clear();
        if let Some(reason) = &self.reason {
            let (_, names) = self.chosen();
            let lines = vec![
                Line::from(format!(
                    " {}",
                    msg!(
                        lang,
                        "revote-reason-prompt",
                        applicants = text::few_names(lang, &names, 8, tr(lang, T::ListSeparator))
                    )
                )),
                Line::from(""),
                Line::from(format!(" {reason}_")).bold(),
            ];
            let _ = popup(frame, area, 60, tr(lang, T::RevoteReasonTitle), lines);
            return;
        }
        // As many rows as fit (borders off), the cursor's row always among them.
        let fit = usize::from(area.height.saturating_sub(2)).max(1);
        let first = self.cursor.saturating_sub(fit - 1);
        let mut lines: Vec<Line> = self
            .rows
            .iter()
            .zip(&self.marked)
            .enumerate()
            .skip(first)
            .take(fit)
            .map(|(i, ((_, name, result), marked))| {
                let mark = if *marked { "[x]" } else { "[ ]" };
                let here = if i == self.cursor { ">" } else { " " };
                let line = Line::from(format!(" {here} {mark} {name}  {result}"));
                if i == self.cursor { line.reversed() } else { line }
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(format!(" {}", tr(lang, T::NoApplicants))));
        }
        let _ = popup(frame, area, 60, tr(lang, T::RevoteTitle), lines);
    }
}

/// A key while the picker is open, as the panel answers it: the confirmation of
/// `effect` once the applicants and the reason are in.
pub fn revote_step(
    cx: &Ctx,
    open: &mut Option<RevotePicker>,
    key: Key,
    round: i32,
    effect: impl FnOnce(Chosen) -> Effect,
) -> Step {
    let Some(picker) = open.as_mut() else {
        return Step::none();
    };
    match picker.key(key) {
        Picked::Open => Step::none(),
        Picked::Cancelled => {
            *open = None;
            Step::none()
        }
        Picked::Say(t) => Step::fail(tr(cx.lang, t).to_string()),
        Picked::Done(chosen) => {
            *open = None;
            let text = confirm_text(cx.lang, round, &chosen);
            Step::confirm_text(effect(chosen), text)
        }
    }
}

/// The confirmation's text: who, why, and what a new round means.
pub fn confirm_text(lang: Lang, round: i32, chosen: &Chosen) -> String {
    msg!(
        lang,
        "confirm-revote-body",
        round = round,
        applicants = text::few_names(lang, &chosen.names, 8, tr(lang, T::ListSeparator)),
        reason = chosen.reason.as_str()
    )
}
