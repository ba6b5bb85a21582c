//! Files over SSH for the office: an SFTP subsystem (russh-sftp speaks the protocol)
//! that shows exactly two folders of the data folder, as a chroot would:
//!
//! - `/inbox`: spreadsheets to import; files may be uploaded, renamed, removed, and
//!   folders made there;
//! - `/exports`: slips, results, records and certificates; read-only.
//!
//! Confinement is ours to get right, so every path goes through [`resolve`]: the
//! client's path is normalised lexically against the virtual root (absolute or not,
//! `..` never climbs above `/`), names starting with a dot are not there (the upload
//! temporaries and anything hidden), and on disk no component may be a symbolic link
//! and no file a hard link (two names: its other name may be anywhere). Files are opened
//! with `O_NOFOLLOW` and checked again on the open descriptor. Links cannot be made.
//!
//! An upload is written to a temporary beside its name and moved into place when the
//! client closes it, so a file in `inbox/` is always whole; it lands 0600 whatever the
//! client asks. Its size is capped (`--max-upload-mib`) and the disk must keep
//! [`RESERVE`] free for the database.

use std::collections::HashMap;
use std::fs::{File, Metadata};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use russh_sftp::protocol::{
    Attrs, Data, File as Entry, FileAttributes, Handle, Name, OpenFlags, Status, StatusCode, Version,
};
use russh_sftp::server::StatusReply;

use crate::domain::Lang;
use crate::tui::catalog::msg;

/// Files and folders one session may hold open at once (as OpenSSH's sftp-server).
pub const MAX_HANDLES: usize = 512;

/// Names one READDIR answer carries (as OpenSSH's sftp-server), so that a large folder
/// lists within every client's message limit.
const NAMES_PER_READDIR: usize = 100;

mod paths;
#[cfg(test)]
mod tests;

use paths::free_space;
pub use paths::{Area, Nowhere, Place, RESERVE, UploadRefusal, resolve, sweep_inbox, upload_fits};

/// What an open handle is.
enum Open {
    Read(Arc<File>),
    Write(Upload),
    /// The listing still to send, in batches.
    Dir(Vec<Entry>),
}

/// A file being uploaded: its temporary, where it goes, what was written.
struct Upload {
    file: Arc<File>,
    temporary: PathBuf,
    destination: PathBuf,
    shown: String,
    size: u64,
    /// A write was refused: the file is dropped at close.
    refused: Option<UploadRefusal>,
}

/// The SFTP session of one office login.
pub struct Files {
    root: PathBuf,
    lang: Lang,
    user: String,
    peer: std::net::SocketAddr,
    max_upload: u64,
    handles: HashMap<String, Open>,
    next: u64,
}

type R<T> = Result<T, StatusReply>;

impl Files {
    /// `root` is the data folder; `inbox/` and `exports/` in it are made (0700) if missing.
    pub fn new(root: &Path, lang: Lang, user: &str, peer: std::net::SocketAddr, max_upload: u64) -> Files {
        for area in [Area::Inbox, Area::Exports] {
            let _ = crate::files::create_private_dir(&root.join(area.name()));
        }
        Files {
            root: root.to_path_buf(),
            lang,
            user: user.to_string(),
            peer,
            max_upload,
            handles: HashMap::new(),
            next: 0,
        }
    }

    fn not_there(&self) -> StatusReply {
        StatusCode::NoSuchFile.with_message(msg!(self.lang, "sftp-not-there"))
    }

    fn read_only(&self) -> StatusReply {
        StatusCode::PermissionDenied.with_message(msg!(self.lang, "sftp-read-only"))
    }

    fn failure(&self, text: String) -> StatusReply {
        StatusCode::Failure.with_message(text)
    }

    fn io(&self, e: std::io::Error) -> StatusReply {
        match e.kind() {
            std::io::ErrorKind::NotFound => self.not_there(),
            std::io::ErrorKind::PermissionDenied => StatusCode::PermissionDenied.into(),
            _ => {
                tracing::warn!(peer = %self.peer, user = %self.user, error = %e, "sftp: file operation failed");
                self.failure(msg!(self.lang, "sftp-failed"))
            }
        }
    }

