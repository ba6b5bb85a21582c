//! Every audited action as a type: its stable name (the audit log's `action` column),
//! whose screens it can change, whether it is a vote (refusals logged, never the
//! choice), whether it empties the WAL, which group phase it moves to. The service,
//! the replay and the meeting record select behaviour on the variant, never on the
//! name's text.

use std::fmt;

use super::GroupPhase;

/// Whose screens an action can alter (the service adds the acting account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concerns {
    /// Any screen of the committee (stage, switches, people, applicants, opinions).
    Everyone,
    /// Only the actor's own screens and the screens that oversee the work: one's
    /// drafts, one's submission, one's saved score. Nobody else sees another's votes.
    ActorAndOverseers,
}

macro_rules! actions {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// One user or office action, as the audit log names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The stable name written into the audit log.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }
        }
    };
}

actions! {
    // The office's setup (command line, demo, operator's screen).
    CommitteeCreate => "committee.create",
    CommitteeSettings => "committee.settings",
    CommitteeScoreItems => "committee.score_items",
    GroupAdd => "group.add",
    ExpertAdd => "expert.add",
    ExpertUpdate => "expert.update",
    ApplicantAdd => "applicant.add",
    ApplicantUpdate => "applicant.update",
    AccountsIssue => "accounts.issue",
    AccountReset => "account.reset",
    AccountRevoke => "account.revoke",
    CommitteeStart => "committee.start",
    RecusalAdd => "recusal.add",
    RecusalRemove => "recusal.remove",
    CertificateIssue => "certificate.issue",
    // The office's own accounts (no committee).
    OfficeAccountAdd => "office.add",
    OfficeAccountRemove => "office.remove",
    // The groups.
    RecusalDeclare => "recusal.declare",
    LeadAssign => "lead.assign",
    LeadUnassign => "lead.unassign",
    LeadOpinion => "lead.opinion",
    QuestionAdd => "question.add",
    QuestionEdit => "question.edit",
    QuestionDelete => "question.delete",
    ScoreSave => "score.save",
    ScoreSubmit => "score.submit",
    GroupVoteDraft => "group.vote.draft",
    GroupVoteSubmit => "group.vote.submit",
    GroupSwitchOpen => "group.switch.open",
    GroupSwitchClose => "group.switch.close",
    GroupResult => "group.result",
    GroupRevote => "group.revote",
    // The committee.
    CommitteeCheckin => "committee.checkin",
    CommitteeVoteDraft => "committee.vote.draft",
    CommitteeVoteSubmit => "committee.vote.submit",
    CommitteeSwitchOpen => "committee.switch.open",
    CommitteeSwitchClose => "committee.switch.close",
    CommitteeRevote => "committee.revote",
    CommitteeReport => "committee.report",
}

/// The audit log's entry for a refused vote (who tried, when, why; not an action).
pub const REFUSED: &str = "refused";

impl Action {
    /// The action an audit entry names (`None`: a name no action has, such as
    /// [`REFUSED`]).
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Whose screens it can alter. A draft, a submission of one's votes, a saved
    /// score: only the actor's and the overseers'.
    pub fn concerns(self) -> Concerns {
        match self {
            Action::GroupVoteDraft
            | Action::GroupVoteSubmit
            | Action::CommitteeVoteDraft
            | Action::CommitteeVoteSubmit
            | Action::ScoreSave => Concerns::ActorAndOverseers,
            _ => Concerns::Everyone,
        }
    }

    /// A vote: its refusals are logged in the audit log (never the choice).
    pub fn is_vote(self) -> bool {
        matches!(
            self,
            Action::GroupVoteDraft | Action::GroupVoteSubmit | Action::CommitteeVoteDraft | Action::CommitteeVoteSubmit
        )
    }

    /// After it commits, the ballot moves into the database file and the WAL is
    /// emptied, so that no trail of earlier counter states lingers in it.
    pub fn checkpoints(self) -> bool {
        matches!(self, Action::CommitteeVoteSubmit | Action::CommitteeSwitchClose)
    }

    /// The group phase it moves the group to, announced to live screens at once.
    pub fn group_phase(self) -> Option<GroupPhase> {
        match self {
            Action::GroupSwitchOpen | Action::GroupRevote => Some(GroupPhase::Voting),
            Action::GroupSwitchClose => Some(GroupPhase::Deliberation),
            _ => None,
        }
    }

    /// A step of the meeting's course, listed in the meeting record.
    pub fn in_meeting_record(self) -> bool {
        matches!(
            self,
            Action::AccountsIssue
                | Action::CommitteeStart
                | Action::GroupSwitchOpen
                | Action::GroupSwitchClose
                | Action::GroupResult
                | Action::GroupRevote
                | Action::CommitteeSwitchOpen
                | Action::CommitteeSwitchClose
                | Action::CommitteeRevote
                | Action::CommitteeReport
        )
    }

    /// A step of the committee meeting's own rounds (numbered "评委会 第 N 轮").
    pub fn is_committee_round_step(self) -> bool {
        matches!(
            self,
            Action::CommitteeSwitchOpen | Action::CommitteeSwitchClose | Action::CommitteeRevote
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert_eq!(Action::ALL.iter().filter(|b| b.name() == a.name()).count(), 1);
        }
        assert_eq!(Action::from_name(REFUSED), None);
    }

    #[test]
    fn votes_reach_only_the_actor_and_the_overseers() {
        for a in Action::ALL.iter().filter(|a| a.is_vote()) {
            assert_eq!(a.concerns(), Concerns::ActorAndOverseers, "{a}");
        }
        assert_eq!(Action::ScoreSave.concerns(), Concerns::ActorAndOverseers);
        assert_eq!(Action::GroupSwitchOpen.concerns(), Concerns::Everyone);
        assert!(!Action::ScoreSave.is_vote());
    }

    #[test]
    fn the_ballots_empty_the_wal() {
        let wal: Vec<_> = Action::ALL.iter().filter(|a| a.checkpoints()).collect();
        assert_eq!(wal, [&Action::CommitteeVoteSubmit, &Action::CommitteeSwitchClose]);
    }
}
