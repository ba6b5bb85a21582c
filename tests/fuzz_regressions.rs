//! Every input the fuzz targets were seeded with (`fuzz/corpus/*/seed-*`) and every
//! input they once crashed on (`fuzz/regressions/*/`), run again through the same
//! functions as ordinary tests, so a fixed crash stays fixed without nightly Rust.

use std::path::Path;

fn each_input(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let from_corpus = dir.ends_with(target) && dir.parent().is_some_and(|p| p.ends_with("corpus"));
            if from_corpus && !name.starts_with("seed-") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn terminal_input_regressions() {
    assert!(each_input("terminal_input", pingshen::fuzzing::terminal_input) >= 6);
}

#[test]
fn import_table_regressions() {
    assert!(each_input("import_table", pingshen::fuzzing::import_table) >= 6);
}

#[test]
fn import_xlsx_regressions() {
    assert!(each_input("import_xlsx", pingshen::fuzzing::import_xlsx) >= 1);
}

/// The inputs at the edges the targets guard: a paste just over the bound (dropped
/// whole, never passed on) and a GBK seed read as GBK.
#[test]
fn edge_inputs_of_the_fuzz_targets() {
    // A paste just over the bound is dropped whole, never passed on.
    let mut big = vec![0u8];
    big.extend_from_slice(b"\x1b[200~");
    big.extend(std::iter::repeat_n(b'a', pingshen::ssh::input::MAX_PASTE + 1));
    big.extend_from_slice(b"\x1b[201~");
    pingshen::fuzzing::terminal_input(&big);
    // And the table reader answers every seed with rows or a reason.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/import_table/seed-experts-gbk.csv");
    let table = pingshen::office::table::read(&std::fs::read(seeds).unwrap()).unwrap();
    assert_eq!(table.format, "GBK");
    assert_eq!(table.rows.len(), 4);
}
