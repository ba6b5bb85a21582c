//! The office's files: reading import spreadsheets (`table`, `columns`) and writing
//! credential slips and results (`export`). Pure file formats; the service does the
//! rest.

pub mod certificate;
pub mod columns;
pub mod export;
pub mod print;
pub mod records;
pub mod table;
