//! How the interface marks states on the client's terminal.
//!
//! Colour is only an accent: every state is also said in words (通过 / 未通过, 拟否决,
//! 未达到法定人数), selections are reverse video and titles bold, so a terminal without
//! colour loses nothing. Where colour is used it is one of the eight basic ANSI colours,
//! which every colour terminal has (16-colour consoles, `linux`, old xterms); never the
//! 256-colour or RGB palettes. Terminals that say they are monochrome get no colour at
//! all.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Choice;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// The eight basic ANSI colours as accents.
    Basic,
    /// No colour: bold and underline only.
    Mono,
}

impl Palette {
    /// The palette for the terminal type the client sent with its pty request.
    pub fn for_term(term: &str) -> Palette {
        let term = term.trim().to_ascii_lowercase();
        let mono = term.is_empty()
            || term == "dumb"
            || term.starts_with("vt")
            || term.ends_with("-m")
            || term.ends_with("-mono")
            || term.contains("-m-")
            || term.contains("mono");
        if mono { Palette::Mono } else { Palette::Basic }
    }

    fn accent(self, colour: Color, mono: Modifier) -> Style {
        match self {
            Palette::Basic => Style::new().fg(colour),
            Palette::Mono => Style::new().add_modifier(mono),
        }
    }

    /// Something done or passed.
    pub fn good(self) -> Style {
        self.accent(Color::Green, Modifier::BOLD)
    }

    /// Something refused or failed.
    pub fn bad(self) -> Style {
        self.accent(Color::Red, Modifier::BOLD)
    }

    /// Something still waiting (drafts missing, no quorum yet).
    pub fn waiting(self) -> Style {
        self.accent(Color::Yellow, Modifier::UNDERLINED)
    }

    /// The style of a vote choice.
    pub fn choice(self, c: Choice) -> Style {
        match c {
            Choice::Approve => self.good(),
            Choice::Reject => self.bad(),
            Choice::Abstain => self.waiting(),
        }
    }

    /// The status line: the outcome of the last action (true: done).
    pub fn status(self, done: bool) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        match (self, done) {
            (Palette::Basic, true) => base.fg(Color::Black).bg(Color::Green),
            (Palette::Basic, false) => base.fg(Color::Gray).bg(Color::Red),
            (Palette::Mono, _) => base.add_modifier(Modifier::REVERSED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monochrome_terminals_get_no_colour() {
        for t in ["", "dumb", "vt100", "VT220", "xterm-mono", "hp-m", "wy50-m-w"] {
            assert_eq!(Palette::for_term(t), Palette::Mono, "{t}");
        }
        for t in [
            "xterm",
            "xterm-256color",
            "linux",
            "screen",
            "tmux-256color",
            "putty",
            "ansi",
        ] {
            assert_eq!(Palette::for_term(t), Palette::Basic, "{t}");
        }
    }

    #[test]
    fn colours_are_only_the_basic_eight() {
        for p in [Palette::Basic, Palette::Mono] {
            for s in [p.good(), p.bad(), p.waiting(), p.status(true), p.status(false)] {
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(
                        matches!(
                            c,
                            Color::Black
                                | Color::Red
                                | Color::Green
                                | Color::Yellow
                                | Color::Blue
                                | Color::Magenta
                                | Color::Cyan
                                | Color::Gray
                        ),
                        "{c:?}"
                    );
                    assert_eq!(p, Palette::Basic, "mono has no colour");
                }
            }
        }
    }
}
