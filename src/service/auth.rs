//! Accounts and login: argon2id password hashes (PHC strings), verification off the
//! async runtime behind a semaphore, and the identity a session acts as.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngExt;

use super::{Event, Result, Service, ServiceError};
use crate::domain::{Lang, Role, Stage};
use crate::store::models::NewAccount;
use crate::store::queries as q;

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

impl Identity {
    /// The office acting through the command line on the server (no login account).
    pub fn office() -> Identity {
        Identity {
            account_id: 0,
            username: super::setup::OFFICE.to_string(),
            display_name: super::setup::OFFICE.to_string(),
            is_operator: true,
            lang: Lang::Zh,
            committee_id: None,
            expert_id: None,
            roles: Vec::new(),
        }
    }
}

/// Why a login was refused. Deliberately does not say whether the user exists.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong username or password")]
    BadCredentials,
    #[error("this committee's review has ended; its accounts no longer work")]
    CommitteeClosed,
    #[error(transparent)]
    Service(#[from] ServiceError),
}

pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Invalid(format!("cannot hash password: {e}")))
}

fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(hash) => Argon2::default().verify_password(password.as_bytes(), &hash).is_ok(),
        Err(_) => false,
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

    /// Checks a username and password. Runs the hash on a blocking thread, at most a few
    /// at a time, so a burst of logins never stalls the sessions already connected.
    pub async fn login(&self, username: &str, password: &str) -> std::result::Result<Identity, LoginError> {
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
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            this.login_blocking(&username, &password)
        })
        .await
        .map_err(|_| ServiceError::Shutdown)?
    }

    fn login_blocking(&self, username: &str, password: &str) -> std::result::Result<Identity, LoginError> {
        let mut conn = self.store.conn().map_err(ServiceError::from)?;
        let account = q::account_by_username(&mut conn, username).map_err(ServiceError::from)?;
        let Some(account) = account else {
            let _ = verify_password(password, dummy_hash());
            return Err(LoginError::BadCredentials);
        };
        if !verify_password(password, &account.password_hash) {
            return Err(LoginError::BadCredentials);
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
        q::set_account_language(&mut conn, account_id, lang.as_str())?;
        self.publish(Event::AccountChanged { account_id });
        Ok(())
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
