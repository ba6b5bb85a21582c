//! Where the mouse can click: the key hints on screen ("Enter 材料", "1 拟通过",
//! "y 或 Enter 确认") are buttons that press their key, laid out by the keymap that
//! writes them (`keymap`), and the rows of the screen's list can be picked. The
//! screens stay keyboard screens: a click only ever stands for a key the screen shows.

use ratatui::layout::Rect;

use super::input::Key;

/// What a click landed on, recorded while the screen is drawn.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    /// Key hints, by the cells they cover.
    pub buttons: Vec<(Rect, Key)>,
    /// The visible rows of the screen's list: each row's cells and its index.
    pub rows: Vec<(Rect, usize)>,
    /// Where the terminal's own cursor goes: the caret of the field being typed in
    /// (so that an input method opens its candidate window there); none: hidden.
    pub cursor: Option<ratatui::layout::Position>,
}

impl Hits {
    pub fn clear(&mut self) {
        self.buttons.clear();
        self.rows.clear();
        self.cursor = None;
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
}

fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x.saturating_add(r.width) && row >= r.y && row < r.y.saturating_add(r.height)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // A footer's buttons, as the keymap lays them out (`keymap::footer`).
        let rows = [
            crate::tui::keymap::Binding::hint(&[Key::Enter], crate::tui::text::T::HintOpen),
            crate::tui::keymap::Binding::hint(&[Key::Char('q')], crate::tui::text::T::HintQuit),
        ];
        hits.buttons
            .extend(crate::tui::keymap::footer(crate::domain::Lang::Zh, &rows, 1, 23).buttons);
        assert_eq!(hits.button_at(2, 23), Some(Key::Enter));
        assert_eq!(hits.button_at(10, 23), Some(Key::Enter));
        assert_eq!(hits.button_at(12, 23), None);
        assert_eq!(hits.button_at(13, 23), Some(Key::Char('q')));
        assert_eq!(hits.button_at(2, 22), None);
    }
}
