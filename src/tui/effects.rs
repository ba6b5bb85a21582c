//! What a screen asks of the service, and the one place that carries it out: each
//! effect is one call of a service function, written once in `perform`. The session
//! loop schedules effects (`EffectKey`) and runs `perform` on the blocking pool; tests
//! run it directly.

use super::msg::{ActionOutcome, LoadError, Msg};
use super::text::T;
use crate::domain::{Choice, Lang};
use crate::service::review::{ActionError, RoundClosed};
use crate::service::{Identity, Service, ServiceError};

/// Work the session loop does on behalf of the application.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Effect {
    LoadHome,
    LoadApplicants {
        committee_id: i32,
    },
    LoadFile {
        committee_id: i32,
        applicant_id: i32,
    },
    SaveLanguage(Lang),
    DraftVote {
        applicant_id: i32,
        choice: Choice,
    },
    SubmitVotes {
        committee_id: i32,
    },
    CheckIn {
        committee_id: i32,
    },
    LoadBoard {
        group_id: i32,
    },
    /// Makes the expert a lead reviewer of the applicant (`assign`), or no longer one.
    AssignLead {
        applicant_id: i32,
        expert_id: i32,
        assign: bool,
    },
    OpenGroupSwitch {
        group_id: i32,
        override_scoring: bool,
    },
    CloseGroupSwitch {
        group_id: i32,
    },
    GroupResult {
        group_id: i32,
    },
    LoadCommitteeBoard {
        committee_id: i32,
    },
    OpenCommitteeSwitch {
        committee_id: i32,
    },
    /// Closes the committee switch; with a reason although ballots are missing.
    CloseCommitteeSwitch {
        committee_id: i32,
        reason: Option<String>,
    },
    Report {
        committee_id: i32,
    },
    /// A re-vote round (复议) in the group, for these applicants, with the leader's reason.
    GroupRevote {
        group_id: i32,
        applicant_ids: Vec<i32>,
        reason: String,
    },
    /// A re-vote round in the committee, with the director's reason.
    CommitteeRevote {
        committee_id: i32,
        applicant_ids: Vec<i32>,
        reason: String,
    },
    LoadSheet {
        committee_id: i32,
        applicant_id: i32,
    },
    SaveSheet {
        applicant_id: i32,
        points: Vec<(i32, u32)>,
        comment: String,
    },
    /// Saves what is on screen, then submits the sheet.
    SubmitSheet {
        applicant_id: i32,
        points: Vec<(i32, u32)>,
        comment: String,
    },
    WriteOpinion {
        applicant_id: i32,
        text: String,
        recommendation: Choice,
    },
    AddQuestion {
        applicant_id: i32,
        text: String,
    },
    EditQuestion {
        question_id: i32,
        text: String,
    },
    DeleteQuestion {
        question_id: i32,
    },
    LoadProgress {
        committee_id: i32,
    },
    IssueAccounts {
        committee_id: i32,
    },
    ExportResults {
        committee_id: i32,
    },
    IssueCertificates {
        committee_id: i32,
    },
    StartReview {
        committee_id: i32,
    },
    LoadPeople {
        committee_id: i32,
    },
    ResetAccount {
        committee_id: i32,
        expert_id: i32,
        new_username: bool,
    },
    RevokeAccount {
        committee_id: i32,
        expert_id: i32,
    },
    /// The office's setup: the files of `inbox/`, an import of one of them, the
    /// settings, the recusals, a new committee.
    LoadInbox,
    ImportFile {
        committee_id: i32,
        kind: crate::service::inbox::ImportKind,
        name: String,
    },
    LoadSettings {
        committee_id: i32,
    },
    ChangeSettings {
        committee_id: i32,
        change: crate::service::setup::SettingsChange,
    },
    LoadRecusals {
        committee_id: i32,
    },
    /// The office recuses an expert from an applicant (`add`), or lifts the recusal.
    Recusal {
        committee_id: i32,
        expert_id: i32,
        applicant_id: i32,
        add: bool,
    },
    CreateCommittee {
        name: String,
        mode: crate::domain::Mode,
    },
    /// A balanced proposal of lead reviewers for a group (the leader's bulk assignment).
    ProposeLeads {
        group_id: i32,
        per_applicant: usize,
    },
    /// The leader's confirmed assignments: (applicant, expert), each an engine action.
    AssignLeads {
        committee_id: i32,
        assignments: Vec<(i32, i32)>,
    },
    LoadLoginBlocks,
    /// The office clears the failed logins of one account or address (`None`: all).
    ClearLogins(Option<(crate::domain::throttle::KeyKind, String)>),
    Quit,
}