    fn refusal(&self, r: UploadRefusal) -> StatusReply {
        match r {
            UploadRefusal::TooLarge { cap } => {
                self.failure(msg!(self.lang, "sftp-too-large", mib = (cap / (1024 * 1024)) as i64))
            }
            UploadRefusal::DiskFull => self.failure(msg!(self.lang, "sftp-disk-full")),
        }
    }

    fn place(&self, path: &str) -> R<Place> {
        resolve(path).map_err(|_| self.not_there())
    }

    /// The folder of an area on disk, which must be a real folder.
    fn area_dir(&self, area: Area) -> R<PathBuf> {
        let dir = self.root.join(area.name());
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => Ok(dir),
            _ => Err(self.not_there()),
        }
    }

    /// The path on disk of a place below a folder, every folder on the way a real
    /// folder (no symbolic link); the last name itself is not checked.
    fn on_disk(&self, area: Area, names: &[String]) -> R<PathBuf> {
        let mut p = self.area_dir(area)?;
        if let Some((_, parents)) = names.split_last() {
            for n in parents {
                p.push(n);
                match std::fs::symlink_metadata(&p) {
                    Ok(m) if m.is_dir() => {}
                    _ => return Err(self.not_there()),
                }
            }
        }
        if let Some(last) = names.last() {
            p.push(last);
        }
        Ok(p)
    }

    /// What may be shown: real folders, and files with one name only.
    fn shows(m: &Metadata) -> bool {
        let t = m.file_type();
        t.is_dir() || (t.is_file() && m.nlink() == 1)
    }

    fn attrs(m: &Metadata) -> FileAttributes {
        let mut a = FileAttributes::from(m);
        // Names, not numbers, would tell the server's accounts; neither is needed.
        a.uid = None;
        a.gid = None;
        a.user = None;
        a.group = None;
        a
    }

    fn dir_attrs() -> FileAttributes {
        let mut a = FileAttributes::empty();
        a.set_dir(true);
        a.permissions = Some(0o40500);
        a
    }

    fn stat_place(&self, place: &Place) -> R<FileAttributes> {
        match place {
            Place::Root => Ok(Self::dir_attrs()),
            Place::In(area, names) => {
                let p = self.on_disk(*area, names)?;
                match std::fs::symlink_metadata(&p) {
                    Ok(m) if Self::shows(&m) => Ok(Self::attrs(&m)),
                    Ok(_) => Err(self.not_there()),
                    Err(e) => Err(self.io(e)),
                }
            }
        }
    }

    fn handle(&mut self, open: Open) -> R<String> {
        if self.handles.len() >= MAX_HANDLES {
            if let Open::Write(u) = &open {
                let _ = std::fs::remove_file(&u.temporary);
            }
            return Err(self.failure(msg!(self.lang, "sftp-too-many-open")));
        }
        self.next += 1;
        let h = format!("h{}", self.next);
        self.handles.insert(h.clone(), open);
        Ok(h)
    }

    fn listing(&self, place: &Place) -> R<Vec<Entry>> {
        let dir = match place {
            Place::Root => {
                return Ok([Area::Inbox, Area::Exports]
                    .into_iter()
                    .map(|a| Entry::new(a.name(), Self::dir_attrs()))
                    .collect());
            }
            Place::In(area, names) => self.on_disk(*area, names)?,
        };
        let m = std::fs::symlink_metadata(&dir).map_err(|e| self.io(e))?;
        if !m.is_dir() {
            return Err(self.not_there());
        }
        let mut out = Vec::new();
        for e in std::fs::read_dir(&dir).map_err(|e| self.io(e))? {
            let Ok(e) = e else { continue };
            let Ok(name) = e.file_name().into_string() else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let Ok(m) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if Self::shows(&m) {
                out.push(Entry::new(name, Self::attrs(&m)));
            }
        }
        out.sort_by(|a, b| a.filename.cmp(&b.filename));
        Ok(out)
    }

    /// Opens a file to download, refusing links (on the path and on the descriptor).
    fn open_read(&self, area: Area, names: &[String]) -> R<File> {
        if names.is_empty() {
            return Err(self.not_there());
        }
        let p = self.on_disk(area, names)?;
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&p)
            .map_err(|e| match e.raw_os_error() {
                Some(libc::ELOOP) => self.not_there(),
                _ => self.io(e),
            })?;
        let m = f.metadata().map_err(|e| self.io(e))?;
        if !(m.is_file() && m.nlink() == 1) {
            return Err(self.not_there());
        }
        Ok(f)
    }

    /// Opens an upload into `inbox/`: a temporary beside the name, moved into place at close.
    fn open_write(&mut self, names: &[String], flags: OpenFlags) -> R<Upload> {
        if names.is_empty() {
            return Err(self.not_there());
        }
        if flags.contains(OpenFlags::APPEND) {
            // Resuming: the upload is written afresh beside the old file, so it would
            // come out half; a file is uploaded whole.
            return Err(self.failure(msg!(self.lang, "sftp-whole-files")));
        }
        let destination = self.on_disk(Area::Inbox, names)?;
        // Writing into an existing file without truncating it changes it in place: the
        // temporary then starts as a copy of it (scp writes, then sets the size).
        let mut keep_old = false;
        match std::fs::symlink_metadata(&destination) {
            Ok(m) => {
                if !(m.is_file() && m.nlink() == 1) {
                    return Err(self.not_there());
                }
                if flags.contains(OpenFlags::EXCLUDE) {
                    return Err(self.failure(msg!(self.lang, "sftp-exists")));
                }
                keep_old = !flags.contains(OpenFlags::TRUNCATE) && m.len() > 0;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !flags.contains(OpenFlags::CREATE) {
                    return Err(self.not_there());
                }
            }
            Err(e) => return Err(self.io(e)),
        }
        let free = free_space(destination.parent().unwrap_or(&self.root));
        if let Err(r) = upload_fits(0, 0, free, self.max_upload) {
            return Err(self.refusal(r));
        }
        // A name no other session picks (hidden: never listed, never reachable).
        let unique: u64 = {
            use rand::RngExt;
            rand::rng().random()
        };
        let temporary = destination.with_file_name(format!(".upload-{unique:016x}"));
        let mut file = crate::files::create_private_file(&temporary).map_err(|e| self.io(e))?;
        let mut size = 0;
        if keep_old {
            let copied = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW)
                .open(&destination)
                .and_then(|mut old| std::io::copy(&mut old, &mut file));
            match copied {
                Ok(n) => size = n,
                Err(e) => {
                    let _ = std::fs::remove_file(&temporary);
                    return Err(self.io(e));
                }
            }
        }
        let shown = format!("/inbox/{}", names.join("/"));
        tracing::info!(peer = %self.peer, user = %self.user, file = ?shown, "sftp: upload started");
        Ok(Upload {
            file: Arc::new(file),
            temporary,
            destination,
            shown,
            size,
            refused: None,
        })
    }

    /// Whether an upload of this session is still open at or below `path`.
    fn uploading_below(&self, path: &Path) -> bool {
        self.handles
            .values()
            .any(|o| matches!(o, Open::Write(u) if u.temporary.starts_with(path) || u.destination.starts_with(path)))
    }

    /// Only `inbox/` may change; the folders themselves may not.
    fn changeable(&self, place: &Place) -> R<Vec<String>> {
        match place {
            Place::In(Area::Inbox, names) if !names.is_empty() => Ok(names.clone()),
            _ => Err(self.read_only()),
        }
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        // Uploads never closed (the connection went) leave nothing behind.
        for (_, open) in self.handles.drain() {
            if let Open::Write(u) = open {
                let _ = std::fs::remove_file(&u.temporary);
            }
        }
    }
}

