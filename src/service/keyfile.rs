//! The office accounts' public keys (`DATA/authorized_keys/NAME`, OpenSSH's
//! authorized_keys format): which keys are strong enough, and a key file read the way
//! OpenSSH's StrictModes would (not writable by others, owned by the server's user,
//! a plain file opened without following links).

use super::auth::valid_office_name;

/// The folder of the office accounts' public keys, in the data folder: one file per
/// account, `DATA/authorized_keys/NAME`, in OpenSSH's authorized_keys format.
pub const AUTHORIZED_KEYS: &str = "authorized_keys";

/// A key file that is not used, as OpenSSH's StrictModes would not use it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileProblem {
    #[error("{0} is writable by its group or by others")]
    Writable(String),
    #[error("{0} belongs to another user")]
    Owner(String),
    #[error("{0} is a symbolic link or not a plain file")]
    NotPlain(String),
    #[error("cannot read {0}: {1}")]
    Unreadable(String, String),
}

/// The keys an office account may log in with, and the lines that were passed over
/// (with why), from `DATA/authorized_keys/NAME`. No file: no keys.
#[derive(Debug, Default)]
pub struct KeyFile {
    pub keys: Vec<russh::keys::PublicKey>,
    pub skipped: Vec<String>,
}

/// Whether a key is strong enough: ed25519, ECDSA, RSA of 3072 bits or more.
pub fn key_accepted(key: &russh::keys::PublicKey) -> std::result::Result<(), String> {
    use russh::keys::ssh_key::public::KeyData;
    match key.key_data() {
        KeyData::Ed25519(_) | KeyData::Ecdsa(_) => Ok(()),
        KeyData::Rsa(r) if r.key_size() >= 3072 => Ok(()),
        KeyData::Rsa(r) => Err(format!("an RSA key of {} bits (3072 at least)", r.key_size())),
        _ => Err(format!(
            "a {} key (ed25519, ECDSA or RSA of 3072 bits are accepted)",
            key.algorithm()
        )),
    }
}

/// A path of the key file's way that others than its owner (or root) could change.
fn strict(path: &std::path::Path, plain_file: bool) -> std::result::Result<(), KeyFileProblem> {
    use std::os::unix::fs::MetadataExt;
    let shown = path.display().to_string();
    let m = std::fs::symlink_metadata(path).map_err(|e| KeyFileProblem::Unreadable(shown.clone(), e.to_string()))?;
    let kind_ok = if plain_file {
        m.file_type().is_file()
    } else {
        m.file_type().is_dir()
    };
    if !kind_ok {
        return Err(KeyFileProblem::NotPlain(shown));
    }
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if m.uid() != me && m.uid() != 0 {
        return Err(KeyFileProblem::Owner(shown));
    }
    if m.mode() & 0o022 != 0 {
        return Err(KeyFileProblem::Writable(shown));
    }
    Ok(())
}

/// Reads an office account's key file, checking it and its folders as OpenSSH's
/// StrictModes does (owned by the server's user or root, not writable by group or
/// others, no symbolic link). Lines with options, unknown formats and weak keys are
/// passed over (OpenSSH's options such as `from=` would otherwise be silently lost).
pub fn read_key_file(data: &std::path::Path, account: &str) -> std::result::Result<KeyFile, KeyFileProblem> {
    if !valid_office_name(account) {
        return Ok(KeyFile::default());
    }
    let dir = data.join(AUTHORIZED_KEYS);
    let path = dir.join(account);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(KeyFile::default());
    }
    strict(data, false)?;
    strict(&dir, false)?;
    strict(&path, true)?;
    // Opened without following a link, and checked again on what was opened.
    let unreadable = |e: std::io::Error| KeyFileProblem::Unreadable(path.display().to_string(), e.to_string());
    let mut f = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(&path)
            .map_err(unreadable)?
    };
    {
        use std::os::unix::fs::MetadataExt;
        let m = f.metadata().map_err(unreadable)?;
        // SAFETY: geteuid has no preconditions.
        let me = unsafe { libc::geteuid() };
        if !m.is_file() {
            return Err(KeyFileProblem::NotPlain(path.display().to_string()));
        }
        if m.uid() != me && m.uid() != 0 {
            return Err(KeyFileProblem::Owner(path.display().to_string()));
        }
        if m.mode() & 0o022 != 0 {
            return Err(KeyFileProblem::Writable(path.display().to_string()));
        }
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut f, &mut text).map_err(unreadable)?;
    let mut file = KeyFile::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let entry: russh::keys::ssh_key::authorized_keys::Entry = match line.parse() {
            Ok(e) => e,
            Err(e) => {
                file.skipped.push(format!("line {}: not a public key ({e})", n + 1));
                continue;
            }
        };
        if !entry.config_opts().is_empty() {
            file.skipped.push(format!("line {}: options are not supported", n + 1));
            continue;
        }
        match key_accepted(entry.public_key()) {
            Ok(()) => file.keys.push(entry.public_key().clone()),
            Err(why) => file.skipped.push(format!("line {}: {why}", n + 1)),
        }
    }
    Ok(file)
}
