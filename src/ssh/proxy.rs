//! The PROXY protocol, version 2 (HAProxy's `send-proxy-v2`, also LVS and keepalived
//! setups): a load balancer in front of the nodes says, before the SSH version line,
//! whom it is passing on, so that the per-address limits, the logs and the audit see
//! the client's address rather than the balancer's.
//!
//! Only the balancers named in `server.proxy_from` are believed, and a connection from
//! one of them must start with the header; a connection from anywhere else is read as
//! plain SSH, so a header sent by anyone else is not taken (it fails as a bad version
//! line). Nothing is believed when the setting is empty, the default. The header is
//! parsed by the `ppp` crate.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use ipnet::IpNet;
use ppp::v2;
use tokio::io::{AsyncRead, AsyncReadExt};

/// The balancers whose PROXY header is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies(Vec<IpNet>);

/// The longest header taken: the addresses and a few TLVs (HAProxy sends at most a
/// few hundred bytes).
const MAX_HEADER: usize = 4096;

/// How long a balancer has to send its header after connecting.
pub const HEADER_GRACE: Duration = Duration::from_secs(5);

impl Proxies {
    /// Whether no balancer is believed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a connection from `ip` comes from a believed balancer (and so must start
    /// with the header).
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// `server.proxy_from`: addresses or networks, separated by commas or spaces
/// (`10.0.0.5, 10.0.1.0/28, fd00::/64`); empty believes nobody.
pub fn parse_proxies(text: &str) -> Result<Proxies, String> {
    let mut nets = Vec::new();
    for item in text.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
        let net = match item.parse::<IpNet>() {
            Ok(net) => net.trunc(),
            Err(_) => match item.parse::<IpAddr>() {
                Ok(ip) => IpNet::from(ip),
                Err(_) => {
                    return Err(format!(
                        "`{item}` is not an IP address or network (for example 10.0.0.5 or 10.0.1.0/28)"
                    ));
                }
            },
        };
        nets.push(net);
    }
    Ok(Proxies(nets))
}

/// Why a balancer's connection was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    #[error("the connection from the load balancer did not start with a PROXY v2 header")]
    NotProxyV2,
    #[error("the PROXY header is longer than {MAX_HEADER} bytes")]
    TooLong,
    #[error("the PROXY header cannot be read: {0}")]
    Invalid(String),
    #[error("the connection closed before its PROXY header was complete")]
    Closed,
}