fn ok(id: u32) -> Status {
    Status {
        id,
        status_code: StatusCode::Ok,
        error_message: "Ok".into(),
        language_tag: "en-US".into(),
    }
}

impl russh_sftp::server::Handler for Files {
    type Error = StatusReply;

    fn unimplemented(&self) -> Self::Error {
        StatusCode::OpUnsupported.with_message(msg!(self.lang, "sftp-unsupported"))
    }

    async fn init(&mut self, _version: u32, _extensions: HashMap<String, String>) -> R<Version> {
        tracing::info!(peer = %self.peer, user = %self.user, "sftp: session started");
        Ok(Version::new())
    }

    async fn realpath(&mut self, id: u32, path: String) -> R<Name> {
        let place = self.place(&path)?;
        let shown = place.shown();
        Ok(Name {
            id,
            files: vec![Entry::dummy(shown)],
        })
    }

    async fn stat(&mut self, id: u32, path: String) -> R<Attrs> {
        let place = self.place(&path)?;
        Ok(Attrs {
            id,
            attrs: self.stat_place(&place)?,
        })
    }

    async fn lstat(&mut self, id: u32, path: String) -> R<Attrs> {
        self.stat(id, path).await
    }

    async fn fstat(&mut self, id: u32, handle: String) -> R<Attrs> {
        let m = match self.handles.get(&handle) {
            Some(Open::Read(f)) => f.metadata(),
            Some(Open::Write(u)) => u.file.metadata(),
            Some(Open::Dir(_)) => {
                return Ok(Attrs {
                    id,
                    attrs: Self::dir_attrs(),
                });
            }
            None => return Err(StatusCode::Failure.into()),
        };
        let m = m.map_err(|e| self.io(e))?;
        Ok(Attrs {
            id,
            attrs: Self::attrs(&m),
        })
    }

