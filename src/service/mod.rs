//! The service: one function per user action, the only door to the data for the
//! terminal screens and the command line. Each function checks who is acting, writes
//! through `store` in one transaction and publishes an event on the hub for live screens.

pub mod accounts;
pub mod auth;
pub mod certificates;
pub mod home;
pub mod inbox;
pub mod keyfile;
pub mod leads;
mod nodes;
pub mod office;
pub mod replay;
pub mod review;
pub mod screens;
pub mod setup;
pub mod storage;

use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};

use crate::domain::UnknownName;
use crate::domain::throttle::LoginLimits;
use crate::store::{Store, StoreError};

/// How storage failed, as screens tell it (the store's own classification).
pub use crate::store::Fault;
pub use auth::{Identity, LoginBlock, LoginError};
pub use home::{CommitteeCard, HomeView, Todo};

/// A change that live screens may need to show (and that other nodes hear of,
/// `nodes`, hence serde).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    /// Something about this committee changed (stage, people, applicants, votes).
    CommitteeChanged { committee_id: i32, reach: Reach },
    /// A group's vote switch opened or closed. Screens show the new phase at once, from
    /// the event itself; the `CommitteeChanged` that follows brings the rest up to date.
    GroupPhaseChanged {
        committee_id: i32,
        group_id: i32,
        #[serde(with = "phase_name")]
        phase: crate::domain::GroupPhase,
        /// Its place among the changes (see `Service::changes_so_far`): a home view
        /// read before it may still show the old phase. Each node numbers the events
        /// it publishes, so another node's number is not sent.
        #[serde(skip)]
        seq: u64,
    },
    /// An account's own settings changed (for example its language).
    AccountChanged { account_id: i32 },
    /// The office cleared failed logins.
    LoginBlocksChanged,
}

/// A group's phase by its name, in what nodes tell each other.
mod phase_name {
    use crate::domain::GroupPhase;

    pub fn serialize<S: serde::Serializer>(p: &GroupPhase, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(p.as_str())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<GroupPhase, D::Error> {
        let name = <String as serde::Deserialize>::deserialize(d)?;
        GroupPhase::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("no group phase {name}")))
    }
}

/// Whose screens a committee change can alter. Narrow reaches keep one expert's draft
/// from reloading every screen of a provincial committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reach {
    /// Any screen of the committee may show a difference (stage, switches, people,
    /// applicants, opinions, scores).
    Everyone,
    /// Only the acting account's own screens and the screens that oversee the work
    /// (group leaders, the director, the office): a draft vote, a submission of one's
    /// votes, a saved score. Nobody else is shown another expert's votes.
    ActorAndOverseers { account_id: i32 },
}

impl Reach {
    /// The reach of an action taken by `account_id`.
    pub fn of(action: crate::domain::action::Action, account_id: i32) -> Reach {
        match action.concerns() {
            crate::domain::action::Concerns::ActorAndOverseers => Reach::ActorAndOverseers { account_id },
            crate::domain::action::Concerns::Everyone => Reach::Everyone,
        }
    }
}

impl Event {
    /// Anything of the committee may have changed, for every screen of it.
    pub fn everyone_in(committee_id: i32) -> Event {
        Event::CommitteeChanged {
            committee_id,
            reach: Reach::Everyone,
        }
    }

    /// Whether this event can change what `who` sees. Publishing hands an event only
    /// to the sessions it concerns, so a draft in a group of a thousand wakes two
    /// sessions (the drafter's and the leader's), not a thousand.
    pub fn concerns(&self, who: &Identity) -> bool {
        let of_committee = |id: &i32| who.is_operator || who.committee_id == Some(*id);
        match self {
            Event::CommitteeChanged { committee_id, reach } => {
                of_committee(committee_id)
                    && match reach {
                        Reach::Everyone => true,
                        Reach::ActorAndOverseers { account_id } => *account_id == who.account_id || who.oversees(),
                    }
            }
            Event::GroupPhaseChanged { committee_id, .. } => of_committee(committee_id),
            Event::AccountChanged { account_id } => *account_id == who.account_id,
            Event::LoginBlocksChanged => who.is_operator,
        }
    }
}

