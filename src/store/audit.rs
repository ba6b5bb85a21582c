//! The audit log: append-only (SQLite triggers refuse UPDATE and DELETE) and
//! hash-chained: each entry's hash covers its own fields and the previous entry's
//! hash, so that changing, removing or inserting any entry breaks the chain there.

use crate::store::Db;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::StoreError;
use super::models::AuditRow;
use super::schema::audit_log;

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry, as lowercase hex.
pub fn entry_hash(
    prev_hash: &str,
    seq: i32,
    at: &str,
    committee_id: Option<i32>,
    actor: &str,
    action: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    // Fields are length-prefixed so that no two different entries hash the same bytes.
    let committee = committee_id.map(|c| c.to_string()).unwrap_or_default();
    for field in [prev_hash, &seq.to_string(), at, &committee, actor, action, detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends an entry in the caller's transaction and returns its sequence number.
pub fn append(
    conn: &mut Db,
    committee_id: Option<i32>,
    actor: &str,
    action: &str,
    detail: &str,
) -> Result<i32, StoreError> {
    let last: Option<(i32, String)> = audit_log::table
        .order(audit_log::seq.desc())
        .select((audit_log::seq, audit_log::hash))
        .first(conn)
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = super::now();
    let hash = entry_hash(&prev_hash, seq, &at, committee_id, actor, action, detail);
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::seq.eq(seq),
            audit_log::at.eq(&at),
            audit_log::committee_id.eq(committee_id),
            audit_log::actor.eq(actor),
            audit_log::action.eq(action),
            audit_log::detail.eq(detail),
            audit_log::prev_hash.eq(&prev_hash),
            audit_log::hash.eq(&hash),
        ))
        .execute(conn)?;
    Ok(seq)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub entries: u64,
    /// The first entry that does not check out, and why.
    pub first_bad: Option<(i32, String)>,
    /// The last entry and its hash: written down outside the server (say in the
    /// meeting record), it later proves that nothing up to it was rewritten or cut off.
    pub head: Option<(i32, String)>,
}

/// Checks the whole chain, reading it in batches.
pub fn verify(conn: &mut Db) -> Result<Verification, StoreError> {
    let mut prev_hash = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut entries = 0u64;
    loop {
        let batch: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.ge(expected_seq))
            .order(audit_log::seq)
            .limit(1000)
            .select(AuditRow::as_select())
            .load(conn)?;
        if batch.is_empty() {
            return Ok(Verification {
                entries,
                first_bad: None,
                head: (expected_seq > 1).then(|| (expected_seq - 1, prev_hash)),
            });
        }
        for row in batch {
            let bad = |why: String| {
                Ok(Verification {
                    entries,
                    first_bad: Some((row.seq, why)),
                    head: None,
                })
            };
            if row.seq != expected_seq {
                return bad(format!("entry {expected_seq} is missing (next is {})", row.seq));
            }
            if row.prev_hash != prev_hash {
                return bad("its link to the previous entry is broken".into());
            }
            let hash = entry_hash(
                &row.prev_hash,
                row.seq,
                &row.at,
                row.committee_id,
                &row.actor,
                &row.action,
                &row.detail,
            );
            if hash != row.hash {
                return bad("its content does not match its hash (altered)".into());
            }
            prev_hash = row.hash;
            expected_seq += 1;
            entries += 1;
        }
    }
}

/// The hash of entry `seq`, if it exists.
pub fn hash_of(conn: &mut Db, seq: i32) -> Result<Option<String>, StoreError> {
    Ok(audit_log::table
        .find(seq)
        .select(audit_log::hash)
        .first(conn)
        .optional()?)
}

/// Every entry in order, for replay.
pub fn all(conn: &mut Db) -> Result<Vec<AuditRow>, StoreError> {
    Ok(audit_log::table
        .order(audit_log::seq)
        .select(AuditRow::as_select())
        .load(conn)?)
}
