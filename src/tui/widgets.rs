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

/// Whether a character is one a line may break before and after on its own: the
/// ideographs, kana and hangul (CJK text has no spaces between words).
fn breaks_alone(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Punctuation that never starts a line (it stays with what it follows), and what never
/// ends one (it stays with what follows it).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕”’%,.;:?!)]}".contains(c)
}

fn no_line_end(c: char) -> bool {
    "（《「『【〔“‘([{".contains(c)
}

/// Text broken into rows of at most `width` columns the way Chinese is set: between any
/// two ideographs, at spaces, never inside a Latin word or a number, never between a
/// number and the unit after it ("5 名", "80 分"), never before closing or after
/// opening punctuation. A word longer than a row is cut at character boundaries.
pub fn break_lines(text: &str, width: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width.max(1));
    let chars: Vec<char> = text.chars().collect();
    // The units a row is filled with, each with the spaces that came before it (kept
    // within a row, dropped where a row breaks; the text's own indent stays).
    let mut units: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    let mut space = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            space += 1;
            i += 1;
            continue;
        }
        let mut unit = String::new();
        if breaks_alone(c) || !c.is_alphanumeric() && !c.is_ascii_punctuation() {
            unit.push(c);
            i += 1;
        } else {
            while i < chars.len() && chars[i] != ' ' && !breaks_alone(chars[i]) && !no_line_start(chars[i]) {
                unit.push(chars[i]);
                i += 1;
            }
            if unit.is_empty() {
                unit.push(chars[i]);
                i += 1;
            }
            // A number keeps the unit after it: "5 名", "80 分".
            let number = unit
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '/' || c == ',');
            if number && i + 1 < chars.len() && chars[i] == ' ' && breaks_alone(chars[i + 1]) {
                unit.push(' ');
                unit.push(chars[i + 1]);
                i += 2;
            }
        }
        // Closing punctuation joins the unit before it; opening joins the one after.
        while i < chars.len() && no_line_start(chars[i]) {
            unit.push(chars[i]);
            i += 1;
        }
        // A short run of ideographs written against a Latin or number unit is a name
        // with its count, "林磊(8)": it stays whole.
        if space == 0 && !unit.starts_with(breaks_alone) {
            let mut run: Vec<(usize, String)> = Vec::new();
            while run.len() < 4
                && units
                    .last()
                    .is_some_and(|(_, u)| u.chars().count() == 1 && u.starts_with(breaks_alone))
            {
                let (sp, u) = units.pop().unwrap();
                run.push((sp, u));
                // It began after a space: the name starts here.
                if sp > 0 {
                    break;
                }
            }
            if let Some((first_space, _)) = run.last().cloned() {
                let name: String = run.iter().rev().map(|(_, u)| u.as_str()).collect();
                units.push((first_space, format!("{name}{unit}")));
                continue;
            }
        }
        match units.last_mut() {
            Some((_, last)) if space == 0 && last.chars().last().is_some_and(no_line_end) => last.push_str(&unit),
            _ => units.push((space, unit)),
        }
        space = 0;
    }
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for (k, (space, unit)) in units.into_iter().enumerate() {
        let sep = " ".repeat(if row.is_empty() && k > 0 { 0 } else { space });
        if !row.is_empty() && row.width() + sep.len() + unit.width() > width {
            rows.push(std::mem::take(&mut row));
        } else {
            row.push_str(&sep);
        }
        if unit.width() > width {
            // Longer than a row: cut at character boundaries.
            for piece in char_wrap(&unit, width as u16) {
                if !row.is_empty() && row.width() + piece.width() > width {
                    rows.push(std::mem::take(&mut row));
                }
                row.push_str(&piece);
            }
        } else {
            row.push_str(&unit);
        }
    }
    rows.push(row);
    rows
}

/// A paragraph of `width` columns whose plain lines are broken the way Chinese is set
/// (`break_lines`); a line of several styled spans is left to ratatui's word wrapping.
pub fn prose<'a>(text: impl Into<ratatui::text::Text<'a>>, width: u16) -> Paragraph<'a> {
    let text: ratatui::text::Text<'a> = text.into();
    let lines: Vec<Line<'a>> = text
        .lines
        .into_iter()
        .flat_map(|l| {
            if l.spans.len() != 1 {
                return vec![l];
            }
            let (style, alignment, span_style) = (l.style, l.alignment, l.spans[0].style);
            break_lines(&l.spans[0].content, width)
                .into_iter()
                .map(|r| {
                    let mut line = Line::from(ratatui::text::Span::styled(r, span_style)).style(style);
                    line.alignment = alignment;
                    line
                })
                .collect()
        })
        .collect();
    Paragraph::new(lines).wrap(Wrap { trim: false })
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
    // Borders, the margin, and the one column of slack `wrap_area` keeps.
    let text_width = width.saturating_sub(4).max(1);
    let paragraph = prose(lines, text_width);
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn chinese_breaks_between_characters_and_keeps_numbers_with_their_units() {
        let rows = break_lines(
            "选中一项后按 Enter 修改，是/否项直接切换。评审开始前才能修改，每次修改都记入审计日志。",
            30,
        );
        assert!(rows.iter().all(|r| r.width() <= 30), "{rows:?}");
        // The first row is filled, not cut short before a long run of ideographs.
        assert!(rows[0].width() >= 26, "{rows:?}");
        assert!(rows.iter().all(|r| !r.starts_with(['，', '。'])), "{rows:?}");
        for width in 10..40 {
            let rows = break_lines("尚未拟投票 6 名：韩海燕、周国庆，共 16 名，合计 80 分", width);
            assert!(
                rows.iter().all(|r| r.width() <= usize::from(width)),
                "{width}: {rows:?}"
            );
            let joined = rows.join("|");
            for unit in ["6 名", "16 名", "80 分"] {
                assert!(joined.contains(unit), "{width}: {unit} split in {rows:?}");
            }
            assert!(!joined.contains("|，") && !joined.contains("|："), "{width}: {rows:?}");
        }
        // Latin words are not broken; a word longer than a row is cut.
        let rows = break_lines("Reset the password of zhang? The username stays.", 20);
        assert_eq!(rows, vec!["Reset the password", "of zhang? The", "username stays."]);
        let rows = break_lines("exports/committee-1-accounts.csv", 12);
        assert!(
            rows.iter().all(|r| r.width() <= 12) && rows.concat() == "exports/committee-1-accounts.csv",
            "{rows:?}"
        );
    }
}
