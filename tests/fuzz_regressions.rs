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

/// Workbooks shaped to exhaust memory are refused, naming the limit: cells only at A1
/// and XFD1048576 (calamine's dense range would take 512 GiB), 20,000 rows whose only
/// cell is in column XFD, and a part that inflates to 256 MiB of whitespace.
#[test]
fn crafted_workbooks_are_refused_naming_the_limit() {
    use pingshen::office::table::{TableError, read};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/import_xlsx");
    for (file, why) in [
        (
            "sparse-a1-xfd1048576.xlsx",
            "row 1048576 is beyond the 200000 rows allowed",
        ),
        (
            "rows-only-in-column-xfd.xlsx",
            "row 2, column 16384 is beyond the 256 columns allowed",
        ),
        ("inflates-to-256-mib.xlsx", "the workbook inflates to more than 200 MiB"),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(read(&bytes), Err(TableError::TooLarge(why.into())), "{file}");
    }
    // A CSV as wide as XFD is refused the same way.
    let wide = format!("姓名{}\n", ",".repeat(16_383));
    assert_eq!(
        read(wide.as_bytes()),
        Err(TableError::TooLarge("row 1 has 16384 columns, at most 256".into()))
    );
}