    async fn opendir(&mut self, id: u32, path: String) -> R<Handle> {
        let place = self.place(&path)?;
        let entries = self.listing(&place)?;
        let mut entries = entries;
        // Sent from the end of the list: reversed, so that the names go out in order.
        entries.reverse();
        let handle = self.handle(Open::Dir(entries))?;
        Ok(Handle { id, handle })
    }

    async fn readdir(&mut self, id: u32, handle: String) -> R<Name> {
        match self.handles.get_mut(&handle) {
            Some(Open::Dir(rest)) if rest.is_empty() => Err(StatusCode::Eof.into()),
            Some(Open::Dir(rest)) => {
                let from = rest.len().saturating_sub(NAMES_PER_READDIR);
                let mut files = rest.split_off(from);
                files.reverse();
                Ok(Name { id, files })
            }
            _ => Err(StatusCode::Failure.into()),
        }
    }

    async fn open(&mut self, id: u32, filename: String, pflags: OpenFlags, _attrs: FileAttributes) -> R<Handle> {
        let place = self.place(&filename)?;
        let writes = pflags.intersects(OpenFlags::WRITE | OpenFlags::APPEND | OpenFlags::CREATE | OpenFlags::TRUNCATE);
        let open = if writes {
            let names = self.changeable(&place)?;
            Open::Write(self.open_write(&names, pflags)?)
        } else {
            let Place::In(area, names) = &place else {
                return Err(self.not_there());
            };
            let f = self.open_read(*area, names)?;
            tracing::info!(peer = %self.peer, user = %self.user, file = ?place.shown(), "sftp: download");
            Open::Read(Arc::new(f))
        };
        let handle = self.handle(open)?;
        Ok(Handle { id, handle })
    }

    async fn read(&mut self, id: u32, handle: String, offset: u64, len: u32) -> R<Data> {
        let Some(Open::Read(f)) = self.handles.get(&handle) else {
            return Err(StatusCode::Failure.into());
        };
        let f = f.clone();
        let len = len.min(256 * 1024) as usize;
        let read = tokio::task::spawn_blocking(move || {
            let mut buf = vec![0u8; len];
            let n = f.read_at(&mut buf, offset)?;
            buf.truncate(n);
            Ok::<_, std::io::Error>(buf)
        })
        .await
        .map_err(|_| StatusReply::from(StatusCode::Failure))?;
        match read {
            Ok(data) if data.is_empty() => Err(StatusCode::Eof.into()),
            Ok(data) => Ok(Data { id, data }),
            Err(e) => Err(self.io(e)),
        }
    }

