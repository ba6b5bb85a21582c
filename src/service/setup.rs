//! Committee setup by the office: committees, groups, experts with their accounts,
//! applicants. The import and account-issuing commands build on these.

use super::{Event, Result, Service, ServiceError, auth::hash_password};
use crate::domain::{Lang, Mode, Role, Stage};
use crate::store::models::{ApplicantRow, GroupRow, NewAccount, NewExpert};
use crate::store::queries as q;

/// An expert to add to a committee, optionally with a login account.
#[derive(Debug, Clone)]
pub struct ExpertSpec {
    pub name: String,
    pub employer: String,
    pub specialty: String,
    pub group_id: Option<i32>,
    pub roles: Vec<Role>,
    /// Username and password of the account to create, if any.
    pub account: Option<(String, String)>,
}

impl Service {
    pub fn create_committee(&self, name: &str, mode: Mode) -> Result<i32> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ServiceError::Invalid(
                "a committee name must have 1 to 200 characters".into(),
            ));
        }
        let mut conn = self.store.conn()?;
        let id = q::insert_committee(&mut conn, name, mode.as_str(), Stage::Setup.as_str())?;
        self.publish(Event::CommitteeChanged { committee_id: id });
        Ok(id)
    }

    pub fn add_group(&self, committee_id: i32, name: &str) -> Result<i32> {
        let mut conn = self.store.conn()?;
        q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let id = q::insert_group(&mut conn, committee_id, name.trim())?;
        self.publish(Event::CommitteeChanged { committee_id });
        Ok(id)
    }

    pub fn groups(&self, committee_id: i32) -> Result<Vec<GroupRow>> {
        let mut conn = self.store.conn()?;
        Ok(q::groups_of_committee(&mut conn, committee_id)?)
    }

    /// Adds an expert with roles and, when asked, a login account, in one transaction.
    /// Hashing happens before the transaction so that the write lock is held briefly.
    pub fn add_expert(&self, committee_id: i32, spec: &ExpertSpec) -> Result<i32> {
        if spec.roles.iter().any(|r| r.is_group_role()) && spec.group_id.is_none() {
            return Err(ServiceError::Invalid(format!(
                "{} is a group leader or expert but has no professional group",
                spec.name
            )));
        }
        let account = match &spec.account {
            Some((user, pw)) => Some((user.as_str(), hash_password(pw)?)),
            None => None,
        };
        let roles: Vec<&str> = spec.roles.iter().map(|r| r.as_str()).collect();
        let mut conn = self.store.conn()?;
        let id = conn.immediate_transaction(|conn| -> Result<i32> {
            if let Some(gid) = spec.group_id {
                let group = q::group_by_id(conn, gid)?.ok_or(ServiceError::NotFound("group"))?;
                if group.committee_id != committee_id {
                    return Err(ServiceError::Invalid("the group belongs to another committee".into()));
                }
            }
            let id = q::insert_expert(
                conn,
                &NewExpert {
                    committee_id,
                    group_id: spec.group_id,
                    name: &spec.name,
                    employer: &spec.employer,
                    specialty: &spec.specialty,
                },
                &roles,
            )?;
            if let Some((username, hash)) = &account {
                q::insert_account(
                    conn,
                    &NewAccount {
                        username,
                        password_hash: hash,
                        is_operator: false,
                        expert_id: Some(id),
                        language: Lang::Zh.as_str(),
                    },
                )?;
            }
            Ok(id)
        })?;
        self.publish(Event::CommitteeChanged { committee_id });
        Ok(id)
    }

    pub fn add_applicant(&self, applicant: &ApplicantRow) -> Result<i32> {
        let mut conn = self.store.conn()?;
        let id = q::insert_applicant(&mut conn, applicant)?;
        self.publish(Event::CommitteeChanged {
            committee_id: applicant.committee_id,
        });
        Ok(id)
    }

    /// Moves a committee to a stage of its mode. The workflow rules that decide when a
    /// stage may change arrive with the review engine; this is the office's setup step.
    pub fn set_stage(&self, committee_id: i32, stage: Stage) -> Result<()> {
        let mut conn = self.store.conn()?;
        let committee = q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let mode: Mode = committee.mode.parse()?;
        if !mode.stages().contains(&stage) {
            return Err(ServiceError::Invalid(format!(
                "stage {stage} does not exist in mode {mode}"
            )));
        }
        q::set_committee_stage(&mut conn, committee_id, stage.as_str())?;
        self.publish(Event::CommitteeChanged { committee_id });
        Ok(())
    }
}
