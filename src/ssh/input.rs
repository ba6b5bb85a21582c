//! Turns the byte stream a client's terminal sends into keys and pastes, with the
//! `termina` parser (split escape sequences, bracketed paste, lone Esc, UTF-8).

use termina::event::{KeyCode, KeyEventKind, Modifiers};
use termina::{Event, Parser};

use crate::tui::{Input, Key};

/// Bytes the parser may hold while waiting for the end of a sequence. Beyond this the
/// pending input is dropped: no key or paste is that long, and the parser's work per
/// byte grows with what it holds.
const MAX_PENDING: usize = 64 * 1024;

#[derive(Default)]
pub struct InputDecoder {
    parser: Parser,
    /// Bytes fed since the parser last produced an event.
    pending: usize,
}

impl InputDecoder {
    /// Feeds bytes that may end in the middle of a sequence.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Input>) {
        for chunk in bytes.chunks(4096) {
            self.pending += chunk.len();
            self.parser.parse(chunk, true);
            self.drain(out);
            if self.pending > MAX_PENDING {
                self.parser = Parser::default();
                self.pending = 0;
            }
        }
    }

    /// Whether a sequence has started and not finished (a lone Esc, a cut-off sequence).
    pub fn has_pending(&self) -> bool {
        self.pending > 0
    }

    /// Treats what is pending as complete: a lone Esc becomes the Esc key, a broken
    /// sequence is dropped. Called when no more bytes came for a short while. Some
    /// unfinished sequences (a DCS or OSC string, a paste) still wait for their end.
    pub fn flush(&mut self, out: &mut Vec<Input>) {
        self.parser.parse(&[], false);
        self.drain(out);
    }

    /// Drops whatever is pending. Called when a sequence stayed unfinished for long:
    /// a string that never ends must not swallow every key that follows.
    pub fn reset(&mut self) {
        self.parser = Parser::default();
        self.pending = 0;
    }

    fn drain(&mut self, out: &mut Vec<Input>) {
        while let Some(event) = self.parser.pop() {
            self.pending = 0;
            if let Some(input) = convert(event) {
                out.push(input);
            }
        }
    }
}

fn convert(event: Event) -> Option<Input> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let ctrl = k.modifiers.contains(Modifiers::CONTROL);
            let key = match k.code {
                KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
                // Strip the emoji presentation selector and other invisible controls.
                KeyCode::Char('\u{fe0f}') => return None,
                KeyCode::Char(c) if c.is_control() => return None,
                KeyCode::Char(c) => Key::Char(c),
                KeyCode::Enter => Key::Enter,
                KeyCode::Tab if k.modifiers.contains(Modifiers::SHIFT) => Key::BackTab,
                KeyCode::Tab => Key::Tab,
                KeyCode::BackTab => Key::BackTab,
                KeyCode::Backspace => Key::Backspace,
                KeyCode::Delete => Key::Delete,
                KeyCode::Escape => Key::Esc,
                KeyCode::Up => Key::Up,
                KeyCode::Down => Key::Down,
                KeyCode::Left => Key::Left,
                KeyCode::Right => Key::Right,
                KeyCode::Home => Key::Home,
                KeyCode::End => Key::End,
                KeyCode::PageUp => Key::PageUp,
                KeyCode::PageDown => Key::PageDown,
                KeyCode::Function(n) => Key::F(n),
                _ => return None,
            };
            Some(Input::Key(key))
        }
        Event::Paste(text) => Some(Input::Paste(text.replace('\u{fe0f}', ""))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Vec<Input> {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        for c in chunks {
            d.feed(c, &mut out);
        }
        d.flush(&mut out);
        out
    }

    fn keys(chunks: &[&[u8]]) -> Vec<Key> {
        decode(chunks)
            .into_iter()
            .map(|i| match i {
                Input::Key(k) => k,
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn control_keys_and_arrows() {
        assert_eq!(
            keys(&[b"\r\t\x1b[A\x1b[B\x1b[C\x1b[D\x03\x7f"]),
            vec![
                Key::Enter,
                Key::Tab,
                Key::Up,
                Key::Down,
                Key::Right,
                Key::Left,
                Key::Ctrl('c'),
                Key::Backspace
            ]
        );
        assert_eq!(keys(&[b"\x1bOA"]), vec![Key::Up]);
    }

    #[test]
    fn chinese_text_even_when_split_inside_a_character() {
        let bytes = "评审a".as_bytes();
        assert_eq!(
            keys(&[&bytes[..2], &bytes[2..4], &bytes[4..]]),
            vec![Key::Char('评'), Key::Char('审'), Key::Char('a')]
        );
    }

    #[test]
    fn escape_sequence_split_across_packets() {
        assert_eq!(keys(&[b"\x1b", b"[", b"B"]), vec![Key::Down]);
    }

    #[test]
    fn lone_escape_is_the_escape_key_after_flush() {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b", &mut out);
        assert!(out.is_empty());
        assert!(d.has_pending());
        d.flush(&mut out);
        assert_eq!(out, vec![Input::Key(Key::Esc)]);
        assert!(!d.has_pending());
    }

    #[test]
    fn an_unterminated_string_is_dropped_by_reset_and_keys_work_again() {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        // A DCS string waits for its terminator and would swallow the '?'.
        d.feed(b"\x1bPjunk?", &mut out);
        d.flush(&mut out);
        assert!(out.is_empty(), "{out:?}");
        assert!(d.has_pending());
        d.reset();
        d.feed(b"?", &mut out);
        assert_eq!(out, vec![Input::Key(Key::Char('?'))]);
    }

    #[test]
    fn bracketed_paste_arrives_whole() {
        assert_eq!(
            decode(&[b"\x1b[200~\xe5\xbc\xa0\xe4\xb8\x89", b" 2024\x1b[201~q"]),
            vec![Input::Paste("张三 2024".into()), Input::Key(Key::Char('q'))]
        );
    }

    #[test]
    fn garbage_and_truncated_sequences_are_dropped_not_fatal() {
        let out = decode(&[b"\xff\xfe\x1b[999;999;999", b"\x1b[", b"\xc3"]);
        assert!(out.iter().all(|i| matches!(i, Input::Key(_))), "{out:?}");
        // The decoder still works afterwards.
        assert_eq!(keys(&[b"\xff", b"\x1b[A"]).last(), Some(&Key::Up));
    }

    #[test]
    fn endless_unterminated_paste_is_bounded() {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b[200~", &mut out);
        let junk = vec![b'x'; MAX_PENDING + 10];
        d.feed(&junk, &mut out);
        assert!(d.pending <= MAX_PENDING);
        d.feed(b"\r", &mut out);
        d.flush(&mut out);
        assert!(out.contains(&Input::Key(Key::Enter)) || out.iter().any(|i| matches!(i, Input::Key(Key::Char('x')))));
    }
}
