//! Reading a spreadsheet the office prepared into rows of text: CSV in UTF-8, UTF-8
//! with a byte-order mark, or GBK (what Excel in China writes), told apart by the bytes
//! themselves; or an XLSX workbook (its first sheet). Nothing here knows what the
//! columns mean (see `columns`).

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

/// Bounds on what a file may make the importer hold: a crafted file is refused with the
/// limit it broke, never read into memory. A workbook's parts (all of them,
/// decompressed) at most this many bytes; checked by inflating them into nothing first,
/// since a zip's declared sizes can lie.
pub const MAX_INFLATED: u64 = 200 << 20;
/// Parts of a workbook at most.
pub const MAX_PARTS: usize = 10_000;
/// Rows (the header included) and columns of a sheet or CSV file at most.
pub const MAX_ROWS: usize = 200_000;
pub const MAX_COLUMNS: usize = 256;
/// Cells a workbook's sheet may list (empty ones included) at most.
pub const MAX_CELLS: u64 = 20_000_000;

/// A sheet of text cells: the header row, then the data rows. `first_row` is the
/// spreadsheet row number of `rows[0]` (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// How the file was read, for the report ("UTF-8", "UTF-8 with BOM", "GBK", "XLSX").
    pub format: &'static str,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is neither UTF-8 nor GBK text, nor an XLSX workbook")]
    Encoding,
    #[error("the CSV cannot be read at row {row}: {why}")]
    Csv { row: usize, why: String },
    #[error("the XLSX workbook cannot be read: {0}")]
    Xlsx(String),
    #[error("the file is too large to import: {0}")]
    TooLarge(String),
}

fn too_large(why: String) -> TableError {
    TableError::TooLarge(why)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a file's bytes as a table.
pub fn read(bytes: &[u8]) -> Result<Table, TableError> {
    if bytes.is_empty() {
        return Err(TableError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let (text, format) = if let Some(rest) = bytes.strip_prefix(BOM) {
        (
            std::str::from_utf8(rest).map_err(|_| TableError::Encoding)?.to_string(),
            "UTF-8 with BOM",
        )
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), "UTF-8")
    } else {
        // GB18030 decodes every GBK file; a file with bytes it cannot place is neither.
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(TableError::Encoding);
        }
        (text.into_owned(), "GBK")
    };
    read_csv(&text, format)
}

fn read_csv(text: &str, format: &'static str) -> Result<Table, TableError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut all: Vec<Vec<String>> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| TableError::Csv {
            row: i + 1,
            why: e.to_string(),
        })?;
        if i >= MAX_ROWS {
            return Err(too_large(format!("more than {MAX_ROWS} rows")));
        }
        if record.len() > MAX_COLUMNS {
            return Err(too_large(format!(
                "row {} has {} columns, at most {MAX_COLUMNS}",
                i + 1,
                record.len()
            )));
        }
        all.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    table(all, format)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, TableError> {
    check_inflated(bytes)?;
    let xlsx = |e: calamine::XlsxError| TableError::Xlsx(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx)?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| TableError::Xlsx("it has no sheet".into()))?;
    // Cells one by one: nothing is allocated from the sheet's declared dimensions (a
    // file may declare A1:XFD1048576), and empty cells take no room.
    let mut cells = book.worksheet_cells_reader(&name).map_err(xlsx)?;
    let mut all: Vec<Vec<String>> = Vec::new();
    let mut listed = 0u64;
    while let Some(cell) = cells.next_cell().map_err(xlsx)? {
        listed += 1;
        if listed > MAX_CELLS {
            return Err(too_large(format!("the sheet lists more than {MAX_CELLS} cells")));
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (row, column) = (cell.get_position().0 as usize, cell.get_position().1 as usize);
        if row >= MAX_ROWS {
            return Err(too_large(format!(
                "row {} is beyond the {MAX_ROWS} rows allowed",
                row + 1
            )));
        }
        if column >= MAX_COLUMNS {
            return Err(too_large(format!(
                "row {}, column {} is beyond the {MAX_COLUMNS} columns allowed",
                row + 1,
                column + 1
            )));
        }
        // Rows are counted from A1, so that row numbers match what Excel shows.
        if all.len() <= row {
            all.resize_with(row + 1, Vec::new);
        }
        let cells = &mut all[row];
        if cells.len() <= column {
            cells.resize_with(column + 1, String::new);
        }
        cells[column] = text;
    }
    table(all, "XLSX")
}

