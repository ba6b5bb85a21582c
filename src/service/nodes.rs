//! Several nodes on one PostgreSQL database (README, "Several nodes"): what one node
//! tells the others, and what it does with what it hears.
//!
//! - A change's events go out inside the change's transaction ([`Service::write_announcing`])
//!   and reach the screens of every node, as if made there.
//! - A terminal login goes out through the listener's connection; the account's older
//!   sessions on the other nodes are taken over, as on one node.
//! - After the listener lost its connection, every screen of this node reloads (it may
//!   have missed changes), as a session that fell behind does.
//!
//! On SQLite nothing is announced and no listener runs.

use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, Weak};

use serde::{Deserialize, Serialize};

use super::{Event, Listeners, Service, SessionEnd, Sessions};
use crate::store::Db;
use crate::store::notify::{self, Notice};

/// What one node says to the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k")]
enum Word {
    /// The events of one committed change.
    #[serde(rename = "e")]
    Changes { n: u64, e: Vec<Event> },
    /// More changed than fits in one announcement: every screen reloads.
    #[serde(rename = "r")]
    Reload { n: u64 },
    /// Account `a` logged in, as session `s` of node `n`.
    #[serde(rename = "l")]
    Login { n: u64, a: i32, s: u64 },
}

impl Word {
    fn node(&self) -> u64 {
        match self {
            Word::Changes { n, .. } | Word::Reload { n } | Word::Login { n, .. } => *n,
        }
    }
}

/// This node: its name among the nodes, and its listener once started.
pub(super) struct Node {
    id: u64,
    listening: std::sync::OnceLock<notify::Listening>,
}

impl Default for Node {
    fn default() -> Node {
        Node {
            id: rand::random(),
            listening: std::sync::OnceLock::new(),
        }
    }
}

/// The announcement of `events` from node `n`: the events, or a reload when they do not
/// fit in one payload.
fn payload(n: u64, events: &[Event]) -> String {
    let changes = serde_json::to_string(&Word::Changes { n, e: events.to_vec() }).unwrap_or_default();
    if !changes.is_empty() && changes.len() <= notify::MAX_PAYLOAD {
        changes
    } else {
        serde_json::to_string(&Word::Reload { n }).unwrap_or_default()
    }
}

impl Service {
    /// Runs `f` in one write transaction and announces the events it returns: to the
    /// other nodes inside the transaction (heard only once it commits), then to this
    /// node's screens.
    pub(crate) fn write_announcing<T, E>(
        &self,
        conn: &mut Db,
        f: impl FnOnce(&mut Db) -> Result<(T, Vec<Event>), E>,
    ) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        let node = self.node.id;
        let (value, events) = crate::store::write(conn, |c| -> Result<(T, Vec<Event>), E> {
            let (value, events) = f(c)?;
            if !events.is_empty() {
                notify::announce(c, &payload(node, &events))?;
            }
            Ok((value, events))
        })?;
        for e in events {
            self.publish(e);
        }
        Ok(value)
    }

    /// Starts hearing the other nodes (the server does, once): on PostgreSQL a listener
    /// of its own; nothing on SQLite. Returns whether one runs.
    pub fn hear_other_nodes(&self) -> std::io::Result<bool> {
        if self.node.listening.get().is_some() {
            return Ok(true);
        }
        let hearing = Hearing {
            node: self.node.id,
            listeners: Arc::downgrade(&self.listeners),
            sessions: Arc::downgrade(&self.sessions),
            changes: self.changes.clone(),
            sessions_per_account: self.sessions_per_account,
        };
        match self.store.listen(move |notice| hearing.hear(notice)) {
            None => Ok(false),
            Some(listening) => {
                let _ = self.node.listening.set(listening?);
                Ok(true)
            }
        }
    }

    /// Tells the other nodes that session `session` of `account_id` began here.
    pub(super) fn announce_login(&self, account_id: i32, session: u64) {
        if let Some(l) = self.node.listening.get() {
            let word = Word::Login {
                n: self.node.id,
                a: account_id,
                s: session,
            };
            if let Ok(p) = serde_json::to_string(&word) {
                l.send(p);
            }
        }
    }
}

/// What the listener's thread holds: the node's listeners and sessions, weakly (it
/// stops once the service is gone).
struct Hearing {
    node: u64,
    listeners: Weak<Mutex<Listeners>>,
    sessions: Weak<Mutex<Sessions>>,
    changes: Arc<AtomicU64>,
    sessions_per_account: usize,
}

