//! Accounts and login: argon2id password hashes (PHC strings), verification off the
//! async runtime behind a semaphore, and the identity a session acts as.

use std::net::IpAddr;
use std::sync::{Arc, OnceLock, Weak};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngExt;

use super::{Event, Problem, Result, Service, ServiceError};
use crate::domain::action::Action;
use crate::domain::throttle::{Gate, KeyKind, Record, address_key};
use crate::domain::{Lang, Role, Stage};
use crate::store::models::NewAccount;
use crate::store::queries as q;
use crate::store::security as sec;

/// Characters for generated passwords and usernames: no 0/O, 1/l/I.
const UNAMBIGUOUS: &[u8] = b"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/// Who a logged-in session acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account_id: i32,
    pub username: String,
    /// The person's name, or the username for the operator.
    pub display_name: String,
    pub is_operator: bool,
    pub lang: Lang,
    /// The committee an expert account belongs to; `None` for the operator.
    pub committee_id: Option<i32>,
    pub expert_id: Option<i32>,
    pub roles: Vec<Role>,
}

/// The audit actor of setup steps done through the command line or the demo, and the
/// name of the office's own identity there.
pub const OFFICE: &str = "office";

impl Identity {
    /// Whether this account oversees others' work and sees their progress: the office,
    /// group leaders, committee directors and reporters (the director's page is theirs
    /// too).
    pub fn oversees(&self) -> bool {
        self.is_operator
            || self
                .roles
                .iter()
                .any(|r| matches!(r, Role::Leader | Role::Director | Role::Reporter))
    }

    /// The office acting through the command line on the server (no login account).
    pub fn office() -> Identity {
        Identity {
            account_id: 0,
            username: OFFICE.to_string(),
            display_name: OFFICE.to_string(),
            is_operator: true,
            lang: Lang::Zh,
            committee_id: None,
            expert_id: None,
            roles: Vec::new(),
        }
    }
}

/// An office account, as `pingshen office list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeAccount {
    pub username: String,
    pub created_at: String,
    /// False: it logs in with a key only.
    pub password: bool,
}

/// The password hash of an account that logs in with a key only (no PHC string, so no
/// password ever verifies against it).
const KEY_ONLY: &str = "!key-only";

/// An office account's name: it also names its key file (`DATA/authorized_keys/NAME`).
pub fn valid_office_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 32
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

pub use super::keyfile::{AUTHORIZED_KEYS, KeyFile, KeyFileProblem, key_accepted, read_key_file};

/// Why a login was refused. Deliberately does not say whether the user exists (the
/// client is told only "permission denied"; the distinctions are for the server's log).
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong username or password")]
    BadCredentials {
        /// Whether the username belongs to an account (for the log only).
        known_user: bool,
    },
    #[error("this committee's review has ended; its accounts no longer work")]
    CommitteeClosed,
    /// Too many failures of this account or from this address; not checked.
    #[error("too many failed logins; locked out until {until}")]
    Locked { kind: KeyKind, until: String },
    /// Another attempt on the account failed while this one waited; not checked.
    #[error("too soon after a failed login")]
    TooSoon,
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// A throttled key as the office sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginBlock {
    pub kind: KeyKind,
    /// The username, or the source address (IPv6: its /64 network).
    pub key: String,
    pub failures: u32,
    pub lockouts: u32,
    pub last_failure: String,
    /// Set while locked out.
    pub locked_until: Option<String>,
    /// Set while the next attempt still has to wait.
    pub wait_seconds: Option<u64>,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A time in milliseconds as the stored form (`2026-11-27T01:02:03.456Z`).
pub fn time_text(ms: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    crate::store::time_of(t)
}

pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Problem(super::Problem::PasswordHash(e.to_string())))
}

fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(hash) => Argon2::default().verify_password(password.as_bytes(), &hash).is_ok(),
        Err(_) => false,
    }
}

