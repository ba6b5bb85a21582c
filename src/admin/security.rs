//! The office's tools for trust and recovery: failed-login limits (`pingshen logins`),
//! online backups (`pingshen backup`) and restoring one (`pingshen restore`), and the
//! lock that keeps two servers (or a restore and a server) off one data folder.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Place;
use super::open_existing;
use crate::domain::throttle::KeyKind;
use crate::service::Identity;
use crate::service::storage::{DATABASE_FILE, backup_database, check_backup};

/// The lock file a running server holds in its data folder.
pub const LOCK_FILE: &str = "serve.lock";

/// Held while a server (or a restore) uses a data folder; released when dropped.
pub struct FolderLock {
    _file: File,
}

/// Takes the data folder's lock, or says who holds it.
pub fn lock_folder(data: &Path, what: &str) -> Result<FolderLock> {
    crate::files::create_private_dir(data).with_context(|| format!("cannot create {}", data.display()))?;
    let path = data.join(LOCK_FILE);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .mode(0o600)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => anyhow::anyhow!(
                "{} cannot be written ({e}); the server needs to write its database and the folder it is in",
                data.display()
            ),
            _ => anyhow::Error::new(e).context(format!("cannot open {}", path.display())),
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            bail!(
                "{} is in use by another pingshen ({}); stop it first",
                data.display(),
                holder.trim()
            );
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()));
        }
    }
    file.set_len(0)?;
    let _ = writeln!(file, "{what}, process {}", std::process::id());
    Ok(FolderLock { _file: file })
}

/// `pingshen office add`.
pub async fn office_add(place: &Place, name: &str, key_only: bool) -> Result<()> {
    let data = place.data.as_path();
    let service = open_existing(place).await?;
    let n = name.to_string();
    let password = service.blocking(move |s| s.add_office_account(&n, key_only)).await?;
    let keys = data.join(crate::service::auth::AUTHORIZED_KEYS).join(name);
    match password {
        Some(p) => {
            println!("created the office account {name}; its password is shown only this once:");
            println!("  username: {name}");
            println!("  password: {p}");
            println!("it may also log in with a key listed in {}", keys.display());
        }
        None => println!(
            "created the office account {name}, without a password: it logs in with a key listed in {}",
            keys.display()
        ),
    }
    Ok(())
}

/// `pingshen office remove`.
pub async fn office_remove(place: &Place, name: &str) -> Result<()> {
    let service = open_existing(place).await?;
    let n = name.to_string();
    service.blocking(move |s| s.remove_office_account(&n)).await?;
    println!("removed the office account {name}; it no longer logs in");
    Ok(())
}

/// `pingshen office list`.
pub async fn office_list(place: &Place) -> Result<()> {
    let data = place.data.as_path();
    let service = open_existing(place).await?;
    let accounts = service.blocking(|s| s.office_accounts()).await?;
    let zone = crate::domain::clock::zone();
    println!("times in {}", zone.label());
    println!("{:<32} {:<19}  logs in with", "account", "created");
    for a in accounts {
        let file = crate::service::auth::read_key_file(data, &a.username);
        let with = match (a.password, &file) {
            (true, Ok(f)) if f.keys.is_empty() => "password".to_string(),
            (true, Ok(f)) => format!("password or {} key(s)", f.keys.len()),
            (false, Ok(f)) => format!("{} key(s) only", f.keys.len()),
            (p, Err(e)) => format!("{}(key file not used: {e})", if p { "password " } else { "no login " }),
        };
        println!("{:<32} {:<19}  {with}", a.username, zone.date_time(&a.created_at));
        if let Ok(f) = &file {
            for line in &f.skipped {
                println!("    {}: {line} (not used)", crate::service::auth::AUTHORIZED_KEYS);
            }
        }
    }
    Ok(())
}

