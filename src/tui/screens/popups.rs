//! The popups over any screen: a confirmation (an irreversible step waiting for the
//! user's yes), the help of the screen's keys, and notices only a key dismisses.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;

use crate::domain::Lang;
use crate::tui::clicks::Hits;
use crate::tui::keymap::{self, Binding};
use crate::tui::text::{T, tr};
use crate::tui::widgets::popup;

/// A confirmation: its text, then the answers, which are buttons.
pub fn confirm(frame: &mut Frame, area: Rect, hits: &mut Hits, lang: Lang, body: &str) {
    let mut lines: Vec<Line> = body.split('\n').map(|l| Line::from(format!(" {l}"))).collect();
    // The answers, after a leading space, are the popup's last line.
    let placeholder = keymap::answers(lang, 0, 0).text;
    lines.extend([Line::from(""), Line::from(format!(" {placeholder}")).bold()]);
    let inner = popup(frame, area, 56, tr(lang, T::ConfirmSubmitTitle), lines);
    let last = inner.y + inner.height.saturating_sub(1);
    hits.buttons.extend(keymap::answers(lang, inner.x + 1, last).buttons);
}

/// The help: a line per key row of the screen, then the global keys.
pub fn help(frame: &mut Frame, area: Rect, lang: Lang, mut keys: Vec<Binding>) {
    // A screen's own `?` row is not listed twice: the global keys have it.
    keys.retain(|b| *b != keymap::HELP);
    keys.extend(keymap::GLOBAL);
    let mut lines: Vec<Line> = keymap::help_lines(lang, &keys)
        .into_iter()
        .map(|k| Line::from(format!(" {k}")))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", tr(lang, T::HelpClose))).dim());
    let _ = popup(frame, area, 76, tr(lang, T::HelpTitle), lines);
}

/// A notice over the whole screen that only a key press dismisses.
pub fn notice(frame: &mut Frame, area: Rect, lang: Lang, title: T, body: T) {
    let lines = vec![
        Line::from(format!(" {}", tr(lang, body))),
        Line::from(""),
        Line::from(format!(" {}", tr(lang, T::AnyKeyToLeave))).bold(),
    ];
    let _ = popup(frame, area, 56, tr(lang, title), lines);
}

/// The warning that the session is about to be closed for idleness.
pub fn idle(frame: &mut Frame, area: Rect, lang: Lang, seconds: u64) {
    let line = Line::from(format!(" {}", crate::tui::text::idle_warning(lang, seconds))).bold();
    let _ = popup(frame, area, 56, tr(lang, T::IdleTitle), vec![line]);
}
