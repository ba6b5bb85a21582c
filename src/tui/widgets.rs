//! Drawing and input pieces every screen shares: framed boxes, lists, popups, column
//! widths, list movement, a line of text being typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState, Wrap};

use super::clicks::Hits;
use super::input::Key;
use super::text::{T, tr};
use crate::domain::{Choice, Lang};

/// A screen's bordered frame with its title; returns the inside.
pub fn framed(frame: &mut Frame, area: Rect, title: String) -> Rect {
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Draws a list: the table with its one-line header, the selected row reversed and
/// marked "> ", and records its visible rows for clicks.
pub fn draw_list(frame: &mut Frame, hits: &mut Hits, table: Table, area: Rect, state: &mut TableState, rows: usize) {
    let table = table
        .row_highlight_style(Style::new().reversed())
        .highlight_symbol("> ");
    frame.render_stateful_widget(table, area, state);
    hits.table_rows(area, 1, state.offset(), rows);
}

/// A bordered box in the middle of `area`, `width` columns wide (or less), as tall as
/// its wrapped text.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, title: &str, lines: Vec<Line>) -> Rect {
    let width = width.min(area.width);
    // Callers start each line with a space, the margin inside the border; it becomes a
    // left margin of the box, so that a line wrapped onto the next keeps it too.
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|mut l| {
            if let Some(first) = l.spans.first_mut()
                && let Some(rest) = first.content.strip_prefix(' ')
            {
                first.content = rest.to_string().into();
            }
            l
        })
        .collect();
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Borders, the margin, and the one column of slack `wrap_area` keeps.
    let text_width = width.saturating_sub(4).max(1);
    let height = (paragraph.line_count(text_width) as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    // A double-width character just left of the box would cover its left border on the
    // terminal: it gives way to a space.
    if rect.x > area.x {
        let buf = frame.buffer_mut();
        for y in rect.y..rect.y + rect.height {
            let cell = &mut buf[(rect.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = Block::new().borders(Borders::ALL).title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(paragraph, wrap_area(text));
    inner
}

/// The area a wrapped paragraph may fill. ratatui's wrapping can put a double-width
/// character into the last column, where it spills one column over on a real terminal
/// (onto a border, which then vanishes at the next redraw); one column of slack keeps
/// every wrapped text inside its box.
pub fn wrap_area(r: Rect) -> Rect {
    Rect {
        width: r.width.saturating_sub(1),
        ..r
    }
}

/// The area of a paragraph that wraps with a margin of one column on the left, so that
/// its wrapped lines start where the first does (and the slack of [`wrap_area`]).
pub fn text_area(r: Rect) -> Rect {
    wrap_area(Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(1),
        ..r
    })
}

/// The movement keys of every table: arrows and j/k by one row, PageUp/PageDown by a
/// screen, Home/End to the ends. True when `key` is one of them (even at an end,
/// where it changes nothing).
pub fn move_selection(state: &mut TableState, rows: usize, key: Key, height: u16) -> bool {
    let page = usize::from(height.saturating_sub(8)).max(1);
    let last = rows.saturating_sub(1);
    let sel = state.selected().unwrap_or(0).min(last);
    let to = match key {
        Key::Up | Key::Char('k') => sel.saturating_sub(1),
        Key::Down | Key::Char('j') => (sel + 1).min(last),
        Key::PageUp => sel.saturating_sub(page),
        Key::PageDown => (sel + page).min(last),
        Key::Home => 0,
        Key::End => last,
        _ => return false,
    };
    state.select((rows > 0).then_some(to));
    true
}

/// A table's header row: its columns' names, bold.
pub fn header_row(lang: Lang, columns: &[T]) -> Row<'static> {
    Row::new(columns.iter().map(|c| tr(lang, *c))).bold()
}

/// Keeps a table's selection on a row that exists after the rows were reloaded.
pub fn keep_selection(state: &mut TableState, rows: usize) {
    let selected = state.selected().unwrap_or(0).min(rows.saturating_sub(1));
    state.select((rows > 0).then_some(selected));
}

/// The documented vote keys: 1 approve, 2 reject, 3 abstain.
pub fn choice_key(c: char) -> Choice {
    match c {
        '1' => Choice::Approve,
        '2' => Choice::Reject,
        _ => Choice::Abstain,
    }
}

/// A column exactly as wide as its widest cell or its header.
pub fn fit_width(header: &str, cells: impl Iterator<Item = String>) -> Constraint {
    use unicode_width::UnicodeWidthStr;
    let widest = cells.map(|c| c.width()).max().unwrap_or(0).max(header.width());
    Constraint::Length(widest.min(60) as u16 + 1)
}

/// The name column: as wide as the longest name shown (most are two to four
/// characters; some, such as transliterated names, are longer), within 8 to 16 columns.
pub fn names_width<'a>(lang: Lang, names: impl Iterator<Item = &'a str>) -> Constraint {
    let widest = names.map(text_width).max().unwrap_or(0);
    Constraint::Length(widest.max(text_width(tr(lang, T::ColName))).clamp(8, 16))
}

/// Display width of a short text plus one column of space, capped at 40.
pub fn text_width(s: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;
    (s.width().min(39) as u16) + 1
}

/// A line of text being typed: characters, Backspace and pastes, up to `max`
/// characters; the cursor stays at the end.
#[derive(Debug, Clone, Default)]
pub struct TextEdit {
    pub text: String,
    max: usize,
}

impl TextEdit {
    pub fn new(text: &str, max: usize) -> TextEdit {
        TextEdit {
            text: text.chars().take(max).collect(),
            max,
        }
    }

    /// Applies a key; false when the key is not an editing key.
    pub fn key(&mut self, key: Key) -> bool {
        match key {
            Key::Char(c) => {
                if self.text.chars().count() < self.max {
                    self.text.push(c);
                }
                true
            }
            Key::Backspace => {
                self.text.pop();
                true
            }
            _ => false,
        }
    }

    /// A paste: control characters other than line breaks are dropped; what does not
    /// fit is cut off.
    pub fn paste(&mut self, s: &str) {
        let room = self.max.saturating_sub(self.text.chars().count());
        self.text.extend(
            s.replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| *c == '\n' || !(c.is_control() || crate::domain::text::is_invisible(*c)))
                .take(room),
        );
    }
}

/// A bordered box of wrapped text; while `follow` it scrolls so that the end (where
/// the user types) stays in view.
pub fn text_box(frame: &mut Frame, area: Rect, title: Option<&str>, text: &str, style: Style, follow: bool) {
    let mut block = Block::new().borders(Borders::ALL);
    if let Some(t) = title {
        block = block.title(format!(" {t} "));
    }
    let inner = wrap_area(block.inner(area));
    frame.render_widget(block, area);
    let lines: Vec<Line> = text
        .split('\n')
        .map(|l| Line::from(l.to_string()).style(style))
        .collect();
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = paragraph.line_count(inner.width) as u16;
    let scroll = if follow { total.saturating_sub(inner.height) } else { 0 };
    frame.render_widget(paragraph.scroll((scroll, 0)), inner);
}
