//! What the application reacts to: inputs, loaded data, the outcome of actions, live
//! events. The session loop and the effect runner make these; `App` and its screens
//! take them.

use super::input::Input;
use super::text::T;
use crate::domain::{Choice, Refusal};
use crate::service::screens::{ApplicantFile, ApplicantLine, CommitteeBoard, GroupBoard, ScoreSheetView};
use crate::service::{Event, HomeView};

/// A committee's settings and score items, as the settings screen shows them.
pub type SettingsView = (crate::domain::Settings, Vec<(String, u32)>);

/// Everything the application reacts to.
#[derive(Debug, Clone)]
pub enum Msg {
    Input(Input),
    HomeLoaded(Result<HomeView, LoadError>),
    ApplicantsLoaded {
        committee_id: i32,
        lines: Result<Vec<ApplicantLine>, LoadError>,
    },
    FileLoaded {
        applicant_id: i32,
        file: Box<Result<ApplicantFile, LoadError>>,
    },
    BoardLoaded {
        group_id: i32,
        board: Box<Result<GroupBoard, LoadError>>,
    },
    CommitteeBoardLoaded {
        committee_id: i32,
        board: Box<Result<CommitteeBoard, LoadError>>,
    },
    SheetLoaded {
        applicant_id: i32,
        sheet: Box<Result<ScoreSheetView, LoadError>>,
    },
    ProgressLoaded {
        committee_id: i32,
        progress: Box<Result<crate::service::office::CommitteeProgress, LoadError>>,
    },
    PeopleLoaded {
        committee_id: i32,
        people: Box<Result<Vec<crate::service::office::PersonLine>, LoadError>>,
    },
    LoginBlocksLoaded(Box<Result<Vec<crate::service::LoginBlock>, LoadError>>),
    LeadsProposed {
        group_id: i32,
        proposal: Box<Result<crate::service::leads::LeadProposal, LoadError>>,
    },
    InboxLoaded(Box<Result<Vec<crate::service::inbox::InboxFile>, LoadError>>),
    SettingsLoaded {
        committee_id: i32,
        settings: Box<Result<SettingsView, LoadError>>,
    },
    RecusalsLoaded {
        committee_id: i32,
        recusals: Box<Result<Vec<crate::service::office::RecusalLine>, LoadError>>,
    },
    /// What an action (vote, submit, check-in) came to.
    ActionDone(ActionOutcome),
    Hub(Event),
    /// Live events were missed: read again everything on screen.
    Resync,
    /// The session will be closed for idleness in this many seconds (`None`: a key was
    /// pressed, the warning goes).
    IdleWarning(Option<u64>),
}

/// Why something could not be read: the engine's refusal, an office problem (both
/// shown in the user's language), a storage fault, or a failure of the server (said in
/// words; the detail goes to the log).
#[derive(Debug, Clone)]
pub enum LoadError {
    Refused(Refusal),
    Problem(crate::service::Problem),
    /// The disk or database failed; nothing was changed.
    Storage(crate::service::Fault),
    /// The server could not do it (its log has why): `T::InternalError` or
    /// `T::ShuttingDown`.
    Failed(T),
}

impl From<crate::service::ServiceError> for LoadError {
    fn from(e: crate::service::ServiceError) -> Self {
        use crate::service::ServiceError;
        match e {
            ServiceError::Refused(r) => LoadError::Refused(r),
            ServiceError::NotFound(what) => LoadError::Refused(Refusal::NotFound(what)),
            ServiceError::Problem(p) => LoadError::Problem(p),
            ServiceError::Store(s) if s.fault().is_some() => {
                tracing::error!(error = %s, "storage fault");
                LoadError::Storage(s.fault().unwrap_or(crate::service::Fault::Io))
            }
            ServiceError::Shutdown => LoadError::Failed(T::ShuttingDown),
            other => {
                tracing::error!(error = %other, "service failure");
                LoadError::Failed(T::InternalError)
            }
        }
    }
}

/// The outcome of an action, for the status line.
#[derive(Debug, Clone)]
pub enum ActionOutcome {
    Drafted(Choice),
    Submitted(usize),
    CheckedIn,
    SheetSubmitted(u32),
    /// Accounts issued: how many, and the file of slips on the server.
    AccountsIssued(usize, String),
    /// Files written on the server.
    Exported(Vec<String>),
    /// Certificates issued: how many, and their folder below the data folder.
    CertificatesIssued(usize, String),
    /// One expert's account reset: the name, and the slip below the data folder.
    AccountReset(String, String),
    /// One expert's account revoked: the name.
    AccountRevoked(String),
    /// A file of `inbox/` imported, or why not (every bad row and column).
    Imported {
        kind: crate::service::inbox::ImportKind,
        name: String,
        outcome: Box<crate::service::inbox::ImportOutcome>,
    },
    /// The leader's bulk assignment made: how many lead reviewers.
    LeadsAssigned(usize),
    /// A committee created: its number and name.
    CommitteeCreated(i32, String),
    /// The review started; how many same-employer recusals it registered.
    ReviewStarted(usize),
    /// Done; the catalog key says what.
    Done(T),
    Refused(Refusal),
    Problem(crate::service::Problem),
    /// The disk or database failed; nothing was changed.
    Storage(crate::service::Fault),
    /// The server could not do it (its log has why): the catalog's words.
    Unavailable(T),
    /// A text from the catalog.
    Failed(String),
}
