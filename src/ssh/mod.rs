//! The SSH server: its own accept loop (connection cap, login grace time), password
//! authentication against the accounts, and one terminal session per connection.
//! Knows nothing of committees: it turns bytes into `Input`s and frames into bytes.

mod admission;
mod conn;
pub mod input;
pub mod keys;
pub mod proxy;
mod session;
pub mod sftp;
pub use session::{EXIT_ACCOUNT_CHANGED, EXIT_IDLE, EXIT_SHUTDOWN, EXIT_TAKEN_OVER};

use std::borrow::Cow;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use russh::keys::PrivateKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, SshId};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use self::admission::{Admission, Ticket};
use self::conn::{DropLog, LiveSession, Metered, NotifyOnDrop};
use crate::domain::throttle::KeyKind;
use crate::service::{Identity, LoginError, Service};
use crate::tui::theme::Palette;

/// How long a connection that logged in has to start its terminal.
const SHELL_GRACE: Duration = Duration::from_secs(10);

/// How long sessions get to restore their clients' terminals when the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Settings of the SSH server, with production defaults.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub listen: SocketAddr,
    pub keys_dir: PathBuf,
    /// How long a refused password takes, at least.
    pub auth_rejection_time: Duration,
    /// Password attempts per connection before it is closed.
    pub max_auth_attempts: usize,
    /// Time to log in before an unauthenticated connection is closed.
    pub login_grace: Duration,
    /// Connections open at once; more are closed at accept.
    pub max_connections: usize,
    /// Unauthenticated connections at once, as OpenSSH's MaxStartups start:rate:full:
    /// beyond `start`, a new one is dropped with probability `rate`% rising linearly to
    /// 100% at `full`.
    pub max_startups: MaxStartups,
    /// Unauthenticated connections at once from one source address (IPv6: one /64).
    pub per_source_max_startups: usize,
    /// A session without a key pressed for this long is closed (`None`: never).
    pub idle_timeout: Option<Duration>,
    /// How long before the idle close the screen warns.
    pub idle_warning: Duration,
    /// The largest file the office may upload by SFTP, in bytes.
    pub max_upload: u64,
    /// The host (and port, if not the listening one) people connect to, printed on the
    /// slips with the host key's fingerprint (`None`: the slips say it is not set).
    pub public_address: Option<(String, Option<u16>)>,
    /// The issuing authority on the certificates the office's screen issues.
    pub issuer: String,
    /// The load balancers whose PROXY v2 header is believed (`proxy`); none by default.
    pub proxies: proxy::Proxies,
}

/// OpenSSH's MaxStartups: `start:rate:full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxStartups {
    pub start: usize,
    pub rate: u32,
    pub full: usize,
}

impl Default for MaxStartups {
    fn default() -> Self {
        MaxStartups {
            start: 32,
            rate: 30,
            full: 128,
        }
    }
}

impl std::str::FromStr for MaxStartups {
    type Err = String;

    /// `start:rate:full`, or a single number (drop everything beyond it).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not start:rate:full (for example 32:30:128) or a number");
        let parts: Vec<&str> = s.split(':').map(str::trim).collect();
        let m = match parts.as_slice() {
            [n] => {
                let n = n.parse().map_err(|_| bad())?;
                MaxStartups {
                    start: n,
                    rate: 100,
                    full: n,
                }
            }
            [a, r, f] => MaxStartups {
                start: a.parse().map_err(|_| bad())?,
                rate: r.parse().map_err(|_| bad())?,
                full: f.parse().map_err(|_| bad())?,
            },
            _ => return Err(bad()),
        };
        if m.start == 0 || m.full < m.start || m.rate > 100 {
            return Err(format!(
                "`{s}`: start must be at least 1, full at least start, rate at most 100"
            ));
        }
        Ok(m)
    }
}

impl MaxStartups {
    /// The chance, in percent, that a new connection is dropped while `open` are
    /// unauthenticated.
    pub fn drop_percent(&self, open: usize) -> u32 {
        if open < self.start {
            0
        } else if open >= self.full {
            100
        } else {
            let span = (self.full - self.start) as u64;
            let over = (open - self.start) as u64;
            let rate = u64::from(self.rate);
            u32::try_from(rate + (100 - rate) * over / span).unwrap_or(100)
        }
    }
}

