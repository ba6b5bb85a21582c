//! The records the office's files are made of: issued accounts, results, the meeting
//! record. The file formats own them; the service fills them in.

use crate::domain::action::Action;
use crate::domain::{GroupScore, Mode, Role};

/// A freshly issued account, as the credential slip shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedAccount {
    pub name: String,
    pub roles: Vec<Role>,
    pub group: String,
    pub username: String,
    pub password: String,
}

/// How the people on a slip reach the server: the address they connect to and the host
/// key's fingerprint, to compare when their client first asks whether to trust it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipLogin {
    /// `None`: `server.public_address` is not set; the slip says so.
    pub host: Option<String>,
    pub port: u16,
    /// `SHA256:…`, as OpenSSH and PuTTY show it.
    pub fingerprint: String,
}

/// What a slip shows where the server's address is not set.
pub const ADDRESS_NOT_SET: &str = "服务器地址未设置（请职改办设置 server.public_address）";

impl SlipLogin {
    /// `host:port` (IPv6 in brackets), or the notice that the address is not set.
    pub fn address(&self) -> String {
        match &self.host {
            Some(h) if h.contains(':') => format!("[{h}]:{}", self.port),
            Some(h) => format!("{h}:{}", self.port),
            None => format!("{ADDRESS_NOT_SET}:{}", self.port),
        }
    }

    /// The command to type: `ssh -p PORT USER@HOST` (no `-p` on port 22).
    pub fn command(&self, username: &str) -> String {
        let host = self.host.as_deref().unwrap_or(ADDRESS_NOT_SET);
        match self.port {
            22 => format!("ssh {username}@{host}"),
            p => format!("ssh -p {p} {username}@{host}"),
        }
    }
}

/// `HOST` or `HOST:PORT` (`[IPV6]:PORT`), as `--public-address` takes it: the host a
/// DNS name or an IP address, the port 1 to 65535.
pub fn parse_public_address(s: &str) -> Result<(String, Option<u16>), String> {
    let bad = || format!("`{s}` is not HOST or HOST:PORT (for example pingshen.example.gov.cn:2222)");
    let s = s.trim();
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or_else(bad)?;
        h.parse::<std::net::Ipv6Addr>().map_err(|_| bad())?;
        match after.strip_prefix(':') {
            Some(p) => (h.to_string(), Some(p)),
            None if after.is_empty() => (h.to_string(), None),
            None => return Err(bad()),
        }
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (s.to_string(), None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(bad)?),
        None => None,
    };
    let name_ok = !host.is_empty()
        && host.len() <= 253
        && (host.parse::<std::net::IpAddr>().is_ok()
            || host
                .split('.')
                .all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
    if !name_ok {
        return Err(bad());
    }
    Ok((host.to_ascii_lowercase(), port))
}

/// One applicant's outcome, as the results export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLine {
    pub name: String,
    pub employer: String,
    pub applied_title: String,
    pub group: String,
    pub score: Option<GroupScore>,
    /// (approve, reject, abstain, base, needed, passed) of the group vote.
    pub group_vote: Option<(i32, i32, i32, i32, i32, bool)>,
    /// The group's experts recused from this applicant (the group base is the group's
    /// experts less these).
    pub group_recused: i32,
    /// The defense pass score the group result also needed (modes 2 and 3), if set.
    pub pass_score: Option<u32>,
    /// (approve, reject, abstain, attending, needed, passed) of the committee vote.
    pub committee_vote: Option<(i32, i32, i32, i32, i32, bool)>,
    /// The committee vote's base: the members attending less those recused from this
    /// applicant (the denominator of the pass rule).
    pub committee_base: Option<i32>,
    /// The committee round whose vote counts (the latest).
    pub committee_round: Option<i32>,
    pub passed: bool,
    /// So that the office can match people: the specialty, the current title and the
    /// ID number with its middle masked.
    pub specialty: String,
    pub current_title: String,
    pub id_number_masked: String,
}

/// The meeting record (评审会议记录): what happened when, from the audit log, with who
/// attended and the tallies (never who voted what).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub committee: String,
    pub mode: Mode,
    pub members: usize,
    /// Each step of the review: time, what (an audit action), who, and the group or
    /// round it concerns.
    pub steps: Vec<RecordStep>,
    /// Members who checked in, with the time.
    pub attendance: Vec<(String, String)>,
    /// Members who did not check in (absent from the committee meeting), by name.
    pub absent: Vec<String>,
    /// Whether the committee meeting has begun (before it, nobody is absent).
    pub meeting_begun: bool,
    /// Recusals: who, from whom, why ("employer", "office" or "declared").
    pub recusals: Vec<(String, String, String)>,
    pub results: Vec<ResultLine>,
    /// The audit log's last entry when the record was written (number and hash), so
    /// that a printed record can be checked against `pingshen audit verify`.
    pub audit_head: Option<(i32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordStep {
    pub at: String,
    pub action: Action,
    pub who: String,
    /// The group's name, for group steps.
    pub group: Option<String>,
    pub round: Option<i64>,
    /// A committee close with ballots missing: how many, the director's reason, and
    /// whether the round was void (`domain::ballot`).
    pub missing: Option<i64>,
    pub reason: Option<String>,
    pub void: bool,
    /// A re-vote: the applicants of the new round, by name.
    pub applicants: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_address_is_a_host_and_maybe_a_port() {
        let ok = |s: &str| parse_public_address(s).unwrap();
        assert_eq!(ok("pingshen.example.gov.cn"), ("pingshen.example.gov.cn".into(), None));
        assert_eq!(
            ok("Pingshen.Example.gov.cn:2222"),
            ("pingshen.example.gov.cn".into(), Some(2222))
        );
        assert_eq!(ok("10.1.2.3:22"), ("10.1.2.3".into(), Some(22)));
        assert_eq!(ok("[fd00::1]:2222"), ("fd00::1".into(), Some(2222)));
        assert_eq!(ok("[fd00::1]"), ("fd00::1".into(), None));
        for bad in [
            "",
            ":2222",
            "host:0",
            "host:65536",
            "host:port",
            "ho st",
            "a..b",
            "[fd00::1",
            "[nope]:22",
            "评审.cn",
            "http://x",
        ] {
            let e = parse_public_address(bad).unwrap_err();
            assert!(e.contains("is not HOST or HOST:PORT"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_slip_says_where_to_connect_and_which_key_to_expect() {
        let login = SlipLogin {
            host: Some("pingshen.example.gov.cn".into()),
            port: 2222,
            fingerprint: "SHA256:abc".into(),
        };
        assert_eq!(login.address(), "pingshen.example.gov.cn:2222");
        assert_eq!(
            login.command("ab3k9xyz"),
            "ssh -p 2222 ab3k9xyz@pingshen.example.gov.cn"
        );
        let standard = SlipLogin {
            port: 22,
            ..login.clone()
        };
        assert_eq!(standard.command("u"), "ssh u@pingshen.example.gov.cn");
        let v6 = SlipLogin {
            host: Some("fd00::1".into()),
            ..login.clone()
        };
        assert_eq!(v6.address(), "[fd00::1]:2222");
        let unset = SlipLogin { host: None, ..login };
        assert_eq!(unset.address(), format!("{ADDRESS_NOT_SET}:2222"));
        assert!(unset.command("u").contains("请职改办设置 server.public_address"));
    }
}
