//! Word between nodes on one PostgreSQL database (README, "Several nodes"): a change is
//! announced with `NOTIFY` inside the transaction that makes it, so the other nodes
//! hear of it only once it is committed, and never of a change rolled back; each node
//! keeps one connection of its own that `LISTEN`s and hands what it hears to the
//! service. On SQLite (one node) there is nobody to tell and nothing here runs.
//!
//! The listener runs on libpq, like the pool, so it takes exactly the same
//! `database.url` (TLS, `sslmode`, service files). libpq gives no way to wait on its
//! socket through diesel, so the connection is asked for what arrived every
//! [`POLL`] (one non-blocking read of a socket; nothing goes to the server), and it
//! sends a `SELECT 1` every [`PROBE`] to find a connection whose server vanished
//! without closing it.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::connection::Connection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::Db;

/// The channel every node listens on.
pub const CHANNEL: &str = "pingshen";

/// PostgreSQL refuses a payload of 8,000 bytes or more; announcements stay below this.
pub const MAX_PAYLOAD: usize = 7_900;

/// How often the listener looks for what arrived.
pub const POLL: Duration = Duration::from_millis(5);

/// How often the listener checks that its server is still there.
pub const PROBE: Duration = Duration::from_secs(2);

/// The longest wait between two attempts to reach the database again.
const RETRY_MAX: Duration = Duration::from_secs(2);

/// Announces `payload` to every node, inside the transaction `conn` is in (delivered
/// when it commits). Nothing on SQLite.
pub fn announce(conn: &mut Db, payload: &str) -> QueryResult<()> {
    if let Db::Pg(c) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<Text, _>(CHANNEL)
            .bind::<Text, _>(payload)
            .execute(c)?;
    }
    Ok(())
}

/// What the listener hands over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A payload announced by a node (this one too).
    Heard(String),
    /// The listener's connection is (again) open after it was lost: whatever was
    /// announced meanwhile was not heard.
    Reconnected,
    /// The connection was lost; the listener is trying again.
    Lost(String),
}

/// A running listener. Announcements that belong to no transaction (a login) are sent
/// through its connection with [`Listening::send`]. Dropping it stops the listener.
pub struct Listening {
    outgoing: mpsc::Sender<String>,
}

impl Listening {
    /// Announces `payload` through the listener's connection, as soon as it is open.
    pub fn send(&self, payload: String) {
        let _ = self.outgoing.send(payload);
    }
}

/// Starts the listener of `url` on a thread of its own. `on` is told everything heard,
/// in the order the transactions committed; when it returns `false` the listener stops.
pub fn listen(url: String, on: impl FnMut(Notice) -> bool + Send + 'static) -> std::io::Result<Listening> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("pingshen-listen".into())
        .spawn(move || run(&url, &rx, on))?;
    Ok(Listening { outgoing: tx })
}

/// Why the inner loop stopped.
enum Stop {
    /// The connection broke: open another.
    Broken(String),
    /// The service is gone.
    Done,
}

fn run(url: &str, outgoing: &mpsc::Receiver<String>, mut on: impl FnMut(Notice) -> bool) {
    let mut lost = false;
    let mut wait = Duration::from_millis(50);
    loop {
        let mut conn = match PgConnection::establish(url).and_then_listen() {
            Ok(c) => c,
            Err(why) => {
                if !lost {
                    lost = true;
                    if !on(Notice::Lost(why)) {
                        return;
                    }
                }
                if !wait_out(outgoing, wait) {
                    return;
                }
                wait = (wait * 2).min(RETRY_MAX);
                continue;
            }
        };
        wait = Duration::from_millis(50);
        // (`lost` stays set: the next loss sets it again before it is read.)
        if lost && !on(Notice::Reconnected) {
            return;
        }
        match serve(&mut conn, outgoing, &mut on) {
            Stop::Done => return,
            Stop::Broken(why) => {
                tracing::warn!(error = %why, "lost the connection that hears the other nodes; reconnecting");
                lost = true;
                if !on(Notice::Lost(why)) {
                    return;
                }
            }
        }
    }
}

/// Sleeps `wait` while the database is away; `false` once the service is gone.
/// Announcements queued meanwhile are dropped: nobody could hear them, and a login,
/// the only kind sent this way, needs the database first.
fn wait_out(outgoing: &mpsc::Receiver<String>, wait: Duration) -> bool {
    std::thread::sleep(wait);
    loop {
        match outgoing.try_recv() {
            Ok(_) => continue,
            Err(mpsc::TryRecvError::Empty) => return true,
            Err(mpsc::TryRecvError::Disconnected) => return false,
        }
    }
}

trait ListenOn {
    fn and_then_listen(self) -> Result<PgConnection, String>;
}

impl ListenOn for ConnectionResult<PgConnection> {
    fn and_then_listen(self) -> Result<PgConnection, String> {
        let mut c = self.map_err(|e| e.to_string())?;
        diesel::sql_query(format!("LISTEN {CHANNEL}"))
            .execute(&mut c)
            .map_err(|e| e.to_string())?;
        Ok(c)
    }
}

fn serve(conn: &mut PgConnection, outgoing: &mpsc::Receiver<String>, on: &mut impl FnMut(Notice) -> bool) -> Stop {
    let mut probed = Instant::now();
    loop {
        match outgoing.recv_timeout(POLL) {
            Ok(payload) => {
                let sent = diesel::sql_query("SELECT pg_notify($1, $2)")
                    .bind::<Text, _>(CHANNEL)
                    .bind::<Text, _>(&payload)
                    .execute(conn);
                if let Err(e) = sent {
                    return Stop::Broken(e.to_string());
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return Stop::Done,
        }
        for n in conn.notifications_iter() {
            match n {
                Ok(n) if n.channel == CHANNEL => {
                    if !on(Notice::Heard(n.payload)) {
                        return Stop::Done;
                    }
                }
                Ok(_) => {}
                Err(e) => return Stop::Broken(e.to_string()),
            }
        }
        if probed.elapsed() >= PROBE {
            probed = Instant::now();
            if let Err(e) = diesel::sql_query("SELECT 1").execute(conn) {
                return Stop::Broken(e.to_string());
            }
        }
    }
}
