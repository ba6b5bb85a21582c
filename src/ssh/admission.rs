//! Who may hold a connection that is not (yet) a terminal session. Every connection is
//! in this table from its accept until its terminal starts: unauthenticated ones, and
//! logged-in ones that have not opened their terminal yet (they count towards their
//! address's limit, and at most `MAX_PENDING_PER_ACCOUNT` of one account wait at once).
//!
//! Floods of half-open connections must not keep people out (README, Security): a new
//! connection is never refused because the table is full; the connection that has made
//! the least progress is evicted instead (nothing received before something received,
//! before a login attempt; among equals, from the address holding the most, the
//! oldest). Addresses whose connections end without ever reaching the login collect a
//! penalty (as OpenSSH 9.8's PerSourcePenalties): each such connection adds
//! `PENALTY_NOAUTH` to the address's penalty clock, and while that clock runs more than
//! `PENALTY_MIN` ahead, the address's new connections are dropped at accept (capped at
//! `PENALTY_MAX`). A person's client reaches the login within a second, so people
//! sharing an address are never penalised for it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::MaxStartups;

/// Time from the accept to the client's first bytes (its version line, which every
/// client sends at once; the key exchange may then wait on a person reading the host
/// key's fingerprint, so it has the login grace time).
pub const HANDSHAKE_GRACE: Duration = Duration::from_secs(10);
/// Logged-in connections of one account waiting for their terminal, at most.
pub const MAX_PENDING_PER_ACCOUNT: usize = 2;
/// What a connection that went without sending a byte adds to its address's penalty.
pub const PENALTY_NOAUTH: Duration = Duration::from_secs(1);
/// What a connection adds that sent nothing within `HANDSHAKE_GRACE`, or was evicted
/// for sending nothing (OpenSSH's grace-exceeded penalty, shortened).
pub const PENALTY_SILENT: Duration = Duration::from_secs(5);
/// An address is refused while its penalty runs more than this ahead.
pub const PENALTY_MIN: Duration = Duration::from_secs(15);
/// The longest penalty.
pub const PENALTY_MAX: Duration = Duration::from_secs(300);
/// Addresses with a penalty remembered at most (the oldest expired go first).
const MAX_PENALTIES: usize = 65_536;

/// How far a connection has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Progress {
    /// Accepted; maybe sending its version line and key exchange.
    Connected = 0,
    /// Asked to log in (so the handshake is done).
    LoginAsked = 1,
    /// Logged in; its terminal is not open yet.
    LoggedIn = 2,
}

/// The admission limits (from `ServerOptions`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_startups: MaxStartups,
    pub per_source: usize,
}

struct Entry {
    source: String,
    accepted: Instant,
    progress: Arc<AtomicU8>,
    /// Bytes received: a connection that sent nothing has made the least progress.
    received: Arc<AtomicU64>,
    account: Option<String>,
    evict: Arc<tokio::sync::Notify>,
}

#[derive(Default)]
struct Table {
    next: u64,
    entries: HashMap<u64, Entry>,
    per_source: HashMap<String, usize>,
    /// Per address: the instant its penalty runs out.
    penalties: HashMap<String, Instant>,
}

impl Table {
    fn remove(&mut self, id: u64) -> Option<Entry> {
        let e = self.entries.remove(&id)?;
        if let Some(n) = self.per_source.get_mut(&e.source) {
            *n -= 1;
            if *n == 0 {
                self.per_source.remove(&e.source);
            }
        }
        Some(e)
    }

    fn penalise(&mut self, source: &str, now: Instant, amount: Duration) {
        if self.penalties.len() >= MAX_PENALTIES && !self.penalties.contains_key(source) {
            self.penalties.retain(|_, until| *until > now);
            if self.penalties.len() >= MAX_PENALTIES {
                return;
            }
        }
        let until = self.penalties.entry(source.to_string()).or_insert(now);
        *until = ((*until).max(now) + amount).min(now + PENALTY_MAX);
    }

    fn penalised(&self, source: &str, now: Instant) -> bool {
        self.penalties
            .get(source)
            .is_some_and(|until| *until > now + PENALTY_MIN)
    }

