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

    /// A new line (multi-line texts: Enter), within the length.
    pub fn newline(&mut self) {
        if self.text.chars().count() < self.max {
            self.text.push('\n');
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

/// A bordered box of text; while `follow` (the user types into it) it wraps at
/// character boundaries, scrolls so that the end stays in view, and returns where the
/// caret is (for the terminal's cursor); otherwise it wraps at words.
pub fn text_box(
    frame: &mut Frame,
    area: Rect,
    title: Option<&str>,
    text: &str,
    style: Style,
    follow: bool,
) -> Option<ratatui::layout::Position> {
    let mut block = Block::new().borders(Borders::ALL);
    if let Some(t) = title {
        block = block.title(format!(" {t} "));
    }
    let inner = wrap_area(block.inner(area));
    frame.render_widget(block, area);
    if !follow {
        let lines: Vec<Line> = text
            .split('\n')
            .map(|l| Line::from(l.to_string()).style(style))
            .collect();
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return None;
    }
    let rows = char_wrap(text, inner.width.max(1));
    let scroll = (rows.len() as u16).saturating_sub(inner.height);
    let last = rows.last().map_or(0, |r| text_width_exact(r));
    let lines: Vec<Line> = rows.into_iter().map(|r| Line::from(r).style(style)).collect();
    let count = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if inner.width == 0 || inner.height == 0 {
        return None;
    }
    // The caret follows the last character; at the right edge it starts the next row.
    let (mut x, mut y) = (last, count.saturating_sub(1).saturating_sub(scroll));
    if x >= inner.width {
        x = 0;
        y += 1;
    }
    Some(ratatui::layout::Position {
        x: inner.x + x,
        y: inner.y + y.min(inner.height - 1),
    })
}

/// The display width of a text, exactly.
fn text_width_exact(s: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;
    s.width() as u16
}

/// Text cut into rows of at most `width` columns at character boundaries (a wide
/// character never split), each line break starting a row.
pub fn char_wrap(text: &str, width: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut rows = Vec::new();
    for line in text.split('\n') {
        let mut row = String::new();
        let mut used = 0u16;
        for c in line.chars() {
            let w = c.width().unwrap_or(0) as u16;
            if used + w > width && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push(c);
            used += w;
        }
        rows.push(row);
    }
    rows
}
