//! Where the mouse can click: the key hints written on screen ("Enter 材料",
//! "1 拟通过 2 拟否决 3 拟弃权", "y 或 Enter 确认") become buttons that press their key,
//! and the rows of the screen's list can be picked. The screens stay keyboard screens:
//! a click only ever stands for a key the screen already shows.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::input::Key;

/// What a click landed on, recorded while the screen is drawn.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    /// Key hints, by the cells they cover.
    pub buttons: Vec<(Rect, Key)>,
    /// The visible rows of the screen's list: each row's cells and its index.
    pub rows: Vec<(Rect, usize)>,
}

impl Hits {
    pub fn clear(&mut self) {
        self.buttons.clear();
        self.rows.clear();
    }

    /// The key of the hint at a cell, if any.
    pub fn button_at(&self, column: u16, row: u16) -> Option<Key> {
        self.buttons
            .iter()
            .rev()
            .find(|(r, _)| contains(*r, column, row))
            .map(|(_, k)| *k)
    }

    /// The list row at a cell, if any.
    pub fn row_at(&self, column: u16, row: u16) -> Option<usize> {
        self.rows
            .iter()
            .find(|(r, _)| contains(*r, column, row))
            .map(|(_, i)| *i)
    }

    /// Records the visible rows of a table drawn in `area` with a one-line header:
    /// `offset` is the first row shown (the table state's offset after drawing).
    pub fn table_rows(&mut self, area: Rect, header: u16, offset: usize, count: usize) {
        let shown = usize::from(area.height.saturating_sub(header));
        for (k, index) in (offset..count).take(shown).enumerate() {
            let y = area.y + header + k as u16;
            self.rows.push((Rect::new(area.x, y, area.width, 1), index));
        }
    }

    /// Records the key hints of a line of text drawn at (`x`, `y`).
    pub fn hints(&mut self, text: &str, x: u16, y: u16) {
        self.buttons.extend(key_hints(text, x, y));
    }
}

fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x.saturating_add(r.width) && row >= r.y && row < r.y.saturating_add(r.height)
}

/// The buttons of a line of key hints drawn at (`x`, `y`). Hints are separated by two
/// or more spaces; in a hint, a key (`Enter`, `Esc`, `s`, `1`, `PgUp`, ...) is followed by
/// its label, and a key with several names (`j/k`, `1/2/3`) is a button per name. A
/// button covers its key and the label words after it, up to the next key.
pub fn key_hints(text: &str, x: u16, y: u16) -> Vec<(Rect, Key)> {
    let mut out: Vec<(Rect, Key)> = Vec::new();
    let mut col = x;
    // The button being extended over its label: its index in `out`.
    let mut open: Option<usize> = None;
    let mut spaces = 0;
    for word in text.split(' ') {
        if word.is_empty() {
            spaces += 1;
            col = col.saturating_add(1);
            continue;
        }
        // `split(' ')` gives an empty piece for each space after the first: two or more
        // spaces end a hint.
        if spaces >= 1 {
            open = None;
        }
        spaces = 0;
        let width = word.width() as u16;
        let bare = word.trim_end_matches([':', '：']);
        if let Some(keys) = keys_of(bare) {
            open = None;
            let mut c = col;
            for (name, key) in keys {
                let w = name.width() as u16;
                out.push((Rect::new(c, y, w, 1), key));
                c = c.saturating_add(w + 1);
            }
            // Only a single key takes its label.
            if out.last().is_some_and(|(r, _)| r.x == col) {
                open = Some(out.len() - 1);
            }
        } else if let Some(i) = open {
            let r = &mut out[i].0;
            r.width = col.saturating_add(width).saturating_sub(r.x);
        }
        col = col.saturating_add(width).saturating_add(1);
    }
    out
}

/// The key names of a key word, with their keys: `Enter`, `j/k`, `1/2/3`, `Ctrl-C`.
fn keys_of(word: &str) -> Option<Vec<(&str, Key)>> {
    let names: Vec<&str> = if word.len() > 1 && word.contains('/') && !word.starts_with('/') {
        word.split('/').collect()
    } else {
        vec![word]
    };
    let keys: Option<Vec<(&str, Key)>> = names.iter().map(|n| key_named(n).map(|k| (*n, k))).collect();
    keys.filter(|k| !k.is_empty())
}

