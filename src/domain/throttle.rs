//! Login throttling in plain arithmetic: how failed passwords of one account or from one
//! source address make the next attempt wait (a backoff that doubles with each failure)
//! and, past a limit, lock the key out for a while (longer each time it happens again).
//! Times are milliseconds since the Unix epoch; nothing here reads a clock.

use std::time::Duration;

/// What is being throttled: one account (by username) or one source address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    Account,
    Address,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Account => "account",
            KeyKind::Address => "address",
        }
    }

    pub fn parse(s: &str) -> Option<KeyKind> {
        match s {
            "account" => Some(KeyKind::Account),
            "address" => Some(KeyKind::Address),
            _ => None,
        }
    }
}

/// The limits for one kind of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures after which every further attempt waits.
    pub backoff_after: u32,
    /// The first wait; each further failure doubles it.
    pub backoff_base: Duration,
    /// The longest wait.
    pub backoff_max: Duration,
    /// Failures (within `window`) that lock the key out.
    pub lockout_after: u32,
    /// The first lockout; each repeated lockout doubles it.
    pub lockout: Duration,
    /// The longest lockout.
    pub lockout_max: Duration,
    /// Failures older than this are forgotten (and lockouts after `lockout_max`).
    pub window: Duration,
}

impl Policy {
    /// Defaults for one account: a typing user is never slowed much (three free tries,
    /// then 1 s, 2 s, 4 s … up to 30 s), a guesser is locked out after 10 failures for
    /// 15 minutes, then 30, 60 … up to a day.
    pub fn account_default() -> Policy {
        Policy {
            backoff_after: 3,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
            lockout_after: 10,
            lockout: Duration::from_secs(15 * 60),
            lockout_max: Duration::from_secs(24 * 3600),
            window: Duration::from_secs(15 * 60),
        }
    }

    /// Defaults for one source address: a meeting room behind one NAT address may have
    /// many people mistyping, so the limits are wider than an account's.
    pub fn address_default() -> Policy {
        Policy {
            backoff_after: 10,
            lockout_after: 30,
            ..Policy::account_default()
        }
    }
}

/// What is remembered about one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Record {
    /// Failures since the last lockout or reset, within the window.
    pub failures: u32,
    /// Lockouts so far (each doubles the next).
    pub lockouts: u32,
    pub last_failure_ms: i64,
    pub locked_until_ms: Option<i64>,
}

/// Whether an attempt may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Check the password only after waiting this long.
    Wait(Duration),
    /// Refuse without checking until this time.
    Locked {
        until_ms: i64,
    },
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// `base * 2^steps`, capped at `max`.
fn doubled(base: Duration, steps: u32, max: Duration) -> Duration {
    let factor = 1u32.checked_shl(steps.min(31)).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(max).min(max)
}

impl Record {
    /// The stricter of two records of one key (the database's and the one kept in
    /// memory while the database refused writes): the most failures and lockouts, the
    /// latest failure and lockout end.
    pub fn stricter(a: Option<&Record>, b: Option<&Record>) -> Option<Record> {
        match (a, b) {
            (Some(a), Some(b)) => Some(Record {
                failures: a.failures.max(b.failures),
                lockouts: a.lockouts.max(b.lockouts),
                last_failure_ms: a.last_failure_ms.max(b.last_failure_ms),
                locked_until_ms: a.locked_until_ms.max(b.locked_until_ms),
            }),
            (a, b) => a.or(b).copied(),
        }
    }

    pub fn is_locked(&self, now_ms: i64) -> bool {
        self.locked_until_ms.is_some_and(|u| u > now_ms)
    }

    /// When the record last mattered: its last failure, or the end of its lockout.
    pub fn last_active_ms(&self) -> i64 {
        self.locked_until_ms
            .unwrap_or(self.last_failure_ms)
            .max(self.last_failure_ms)
    }

    /// True when nothing remembered still has an effect at `now_ms` (the record may go):
    /// counted from the end of a lockout, so forgetting never resets the doubling early.
    pub fn is_spent(&self, policy: &Policy, now_ms: i64) -> bool {
        !self.is_locked(now_ms)
            && now_ms.saturating_sub(self.last_active_ms()) > ms(policy.window.max(policy.lockout_max))
    }
}

impl Policy {
    /// May an attempt be checked at `now_ms`?
    pub fn gate(&self, record: Option<&Record>, now_ms: i64) -> Gate {
        let Some(r) = record else { return Gate::Open };
        if let Some(until_ms) = r.locked_until_ms.filter(|u| *u > now_ms) {
            return Gate::Locked { until_ms };
        }
        if r.failures < self.backoff_after || now_ms.saturating_sub(r.last_failure_ms) > ms(self.window) {
            return Gate::Open;
        }
        let wait = doubled(self.backoff_base, r.failures - self.backoff_after, self.backoff_max);
        let ready = r.last_failure_ms.saturating_add(ms(wait));
        if now_ms < ready {
            Gate::Wait(Duration::from_millis(u64::try_from(ready - now_ms).unwrap_or(0)))
        } else {
            Gate::Open
        }
    }

