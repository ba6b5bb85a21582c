//! The office's bulk work: imports of applicants and experts (all or nothing, and
//! idempotent), issuing random accounts, and the results table the exports write.
//!
//! Natural keys: an applicant is the same applicant when the committee, the name and
//! the employer are the same; so is an expert. Importing a file again changes nothing;
//! a row whose key exists with other data updates that person (while the committee is
//! still being set up).

use crate::store::Db;
use diesel::Connection as _;
use rand::RngExt;
use serde_json::json;

use super::setup::{OFFICE, in_setup};
use super::{Event, Problem, Result, Service, ServiceError};
use crate::domain::Stage;
use crate::domain::action::Action;
use crate::office::columns::{ApplicantImport, ExpertImport};
pub use crate::office::records::{IssuedAccount, MeetingRecord, RecordStep, ResultLine};
use crate::store::models::{ApplicantRow, NewAccount, NewExpert};
use crate::store::{audit, queries as q, review as rq};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Professional groups that did not exist yet and were created.
    pub groups_added: Vec<String>,
    /// Recusals made because an expert and an applicant share an employer.
    pub recusals_added: usize,
}

/// Characters of issued usernames and passwords: none that read alike (0/O, 1/l/I).
const USER_CHARS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
pub(super) const PASSWORD_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

pub(super) fn random_text(chars: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| chars[rng.random_range(0..chars.len())] as char)
        .collect()
}

/// The group of that name, created (and logged) when it does not exist yet.
fn group_id(
    c: &mut Db,
    actor: &str,
    committee_id: i32,
    name: &str,
    report: &mut ImportReport,
) -> std::result::Result<i32, ServiceError> {
    if let Some(g) = q::groups_of_committee(c, committee_id)?
        .into_iter()
        .find(|g| g.name == name)
    {
        return Ok(g.id);
    }
    let id = q::insert_group(c, committee_id, name)?;
    office_entry_by(
        c,
        actor,
        committee_id,
        Action::GroupAdd,
        json!({ "group": id, "name": name }),
    )?;
    report.groups_added.push(name.to_string());
    Ok(id)
}

/// Recuses every expert from the applicants of the same employer (回避), logging each
/// new one; returns how many were new. The review's start does the same once more.
fn employer_recusals(c: &mut Db, actor: &str, committee_id: i32) -> std::result::Result<usize, ServiceError> {
    let experts = q::experts_of(c, committee_id)?;
    let applicants = q::applicants_of(c, committee_id, None)?;
    let mut added = 0;
    for e in experts.iter().filter(|e| !e.employer.trim().is_empty()) {
        for a in applicants.iter().filter(|a| a.employer.trim() == e.employer.trim()) {
            if !rq::is_exempt(c, e.id, a.id)? && rq::insert_recusal(c, e.id, a.id, "employer")? {
                office_entry_by(
                    c,
                    actor,
                    committee_id,
                    Action::RecusalAdd,
                    json!({ "expert": e.id, "applicant": a.id, "reason": "employer" }),
                )?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// The fields an import sets, for comparing a row with what is stored.
fn same_file(a: &ApplicantRow, b: &ApplicantRow) -> bool {
    let key = |x: &ApplicantRow| {
        let mut x = x.clone();
        x.id = 0;
        x.committee_id = 0;
        x.group_round = 0;
        x.committee_round = 0;
        x
    };
    key(a) == key(b)
}

/// A recusal as the office lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecusalLine {
    pub expert_id: i32,
    pub applicant_id: i32,
    pub expert: String,
    pub expert_employer: String,
    pub applicant: String,
    pub applicant_employer: String,
    /// "employer" (found at the start), "office" or "declared".
    pub reason: String,
}

/// One group's progress, as the office watches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupProgress {
    pub id: i32,
    pub name: String,
    pub phase: crate::domain::GroupPhase,
    pub round: i32,
    pub experts: u32,
    /// Experts who have drafted every applicant of the round.
    pub drafted: u32,
    pub submitted: u32,
    /// Score sheets still to come (defense modes).
    pub sheets_missing: u32,
    pub scoring: bool,
}

/// A committee's progress, as the office watches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeProgress {
    pub id: i32,
    pub name: String,
    pub mode: crate::domain::Mode,
    pub stage: Stage,
    pub groups: Vec<GroupProgress>,
    pub members: u32,
    pub checked_in: u32,
    pub quorum_needed: u32,
    pub voters: u32,
    /// Applicants with a committee result, and how many of them passed.
    pub decided: u32,
    pub passed: u32,
    pub accounts: u32,
    /// Live terminal sessions under the committee's accounts (issuing anew closes them).
    pub live_sessions: u32,
    /// The committee's experts and applicants.
    pub experts: u32,
    pub applicants: u32,
    /// During setup, everything still missing before the review can start (the setup
    /// checklist; empty once it can start, and after the start).
    pub missing: Vec<crate::domain::Unready>,
}

/// An expert and the account, as the office's people screen lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonLine {
    pub expert_id: i32,
    pub name: String,
    pub employer: String,
    pub group: String,
    pub roles: Vec<crate::domain::Role>,
    /// The account's username; `None`: no account issued (or revoked).
    pub username: Option<String>,
    /// Whether a terminal session of the account is open now.
    pub online: bool,
}