impl ServerOptions {
    pub fn new(listen: SocketAddr, keys_dir: PathBuf) -> ServerOptions {
        ServerOptions {
            listen,
            keys_dir,
            auth_rejection_time: Duration::from_secs(1),
            max_auth_attempts: 6,
            login_grace: Duration::from_secs(60),
            max_connections: 4096,
            max_startups: MaxStartups::default(),
            per_source_max_startups: 16,
            idle_timeout: Some(Duration::from_secs(30 * 60)),
            idle_warning: Duration::from_secs(60),
            max_upload: 50 * 1024 * 1024,
            public_address: None,
            issuer: crate::office::certificate::DEFAULT_ISSUER.to_string(),
            proxies: proxy::Proxies::default(),
        }
    }
}

/// A server accepting connections in the background.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub fingerprint: String,
    live: Arc<AtomicUsize>,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// Stops accepting and disconnects every client.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }

    /// Terminal sessions running now.
    pub fn live_sessions(&self) -> usize {
        self.live.load(Ordering::Acquire)
    }

    /// Waits until the accept loop ends (it only ends on shutdown).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

fn russh_config(opts: &ServerOptions, keys: Vec<PrivateKey>) -> russh::server::Config {
    russh::server::Config {
        // No version or implementation details in the banner.
        server_id: SshId::Standard(Cow::Borrowed("SSH-2.0-pingshen")),
        // Keys for the office's accounts that list some (each login is offered what its
        // account has: `auth_none`); passwords for everyone.
        methods: MethodSet::from(&[MethodKind::PublicKey, MethodKind::Password][..]),
        auth_rejection_time: opts.auth_rejection_time,
        // OpenSSH probes with "none" first; do not make every login pay the delay.
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: opts.max_auth_attempts,
        keys,
        // russh's inactivity timer is reset by our own output; idle handling belongs to
        // the application. Keepalives find dead peers.
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        preferred: modern_algorithms(),
        ..Default::default()
    }
}

/// Only modern algorithms: curve25519 (and its ML-KEM hybrid) key exchange with the
/// strict-kex extension that closes the Terrapin attack, an ed25519 host key, AEAD
/// ciphers only (so no separate MAC is ever used), no compression.
pub fn modern_algorithms() -> russh::Preferred {
    use russh::{cipher, kex, mac};
    russh::Preferred {
        kex: Cow::Borrowed(&[
            kex::MLKEM768X25519_SHA256,
            kex::CURVE25519,
            kex::CURVE25519_PRE_RFC_8731,
            kex::EXTENSION_SUPPORT_AS_SERVER,
            kex::EXTENSION_OPENSSH_STRICT_KEX_AS_SERVER,
        ]),
        key: Cow::Borrowed(&[russh::keys::Algorithm::Ed25519]),
        host_key_certificates: Cow::Borrowed(&[]),
        cipher: Cow::Borrowed(&[cipher::CHACHA20_POLY1305, cipher::AES_256_GCM, cipher::AES_128_GCM]),
        mac: Cow::Borrowed(&[mac::HMAC_SHA512_ETM, mac::HMAC_SHA256_ETM]),
        compression: Cow::Borrowed(&[russh::compression::NONE]),
    }
}