/// What a live session hears: an event, or word that it fell behind and missed some
/// (it then reloads everything on screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    Event(Event),
    Missed,
}

/// Hands `event` to the screens it concerns; a phase change takes the next number of
/// `changes` (it is committed before: a read that starts later sees it).
fn publish_to(listeners: &std::sync::Mutex<Listeners>, changes: &std::sync::atomic::AtomicU64, mut event: Event) {
    if let Event::GroupPhaseChanged { seq, .. } = &mut event {
        *seq = changes.fetch_add(1, std::sync::atomic::Ordering::AcqRel) + 1;
    }
    let l = listeners.lock().unwrap_or_else(|p| p.into_inner());
    for x in l.list.iter().filter(|x| event.concerns(&x.who)) {
        x.tell(&event);
    }
}

/// Events a session may fall behind by before it is told it missed some.
const INBOX: usize = 256;

/// The live sessions listening for events, with who each one is.
#[derive(Default)]
struct Listeners {
    next: u64,
    list: Vec<Listener>,
}

struct Listener {
    id: u64,
    who: Identity,
    inbox: mpsc::Sender<Heard>,
}

impl Listener {
    /// Hands an event over; the last free place of a full inbox takes `Missed`
    /// instead, so a session that falls behind always hears that it did.
    fn tell(&self, event: &Event) {
        let heard = match self.inbox.capacity() {
            0 => return,
            1 => Heard::Missed,
            _ => Heard::Event(event.clone()),
        };
        // Only this publisher (under the listeners' lock) sends, so the place is free.
        let _ = self.inbox.try_send(heard);
    }
}

/// A session's subscription to the events that concern it; dropping it ends it.
pub struct Subscription {
    inbox: mpsc::Receiver<Heard>,
    listeners: Arc<std::sync::Mutex<Listeners>>,
    id: u64,
}

impl Subscription {
    /// The next event for this session (cancel-safe, for `select!`).
    pub async fn recv(&mut self) -> Option<Heard> {
        self.inbox.recv().await
    }

    /// The next event already here, without waiting (for drivers that run a screen
    /// step by step, such as the screen tests).
    pub fn try_recv(&mut self) -> Option<Heard> {
        self.inbox.try_recv().ok()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut l = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        l.list.retain(|x| x.id != self.id);
    }
}

type HashJob = Box<dyn FnOnce() + Send>;

/// Threads that check passwords at a lower priority than everything else (nice 10):
/// each argon2id check takes tens of milliseconds of a core, and a burst of logins
/// must not slow down the screens of the people already at work. Idle cores still run
/// them at full speed. Started at the first login.
struct Hashers {
    threads: usize,
    queue: std::sync::OnceLock<std::sync::mpsc::Sender<HashJob>>,
}

impl Hashers {
    fn new(threads: usize) -> Hashers {
        Hashers {
            threads: threads.max(1),
            queue: std::sync::OnceLock::new(),
        }
    }

    fn queue(&self) -> &std::sync::mpsc::Sender<HashJob> {
        self.queue.get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::channel::<HashJob>();
            let rx = Arc::new(std::sync::Mutex::new(rx));
            for i in 0..self.threads {
                let rx = rx.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("pingshen-hash-{i}"))
                    .spawn(move || {
                        lower_this_threads_priority();
                        loop {
                            let job = rx.lock().map(|r| r.recv());
                            match job {
                                // A panic fails that login (its answer is dropped), not
                                // the thread.
                                Ok(Ok(job)) => {
                                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                                }
                                _ => break,
                            }
                        }
                    });
                if let Err(e) = spawned {
                    tracing::error!("cannot start a password thread: {e}");
                }
            }
            tx
        })
    }

    /// Runs `f` on a password thread.
    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: HashJob = Box::new(move || {
            let _ = tx.send(f());
        });
        self.queue().send(job).map_err(|_| ServiceError::Shutdown)?;
        rx.await.map_err(|_| ServiceError::Shutdown)
    }
}

