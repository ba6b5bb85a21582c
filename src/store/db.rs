//! The database connection: SQLite (the embedded default, one file in the data folder)
//! or PostgreSQL (several nodes on one database, README "Several nodes"). One type for
//! both, diesel's `MultiConnection`: every query of the store is written once, against
//! `Db`, and runs on either. Where the two engines differ (an upsert, how a write
//! transaction takes its lock, the per-connection settings), the code matches on the
//! variant, here or next to the query.

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, Connection, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;

use super::StoreOptions;

/// A connection to the configured database.
#[derive(diesel::MultiConnection)]
pub enum Db {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Runs one statement on whichever connection `conn` is, typed for that engine: for
/// what diesel's `MultiConnection` cannot express (upserts). The body is compiled once
/// per engine.
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::store::Db::Sqlite($c) => $body,
            $crate::store::Db::Pg($c) => $body,
        }
    };
}
pub(crate) use per_backend;

/// Which database a store uses.
#[derive(Debug, Clone)]
pub enum Backend {
    /// The SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host/db?sslmode=...`).
    Postgres(String),
}

impl Backend {
    /// Whether a `database.url` names PostgreSQL (`postgres://` or `postgresql://`).
    pub fn is_postgres_url(url: &str) -> bool {
        let u = url.trim_start().to_ascii_lowercase();
        u.starts_with("postgres://") || u.starts_with("postgresql://")
    }

    /// The URL without its password, for messages and logs.
    pub fn shown(&self) -> String {
        match self {
            Backend::Sqlite(path) => path.display().to_string(),
            Backend::Postgres(url) => redact(url),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`; a `password=`
/// parameter is hidden too.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map(|i| rest_start + i)
            .unwrap_or(out.len());
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                out.replace_range(rest_start + colon + 1..rest_start + at, "***");
            }
        }
    }
    if let Some(i) = out.find("password=") {
        let start = i + "password=".len();
        let end = out[start..].find('&').map(|j| start + j).unwrap_or(out.len());
        out.replace_range(start..end, "***");
    }
    out
}

/// How long a writer waits for another writer's lock before giving up (SQLite's busy
/// timeout, PostgreSQL's lock timeout on the write lock).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's page size here (its default).
const PAGE_SIZE: u64 = 4096;

/// The key of the PostgreSQL advisory lock that every write transaction takes first:
/// writes are one at a time across all nodes, as on SQLite, so that the audit chain
/// stays strictly linear (each entry follows the one committed before it). The number
/// is "pingshen" in ASCII, so that it does not meet another program's lock by chance.
pub const WRITE_LOCK_KEY: i64 = 0x7069_6e67_7368_656e;

/// Sets what every SQLite connection needs: WAL, full sync, foreign keys, the busy
/// timeout, the size limit.
pub fn sqlite_pragmas(conn: &mut SqliteConnection, options: &StoreOptions) -> diesel::QueryResult<()> {
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {};
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;",
        BUSY_TIMEOUT.as_millis()
    ))?;
    if let Some(mib) = options.max_mib {
        let pages = mib.saturating_mul(1024 * 1024) / PAGE_SIZE;
        conn.batch_execute(&format!("PRAGMA max_page_count = {}", pages.max(1)))?;
    }
    Ok(())
}

/// Sets what every PostgreSQL session needs: UTC, and the time a writer waits for the
/// write lock.
pub fn postgres_settings(conn: &mut PgConnection) -> diesel::QueryResult<()> {
    conn.batch_execute(&format!(
        "SET TIME ZONE 'UTC'; SET lock_timeout = {};",
        BUSY_TIMEOUT.as_millis()
    ))
}

/// Opens one connection to `backend`, set up.
pub fn connect(backend: &Backend, options: &StoreOptions) -> Result<Db, diesel::r2d2::Error> {
    match backend {
        Backend::Sqlite(path) => {
            let mut c =
                SqliteConnection::establish(&path.to_string_lossy()).map_err(diesel::r2d2::Error::ConnectionError)?;
            sqlite_pragmas(&mut c, options).map_err(diesel::r2d2::Error::QueryError)?;
            Ok(Db::Sqlite(c))
        }
        Backend::Postgres(url) => {
            let mut c = PgConnection::establish(url).map_err(diesel::r2d2::Error::ConnectionError)?;
            postgres_settings(&mut c).map_err(diesel::r2d2::Error::QueryError)?;
            Ok(Db::Pg(c))
        }
    }
}

/// The pool's way of opening connections: only ever the configured backend (diesel's
/// own manager for a `MultiConnection` would try each backend in turn, and SQLite
/// would take a PostgreSQL URL that failed for a file name).
#[derive(Debug)]
pub struct Manager {
    pub backend: Backend,
    pub options: StoreOptions,
}

impl ManageConnection for Manager {
    type Connection = Db;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Db, Self::Error> {
        connect(&self.backend, &self.options)
    }

    fn is_valid(&self, conn: &mut Db) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut Db) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Begins a write transaction: on SQLite `BEGIN IMMEDIATE` (the write lock at once, so
/// that a read inside cannot be overtaken by another writer), on PostgreSQL `BEGIN` and
/// the advisory write lock (`WRITE_LOCK_KEY`), held until commit or rollback. A lock
/// not had within `BUSY_TIMEOUT` is told as busy.
pub fn begin_write(conn: &mut Db) -> diesel::QueryResult<()> {
    match conn {
        Db::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        Db::Pg(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")?;
            let locked = c.batch_execute(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"));
            if let Err(e) = locked {
                let _ = AnsiTransactionManager::rollback_transaction(c);
                return Err(match e {
                    // The lock timeout (55P03, which diesel passes on as "unknown"): the
                    // statement can fail in no other way on a live connection.
                    diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::Unknown, info) => {
                        diesel::result::Error::DatabaseError(
                            diesel::result::DatabaseErrorKind::SerializationFailure,
                            Box::new(format!("another writer held the write lock: {}", info.message())),
                        )
                    }
                    e => e,
                });
            }
            Ok(())
        }
    }
}

/// Commits the transaction `begin_write` began.
pub fn commit(conn: &mut Db) -> diesel::QueryResult<()> {
    <Db as TransactionManager<Db>>::commit_transaction(conn)
}

/// Rolls it back. When SQLite has already rolled back by itself (a full disk, an I/O
/// error), this fails, and the caller keeps the cause.
pub fn rollback(conn: &mut Db) -> diesel::QueryResult<()> {
    <Db as TransactionManager<Db>>::rollback_transaction(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://pingshen:s3cret@db1:5432/pingshen"),
            "postgres://pingshen:***@db1:5432/pingshen"
        );
        assert_eq!(
            redact("postgres://pingshen@db1/pingshen"),
            "postgres://pingshen@db1/pingshen"
        );
        assert_eq!(
            redact("postgresql://db1/pingshen?user=p&password=x&sslmode=require"),
            "postgresql://db1/pingshen?user=p&password=***&sslmode=require"
        );
        assert!(Backend::is_postgres_url("postgres://x"));
        assert!(Backend::is_postgres_url("PostgreSQL://x"));
        assert!(!Backend::is_postgres_url("/var/lib/pingshen/pingshen.db"));
    }
}
