//! Failed logins per account and per source address (`login_failures`).

use super::db::per_backend;
use crate::store::Db;
use diesel::prelude::*;

use super::StoreError;
use super::schema::login_failures as lf;
use crate::domain::throttle::{KeyKind, Record};

type Result<T> = std::result::Result<T, StoreError>;

/// One remembered key, as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = lf)]
struct Row {
    kind: String,
    key: String,
    failures: i32,
    lockouts: i32,
    last_failure_ms: i64,
    locked_until_ms: Option<i64>,
}

impl Row {
    fn record(&self) -> Record {
        Record {
            failures: u32::try_from(self.failures).unwrap_or(0),
            lockouts: u32::try_from(self.lockouts).unwrap_or(0),
            last_failure_ms: self.last_failure_ms,
            locked_until_ms: self.locked_until_ms,
        }
    }
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub fn get(conn: &mut Db, kind: KeyKind, key: &str) -> Result<Option<Record>> {
    let row: Option<Row> = lf::table
        .find((kind.as_str(), key))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    Ok(row.as_ref().map(Row::record))
}

pub fn put(conn: &mut Db, kind: KeyKind, key: &str, r: &Record) -> Result<()> {
    let changes = (
        lf::failures.eq(count(r.failures)),
        lf::lockouts.eq(count(r.lockouts)),
        lf::last_failure_ms.eq(r.last_failure_ms),
        lf::locked_until_ms.eq(r.locked_until_ms),
    );
    per_backend!(&mut *conn, |c| diesel::insert_into(lf::table)
        .values((lf::kind.eq(kind.as_str()), lf::key.eq(key), changes))
        .on_conflict((lf::kind, lf::key))
        .do_update()
        .set(changes)
        .execute(c))?;
    Ok(())
}

/// Forgets one key; returns whether it was there.
pub fn delete(conn: &mut Db, kind: KeyKind, key: &str) -> Result<bool> {
    Ok(diesel::delete(lf::table.find((kind.as_str(), key))).execute(conn)? > 0)
}

/// Forgets every key; returns how many there were.
pub fn delete_all(conn: &mut Db) -> Result<usize> {
    Ok(diesel::delete(lf::table).execute(conn)?)
}

/// Every remembered key, accounts first, most recent failure first.
pub fn all(conn: &mut Db) -> Result<Vec<(KeyKind, String, Record)>> {
    let rows: Vec<Row> = lf::table
        .select(Row::as_select())
        .order((lf::kind.asc(), lf::last_failure_ms.desc()))
        .load(conn)?;
    Ok(rows
        .iter()
        .filter_map(|r| Some((KeyKind::parse(&r.kind)?, r.key.clone(), r.record())))
        .collect())
}

/// Keys remembered.
pub fn len(conn: &mut Db) -> Result<i64> {
    Ok(lf::table.count().get_result(conn)?)
}

/// Removes the keys whose last failure and lockout both ended before `before_ms`.
pub fn purge(conn: &mut Db, before_ms: i64) -> Result<usize> {
    Ok(diesel::delete(
        lf::table
            .filter(lf::last_failure_ms.lt(before_ms))
            .filter(lf::locked_until_ms.is_null().or(lf::locked_until_ms.lt(before_ms))),
    )
    .execute(conn)?)
}

/// Keeps at most `max` keys: forgets the unlocked ones with the oldest failures first.
pub fn trim(conn: &mut Db, max: i64, now_ms: i64) -> Result<usize> {
    let n = len(conn)?;
    if n <= max {
        return Ok(0);
    }
    let unlocked = lf::locked_until_ms.is_null().or(lf::locked_until_ms.le(now_ms));
    let cutoff: Option<i64> = lf::table
        .filter(unlocked)
        .select(lf::last_failure_ms)
        .order(lf::last_failure_ms.asc())
        .offset(n - max)
        .first(conn)
        .optional()?;
    let Some(cutoff) = cutoff else { return Ok(0) };
    Ok(diesel::delete(
        lf::table
            .filter(lf::last_failure_ms.lt(cutoff))
            .filter(lf::locked_until_ms.is_null().or(lf::locked_until_ms.le(now_ms))),
    )
    .execute(conn)?)
}