/// `pingshen logins list`.
pub async fn logins_list(place: &Place) -> Result<()> {
    let service = open_existing(place).await?;
    let blocks = service.blocking(|s| s.login_blocks()).await?;
    if blocks.is_empty() {
        println!("no failed logins remembered");
        return Ok(());
    }
    let zone = crate::domain::clock::zone();
    println!("times in {}", zone.label());
    println!(
        "{:<8} {:<40} {:>8} {:>5}  {:<19}  state",
        "kind", "account/address", "failures", "locks", "last failure"
    );
    for b in blocks {
        let state = match (&b.locked_until, b.wait_seconds) {
            (Some(u), _) => format!("locked until {}", zone.date_time(u)),
            (None, Some(s)) => format!("next try waits {s} s"),
            (None, None) => "not limited".into(),
        };
        println!(
            "{:<8} {:<40} {:>8} {:>5}  {:<19}  {state}",
            b.kind.as_str(),
            b.key,
            b.failures,
            b.lockouts,
            zone.date_time(&b.last_failure)
        );
    }
    Ok(())
}

/// `pingshen logins clear`: one account, one address, or everything.
pub async fn logins_clear(place: &Place, account: Option<String>, address: Option<String>, all: bool) -> Result<()> {
    let which = match (account, address, all) {
        (Some(a), None, false) => Some((KeyKind::Account, a)),
        (None, Some(ip), false) => {
            let key = match ip.parse::<std::net::IpAddr>() {
                Ok(addr) => crate::domain::throttle::address_key(addr),
                // An IPv6 network as `logins list` shows it.
                Err(_) if ip.ends_with("/64") => ip,
                Err(_) => bail!("`{ip}` is not an IP address"),
            };
            Some((KeyKind::Address, key))
        }
        (None, None, true) => None,
        _ => bail!("say exactly one of --account NAME, --address IP or --all"),
    };
    let service = open_existing(place).await?;
    let w = which.clone();
    let n = service
        .blocking(move |s| s.clear_login_blocks(&Identity::office(), w.as_ref().map(|(k, key)| (*k, key.as_str()))))
        .await?;
    match which {
        Some((kind, key)) if n == 0 => bail!("no failed logins remembered for {} {key}", kind.as_str()),
        Some((kind, key)) => println!("cleared the failed logins of {} {key}", kind.as_str()),
        None => println!("cleared the failed logins of {n} account(s) and address(es)"),
    }
    Ok(())
}

/// `pingshen backup --out FILE`: a consistent copy while the server runs, checked.
pub async fn backup(place: &Place, out: &Path) -> Result<()> {
    place.sqlite_only("backup")?;
    let data = place.data.as_path();
    if out.exists() {
        bail!("{} exists already; choose a new file name", out.display());
    }
    let db = data.join(DATABASE_FILE);
    if !db.exists() {
        bail!("no database in {} (use --data)", data.display());
    }
    let out = out.to_path_buf();
    let partial = partial_name(&out);
    let _ = std::fs::remove_file(&partial);
    let (v, out) = tokio::task::spawn_blocking(move || -> Result<_> {
        backup_database(&db, &partial)?;
        let v = match check_backup(&partial) {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e).context("the copy does not check out; nothing written");
            }
        };
        std::fs::rename(&partial, &out).with_context(|| format!("cannot write {}", out.display()))?;
        sync_dir(&out);
        Ok((v, out))
    })
    .await??;
    println!(
        "backup written to {} (audit log intact: {} entries)",
        out.display(),
        v.entries
    );
    if let Some((seq, hash)) = v.head {
        println!("head: {seq}:{hash}");
    }
    Ok(())
}

