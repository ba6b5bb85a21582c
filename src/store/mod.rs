//! Storage: the SQLite database through diesel. Owns the schema, the embedded migrations,
//! the connection pool and every query; nothing above this module writes SQL.
//! All functions here block: callers run them off the async runtime.

pub mod audit;
pub mod models;
pub mod queries;
pub mod review;
pub mod schema;

use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "pingshen.db";

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub type Conn = PooledConnection<ConnectionManager<SqliteConnection>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("cannot open the database: {0}")]
    R2d2(String),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("the database holds an invalid value: {0}")]
    Corrupt(String),
}

/// The current time in UTC as `2026-11-27T01:02:03.456Z`, the form stored everywhere.
pub fn now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

/// Moves committed pages into the database file and empties the WAL (best effort: a
/// reader holding an old snapshot keeps its frames until it finishes).
pub fn checkpoint(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
    Ok(())
}

/// Sets the per-connection pragmas every connection needs.
#[derive(Debug)]
struct Pragmas;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {};
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA secure_delete = ON;
             PRAGMA foreign_keys = ON;",
            BUSY_TIMEOUT.as_millis()
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// A handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool<ConnectionManager<SqliteConnection>>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and runs pending migrations.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let dir_error = |source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        };
        if !data_dir.exists() {
            // The database holds votes and personal data: only the server's user may read it.
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(data_dir)
                .map_err(dir_error)?;
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
        let manager = ConnectionManager::<SqliteConnection>::new(path.to_string_lossy());
        let pool = Pool::builder()
            .max_size(8)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(Pragmas))
            .build(manager)
            .map_err(|e| StoreError::R2d2(e.to_string()))?;
        let store = Store { pool, path };
        store
            .conn()?
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(store)
    }

    pub fn conn(&self) -> Result<Conn, StoreError> {
        Ok(self.pool.get()?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
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
}