    /// The connection to evict for a newcomer: the least progress (never one that
    /// asked to log in), from the address holding the most, the oldest.
    fn victim(&self) -> Option<u64> {
        self.entries
            .iter()
            .filter(|(_, e)| e.progress.load(Ordering::Acquire) == Progress::Connected as u8)
            .min_by_key(|(_, e)| {
                (
                    e.received.load(Ordering::Acquire) > 0,
                    std::cmp::Reverse(self.per_source.get(&e.source).copied().unwrap_or(0)),
                    e.accepted,
                )
            })
            .map(|(id, _)| *id)
    }
}

/// The table of connections without a terminal, shared by the accept loop and the
/// connections.
#[derive(Clone)]
pub struct Admission {
    table: Arc<Mutex<Table>>,
    limits: Limits,
}

/// One connection's place in the table; it leaves when its terminal starts or when it
/// is dropped.
pub struct Ticket {
    admission: Admission,
    id: u64,
    progress: Arc<AtomicU8>,
    pub received: Arc<AtomicU64>,
    /// Notified when the connection is evicted.
    pub evicted: Arc<tokio::sync::Notify>,
}

impl Admission {
    pub fn new(limits: Limits) -> Admission {
        Admission {
            table: Arc::new(Mutex::new(Table::default())),
            limits,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a new connection from `source` in, or says why it is dropped.
    pub fn admit(&self, source: String) -> Result<Ticket, &'static str> {
        use rand::RngExt;
        let now = Instant::now();
        let mut t = self.lock();
        if t.penalised(&source, now) {
            return Err("address penalised for connections that sent nothing");
        }
        let mine = t.per_source.get(&source).copied().unwrap_or(0);
        if mine >= self.limits.per_source {
            return Err("too many connections without a terminal from this address");
        }
        let total = t.entries.len();
        // Early random drops (OpenSSH's MaxStartups) only for an address that already
        // has a connection in progress: a newcomer's first is always taken.
        let p = self.limits.max_startups.drop_percent(total);
        if mine > 0 && p > 0 && (p >= 100 || rand::rng().random_range(0..100) < p) {
            return Err("too many unauthenticated connections");
        }
        if total >= self.limits.max_startups.full {
            let Some(victim) = t.victim() else {
                return Err("too many connections logging in");
            };
            if let Some(e) = t.remove(victim) {
                tracing::info!(source = %e.source, "connection evicted for a newcomer (no progress)");
                if e.received.load(Ordering::Acquire) == 0 {
                    t.penalise(&e.source, now, PENALTY_SILENT);
                }
                e.evict.notify_one();
            }
        }
        t.next += 1;
        let id = t.next;
        let progress = Arc::new(AtomicU8::new(Progress::Connected as u8));
        let received = Arc::new(AtomicU64::new(0));
        let evict = Arc::new(tokio::sync::Notify::new());
        *t.per_source.entry(source.clone()).or_default() += 1;
        t.entries.insert(
            id,
            Entry {
                source,
                accepted: now,
                progress: progress.clone(),
                received: received.clone(),
                account: None,
                evict: evict.clone(),
            },
        );
        Ok(Ticket {
            admission: self.clone(),
            id,
            progress,
            received,
            evicted: evict,
        })
    }

    /// Connections without a terminal now.
    #[cfg(test)]
    pub fn pending(&self) -> usize {
        self.lock().entries.len()
    }
}

impl Ticket {
    /// The client asked to log in: its handshake is done.
    pub fn login_asked(&self) {
        let _ = self.progress.fetch_max(Progress::LoginAsked as u8, Ordering::AcqRel);
    }

    /// Logged in as `account`: an older connection of the same account still without
    /// its terminal goes when more than `MAX_PENDING_PER_ACCOUNT` wait.
    pub fn logged_in(&self, account: &str) {
        self.progress.store(Progress::LoggedIn as u8, Ordering::Release);
        let mut t = self.admission.lock();
        if let Some(e) = t.entries.get_mut(&self.id) {
            e.account = Some(account.to_string());
        }
        let mut mine: Vec<(Instant, u64)> = t
            .entries
            .iter()
            .filter(|(_, e)| e.account.as_deref() == Some(account))
            .map(|(id, e)| (e.accepted, *id))
            .collect();
        mine.sort_unstable();
        while mine.len() > MAX_PENDING_PER_ACCOUNT {
            let (_, oldest) = mine.remove(0);
            if let Some(e) = t.remove(oldest) {
                tracing::info!(source = %e.source, user = ?account, "logged-in connection without a terminal replaced by a newer login");
                e.evict.notify_one();
            }
        }
    }

