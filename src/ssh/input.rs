//! Turns the byte stream a client's terminal sends into keys and pastes, with the
//! `termina` parser (split escape sequences, bracketed paste, lone Esc, UTF-8).

use termina::event::{KeyCode, KeyEventKind, Modifiers, MouseButton, MouseEventKind};
use termina::{Event, Parser};

use crate::tui::input::{Mouse, MouseKind};
use crate::tui::{Input, Key};

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// The longest paste kept; a longer one is dropped whole (never typed as keys).
pub const MAX_PASTE: usize = 1 << 20;

/// Bytes the key parser may hold while waiting for the end of a sequence; beyond this
/// they are dropped. No key sequence is anywhere near this long.
const MAX_PENDING: usize = 4096;

/// Splits the stream into bracketed pastes, which are framed here (two fixed markers,
/// so a paste of any size costs linear time and can be bounded without its tail
/// leaking out as keystrokes), and everything else, which `termina` parses into keys.
#[derive(Default)]
pub struct InputDecoder {
    parser: Parser,
    /// Bytes given to the key parser since it last produced an event.
    pending: usize,
    /// Trailing bytes that may be the start of a paste marker, held for the next packet.
    carry: Vec<u8>,
    /// The paste being received, if any.
    paste: Option<Paste>,
}

#[derive(Default)]
struct Paste {
    bytes: Vec<u8>,
    too_long: bool,
}

