//! Host keys: created once in the keys folder with mode 0600 and reused on every
//! start, so that clients never see a changed-key warning.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, Result, bail};
use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, PrivateKey};

pub const ED25519_FILE: &str = "ssh_host_ed25519_key";

/// Loads the host keys from `dir`, creating any that are missing.
pub fn load_or_create(dir: &Path) -> Result<Vec<PrivateKey>> {
    if !dir.exists() {
        crate::files::create_private_dir(dir)
            .with_context(|| format!("cannot create the keys folder {}", dir.display()))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot set permissions on {}", dir.display()))?;
    }
    let path = dir.join(ED25519_FILE);
    let key = if path.exists() {
        let mode = fs::metadata(&path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            bail!(
                "the host key {} is readable by others (mode {mode:o}); run `chmod 600` on it",
                path.display()
            );
        }
        let text = fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        PrivateKey::from_openssh(&text).with_context(|| format!("{} is not an OpenSSH private key", path.display()))?
    } else {
        let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).context("cannot generate a host key")?;
        let text = key.to_openssh(LineEnding::LF).context("cannot encode the host key")?;
        // Written to a temporary file and renamed, so a crash never leaves a partial key.
        let tmp = dir.join(format!("{ED25519_FILE}.tmp"));
        let _ = fs::remove_file(&tmp);
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, &path).with_context(|| format!("cannot create {}", path.display()))?;
        let public = key.public_key().to_openssh().context("cannot encode the public key")?;
        crate::files::write_private(
            &dir.join(format!("{ED25519_FILE}.pub")),
            format!("{public}\n").as_bytes(),
            true,
        )?;
        key
    };
    Ok(vec![key])
}

/// The SHA-256 fingerprint of a host key, as `ssh` prints it.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(russh::keys::HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_with_mode_0600_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let keys_dir = dir.path().join("keys");
        let first = load_or_create(&keys_dir).unwrap();
        let mode = fs::metadata(keys_dir.join(ED25519_FILE)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let second = load_or_create(&keys_dir).unwrap();
        assert_eq!(fingerprint(&first[0]), fingerprint(&second[0]));
        assert!(keys_dir.join("ssh_host_ed25519_key.pub").exists());
    }

    #[test]
    fn a_key_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let path = dir.path().join(ED25519_FILE);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }
}
