//! Storage: the database through diesel, SQLite (the embedded default) or PostgreSQL
//! (several nodes; `db`). Owns the schema, the embedded migrations of both, the
//! connection pool and every query; nothing above this module writes SQL.
//! All functions here block: callers run them off the async runtime.

pub mod audit;
pub mod db;
pub mod models;
pub mod notify;
pub mod queries;
pub mod review;
pub mod schema;
pub mod security;

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use db::{Backend, Db};

/// The schema's migrations, one list per engine with the same versions.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "pingshen.db";

use db::BUSY_TIMEOUT;

pub type Conn = PooledConnection<db::Manager>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("cannot open the database: {0}")]
    R2d2(String),
    #[error("cannot reach the database {url}: {why}")]
    Unreachable { url: String, why: String },
    #[error(
        "database.url {0} is not a PostgreSQL URL (postgres://…); leave it out for the SQLite file in the data folder"
    )]
    Url(String),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("the database holds an invalid value: {0}")]
    Corrupt(String),
    #[error("{path} is damaged or not a pingshen database ({why}); restore the last backup with `pingshen restore`")]
    Damaged { path: PathBuf, why: String },
    #[error("{path} cannot be written ({why}); the server needs to write its database and the folder it is in")]
    ReadOnly { path: PathBuf, why: String },
    #[error("cannot copy the database to {path}: {why}")]
    Backup { path: PathBuf, why: String },
    #[error(
        "{path} was upgraded by a newer pingshen (migration {version}); run that version, or restore the backup taken before the upgrade with `pingshen restore`"
    )]
    Newer { path: PathBuf, version: String },
}

/// A storage failure the people at the screens can be told about in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The disk (or the configured database size) is full.
    Full,
    /// The database file or its folder cannot be written.
    ReadOnly,
    /// Another program held the database longer than the busy timeout.
    Busy,
    /// The file is damaged.
    Damaged,
    /// The operating system refused a read or write.
    Io,
    /// The database server (PostgreSQL) cannot be reached: it restarts, fails over, or
    /// the network is down. The pool connects again by itself.
    Unreachable,
}

impl StoreError {
    /// What kind of storage failure this is, if it is one (and not a bug or a refusal).
    pub fn fault(&self) -> Option<Fault> {
        use diesel::result::DatabaseErrorKind as Kind;
        let message = match self {
            // What diesel classified by SQLSTATE (PostgreSQL) comes first; the message
            // patterns below are SQLite's own texts (it passes on no result codes).
            StoreError::Query(diesel::result::Error::DatabaseError(kind, info)) => match kind {
                Kind::ClosedConnection | Kind::UnableToSendCommand => return Some(Fault::Unreachable),
                Kind::ReadOnlyTransaction => return Some(Fault::ReadOnly),
                Kind::SerializationFailure => return Some(Fault::Busy),
                _ => info.message().to_string(),
            },
            StoreError::Query(e) => e.to_string(),
            // The pool could not hand out a connection in time: unless SQLite said why,
            // the database cannot be reached.
            StoreError::Pool(e) => return fault_of(&e.to_string()).or(Some(Fault::Unreachable)),
            StoreError::Unreachable { .. } => return Some(Fault::Unreachable),
            StoreError::R2d2(e) | StoreError::Migration(e) => e.clone(),
            StoreError::Damaged { .. } => return Some(Fault::Damaged),
            StoreError::ReadOnly { .. } => return Some(Fault::ReadOnly),
            _ => return None,
        };
        fault_of(&message)
    }
}

/// Classifies SQLite's error messages (diesel does not pass on the result codes).
fn fault_of(message: &str) -> Option<Fault> {
    let m = message.to_ascii_lowercase();
    if m.contains("database or disk is full") || m.contains("no space") {
        Some(Fault::Full)
    } else if m.contains("readonly") || m.contains("read-only") || m.contains("read only") {
        Some(Fault::ReadOnly)
    } else if m.contains("database is locked") || m.contains("database table is locked") || m.contains("busy") {
        Some(Fault::Busy)
    } else if m.contains("malformed") || m.contains("not a database") || m.contains("corrupt") {
        Some(Fault::Damaged)
    } else if m.contains("disk i/o error") || m.contains("unable to open") {
        Some(Fault::Io)
    } else {
        None
    }
}

/// How the database is opened.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// The largest the database may grow, in MiB (`None`: as large as the disk allows).
    /// SQLite only; PostgreSQL's limits are its own.
    pub max_mib: Option<u64>,
    /// `database.url`: a PostgreSQL URL (`postgres://…`), or `None` for the SQLite file
    /// in the data folder.
    pub database_url: Option<String>,
}

/// The current time in UTC as `2026-11-27T01:02:03.456Z`, the form stored everywhere.
pub fn now() -> String {
    time_of(std::time::SystemTime::now())
}