impl Paste {
    fn push(&mut self, bytes: &[u8]) {
        if self.bytes.len() + bytes.len() > MAX_PASTE {
            self.too_long = true;
            self.bytes = Vec::new();
        }
        if !self.too_long {
            self.bytes.extend_from_slice(bytes);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How many trailing bytes of `data` are a proper prefix of `marker`.
fn partial_marker(data: &[u8], marker: &[u8]) -> usize {
    (1..marker.len())
        .rev()
        .find(|&k| data.len() >= k && data[data.len() - k..] == marker[..k])
        .unwrap_or(0)
}

impl InputDecoder {
    /// Feeds bytes that may end in the middle of a sequence.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Input>) {
        let mut data = std::mem::take(&mut self.carry);
        data.extend_from_slice(bytes);
        let mut rest: &[u8] = &data;
        while !rest.is_empty() {
            if let Some(paste) = &mut self.paste {
                match find(rest, PASTE_END) {
                    Some(pos) => {
                        paste.push(&rest[..pos]);
                        rest = &rest[pos + PASTE_END.len()..];
                        if let Some(done) = self.paste.take()
                            && !done.too_long
                        {
                            let text = String::from_utf8_lossy(&done.bytes).replace('\u{fe0f}', "");
                            out.push(Input::Paste(text));
                        }
                    }
                    None => {
                        let keep = partial_marker(rest, PASTE_END);
                        paste.push(&rest[..rest.len() - keep]);
                        self.carry = rest[rest.len() - keep..].to_vec();
                        return;
                    }
                }
            } else {
                match find(rest, PASTE_START) {
                    Some(pos) => {
                        self.keys(&rest[..pos], out);
                        rest = &rest[pos + PASTE_START.len()..];
                        // A paste ends whatever sequence was unfinished before it.
                        self.reset_keys();
                        self.paste = Some(Paste::default());
                    }
                    None => {
                        let keep = partial_marker(rest, PASTE_START);
                        self.keys(&rest[..rest.len() - keep], out);
                        self.carry = rest[rest.len() - keep..].to_vec();
                        return;
                    }
                }
            }
        }
    }

    fn keys(&mut self, bytes: &[u8], out: &mut Vec<Input>) {
        for &b in bytes {
            self.parser.parse(&[b], true);
            if self.drain(out) {
                self.pending = 0;
            } else {
                self.pending += 1;
                if self.pending > MAX_PENDING {
                    self.reset_keys();
                }
            }
        }
    }

    fn reset_keys(&mut self) {
        self.parser = Parser::default();
        self.pending = 0;
    }

    /// Whether something has started and not finished: a lone Esc, a cut-off sequence,
    /// a paste without its end.
    pub fn has_pending(&self) -> bool {
        self.pending > 0 || !self.carry.is_empty() || self.paste.is_some()
    }

    /// Treats what is pending as complete: a lone Esc becomes the Esc key, a broken
    /// or unfinished sequence is dropped, so it cannot swallow the next key. Called
    /// when no more bytes came for a short while. Only an unfinished paste still waits
    /// for its end.
    pub fn flush(&mut self, out: &mut Vec<Input>) {
        if self.paste.is_none() {
            let carry = std::mem::take(&mut self.carry);
            self.keys(&carry, out);
        }
        self.parser.parse(&[], false);
        self.drain(out);
        self.reset_keys();
    }

    /// Drops whatever is pending. Called when something stayed unfinished for long: a
    /// string or paste that never ends must not swallow every key that follows.
    pub fn reset(&mut self) {
        self.reset_keys();
        self.carry.clear();
        self.paste = None;
    }

    /// Moves parsed events to `out`; true if there were any.
    fn drain(&mut self, out: &mut Vec<Input>) -> bool {
        let mut any = false;
        while let Some(event) = self.parser.pop() {
            any = true;
            if let Some(input) = convert(event) {
                out.push(input);
            }
        }
        any
    }
}

fn convert(event: Event) -> Option<Input> {
    match event {
        // Alt chords are not keys of ours; Esc typed right before a key arrives the
        // same way, and acting on the key alone would be a surprise.
        Event::Key(k) if k.modifiers.contains(Modifiers::ALT) => None,
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let ctrl = k.modifiers.contains(Modifiers::CONTROL);
            let key = match k.code {
                // ^H is Backspace on terminals set up to send it (stty erase ^H, PuTTY).
                KeyCode::Char('h' | 'H') if ctrl => Key::Backspace,
                KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
                // Strip the emoji presentation selector and other invisible controls.
                KeyCode::Char(c) if crate::domain::text::is_invisible(c) => return None,
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
        Event::Mouse(m) => {
            let kind = match m.kind {
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
                MouseEventKind::ScrollUp => MouseKind::WheelUp,
                MouseEventKind::ScrollDown => MouseKind::WheelDown,
                // Releases, drags, other buttons: nothing of ours.
                _ => return None,
            };
            Some(Input::Mouse(Mouse {
                kind,
                column: m.column,
                row: m.row,
            }))
        }
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

    /// The keys as the common terminal types send them: xterm (normal and application
    /// cursor mode), screen, linux console, vt100 and PuTTY.
    #[test]
    fn keys_of_every_common_terminal_type() {
        let cases: &[(&[u8], Key)] = &[
            (b"\x1b[A", Key::Up),
            (b"\x1bOA", Key::Up),
            (b"\x1bOB", Key::Down),
            (b"\x1b[H", Key::Home),
            (b"\x1bOH", Key::Home),
            (b"\x1b[1~", Key::Home),
            (b"\x1b[7~", Key::Home),
            (b"\x1b[F", Key::End),
            (b"\x1b[4~", Key::End),
            (b"\x1b[8~", Key::End),
            (b"\x1b[5~", Key::PageUp),
            (b"\x1b[6~", Key::PageDown),
            (b"\x1b[3~", Key::Delete),
            (b"\x7f", Key::Backspace),
            (b"\x08", Key::Backspace),
            (b"\r", Key::Enter),
            (b"\x1b[Z", Key::BackTab),
            (b"\x1bOP", Key::F(1)),
            (b"\x1b[11~", Key::F(1)),
            (b"\x1b[[A", Key::F(1)),
        ];
        for (bytes, key) in cases {
            assert_eq!(keys(&[bytes]), vec![*key], "{bytes:?}");
        }
    }

    #[test]
    fn typed_bidi_controls_tags_and_fillers_are_dropped() {
        let typed = "张\u{202E}三\u{E0041}\u{3164}\u{200B}";
        assert_eq!(keys(&[typed.as_bytes()]), vec![Key::Char('张'), Key::Char('三')]);
    }

    #[test]
    fn sgr_mouse_reports_become_clicks_and_wheel_turns() {
        let click = |kind, column, row| Input::Mouse(Mouse { kind, column, row });
        assert_eq!(
            decode(&[b"\x1b[<0;10;5M\x1b[<0;10;5m", b"\x1b[<64;1;1M", b"\x1b[<65;200;60M"]),
            vec![
                click(MouseKind::Click, 9, 4),
                click(MouseKind::WheelUp, 0, 0),
                click(MouseKind::WheelDown, 199, 59)
            ]
        );
        // Other buttons, drags and a report split across packets.
        assert_eq!(decode(&[b"\x1b[<2;3;3M\x1b[<32;4;4M"]), vec![]);
        assert_eq!(
            decode(&[b"\x1b[<0;1", b"2;7M", b"j"]),
            vec![click(MouseKind::Click, 11, 6), Input::Key(Key::Char('j'))]
        );
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
    fn an_unterminated_string_is_dropped_by_flush_and_keys_work_again() {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        // A DCS string waits for its terminator and would swallow the '?'.
        d.feed(b"\x1bPjunk?", &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert!(d.has_pending());
        d.flush(&mut out);
        assert!(!d.has_pending());
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
    fn an_over_long_paste_is_dropped_whole_and_never_typed() {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b[200~", &mut out);
        let chunk = vec![b'1'; 64 * 1024];
        for _ in 0..(MAX_PASTE / chunk.len() + 2) {
            d.feed(&chunk, &mut out);
        }
        assert!(out.is_empty(), "no keys come out of a paste: {} inputs", out.len());
        d.feed(b"\x1b[201", &mut out);
        d.feed(b"~q", &mut out);
        assert_eq!(out, vec![Input::Key(Key::Char('q'))]);
        assert!(d.paste.is_none());
    }

    #[test]
    fn a_large_paste_within_the_limit_arrives_whole() {
        let text = "申报材料".repeat(50_000);
        let mut bytes = PASTE_START.to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(PASTE_END);
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        for c in bytes.chunks(1000) {
            d.feed(c, &mut out);
        }
        assert_eq!(out, vec![Input::Paste(text)]);
        assert!(!d.has_pending());
    }

    #[test]
    fn a_key_then_a_cut_off_sequence_in_one_packet_still_times_out() {
        let mut d = InputDecoder::default();
        let mut out = Vec::new();
        d.feed(b"?\x1b", &mut out);
        assert_eq!(out, vec![Input::Key(Key::Char('?'))]);
        assert!(d.has_pending(), "the Esc after the key is pending");
        d.flush(&mut out);
        assert_eq!(out, vec![Input::Key(Key::Char('?')), Input::Key(Key::Esc)]);
        out.clear();
        d.feed(b"j\x1b[", &mut out);
        assert!(d.has_pending());
        d.flush(&mut out);
        d.feed(b"k", &mut out);
        assert_eq!(out, vec![Input::Key(Key::Char('j')), Input::Key(Key::Char('k'))]);
    }

    #[test]
    fn alt_chords_do_nothing() {
        assert_eq!(decode(&[b"\x1bq"]), vec![]);
    }
}
