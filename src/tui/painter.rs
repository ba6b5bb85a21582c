//! Drawing frames for many sessions with little memory each.
//!
//! ratatui's `Terminal` keeps two full screen buffers per session, about 40 bytes a
//! cell: 150 KiB for an 80x24 session that sits idle most of the time. Here a session
//! keeps only what it last showed, 8 bytes a cell ([`Shown`]), and draws in scratch
//! buffers that belong to the thread (a session's frame is drawn in one go, without
//! waiting, so a thread's scratch is never shared by two frames at once). The last
//! frame is unpacked into the scratch to compare with the new one, and ratatui's own
//! diff decides what to send, so the bytes are those `Terminal::draw` would send.

use std::cell::RefCell;
use std::io;

use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};

use super::backend::RemoteBackend;

/// Everything of a cell but its symbol.
type Look = (Color, Color, Color, Modifier, CellDiffOption);

/// The symbol codes: a one-character symbol is the character itself; these come after
/// the last character.
const EMPTY_SYMBOL: u32 = 0x11_0000;
const OTHER_SYMBOLS: u32 = 0x11_0001;

/// The frame a session last sent: per cell a symbol code and a look number.
struct Shown {
    area: Rect,
    cells: Vec<(u32, u16)>,
    looks: Vec<Look>,
    /// Symbols of more than one character (combining marks, emoji sequences).
    others: Vec<Box<str>>,
}

impl Shown {
    fn pack(buffer: &Buffer) -> Shown {
        let mut shown = Shown {
            area: buffer.area,
            cells: Vec::with_capacity(buffer.content.len()),
            looks: Vec::new(),
            others: Vec::new(),
        };
        let mut last: Option<(Look, u16)> = None;
        for cell in &buffer.content {
            let symbol = cell.symbol();
            let mut chars = symbol.chars();
            let code = match (chars.next(), chars.next()) {
                (None, _) => EMPTY_SYMBOL,
                (Some(c), None) => c as u32,
                _ => {
                    shown.others.push(symbol.into());
                    OTHER_SYMBOLS + (shown.others.len() - 1) as u32
                }
            };
            let look = look_of(cell);
            let index = match last {
                Some((l, i)) if l == look => i,
                _ => {
                    let i = match shown.looks.iter().position(|l| *l == look) {
                        Some(i) => i,
                        None => {
                            shown.looks.push(look);
                            shown.looks.len() - 1
                        }
                    };
                    // More looks than this on one screen cannot be drawn by our
                    // screens (a handful of colours and modifiers); saturate.
                    let i = u16::try_from(i).unwrap_or(u16::MAX);
                    last = Some((look, i));
                    i
                }
            };
            shown.cells.push((code, index));
        }
        shown.cells.shrink_to_fit();
        shown.looks.shrink_to_fit();
        shown
    }

    /// Writes this frame into `buffer` (of the same area).
    fn unpack_into(&self, buffer: &mut Buffer) {
        let mut utf8 = [0u8; 4];
        for (cell, (code, look)) in buffer.content.iter_mut().zip(&self.cells) {
            *cell = Cell::EMPTY;
            match *code {
                EMPTY_SYMBOL => {
                    cell.set_symbol("");
                }
                c if c >= OTHER_SYMBOLS => {
                    cell.set_symbol(self.others.get((c - OTHER_SYMBOLS) as usize).map_or(" ", |s| s));
                }
                c => {
                    cell.set_symbol(char::from_u32(c).unwrap_or(' ').encode_utf8(&mut utf8));
                }
            }
            if let Some((fg, bg, underline, modifier, diff)) = self.looks.get(usize::from(*look)) {
                cell.fg = *fg;
                cell.bg = *bg;
                cell.underline_color = *underline;
                cell.modifier = *modifier;
                cell.diff_option = *diff;
            }
        }
    }
}

fn look_of(cell: &Cell) -> Look {
    (cell.fg, cell.bg, cell.underline_color, cell.modifier, cell.diff_option)
}

