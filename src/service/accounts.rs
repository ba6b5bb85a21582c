//! The experts' accounts: issuing random ones to a whole committee, resetting or
//! revoking one, and the people list the office's screen shows with them.

use serde_json::json;

use super::auth::hash_password;
use super::office::{
    PASSWORD_CHARS, PersonLine, cannot_write, expert_in, exports_dir, insert_expert_account, names_person,
    office_entry_by, office_only, one_named, private_dir, random_text, unused_username,
};
use super::setup::OFFICE;
use super::{Event, Problem, Result, Service, ServiceError};
use crate::domain::Stage;
use crate::domain::action::Action;
use crate::office::records::IssuedAccount;
use crate::store::queries as q;

impl Service {
    /// Issues a random account to every expert of the committee; accounts issued
    /// before are revoked in the same transaction. Refused once the committee reported.
    pub fn issue_accounts(&self, committee_id: i32) -> Result<Vec<IssuedAccount>> {
        self.issue_accounts_by(OFFICE, committee_id)
    }

    /// [`Service::issue_accounts`], the audit log naming the office account (`actor`)
    /// that issued them.
    pub fn issue_accounts_by(&self, actor: &str, committee_id: i32) -> Result<Vec<IssuedAccount>> {
        let mut conn = self.store.conn()?;
        let committee = q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        if committee.stage == Stage::Reported.as_str() {
            return Err(ServiceError::Problem(Problem::AccountsEnded));
        }
        let experts = q::experts_of(&mut conn, committee_id)?;
        if experts.is_empty() {
            return Err(ServiceError::Problem(Problem::NoExpertsYet));
        }
        let groups = q::groups_of_committee(&mut conn, committee_id)?;
        // Passwords are hashed before the transaction, so the write lock is brief.
        let mut issued = Vec::with_capacity(experts.len());
        let mut hashes = Vec::with_capacity(experts.len());
        for e in &experts {
            let roles = q::roles_of_expert(&mut conn, e.id)?
                .iter()
                .filter_map(|r| r.parse().ok())
                .collect();
            let password = random_text(PASSWORD_CHARS, 12);
            hashes.push(hash_password(&password)?);
            issued.push(IssuedAccount {
                name: e.name.clone(),
                roles,
                group: e
                    .group_id
                    .and_then(|g| groups.iter().find(|x| x.id == g))
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                username: String::new(),
                password,
            });
        }
        let old_accounts = self.write_announcing(&mut conn, |c| {
            let ids: Vec<i32> = experts.iter().map(|e| e.id).collect();
            let old_accounts: Vec<i32> = q::accounts_of_experts(c, &ids)?.into_iter().map(|a| a.0).collect();
            let revoked = q::delete_accounts_of_experts(c, &ids)?;
            let mut pairs = Vec::with_capacity(experts.len());
            for ((e, slip), hash) in experts.iter().zip(issued.iter_mut()).zip(&hashes) {
                let username = unused_username(c)?;
                insert_expert_account(c, &username, hash, e.id)?;
                pairs.push(json!([username, e.id]));
                slip.username = username;
            }
            office_entry_by(
                c,
                actor,
                committee_id,
                Action::AccountsIssue,
                json!({ "accounts": pairs, "revoked": revoked }),
            )?;
            Ok::<_, ServiceError>((old_accounts, vec![Event::everyone_in(committee_id)]))
        })?;
        // Sessions under the old accounts are told and closed.
        self.end_sessions_of(&old_accounts);
        Ok(issued)
    }

    /// The office's people screen: every expert of the committee with the account and
    /// whether it is online.
    pub fn people(&self, who: &super::Identity, committee_id: i32) -> Result<Vec<PersonLine>> {
        office_only(who)?;
        let mut conn = self.store.conn()?;
        q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let experts = q::experts_of(&mut conn, committee_id)?;
        let groups = q::groups_of_committee(&mut conn, committee_id)?;
        let ids: Vec<i32> = experts.iter().map(|e| e.id).collect();
        let accounts = q::accounts_of_experts(&mut conn, &ids)?;
        let mut out = Vec::with_capacity(experts.len());
        for e in experts {
            let roles = q::roles_of_expert(&mut conn, e.id)?
                .iter()
                .filter_map(|r| r.parse().ok())
                .collect();
            let account = accounts.iter().find(|a| a.1 == e.id);
            out.push(PersonLine {
                expert_id: e.id,
                group: e
                    .group_id
                    .and_then(|g| groups.iter().find(|x| x.id == g))
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                roles,
                username: account.map(|a| a.2.clone()),
                online: account.is_some_and(|a| self.live_sessions_of(&[a.0]) > 0),
                name: e.name,
                employer: e.employer,
            });
        }
        Ok(out)
    }