/// Binds the listener and serves in the background.
pub async fn start(service: Service, opts: ServerOptions) -> Result<RunningServer> {
    let keys = keys::load_or_create(&opts.keys_dir)?;
    let fingerprint = keys::fingerprint(&keys[0]);
    let config = Arc::new(russh_config(&opts, keys));
    let listener = TcpListener::bind(opts.listen)
        .await
        .with_context(|| format!("cannot listen on {}", opts.listen))?;
    let addr = listener.local_addr()?;
    // Upload temporaries a crash left behind.
    sftp::sweep_inbox(&crate::service::office::data_dir(&service));
    // What the office's slips print: where to connect, and the key to compare.
    let (host, port) = match &opts.public_address {
        Some((h, p)) => (Some(h.clone()), p.unwrap_or(addr.port())),
        None => (None, addr.port()),
    };
    // The office's screen signs certificates with the key beside the host keys.
    service.set_certificates(crate::service::office::CertificateSetup {
        keys_dir: opts.keys_dir.clone(),
        issuer: opts.issuer.clone(),
    });
    service.set_slip_login(crate::office::records::SlipLogin {
        host,
        port,
        fingerprint: fingerprint.clone(),
    });
    // On PostgreSQL, what the other nodes change reaches this node's screens.
    if service
        .hear_other_nodes()
        .context("cannot start the listener for the other nodes")?
    {
        tracing::info!("hearing the other nodes on the database");
    }
    let (shutdown, shutdown_rx) = watch::channel(false);
    let live = Arc::new(AtomicUsize::new(0));
    // Pay for the unknown-user hash now, not in the first refused login.
    service.prepare_login();
    // Sessions whose account the office reset, revoked or re-issued (from its screen, or
    // by a command beside the server) are told and closed.
    {
        let service = service.clone();
        let mut shutdown = shutdown_rx.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(crate::service::ACCOUNT_CHECK);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if let Err(e) = service.blocking(|s| s.end_sessions_of_vanished_accounts()).await {
                            tracing::warn!(error = %e, "cannot check the live sessions' accounts");
                        }
                    }
                    _ = shutdown.changed() => break,
                }
            }
        });
    }
    let task = tokio::spawn(accept_loop(listener, service, config, opts, shutdown_rx, live.clone()));
    Ok(RunningServer {
        addr,
        fingerprint,
        live,
        shutdown,
        task,
    })
}