/// A thread's scratch: a terminal to draw a frame in, and a buffer for the last one.
struct Scratch {
    terminal: Terminal<TestBackend>,
    previous: Buffer,
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

/// One session's screen: the connection's backend and the frame last sent.
pub struct Painter {
    backend: RemoteBackend,
    shown: Option<Shown>,
    /// Where the client's cursor is shown (none: hidden, as the session starts).
    cursor: Option<Position>,
}

impl Painter {
    pub fn new(backend: RemoteBackend) -> Painter {
        Painter {
            backend,
            shown: None,
            cursor: None,
        }
    }

    /// The client's new size: the next frame clears the screen and draws it whole.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.backend.set_size(width, height);
    }

    /// Draws a frame and returns the bytes that bring the client's screen to it;
    /// `view` says where the terminal's cursor goes (shown there, else hidden).
    pub fn paint(&mut self, view: impl FnOnce(&mut Frame) -> Option<Position>) -> io::Result<Vec<u8>> {
        let size = self.backend.size()?;
        let area = Rect::new(0, 0, size.width, size.height);
        SCRATCH.with(|slot| {
            let mut slot = slot.borrow_mut();
            let scratch = match slot.as_mut() {
                Some(s) => s,
                None => slot.insert(Scratch {
                    // The backend is never drawn to: frames are diffed here and written
                    // to the session's own backend.
                    terminal: Terminal::with_options(
                        TestBackend::new(1, 1),
                        TerminalOptions {
                            viewport: Viewport::Fullscreen,
                        },
                    )
                    .map_err(|e| io::Error::other(e.to_string()))?,
                    previous: Buffer::empty(area),
                }),
            };
            if scratch.terminal.get_frame().area() != area {
                scratch
                    .terminal
                    .resize(area)
                    .map_err(|e| io::Error::other(e.to_string()))?;
            }
            scratch.previous.resize(area);
            match self.shown.as_ref().filter(|s| s.area == area) {
                Some(shown) => shown.unpack_into(&mut scratch.previous),
                None => {
                    // First frame, or a new size: clear, then draw everything.
                    self.backend.clear()?;
                    scratch.previous.reset();
                }
            }
            let current = scratch.terminal.current_buffer_mut();
            current.reset();
            let cursor = view(&mut scratch.terminal.get_frame());
            let current = scratch.terminal.current_buffer_mut();
            let changes = scratch.previous.diff(current);
            let drew = !changes.is_empty();
            self.backend.draw(changes.into_iter())?;
            self.shown = Some(Shown::pack(current));
            // Drawing moves the cursor: it is put back at the caret after every change,
            // and shown or hidden only when that changes.
            match cursor {
                Some(p) => {
                    if drew || self.cursor != Some(p) {
                        self.backend.set_cursor_position(p)?;
                    }
                    if self.cursor.is_none() {
                        self.backend.show_cursor()?;
                    }
                }
                None if self.cursor.is_some() => self.backend.hide_cursor()?,
                None => {}
            }
            self.cursor = cursor;
            Ok::<(), io::Error>(())
        })?;
        Ok(self.backend.take_output())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Style, Stylize};
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

