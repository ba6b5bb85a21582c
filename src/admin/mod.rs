//! The `pingshen` subcommands (SPEC section 6). They open the database and then do
//! everything through the service; no SQL here.

pub mod cli;
pub mod demo;
mod flags;
pub mod office;
pub mod security;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::domain::throttle::LoginLimits;
use crate::service::Service;
use crate::service::storage::{DATABASE_FILE, StoreOptions};
use crate::ssh::{self, ServerOptions};

/// Marks a data folder as holding the demo, so `demo` may rebuild it.
pub const DEMO_MARKER: &str = "DEMO";

/// `pingshen audit verify`: checks the hash chain; fails naming the first bad entry.
/// With `expect_head` ("SEQ:HASH", as printed earlier), also proves that the log up to
/// that entry was neither rewritten nor cut off since.
pub async fn audit_verify(place: &Place, expect_head: Option<String>) -> Result<()> {
    let expected = match &expect_head {
        Some(h) => {
            let (seq, hash) = h
                .split_once(':')
                .and_then(|(s, h)| Some((s.trim().parse::<i32>().ok()?, h.trim().to_string())))
                .ok_or_else(|| anyhow::anyhow!("--expect-head takes SEQ:HASH, as `audit verify` prints it"))?;
            Some((seq, hash))
        }
        None => None,
    };
    let service = open_existing(place).await?;
    let (v, recorded) = service
        .blocking(move |s| {
            let v = s.audit_verify()?;
            let recorded = match &expected {
                Some((seq, _)) => s.audit_hash_of(*seq)?,
                None => None,
            };
            Ok((v, recorded))
        })
        .await?;
    if let Some((seq, why)) = v.first_bad {
        bail!("audit log tampered with: entry {seq}: {why}");
    }
    if let Some(h) = &expect_head {
        let (seq, hash) = h.split_once(':').unwrap_or_default();
        match recorded {
            None => bail!("audit log cut off: entry {seq} no longer exists"),
            Some(r) if r != hash.trim() => bail!("audit log rewritten: entry {seq} no longer has the recorded hash"),
            Some(_) => {}
        }
    }
    println!("audit log intact: {} entries verified", v.entries);
    if let Some((seq, hash)) = v.head {
        println!("head: {seq}:{hash}");
    }
    Ok(())
}

/// `pingshen audit replay`: recomputes stages and tallies from the log and compares.
pub async fn audit_replay(place: &Place) -> Result<()> {
    let service = open_existing(place).await?;
    let report = service.blocking(|s| s.replay()).await?;
    for m in &report.mismatches {
        eprintln!("mismatch: {m}");
    }
    println!(
        "replayed {} entries of {} committee(s): {} stage changes and results recomputed, {} mismatch(es)",
        report.entries,
        report.committees,
        report.checks,
        report.mismatches.len()
    );
    match report.mismatches.first() {
        None => Ok(()),
        Some(first) => bail!("the audit log and the database disagree: {first}"),
    }
}

/// Opens the database of a data folder that must already hold one.
async fn open_existing(place: &Place) -> Result<Service> {
    let data = place.data.as_path();
    if place.database.is_none() && !data.join(DATABASE_FILE).exists() {
        bail!("no database in {} (use --data)", data.display());
    }
    open_store(place).await
}

/// Where a command finds what it works on: the data folder (the office's inbox/ and
/// exports/, and the SQLite database unless `database` names another) and the database.
#[derive(Debug, Clone)]
pub struct Place {
    pub data: PathBuf,
    /// `database.url`: a PostgreSQL URL; `None` for the SQLite file in the data folder.
    pub database: Option<String>,
}

impl Place {
    /// The database, for messages: the SQLite file, or the URL without its password.
    pub fn database_shown(&self) -> String {
        match &self.database {
            Some(url) => crate::service::storage::redact(url),
            None => self.data.join(DATABASE_FILE).display().to_string(),
        }
    }

    /// Refuses a command that works on the SQLite file when the database is PostgreSQL.
    pub fn sqlite_only(&self, command: &str) -> Result<()> {
        if self.database.is_some() {
            bail!(
                "`pingshen {command}` works on the SQLite file, and the database here is PostgreSQL ({}): \
                 back it up with pg_dump and restore it with pg_restore (README, \"Several nodes\")",
                self.database_shown()
            );
        }
        Ok(())
    }

    /// The data folder, with its own SQLite database.
    pub fn folder(data: &Path) -> Place {
        Place {
            data: data.to_path_buf(),
            database: None,
        }
    }
}

pub struct ServeArgs {
    pub data: PathBuf,
    /// The SSH server's settings (address, keys, connection limits, idle timeout).
    pub options: ServerOptions,
    pub limits: LoginLimits,
    pub sessions_per_account: usize,
    pub store: StoreOptions,
}

impl ServeArgs {
    /// The same, on the database of `database.url` (`None`: the SQLite file).
    pub fn on(mut self, database: Option<String>) -> ServeArgs {
        self.store.database_url = database;
        self
    }
}

