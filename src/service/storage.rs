//! The data folder as the command line sees it: opening the database into a service,
//! checking the audit chain, online backups. The edges (`admin`) reach storage only
//! through here.

use std::path::Path;

use super::{Result, Service};
use crate::store::{self, Store};

pub use crate::store::audit::Verification;
pub use crate::store::db::redact;
pub use crate::store::models::ApplicantRow;
pub use crate::store::{Backend, DATABASE_FILE, StoreOptions};

impl Service {
    /// The service of the database in `data` (created, and migrated, if needed).
    pub fn open(data: &Path, options: StoreOptions) -> Result<Service> {
        Ok(Service::new(Store::open_with(data, options)?))
    }

    /// Moves everything written into the database file and empties the write-ahead
    /// log, so that the file alone holds it when the process ends.
    pub fn checkpoint(&self) -> Result<()> {
        let mut conn = self.store.conn()?;
        Ok(store::checkpoint(&mut conn)?)
    }

    /// Checks the audit log's hash chain from its first entry.
    pub fn audit_verify(&self) -> Result<Verification> {
        let mut conn = self.store.conn()?;
        Ok(store::audit::verify(&mut conn)?)
    }

    /// The hash the audit log holds for entry `seq`, if it exists.
    pub fn audit_hash_of(&self, seq: i32) -> Result<Option<String>> {
        let mut conn = self.store.conn()?;
        Ok(store::audit::hash_of(&mut conn, seq)?)
    }
}

/// Copies the live database `db` into `target` while the server runs.
pub fn backup_database(db: &Path, target: &Path) -> Result<()> {
    Ok(store::backup_database(db, target)?)
}

/// Checks that `path` is a whole backup: it opens, its audit chain holds.
pub fn check_backup(path: &Path) -> Result<Verification> {
    Ok(store::check_backup(path)?)
}

/// The current time in UTC, as stored everywhere.
pub fn now() -> String {
    store::now()
}