/// How effects are scheduled. Loads of the same thing never run twice at once: a
/// newer request replaces a queued older one (the data is read fresh anyway). Actions,
/// which change data, run one after another in the order the user gave them, each
/// exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EffectKey {
    LoadHome,
    LoadApplicants(i32),
    LoadFile(i32),
    LoadBoard(i32),
    LoadCommitteeBoard(i32),
    LoadSheet(i32),
    LoadProgress(i32),
    LoadPeople(i32),
    LoadLoginBlocks,
    LoadInbox,
    LoadSettings(i32),
    LoadRecusals(i32),
    ProposeLeads(i32),
    SaveLanguage,
    Action,
    Quit,
}

impl Effect {
    pub fn key(&self) -> EffectKey {
        match self {
            Effect::LoadHome => EffectKey::LoadHome,
            Effect::LoadApplicants { committee_id } => EffectKey::LoadApplicants(*committee_id),
            Effect::LoadFile { applicant_id, .. } => EffectKey::LoadFile(*applicant_id),
            Effect::LoadBoard { group_id } => EffectKey::LoadBoard(*group_id),
            Effect::LoadCommitteeBoard { committee_id } => EffectKey::LoadCommitteeBoard(*committee_id),
            Effect::LoadSheet { applicant_id, .. } => EffectKey::LoadSheet(*applicant_id),
            Effect::LoadProgress { committee_id } => EffectKey::LoadProgress(*committee_id),
            Effect::LoadPeople { committee_id } => EffectKey::LoadPeople(*committee_id),
            Effect::LoadLoginBlocks => EffectKey::LoadLoginBlocks,
            Effect::LoadInbox => EffectKey::LoadInbox,
            Effect::LoadSettings { committee_id } => EffectKey::LoadSettings(*committee_id),
            Effect::LoadRecusals { committee_id } => EffectKey::LoadRecusals(*committee_id),
            Effect::ProposeLeads { group_id, .. } => EffectKey::ProposeLeads(*group_id),
            Effect::SaveLanguage(_) => EffectKey::SaveLanguage,
            Effect::Quit => EffectKey::Quit,
            Effect::DraftVote { .. }
            | Effect::SubmitVotes { .. }
            | Effect::CheckIn { .. }
            | Effect::AssignLead { .. }
            | Effect::OpenGroupSwitch { .. }
            | Effect::CloseGroupSwitch { .. }
            | Effect::GroupResult { .. }
            | Effect::OpenCommitteeSwitch { .. }
            | Effect::CloseCommitteeSwitch { .. }
            | Effect::Report { .. }
            | Effect::GroupRevote { .. }
            | Effect::CommitteeRevote { .. }
            | Effect::SaveSheet { .. }
            | Effect::SubmitSheet { .. }
            | Effect::WriteOpinion { .. }
            | Effect::AddQuestion { .. }
            | Effect::EditQuestion { .. }
            | Effect::DeleteQuestion { .. }
            | Effect::IssueAccounts { .. }
            | Effect::ClearLogins(_)
            | Effect::ExportResults { .. }
            | Effect::IssueCertificates { .. }
            | Effect::StartReview { .. }
            | Effect::ResetAccount { .. }
            | Effect::RevokeAccount { .. }
            | Effect::ImportFile { .. }
            | Effect::ChangeSettings { .. }
            | Effect::Recusal { .. }
            | Effect::CreateCommittee { .. }
            | Effect::AssignLeads { .. } => EffectKey::Action,
        }
    }
}

/// Which queue an effect waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// With the screens' loads and the users' actions, at most one per core at a time.
    Screen,
    /// The office's long jobs (issuing accounts, exports), the login limits and the
    /// language: on their own blocking thread, never holding up the screens.
    Own,
}