    /// The office resets one expert's account from its screen; the slip goes to
    /// `exports/committee-N-account-USERNAME.csv`. Returns the name and the slip.
    pub fn reset_account_from_screen(
        &self,
        who: &super::Identity,
        committee_id: i32,
        expert_id: i32,
        new_username: bool,
    ) -> Result<(String, std::path::PathBuf)> {
        office_only(who)?;
        let dir = exports_dir(self);
        private_dir(&dir)?;
        let account = self.reset_account_by(&who.username, committee_id, expert_id, new_username)?;
        let path = dir.join(format!("committee-{committee_id}-account-{}.csv", account.username));
        let name = account.name.clone();
        crate::office::export::accounts_csv(&path, &[account], &self.slip_login(), true).map_err(cannot_write)?;
        Ok((name, path))
    }

    /// Live sessions under the committee's accounts (issuing for everyone closes them).
    pub fn live_sessions_of_committee(&self, committee_id: i32) -> Result<usize> {
        let mut conn = self.store.conn()?;
        let ids: Vec<i32> = q::experts_of(&mut conn, committee_id)?.iter().map(|e| e.id).collect();
        let accounts: Vec<i32> = q::accounts_of_experts(&mut conn, &ids)?
            .into_iter()
            .map(|a| a.0)
            .collect();
        Ok(self.live_sessions_of(&accounts))
    }

    /// The expert a name means in a committee: the name alone, or "name@employer".
    pub fn find_expert(&self, committee_id: i32, expert: &str) -> Result<i32> {
        let mut conn = self.store.conn()?;
        q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let ids: Vec<i32> = q::experts_of(&mut conn, committee_id)?
            .into_iter()
            .filter(|e| names_person(&e.name, &e.employer, expert))
            .map(|e| e.id)
            .collect();
        one_named(ids, expert, "expert", committee_id)
    }

    /// `accounts reset` (and the office's screen): one expert gets a new password, and a
    /// new username if asked, without touching anyone else's account; the expert's
    /// open session is told and closed. An expert without an account gets one.
    pub fn reset_account_by(
        &self,
        actor: &str,
        committee_id: i32,
        expert_id: i32,
        new_username: bool,
    ) -> Result<IssuedAccount> {
        let mut conn = self.store.conn()?;
        let committee = q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        if committee.stage == Stage::Reported.as_str() {
            return Err(ServiceError::Problem(Problem::AccountsEnded));
        }
        let expert = expert_in(&mut conn, committee_id, expert_id)?;
        let roles = q::roles_of_expert(&mut conn, expert.id)?
            .iter()
            .filter_map(|r| r.parse().ok())
            .collect();
        let group = match expert.group_id {
            Some(g) => q::groups_of_committee(&mut conn, committee_id)?
                .into_iter()
                .find(|x| x.id == g)
                .map(|x| x.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        let password = random_text(PASSWORD_CHARS, 12);
        let hash = hash_password(&password)?;
        let (old, username) = self.write_announcing(&mut conn, |c| {
            let old = q::accounts_of_experts(c, &[expert.id])?;
            q::delete_accounts_of_experts(c, &[expert.id])?;
            let username = match old.first() {
                Some((_, _, u)) if !new_username => u.clone(),
                _ => unused_username(c)?,
            };
            insert_expert_account(c, &username, &hash, expert.id)?;
            office_entry_by(
                c,
                actor,
                committee_id,
                Action::AccountReset,
                json!({ "accounts": [[username, expert.id]], "expert": expert.id, "new_username": new_username }),
            )?;
            Ok::<_, ServiceError>(((old, username), vec![Event::everyone_in(committee_id)]))
        })?;
        let old: Vec<i32> = old.into_iter().map(|a| a.0).collect();
        self.end_sessions_of(&old);
        Ok(IssuedAccount {
            name: expert.name,
            roles,
            group,
            username,
            password,
        })
    }

    /// `accounts revoke`: one expert's account stops working at once (the open session
    /// is told and closed); everyone else's stays.
    pub fn revoke_account_by(&self, actor: &str, committee_id: i32, expert_id: i32) -> Result<String> {
        let mut conn = self.store.conn()?;
        q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let expert = expert_in(&mut conn, committee_id, expert_id)?;
        let old = self.write_announcing(&mut conn, |c| {
            let old = q::accounts_of_experts(c, &[expert.id])?;
            if old.is_empty() {
                return Err(ServiceError::Problem(Problem::NoAccount(expert.name.clone())));
            }
            q::delete_accounts_of_experts(c, &[expert.id])?;
            office_entry_by(
                c,
                actor,
                committee_id,
                Action::AccountRevoke,
                json!({ "accounts": [], "expert": expert.id }),
            )?;
            Ok((old, vec![Event::everyone_in(committee_id)]))
        })?;
        let old: Vec<i32> = old.into_iter().map(|a| a.0).collect();
        self.end_sessions_of(&old);
        Ok(expert.name)
    }
}
