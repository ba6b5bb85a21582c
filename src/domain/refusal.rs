//! Why an action is refused: one value per rule of SPEC sections 2 and 3, so that a
//! screen can show a clear message and a test can name the rule it expects.

use std::fmt;

use super::{Role, Stage};

/// Where a committee's or a group's work stands, for "wrong stage" refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Committee(Stage),
    Group(GroupPhase),
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Phase::Committee(s) => write!(f, "committee stage {s}"),
            Phase::Group(g) => write!(f, "group phase {}", g.as_str()),
        }
    }
}

/// The work of one professional group: review (scoring, lead reviewers, opinions,
/// questions, draft votes), voting (switch open), deliberation, done (result submitted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupPhase {
    Review,
    Voting,
    Deliberation,
    Done,
}

impl GroupPhase {
    pub const ALL: [GroupPhase; 4] = [
        GroupPhase::Review,
        GroupPhase::Voting,
        GroupPhase::Deliberation,
        GroupPhase::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupPhase::Review => "review",
            GroupPhase::Voting => "voting",
            GroupPhase::Deliberation => "deliberation",
            GroupPhase::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<GroupPhase> {
        GroupPhase::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A refused action. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only the office (operator) may do this")]
    OperatorOnly,
    #[error("this needs the role {0}")]
    RoleRequired(Role),
    #[error("you do not belong to this applicant's professional group")]
    NotInGroup,
    #[error("you are recused from this applicant")]
    Recused,
    #[error("this is not allowed in the {0}")]
    WrongPhase(Phase),
    #[error("the vote switch is closed")]
    SwitchClosed,
    #[error("the vote switch is open; drafts and settings are frozen")]
    SwitchOpen,
    #[error("the vote switch is not open yet")]
    SwitchNotOpenYet,
    #[error("the vote switch is already open")]
    SwitchAlreadyOpen,
    #[error("the vote switch is still open: this can be done once voting has ended and the switch is closed")]
    SwitchStillOpen,
    #[error("this round's voting is over and its switch does not open again; to vote again, open a re-vote")]
    RoundOver,
    #[error("check-in opens once every group has submitted its result and the committee meeting begins")]
    CheckInNotOpen,
    #[error("the committee's vote switch is open: check-in has closed")]
    CheckInClosed,
    #[error("already submitted; submitted votes and score sheets cannot be changed")]
    AlreadySubmitted,
    #[error("the draft is incomplete: {missing} applicant(s) have no draft vote")]
    IncompleteDraft { missing: u32 },
    #[error("the score sheet is incomplete: item {item} has no score")]
    IncompleteSheet { item: String },
    #[error("score {value} for {item} is outside 0 to {max}")]
    ScoreOutOfRange { item: String, value: i64, max: u32 },
    #[error("quorum not met: {checked_in} checked in, {needed} needed of {members} members")]
    QuorumNotMet { checked_in: u32, needed: u32, members: u32 },
    #[error("{missing} applicant(s) still lack the lead reviewer's opinion and recommendation")]
    OpinionsMissing { missing: u32 },
    #[error("{missing} applicant(s) still have no interview questions")]
    QuestionsMissing { missing: u32 },
    #[error("{missing} score sheet(s) are not submitted yet")]
    ScoresMissing { missing: u32 },
    #[error("{missing} applicant(s) still have no lead reviewer")]
    LeadReviewersMissing { missing: u32 },
    #[error("only the applicant's lead reviewer may do this")]
    NotLeadReviewer,
    #[error("that expert is recused from this applicant")]
    TargetRecused,
    #[error("that person is not an expert of this applicant's group")]
    NotAGroupExpert,
    #[error("this committee's mode has no {0}")]
    NotInThisMode(&'static str),
    #[error("at most {max} interview questions per applicant")]
    TooManyQuestions { max: usize },
    #[error("the committee is not ready: {0}")]
    NotReady(Unready),
    #[error("a vote or score sheet on this applicant is already submitted; recusal can no longer change")]
    AlreadyVoted,
    #[error("the text is empty")]
    EmptyText,
    #[error("the text is too long: {len} characters, at most {max}")]
    TextTooLong { len: usize, max: usize },
    #[error("the interview has been scored; its questions can no longer change")]
    QuestionsLocked,
    #[error("the applicant has no interview questions yet; the interview is scored after them")]
    NoQuestionsYet,
    #[error("this account has been revoked (new accounts were issued); log in with the new one")]
    AccountRevoked,
    #[error("you have not checked in to the committee meeting")]
    NotCheckedIn,
    #[error("already checked in")]
    AlreadyCheckedIn,
    #[error("this applicant did not pass the group stage and does not go to the committee")]
    NotInCommitteeStage,
    #[error("this applicant is not up for a vote in this round")]
    NotInRound,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("the committee's review has ended")]
    CommitteeClosed,
    #[error(
        "{missing} member(s) present have not voted ({voters} ballots in, quorum {quorum}); the switch closes once all have, or with the director's reason"
    )]
    BallotsMissing { missing: u32, voters: u32, quorum: u32 },
    #[error("a reason is needed")]
    ReasonNeeded,
    #[error("{0}")]
    BadSettings(SettingsProblem),
    #[error("{0}")]
    BadScoreItems(ScoreItemsProblem),
    #[error("already recused")]
    AlreadyRecused,
    #[error("already a lead reviewer of this applicant")]
    AlreadyLead,
    #[error("a score item was given twice")]
    ItemTwice,
    #[error("a score is not negative")]
    ScoreNegative,
    #[error("a score is a whole number from 0 to {max}")]
    ScoreDigitsOnly { max: u32 },
}

/// Why a committee cannot start its review yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unready {
    #[error("it has no professional group")]
    NoGroups,
    #[error("group {group} has {leaders} leaders, not one")]
    GroupLeaders { group: String, leaders: usize },
    #[error("it has no applicants")]
    NoApplicants,
    #[error("applicant {0} has no professional group")]
    ApplicantWithoutGroup(String),
    #[error("it has no {0}")]
    NoRole(Role),
    #[error("it has {0} members; the number must be odd")]
    EvenMembers(usize),
    #[error("its score sheet has no items")]
    NoScoreItems,
}

/// What is wrong with a committee's rule settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsProblem {
    /// `setting` is `group-pass`, `committee-pass` or `quorum`.
    #[error("the {} fraction {num}/{den} must lie between 0 and 1", .setting.replace('-', " "))]
    Fraction { setting: &'static str, num: u32, den: u32 },
    #[error("a trimmed mean needs at least 3 sheets")]
    TrimTooSmall,
    #[error("the pass score is out of 100")]
    PassScoreOver100,
}

/// What is wrong with a committee's score items.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreItemsProblem {
    #[error("a score sheet has 1 to 10 items")]
    Count,
    #[error("each item needs a name and a maximum of 1 to 100 points")]
    Item,
    #[error("the item maxima add up to {0}, not 100")]
    Total(u32),
}
