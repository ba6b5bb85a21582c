//! The bodies of the fuzz targets in `fuzz/` (cargo-fuzz), here so that the inputs the
//! fuzzer once crashed on run again as ordinary tests (`tests/fuzz_regressions.rs`).
//! Each takes arbitrary bytes and panics only when an invariant breaks.

use crate::ssh::input::{InputDecoder, MAX_PASTE};
use crate::tui::Input;

/// The terminal input parser: the bytes arrive split into packets at points the input
/// itself chooses (its first byte seeds the cuts), with the quiet-time flushes and
/// resets the session does in between. Pastes stay within their bound, and whatever
/// comes out is a key or a paste.
pub fn terminal_input(data: &[u8]) {
    let Some((&seed, rest)) = data.split_first() else {
        return;
    };
    let mut decoder = InputDecoder::default();
    let mut out = Vec::new();
    let mut at = 0;
    let mut step = usize::from(seed % 17) + 1;
    let mut round = 0u32;
    while at < rest.len() {
        let end = (at + step).min(rest.len());
        decoder.feed(&rest[at..end], &mut out);
        match (u32::from(seed) + round) % 11 {
            0 => decoder.flush(&mut out),
            1 if seed & 0x80 != 0 => decoder.reset(),
            _ => {}
        }
        at = end;
        step = (step * 7 + usize::from(seed)) % 64 + 1;
        round += 1;
    }
    decoder.flush(&mut out);
    for input in &out {
        match input {
            Input::Paste(text) => assert!(text.len() <= MAX_PASTE, "a paste of {} bytes", text.len()),
            Input::Key(_) | Input::Mouse(_) => {}
            Input::Resize(..) => panic!("bytes became a resize"),
        }
    }
}

/// The importers: a file's bytes read as a table (CSV in UTF-8/BOM/GBK, or XLSX), then
/// as applicants and as experts. Every problem must name a real row and be safe to
/// print on a terminal.
pub fn import_table(data: &[u8]) {
    let Ok(table) = crate::office::table::read(data) else {
        return;
    };
    let rows = table.rows.len();
    for problems in [
        crate::office::columns::applicants(&table).err(),
        crate::office::columns::experts(&table).err(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!problems.is_empty(), "refused without a reason");
        for p in &problems {
            // Data rows are rows 2.. (a file without any names row 2, where they belong).
            assert!(p.row <= rows.max(1) + 1, "problem at row {} of {rows}", p.row);
            // What the office's terminal is shown carries no control characters.
            assert!(
                !p.to_string().chars().any(char::is_control),
                "control characters shown: {p:?}"
            );
        }
    }
}

/// An XLSX workbook: the bytes as the zip archive's content after its signature, so
/// the fuzzer spends its time inside the XLSX reader.
pub fn import_xlsx(data: &[u8]) {
    if data.starts_with(b"PK\x03\x04") {
        import_table(data);
    } else {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(data);
        import_table(&v);
    }
}