async fn accept_loop(
    listener: TcpListener,
    service: Service,
    config: Arc<russh::server::Config>,
    opts: ServerOptions,
    mut shutdown: watch::Receiver<bool>,
    live: Arc<AtomicUsize>,
) {
    let slots = Arc::new(Semaphore::new(opts.max_connections));
    let mut drops = DropLog::default();
    let admission = Admission::new(admission::Limits {
        max_startups: opts.max_startups,
        per_source: opts.per_source_max_startups,
    });
    // Connections from a load balancer come back here once their PROXY header named
    // the client (read in a task of their own, so a slow balancer holds up nobody).
    let (proxied_tx, mut proxied) = tokio::sync::mpsc::channel(64);
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => {
                // Wait (a little) until every connection has said goodbye.
                let all = u32::try_from(opts.max_connections).unwrap_or(u32::MAX);
                let _ = tokio::time::timeout(SHUTDOWN_GRACE * 2, slots.acquire_many(all)).await;
                break;
            }
            a = listener.accept() => a.map(|(s, p)| (s, p, None)),
            Some(p) = proxied.recv() => Ok(p),
        };
        let (socket, peer, slot) = match accepted {
            Ok(x) => x,
            Err(e) => {
                // Out of file descriptors and the like: keep serving the others.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let slot = match slot {
            Some(slot) => slot,
            None => {
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    drops.note(peer, "too many connections");
                    drop(socket);
                    continue;
                };
                if opts.proxies.trusts(peer.ip()) {
                    let back = proxied_tx.clone();
                    tokio::spawn(async move {
                        let mut socket = socket;
                        let read = tokio::time::timeout(proxy::HEADER_GRACE, proxy::read_header(&mut socket, peer));
                        match read.await {
                            Ok(Ok(client)) => {
                                tracing::debug!(proxy = %peer, %client, "PROXY header");
                                let _ = back.send((socket, client, Some(slot))).await;
                            }
                            // A health check may hang up before its header is out.
                            Ok(Err(proxy::HeaderError::Closed)) => {
                                tracing::debug!(proxy = %peer, "closed before its PROXY header")
                            }
                            Ok(Err(e)) => tracing::warn!(proxy = %peer, error = %e, "connection refused"),
                            Err(_) => tracing::warn!(proxy = %peer, "no PROXY header in time"),
                        }
                    });
                    continue;
                }
                slot
            }
        };
        let ticket = match admission.admit(crate::domain::throttle::address_key(peer.ip())) {
            Ok(t) => Arc::new(t),
            Err(why) => {
                drops.note(peer, why);
                drop(socket);
                continue;
            }
        };
        let _ = socket.set_nodelay(true);
        let logged_in_at = Arc::new(std::sync::OnceLock::new());
        let shell_started = Arc::new(AtomicBool::new(false));
        let session_done = Arc::new(tokio::sync::Notify::new());
        let handler = Connection {
            shell_started: shell_started.clone(),
            session_done: session_done.clone(),
            service: service.clone(),
            peer,
            identity: None,
            logged_in_at: logged_in_at.clone(),
            ticket: ticket.clone(),
            session_opts: SessionOptions {
                idle_timeout: opts.idle_timeout,
                idle_warning: opts.idle_warning,
            },
            max_upload: opts.max_upload,
            pending: None,
            started: false,
            live: live.clone(),
            shutdown: shutdown.clone(),
        };
        let config = config.clone();
        let grace = opts.login_grace;
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let accepted = tokio::time::Instant::now();
            tracing::info!(%peer, "connection");
            let socket = Metered {
                inner: socket,
                received: ticket.received.clone(),
            };
            // The version line comes first, within the handshake's short deadline.
            let running = tokio::select! {
                r = russh::server::run_stream(config, socket, handler) => match r {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::info!(%peer, error = %e, "connection setup failed");
                        return;
                    }
                },
                _ = tokio::time::sleep(admission::HANDSHAKE_GRACE.min(grace)) => {
                    tracing::info!(%peer, "no SSH version line in time");
                    if ticket.received.load(Ordering::Acquire) == 0 {
                        ticket.silent_too_long();
                    }
                    return;
                }
                _ = ticket.evicted.notified() => return,
            };
            let handle = running.handle();
            tokio::pin!(running);
            // What the connection must have done by when: asked to log in within the
            // handshake's deadline, logged in within the login grace time, started its
            // terminal within seconds of logging in.
            let due = || {
                if shell_started.load(Ordering::Acquire) {
                    None
                } else if let Some(at) = logged_in_at.get() {
                    Some((*at + SHELL_GRACE, "no terminal session started"))
                } else if ticket.received.load(Ordering::Acquire) == 0 {
                    Some((
                        accepted + admission::HANDSHAKE_GRACE.min(grace),
                        "nothing received in time",
                    ))
                } else {
                    Some((accepted + grace, "login grace time over"))
                }
            };
            loop {
                let next = due();
                // Checked at least every second: a login moves the next deadline earlier.
                let deadline = next.map_or(accepted, |d| {
                    d.0.min(tokio::time::Instant::now() + Duration::from_secs(1))
                });
                tokio::select! {
                    r = &mut running => {
                        if let Err(e) = r {
                            tracing::debug!(%peer, error = %e, "connection ended with error");
                        }
                        break;
                    }
                    _ = tokio::time::sleep_until(deadline), if next.is_some() => {
                        // Look again: the connection may have moved on meanwhile.
                        if let Some((at, why)) = due()
                            && at <= tokio::time::Instant::now()
                        {
                            tracing::info!(%peer, "{why}");
                            if ticket.received.load(Ordering::Acquire) == 0 {
                                ticket.silent_too_long();
                            }
                            let _ = handle
                                .disconnect(russh::Disconnect::ByApplication, why.into(), "en".into())
                                .await;
                            break;
                        }
                    }
                    _ = ticket.evicted.notified() => {
                        let _ = handle
                            .disconnect(russh::Disconnect::ByApplication, "too many connections".into(), "en".into())
                            .await;
                        break;
                    }
                    _ = session_done.notified() => {
                        // The terminal session ended: the client normally hangs up now;
                        // one that does not is hung up on.
                        if tokio::time::timeout(SHUTDOWN_GRACE, &mut running).await.is_err() {
                            let _ = handle
                                .disconnect(russh::Disconnect::ByApplication, "session ended".into(), "en".into())
                                .await;
                        }
                        break;
                    }
                    _ = shutdown.changed() => {
                        // The terminal session restores the client's screen and closes its
                        // channel; give that a moment before hanging up.
                        if tokio::time::timeout(SHUTDOWN_GRACE, &mut running).await.is_ok() {
                            break;
                        }
                        let _ = handle
                            .disconnect(russh::Disconnect::ByApplication, "server shutting down".into(), "en".into())
                            .await;
                        break;
                    }
                }
            }
            tracing::info!(%peer, "connection closed");
        });
    }
}

/// What a terminal session needs to know of the server's settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionOptions {
    pub idle_timeout: Option<Duration>,
    pub idle_warning: Duration,
}

/// What a pty request said: the size and the palette its terminal type allows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pty {
    pub size: (u32, u32),
    pub palette: Palette,
}