/// A point in time in the stored form.
pub fn time_of(t: std::time::SystemTime) -> String {
    crate::domain::clock::stored(t)
}

/// Runs `f` in one write transaction (`db::begin_write`: SQLite's immediate transaction,
/// PostgreSQL's advisory write lock). When a statement fails in a way that makes SQLite
/// roll the transaction back by itself (a full disk, an I/O error), the rollback then
/// fails with "no transaction is active", and that error would hide the cause; this
/// returns the cause.
pub fn write<T, E>(conn: &mut Db, f: impl FnOnce(&mut Db) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    db::begin_write(conn)?;
    match f(conn) {
        Ok(v) => {
            db::commit(conn)?;
            Ok(v)
        }
        Err(e) => {
            let _ = db::rollback(conn);
            Err(e)
        }
    }
}

/// Moves committed pages into the database file and empties the WAL (best effort: a
/// reader holding an old snapshot keeps its frames until it finishes). Nothing to do on
/// PostgreSQL, whose server does its own checkpoints.
pub fn checkpoint(conn: &mut Db) -> Result<(), StoreError> {
    if let Db::Sqlite(c) = conn {
        c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    Ok(())
}

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool<db::Manager>,
    backend: Backend,
    /// Where the database is, for messages: the SQLite file, or the PostgreSQL URL
    /// without its password.
    path: PathBuf,
}

/// The session-level advisory lock a node holds while it migrates PostgreSQL, so that
/// nodes started together do not run the same migration twice.
const MIGRATION_LOCK_KEY: i64 = db::WRITE_LOCK_KEY + 1;

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and runs pending migrations.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(data_dir, StoreOptions::default())
    }

    /// `open`, with options: the SQLite file in `data_dir`, or the PostgreSQL database
    /// of `options.database_url`. A file that is not a sound SQLite database is refused
    /// as damaged and left as it is.
    pub fn open_with(data_dir: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        match options.database_url.as_deref() {
            Some(url) if Backend::is_postgres_url(url) => Store::open_postgres(url.trim().to_string(), options),
            Some(other) => Err(StoreError::Url(db::redact(other))),
            None => Store::open_sqlite(data_dir, options),
        }
    }

    fn open_sqlite(data_dir: &Path, options: StoreOptions) -> Result<Store, StoreError> {
        let dir_error = |source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        };
        if !data_dir.exists() {
            // The database holds votes and personal data: only the server's user may read it.
            crate::files::create_private_dir(data_dir).map_err(dir_error)?;
        }
        let path = data_dir.join(DATABASE_FILE);
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(dir_error)?;
        }
        writable(&path, data_dir)?;
        let backend = Backend::Sqlite(path.clone());
        // One plain connection first: a damaged file is told at once, not after the
        // pool's retries (each of which logs an error).
        {
            let mut probe =
                db::connect(&backend, &options).map_err(|e| damaged_or(&path, e.to_string(), StoreError::R2d2))?;
            if let Db::Sqlite(c) = &mut probe {
                check_file(c, &path)?;
            }
        }
        let store = Store::pool(backend, path, options)?;
        let mut conn = store.conn()?;
        refuse_newer_schema(&mut conn, &store.path)?;
        if let Db::Sqlite(c) = &mut *conn {
            c.run_pending_migrations(MIGRATIONS)
                .map_err(|e| damaged_or(&store.path, e.to_string(), StoreError::Migration))?;
        }
        Ok(store)
    }

    fn open_postgres(url: String, options: StoreOptions) -> Result<Store, StoreError> {
        let backend = Backend::Postgres(url);
        let shown = PathBuf::from(backend.shown());
        let unreachable = |why: String| StoreError::Unreachable {
            url: backend.shown(),
            why: why.trim().to_string(),
        };
        // One plain connection first, for a clear message when the server cannot be
        // reached or refuses the login.
        drop(db::connect(&backend, &options).map_err(|e| unreachable(e.to_string()))?);
        let store = Store::pool(backend.clone(), shown, options)?;
        let mut conn = store.conn().map_err(|e| unreachable(e.to_string()))?;
        if let Db::Pg(c) = &mut *conn {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
        }
        let migrated = refuse_newer_schema(&mut conn, &store.path).and_then(|()| match &mut *conn {
            Db::Pg(c) => c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|_| ())
                .map_err(|e| StoreError::Migration(e.to_string())),
            Db::Sqlite(_) => Ok(()),
        });
        if let Db::Pg(c) = &mut *conn {
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
        }
        migrated?;
        drop(conn);
        Ok(store)
    }

    fn pool(backend: Backend, path: PathBuf, options: StoreOptions) -> Result<Store, StoreError> {
        let manager = db::Manager {
            backend: backend.clone(),
            options,
        };
        let pool = Pool::builder()
            .max_size(8)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .map_err(|e| damaged_or(&path, e.to_string(), StoreError::R2d2))?;
        Ok(Store { pool, backend, path })
    }

    pub fn conn(&self) -> Result<Conn, StoreError> {
        Ok(self.pool.get()?)
    }

    /// The SQLite file, or the PostgreSQL URL without its password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Which database this store uses.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Starts this node's listener for what the other nodes announce ([`notify`]):
    /// `None` on SQLite, where there are no other nodes.
    pub fn listen(
        &self,
        on: impl FnMut(notify::Notice) -> bool + Send + 'static,
    ) -> Option<std::io::Result<notify::Listening>> {
        match &self.backend {
            Backend::Sqlite(_) => None,
            Backend::Postgres(url) => Some(notify::listen(url.clone(), on)),
        }
    }

    /// SQLite's quick integrity check of the whole file (PostgreSQL checks its own pages,
    /// with checksums where the cluster has them: nothing to do here).
    pub fn quick_check(&self) -> Result<(), StoreError> {
        let mut conn = self
            .conn()
            .map_err(|e| damaged_or(&self.path, e.to_string(), StoreError::R2d2))?;
        match &mut *conn {
            Db::Sqlite(c) => check_file(c, &self.path),
            Db::Pg(_) => Ok(()),
        }
    }
}