/// Nice 10 for the calling thread only (on Linux the nice value is per thread).
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take plain integers; a failure leaves the thread
    // at its priority, which is harmless.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the database holds an invalid value: {0}")]
    Corrupt(#[from] UnknownName),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Problem(Problem),
    /// The engine refused (a reading the account may not do, for example).
    #[error("{0}")]
    Refused(crate::domain::Refusal),
    #[error("the server is shutting down")]
    Shutdown,
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        ServiceError::Store(StoreError::Query(e))
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// What stopped an office step that is not a rule of the review: a name not found,
/// a folder not writable, a setup value out of range. Each has its message in both
/// catalogs (`tui::text::problem`); the command line prints the English one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("cannot hash password: {0}")]
    PasswordHash(String),
    #[error("cannot create {path}: {why}")]
    CannotCreate { path: String, why: String },
    /// Writing an export failed: the file, and the system's words (for the log and
    /// the command line; the screen says it in the user's language).
    #[error("cannot write {path}: {why}")]
    CannotWrite { path: String, why: String },
    #[error("no {what} named {who} in committee {committee_id}")]
    NoneNamed {
        what: &'static str,
        who: String,
        committee_id: i32,
    },
    #[error("several {what}s are named {who}; write NAME@EMPLOYER")]
    SeveralNamed { what: &'static str, who: String },
    #[error("the committee has reported; its accounts have ended")]
    AccountsEnded,
    #[error("the committee has no experts yet")]
    NoExpertsYet,
    #[error("certificates are issued once the committee has reported its results")]
    NotReportedYet,
    #[error("the committee's review has started; its setup can no longer change")]
    SetupClosed,
    #[error("a committee name must have 1 to 200 characters")]
    CommitteeName,
    #[error("a group name must have 1 to 100 characters")]
    GroupName,
    #[error("{0} is a group leader or expert but has no professional group")]
    NoGroup(String),
    #[error("{0} has no role")]
    NoRole(String),
    #[error("the group belongs to another committee")]
    GroupElsewhere,
    #[error(
        "`{0}` cannot name an office account: 1 to 32 lowercase letters, digits, '.', '-' or '_', starting with a letter"
    )]
    OfficeName(String),
    #[error("an account named {0} exists already")]
    AccountExists(String),
    #[error("no office account is named {0}")]
    NoOfficeAccount(String),
    #[error("{0} is the last office account; add another before removing it")]
    LastOfficeAccount(String),
    #[error("{0} has no account to revoke")]
    NoAccount(String),
    /// Reading a file failed (the system's words go to the log).
    #[error("cannot read {path}: {why}")]
    CannotRead { path: String, why: String },
    #[error("no file named {0} in inbox/")]
    NoInboxFile(String),
    #[error("{name} is larger than {mib} MiB; split it")]
    ImportTooLarge { name: String, mib: u64 },
    /// No Chinese font for the PDFs (the system's words go to the log).
    #[error("no Chinese font for the PDF: {0}")]
    NoFont(String),
}

impl From<Problem> for ServiceError {
    fn from(p: Problem) -> Self {
        ServiceError::Problem(p)
    }
}

/// Live terminal sessions per account, oldest first. By default one (no proxy voting):
/// a new session of an account beyond the cap takes over the oldest, which is told to end.
#[derive(Default)]
struct Sessions {
    next: u64,
    /// Per account, oldest first.
    live: std::collections::HashMap<i32, std::collections::VecDeque<Live>>,
}

/// One live session of an account.
struct Live {
    id: u64,
    /// Fires to end it, saying why.
    end: tokio::sync::oneshot::Sender<SessionEnd>,
    /// A terminal session counts towards the cap; a file session ends with its account
    /// only.
    terminal: bool,
    /// Its login was heard back from the database (several nodes, `nodes`): a login on
    /// another node announced after it takes it over.
    announced: bool,
}

/// How often the server looks for live sessions whose account is gone.
pub const ACCOUNT_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

/// Why the service ends a live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// A newer login of the same account took over.
    TakenOver,
    /// The office reset, revoked or re-issued the account.
    AccountChanged,
}

/// A registered session; dropping it unregisters it (unless it was taken over).
pub struct SessionTicket {
    registry: Arc<std::sync::Mutex<Sessions>>,
    account_id: i32,
    id: u64,
}

impl Drop for SessionTicket {
    fn drop(&mut self) {
        if let Ok(mut s) = self.registry.lock()
            && let Some(list) = s.live.get_mut(&self.account_id)
        {
            list.retain(|l| l.id != self.id);
            if list.is_empty() {
                s.live.remove(&self.account_id);
            }
        }
    }
}

