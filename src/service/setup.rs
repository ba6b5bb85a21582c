//! Committee setup by the office: committees, groups, experts with their accounts,
//! applicants. Allowed only while a committee is being set up; each step is written
//! with its audit entry (actor "office"), so that the log alone can replay the review.

use crate::store::Db;
use serde_json::json;

use super::{Event, Problem, Result, Service, ServiceError, auth::hash_password};
use crate::domain::action::Action;
use crate::domain::rules::DEFAULT_SCORE_ITEMS;
use crate::domain::{Lang, Mode, Role, Stage};
use crate::store::models::{ApplicantRow, GroupRow, NewAccount, NewExpert};
use crate::store::{audit, queries as q, review as rq};

pub use super::auth::OFFICE;

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

/// What a settings change sets (`pingshen committee settings`, the office's settings
/// screen); `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SettingsChange {
    pub group_pass: Option<crate::domain::Threshold>,
    pub committee_pass: Option<crate::domain::Threshold>,
    pub quorum: Option<crate::domain::Threshold>,
    pub group_fail_stops: Option<bool>,
    /// Some(None): always the plain mean.
    pub trim_from: Option<Option<u32>>,
    /// Some(None): scores are only a reference.
    pub pass_score: Option<Option<u32>>,
    pub score_items: Option<Vec<(String, u32)>>,
}

/// Parses "内容:40,表达:30,答辩:30".
pub fn parse_items(s: &str) -> std::result::Result<Vec<(String, u32)>, String> {
    s.split([',', '，'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (name, max) = p
                .rsplit_once([':', '：'])
                .ok_or_else(|| format!("{p:?} is not NAME:POINTS"))?;
            let max: u32 = max
                .trim()
                .parse()
                .map_err(|_| format!("{p:?}: points must be a number"))?;
            Ok((name.trim().to_string(), max))
        })
        .collect()
}