/// Where the office's screen signs certificates (the office key's folder) and the
/// issuer it prints; the server sets it when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSetup {
    pub keys_dir: std::path::PathBuf,
    pub issuer: String,
}

/// The data folder: the database's folder, where `inbox/` and `exports/` are.
pub fn data_dir(service: &Service) -> std::path::PathBuf {
    service
        .store()
        .path()
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf()
}

/// Where the office's screens write files: `exports/` in the data folder (the office
/// downloads them by SFTP).
pub fn exports_dir(service: &Service) -> std::path::PathBuf {
    data_dir(service).join("exports")
}

/// Where the office uploads spreadsheets to import: `inbox/` in the data folder.
pub fn inbox_dir(service: &Service) -> std::path::PathBuf {
    data_dir(service).join("inbox")
}

impl Service {
    /// A committee's progress for the office: per group, drafts, ballots and sheets;
    /// then the meeting and the results.
    pub fn committee_progress(&self, who: &super::Identity, committee_id: i32) -> Result<CommitteeProgress> {
        office_only(who)?;
        let board = self.committee_board(who, committee_id)?;
        let mut conn = self.store.conn()?;
        let committee = super::review::load_committee(&mut conn, committee_id).map_err(ServiceError::from)?;
        let group_rows = q::groups_of_committee(&mut conn, committee_id)?;
        let experts: Vec<i32> = q::experts_of(&mut conn, committee_id)?.iter().map(|e| e.id).collect();
        let accounts = q::count_accounts_of_experts(&mut conn, &experts)? as u32;
        let account_ids: Vec<i32> = q::accounts_of_experts(&mut conn, &experts)?
            .into_iter()
            .map(|a| a.0)
            .collect();
        let live_sessions = self.live_sessions_of(&account_ids) as u32;
        let readiness = super::review::readiness(&mut conn, committee_id, committee.mode)?;
        let missing = if committee.stage == Stage::Setup {
            crate::domain::gates::missing(&readiness)
        } else {
            Vec::new()
        };
        drop(conn);
        let mut groups = Vec::with_capacity(group_rows.len());
        for g in group_rows {
            let b = self.group_board(who, g.id)?;
            groups.push(GroupProgress {
                id: g.id,
                name: g.name,
                phase: b.phase,
                round: b.round,
                experts: b.experts.len() as u32,
                drafted: b.experts.iter().filter(|e| e.undrafted == 0).count() as u32,
                submitted: b.experts.iter().filter(|e| e.submitted).count() as u32,
                sheets_missing: b.gaps.scores_missing(),
                scoring: b.scoring,
            });
        }
        Ok(CommitteeProgress {
            id: committee_id,
            name: committee.row.name.clone(),
            mode: committee.mode,
            stage: committee.stage,
            groups,
            members: board.members,
            checked_in: board.checked_in,
            quorum_needed: board.quorum_needed,
            voters: board.voters,
            decided: board.lines.iter().filter(|l| l.result.is_some()).count() as u32,
            passed: board.lines.iter().filter(|l| l.result.is_some_and(|r| r.1)).count() as u32,
            accounts,
            live_sessions,
            experts: experts.len() as u32,
            applicants: readiness.applicants as u32,
            missing,
        })
    }