/// The state of one SSH connection.
struct Connection {
    service: Service,
    peer: SocketAddr,
    identity: Option<Identity>,
    /// When the login succeeded: the terminal must start soon after.
    logged_in_at: Arc<std::sync::OnceLock<tokio::time::Instant>>,
    /// Its place among the connections without a terminal (`admission`).
    ticket: Arc<Ticket>,
    /// Set when the terminal session starts; notified when it ends.
    shell_started: Arc<AtomicBool>,
    session_done: Arc<tokio::sync::Notify>,
    session_opts: SessionOptions,
    max_upload: u64,
    /// The session channel, from its opening until the shell starts, with what its
    /// pty-req asked for.
    pending: Option<(Channel<Msg>, Option<Pty>)>,
    started: bool,
    live: Arc<AtomicUsize>,
    shutdown: watch::Receiver<bool>,
}

impl Connection {
    fn password_only() -> Auth {
        // `Auth::reject()` stops offering password, and OpenSSH then gives up after one typo.
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::Password][..])),
            partial_success: false,
        }
    }

    fn key_or_password() -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey, MethodKind::Password][..])),
            partial_success: false,
        }
    }

    fn refuse_channel(&mut self, channel: ChannelId, session: &mut Session, what: &str) -> Result<(), russh::Error> {
        tracing::info!(peer = %self.peer, request = what, "channel request refused");
        session.channel_failure(channel)?;
        if self.pending.as_ref().is_some_and(|(c, _)| c.id() == channel) {
            self.pending = None;
        }
        if !self.started {
            session.close(channel)?;
        }
        Ok(())
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        self.ticket.login_asked();
        // An office account with keys is offered the key method first; every other
        // login is offered passwords only (so a client with many keys in its agent
        // never spends its tries on an expert's login).
        let name = user.to_string();
        let keys = self
            .service
            .blocking(move |s| Ok(s.offers_keys(&name)))
            .await
            .unwrap_or(false);
        Ok(if keys {
            Self::key_or_password()
        } else {
            Self::password_only()
        })
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        self.ticket.login_asked();
        // ssh-rsa signs with SHA-1, which OpenSSH no longer accepts either.
        if matches!(offer.algorithm, russh::keys::Algorithm::Rsa { hash: None }) {
            return Ok(Self::key_or_password());
        }
        let (name, key) = (user.to_string(), offer.public_key.clone());
        let listed = self
            .service
            .blocking(move |s| Ok(s.key_listed(&name, &key)))
            .await
            .unwrap_or(false);
        Ok(if listed { Auth::Accept } else { Self::key_or_password() })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        if matches!(key.algorithm, russh::keys::Algorithm::Rsa { hash: None }) {
            return Ok(Self::key_or_password());
        }
        let (name, public) = (user.to_string(), key.public_key.clone());
        let fingerprint = public.fingerprint(russh::keys::HashAlg::Sha256).to_string();
        match self
            .service
            .blocking(move |s| Ok(s.login_with_key(&name, &public)))
            .await
        {
            Ok(Ok(identity)) => {
                tracing::info!(peer = %self.peer, user = ?user, key = %fingerprint, "login accepted (key)");
                self.ticket.logged_in(&identity.username);
                self.identity = Some(identity);
                let _ = self.logged_in_at.set(tokio::time::Instant::now());
                Ok(Auth::Accept)
            }
            _ => {
                tracing::warn!(peer = %self.peer, user = ?user, key = %fingerprint, "login refused: key not listed");
                Ok(Self::key_or_password())
            }
        }
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        self.ticket.login_asked();
        // Never log a password; nor the name tried for an unknown account (people type
        // their password into the username prompt). Names are logged escaped.
        match self.service.login(user, password, self.peer.ip()).await {
            Ok(identity) => {
                tracing::info!(peer = %self.peer, user = ?user, "login accepted");
                self.ticket.logged_in(&identity.username);
                self.identity = Some(identity);
                let _ = self.logged_in_at.set(tokio::time::Instant::now());
                Ok(Auth::Accept)
            }
            Err(LoginError::BadCredentials { known_user: true }) => {
                tracing::warn!(peer = %self.peer, user = ?user, "login refused: wrong password");
                Ok(Self::password_only())
            }
            Err(LoginError::BadCredentials { known_user: false }) => {
                tracing::warn!(peer = %self.peer, "login refused: unknown username");
                Ok(Self::password_only())
            }
            Err(LoginError::Locked { kind, until }) => {
                // An account lock names an account; an address lock may be any name typed.
                if kind == KeyKind::Account {
                    tracing::warn!(
                        peer = %self.peer,
                        user = ?user,
                        locked = kind.as_str(),
                        until,
                        "login refused unchecked: too many failed logins"
                    );
                } else {
                    tracing::warn!(
                        peer = %self.peer,
                        locked = kind.as_str(),
                        until,
                        "login refused unchecked: too many failed logins"
                    );
                }
                Ok(Self::password_only())
            }
            Err(LoginError::TooSoon) => {
                tracing::warn!(peer = %self.peer, "login refused unchecked: too soon after a failed login");
                Ok(Self::password_only())
            }
            Err(LoginError::CommitteeClosed) => {
                tracing::info!(peer = %self.peer, user = ?user, "login refused: committee closed");
                Ok(Self::password_only())
            }
            Err(LoginError::Service(e)) => {
                tracing::error!(peer = %self.peer, error = %e, "login failed");
                Ok(Self::password_only())
            }
        }
    }

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        Ok(Some(format!("{}\r\n", crate::tui::text::login_banner())))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.identity.is_none() || self.pending.is_some() || self.started {
            // One terminal per connection; dropping `reply` refuses the channel.
            drop(reply);
            return Ok(());
        }
        reply.accept().await;
        self.pending = Some((channel, None));
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some((c, pty)) = &mut self.pending
            && c.id() == channel
        {
            *pty = Some(Pty {
                size: (col_width, row_height),
                palette: Palette::for_term(term),
            });
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let Some(identity) = self.identity.clone() else {
            return self.refuse_channel(channel, session, "shell before login");
        };
        let Some((ch, pty)) = self.pending.take_if(|(c, _)| c.id() == channel) else {
            return self.refuse_channel(channel, session, "shell on unknown channel");
        };
        let Some(pty) = pty else {
            return self.refuse_channel(channel, session, "shell without pty");
        };
        session.channel_success(channel)?;
        self.started = true;
        self.shell_started.store(true, Ordering::Release);
        self.ticket.started();
        tracing::info!(peer = %self.peer, user = %identity.username, "terminal session started");
        let serve = session::serve(
            self.service.clone(),
            identity,
            pty,
            ch,
            self.peer,
            self.session_opts,
            self.shutdown.clone(),
            LiveSession::new(self.live.clone()),
        );
        // Told when the session ends, even if it panicked.
        let done = NotifyOnDrop(self.session_done.clone());
        tokio::spawn(async move {
            let _done = done;
            serve.await;
        });
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Environment variables change nothing here; answer if the client asked.
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if self.pending.as_ref().is_some_and(|(c, _)| c.id() == channel) {
            self.pending = None;
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_channel(channel, session, "exec")
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Files over SSH, for the office only (`sftp`): inbox/ and exports/.
        let operator = self.identity.as_ref().filter(|i| i.is_operator).cloned();
        let (Some(identity), "sftp") = (operator, name) else {
            let what = format!("subsystem {name}");
            return self.refuse_channel(channel, session, &what);
        };
        let Some((ch, _)) = self.pending.take_if(|(c, _)| c.id() == channel) else {
            return self.refuse_channel(channel, session, "subsystem sftp on unknown channel");
        };
        session.channel_success(channel)?;
        self.started = true;
        self.shell_started.store(true, Ordering::Release);
        self.ticket.started();
        let root = crate::service::office::data_dir(&self.service);
        let files = sftp::Files::new(&root, identity.lang, &identity.username, self.peer, self.max_upload);
        tracing::info!(peer = %self.peer, user = %identity.username, "sftp session started");
        // Told when the SFTP session ends, even if it panicked.
        let done = NotifyOnDrop(self.session_done.clone());
        let idle = self.session_opts.idle_timeout;
        // Ended with its account, as a terminal session is.
        let (ticket, ended) = self.service.register_file_session(identity.account_id);
        tokio::spawn(async move {
            let _done = done;
            let _ticket = ticket;
            sftp::serve(ch, files, idle, ended).await;
        });
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }
}