/// Reads the header at the start of a balancer's connection (`from`), and nothing past
/// it: the SSH client's bytes stay in the socket. Returns the client's address, or the
/// balancer's own for a LOCAL header (its health checks) and for addresses that are
/// neither IPv4 nor IPv6.
pub async fn read_header<S: AsyncRead + Unpin>(socket: &mut S, from: SocketAddr) -> Result<SocketAddr, HeaderError> {
    let mut buf = vec![0u8; 16];
    socket.read_exact(&mut buf).await.map_err(|_| HeaderError::Closed)?;
    if buf[..12] != *v2::PROTOCOL_PREFIX {
        return Err(HeaderError::NotProxyV2);
    }
    let len = usize::from(u16::from_be_bytes([buf[14], buf[15]]));
    if 16 + len > MAX_HEADER {
        return Err(HeaderError::TooLong);
    }
    buf.resize(16 + len, 0);
    socket
        .read_exact(&mut buf[16..])
        .await
        .map_err(|_| HeaderError::Closed)?;
    let header = v2::Header::try_from(&buf[..]).map_err(|e| HeaderError::Invalid(e.to_string()))?;
    Ok(match (header.command, header.addresses) {
        (v2::Command::Local, _) => from,
        (v2::Command::Proxy, v2::Addresses::IPv4(a)) => SocketAddr::from((a.source_address, a.source_port)),
        (v2::Command::Proxy, v2::Addresses::IPv6(a)) => SocketAddr::from((a.source_address, a.source_port)),
        (v2::Command::Proxy, _) => from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(command: v2::Command, client: &str, server: &str) -> Vec<u8> {
        let addresses: v2::Addresses = (
            client.parse::<SocketAddr>().unwrap(),
            server.parse::<SocketAddr>().unwrap(),
        )
            .into();
        v2::Builder::with_addresses(v2::Version::Two | command, v2::Protocol::Stream, addresses)
            .build()
            .unwrap()
    }

    const BALANCER: &str = "10.0.0.5:40000";

    async fn read(bytes: &[u8]) -> (Result<SocketAddr, HeaderError>, Vec<u8>) {
        let mut socket = bytes;
        let got = read_header(&mut socket, BALANCER.parse().unwrap()).await;
        (got, socket.to_vec())
    }

    /// The client's address is taken from the header, and the SSH bytes after it stay.
    #[tokio::test]
    async fn the_header_names_the_client_and_leaves_the_rest() {
        for (client, server) in [
            ("203.0.113.7:51000", "10.0.0.9:2222"),
            ("[2001:db8::7]:51000", "[fd00::9]:2222"),
        ] {
            let mut bytes = header(v2::Command::Proxy, client, server);
            bytes.extend_from_slice(b"SSH-2.0-OpenSSH_9.2\r\n");
            let (got, rest) = read(&bytes).await;
            assert_eq!(got, Ok(client.parse().unwrap()));
            assert_eq!(rest, b"SSH-2.0-OpenSSH_9.2\r\n");
        }
    }

    /// A health check (LOCAL) is the balancer itself.
    #[tokio::test]
    async fn a_local_header_is_the_balancer() {
        let bytes = header(v2::Command::Local, "203.0.113.7:51000", "10.0.0.9:2222");
        assert_eq!(read(&bytes).await.0, Ok(BALANCER.parse().unwrap()));
    }

    /// Plain SSH, a version 1 header, a cut header, a header that lies about its length:
    /// each refused with its reason.
    #[tokio::test]
    async fn anything_else_is_refused() {
        assert_eq!(read(b"SSH-2.0-OpenSSH_9.2\r\n").await.0, Err(HeaderError::NotProxyV2));
        assert_eq!(
            read(b"PROXY TCP4 203.0.113.7 10.0.0.9 51000 2222\r\n").await.0,
            Err(HeaderError::NotProxyV2)
        );
        let whole = header(v2::Command::Proxy, "203.0.113.7:51000", "10.0.0.9:2222");
        assert_eq!(read(&whole[..20]).await.0, Err(HeaderError::Closed));
        assert_eq!(read(&whole[..5]).await.0, Err(HeaderError::Closed));
        let mut long = whole.clone();
        long[14..16].copy_from_slice(&u16::MAX.to_be_bytes());
        assert_eq!(read(&long).await.0, Err(HeaderError::TooLong));
        let mut bad = whole.clone();
        bad[12] = 0x31; // version 3
        assert!(matches!(read(&bad).await.0, Err(HeaderError::Invalid(_))));
    }

    #[test]
    fn balancers_are_addresses_or_networks() {
        let p = parse_proxies("10.0.0.5, 10.0.1.0/28 fd00::/64").unwrap();
        assert!(p.trusts("10.0.0.5".parse().unwrap()));
        assert!(p.trusts("::ffff:10.0.0.5".parse().unwrap()), "IPv4 on an IPv6 socket");
        assert!(p.trusts("10.0.1.15".parse().unwrap()));
        assert!(!p.trusts("10.0.1.16".parse().unwrap()));
        assert!(p.trusts("fd00::1".parse().unwrap()));
        assert!(!p.trusts("10.0.0.6".parse().unwrap()));
        assert!(parse_proxies("").unwrap().is_empty());
        let e = parse_proxies("10.0.0.5, haproxy.local").unwrap_err();
        assert!(e.contains("`haproxy.local` is not an IP address"), "{e}");
        assert!(parse_proxies("10.0.0.0/33").is_err());
    }
}