    /// The office's export from its screen: results (CSV and XLSX) and the meeting
    /// record into `exports/` of the data folder; returns the files written.
    pub fn export_from_screen(&self, who: &super::Identity, committee_id: i32) -> Result<Vec<std::path::PathBuf>> {
        office_only(who)?;
        let dir = exports_dir(self);
        private_dir(&dir)?;
        let lines = self.results_table(committee_id)?;
        let record = self.meeting_record(committee_id)?;
        let mut written = Vec::new();
        for ext in ["csv", "xlsx"] {
            let path = dir.join(format!("committee-{committee_id}-results.{ext}"));
            crate::office::export::results(&path, &lines, true).map_err(cannot_write)?;
            written.push(path);
        }
        let path = dir.join(format!("committee-{committee_id}-record.txt"));
        crate::office::export::record(&path, &record, true).map_err(cannot_write)?;
        written.push(path);
        Ok(written)
    }

    /// The office issues the e-certificates from its screen, once the committee has
    /// reported: signed PDFs into `exports/committee-N/certificates/` (issuing again
    /// writes the same certificates). Returns how many, and the folder.
    pub fn issue_certificates_from_screen(
        &self,
        who: &super::Identity,
        committee_id: i32,
    ) -> Result<(usize, std::path::PathBuf)> {
        use crate::office::certificate::{self, OfficeKey};
        office_only(who)?;
        let setup = self.certificates.get().cloned().unwrap_or(CertificateSetup {
            keys_dir: data_dir(self).join("keys"),
            issuer: certificate::DEFAULT_ISSUER.to_string(),
        });
        // Refused before the key or a font is looked for.
        let mut conn = self.store.conn()?;
        let committee = q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        drop(conn);
        if committee.stage != Stage::Reported.as_str() {
            return Err(ServiceError::Problem(Problem::NotReportedYet));
        }
        let no_font = |e: String| {
            tracing::error!(error = %e, "no font for the certificates");
            ServiceError::Problem(Problem::NoFont(e))
        };
        let font_path = certificate::find_font(None).map_err(|e| no_font(e.to_string()))?;
        let font: Vec<u8> = std::fs::read(&font_path).map_err(|e| no_font(e.to_string()))?;
        let key = OfficeKey::load_or_create(&setup.keys_dir).map_err(|e| {
            ServiceError::Problem(Problem::CannotCreate {
                path: setup.keys_dir.display().to_string(),
                why: format!("{e:#}"),
            })
        })?;
        let issued = self.issue_certificates_by(&who.username, committee_id, &setup.issuer, &|p: &str| key.sign(p))?;
        let dir = exports_dir(self)
            .join(format!("committee-{committee_id}"))
            .join("certificates");
        private_dir(&dir)?;
        for (d, signature) in &issued {
            let pdf = certificate::pdf(d, signature, &font).map_err(|e| {
                ServiceError::Problem(Problem::CannotWrite {
                    path: dir.display().to_string(),
                    why: format!("{e:#}"),
                })
            })?;
            let path = dir.join(format!("{}.pdf", d.number));
            crate::files::write_private(&path, &pdf, true).map_err(|e| {
                ServiceError::Problem(Problem::CannotWrite {
                    path: path.display().to_string(),
                    why: e.to_string(),
                })
            })?;
        }
        Ok((issued.len(), dir))
    }

