//! The service: one function per user action, the only door to the data for the
//! terminal screens and the command line. Each function checks who is acting, writes
//! through `store` in one transaction and publishes an event on the hub for live screens.

pub mod auth;
pub mod home;
pub mod office;
pub mod replay;
pub mod review;
pub mod screens;
pub mod setup;

use std::sync::Arc;

use tokio::sync::{Semaphore, broadcast};

use crate::domain::UnknownName;
use crate::domain::throttle::LoginLimits;
use crate::store::{Store, StoreError};

pub use auth::{Identity, LoginBlock, LoginError};
pub use home::{CommitteeCard, HomeView, Todo};

/// A change that live screens may need to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Something about this committee changed (stage, people, applicants, votes).
    CommitteeChanged { committee_id: i32, reach: Reach },
    /// An account's own settings changed (for example its language).
    AccountChanged { account_id: i32 },
    /// The office cleared failed logins.
    LoginBlocksChanged,
}

/// Whose screens a committee change can alter. Narrow reaches keep one expert's draft
/// from reloading every screen of a provincial committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// The reach of an audited action, by its name.
    pub fn of_action(action: &str, account_id: i32) -> Reach {
        match action {
            "group.vote.draft"
            | "group.vote.submit"
            | "committee.vote.draft"
            | "committee.vote.submit"
            | "score.save" => Reach::ActorAndOverseers { account_id },
            _ => Reach::Everyone,
        }
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
    Invalid(String),
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

/// Live terminal sessions per account, oldest first. By default one (no proxy voting):
/// a new session of an account beyond the cap takes over the oldest, which is told to end.
#[derive(Default)]
struct Sessions {
    next: u64,
    live: std::collections::HashMap<i32, std::collections::VecDeque<(u64, tokio::sync::oneshot::Sender<()>)>>,
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
            list.retain(|(id, _)| *id != self.id);
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
    hub: broadcast::Sender<Event>,
    sessions: Arc<std::sync::Mutex<Sessions>>,
    /// Bounds concurrent password verifications (each argon2id verify holds ~19 MiB
    /// and a blocking thread for tens of milliseconds).
    verify_permits: Arc<Semaphore>,
    login_limits: LoginLimits,
    login_turns: Arc<auth::LoginTurns>,
    login_memory: Arc<auth::LoginMemory>,
    /// Live terminal sessions one account may have; a newer login takes over the oldest.
    sessions_per_account: usize,
}

impl Service {
    pub fn new(store: Store) -> Service {
        let (hub, _) = broadcast::channel(1024);
        let permits = std::thread::available_parallelism().map_or(2, |n| n.get());
        Service {
            store,
            hub,
            sessions: Arc::default(),
            verify_permits: Arc::new(Semaphore::new(permits)),
            login_limits: LoginLimits::default(),
            login_turns: Arc::default(),
            login_memory: Arc::default(),
            sessions_per_account: 1,
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

    pub fn login_limits(&self) -> &LoginLimits {
        &self.login_limits
    }

    /// Registers a live terminal session of an account. When the account already has as
    /// many as it may, the oldest is told to end (its receiver fires); the returned
    /// receiver fires when a newer session takes this one over.
    pub fn register_session(&self, account_id: i32) -> (SessionTicket, tokio::sync::oneshot::Receiver<()>) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        s.next += 1;
        let id = s.next;
        let cap = self.sessions_per_account;
        let list = s.live.entry(account_id).or_default();
        while list.len() >= cap {
            match list.pop_front() {
                Some((_, old)) => {
                    let _ = old.send(());
                }
                None => break,
            }
        }
        list.push_back((id, tx));
        (
            SessionTicket {
                registry: self.sessions.clone(),
                account_id,
                id,
            },
            rx,
        )
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Live screens subscribe here.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.hub.subscribe()
    }

    fn publish(&self, event: Event) {
        // No subscriber is not an error: nobody is looking.
        let _ = self.hub.send(event);
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
}
