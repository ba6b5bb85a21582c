//! Flags several commands share: the server's settings (`serve`, `demo`), where the
//! slips say to connect (`accounts issue`, `accounts reset`), the certificates' issuer.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::admin::ServeArgs;

#[derive(Args)]
pub(super) struct ServerFlags {
    /// Address and port to listen on.
    #[arg(long, default_value = "0.0.0.0:2222")]
    listen: SocketAddr,
    /// Seconds a connection has to log in and start its terminal (one that logs in at
    /// the last moment gets 10 s more for the terminal).
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    login_grace: u64,
    /// Password attempts per connection before it is closed.
    #[arg(long, default_value_t = 6, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100))]
    max_auth_tries: u64,
    /// Unauthenticated connections at once, as OpenSSH's MaxStartups: beyond START a new
    /// one is dropped with RATE% chance, rising to 100% at FULL.
    #[arg(long, default_value = "32:30:128", value_name = "START:RATE:FULL")]
    max_startups: crate::ssh::MaxStartups,
    /// Unauthenticated connections at once from one address (IPv6: one /64).
    #[arg(long, default_value_t = 16, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    per_source_max_startups: u64,
    /// Connections at once, logged in or not.
    #[arg(long, default_value_t = 4096, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
    /// Live sessions one account may have; a newer login takes over the oldest.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100))]
    sessions_per_account: u64,
    /// Minutes without a key pressed before a session is closed (a warning counts down
    /// the last minute, at most half the time); 0 never closes.
    #[arg(long, default_value_t = 30, value_name = "MINUTES", value_parser = clap::value_parser!(u64).range(0..=1440))]
    idle_timeout: u64,
    /// Failed passwords of one account: free tries before each next attempt waits
    /// (1 s, doubling to 30 s), failures that lock it out, minutes of the first lockout
    /// (each repeat doubles it, up to a day).
    #[arg(long, default_value = "3:10:15", value_name = "FREE:LOCK:MINUTES")]
    account_limits: LimitsFlag,
    /// The same for one source address (IPv6: one /64), over all accounts.
    #[arg(long, default_value = "10:30:15", value_name = "FREE:LOCK:MINUTES")]
    address_limits: LimitsFlag,
    /// The largest the database may grow, in MiB; beyond it every change is refused
    /// with a clear message and nothing is lost (default: as large as the disk allows).
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..))]
    max_database_mib: Option<u64>,
    /// The address people connect to, printed on the account slips with the host key's
    /// fingerprint: HOST or HOST:PORT (default port: the listening one).
    #[arg(long, value_name = "HOST[:PORT]", value_parser = crate::office::records::parse_public_address)]
    public_address: Option<(String, Option<u16>)>,
    /// The issuing authority the office's screen prints on certificates (as
    /// `certificate issue --issuer`).
    #[arg(long, default_value = crate::office::certificate::DEFAULT_ISSUER, value_parser = parse_issuer)]
    issuer: String,
    /// The load balancers whose PROXY protocol v2 header (HAProxy's send-proxy-v2) is
    /// believed, so limits, logs and the audit see the client's address: addresses or
    /// networks separated by commas. A connection from one of them must start with the
    /// header; from anywhere else a header is refused. Default: none.
    #[arg(long, value_name = "ADDRESSES", value_parser = crate::ssh::proxy::parse_proxies)]
    proxy_from: Option<crate::ssh::proxy::Proxies>,
    /// The largest file the office may upload by SFTP into inbox/, in MiB.
    #[arg(long, default_value_t = 50, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    max_upload_mib: u64,
}

/// `FREE:LOCK:MINUTES` of a login-limit policy.
#[derive(Debug, Clone, Copy)]
struct LimitsFlag {
    free: u32,
    lock: u32,
    minutes: u64,
}

impl std::str::FromStr for LimitsFlag {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(':').map(str::trim).collect();
        let bad = || format!("`{s}` is not FREE:LOCK:MINUTES (for example 3:10:15)");
        let [free, lock, minutes] = parts.as_slice() else {
            return Err(bad());
        };
        let f = LimitsFlag {
            free: free.parse().map_err(|_| bad())?,
            lock: lock.parse().map_err(|_| bad())?,
            minutes: minutes.parse().map_err(|_| bad())?,
        };
        if f.lock == 0 || f.minutes == 0 {
            return Err(format!("`{s}`: the lockout needs at least one failure and one minute"));
        }
        Ok(f)
    }
}

impl LimitsFlag {
    fn policy(self, base: crate::domain::throttle::Policy) -> crate::domain::throttle::Policy {
        let lockout = std::time::Duration::from_secs(self.minutes.saturating_mul(60));
        crate::domain::throttle::Policy {
            backoff_after: self.free,
            lockout_after: self.lock,
            lockout,
            window: base.window.max(lockout),
            lockout_max: base.lockout_max.max(lockout),
            ..base
        }
    }
}

impl ServerFlags {
    pub(super) fn into_args(self, data: PathBuf, keys: PathBuf) -> ServeArgs {
        use crate::domain::throttle::{LoginLimits, Policy};
        use std::time::Duration;
        let mut options = crate::ssh::ServerOptions::new(self.listen, keys);
        options.login_grace = Duration::from_secs(self.login_grace);
        options.max_auth_attempts = self.max_auth_tries as usize;
        options.max_startups = self.max_startups;
        options.per_source_max_startups = self.per_source_max_startups as usize;
        options.max_connections = self.max_connections as usize;
        options.idle_timeout =
            (self.idle_timeout > 0).then(|| Duration::from_secs(self.idle_timeout.saturating_mul(60)));
        options.max_upload = self.max_upload_mib * 1024 * 1024;
        options.public_address = self.public_address;
        options.issuer = self.issuer;
        options.proxies = self.proxy_from.unwrap_or_default();
        ServeArgs {
            data,
            options,
            limits: LoginLimits {
                account: self.account_limits.policy(Policy::account_default()),
                address: self.address_limits.policy(Policy::address_default()),
            },
            sessions_per_account: self.sessions_per_account as usize,
            store: crate::service::storage::StoreOptions {
                max_mib: self.max_database_mib,
                database_url: None,
            },
        }
    }
}

/// An issuer's name: one line of text, not empty.
pub(super) fn parse_issuer(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() || s.chars().any(char::is_control) || s.chars().count() > 60 {
        return Err("the issuer is one line of at most 60 characters, e.g. 河南省职称改革工作领导小组办公室".into());
    }
    Ok(s.to_string())
}

/// Where the slips say to connect (shared by `accounts issue` and `accounts reset`).
#[derive(Args)]
pub(super) struct SlipFlags {
    /// The address people connect to, printed on the slips: HOST or HOST:PORT
    /// (default port: that of --listen). Not set: the slips say so.
    #[arg(long, value_name = "HOST[:PORT]", value_parser = crate::office::records::parse_public_address)]
    pub(super) public_address: Option<(String, Option<u16>)>,
    /// The server's listening address, for the slips' default port.
    #[arg(long, default_value = "0.0.0.0:2222")]
    pub(super) listen: SocketAddr,
}