    async fn write(&mut self, id: u32, handle: String, offset: u64, data: Vec<u8>) -> R<Status> {
        let cap = self.max_upload;
        let Some(Open::Write(u)) = self.handles.get_mut(&handle) else {
            return Err(StatusCode::Failure.into());
        };
        let end = offset.saturating_add(data.len() as u64);
        let free = free_space(u.temporary.parent().unwrap_or(Path::new(".")));
        let growth = end.saturating_sub(u.size);
        let fits = match u.refused {
            Some(r) => Err(r),
            None => upload_fits(end.max(u.size), growth, free, cap),
        };
        if let Err(r) = fits {
            let first = u.refused.is_none();
            u.refused = Some(r);
            let shown = u.shown.clone();
            if first {
                tracing::warn!(peer = %self.peer, user = %self.user, file = ?shown, refused = ?r, "sftp: upload refused");
            }
            return Err(self.refusal(r));
        }
        let f = u.file.clone();
        let written = tokio::task::spawn_blocking(move || f.write_all_at(&data, offset))
            .await
            .map_err(|_| StatusReply::from(StatusCode::Failure))?;
        match written {
            Ok(()) => {
                if let Some(Open::Write(u)) = self.handles.get_mut(&handle) {
                    u.size = u.size.max(end);
                }
                Ok(ok(id))
            }
            Err(e) => Err(self.io(e)),
        }
    }

    async fn close(&mut self, id: u32, handle: String) -> R<Status> {
        match self.handles.remove(&handle) {
            Some(Open::Write(u)) => {
                if let Some(r) = u.refused {
                    let _ = std::fs::remove_file(&u.temporary);
                    return Err(self.refusal(r));
                }
                let file = u.file.clone();
                let synced = tokio::task::spawn_blocking(move || file.sync_all())
                    .await
                    .map_err(|_| StatusReply::from(StatusCode::Failure))?;
                let moved = synced.and_then(|()| std::fs::rename(&u.temporary, &u.destination));
                match moved {
                    Ok(()) => {
                        tracing::info!(peer = %self.peer, user = %self.user, file = ?u.shown, bytes = u.size, "sftp: uploaded");
                        Ok(ok(id))
                    }
                    Err(e) => {
                        let _ = std::fs::remove_file(&u.temporary);
                        Err(self.io(e))
                    }
                }
            }
            Some(_) => Ok(ok(id)),
            None => Err(StatusCode::Failure.into()),
        }
    }

    async fn setstat(&mut self, id: u32, path: String, _attrs: FileAttributes) -> R<Status> {
        // Files keep 0600 and their times; a client setting them is told yes for
        // uploads (scp -p asks) and no elsewhere.
        let place = self.place(&path)?;
        self.changeable(&place)?;
        self.stat_place(&place)?;
        Ok(ok(id))
    }

    async fn fsetstat(&mut self, id: u32, handle: String, attrs: FileAttributes) -> R<Status> {
        match self.handles.get_mut(&handle) {
            Some(Open::Write(u)) => {
                // scp writes, then sets the size: the upload ends there. Modes and times
                // are not taken (files stay 0600).
                if let Some(size) = attrs.size {
                    if size > self.max_upload {
                        u.refused = Some(UploadRefusal::TooLarge { cap: self.max_upload });
                    } else if let Err(e) = u.file.set_len(size) {
                        return Err(self.io(e));
                    } else {
                        u.size = size;
                    }
                }
                Ok(ok(id))
            }
            Some(_) => Err(self.read_only()),
            None => Err(StatusCode::Failure.into()),
        }
    }