/// Refuses setup changes once the review has started.
pub(super) fn in_setup(conn: &mut Db, committee_id: i32) -> Result<()> {
    let c = q::committee_by_id(conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
    if c.stage != Stage::Setup.as_str() {
        return Err(ServiceError::Problem(Problem::SetupClosed));
    }
    Ok(())
}

impl Service {
    /// Runs a setup step in one immediate transaction with its audit entry.
    fn setup_step<T>(
        &self,
        actor: &str,
        action: Action,
        f: impl FnOnce(&mut Db) -> Result<(i32, serde_json::Value, T)>,
    ) -> Result<T> {
        let mut conn = self.store.conn()?;
        self.write_announcing(&mut conn, |c| {
            let (committee_id, detail, value) = f(c)?;
            audit::append(c, Some(committee_id), actor, action.name(), &detail.to_string())?;
            Ok::<_, ServiceError>((value, vec![Event::everyone_in(committee_id)]))
        })
    }

    /// Changes the settings and the score items given, each checked by the engine (the
    /// office, during setup, values in range); nothing changes when one is refused.
    pub fn change_settings(
        &self,
        who: &super::Identity,
        committee_id: i32,
        change: &SettingsChange,
    ) -> std::result::Result<(), super::review::ActionError> {
        let (mut settings, _) = self.settings(committee_id)?;
        let before = settings;
        let c = change;
        settings.group_pass = c.group_pass.unwrap_or(settings.group_pass);
        settings.committee_pass = c.committee_pass.unwrap_or(settings.committee_pass);
        settings.quorum = c.quorum.unwrap_or(settings.quorum);
        settings.group_fail_stops = c.group_fail_stops.unwrap_or(settings.group_fail_stops);
        settings.trim_from = c.trim_from.unwrap_or(settings.trim_from);
        settings.pass_score = c.pass_score.unwrap_or(settings.pass_score);
        if let Some(items) = &c.score_items {
            // Checked before the settings are written, so that a bad list changes
            // nothing (the engine checks again when it writes them).
            let committee = {
                let mut conn = self.store.conn()?;
                super::review::load_committee(&mut conn, committee_id).map_err(ServiceError::from)?
            };
            let actor = crate::domain::gates::Actor {
                is_operator: who.is_operator,
                ..Default::default()
            };
            crate::domain::gates::set_score_items(&actor, committee.stage, items)?;
        }
        if settings != before {
            self.set_settings(who, committee_id, settings)?;
        }
        if let Some(items) = &c.score_items {
            self.set_score_items(who, committee_id, items)?;
        }
        Ok(())
    }

    pub fn create_committee(&self, name: &str, mode: Mode) -> Result<i32> {
        self.create_committee_by(OFFICE, name, mode)
    }

    /// A committee created from the office's screen: the office only, the audit log
    /// naming its account.
    pub fn create_committee_from_screen(&self, who: &super::Identity, name: &str, mode: Mode) -> Result<i32> {
        super::office::office_only(who)?;
        self.create_committee_by(&who.username, name, mode)
    }

    /// [`Service::create_committee`], the audit log naming the office account.
    pub fn create_committee_by(&self, actor: &str, name: &str, mode: Mode) -> Result<i32> {
        let name = name.trim().to_string();
        // A name is shown on every screen and slip: no control, invisible or
        // direction-changing characters.
        let unreadable = name.chars().any(char::is_control) || crate::domain::text::first_invisible(&name).is_some();
        if name.is_empty() || name.chars().count() > 200 || unreadable {
            return Err(ServiceError::Problem(Problem::CommitteeName));
        }
        self.setup_step(actor, Action::CommitteeCreate, |c| {
            let id = q::insert_committee(c, &name, mode.as_str(), Stage::Setup.as_str())?;
            if mode.has_scoring() {
                let items: Vec<(String, i32)> = DEFAULT_SCORE_ITEMS
                    .iter()
                    .map(|(n, m)| (n.to_string(), *m as i32))
                    .collect();
                rq::replace_score_items(c, id, &items)?;
            }
            Ok((id, json!({ "committee": id, "name": name, "mode": mode.as_str() }), id))
        })
    }

    pub fn add_group(&self, committee_id: i32, name: &str) -> Result<i32> {
        let name = name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ServiceError::Problem(Problem::GroupName));
        }
        self.setup_step(OFFICE, Action::GroupAdd, |c| {
            in_setup(c, committee_id)?;
            let id = q::insert_group(c, committee_id, &name)?;
            Ok((committee_id, json!({ "group": id, "name": name }), id))
        })
    }

    pub fn groups(&self, committee_id: i32) -> Result<Vec<GroupRow>> {
        let mut conn = self.store.conn()?;
        Ok(q::groups_of_committee(&mut conn, committee_id)?)
    }

    /// Adds an expert with roles and, when asked, a login account, in one transaction.
    /// Hashing happens before the transaction so that the write lock is held briefly.
    pub fn add_expert(&self, committee_id: i32, spec: &ExpertSpec) -> Result<i32> {
        if spec.roles.iter().any(|r| r.is_group_role()) && spec.group_id.is_none() {
            return Err(ServiceError::Problem(Problem::NoGroup(spec.name.clone())));
        }
        if spec.roles.is_empty() {
            return Err(ServiceError::Problem(Problem::NoRole(spec.name.clone())));
        }
        let account = match &spec.account {
            Some((user, pw)) => Some((user.clone(), hash_password(pw)?)),
            None => None,
        };
        let roles: Vec<&str> = spec.roles.iter().map(|r| r.as_str()).collect();
        self.setup_step(OFFICE, Action::ExpertAdd, |c| {
            in_setup(c, committee_id)?;
            if let Some(gid) = spec.group_id {
                let group = q::group_by_id(c, gid)?.ok_or(ServiceError::NotFound("group"))?;
                if group.committee_id != committee_id {
                    return Err(ServiceError::Problem(Problem::GroupElsewhere));
                }
            }
            let id = q::insert_expert(
                c,
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
                    c,
                    &NewAccount {
                        username,
                        password_hash: hash,
                        is_operator: false,
                        expert_id: Some(id),
                        language: Lang::Zh.as_str(),
                    },
                )?;
            }
            let detail = json!({
                "expert": id, "group": spec.group_id, "roles": roles,
                "account": account.as_ref().map(|(u, _)| u),
            });
            Ok((committee_id, detail, id))
        })
    }

    pub fn add_applicant(&self, applicant: &ApplicantRow) -> Result<i32> {
        self.setup_step(OFFICE, Action::ApplicantAdd, |c| {
            in_setup(c, applicant.committee_id)?;
            if let Some(gid) = applicant.group_id {
                let group = q::group_by_id(c, gid)?.ok_or(ServiceError::NotFound("group"))?;
                if group.committee_id != applicant.committee_id {
                    return Err(ServiceError::Problem(Problem::GroupElsewhere));
                }
            }
            let id = q::insert_applicant(c, applicant)?;
            Ok((
                applicant.committee_id,
                json!({ "applicant": id, "group": applicant.group_id }),
                id,
            ))
        })
    }
}