    /// The office issues accounts from its screen: the slips go to `exports/` (0600).
    pub fn issue_accounts_from_screen(
        &self,
        who: &super::Identity,
        committee_id: i32,
    ) -> Result<(usize, std::path::PathBuf)> {
        office_only(who)?;
        let dir = exports_dir(self);
        private_dir(&dir)?;
        let accounts = self.issue_accounts_by(&who.username, committee_id)?;
        let path = dir.join(format!("committee-{committee_id}-accounts.csv"));
        crate::office::export::accounts_csv(&path, &accounts, &self.slip_login(), true).map_err(cannot_write)?;
        Ok((accounts.len(), path))
    }

    /// A committee's rule settings and score items.
    /// The committee's settings and score items, for the office's screen.
    pub fn settings_for(
        &self,
        who: &super::Identity,
        committee_id: i32,
    ) -> Result<(crate::domain::Settings, Vec<(String, u32)>)> {
        office_only(who)?;
        self.settings(committee_id)
    }

    /// The committee's recusals, for the office's screen.
    pub fn recusals_for(&self, who: &super::Identity, committee_id: i32) -> Result<Vec<RecusalLine>> {
        office_only(who)?;
        self.recusals(committee_id)
    }

    pub fn settings(&self, committee_id: i32) -> Result<(crate::domain::Settings, Vec<(String, u32)>)> {
        let mut conn = self.store.conn()?;
        let committee = super::review::load_committee(&mut conn, committee_id).map_err(ServiceError::from)?;
        let items = rq::score_items_of(&mut conn, committee_id)?
            .into_iter()
            .map(|i| (i.name, i.max_points.max(0) as u32))
            .collect();
        Ok((committee.settings, items))
    }