impl Hearing {
    fn hear(&self, notice: Notice) -> bool {
        let (Some(listeners), Some(sessions)) = (self.listeners.upgrade(), self.sessions.upgrade()) else {
            return false;
        };
        match notice {
            Notice::Heard(p) => match serde_json::from_str::<Word>(&p) {
                Ok(word) if word.node() == self.node => {
                    if let Word::Login { s, a, .. } = word {
                        lock(&sessions).heard_own_login(a, s);
                    }
                }
                Ok(Word::Changes { e, .. }) => {
                    for event in e {
                        super::publish_to(&listeners, &self.changes, event);
                    }
                }
                Ok(Word::Reload { .. }) => lock(&listeners).all_missed(),
                Ok(Word::Login { a, .. }) => {
                    lock(&sessions).taken_over_elsewhere(a, self.sessions_per_account);
                }
                Err(e) => tracing::warn!(error = %e, "an announcement of another node could not be read"),
            },
            Notice::Lost(why) => {
                tracing::warn!(error = %why, "cannot hear the other nodes; trying again");
            }
            Notice::Reconnected => {
                tracing::info!("hearing the other nodes again; every screen reloads");
                lock(&sessions).all_announced();
                lock(&listeners).all_missed();
            }
        }
        true
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sessions {
    /// This node heard its own announcement of `session`: from now on a login on
    /// another node comes after it, and takes it over.
    fn heard_own_login(&mut self, account_id: i32, session: u64) {
        if let Some(list) = self.live.get_mut(&account_id) {
            for l in list.iter_mut().filter(|l| l.id == session) {
                l.announced = true;
            }
        }
    }

    /// Another node announced a login of `account_id`. The sessions here whose own
    /// login was announced before it are older: beyond `cap - 1` of them, the oldest
    /// are told to end. A session whose announcement is still on its way is newer and
    /// stays (its announcement takes the other node's over instead); the database
    /// hands every node the announcements in the same order, so one session is left.
    fn taken_over_elsewhere(&mut self, account_id: i32, cap: usize) {
        let Some(list) = self.live.get_mut(&account_id) else {
            return;
        };
        let keep = cap.saturating_sub(1);
        let mut older = list.iter().filter(|l| l.terminal && l.announced).count();
        while older > keep {
            match list
                .iter()
                .position(|l| l.terminal && l.announced)
                .and_then(|i| list.remove(i))
            {
                Some(l) => {
                    let _ = l.end.send(SessionEnd::TakenOver);
                    older -= 1;
                }
                None => break,
            }
        }
        if list.is_empty() {
            self.live.remove(&account_id);
        }
    }

    /// After the listener was away: every session here counts as announced (older than
    /// whatever is heard from now on).
    fn all_announced(&mut self) {
        for l in self.live.values_mut().flatten() {
            l.announced = true;
        }
    }
}

impl Listeners {
    /// Every screen of this node is told it missed events (it reloads).
    fn all_missed(&self) {
        for l in &self.list {
            if l.inbox.capacity() > 0 {
                let _ = l.inbox.try_send(super::Heard::Missed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::GroupPhase;
    use crate::service::Reach;

    /// Every kind of event survives the trip through an announcement (the phase's
    /// place among the changes is the hearer's own, so it is not sent).
    #[test]
    fn announcements_carry_every_event() {
        let events = vec![
            Event::CommitteeChanged {
                committee_id: 3,
                reach: Reach::Everyone,
            },
            Event::CommitteeChanged {
                committee_id: 3,
                reach: Reach::ActorAndOverseers { account_id: 9 },
            },
            Event::GroupPhaseChanged {
                committee_id: 3,
                group_id: 4,
                phase: GroupPhase::Voting,
                seq: 0,
            },
            Event::AccountChanged { account_id: 9 },
            Event::LoginBlocksChanged,
        ];
        let p = payload(77, &events);
        assert_eq!(
            serde_json::from_str::<Word>(&p).unwrap(),
            Word::Changes { n: 77, e: events }
        );
    }

    /// Too much for one announcement: the others reload instead.
    #[test]
    fn too_many_events_become_a_reload() {
        let events: Vec<Event> = (0..1000).map(|a| Event::AccountChanged { account_id: a }).collect();
        let p = payload(5, &events);
        assert!(p.len() <= notify::MAX_PAYLOAD);
        assert_eq!(serde_json::from_str::<Word>(&p).unwrap(), Word::Reload { n: 5 });
    }
}