    /// Sent nothing within `HANDSHAKE_GRACE`: hung up on, and its address penalised.
    pub fn silent_too_long(&self) {
        let mut t = self.admission.lock();
        if let Some(e) = t.remove(self.id) {
            t.penalise(&e.source, Instant::now(), PENALTY_SILENT);
        }
    }

    /// The terminal started: the connection leaves the table.
    pub fn started(&self) {
        self.admission.lock().remove(self.id);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut t = self.admission.lock();
        if let Some(e) = t.remove(self.id)
            && self.received.load(Ordering::Acquire) == 0
        {
            // Gone without sending a byte: a scanner or a flood.
            t.penalise(&e.source, Instant::now(), PENALTY_NOAUTH);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission(full: usize, per_source: usize) -> Admission {
        Admission::new(Limits {
            max_startups: MaxStartups {
                start: full,
                rate: 100,
                full,
            },
            per_source,
        })
    }

    #[test]
    fn a_full_table_evicts_the_least_progress_never_the_newcomer() {
        let a = admission(3, 10);
        let flood1 = a.admit("10.0.0.1".into()).unwrap();
        let flood2 = a.admit("10.0.0.1".into()).unwrap();
        let user = a.admit("10.0.0.9".into()).unwrap();
        user.received.store(40, Ordering::Release);
        // Full: the newcomer gets in, the oldest silent one of the busiest address goes.
        let newcomer = a.admit("10.0.0.7".into()).unwrap();
        assert_eq!(a.pending(), 3);
        let t = a.lock();
        assert!(!t.entries.contains_key(&flood1.id));
        assert!(t.entries.contains_key(&flood2.id) && t.entries.contains_key(&user.id));
        assert!(t.entries.contains_key(&newcomer.id));
    }

    #[test]
    fn connections_that_asked_to_log_in_are_never_evicted() {
        let a = admission(2, 10);
        let x = a.admit("10.0.0.1".into()).unwrap();
        let y = a.admit("10.0.0.2".into()).unwrap();
        x.login_asked();
        y.login_asked();
        assert!(a.admit("10.0.0.3".into()).is_err());
    }

    #[test]
    fn an_address_whose_connections_never_log_in_is_penalised() {
        let a = admission(100, 100);
        for _ in 0..15 {
            drop(a.admit("10.0.0.1".into()).unwrap());
        }
        // 15 x 1 s = 15 s: not yet more than the minimum.
        let last = a.admit("10.0.0.1".into()).unwrap();
        drop(last);
        assert!(a.admit("10.0.0.1".into()).is_err(), "the 16th went without a byte");
        // Three silent past the deadline come to the same.
        for _ in 0..3 {
            a.admit("10.0.0.3".into()).unwrap().silent_too_long();
        }
        let last = a.admit("10.0.0.3".into()).unwrap();
        drop(last);
        assert!(a.admit("10.0.0.3".into()).is_err());
        // Others are not touched, nor connections that sent something (a person who
        // says no at the host key's prompt).
        for _ in 0..40 {
            let t = a.admit("10.0.0.2".into()).unwrap();
            t.received.store(21, Ordering::Release);
        }
    }

    #[test]
    fn one_account_holds_few_logged_in_connections_without_a_terminal() {
        let a = admission(100, 100);
        let tickets: Vec<Ticket> = (0..5).map(|_| a.admit("10.0.0.1".into()).unwrap()).collect();
        for t in &tickets {
            t.login_asked();
            t.logged_in("c3-g1-e1");
        }
        assert_eq!(a.pending(), MAX_PENDING_PER_ACCOUNT);
        // The newest stay.
        let t = a.lock();
        assert!(t.entries.contains_key(&tickets[4].id) && t.entries.contains_key(&tickets[3].id));
    }

    #[test]
    fn the_per_source_limit_counts_logged_in_connections_without_a_terminal() {
        let a = admission(100, 2);
        let x = a.admit("10.0.0.1".into()).unwrap();
        x.login_asked();
        x.logged_in("u");
        let _y = a.admit("10.0.0.1".into()).unwrap();
        assert!(a.admit("10.0.0.1".into()).is_err());
        x.started();
        assert!(a.admit("10.0.0.1".into()).is_ok());
    }
}