    /// The record after one more failure at `now_ms`.
    pub fn after_failure(&self, record: Option<&Record>, now_ms: i64) -> Record {
        let mut r = record.copied().unwrap_or_default();
        let quiet = now_ms.saturating_sub(r.last_failure_ms);
        if quiet > ms(self.window) {
            r.failures = 0;
        }
        // Lockouts are forgiven after a long quiet time counted from the end of the last
        // one (not from its start, or every longest lockout would reset the doubling).
        if now_ms.saturating_sub(r.last_active_ms()) > ms(self.lockout_max) {
            r.lockouts = 0;
        }
        if r.locked_until_ms.is_some_and(|u| u <= now_ms) {
            r.locked_until_ms = None;
        }
        r.failures = r.failures.saturating_add(1);
        r.last_failure_ms = now_ms;
        if r.failures >= self.lockout_after {
            let lock = doubled(self.lockout, r.lockouts, self.lockout_max);
            r.lockouts = r.lockouts.saturating_add(1);
            r.locked_until_ms = Some(now_ms.saturating_add(ms(lock)));
            r.failures = 0;
        }
        r
    }
}

/// The login limits of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub account: Policy,
    pub address: Policy,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            account: Policy::account_default(),
            address: Policy::address_default(),
        }
    }
}

impl LoginLimits {
    pub fn policy(&self, kind: KeyKind) -> &Policy {
        match kind {
            KeyKind::Account => &self.account,
            KeyKind::Address => &self.address,
        }
    }
}

/// The key a source address is throttled under: the address itself for IPv4, its /64
/// network for IPv6 (one machine usually holds a whole /64).
pub fn address_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1000;

    fn fail_n(p: &Policy, n: u32, start: i64, step: i64) -> (Record, i64) {
        let mut r = None;
        let mut t = start;
        for _ in 0..n {
            r = Some(p.after_failure(r.as_ref(), t));
            t += step;
        }
        (r.unwrap(), t - step)
    }

    #[test]
    fn backoff_doubles_after_the_free_tries_and_is_capped() {
        let p = Policy::account_default();
        let (r, t) = fail_n(&p, 2, 0, S);
        assert_eq!(p.gate(Some(&r), t), Gate::Open);
        let (r, t) = fail_n(&p, 3, 0, 0);
        assert_eq!(p.gate(Some(&r), t), Gate::Wait(Duration::from_secs(1)));
        assert_eq!(p.gate(Some(&r), t + S), Gate::Open);
        let (r, t) = fail_n(&p, 5, 0, 0);
        assert_eq!(p.gate(Some(&r), t), Gate::Wait(Duration::from_secs(4)));
        let (r, t) = fail_n(&p, 9, 0, 0);
        assert_eq!(p.gate(Some(&r), t + 10 * S), Gate::Wait(Duration::from_secs(20)));
        let big = Policy {
            lockout_after: 100,
            ..p
        };
        let (r, t) = fail_n(&big, 60, 0, 0);
        assert_eq!(big.gate(Some(&r), t), Gate::Wait(Duration::from_secs(30)));
    }

    #[test]
    fn lockout_engages_doubles_and_expires() {
        let p = Policy::account_default();
        let (r, t) = fail_n(&p, 10, 0, 0);
        assert_eq!(r.failures, 0);
        assert_eq!(p.gate(Some(&r), t), Gate::Locked { until_ms: 15 * 60 * S });
        assert_eq!(p.gate(Some(&r), 15 * 60 * S), Gate::Open);
        // Ten more failures after it expired: twice as long.
        let mut r2 = r;
        let t0 = 15 * 60 * S;
        for _ in 0..10 {
            r2 = p.after_failure(Some(&r2), t0);
        }
        assert_eq!(
            p.gate(Some(&r2), t0),
            Gate::Locked {
                until_ms: t0 + 30 * 60 * S
            }
        );
        // Never longer than a day.
        let mut r3 = r2;
        r3.lockouts = 40;
        r3.locked_until_ms = None;
        for _ in 0..10 {
            r3 = p.after_failure(Some(&r3), t0);
        }
        assert_eq!(r3.locked_until_ms, Some(t0 + 24 * 3600 * S));
        // Guessing again right after the longest lockout ends: still a day, not 15 min.
        let t1 = t0 + 24 * 3600 * S + 1;
        let mut r4 = r3;
        for _ in 0..10 {
            r4 = p.after_failure(Some(&r4), t1);
        }
        assert_eq!(r4.locked_until_ms, Some(t1 + 24 * 3600 * S));
        // After a quiet day past its end, forgiven.
        let t2 = t1 + 49 * 3600 * S;
        let mut r5 = r4;
        for _ in 0..10 {
            r5 = p.after_failure(Some(&r5), t2);
        }
        assert_eq!(r5.locked_until_ms, Some(t2 + 15 * 60 * S));
        // A record is not forgotten the moment its day-long lock ends.
        assert!(!r4.is_spent(&p, t1 + 24 * 3600 * S + 1));
        assert!(r4.is_spent(&p, t1 + 49 * 3600 * S));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let p = Policy::account_default();
        let (r, _) = fail_n(&p, 9, 0, 0);
        let later = 16 * 60 * S;
        assert_eq!(p.gate(Some(&r), later), Gate::Open);
        let r = p.after_failure(Some(&r), later);
        assert_eq!(r.failures, 1);
        assert!(!r.is_locked(later));
        assert!(!r.is_spent(&p, later));
        assert!(r.is_spent(&p, later + 25 * 3600 * S));
    }

    #[test]
    fn ipv6_addresses_are_grouped_by_their_64_network() {
        let a: std::net::IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: std::net::IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_eq!(address_key(a), "2001:db8:1:2::/64");
        assert_eq!(address_key("127.0.0.2".parse().unwrap()), "127.0.0.2");
        assert_eq!(address_key("::ffff:10.0.0.1".parse().unwrap()), "10.0.0.1");
    }
}