/// `pingshen restore --from FILE`: checks the backup, copies it in beside the current
/// database, then swaps them, keeping the current database (and its WAL) aside. Any
/// failure puts everything back as it was. Refused while a server uses the folder.
pub async fn restore(place: &Place, from: &Path) -> Result<()> {
    place.sqlite_only("restore")?;
    let data = place.data.as_path();
    let from = from.to_path_buf();
    let data = data.to_path_buf();
    let (v, kept) = tokio::task::spawn_blocking(move || -> Result<_> {
        let v = check_backup(&from).with_context(|| format!("{} cannot be restored", from.display()))?;
        let mut wal = from.clone().into_os_string();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            bail!(
                "{} cannot be restored: it has a write-ahead log beside it, so it is a live database, not a backup; \
                 copy it with `pingshen backup` first",
                from.display()
            );
        }
        let _lock = lock_folder(&data, "pingshen restore")?;
        let db = data.join(DATABASE_FILE);
        // 1. The backup goes in beside the database, complete and on disk.
        let partial = partial_name(&db);
        let _ = std::fs::remove_file(&partial);
        {
            let copy = || -> std::io::Result<()> {
                let mut target = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&partial)?;
                std::io::copy(&mut File::open(&from)?, &mut target)?;
                target.sync_all()
            };
            if let Err(e) = copy() {
                let _ = std::fs::remove_file(&partial);
                bail!("cannot copy the backup into {}: {e}; nothing changed", data.display());
            }
        }
        // 2. The current database and its companions go aside (never away).
        let aside = data.join(format!(
            "{DATABASE_FILE}.before-restore-{}",
            crate::service::storage::now().replace(':', "")
        ));
        let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
        let put_back = |moved: &[(PathBuf, PathBuf)]| {
            for (original, kept) in moved.iter().rev() {
                let _ = std::fs::rename(kept, original);
            }
            let _ = std::fs::remove_dir(&aside);
        };
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let f = data.join(format!("{DATABASE_FILE}{suffix}"));
            if !f.exists() {
                continue;
            }
            let target = aside.join(format!("{DATABASE_FILE}{suffix}"));
            let step = crate::files::create_private_dir(&aside).and_then(|()| std::fs::rename(&f, &target));
            if let Err(e) = step {
                put_back(&moved);
                let _ = std::fs::remove_file(&partial);
                bail!("cannot move {} aside: {e}; nothing changed", f.display());
            }
            moved.push((f, target));
        }
        if let Some((_, kept)) = moved.first() {
            sync_dir(kept);
        }
        // 3. The backup takes the database's place, and must open.
        let opened = std::fs::rename(&partial, &db)
            .map_err(anyhow::Error::from)
            .and_then(|()| {
                sync_dir(&db);
                crate::service::Service::open(&data, Default::default()).map_err(anyhow::Error::from)
            });
        if let Err(e) = opened {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(data.join(format!("{DATABASE_FILE}{suffix}")));
            }
            let _ = std::fs::remove_file(&partial);
            put_back(&moved);
            bail!("the restored database does not open ({e:#}); the previous database is back in place");
        }
        Ok((v, (!moved.is_empty()).then_some(aside)))
    })
    .await??;
    if let Some(kept) = kept {
        println!("the database it replaced is kept in {}", kept.display());
    }
    println!("restored (audit log intact: {} entries)", v.entries);
    if let Some((seq, hash)) = v.head {
        println!("head: {seq}:{hash}");
    }
    Ok(())
}

/// Refuses to serve a folder a restore was interrupted in (power lost between moving the
/// old database aside and putting the backup in its place): a new empty database would
/// otherwise be created silently.
pub fn check_no_interrupted_restore(data: &Path) -> Result<()> {
    if data.join(DATABASE_FILE).exists() {
        return Ok(());
    }
    let partial = partial_name(&data.join(DATABASE_FILE));
    let aside = std::fs::read_dir(data)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".before-restore-"));
    if partial.exists() || aside {
        bail!(
            "{} holds an interrupted restore (no {DATABASE_FILE}, but a restore's files); run `pingshen restore` again, \
             or move the database back from its pingshen.db.before-restore-* folder",
            data.display()
        );
    }
    Ok(())
}

fn partial_name(p: &Path) -> PathBuf {
    let mut name = p.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    p.with_file_name(name)
}

/// Makes a rename durable (best effort).
fn sync_dir(file: &Path) {
    if let Some(dir) = file.parent()
        && let Ok(d) = File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
}