impl Effect {
    pub fn lane(&self) -> Lane {
        match self {
            Effect::IssueAccounts { .. }
            | Effect::ExportResults { .. }
            | Effect::IssueCertificates { .. }
            | Effect::ResetAccount { .. }
            | Effect::ImportFile { .. }
            | Effect::ClearLogins(_)
            | Effect::SaveLanguage(_) => Lane::Own,
            _ => Lane::Screen,
        }
    }
}

/// Carries out one effect, blocking: the message the application hears back (`None`:
/// nothing to say).
pub fn perform(s: &Service, who: &Identity, effect: &Effect) -> Option<Msg> {
    use ActionOutcome::{Done, Drafted, SheetSubmitted, Submitted};
    Some(match effect.clone() {
        Effect::Quit => return None,
        // ---------------------------------------------------------------- loads
        Effect::LoadHome => Msg::HomeLoaded(s.home(who).map_err(LoadError::from)),
        Effect::LoadApplicants { committee_id } => Msg::ApplicantsLoaded {
            committee_id,
            lines: s.applicant_lines(who, committee_id).map_err(LoadError::from),
        },
        Effect::LoadFile {
            committee_id,
            applicant_id,
        } => Msg::FileLoaded {
            applicant_id,
            file: Box::new(
                s.applicant_file(who, committee_id, applicant_id)
                    .map_err(LoadError::from),
            ),
        },
        Effect::LoadBoard { group_id } => Msg::BoardLoaded {
            group_id,
            board: Box::new(s.group_board(who, group_id).map_err(LoadError::from)),
        },
        Effect::LoadCommitteeBoard { committee_id } => Msg::CommitteeBoardLoaded {
            committee_id,
            board: Box::new(s.committee_board(who, committee_id).map_err(LoadError::from)),
        },
        Effect::LoadSheet {
            committee_id,
            applicant_id,
        } => Msg::SheetLoaded {
            applicant_id,
            sheet: Box::new(s.score_sheet(who, committee_id, applicant_id).map_err(LoadError::from)),
        },
        Effect::LoadProgress { committee_id } => Msg::ProgressLoaded {
            committee_id,
            progress: Box::new(s.committee_progress(who, committee_id).map_err(LoadError::from)),
        },
        Effect::LoadPeople { committee_id } => Msg::PeopleLoaded {
            committee_id,
            people: Box::new(s.people(who, committee_id).map_err(LoadError::from)),
        },
        Effect::LoadLoginBlocks => Msg::LoginBlocksLoaded(Box::new(s.login_blocks().map_err(LoadError::from))),
        Effect::LoadInbox => Msg::InboxLoaded(Box::new(s.inbox(who).map_err(LoadError::from))),
        Effect::LoadSettings { committee_id } => Msg::SettingsLoaded {
            committee_id,
            settings: Box::new(s.settings_for(who, committee_id).map_err(LoadError::from)),
        },
        Effect::LoadRecusals { committee_id } => Msg::RecusalsLoaded {
            committee_id,
            recusals: Box::new(s.recusals_for(who, committee_id).map_err(LoadError::from)),
        },
        // ---------------------------------------------------------------- actions
        Effect::DraftVote { applicant_id, choice } => {
            done(s.draft_vote(who, applicant_id, choice), |()| Drafted(choice))
        }
        Effect::SubmitVotes { committee_id } => done(s.submit_votes(who, committee_id), Submitted),
        Effect::CheckIn { committee_id } => done(s.check_in(who, committee_id), |()| ActionOutcome::CheckedIn),
        Effect::AssignLead {
            applicant_id,
            expert_id,
            assign: true,
        } => done(s.assign_lead_reviewer(who, applicant_id, expert_id), |()| {
            Done(T::LeadAssigned)
        }),
        Effect::AssignLead {
            applicant_id,
            expert_id,
            assign: false,
        } => done(s.unassign_lead_reviewer(who, applicant_id, expert_id), |()| {
            Done(T::LeadRemoved)
        }),
        Effect::OpenGroupSwitch {
            group_id,
            override_scoring,
        } => done(s.open_group_switch(who, group_id, override_scoring), |()| {
            Done(T::SwitchOpened)
        }),
        Effect::CloseGroupSwitch { group_id } => {
            done(s.close_group_switch(who, group_id), |()| Done(T::SwitchClosedDone))
        }
        Effect::GroupResult { group_id } => done(s.submit_group_result(who, group_id), |_| Done(T::ResultSubmitted)),
        Effect::OpenCommitteeSwitch { committee_id } => {
            done(s.open_committee_switch(who, committee_id), |()| Done(T::ChairOpened))
        }
        Effect::CloseCommitteeSwitch {
            committee_id,
            reason: None,
        } => done(s.close_committee_switch(who, committee_id), |_| Done(T::ChairClosed)),
        Effect::CloseCommitteeSwitch {
            committee_id,
            reason: Some(r),
        } => done(
            s.close_committee_switch_with_reason(who, committee_id, &r),
            |closed| match closed {
                RoundClosed::Void { .. } => Done(T::ChairVoided),
                RoundClosed::Decided(_) => Done(T::ChairClosed),
            },
        ),
        Effect::Report { committee_id } => done(s.report(who, committee_id), |()| Done(T::Reported)),
        Effect::GroupRevote {
            group_id,
            applicant_ids,
            reason,
        } => done(s.open_group_revote(who, group_id, &applicant_ids, &reason), |_| {
            Done(T::RevoteOpened)
        }),
        Effect::CommitteeRevote {
            committee_id,
            applicant_ids,
            reason,
        } => done(
            s.open_committee_revote(who, committee_id, &applicant_ids, &reason),
            |_| Done(T::RevoteOpened),
        ),
        Effect::SaveSheet {
            applicant_id,
            points,
            comment,
        } => done(s.save_score_sheet(who, applicant_id, &points, &comment), |()| {
            Done(T::SheetSaved)
        }),
        // What is on screen is saved first, then the sheet is submitted.
        Effect::SubmitSheet {
            applicant_id,
            points,
            comment,
        } => done(
            s.save_score_sheet(who, applicant_id, &points, &comment)
                .and_then(|()| s.submit_score_sheet(who, applicant_id)),
            SheetSubmitted,
        ),
        Effect::WriteOpinion {
            applicant_id,
            text,
            recommendation,
        } => done(s.write_opinion(who, applicant_id, &text, recommendation), |()| {
            Done(T::OpinionSaved)
        }),
        Effect::AddQuestion { applicant_id, text } => {
            done(s.add_question(who, applicant_id, &text), |_| Done(T::QuestionSaved))
        }
        Effect::EditQuestion { question_id, text } => {
            done(s.edit_question(who, question_id, &text), |()| Done(T::QuestionSaved))
        }
        Effect::DeleteQuestion { question_id } => {
            done(s.delete_question(who, question_id), |()| Done(T::QuestionDeleted))
        }
        // ---------------------------------------------------------------- the office
        Effect::IssueAccounts { committee_id } => {
            outcome(s.issue_accounts_from_screen(who, committee_id), |(n, path)| {
                ActionOutcome::AccountsIssued(n, path.display().to_string())
            })
        }
        Effect::ExportResults { committee_id } => outcome(s.export_from_screen(who, committee_id), |files| {
            ActionOutcome::Exported(files.iter().map(|p| p.display().to_string()).collect())
        }),
        Effect::IssueCertificates { committee_id } => {
            let data = crate::service::office::data_dir(s);
            outcome(s.issue_certificates_from_screen(who, committee_id), |(n, dir)| {
                // The folder as the office's SFTP shows it.
                let shown = dir.strip_prefix(&data).unwrap_or(&dir).display().to_string();
                ActionOutcome::CertificatesIssued(n, shown)
            })
        }
        Effect::StartReview { committee_id } => done(s.start_review(who, committee_id), |recusals| {
            ActionOutcome::ReviewStarted(recusals.len())
        }),
        Effect::ResetAccount {
            committee_id,
            expert_id,
            new_username,
        } => {
            let data = crate::service::office::data_dir(s);
            outcome(
                s.reset_account_from_screen(who, committee_id, expert_id, new_username),
                |(name, path)| {
                    let shown = path.strip_prefix(&data).unwrap_or(&path).display().to_string();
                    ActionOutcome::AccountReset(name, shown)
                },
            )
        }
        Effect::RevokeAccount {
            committee_id,
            expert_id,
        } => outcome(
            s.revoke_account_by(&who.username, committee_id, expert_id),
            ActionOutcome::AccountRevoked,
        ),
        Effect::ProposeLeads {
            group_id,
            per_applicant,
        } => Msg::LeadsProposed {
            group_id,
            proposal: Box::new(s.propose_leads(who, group_id, per_applicant).map_err(LoadError::from)),
        },
        Effect::AssignLeads { assignments, .. } => {
            done(s.assign_leads(who, &assignments), ActionOutcome::LeadsAssigned)
        }
        Effect::ImportFile {
            committee_id,
            kind,
            name,
        } => outcome(s.import_from_inbox(who, committee_id, kind, &name), |o| {
            ActionOutcome::Imported {
                kind,
                name,
                outcome: Box::new(o),
            }
        }),
        Effect::ChangeSettings { committee_id, change } => done(s.change_settings(who, committee_id, &change), |()| {
            Done(T::SettingsSaved)
        }),
        Effect::Recusal {
            expert_id,
            applicant_id,
            add: true,
            ..
        } => done(s.add_recusal(who, expert_id, applicant_id), |()| Done(T::RecusalAdded)),
        Effect::Recusal {
            expert_id,
            applicant_id,
            add: false,
            ..
        } => done(s.remove_recusal(who, expert_id, applicant_id), |()| {
            Done(T::RecusalRemoved)
        }),
        Effect::CreateCommittee { name, mode } => outcome(s.create_committee_from_screen(who, &name, mode), |id| {
            ActionOutcome::CommitteeCreated(id, name)
        }),
        Effect::ClearLogins(which) => outcome(
            s.clear_login_blocks(who, which.as_ref().map(|(k, key)| (*k, key.as_str()))),
            |_| Done(T::LoginsCleared),
        ),
        Effect::SaveLanguage(lang) => return language_saved(s.set_language(who.account_id, lang), lang),
    })
}