    /// Draws `text` the way a screen would: a frame, wrapped Chinese and ASCII, colours.
    fn screen(text: &str, colour: Color) -> impl FnOnce(&mut Frame) -> Option<Position> + '_ {
        move |f: &mut Frame| {
            let block = Block::new().borders(Borders::ALL).title(" 参评人 ".bold());
            let lines = vec![
                Line::from(text.to_string()).style(Style::new().fg(colour)),
                Line::from("é́ e\u{301} 👩‍🔬 审核通过 ok").reversed(),
            ];
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), f.area());
            None
        }
    }

    fn vt(cols: u16, rows: u16) -> vt100::Parser {
        let n = |v| std::num::NonZeroU16::new(v).unwrap();
        vt100::Parser::new(n(rows), n(cols), 0)
    }

    /// A client that received the painter's frames shows what ratatui's own Terminal
    /// would have it show, frame after frame, through changes of text, colour and size;
    /// and an unchanged frame sends (next to) nothing.
    #[test]
    fn frames_bring_the_client_where_ratatuis_terminal_would() {
        let texts = [
            "张三 李四 王五 zhao qian sun li",
            "张三 李四 王五 zhao qian sun li",
            "a审b核c通d过e 1234567890 一二三四五六七八九十",
            "",
            "x",
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        ];
        let sizes = [(80u16, 24u16), (80, 24), (33, 7), (33, 7), (120, 40), (21, 9)];
        let mut painter = Painter::new(RemoteBackend::new(80, 24));
        let mut reference = Terminal::new(RemoteBackend::new(80, 24)).unwrap();
        let (mut ours, mut theirs) = (vt(80, 24), vt(80, 24));
        // The session hides the cursor once, on entry; ratatui's Terminal on every frame.
        ours.process(b"\x1b[?25l");
        for (i, (text, (w, h))) in texts.iter().zip(sizes).enumerate() {
            let colour = if i % 2 == 0 { Color::Green } else { Color::Red };
            painter.set_size(w, h);
            reference.backend_mut().set_size(w, h);
            let n = |v| std::num::NonZeroU16::new(v).unwrap();
            ours.screen_mut().set_size(n(h), n(w));
            theirs.screen_mut().set_size(n(h), n(w));
            let bytes = painter.paint(screen(text, colour)).unwrap();
            ours.process(&bytes);
            reference
                .draw(|f| {
                    screen(text, colour)(f);
                })
                .unwrap();
            theirs.process(&reference.backend_mut().take_output());
            assert_eq!(
                ours.screen().contents_formatted(),
                theirs.screen().contents_formatted(),
                "frame {i}:\n{}\n---\n{}",
                ours.screen().contents(),
                theirs.screen().contents()
            );
            assert!(
                ours.screen().contents().contains("参评人"),
                "{}",
                ours.screen().contents()
            );
        }
        // Nothing changed: no more is sent than ratatui's Terminal sends (its style
        // reset; it also hides the cursor again), and no cell.
        let again = painter.paint(screen(texts[5], Color::Red)).unwrap();
        reference
            .draw(|f| {
                screen(texts[5], Color::Red)(f);
            })
            .unwrap();
        let reference_again = reference.backend_mut().take_output();
        assert!(
            again.len() <= reference_again.len() && again.len() < 24,
            "{} bytes for an unchanged frame: {:?}",
            again.len(),
            String::from_utf8_lossy(&again)
        );
        assert!(!String::from_utf8_lossy(&again).contains('一'));
    }

    /// What a session keeps between frames is a fraction of ratatui's two buffers.
    #[test]
    fn a_session_keeps_eight_bytes_a_cell() {
        let mut painter = Painter::new(RemoteBackend::new(80, 24));
        painter.paint(screen("张三 李四", Color::Green)).unwrap();
        let shown = painter.shown.as_ref().unwrap();
        assert_eq!(shown.cells.len(), 80 * 24);
        assert_eq!(std::mem::size_of_val(&shown.cells[0]), 8);
        assert!(shown.looks.len() < 16, "{} looks", shown.looks.len());
        assert!(std::mem::size_of::<Cell>() >= 32, "ratatui's cell is larger");
    }

    fn has(bytes: &[u8], what: &[u8]) -> bool {
        bytes.windows(what.len()).any(|w| w == what)
    }

    /// The caret of a field being typed in is where the terminal's cursor is shown;
    /// without one the cursor is hidden again.
    #[test]
    fn the_cursor_is_shown_at_the_caret_and_hidden_without_one() {
        let mut painter = Painter::new(RemoteBackend::new(20, 5));
        let mut term = vt(20, 5);
        term.process(b"\x1b[?25l");
        let bytes = painter
            .paint(|f| {
                f.render_widget(Paragraph::new("名称：张三"), f.area());
                Some(Position { x: 10, y: 0 })
            })
            .unwrap();
        term.process(&bytes);
        assert!(!term.screen().hide_cursor(), "shown");
        assert_eq!(term.screen().cursor_position(), (0, 10));
        // Nothing changed: the cursor is neither moved nor shown again.
        let bytes = painter
            .paint(|f| {
                f.render_widget(Paragraph::new("名称：张三"), f.area());
                Some(Position { x: 10, y: 0 })
            })
            .unwrap();
        assert!(!has(&bytes, b"?25h") && !has(&bytes, b"H"), "{bytes:?}");
        term.process(&bytes);
        assert_eq!(term.screen().cursor_position(), (0, 10));
        let bytes = painter.paint(|f| {
            f.render_widget(Paragraph::new("列表"), f.area());
            None
        });
        term.process(&bytes.unwrap());
        assert!(term.screen().hide_cursor(), "hidden");
    }
}