fn key_named(name: &str) -> Option<Key> {
    let key = match name {
        "Enter" => Key::Enter,
        "Esc" => Key::Esc,
        "Tab" => Key::Tab,
        "Shift-Tab" => Key::BackTab,
        "Space" => Key::Char(' '),
        "PgUp" | "PageUp" => Key::PageUp,
        "PgDn" | "PageDown" => Key::PageDown,
        "Home" => Key::Home,
        "End" => Key::End,
        "Ctrl-C" => Key::Ctrl('c'),
        _ => {
            let mut chars = name.chars();
            let c = chars.next()?;
            if chars.next().is_some() || !c.is_ascii_graphic() {
                return None;
            }
            Key::Char(c)
        }
    };
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buttons(text: &str) -> Vec<(String, Key)> {
        key_hints(text, 0, 0)
            .into_iter()
            .map(|(r, k)| {
                // The text the button covers (columns are display cells).
                let mut col = 0u16;
                let mut s = String::new();
                for ch in text.chars() {
                    let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) as u16;
                    if col >= r.x && col < r.x + r.width {
                        s.push(ch);
                    }
                    col += w;
                }
                (s, k)
            })
            .collect()
    }

    #[test]
    fn hints_become_buttons_over_key_and_label() {
        let got = buttons(" j/k 移动  Enter 材料  1/2/3 拟投票  s 提交  / 筛选  Esc 返回  ? 帮助");
        let want = [
            ("j", Key::Char('j')),
            ("k", Key::Char('k')),
            ("Enter 材料", Key::Enter),
            ("1", Key::Char('1')),
            ("2", Key::Char('2')),
            ("3", Key::Char('3')),
            ("s 提交", Key::Char('s')),
            ("/ 筛选", Key::Char('/')),
            ("Esc 返回", Key::Esc),
            ("? 帮助", Key::Char('?')),
        ];
        let want: Vec<(String, Key)> = want.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn vote_buttons_and_confirmations() {
        let got = buttons(" j/k 滚动  1 拟通过 2 拟否决 3 拟弃权  s 提交  Esc 返回");
        assert!(got.contains(&("1 拟通过".into(), Key::Char('1'))), "{got:?}");
        assert!(got.contains(&("2 拟否决".into(), Key::Char('2'))), "{got:?}");
        assert!(got.contains(&("3 拟弃权".into(), Key::Char('3'))), "{got:?}");
        let got = buttons(" y 或 Enter 确认    n 或 Esc 取消");
        assert_eq!(
            got,
            vec![
                ("y 或".to_string(), Key::Char('y')),
                ("Enter 确认".to_string(), Key::Enter),
                ("n 或".to_string(), Key::Char('n')),
                ("Esc 取消".to_string(), Key::Esc),
            ]
        );
        let got = buttons(" y or Enter: yes    n or Esc: cancel");
        assert_eq!(got[1], ("Enter: yes".to_string(), Key::Enter));
        let got = buttons(" j/k move  Enter file  1/2/3 vote  s submit  Esc back");
        assert!(got.contains(&("Enter file".into(), Key::Enter)), "{got:?}");
        assert!(got.contains(&("s submit".into(), Key::Char('s'))), "{got:?}");
        // Labels of several words stay with their key.
        let got = buttons(" a assign lead  o open switch  x close switch");
        assert_eq!(got[1], ("o open switch".to_string(), Key::Char('o')));
    }

    #[test]
    fn rows_and_buttons_are_found_by_cell() {
        let mut hits = Hits::default();
        hits.table_rows(Rect::new(1, 3, 60, 6), 1, 10, 13);
        // Header at y 3; rows 10, 11, 12 at y 4, 5, 6; nothing below.
        assert_eq!(hits.row_at(5, 3), None);
        assert_eq!(hits.row_at(5, 4), Some(10));
        assert_eq!(hits.row_at(60, 6), Some(12));
        assert_eq!(hits.row_at(61, 6), None);
        assert_eq!(hits.row_at(5, 7), None);
        hits.hints(" Enter 打开  q 退出", 0, 23);
        assert_eq!(hits.button_at(2, 23), Some(Key::Enter));
        assert_eq!(hits.button_at(10, 23), Some(Key::Enter));
        assert_eq!(hits.button_at(12, 23), None);
        assert_eq!(hits.button_at(13, 23), Some(Key::Char('q')));
        assert_eq!(hits.button_at(2, 22), None);
    }
}