/// Refuses a database that a newer pingshen has migrated (a migration this binary does
/// not know): after a downgrade the old binary would misread it. The way back is the
/// backup taken before the upgrade (README, "Install").
fn refuse_newer_schema(conn: &mut Conn, path: &Path) -> Result<(), StoreError> {
    use diesel::migration::MigrationSource;
    let versions = |list: Vec<Box<dyn diesel::migration::Migration<_>>>| -> Vec<String> {
        list.iter().map(|m| m.name().version().to_string()).collect()
    };
    let (known, applied) = match &mut **conn {
        Db::Sqlite(c) => (
            versions(
                MigrationSource::<diesel::sqlite::Sqlite>::migrations(&MIGRATIONS)
                    .map_err(|e| StoreError::Migration(e.to_string()))?,
            ),
            c.applied_migrations()
                .map_err(|e| damaged_or(path, e.to_string(), StoreError::Migration))?,
        ),
        Db::Pg(c) => (
            MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
                .map_err(|e| StoreError::Migration(e.to_string()))?
                .iter()
                .map(|m| m.name().version().to_string())
                .collect(),
            c.applied_migrations()
                .map_err(|e| StoreError::Migration(e.to_string()))?,
        ),
    };
    match applied.iter().find(|v| !known.contains(&v.to_string())) {
        Some(unknown) => Err(StoreError::Newer {
            path: path.to_path_buf(),
            version: unknown.to_string(),
        }),
        None => Ok(()),
    }
}