/// Inflates every part of the workbook into nothing, counting: a zip bomb is refused
/// before any of it is held in memory.
fn check_inflated(bytes: &[u8]) -> Result<(), TableError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| TableError::Xlsx(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(too_large(format!("the workbook has more than {MAX_PARTS} parts")));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| TableError::Xlsx(e.to_string()))?;
        let mut limited = part.take(MAX_INFLATED - total + 1);
        total += std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| TableError::Xlsx(e.to_string()))?;
        if total > MAX_INFLATED {
            return Err(too_large(format!(
                "the workbook inflates to more than {} MiB",
                MAX_INFLATED >> 20
            )));
        }
    }
    Ok(())
}

/// A cell as the office typed it: whole numbers without ".0", dates as YYYY-MM-DD.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_date(dt),
        other => other.to_string().trim().to_string(),
    }
}

/// An Excel date cell as YYYY-MM-DD, in the workbook's own date system (1900 or 1904,
/// which calamine reads from the workbook); a duration cell (`[h]:mm`) as its number.
fn excel_date(dt: &calamine::ExcelDateTime) -> String {
    if dt.is_duration() {
        return dt.as_f64().to_string();
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    format!("{y:04}-{m:02}-{d:02}")
}

/// Splits off the header row; rows that are wholly empty are dropped (spreadsheets
/// often end with a few), but keep their place in the numbering.
fn table(mut all: Vec<Vec<String>>, format: &'static str) -> Result<Table, TableError> {
    while all.first().is_some_and(|r| r.iter().all(|c| c.is_empty())) {
        all.remove(0);
    }
    if all.is_empty() {
        return Err(TableError::Empty);
    }
    let headers: Vec<String> = all.remove(0).into_iter().map(|h| h.trim().to_string()).collect();
    Ok(Table {
        headers,
        rows: all,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_every_encoding_reads_the_same() {
        let text = "姓名,工作单位\n张三,郑州市第一人民医院\n\"李四\",\"河南省,人民医院\"\n";
        let utf8 = read(text.as_bytes()).unwrap();
        let mut bom = BOM.to_vec();
        bom.extend_from_slice(text.as_bytes());
        let bom = read(&bom).unwrap();
        let (gbk_bytes, _, _) = encoding_rs::GBK.encode(text);
        let gbk = read(&gbk_bytes).unwrap();
        assert_eq!(
            (utf8.format, bom.format, gbk.format),
            ("UTF-8", "UTF-8 with BOM", "GBK")
        );
        for t in [&utf8, &bom, &gbk] {
            assert_eq!(t.headers, vec!["姓名", "工作单位"]);
            assert_eq!(t.rows[1], vec!["李四", "河南省,人民医院"]);
        }
    }

    #[test]
    fn excel_dates_are_calendar_dates_in_the_workbooks_date_system() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let day = |serial: f64, is_1904: bool| excel_date(&ExcelDateTime::new(serial, DateTime, is_1904));
        assert_eq!(day(1.0, false), "1900-01-01");
        assert_eq!(day(61.0, false), "1900-03-01");
        assert_eq!(day(31_125.0, false), "1985-03-19");
        assert_eq!(day(45_658.5, false), "2025-01-01");
        // The same day in the 1904 system is 1,462 days less.
        assert_eq!(day(31_125.0 - 1462.0, true), "1985-03-19");
        assert_eq!(day(0.0, true), "1904-01-01");
    }

    /// A real workbook saved in the 1904 date system (as Excel for Mac once did): the
    /// flag is in xl/workbook.xml, and the birth date reads as the office typed it.
    #[test]
    fn a_workbook_in_the_1904_date_system_reads_its_dates() {
        use std::io::{Read, Write};
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_string(0, 0, "姓名").unwrap();
        sheet.write_string(0, 1, "出生年月").unwrap();
        sheet.write_string(1, 0, "张三").unwrap();
        // 1985-03-19 as a 1904-system serial.
        sheet.write_number_with_format(1, 1, 31_125.0 - 1462.0, &date).unwrap();
        let plain = book.save_to_buffer().unwrap();
        let read_1900 = read(&plain).unwrap();
        assert_eq!(read_1900.rows[0][1], "1981-03-18", "the same serial in the 1900 system");

        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut body = String::new();
            f.read_to_string(&mut body).unwrap();
            if name == "xl/workbook.xml" {
                assert!(body.contains("<workbookPr"), "{body}");
                body = body.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1);
            }
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(body.as_bytes()).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        let t = read(&bytes).unwrap();
        assert_eq!(t.rows[0], vec!["张三", "1985-03-19"]);
    }

    #[test]
    fn unreadable_files_are_refused() {
        assert_eq!(read(b""), Err(TableError::Empty));
        assert_eq!(read(b"\n\n,,\n"), Err(TableError::Empty));
        // Bytes that are neither UTF-8 nor GBK.
        assert_eq!(read(b"\xff\xfe\xff\x00abc"), Err(TableError::Encoding));
        assert!(matches!(read(b"PK\x03\x04broken"), Err(TableError::Xlsx(_))));
    }
}