    async fn remove(&mut self, id: u32, filename: String) -> R<Status> {
        let place = self.place(&filename)?;
        let names = self.changeable(&place)?;
        let p = self.on_disk(Area::Inbox, &names)?;
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err(self.not_there()),
            Err(e) => return Err(self.io(e)),
        }
        std::fs::remove_file(&p).map_err(|e| self.io(e))?;
        tracing::info!(peer = %self.peer, user = %self.user, file = ?place.shown(), "sftp: removed");
        Ok(ok(id))
    }

    async fn mkdir(&mut self, id: u32, path: String, _attrs: FileAttributes) -> R<Status> {
        let place = self.place(&path)?;
        let names = self.changeable(&place)?;
        let p = self.on_disk(Area::Inbox, &names)?;
        if let Err(r) = upload_fits(0, 0, free_space(p.parent().unwrap_or(&self.root)), self.max_upload) {
            return Err(self.refusal(r));
        }
        std::fs::create_dir(&p).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                self.failure(msg!(self.lang, "sftp-exists"))
            } else {
                self.io(e)
            }
        })?;
        let _ = std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o700));
        Ok(ok(id))
    }

    async fn rmdir(&mut self, id: u32, path: String) -> R<Status> {
        let place = self.place(&path)?;
        let names = self.changeable(&place)?;
        let p = self.on_disk(Area::Inbox, &names)?;
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(self.not_there()),
            Err(e) => return Err(self.io(e)),
        }
        std::fs::remove_dir(&p).map_err(|e| self.io(e))?;
        Ok(ok(id))
    }

    async fn rename(&mut self, id: u32, oldpath: String, newpath: String) -> R<Status> {
        let from = self.place(&oldpath)?;
        let to = self.place(&newpath)?;
        let from_names = self.changeable(&from)?;
        let to_names = self.changeable(&to)?;
        let a = self.on_disk(Area::Inbox, &from_names)?;
        let b = self.on_disk(Area::Inbox, &to_names)?;
        match std::fs::symlink_metadata(&a) {
            Ok(m) if Self::shows(&m) => {}
            Ok(_) => return Err(self.not_there()),
            Err(e) => return Err(self.io(e)),
        }
        if std::fs::symlink_metadata(&b).is_ok() {
            return Err(self.failure(msg!(self.lang, "sftp-exists")));
        }
        // An upload still open below a folder would lose its way if the folder moved.
        if self.uploading_below(&a) {
            return Err(self.failure(msg!(self.lang, "sftp-upload-open")));
        }
        std::fs::rename(&a, &b).map_err(|e| self.io(e))?;
        Ok(ok(id))
    }

    async fn readlink(&mut self, _id: u32, _path: String) -> R<Name> {
        Err(self.not_there())
    }

    async fn symlink(&mut self, _id: u32, _linkpath: String, _targetpath: String) -> R<Status> {
        Err(StatusCode::PermissionDenied.with_message(msg!(self.lang, "sftp-no-links")))
    }
}

/// Runs an SFTP session on a session channel until either side ends it, then tells the
/// client the subsystem's exit status (0), as OpenSSH's `sftp-server` does: `scp`
/// counts a transfer failed without it.
/// A session that sends nothing for `idle` is closed, as an idle terminal is; it also
/// ends when `ended` fires (the office account was removed or changed).
pub(crate) async fn serve(
    channel: russh::Channel<russh::server::Msg>,
    files: Files,
    idle: Option<std::time::Duration>,
    mut ended: tokio::sync::oneshot::Receiver<crate::service::SessionEnd>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (ours, theirs) = tokio::io::duplex(64 * 1024);
    russh_sftp::server::run(theirs, files).await;
    let (mut from_sftp, mut to_sftp) = tokio::io::split(ours);
    let (mut read_half, write_half) = channel.split();
    let inbound = async move {
        loop {
            let next = async {
                match idle {
                    Some(idle) => match tokio::time::timeout(idle, read_half.wait()).await {
                        Ok(m) => m,
                        Err(_) => {
                            tracing::info!("sftp: idle session closed");
                            None
                        }
                    },
                    None => read_half.wait().await,
                }
            };
            let msg = tokio::select! {
                m = next => m,
                _ = &mut ended => {
                    tracing::info!("sftp: session closed, the office account was removed or changed");
                    None
                }
            };
            let Some(msg) = msg else { break };
            match msg {
                russh::ChannelMsg::Data { data } if to_sftp.write_all(&data).await.is_err() => break,
                russh::ChannelMsg::Eof | russh::ChannelMsg::Close => break,
                _ => {}
            }
        }
        // The client is done: the SFTP loop reads the end and stops.
        let _ = to_sftp.shutdown().await;
    };
    let outbound = async {
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            match from_sftp.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if write_half.data_bytes(buf[..n].to_vec()).await.is_err() {
                        break;
                    }
                }
            }
        }
    };
    tokio::join!(inbound, outbound);
    let _ = write_half.exit_status(0).await;
    let _ = write_half.eof().await;
    let _ = write_half.close().await;
}
