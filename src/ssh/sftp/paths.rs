//! Where a client's path leads (the two folders, as a chroot would resolve it) and
//! whether an upload still fits: pure rules, and the disk's free space.

use std::path::Path;

/// Free space an upload must leave on the data folder's disk (the database needs it).
pub const RESERVE: u64 = 64 * 1024 * 1024;

/// One of the two folders the office sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Inbox,
    Exports,
}

impl Area {
    pub fn name(self) -> &'static str {
        match self {
            Area::Inbox => "inbox",
            Area::Exports => "exports",
        }
    }
}

/// Where a client's path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `/`: the two folders.
    Root,
    /// A folder and the names below it (none: the folder itself).
    In(Area, Vec<String>),
}

impl Place {
    /// The path as the client is shown it.
    pub fn shown(&self) -> String {
        match self {
            Place::Root => "/".into(),
            Place::In(area, names) => {
                let mut s = format!("/{}", area.name());
                for n in names {
                    s.push('/');
                    s.push_str(n);
                }
                s
            }
        }
    }
}

/// Why a path leads nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nowhere {
    /// Outside the two folders, or a hidden name.
    NotThere,
}

/// A client's path, normalised as a chroot would: relative paths start at `/`, `.` and
/// empty names are skipped, `..` goes up but never above `/`.
pub fn resolve(path: &str) -> Result<Place, Nowhere> {
    let mut names: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                names.pop();
            }
            name => names.push(name),
        }
    }
    let Some((first, rest)) = names.split_first() else {
        return Ok(Place::Root);
    };
    let area = match *first {
        "inbox" => Area::Inbox,
        "exports" => Area::Exports,
        _ => return Err(Nowhere::NotThere),
    };
    if rest.iter().any(|n| n.starts_with('.') || n.contains('\0')) {
        return Err(Nowhere::NotThere);
    }
    Ok(Place::In(area, rest.iter().map(|s| s.to_string()).collect()))
}

/// Whether an upload may go on: `size` is what the file would hold after this write,
/// `free` what the disk has left before it, `len` the bytes of this write.
pub fn upload_fits(size: u64, len: u64, free: u64, cap: u64) -> Result<(), UploadRefusal> {
    if size > cap {
        return Err(UploadRefusal::TooLarge { cap });
    }
    if free < RESERVE.saturating_add(len) {
        return Err(UploadRefusal::DiskFull);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    TooLarge { cap: u64 },
    DiskFull,
}

/// Bytes free for the server's user on the disk of `dir` (0 if it cannot be told).
pub(super) fn free_space(dir: &Path) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return 0;
    };
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid C string and `s` a writable statvfs.
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return 0;
    }
    // Out of inodes counts as out of space: no file could be made.
    if s.f_favail == 0 && s.f_files > 0 {
        return 0;
    }
    (s.f_bavail as u64).saturating_mul(s.f_frsize as u64)
}

/// At the server's start: removes the upload temporaries a crash left in `inbox/`.
pub fn sweep_inbox(root: &Path) {
    sweep_temporaries(&root.join(Area::Inbox.name()), 8);
}

/// Removes upload temporaries a crash or an earlier session left in `inbox/` (hidden,
/// so the office could not see or remove them), a few folders deep.
fn sweep_temporaries(dir: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let Ok(m) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let name = e.file_name();
        let name = name.to_string_lossy();
        if m.is_file() && name.starts_with(".upload-") {
            let _ = std::fs::remove_file(e.path());
        } else if m.is_dir() && depth > 0 {
            sweep_temporaries(&e.path(), depth - 1);
        }
    }
}