    /// The meeting record of a committee.
    pub fn meeting_record(&self, committee_id: i32) -> Result<MeetingRecord> {
        // One read transaction: the steps, the attendance, the results and the audit
        // log's head are of the same moment.
        let mut conn = self.store.conn()?;
        conn.transaction(|conn| {
            let results = results_of(conn, committee_id)?;
            let committee = super::review::load_committee(conn, committee_id).map_err(ServiceError::from)?;
            let experts = q::experts_of(conn, committee_id)?;
            let groups = q::groups_of_committee(conn, committee_id)?;
            let members = rq::member_ids(conn, committee_id)?.len();
            // Usernames in the log name people; accounts issued later replace earlier ones,
            // so the log's own account entries say whose each username was.
            let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
            let log = audit::all(conn)?;
            // The office's accounts, as the log names them (removed ones included).
            let offices: std::collections::HashSet<String> = log
                .iter()
                .filter(|e| Action::from_name(&e.action) == Some(Action::OfficeAccountAdd))
                .filter_map(|e| serde_json::from_str::<serde_json::Value>(&e.detail).ok())
                .filter_map(|d| d["account"].as_str().map(str::to_string))
                .chain(q::operator_accounts(conn)?.into_iter().map(|a| a.username))
                .collect();
            let audit_head = log.last().map(|e| (e.seq, e.hash.clone()));
            let entries: Vec<_> = log
                .into_iter()
                .filter(|e| e.committee_id == Some(committee_id))
                .collect();
            let applicants = q::applicants_of(conn, committee_id, None)?;
            let applicant_name = |id: i64| {
                applicants
                    .iter()
                    .find(|a| i64::from(a.id) == id)
                    .map(|a| a.name.clone())
                    .unwrap_or_default()
            };
            let expert_name = |id: i64| {
                experts
                    .iter()
                    .find(|x| i64::from(x.id) == id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default()
            };
            let mut steps = Vec::new();
            for e in &entries {
                let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
                if matches!(
                    Action::from_name(&e.action),
                    Some(Action::AccountsIssue | Action::AccountReset)
                ) {
                    // Whose each username was from now on (and a step of the record).
                    for pair in d["accounts"].as_array().into_iter().flatten() {
                        if let (Some(u), Some(id)) = (pair[0].as_str(), pair[1].as_i64()) {
                            names.insert(u.to_string(), expert_name(id));
                        }
                    }
                }
                match Action::from_name(&e.action) {
                    Some(Action::ExpertAdd) => {
                        if let (Some(u), Some(id)) = (d["account"].as_str(), d["expert"].as_i64()) {
                            names.insert(u.to_string(), expert_name(id));
                        }
                    }
                    Some(action) if action.in_meeting_record() => {
                        let group = d["group"]
                            .as_i64()
                            .and_then(|g| groups.iter().find(|x| i64::from(x.id) == g).map(|x| x.name.clone()));
                        let who = if e.actor == OFFICE {
                            "职改办".to_string()
                        } else if let Some(name) = names.get(&e.actor) {
                            name.clone()
                        } else if offices.contains(&e.actor) {
                            // One of the office's own accounts.
                            format!("职改办（{}）", e.actor)
                        } else {
                            e.actor.clone()
                        };
                        steps.push(RecordStep {
                            at: e.at.clone(),
                            action,
                            who,
                            group,
                            round: d["round"].as_i64(),
                            missing: d["missing"].as_i64(),
                            reason: d["override"].as_str().or(d["reason"].as_str()).map(str::to_string),
                            void: d["void"].as_bool() == Some(true),
                            applicants: d["applicants"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|id| id.as_i64())
                                .map(applicant_name)
                                .collect(),
                        });
                    }
                    _ => {}
                }
            }
            let checkins = rq::checkins_with_times(conn, committee_id)?;
            let absent = rq::member_ids(conn, committee_id)?
                .into_iter()
                .filter(|m| checkins.iter().all(|(id, _)| id != m))
                .map(|m| expert_name(i64::from(m)))
                .collect();
            let attendance = checkins
                .into_iter()
                .map(|(id, at)| (expert_name(i64::from(id)), at))
                .collect();
            let recusals = recusals_of(conn, committee_id)?
                .into_iter()
                .map(|r| (r.expert, r.applicant, r.reason))
                .collect();
            Ok(MeetingRecord {
                committee: committee.row.name.clone(),
                mode: committee.mode,
                members,
                steps,
                attendance,
                absent,
                meeting_begun: !committee.stage.is_group_stage(),
                recusals,
                results,
                audit_head,
            })
        })
    }

    /// The recusals of a committee, by applicant.
    pub fn recusals(&self, committee_id: i32) -> Result<Vec<RecusalLine>> {
        let mut conn = self.store.conn()?;
        recusals_of(&mut conn, committee_id)
    }

    /// The expert and applicant a person's name means in a committee: the name alone,
    /// or "name@employer" when two people share a name.
    pub fn find_pair(&self, committee_id: i32, expert: &str, applicant: &str) -> Result<(i32, i32)> {
        let mut conn = self.store.conn()?;
        q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let experts: Vec<i32> = q::experts_of(&mut conn, committee_id)?
            .into_iter()
            .filter(|e| names_person(&e.name, &e.employer, expert))
            .map(|e| e.id)
            .collect();
        let applicants: Vec<i32> = q::applicants_of(&mut conn, committee_id, None)?
            .into_iter()
            .filter(|a| names_person(&a.name, &a.employer, applicant))
            .map(|a| a.id)
            .collect();
        Ok((
            one_named(experts, expert, "expert", committee_id)?,
            one_named(applicants, applicant, "applicant", committee_id)?,
        ))
    }

    /// Runs an import in one transaction during setup: all rows or none; then the
    /// shared employers' recusals, and live screens are told.
    fn import(
        &self,
        actor: &str,
        committee_id: i32,
        rows: impl FnOnce(&mut Db, &mut ImportReport) -> Result<()>,
    ) -> Result<ImportReport> {
        let mut conn = self.store.conn()?;
        self.write_announcing(&mut conn, |c| {
            in_setup(c, committee_id)?;
            let mut report = ImportReport::default();
            rows(c, &mut report)?;
            report.recusals_added = employer_recusals(c, actor, committee_id)?;
            Ok::<_, ServiceError>((report, vec![Event::everyone_in(committee_id)]))
        })
    }

    /// Imports applicants in one transaction: all rows or none.
    pub fn import_applicants(&self, committee_id: i32, rows: &[ApplicantImport]) -> Result<ImportReport> {
        self.import_applicants_by(OFFICE, committee_id, rows)
    }

    /// [`Service::import_applicants`], the audit log naming the office account.
    pub fn import_applicants_by(
        &self,
        actor: &str,
        committee_id: i32,
        rows: &[ApplicantImport],
    ) -> Result<ImportReport> {
        self.import(actor, committee_id, |c, report| {
            let existing = q::applicants_of(c, committee_id, None)?;
            for r in rows {
                let gid = group_id(c, actor, committee_id, &r.group, report)?;
                let mut row = r.applicant.clone();
                row.committee_id = committee_id;
                row.group_id = Some(gid);
                match existing
                    .iter()
                    .find(|e| e.name == row.name && e.employer == row.employer)
                {
                    Some(e) if same_file(e, &row) => report.unchanged += 1,
                    Some(e) => {
                        row.id = e.id;
                        q::update_applicant(c, &row)?;
                        office_entry_by(
                            c,
                            actor,
                            committee_id,
                            Action::ApplicantUpdate,
                            json!({ "applicant": e.id, "group": gid }),
                        )?;
                        report.updated += 1;
                    }
                    None => {
                        let id = q::insert_applicant(c, &row)?;
                        office_entry_by(
                            c,
                            actor,
                            committee_id,
                            Action::ApplicantAdd,
                            json!({ "applicant": id, "group": gid }),
                        )?;
                        report.added += 1;
                    }
                }
            }
            Ok(())
        })
    }

    /// Imports experts in one transaction: all rows or none. Accounts are issued
    /// separately (`issue_accounts`).
    pub fn import_experts(&self, committee_id: i32, rows: &[ExpertImport]) -> Result<ImportReport> {
        self.import_experts_by(OFFICE, committee_id, rows)
    }

    /// [`Service::import_experts`], the audit log naming the office account.
    pub fn import_experts_by(&self, actor: &str, committee_id: i32, rows: &[ExpertImport]) -> Result<ImportReport> {
        self.import(actor, committee_id, |c, report| {
            let existing = q::experts_of(c, committee_id)?;
            for r in rows {
                let gid = match &r.group {
                    Some(g) => Some(group_id(c, actor, committee_id, g, report)?),
                    None => None,
                };
                let roles: Vec<&str> = r.roles.iter().map(|x| x.as_str()).collect();
                match existing.iter().find(|e| e.name == r.name && e.employer == r.employer) {
                    Some(e) => {
                        let mut stored = q::roles_of_expert(c, e.id)?;
                        stored.sort();
                        let mut wanted: Vec<String> = roles.iter().map(|s| s.to_string()).collect();
                        wanted.sort();
                        if e.group_id == gid && e.specialty == r.specialty && stored == wanted {
                            report.unchanged += 1;
                            continue;
                        }
                        q::update_expert(c, e.id, gid, &r.specialty, &roles)?;
                        office_entry_by(
                            c,
                            actor,
                            committee_id,
                            Action::ExpertUpdate,
                            json!({ "expert": e.id, "group": gid, "roles": roles }),
                        )?;
                        report.updated += 1;
                    }
                    None => {
                        let id = q::insert_expert(
                            c,
                            &NewExpert {
                                committee_id,
                                group_id: gid,
                                name: &r.name,
                                employer: &r.employer,
                                specialty: &r.specialty,
                            },
                            &roles,
                        )?;
                        office_entry_by(
                            c,
                            actor,
                            committee_id,
                            Action::ExpertAdd,
                            json!({ "expert": id, "group": gid, "roles": roles, "account": null }),
                        )?;
                        report.added += 1;
                    }
                }
            }
            Ok(())
        })
    }
    /// One line per applicant with the group and committee outcomes (latest round).
    pub fn results_table(&self, committee_id: i32) -> Result<Vec<ResultLine>> {
        let mut conn = self.store.conn()?;
        results_of(&mut conn, committee_id)
    }
}

/// An export the office's screen asked for could not be written: logged with the
/// system's words, told on screen by the file.
pub(super) fn cannot_write(e: crate::office::export::ExportError) -> ServiceError {
    use crate::office::export::ExportError;
    tracing::warn!(error = %e, "export not written");
    let (path, why) = match e {
        ExportError::Write { path, why } => (path, why),
        other => (String::new(), other.to_string()),
    };
    ServiceError::Problem(Problem::CannotWrite { path, why })
}

pub use super::certificates::CertificateCheck;

impl Service {
    /// A committee's name.
    pub fn committee_name(&self, committee_id: i32) -> Result<String> {
        let mut conn = self.store.conn()?;
        Ok(q::committee_by_id(&mut conn, committee_id)?
            .ok_or(ServiceError::NotFound("committee"))?
            .name)
    }
}

/// A username no account has: eight characters of 31, drawn again in the rare case of
/// a clash.
pub(super) fn unused_username(c: &mut Db) -> Result<String> {
    loop {
        let u = random_text(USER_CHARS, 8);
        if q::account_by_username(c, &u)?.is_none() {
            return Ok(u);
        }
    }
}

/// An expert's login account.
pub(super) fn insert_expert_account(c: &mut Db, username: &str, hash: &str, expert_id: i32) -> Result<()> {
    q::insert_account(
        c,
        &NewAccount {
            username,
            password_hash: hash,
            is_operator: false,
            expert_id: Some(expert_id),
            language: "zh",
        },
    )?;
    Ok(())
}

/// An expert of this committee (another committee's is not found here).
pub(super) fn expert_in(conn: &mut Db, committee_id: i32, expert_id: i32) -> Result<crate::store::models::ExpertRow> {
    q::experts_of(conn, committee_id)?
        .into_iter()
        .find(|e| e.id == expert_id)
        .ok_or(ServiceError::NotFound("expert"))
}

/// The office's screens are the office's alone.
pub(super) fn office_only(who: &super::Identity) -> Result<()> {
    if who.is_operator {
        Ok(())
    } else {
        Err(ServiceError::Refused(crate::domain::Refusal::OperatorOnly))
    }
}

/// A folder the office's screen writes into, made private if missing.
pub(super) fn private_dir(dir: &std::path::Path) -> Result<()> {
    crate::files::create_private_dir(dir).map_err(|e| {
        ServiceError::Problem(Problem::CannotCreate {
            path: dir.display().to_string(),
            why: e.to_string(),
        })
    })
}

/// Whether `wanted` ("name" or "name@employer") means this person.
pub(super) fn names_person(name: &str, employer: &str, wanted: &str) -> bool {
    match wanted.split_once('@') {
        Some((n, e)) => n.trim() == name && e.trim() == employer,
        None => wanted.trim() == name,
    }
}

/// The one id a name matched, or why not.
pub(super) fn one_named(ids: Vec<i32>, who: &str, what: &'static str, committee_id: i32) -> Result<i32> {
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(ServiceError::Problem(Problem::NoneNamed {
            what,
            who: who.to_string(),
            committee_id,
        })),
        _ => Err(ServiceError::Problem(Problem::SeveralNamed {
            what,
            who: who.to_string(),
        })),
    }
}