/// The stricter of two gates, naming the kind of key that locked.
#[derive(Debug, PartialEq, Eq)]
enum LoginGate {
    Open,
    Wait(std::time::Duration),
    Locked { kind: KeyKind, until_ms: i64 },
}

/// Failed-login keys remembered at most; beyond, the oldest unlocked ones are forgotten.
const MAX_REMEMBERED: i64 = 100_000;

/// The longest username an account can have (see `random_secret` and the imports);
/// longer names are unknown by construction.
const MAX_USERNAME: usize = 64;

/// Failed logins the database could not take (a full disk): counted here instead, so
/// the limits still hold. Bounded; lost on restart, like the failure of the disk.
#[derive(Default)]
pub(super) struct LoginMemory(std::sync::Mutex<std::collections::HashMap<(KeyKind, String), Record>>);

impl LoginMemory {
    fn get(&self, kind: KeyKind, key: &str) -> Option<Record> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&(kind, key.to_string())).copied()
    }

    /// Counts a failure on top of the stricter of what memory and the database
    /// (`stored`) remember, so the count goes on where it stood; true when it locked
    /// the key.
    fn fail(
        &self,
        policy: &crate::domain::throttle::Policy,
        kind: KeyKind,
        key: &str,
        stored: Option<Record>,
        now: i64,
    ) -> bool {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= 10_000 {
            map.retain(|_, r| r.is_locked(now));
        }
        let base = Record::stricter(map.get(&(kind, key.to_string())), stored.as_ref());
        let was_locked = base.is_some_and(|r| r.is_locked(now));
        let next = policy.after_failure(base.as_ref(), now);
        map.insert((kind, key.to_string()), next);
        next.is_locked(now) && !was_locked
    }

    fn forget(&self, kind: KeyKind, key: &str) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&(kind, key.to_string()));
    }

    fn clear(&self, which: Option<(KeyKind, &str)>) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match which {
            Some((kind, key)) => {
                map.remove(&(kind, key.to_string()));
            }
            None => map.clear(),
        }
    }
}

fn locked(kind: KeyKind, until_ms: i64) -> LoginError {
    LoginError::Locked {
        kind,
        until: time_text(until_ms),
    }
}

/// One turn per username being tried right now (attempts on one account take turns;
/// different accounts never wait for each other). Entries of names no longer tried are
/// pruned, so memory follows the logins in progress.
#[derive(Default)]
pub(super) struct LoginTurns(std::sync::Mutex<std::collections::HashMap<String, Weak<tokio::sync::Mutex<()>>>>);

impl LoginTurns {
    fn turn(&self, username: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = map.get(username).and_then(Weak::upgrade) {
            return t;
        }
        if map.len() >= 1024 {
            map.retain(|_, w| w.strong_count() > 0);
        }
        let t = Arc::new(tokio::sync::Mutex::new(()));
        map.insert(username.to_string(), Arc::downgrade(&t));
        t
    }
}

/// A hash to verify against when the user does not exist, so that the time taken
/// does not reveal which usernames exist.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password("pingshen-dummy-password").unwrap_or_else(|_| {
            String::from("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        })
    })
}

/// A random secret of `len` characters from the unambiguous alphabet.
pub fn random_secret(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| UNAMBIGUOUS[rng.random_range(0..UNAMBIGUOUS.len())] as char)
        .collect()
}

impl Service {
    /// Prepares what login needs, so the first refused login costs what every other does.
    pub fn prepare_login(&self) {
        let _ = dummy_hash();
    }

