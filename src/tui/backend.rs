//! A ratatui backend for a terminal on the other end of a connection: crossterm's
//! escape sequences written into a byte buffer, and the size the client reported
//! (never the server's own terminal, which `CrosstermBackend::size` would ask).

use std::io;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

pub struct RemoteBackend {
    inner: CrosstermBackend<Vec<u8>>,
    size: Size,
    cursor: Position,
}

impl RemoteBackend {
    pub fn new(width: u16, height: u16) -> RemoteBackend {
        RemoteBackend {
            inner: CrosstermBackend::new(Vec::with_capacity(16 * 1024)),
            size: Size::new(width, height),
            cursor: Position::ORIGIN,
        }
    }

    /// Records the client's new size; the next draw lays out and repaints everything.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = Size::new(width, height);
    }

    /// Takes the bytes written since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(self.inner.writer_mut())
    }

    /// Appends raw bytes (mode switches such as the alternate screen).
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.inner.writer_mut().extend_from_slice(bytes);
    }
}

/// Rewrites crossterm's colour parameters for the sixteen ANSI colours (`38;5;N` and
/// `48;5;N` with N < 16, alone or combined in one SGR sequence such as
/// `ESC[38;5;2;49m`) into the classic codes (30-37, 90-97, 40-47, 100-107). Crossterm
/// writes even the basic colours in the 256-colour form, which a 16-colour terminal
/// misreads (5 is blink); the classic codes mean the same colour on every colour
/// terminal. Everything else passes unchanged.
fn basic_colours(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\x1b[") {
            let body = &bytes[i + 2..];
            let len = body.iter().take_while(|b| b.is_ascii_digit() || **b == b';').count();
            if body.get(len) == Some(&b'm') && len > 0 {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(rewrite_sgr(&body[..len]).as_bytes());
                out.push(b'm');
                i += 2 + len + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The parameters of one SGR sequence with 256-colour basic colours made classic.
fn rewrite_sgr(params: &[u8]) -> String {
    let text = String::from_utf8_lossy(params);
    let parts: Vec<&str> = text.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut k = 0;
    while k < parts.len() {
        let p = parts[k];
        if (p == "38" || p == "48") && parts.get(k + 1) == Some(&"5") {
            if let Some(n) = parts.get(k + 2).and_then(|n| n.parse::<u8>().ok())
                && n < 16
            {
                let code = match (p == "48", n < 8) {
                    (false, true) => 30 + u16::from(n),
                    (false, false) => 90 + u16::from(n - 8),
                    (true, true) => 40 + u16::from(n),
                    (true, false) => 100 + u16::from(n - 8),
                };
                out.push(code.to_string());
                k += 3;
                continue;
            }
            // A colour beyond the sixteen: keep its three parameters together.
            out.extend(parts[k..(k + 3).min(parts.len())].iter().map(|s| s.to_string()));
            k += 3;
            continue;
        }
        if (p == "38" || p == "48") && parts.get(k + 1) == Some(&"2") {
            out.extend(parts[k..(k + 5).min(parts.len())].iter().map(|s| s.to_string()));
            k += 5;
            continue;
        }
        out.push(p.to_string());
        k += 1;
    }
    out.join(";")
}

impl Backend for RemoteBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let start = self.inner.writer_mut().len();
        self.inner.draw(content)?;
        let out = self.inner.writer_mut();
        let drawn = basic_colours(&out[start..]);
        out.truncate(start);
        out.extend_from_slice(&drawn);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // The remote cursor cannot be queried synchronously; we know where we put it.
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.cursor = p;
        self.inner.set_cursor_position(p)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        // Frames are shipped by the session loop with backpressure, not here.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::basic_colours;

    #[test]
    fn basic_colours_use_the_classic_codes() {
        let cases: [(&[u8], &[u8]); 10] = [
            (b"\x1b[38;5;3mx\x1b[39m", b"\x1b[33mx\x1b[39m"),
            // Combined, as crossterm writes foreground and background together.
            (b"\x1b[38;5;2;49m", b"\x1b[32;49m"),
            (b"\x1b[38;5;0;48;5;2m", b"\x1b[30;42m"),
            (b"\x1b[1;38;5;200;48;5;12m", b"\x1b[1;38;5;200;104m"),
            (b"\x1b[48;5;1m", b"\x1b[41m"),
            (b"\x1b[38;5;9m\x1b[48;5;15m", b"\x1b[91m\x1b[107m"),
            // Not ours to change: the 256-colour range, RGB, malformed, cut short.
            (b"\x1b[38;5;200m", b"\x1b[38;5;200m"),
            (b"\x1b[38;2;1;2;3m", b"\x1b[38;2;1;2;3m"),
            (b"\x1b[38;5;m", b"\x1b[38;5;m"),
            (b"\x1b[38;5;3", b"\x1b[38;5;3"),
        ];
        for (input, want) in cases {
            assert_eq!(
                basic_colours(input),
                want,
                "{}",
                String::from_utf8_lossy(input).escape_debug()
            );
        }
        let text = "审核 通过".as_bytes();
        assert_eq!(basic_colours(text), text);
    }
}