/// The office's audit entry of a step on a committee, naming the office account that
/// did it.
pub(super) fn office_entry_by(
    c: &mut Db,
    actor: &str,
    committee_id: i32,
    action: Action,
    detail: serde_json::Value,
) -> Result<()> {
    audit::append(c, Some(committee_id), actor, action.name(), &detail.to_string())?;
    Ok(())
}

/// [`Service::results_table`] on one connection (inside the caller's transaction).
fn results_of(conn: &mut Db, committee_id: i32) -> Result<Vec<ResultLine>> {
    let committee = super::review::load_committee(conn, committee_id).map_err(ServiceError::from)?;
    let applicants = q::applicants_of(conn, committee_id, None)?;
    let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
    let groups = q::groups_of_committee(conn, committee_id)?;
    let group_results = rq::group_results_of(conn, &ids)?;
    let committee_results = rq::committee_results_of(conn, &ids)?;
    let recusals = rq::recusals_for(conn, &ids)?;
    let mut group_experts = Vec::new();
    for g in &groups {
        group_experts.push((g.id, rq::group_expert_ids(conn, g.id)?));
    }
    let totals = if committee.mode.has_scoring() {
        rq::submitted_totals(conn, &ids)?
    } else {
        Vec::new()
    };
    Ok(applicants
        .into_iter()
        .map(|a| {
            let g = group_results
                .iter()
                .filter(|r| r.applicant_id == a.id)
                .max_by_key(|r| r.round);
            let cr = committee_results
                .iter()
                .filter(|r| r.applicant_id == a.id)
                .max_by_key(|r| r.round);
            ResultLine {
                group: a
                    .group_id
                    .and_then(|gid| groups.iter().find(|x| x.id == gid))
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                score: super::review::applicant_score(
                    &totals,
                    a.id,
                    |e| !recusals.contains(&(e, a.id)),
                    committee.settings.trim_from,
                ),
                group_vote: g.map(|r| (r.approve, r.reject, r.abstain, r.base, r.needed, r.passed)),
                group_recused: group_experts
                    .iter()
                    .find(|(gid, _)| Some(*gid) == a.group_id)
                    .map_or(0, |(_, experts)| {
                        experts.iter().filter(|e| recusals.contains(&(**e, a.id))).count() as i32
                    }),
                pass_score: committee.settings.pass_score.filter(|_| committee.mode.has_scoring()),
                committee_vote: cr.map(|r| (r.approve, r.reject, r.abstain, r.attending, r.needed, r.passed)),
                committee_base: cr.map(|r| r.base),
                committee_round: cr.map(|r| r.round),
                passed: cr.is_some_and(|r| r.passed),
                specialty: a.specialty.clone(),
                current_title: a.current_title.clone(),
                id_number_masked: super::screens::mask_id(&a.id_number),
                name: a.name,
                employer: a.employer,
                applied_title: a.applied_title,
            }
        })
        .collect())
}

/// [`Service::recusals`] on one connection.
fn recusals_of(conn: &mut Db, committee_id: i32) -> Result<Vec<RecusalLine>> {
    q::committee_by_id(conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
    let applicants = q::applicants_of(conn, committee_id, None)?;
    let experts = q::experts_of(conn, committee_id)?;
    let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
    Ok(rq::recusals_with_reasons(conn, &ids)?
        .into_iter()
        .filter_map(|(e, a, reason)| {
            let e = experts.iter().find(|x| x.id == e)?;
            let a = applicants.iter().find(|x| x.id == a)?;
            Some(RecusalLine {
                expert_id: e.id,
                applicant_id: a.id,
                expert: e.name.clone(),
                expert_employer: e.employer.clone(),
                applicant: a.name.clone(),
                applicant_employer: a.employer.clone(),
                reason,
            })
        })
        .collect())
}