/// Copies the database file `db` into `target` (which must not exist) as one consistent
/// snapshot, while a server goes on writing. Opens its own plain connection: no
/// migration, nothing written to the live database. The copy is private (0600).
pub fn backup_database(db: &Path, target: &Path) -> Result<(), StoreError> {
    use diesel::Connection;
    let fail = |why: String| StoreError::Backup {
        path: target.to_path_buf(),
        why,
    };
    let mut conn = SqliteConnection::establish(&db.to_string_lossy()).map_err(|e| fail(e.to_string()))?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {}", BUSY_TIMEOUT.as_millis()))?;
    // VACUUM INTO writes into an empty file; create it private first.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(target)
        .map_err(|e| fail(e.to_string()))?;
    let result = (|| -> Result<(), StoreError> {
        diesel::sql_query("VACUUM INTO ?")
            .bind::<diesel::sql_types::Text, _>(target.to_string_lossy().to_string())
            .execute(&mut conn)
            .map_err(|e| fail(e.to_string()))?;
        std::fs::File::open(target)
            .and_then(|f| f.sync_all())
            .map_err(|e| fail(e.to_string()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(target);
    }
    result
}

/// Says clearly when the database or its folder (where SQLite keeps the WAL) cannot be
/// written, before SQLite fails somewhere in the middle.
fn writable(db: &Path, dir: &Path) -> Result<(), StoreError> {
    let read_only = |path: &Path, e: std::io::Error| StoreError::ReadOnly {
        path: path.to_path_buf(),
        why: e.to_string(),
    };
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(db)
        .map_err(|e| read_only(db, e))?;
    let probe = dir.join(format!(".pingshen-write-test-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&probe)
        .map_err(|e| read_only(dir, e))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `PRAGMA quick_check` on a connection; anything but "ok" is damage.
fn check_file(conn: &mut SqliteConnection, path: &Path) -> Result<(), StoreError> {
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        quick_check: String,
    }
    let rows: Vec<Check> = diesel::sql_query("PRAGMA quick_check").load(conn).map_err(|e| {
        damaged_or(path, e.to_string(), |m| {
            StoreError::Query(diesel::result::Error::QueryBuilderError(m.into()))
        })
    })?;
    match rows.first() {
        Some(r) if r.quick_check == "ok" => Ok(()),
        Some(r) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            why: r.quick_check.clone(),
        }),
        None => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            why: "no answer to the integrity check".into(),
        }),
    }
}

/// A damaged-file error when the message says so, else `other`.
fn damaged_or(path: &Path, message: String, other: impl FnOnce(String) -> StoreError) -> StoreError {
    if fault_of(&message) == Some(Fault::Damaged) {
        StoreError::Damaged {
            path: path.to_path_buf(),
            why: message,
        }
    } else {
        other(message)
    }
}

/// Checks a database file that no server uses (a backup): SQLite's integrity check and
/// the audit log's hash chain. Opens it read-only; changes nothing.
pub fn check_backup(path: &Path) -> Result<audit::Verification, StoreError> {
    use diesel::Connection;
    // A URI: characters that mean something in one are escaped.
    let escaped: String = path
        .to_string_lossy()
        .chars()
        .map(|c| match c {
            '%' => "%25".to_string(),
            '?' => "%3f".to_string(),
            '#' => "%23".to_string(),
            c => c.to_string(),
        })
        .collect();
    let url = format!("file:{escaped}?mode=ro");
    let mut conn = SqliteConnection::establish(&url).map_err(|e| StoreError::Damaged {
        path: path.to_path_buf(),
        why: e.to_string(),
    })?;
    check_file(&mut conn, path)?;
    let applied: Vec<String> = {
        #[derive(diesel::QueryableByName)]
        struct Version {
            #[diesel(sql_type = diesel::sql_types::Text)]
            version: String,
        }
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
            .load::<Version>(&mut conn)
            .map_err(|e| StoreError::Damaged {
                path: path.to_path_buf(),
                why: format!("no pingshen schema: {e}"),
            })?
            .into_iter()
            .map(|v| v.version)
            .collect()
    };
    if applied.is_empty() {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            why: "no pingshen schema".into(),
        });
    }
    let v = audit::verify(&mut Db::Sqlite(conn))?;
    if let Some((seq, why)) = &v.first_bad {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            why: format!("audit log entry {seq}: {why}"),
        });
    }
    Ok(v)
}

/// SQLite refuses a statement with more than 32,766 parameters, and an `IN (...)` list
/// taken from the data (a committee's applicant ids) has one parameter per value: such
/// lists are sent in pieces of at most this many, so that no query grows with the data.
pub(crate) const IN_LIST_CHUNK: usize = 8_000;

/// Runs `query` over `ids` in pieces of `IN_LIST_CHUNK` and puts the rows together.
pub(crate) fn chunked<T, R, E>(
    ids: &[T],
    mut query: impl FnMut(&[T]) -> std::result::Result<Vec<R>, E>,
) -> std::result::Result<Vec<R>, E> {
    if ids.len() <= IN_LIST_CHUNK {
        return query(ids);
    }
    let mut rows = Vec::new();
    for piece in ids.chunks(IN_LIST_CHUNK) {
        rows.extend(query(piece)?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::prelude::*;

    #[derive(QueryableByName)]
    struct Text {
        #[diesel(sql_type = diesel::sql_types::Text)]
        value: String,
    }

    #[derive(QueryableByName)]
    struct Int {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        value: i32,
    }

    #[test]
    fn open_sets_wal_foreign_keys_and_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("nested")).unwrap();
        assert!(store.path().exists());
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(store.path()), 0o600);
        assert_eq!(mode(&dir.path().join("nested")), 0o700);
        let mut conn = store.conn().unwrap();
        let mode: Text = diesel::sql_query("SELECT journal_mode AS value FROM pragma_journal_mode")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(mode.value, "wal");
        let fk: Int = diesel::sql_query("SELECT foreign_keys AS value FROM pragma_foreign_keys")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(fk.value, 1);
        let busy: Int = diesel::sql_query("SELECT timeout AS value FROM pragma_busy_timeout")
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(busy.value, 5000);
        // Reopening runs no migration twice.
        drop(conn);
        Store::open(&dir.path().join("nested")).unwrap();
    }

    /// After a downgrade, the older binary refuses the newer database instead of
    /// misreading it, and changes nothing in it.
    #[test]
    fn a_database_of_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut conn = store.conn().unwrap();
        diesel::sql_query("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000000')")
            .execute(&mut conn)
            .unwrap();
        drop(conn);
        drop(store);
        let e = Store::open(dir.path()).err().expect("refused");
        let text = e.to_string();
        assert!(
            text.contains("newer pingshen") && text.contains("29991231000000"),
            "{text}"
        );
        assert!(matches!(e, StoreError::Newer { .. }), "{e:?}");
    }
}
