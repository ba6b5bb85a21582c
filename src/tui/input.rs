//! What a session feeds the application: keys (already parsed from the byte stream by
//! the SSH layer), pastes and window sizes. Independent of any terminal library.

/// A key press, in the application's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    /// A control chord such as Ctrl-C (`Ctrl('c')`).
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// One input to a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    /// Text from a bracketed paste.
    Paste(String),
    /// The client's terminal size changed (columns, rows).
    Resize(u16, u16),
    /// A click or a turn of the wheel.
    Mouse(Mouse),
}

/// A mouse event at a cell (zero-based column and row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    /// The left button pressed.
    Click,
    WheelUp,
    WheelDown,
}