/// Opens the database, creates the first operator account if needed, and serves until
/// Ctrl-C or SIGTERM.
pub async fn serve(args: ServeArgs) -> Result<()> {
    let _lock = security::lock_folder(&args.data, "pingshen serve")?;
    security::check_no_interrupted_restore(&args.data)?;
    let service = service_for(open_store_with(&args.data, args.store.clone()).await?, &args);
    let svc = service.clone();
    if let Some(password) = service.blocking(move |_| svc.ensure_operator()).await? {
        announce_operator(&password);
    }
    run_server(service, args).await
}

/// `pingshen init`: creates the database, the host keys and the first operator account,
/// printing the operator's password once, then exits; so that a service started later
/// never writes a password into its logs. A folder already set up is left as it is.
pub async fn init(place: &Place, keys: &Path) -> Result<()> {
    let data = place.data.as_path();
    let _lock = security::lock_folder(data, "pingshen init")?;
    security::check_no_interrupted_restore(data)?;
    let keys_dir = keys.to_path_buf();
    let host_keys = tokio::task::spawn_blocking(move || ssh::keys::load_or_create(&keys_dir)).await??;
    let service = open_store(place).await?;
    let svc = service.clone();
    let created = service.blocking(move |_| svc.ensure_operator()).await?;
    // The database file holds everything once `init` ends, whenever the pool's last
    // connection happens to close (a second `init` then changes nothing in it).
    service.blocking(|s| s.checkpoint()).await?;
    println!("database: {}", place.database_shown());
    println!(
        "host key: {} in {}",
        ssh::keys::fingerprint(&host_keys[0]),
        keys.display()
    );
    match created {
        Some(password) => {
            announce_operator(&password);
            Ok(())
        }
        None if place.database.is_some() => bail!(
            "{} is already set up (it has an operator account); nothing changed",
            place.database_shown()
        ),
        None => bail!(
            "{} is already set up (it has an operator account); nothing changed",
            data.display()
        ),
    }
}

/// The new operator account's password, printed once (it is stored only as a hash).
fn announce_operator(password: &str) {
    println!("created the operator account; its password is shown only this once:");
    println!("  username: operator");
    println!("  password: {password}");
}

pub struct DemoArgs {
    pub serve: ServeArgs,
    pub password: String,
}

/// Builds the demo database afresh and serves it.
pub async fn demo(args: DemoArgs) -> Result<()> {
    let data = &args.serve.data;
    let _lock = security::lock_folder(data, "pingshen demo")?;
    prepare_demo_folder(data)?;
    let service = open_store_with(data, args.serve.store.clone()).await?;
    crate::files::write_private(
        &data.join(DEMO_MARKER),
        b"pingshen demo data; `pingshen demo` rebuilds this folder\n",
        true,
    )
    .with_context(|| format!("cannot write to {}", data.display()))?;
    let service = service_for(service, &args.serve);
    let password = args.password.clone();
    let accounts = service
        .blocking(move |s| {
            s.create_operator("operator", &password)?;
            demo::build(s, &password)
        })
        .await?;
    println!("demo accounts (password for all: {}):", args.password);
    println!("  {:<14} {:<22} committee / group", "username", "roles");
    println!("  {:<14} {:<22} -", "operator", "operator");
    for a in &accounts {
        let roles: Vec<&str> = a.roles.iter().map(|r| r.as_str()).collect();
        let group = if a.group.is_empty() {
            String::new()
        } else {
            format!(" / {}", a.group)
        };
        println!("  {:<14} {:<22} {}{group}", a.username, roles.join(","), a.committee);
    }
    run_server(service, args.serve).await
}

/// Clears the demo database from a folder that holds one, refusing any other database.
fn prepare_demo_folder(data: &Path) -> Result<()> {
    let db = data.join(DATABASE_FILE);
    if db.exists() {
        if !data.join(DEMO_MARKER).exists() {
            bail!(
                "{} holds a database that is not a demo; choose another folder with --data",
                data.display()
            );
        }
        for suffix in ["", "-wal", "-shm"] {
            let f = data.join(format!("{DATABASE_FILE}{suffix}"));
            if f.exists() {
                std::fs::remove_file(&f).with_context(|| format!("cannot remove {}", f.display()))?;
            }
        }
    }
    Ok(())
}

async fn open_store(place: &Place) -> Result<Service> {
    let options = StoreOptions {
        database_url: place.database.clone(),
        ..StoreOptions::default()
    };
    open_store_with(&place.data, options).await
}

async fn open_store_with(data: &Path, options: StoreOptions) -> Result<Service> {
    let data = data.to_path_buf();
    tokio::task::spawn_blocking(move || Service::open(&data, options))
        .await?
        .context("cannot open the database")
}

fn service_for(service: Service, args: &ServeArgs) -> Service {
    service
        .with_login_limits(args.limits)
        .with_sessions_per_account(args.sessions_per_account)
}

async fn run_server(service: Service, args: ServeArgs) -> Result<()> {
    let keys = args.options.keys_dir.clone();
    let server = ssh::start(service, args.options).await?;
    println!(
        "pingshen is listening on {} (host key {} in {})",
        server.addr,
        server.fingerprint,
        keys.display()
    );
    println!("log in with: ssh -p {} USER@HOST", server.addr.port());
    tracing::info!(listen = %server.addr, host_key = %server.fingerprint, keys = %keys.display(), "serving");
    shutdown_signal().await;
    println!("shutting down");
    tracing::info!("shutting down");
    server.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
