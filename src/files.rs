//! Files and folders the server and its commands write: private to the server's user
//! whatever the umask (folders 0700, files 0600), written whole or not at all, and
//! never over an existing file unless asked to.

use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Creates `dir` and any missing parents, each created folder 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut missing: Vec<PathBuf> = Vec::new();
    let mut at = Some(dir);
    while let Some(p) = at {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        missing.push(p.to_path_buf());
        at = p.parent();
    }
    for p in missing.iter().rev() {
        match std::fs::create_dir(p) {
            Ok(()) => std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700))?,
            // Made meanwhile by someone else: theirs to keep as it is.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Opens a new file that only its owner may read (0600 from its first byte; the
/// creation fails if the name exists).
pub fn create_private_file(path: &Path) -> io::Result<std::fs::File> {
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    // The umask may have taken bits away; never adds any.
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(f)
}

/// Writes `bytes` to `path` whole or not at all, 0600: into a temporary file of a
/// unique name beside it (created exclusively, so no other file is ever touched), then
/// moved into place. An existing `path` is refused (`AlreadyExists`) unless `replace`.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> io::Result<()> {
    if !replace && path.exists() {
        return Err(exists(path));
    }
    let (tmp, mut f) = temporary_beside(path)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all()).and_then(|()| {
        drop(f);
        if replace {
            std::fs::rename(&tmp, path)
        } else {
            // A hard link never replaces: an existing name fails here, atomically.
            std::fs::hard_link(&tmp, path).map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    exists(path)
                } else {
                    e
                }
            })
        }
    });
    let _ = std::fs::remove_file(&tmp);
    written
}

fn exists(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} exists already; --force replaces it", path.display()),
    )
}

/// A new private file of a name nobody else uses, beside `path`.
fn temporary_beside(path: &Path) -> io::Result<(PathBuf, std::fs::File)> {
    use rand::RngExt;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for _ in 0..16 {
        let tag: u64 = rand::rng().random();
        let tmp = path.with_file_name(format!(".{name}.{tag:016x}.part"));
        match create_private_file(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free temporary name"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn folders_and_files_are_private_and_existing_files_kept() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("a/b/c");
        create_private_dir(&dir).unwrap();
        for p in [d.path().join("a"), d.path().join("a/b"), dir.clone()] {
            assert_eq!(std::fs::metadata(&p).unwrap().mode() & 0o777, 0o700, "{}", p.display());
        }
        let f = dir.join("out.csv");
        // An unrelated file with the old temporary name is left alone.
        std::fs::write(dir.join("out.csv.part"), "mine").unwrap();
        write_private(&f, b"one", false).unwrap();
        assert_eq!(std::fs::metadata(&f).unwrap().mode() & 0o777, 0o600);
        let e = write_private(&f, b"two", false).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(std::fs::read(&f).unwrap(), b"one");
        write_private(&f, b"two", true).unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert_eq!(std::fs::read(dir.join("out.csv.part")).unwrap(), b"mine");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file is left behind");
    }
}