/// An action's result as the status line tells it.
fn done<T>(result: Result<T, ActionError>, ok: impl FnOnce(T) -> ActionOutcome) -> Msg {
    Msg::ActionDone(match result {
        Ok(v) => ok(v),
        Err(ActionError::Refused(r)) => ActionOutcome::Refused(r),
        Err(ActionError::Failed(e)) => failure(e),
    })
}

/// A service call's result as the status line tells it.
fn outcome<T>(result: crate::service::Result<T>, ok: impl FnOnce(T) -> ActionOutcome) -> Msg {
    Msg::ActionDone(match result {
        Ok(v) => ok(v),
        Err(e) => failure(e),
    })
}

/// A service error as the status line shows it (a refusal in the user's language).
pub fn failure(e: ServiceError) -> ActionOutcome {
    match LoadError::from(e) {
        LoadError::Refused(r) => ActionOutcome::Refused(r),
        LoadError::Problem(p) => ActionOutcome::Problem(p),
        LoadError::Storage(f) => ActionOutcome::Storage(f),
        LoadError::Failed(t) => ActionOutcome::Unavailable(t),
    }
}

/// The session keeps a new language even when the account could not: then it says so.
fn language_saved(result: crate::service::Result<()>, lang: Lang) -> Option<Msg> {
    let e = result.err()?;
    let why = match LoadError::from(e) {
        LoadError::Problem(p) => super::text::problem(lang, &p),
        LoadError::Storage(f) => super::text::fault(lang, f),
        LoadError::Refused(r) => super::text::refusal(lang, &r),
        LoadError::Failed(t) => super::text::tr(lang, t).to_string(),
    };
    Some(Msg::ActionDone(ActionOutcome::Failed(super::text::language_not_saved(
        lang, &why,
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loads_of_the_same_thing_share_a_key() {
        let a = Effect::DraftVote {
            applicant_id: 1,
            choice: Choice::Approve,
        };
        assert_eq!(a.key(), EffectKey::Action);
        assert_eq!(
            Effect::LoadApplicants { committee_id: 3 }.key(),
            EffectKey::LoadApplicants(3)
        );
        assert_eq!(Effect::IssueAccounts { committee_id: 3 }.lane(), Lane::Own);
        assert_eq!(a.lane(), Lane::Screen);
    }
}