/// Shared by every session and command; cheap to clone.
#[derive(Clone)]
pub struct Service {
    store: Store,
    listeners: Arc<std::sync::Mutex<Listeners>>,
    /// Changes announced so far (a sequence for ordering reads against events).
    changes: Arc<std::sync::atomic::AtomicU64>,
    sessions: Arc<std::sync::Mutex<Sessions>>,
    /// This node among several on one PostgreSQL database (`nodes`).
    node: Arc<nodes::Node>,
    /// Bounds the screens' database work (loads and actions) running at once to the
    /// cores: a change seen by a thousand screens queues their reloads here instead of
    /// starting hundreds of threads that crowd out the drawing of frames, and a
    /// thousand votes queue here in order instead of polling SQLite's write lock past
    /// its timeout. The office's long jobs (issuing accounts, exports) and logins do
    /// not wait here.
    screen_permits: Arc<Semaphore>,
    /// Bounds concurrent password verifications (each argon2id verify holds ~19 MiB
    /// and a blocking thread for tens of milliseconds).
    verify_permits: Arc<Semaphore>,
    /// The threads that check passwords, below the sessions' priority.
    hashers: Arc<Hashers>,
    login_limits: LoginLimits,
    login_turns: Arc<auth::LoginTurns>,
    login_memory: Arc<auth::LoginMemory>,
    /// Live terminal sessions one account may have; a newer login takes over the oldest.
    sessions_per_account: usize,
    /// How the slips written from the office's screen tell people to log in (set by the
    /// SSH server when it starts: its public address, port and host key).
    slip_login: Arc<std::sync::OnceLock<crate::office::records::SlipLogin>>,
    /// Where the office's screen finds the signing key, and the issuer it prints.
    certificates: Arc<std::sync::OnceLock<office::CertificateSetup>>,
}

impl Service {
    pub fn new(store: Store) -> Service {
        let permits = std::thread::available_parallelism().map_or(2, |n| n.get());
        Service {
            store,
            listeners: Arc::default(),
            changes: Arc::default(),
            sessions: Arc::default(),
            node: Arc::default(),
            verify_permits: Arc::new(Semaphore::new(permits)),
            hashers: Arc::new(Hashers::new(permits)),
            screen_permits: Arc::new(Semaphore::new(permits.max(2))),
            login_limits: LoginLimits::default(),
            login_turns: Arc::default(),
            login_memory: Arc::default(),
            sessions_per_account: 1,
            slip_login: Arc::new(std::sync::OnceLock::new()),
            certificates: Arc::new(std::sync::OnceLock::new()),
        }
    }

    /// The same service with other login limits.
    pub fn with_login_limits(mut self, limits: LoginLimits) -> Service {
        self.login_limits = limits;
        self
    }

    /// The same service allowing `n` (at least 1) live sessions per account.
    pub fn with_sessions_per_account(mut self, n: usize) -> Service {
        self.sessions_per_account = n.max(1);
        self
    }

    /// Sets where the screen's certificates are signed and who issues them.
    pub fn set_certificates(&self, setup: office::CertificateSetup) {
        let _ = self.certificates.set(setup);
    }

    /// Sets how slips tell people to log in (the first setting stays).
    pub fn set_slip_login(&self, login: crate::office::records::SlipLogin) {
        let _ = self.slip_login.set(login);
    }

    /// How slips tell people to log in: as the server set it, or without an address.
    pub fn slip_login(&self) -> crate::office::records::SlipLogin {
        self.slip_login
            .get()
            .cloned()
            .unwrap_or(crate::office::records::SlipLogin {
                host: None,
                port: 2222,
                fingerprint: String::new(),
            })
    }

    pub fn login_limits(&self) -> &LoginLimits {
        &self.login_limits
    }

    /// Registers a live terminal session of an account. When the account already has as
    /// many as it may, the oldest is told to end (its receiver fires); the returned
    /// receiver fires when a newer session takes this one over.
    pub fn register_session(&self, account_id: i32) -> (SessionTicket, tokio::sync::oneshot::Receiver<SessionEnd>) {
        self.register(account_id, true)
    }

