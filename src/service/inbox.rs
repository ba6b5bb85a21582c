//! Imports as the office does them: a spreadsheet's bytes read, checked column by
//! column and imported in one go (`import_file`), behind both the command line
//! (`pingshen import`) and the office's screen, which picks the file from `inbox/` of
//! the data folder (where the office uploads by SFTP).

use std::path::Path;

use super::office::{ImportReport, inbox_dir, office_only};
use super::{Identity, Problem, Result, Service, ServiceError};
use crate::office::{columns, table};

/// What an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    Applicants,
    Experts,
}

/// A file of `inbox/` as the office's screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxFile {
    pub name: String,
    pub bytes: u64,
    /// When it was last written, in the stored form (UTC).
    pub modified: Option<String>,
}

/// What an import came to. A file with any bad row or column imports nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported {
        /// Data rows read.
        rows: usize,
        /// How the file was read ("UTF-8", "GBK", "XLSX"...).
        format: &'static str,
        report: ImportReport,
        /// Columns that mean nothing here, as the file names them.
        ignored: Vec<String>,
    },
    /// Every problem of the file, with its row and column.
    Rejected(Vec<columns::Problem>),
    /// The file is not a table that can be read.
    Unreadable(table::TableError),
}

/// Largest file the screen imports (a workbook of 20 million cells is far below it;
/// `table::read` has its own limits on what the file unpacks to).
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

impl Service {
    /// Reads a spreadsheet (CSV in UTF-8 or GBK, or XLSX) and imports its rows into
    /// the committee in one transaction, the audit log naming `actor`.
    pub fn import_file(&self, actor: &str, committee_id: i32, kind: ImportKind, bytes: &[u8]) -> Result<ImportOutcome> {
        // A committee past its setup says so before its file is read.
        {
            let mut conn = self.store.conn()?;
            super::setup::in_setup(&mut conn, committee_id)?;
        }
        let table = match table::read(bytes) {
            Ok(t) => t,
            Err(e) => return Ok(ImportOutcome::Unreadable(e)),
        };
        let imported = |rows: usize, report: ImportReport, ignored: Vec<String>| ImportOutcome::Imported {
            rows,
            format: table.format,
            report,
            ignored,
        };
        Ok(match kind {
            ImportKind::Applicants => match columns::applicants(&table) {
                Err(problems) => ImportOutcome::Rejected(problems),
                Ok(parsed) => {
                    let report = self.import_applicants_by(actor, committee_id, &parsed.rows)?;
                    imported(parsed.rows.len(), report, parsed.ignored)
                }
            },
            ImportKind::Experts => match columns::experts(&table) {
                Err(problems) => ImportOutcome::Rejected(problems),
                Ok(parsed) => {
                    let report = self.import_experts_by(actor, committee_id, &parsed.rows)?;
                    imported(parsed.rows.len(), report, parsed.ignored)
                }
            },
        })
    }

    /// The files of `inbox/` the office may import, by name (the folder is made when
    /// missing). Hidden names (the uploads still being written) and anything but
    /// plain files are left out, as the office's SFTP leaves them out.
    pub fn inbox(&self, who: &Identity) -> Result<Vec<InboxFile>> {
        office_only(who)?;
        let dir = inbox_dir(self);
        super::office::private_dir(&dir)?;
        let entries = std::fs::read_dir(&dir).map_err(|e| cannot_read(&dir, e))?;
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            // `symlink_metadata`: a link is not followed, and not listed.
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if name.starts_with('.') || !meta.is_file() {
                continue;
            }
            let modified = meta.modified().ok().map(crate::store::time_of);
            files.push(InboxFile {
                name,
                bytes: meta.len(),
                modified,
            });
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(files)
    }

    /// Imports a file of `inbox/`, picked by name from [`Service::inbox`], for the
    /// office's screen: the same checks and import as `pingshen import`.
    pub fn import_from_inbox(
        &self,
        who: &Identity,
        committee_id: i32,
        kind: ImportKind,
        name: &str,
    ) -> Result<ImportOutcome> {
        office_only(who)?;
        let bytes = read_inbox_file(&inbox_dir(self), name)?;
        self.import_file(&who.username, committee_id, kind, &bytes)
    }
}

fn cannot_read(path: &Path, e: std::io::Error) -> ServiceError {
    tracing::warn!(path = %path.display(), error = %e, "cannot read the inbox");
    ServiceError::Problem(Problem::CannotRead {
        path: "inbox".into(),
        why: e.to_string(),
    })
}

/// The bytes of a plain file directly in `dir`: a name with a slash, a hidden name, a
/// link or anything but a regular file is refused as not there; a file over
/// [`MAX_IMPORT_BYTES`] as too large.
fn read_inbox_file(dir: &Path, name: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let gone = || ServiceError::Problem(Problem::NoInboxFile(columns::printable(name)));
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\0']) {
        return Err(gone());
    }
    let path = dir.join(name);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => gone(),
            _ if e.raw_os_error() == Some(libc::ELOOP) => gone(),
            _ => cannot_read(&path, e),
        })?;
    let meta = file.metadata().map_err(|e| cannot_read(&path, e))?;
    if !meta.is_file() {
        return Err(gone());
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(ServiceError::Problem(Problem::ImportTooLarge {
            name: columns::printable(name),
            mib: MAX_IMPORT_BYTES / (1024 * 1024),
        }));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.by_ref()
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&path, e))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_files_directly_in_the_inbox_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("名单.csv"), "姓名\n").unwrap();
        std::fs::write(dir.path().join(".upload-x"), "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("link.csv")).unwrap();
        assert_eq!(read_inbox_file(dir.path(), "名单.csv").unwrap(), "姓名\n".as_bytes());
        for name in [
            ".upload-x",
            "sub",
            "link.csv",
            "../名单.csv",
            "sub/x",
            "",
            "missing.csv",
        ] {
            let e = read_inbox_file(dir.path(), name).unwrap_err();
            assert!(
                matches!(e, ServiceError::Problem(Problem::NoInboxFile(_))),
                "{name}: {e:?}"
            );
        }
    }
}