    /// Checks a username and password from a source address, within the login limits:
    /// a locked account or address is refused without checking, a throttled one waits
    /// first (attempts on one account take turns), and every failure is remembered for
    /// both the account and the address. The hash runs on a blocking thread, at most a
    /// few at a time, so a burst of logins never stalls the sessions already connected.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        from: IpAddr,
    ) -> std::result::Result<Identity, LoginError> {
        let addr = address_key(from);
        // Wait out a backoff first, holding nothing another login needs.
        match self.gate_now(username, &addr).await? {
            LoginGate::Locked { kind, until_ms } => return Err(locked(kind, until_ms)),
            LoginGate::Wait(d) => tokio::time::sleep(d).await,
            LoginGate::Open => {}
        }
        // Attempts on one username take turns, so parallel connections cannot all try a
        // password before the failures are counted. Names longer than any account's
        // share one turn (they are unknown anyway, and must not pile up in memory).
        let turn_key = if username.len() > MAX_USERNAME { "" } else { username };
        let turn = self.login_turns.turn(turn_key).lock_owned().await;
        // A failure counted meanwhile (this account's, or another's from the same
        // address) may mean waiting again; a few rounds, then refused unchecked.
        let mut rounds = 0;
        loop {
            match self.gate_now(username, &addr).await? {
                LoginGate::Locked { kind, until_ms } => return Err(locked(kind, until_ms)),
                LoginGate::Wait(d) if rounds < 8 => {
                    rounds += 1;
                    tokio::time::sleep(d).await;
                }
                LoginGate::Wait(_) => return Err(LoginError::TooSoon),
                LoginGate::Open => break,
            }
        }
        // The permit moves into the blocking task: it is held for as long as the hash
        // runs, even if the connection that asked is gone meanwhile.
        let permit = self
            .verify_permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ServiceError::Shutdown)?;
        let username = username.to_string();
        let password = password.to_string();
        let this = self.clone();
        let hashers = self.hashers.clone();
        hashers
            .run(move || {
                // The turn, like the permit, lasts until the failure is counted, even if
                // the connection that asked is gone meanwhile.
                let _turn = turn;
                let result = this.login_blocking(&username, &password);
                drop(permit);
                this.remember_login(&username, &addr, &result)?;
                result
            })
            .await?
    }

    /// Whether `username` is an office account with keys to log in with (so that its
    /// login offers the publickey method; experts are offered passwords only).
    pub fn offers_keys(&self, username: &str) -> bool {
        let Ok(mut conn) = self.store.conn() else { return false };
        match q::account_by_username(&mut conn, username) {
            Ok(Some(a)) if a.is_operator => {
                let data = super::office::data_dir(self);
                match read_key_file(&data, username) {
                    Ok(f) => !f.keys.is_empty(),
                    Err(e) => {
                        // As OpenSSH says "Authentication refused: bad ownership or modes".
                        tracing::warn!(user = ?username, problem = %e, "key file not used");
                        false
                    }
                }
            }
            _ => false,
        }
    }

    /// Whether `key` is one an office account may log in with (read afresh from its
    /// key file each time, so a key taken out of it stops working at once).
    pub fn key_listed(&self, username: &str, key: &russh::keys::PublicKey) -> bool {
        let data = super::office::data_dir(self);
        match read_key_file(&data, username) {
            Ok(f) => f.keys.iter().any(|k| k.key_data() == key.key_data()),
            Err(e) => {
                tracing::warn!(user = ?username, problem = %e, "key file not used");
                false
            }
        }
    }

    /// A key login of an office account, the key's signature already checked by the
    /// SSH layer. Failed password logins do not lock it (a key cannot be guessed).
    pub fn login_with_key(
        &self,
        username: &str,
        key: &russh::keys::PublicKey,
    ) -> std::result::Result<Identity, LoginError> {
        let mut conn = self.store.conn().map_err(ServiceError::from)?;
        let account = q::account_by_username(&mut conn, username).map_err(ServiceError::from)?;
        drop(conn);
        match account {
            Some(a) if a.is_operator && self.key_listed(username, key) => Ok(self.identity(a.id)?),
            Some(_) => Err(LoginError::BadCredentials { known_user: true }),
            None => Err(LoginError::BadCredentials { known_user: false }),
        }
    }

    fn login_blocking(&self, username: &str, password: &str) -> std::result::Result<Identity, LoginError> {
        let mut conn = self.store.conn().map_err(ServiceError::from)?;
        let account = q::account_by_username(&mut conn, username).map_err(ServiceError::from)?;
        let Some(account) = account else {
            let _ = verify_password(password, dummy_hash());
            return Err(LoginError::BadCredentials { known_user: false });
        };
        if account.password_hash == KEY_ONLY {
            // A key-only account: no password opens it, and refusing one costs the same
            // hash as for any other account (no hint that it has no password).
            let _ = verify_password(password, dummy_hash());
            return Err(LoginError::BadCredentials { known_user: true });
        }
        if !verify_password(password, &account.password_hash) {
            return Err(LoginError::BadCredentials { known_user: true });
        }
        drop(conn);
        let identity = self.identity(account.id)?;
        if let Some(cid) = identity.committee_id {
            let mut conn = self.store.conn().map_err(ServiceError::from)?;
            let committee = q::committee_by_id(&mut conn, cid)
                .map_err(ServiceError::from)?
                .ok_or(ServiceError::NotFound("committee"))?;
            if committee.stage.parse::<Stage>().map_err(ServiceError::from)?.is_final() {
                return Err(LoginError::CommitteeClosed);
            }
        }
        Ok(identity)
    }

    async fn gate_now(&self, username: &str, addr: &str) -> Result<LoginGate> {
        let (user, a) = (username.to_string(), addr.to_string());
        self.blocking(move |s| s.login_gate(&user, &a)).await
    }

    /// The stricter of the account's and the address's gates now.
    fn login_gate(&self, username: &str, addr: &str) -> Result<LoginGate> {
        let mut conn = self.store.conn()?;
        let now = now_ms();
        let mut worst = LoginGate::Open;
        for (kind, key) in [(KeyKind::Account, username), (KeyKind::Address, addr)] {
            // What the database remembers, and what could only be remembered in memory
            // while the database refused writes.
            let record = Record::stricter(
                sec::get(&mut conn, kind, key)?.as_ref(),
                self.login_memory.get(kind, key).as_ref(),
            );
            match self.login_limits.policy(kind).gate(record.as_ref(), now) {
                Gate::Locked { until_ms } => return Ok(LoginGate::Locked { kind, until_ms }),
                Gate::Wait(d) => {
                    if !matches!(worst, LoginGate::Wait(w) if w >= d) {
                        worst = LoginGate::Wait(d);
                    }
                }
                Gate::Open => {}
            }
        }
        Ok(worst)
    }

    /// Counts a failure against the account (if it exists) and the address; a success
    /// clears the account's failures (not the address's: one good password must not
    /// hide guesses at other accounts).
    fn remember_login(
        &self,
        username: &str,
        addr: &str,
        result: &std::result::Result<Identity, LoginError>,
    ) -> std::result::Result<(), LoginError> {
        let mut conn = self.store.conn().map_err(ServiceError::from)?;
        let now = now_ms();
        match result {
            Ok(_) => {
                self.login_memory.forget(KeyKind::Account, username);
                // Best effort: a disk that cannot take this write must not stop a login.
                if let Err(e) = sec::delete(&mut conn, KeyKind::Account, username) {
                    tracing::error!(error = %e, "cannot clear an account's failed logins");
                }
            }
            Err(LoginError::BadCredentials { known_user }) => {
                let limits = self.login_limits;
                let mut keys = vec![(KeyKind::Address, addr)];
                if *known_user {
                    keys.push((KeyKind::Account, username));
                }
                // A lockout shows on the office's screen of login limits, on every node.
                let written = self.write_announcing(&mut conn, |conn| -> Result<(bool, Vec<Event>)> {
                    let mut locked_now = false;
                    for (kind, key) in &keys {
                        let old = sec::get(conn, *kind, key)?;
                        let new = limits.policy(*kind).after_failure(old.as_ref(), now);
                        sec::put(conn, *kind, key, &new)?;
                        locked_now |= new.is_locked(now) && !old.is_some_and(|o| o.is_locked(now));
                    }
                    let events = if locked_now {
                        vec![Event::LoginBlocksChanged]
                    } else {
                        Vec::new()
                    };
                    Ok((locked_now, events))
                });
                let on_disk = written.is_ok();
                let locked_now = match written {
                    Ok(l) => l,
                    Err(e) => {
                        // Fail closed: the count goes on in memory until the disk takes it.
                        tracing::error!(error = %e, "cannot record a failed login; counting it in memory");
                        let mut locked_now = false;
                        // The failure's time is now: a write that waited out a busy
                        // database must not have used up the backoff meanwhile.
                        let now = now_ms();
                        for (kind, key) in &keys {
                            // A full disk still reads: go on from the stored count.
                            let stored = sec::get(&mut conn, *kind, key).ok().flatten();
                            locked_now |= self.login_memory.fail(limits.policy(*kind), *kind, key, stored, now);
                        }
                        locked_now
                    }
                };
                if locked_now {
                    // The name only when it is an account's (an unknown one may be a password).
                    if *known_user {
                        tracing::warn!(user = ?username, address = addr, "login lockout engaged");
                    } else {
                        tracing::warn!(address = addr, "login lockout engaged");
                    }
                    // Counted in memory only: this node's office screen shows it.
                    if !on_disk {
                        self.publish(Event::LoginBlocksChanged);
                    }
                }
                // Now and then, forget what no longer matters.
                if rand::rng().random_range(0..64) == 0 {
                    let keep = limits.account.window.max(limits.account.lockout_max);
                    let keep = keep.max(limits.address.window.max(limits.address.lockout_max));
                    let before = now.saturating_sub(i64::try_from(keep.as_millis()).unwrap_or(i64::MAX));
                    sec::purge(&mut conn, before).map_err(ServiceError::from)?;
                    // And never remember more than a bounded number of keys.
                    sec::trim(&mut conn, MAX_REMEMBERED, now).map_err(ServiceError::from)?;
                }
            }
            Err(_) => {}
        }
        Ok(())
    }

    /// Every account and address with failed logins remembered, for the office.
    pub fn login_blocks(&self) -> Result<Vec<LoginBlock>> {
        let mut conn = self.store.conn()?;
        let now = now_ms();
        Ok(sec::all(&mut conn)?
            .into_iter()
            .filter(|(kind, _, r)| !r.is_spent(self.login_limits.policy(*kind), now))
            .map(|(kind, key, r)| {
                let wait_seconds = match self.login_limits.policy(kind).gate(Some(&r), now) {
                    Gate::Wait(d) => Some(d.as_secs().max(1)),
                    _ => None,
                };
                LoginBlock {
                    kind,
                    key,
                    failures: r.failures,
                    lockouts: r.lockouts,
                    last_failure: time_text(r.last_failure_ms),
                    locked_until: r.locked_until_ms.filter(|u| *u > now).map(time_text),
                    wait_seconds,
                }
            })
            .collect())
    }

    /// The office clears the failures of one account or address (`None`: all of them).
    /// Returns how many keys were cleared.
    pub fn clear_login_blocks(&self, who: &Identity, which: Option<(KeyKind, &str)>) -> Result<usize> {
        if !who.is_operator {
            return Err(ServiceError::Refused(crate::domain::Refusal::OperatorOnly));
        }
        self.login_memory.clear(which);
        let mut conn = self.store.conn()?;
        let cleared = self.write_announcing(&mut conn, |c| -> Result<_> {
            let cleared = match which {
                Some((kind, key)) => usize::from(sec::delete(c, kind, key)?),
                None => sec::delete_all(c)?,
            };
            Ok((cleared, vec![Event::LoginBlocksChanged]))
        })?;
        tracing::info!(by = %who.username, ?which, cleared, "login failures cleared");
        Ok(cleared)
    }

    /// Loads who an account is: name, committee and roles.
    pub fn identity(&self, account_id: i32) -> Result<Identity> {
        let mut conn = self.store.conn()?;
        let account = q::account_by_id(&mut conn, account_id)?.ok_or(ServiceError::NotFound("account"))?;
        let lang = account.language.parse::<Lang>()?;
        let (display_name, committee_id, roles) = match account.expert_id {
            Some(eid) => {
                let expert = q::expert_by_id(&mut conn, eid)?.ok_or(ServiceError::NotFound("expert"))?;
                let mut roles = q::roles_of_expert(&mut conn, eid)?
                    .iter()
                    .map(|r| r.parse::<Role>())
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                roles.sort();
                (expert.name, Some(expert.committee_id), roles)
            }
            None => (account.username.clone(), None, Vec::new()),
        };
        Ok(Identity {
            account_id: account.id,
            username: account.username,
            display_name,
            is_operator: account.is_operator,
            lang,
            committee_id,
            expert_id: account.expert_id,
            roles,
        })
    }

    /// Who an account is, by username, without a password (the office's own tools).
    pub fn identity_by_username(&self, username: &str) -> Result<Option<Identity>> {
        let mut conn = self.store.conn()?;
        match q::account_by_username(&mut conn, username)? {
            Some(a) => Ok(Some(self.identity(a.id)?)),
            None => Ok(None),
        }
    }

    /// Remembers the interface language of an account.
    pub fn set_language(&self, account_id: i32, lang: Lang) -> Result<()> {
        let mut conn = self.store.conn()?;
        self.write_announcing(&mut conn, |c| -> Result<_> {
            q::set_account_language(c, account_id, lang.as_str())?;
            Ok(((), vec![Event::AccountChanged { account_id }]))
        })
    }

    /// Creates the `operator` account if there is none yet and returns its new password
    /// (to be shown once); `None` when an operator already exists.
    pub fn ensure_operator(&self) -> Result<Option<String>> {
        let mut conn = self.store.conn()?;
        if q::operator_count(&mut conn)? > 0 {
            return Ok(None);
        }
        let password = random_secret(16);
        self.create_operator("operator", &password)?;
        Ok(Some(password))
    }

    /// `pingshen office add`: another office account, so that two staff members do not
    /// share one login. With a password (returned, to print once) or, `key_only`, none:
    /// it logs in with a key in `DATA/authorized_keys/NAME` only.
    pub fn add_office_account(&self, name: &str, key_only: bool) -> Result<Option<String>> {
        if !valid_office_name(name) {
            return Err(Problem::OfficeName(name.to_string()).into());
        }
        let password = (!key_only).then(|| random_secret(16));
        // A hash no password matches: the account has keys only.
        let hash = match &password {
            Some(p) => hash_password(p)?,
            None => KEY_ONLY.to_string(),
        };
        let mut conn = self.store.conn()?;
        crate::store::write(&mut conn, |c| {
            if q::account_by_username(c, name)?.is_some() {
                return Err(ServiceError::from(Problem::AccountExists(name.to_string())));
            }
            q::insert_account(
                c,
                &NewAccount {
                    username: name,
                    password_hash: &hash,
                    is_operator: true,
                    expert_id: None,
                    language: Lang::Zh.as_str(),
                },
            )?;
            crate::store::audit::append(
                c,
                None,
                OFFICE,
                Action::OfficeAccountAdd.name(),
                &serde_json::json!({ "account": name, "password": password.is_some() }).to_string(),
            )?;
            Ok(())
        })?;
        Ok(password)
    }

    /// `pingshen office remove`: an office account stops working at once (a session
    /// still open under it can neither read nor act). The last one is kept.
    pub fn remove_office_account(&self, name: &str) -> Result<()> {
        let mut conn = self.store.conn()?;
        crate::store::write(&mut conn, |c| {
            let account = q::account_by_username(c, name)?
                .filter(|a| a.is_operator)
                .ok_or_else(|| ServiceError::from(Problem::NoOfficeAccount(name.to_string())))?;
            if q::operator_count(c)? <= 1 {
                return Err(Problem::LastOfficeAccount(name.to_string()).into());
            }
            q::delete_account(c, account.id)?;
            crate::store::audit::append(
                c,
                None,
                OFFICE,
                Action::OfficeAccountRemove.name(),
                &serde_json::json!({ "account": name }).to_string(),
            )?;
            Ok(())
        })
    }

    /// `pingshen office list`: the office's accounts, with whether each has a password.
    pub fn office_accounts(&self) -> Result<Vec<OfficeAccount>> {
        let mut conn = self.store.conn()?;
        Ok(q::operator_accounts(&mut conn)?
            .into_iter()
            .map(|a| OfficeAccount {
                password: a.password_hash != KEY_ONLY,
                username: a.username,
                created_at: a.created_at,
            })
            .collect())
    }

    /// Creates an operator account with the given password.
    pub fn create_operator(&self, username: &str, password: &str) -> Result<i32> {
        let hash = hash_password(password)?;
        let mut conn = self.store.conn()?;
        Ok(q::insert_account(
            &mut conn,
            &NewAccount {
                username,
                password_hash: &hash,
                is_operator: true,
                expert_id: None,
                language: Lang::Zh.as_str(),
            },
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_and_verify() {
        let h = hash_password("秘密 secret").unwrap();
        assert!(h.starts_with("$argon2id$v=19$"), "{h}");
        assert!(verify_password("秘密 secret", &h));
        assert!(!verify_password("秘密 secreT", &h));
        assert!(!verify_password("x", "not a phc string"));
    }

    /// With the database refusing writes, failures are counted in memory on top of what the
    /// database already holds: the backoff starts at the same attempt as with a disk
    /// that takes every write (it once started one attempt late).
    #[test]
    fn failures_counted_in_memory_go_on_from_the_stored_count() {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let dir = tempfile::tempdir().unwrap();
        let fail = || Err(LoginError::BadCredentials { known_user: true });
        {
            let s = Service::new(crate::store::Store::open(dir.path()).unwrap());
            // Two of the three free failures, written to the database.
            for _ in 0..2 {
                s.remember_login("c1-g1-e1", "10.0.0.1", &fail()).unwrap();
            }
            assert_eq!(s.login_gate("c1-g1-e1", "10.0.0.1").unwrap(), LoginGate::Open);
        }
        // Another program holds the write lock: the next write fails (after the busy
        // timeout), while reads go on (WAL).
        // (The store is opened first: opening runs the migrations, which need the lock.)
        let s = Service::new(crate::store::Store::open(dir.path()).unwrap());
        let db = dir.path().join(crate::store::DATABASE_FILE);
        let mut other =
            crate::store::Db::Sqlite(diesel::sqlite::SqliteConnection::establish(&db.to_string_lossy()).unwrap());
        other.batch_execute("BEGIN IMMEDIATE").unwrap();
        // The third failure cannot be written; counted in memory, it still takes effect.
        s.remember_login("c1-g1-e1", "10.0.0.1", &fail()).unwrap();
        // Read through the lock holder's own connection: it sees what was committed,
        // and a new pooled connection's set-up cannot meet the lock (it did, under load).
        let stored = sec::get(&mut other, KeyKind::Account, "c1-g1-e1").unwrap();
        assert_eq!(stored.map(|r| r.failures), Some(2), "the disk took the write after all");
        assert!(
            matches!(s.login_gate("c1-g1-e1", "10.0.0.1").unwrap(), LoginGate::Wait(_)),
            "the backoff did not start at the third failure"
        );
    }

    #[test]
    fn random_secrets_avoid_ambiguous_characters() {
        let s = random_secret(2000);
        assert_eq!(s.chars().count(), 2000);
        for bad in ['0', 'O', '1', 'l', 'I'] {
            assert!(!s.contains(bad), "{bad} in secret");
        }
        assert_ne!(random_secret(16), random_secret(16));
    }
}