    /// Registers an SFTP session of an office account: it does not count towards the
    /// terminal sessions' cap (the office works on its screen and moves files at once),
    /// and it ends when the account is removed or changed, as a terminal does.
    pub fn register_file_session(
        &self,
        account_id: i32,
    ) -> (SessionTicket, tokio::sync::oneshot::Receiver<SessionEnd>) {
        self.register(account_id, false)
    }

    fn register(&self, account_id: i32, terminal: bool) -> (SessionTicket, tokio::sync::oneshot::Receiver<SessionEnd>) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        s.next += 1;
        let id = s.next;
        let cap = self.sessions_per_account;
        let list = s.live.entry(account_id).or_default();
        while terminal && list.iter().filter(|l| l.terminal).count() >= cap {
            match list.iter().position(|l| l.terminal).and_then(|i| list.remove(i)) {
                Some(old) => {
                    let _ = old.end.send(SessionEnd::TakenOver);
                }
                None => break,
            }
        }
        list.push_back(Live {
            id,
            end: tx,
            terminal,
            announced: false,
        });
        drop(s);
        if terminal {
            // Its older sessions on the other nodes are taken over too.
            self.announce_login(account_id, id);
        }
        (
            SessionTicket {
                registry: self.sessions.clone(),
                account_id,
                id,
            },
            rx,
        )
    }

    /// Ends every live session of these accounts, telling each why (the office changed
    /// its account); returns how many were open.
    pub fn end_sessions_of(&self, account_ids: &[i32]) -> usize {
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let mut ended = 0;
        for id in account_ids {
            for l in s.live.remove(id).into_iter().flatten() {
                ended += usize::from(l.end.send(SessionEnd::AccountChanged).is_ok());
            }
        }
        ended
    }

    /// Ends the live sessions whose account no longer exists (reset, revoked or
    /// re-issued, also by a `pingshen accounts` command run beside the server); the
    /// SSH server asks every [`ACCOUNT_CHECK`].
    pub fn end_sessions_of_vanished_accounts(&self) -> Result<usize> {
        let live: Vec<i32> = {
            let s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
            s.live.keys().copied().collect()
        };
        if live.is_empty() {
            return Ok(0);
        }
        let mut conn = self.store.conn()?;
        let existing = crate::store::queries::existing_account_ids(&mut conn, &live)?;
        let gone: Vec<i32> = live.into_iter().filter(|id| !existing.contains(id)).collect();
        Ok(self.end_sessions_of(&gone))
    }

    /// How many live sessions these accounts have.
    pub fn live_sessions_of(&self, account_ids: &[i32]) -> usize {
        let s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        account_ids.iter().map(|id| s.live.get(id).map_or(0, |l| l.len())).sum()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Live screens subscribe here, each hearing only the events that concern `who`.
    pub fn subscribe(&self, who: &Identity) -> Subscription {
        let (tx, rx) = mpsc::channel(INBOX);
        let mut l = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        l.next += 1;
        let id = l.next;
        l.list.push(Listener {
            id,
            who: who.clone(),
            inbox: tx,
        });
        Subscription {
            inbox: rx,
            listeners: self.listeners.clone(),
            id,
        }
    }

    /// How many changes were announced so far. A read that starts after a change's
    /// number was taken sees that change (it was committed before).
    pub fn changes_so_far(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Hands a committed change's event to this node's screens it concerns.
    fn publish(&self, event: Event) {
        publish_to(&self.listeners, &self.changes, event);
    }

    /// Runs blocking service work (SQLite) on the blocking pool.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Service) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || f(&this))
            .await
            .map_err(|_| ServiceError::Shutdown)?
    }

    /// Runs a user's action (one short write) on the blocking pool, queued with the
    /// screens' loads, at most one per core at a time, in the order asked.
    pub async fn act_on<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Service) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.load(f).await
    }

    /// Runs a screen's load on the blocking pool, at most one per core at a time.
    pub async fn load<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Service) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.screen_permits.clone().acquire_owned().await;
        let permit = permit.map_err(|_| ServiceError::Shutdown)?;
        self.blocking(move |s| {
            let _permit = permit;
            f(s)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(account_id: i32, roles: Vec<crate::domain::Role>) -> Identity {
        Identity {
            account_id,
            username: format!("u{account_id}"),
            display_name: format!("u{account_id}"),
            is_operator: false,
            lang: crate::domain::Lang::Zh,
            committee_id: Some(7),
            expert_id: Some(account_id),
            roles,
        }
    }

    /// Actions and loads run at most one per core at a time.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn actions_queue_one_at_a_time_and_loads_one_per_core() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let service = Service::new(Store::open(dir.path()).unwrap());
        for loads in [false, true] {
            let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
            let mut tasks = Vec::new();
            for _ in 0..24 {
                let (service, now, most) = (service.clone(), now.clone(), most.clone());
                tasks.push(tokio::spawn(async move {
                    let work = move |_: &Service| {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        now.fetch_sub(1, Ordering::SeqCst);
                        Ok(())
                    };
                    if loads {
                        service.load(work).await
                    } else {
                        service.act_on(work).await
                    }
                }));
            }
            for t in tasks {
                t.await.unwrap().unwrap();
            }
            let cap = service.screen_permits.available_permits();
            assert!(
                most.load(Ordering::SeqCst) <= cap,
                "{} at once",
                most.load(Ordering::SeqCst)
            );
            assert!(most.load(Ordering::SeqCst) >= 1);
        }
    }

    /// Only the sessions an event concerns hear it; a session that falls behind hears
    /// that it missed some; a dropped subscription is forgotten.
    #[tokio::test]
    async fn events_reach_only_the_sessions_they_concern() {
        use crate::domain::Role;
        let dir = tempfile::tempdir().unwrap();
        let service = Service::new(Store::open(dir.path()).unwrap());
        let mut expert = service.subscribe(&member(1, vec![Role::Expert]));
        let mut drafter = service.subscribe(&member(2, vec![Role::Expert]));
        let mut leader = service.subscribe(&member(3, vec![Role::Leader]));
        let mut office = service.subscribe(&Identity::office());
        let draft = Event::CommitteeChanged {
            committee_id: 7,
            reach: Reach::ActorAndOverseers { account_id: 2 },
        };
        service.publish(draft.clone());
        service.publish(Event::LoginBlocksChanged);
        let switch = Event::GroupPhaseChanged {
            committee_id: 7,
            group_id: 1,
            phase: crate::domain::GroupPhase::Voting,
            seq: 1,
        };
        service.publish(switch.clone());
        service.publish(Event::CommitteeChanged {
            committee_id: 8,
            reach: Reach::Everyone,
        });
        assert_eq!(expert.recv().await, Some(Heard::Event(switch.clone())), "not the draft");
        assert_eq!(drafter.recv().await, Some(Heard::Event(draft.clone())));
        assert_eq!(drafter.recv().await, Some(Heard::Event(switch.clone())));
        assert_eq!(leader.recv().await, Some(Heard::Event(draft.clone())));
        assert_eq!(leader.recv().await, Some(Heard::Event(switch.clone())));
        assert_eq!(office.recv().await, Some(Heard::Event(draft.clone())));
        assert_eq!(office.recv().await, Some(Heard::Event(Event::LoginBlocksChanged)));
        assert_eq!(office.recv().await, Some(Heard::Event(switch.clone())));
        // Committee 8 is the office's too, and nobody else's.
        assert!(matches!(
            office.recv().await,
            Some(Heard::Event(Event::CommitteeChanged { committee_id: 8, .. }))
        ));
        for s in [&mut expert, &mut drafter, &mut leader] {
            assert!(s.inbox.is_empty());
        }
        // The expert stops reading; past its inbox it is told it missed events.
        for _ in 0..INBOX + 5 {
            service.publish(switch.clone());
        }
        // Each publication of a phase change takes the next number.
        for n in 0..INBOX as u64 - 1 {
            match expert.recv().await {
                Some(Heard::Event(Event::GroupPhaseChanged { seq, .. })) => assert_eq!(seq, n + 2),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(expert.recv().await, Some(Heard::Missed), "the last place says so");
        assert!(expert.inbox.is_empty());
        drop(drafter);
        assert_eq!(service.listeners.lock().unwrap().list.len(), 3);
    }
}
