//! The texts every screen shares, from the message catalog (`locales/`, Chinese and
//! English): the fixed texts by their typed key `T` (`tr`), the names of the domain's
//! values, refusals, storage faults, the status line's outcomes. A screen's own
//! formatting (its titles, columns, heads) lives in its file under `screens/`, with
//! `msg!` for messages with variables. No screen holds a text of its own.

use super::catalog::{self, msg};
pub use super::refusals::{import_problem, problem, refusal, settings_problem, table_error, unready};
pub use super::wording::{date_time, date_time_in, times_in, todo_text};
use crate::domain::{Choice, GroupPhase, Lang, Mode, Role, Stage};
use crate::service::screens::MyVote;

/// Declares the fixed texts: the enum `T` and, for each, its message id in the
/// catalog (the name in kebab case: `FooterHome` is `footer-home`).
macro_rules! catalog_keys {
    ($($name:ident,)*) => {
        /// Fixed texts, by key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T {
            $($name,)*
        }

        impl T {
            /// Every key, in order.
            pub const ALL: &'static [T] = &[$(T::$name,)*];

            /// The key's name as written in the code.
            pub fn name(self) -> &'static str {
                match self {
                    $(T::$name => stringify!($name),)*
                }
            }
        }
    };
}

catalog_keys! {
    HintNewLine,
    HintSave,
    KeySaveText,
    HintSort,
    KeySort,
    SummaryOpen,
    HintLeaderPanel,
    HintChairPanel,
    TodoAwaitGroupSwitch,
    TodoOpenGroupSwitch,
    TodoAwaitGroupClose,
    TodoCloseGroupSwitch,
    TodoAwaitGroupResult,
    TodoAwaitCheckIn,
    TodoAwaitCommitteeSwitch,
    TodoAwaitCommitteeClose,
    TodoMissedCheckIn,
    TodoOpenCommitteeSwitch,
    TodoCloseCommitteeSwitch,
    TodoAwaitReport,
    GroupPassed,
    GroupFailed,
    LeadsTitle,
    LeadsDone,
    LeadsNothingToAssign,
    ColProposedLeads,
    HintProposeLeads,
    KeyProposeLeads,
    HintChangeRow,
    KeyChangeRow,
    HintPerApplicant,
    KeyPerApplicant,
    HintConfirmLeads,
    KeyConfirmLeads,
    HintToggleLead,
    KeyToggleLead,
    AndMore,
    HintNextApplicant,
    KeyNextApplicant,
    RuleGroupPass,
    RuleCommitteePass,
    RuleQuorum,
    NoCommitteesOffice,
    ReportLine,
    SetupNoExperts,
    SetupNoApplicants,
    ColApplicant,
    ColExpert,
    ColFile,
    ColModified,
    ColReason,
    ColSetting,
    ColSize,
    ColValue,
    HintAddRecusal,
    HintChange,
    HintChoose,
    HintCreate,
    HintImport,
    HintImportApplicants,
    HintImportExperts,
    HintNewCommittee,
    HintNextMode,
    HintRecusals,
    HintRemoveRecusal,
    HintReportFocus,
    HintSettings,
    HintTypeName,
    ImportKindApplicants,
    ImportKindExperts,
    ImportReportTitle,
    InboxEmpty,
    InboxHead,
    InboxTitle,
    KeyAddRecusal,
    KeyChangeSetting,
    KeyChoose,
    KeyCreate,
    KeyImport,
    KeyImportApplicants,
    KeyImportExperts,
    KeyNewCancel,
    KeyNewCommittee,
    KeyNextMode,
    KeyPickCancel,
    KeyRecusals,
    KeyRemoveRecusal,
    KeyReportFocus,
    KeySettings,
    NewCommitteeCreated,
    NewCommitteeMode,
    NewCommitteeName,
    NewCommitteeNote,
    NewCommitteeTitle,
    PickExpert,
    RecusalAdded,
    RecusalDeclared,
    RecusalEmployer,
    RecusalOffice,
    RecusalRemoved,
    RecusalsNone,
    RecusalsTitle,
    SettingGroupFailStops,
    SettingGroupFailStopsNo,
    SettingGroupFailStopsYes,
    SettingNoItems,
    SettingPassScore,
    SettingPassScoreNone,
    SettingScoreItems,
    SettingTrimFrom,
    SettingTrimNever,
    SettingsHead,
    SettingsInputItems,
    SettingsInputNumber,
    SettingsInputThreshold,
    SettingsSaved,
    SettingsTitle,
    SetupMissing,
    SetupNoAccounts,
    SetupReady,
    OfficeTitle,
    LoginsTitle,
    ColKind,
    ColWho,
    ColFailures,
    ColState,
    ColLastFailure,
    NotLimited,
    KindAccount,
    KindAddress,
    ConfirmClearLoginBody,
    ConfirmClearLoginsBody,
    KeyClearLogin,
    KeyClearLogins,
    KeyReload,
    KeyLogins,
    LoginsCleared,
    ColPhase,
    ColExperts,
    ColDrafted,
    ColSubmittedCount,
    ColSheetsMissing,
    KeyOfficeList,
    KeyOfficeGroup,
    KeyIssueAccounts,
    KeyExport,
    ConfirmIssueAccountsBody,
    OpinionUnsaved,
    Saving,
    LoginPrompt,
    ColMySheet,
    KeyPage,
    ScoreNotNegative,
    PickRecommendation,
    WriteOpinionFirst,
    SheetTitle,
    SheetItem,
    SheetMax,
    SheetPoints,
    SheetTotal,
    SheetNoComment,
    SheetComment,
    SheetSubmitted,
    SheetDraft,
    OpinionTitle,
    Recommendation,
    RecommendationKeys,
    OpinionText,
    OpinionEmpty,
    QuestionsTitle,
    NoQuestions,
    EditQuestion,
    NewQuestion,
    KeySheetDigits,
    KeySheetComment,
    KeySheetSubmit,
    KeyOpinionEdit,
    KeyOpinionRecommend,
    KeyQuestionAdd,
    KeyQuestionEdit,
    KeyQuestionDelete,
    KeyScoreSheet,
    KeyOpinion,
    KeyQuestions,
    SheetSaved,
    OpinionSaved,
    QuestionSaved,
    QuestionDeleted,
    ConfirmSheetBody,
    ConfirmDeleteQuestionBody,
    AppTitle,
    HomeTitle,
    NoCommittees,
    Mode,
    Stage,
    Roles,
    Group,
    Waiting,
    Operator,
    Groups,
    Experts,
    Applicants,
    ApplicantsTitle,
    NoApplicants,
    ColName,
    ColEmployer,
    ColAppliedTitle,
    ColSpecialty,
    ColGroup,
    ColRoles,
    ColAccount,
    ColOnline,
    NoAccount,
    Online,
    PeopleTitle,
    ConfirmSessionCloses,
    HintPeople,
    KeyPeople,
    HintStartReview,
    KeyStartReview,
    ConfirmStartReviewBody,
    HintReset,
    KeyReset,
    HintResetNew,
    KeyResetNew,
    HintRevoke,
    KeyRevoke,
    Filter,
    FilterHint,
    HelpTitle,
    HelpClose,
    KeyMove,
    KeyOpen,
    KeyBack,
    KeyQuit,
    KeyHelp,
    KeyLanguage,
    KeyFilter,
    KeyCtrlC,
    TooSmallTitle,
    LoadFailed,
    Loading,
    ServerShutdown,
    IdleClosed,
    IdleTitle,
    ColLeads,
    ColScore,
    ColMyVote,
    KeyVote,
    KeySubmit,
    KeyCheckIn,
    KeyScroll,
    FileTitle,
    ConfirmSubmitTitle,
    ConfirmSubmitBody,
    CheckedIn,
    Recused,
    Submitted,
    ColThreshold,
    NotVoted,
    BallotsWaiting,
    BallotsAllIn,
    ColTally,
    ColVotes,
    KeyBoard,
    KeyAssign,
    KeyOpenSwitch,
    KeyOverride,
    KeyCloseSwitch,
    KeyResult,
    PickLead,
    ConfirmOverrideBody,
    ConfirmCloseBody,
    ConfirmResultBody,
    LeadAssigned,
    EndedTitle,
    EndedBody,
    AnyKeyToLeave,
    LeadRemoved,
    PickLeadHint,
    SwitchOpened,
    SwitchClosedDone,
    ResultSubmitted,
    ChairTitle,
    ColArithmetic,
    ColResult,
    KeyChair,
    KeyChairOpen,
    KeyChairClose,
    KeyChairCloseReason,
    KeyReport,
    ConfirmChairCloseBody,
    ConfirmReportBody,
    ChairOpened,
    ChairClosed,
    ChairVoided,
    ChairReasonTitle,
    Reported,
    TakenOver,
    AccountChanged,
    KeyEnds,
    KeySheetNext,
    KeySheetPrevious,
    KeyPickerPick,
    KeyPickerClose,
    HintMove,
    HintOpen,
    HintCheckIn,
    HintOtherLanguage,
    HintHelp,
    HintQuit,
    HintProgress,
    HintLoginLimits,
    HintFile,
    HintVote,
    HintSubmit,
    HintFilter,
    HintBack,
    HintScore,
    HintTypeToFilter,
    HintKeep,
    HintClear,
    HintScroll,
    HintApprove,
    HintReject,
    HintAbstain,
    HintAssignLead,
    HintOpenSwitch,
    HintCloseSwitch,
    HintSubmitResult,
    HintOpenCommitteeSwitch,
    HintCloseIt,
    HintReportResults,
    HintConfirm,
    HintCancel,
    HintType,
    HintDeletes,
    HintDone,
    HintDigitsScore,
    HintNext,
    HintPrevious,
    HintWrite,
    HintRecommendation,
    HintAdd,
    HintEdit,
    HintDelete,
    HintApplicants,
    HintGroupPanel,
    HintIssueAccounts,
    HintExport,
    HintCertificates,
    KeyCertificates,
    HintLiftSelected,
    HintLiftAll,
    HintReload,
    HintYes,
    KeyNameSpace,
    KeyNameUp,
    KeyNameDown,
    KeyNameArrows,
    KeyNameOr,
    KeyNameColon,
    BoardNobody,
    ChairQuorumMet,
    ChairQuorumNotMet,
    ExportedSeparator,
    FaultBusy,
    FaultDamaged,
    FaultFull,
    FaultIo,
    FaultReadOnly,
    FaultUnreachable,
    FileAchievements,
    FileAnnualAssessments,
    FileAppliedTitle,
    FileAwards,
    FileBorn,
    FileContinuingEducation,
    FileCurrentTitle,
    FileDegree,
    FileEducation,
    FileEmployer,
    FileEthnicity,
    FileGender,
    FileGroup,
    FileIdNumber,
    FileName,
    FileNoLead,
    FileNone,
    FileNotWritten,
    FileOpinions,
    FilePapers,
    FilePatents,
    FilePoliticalStatus,
    FileProjects,
    FileQuestions,
    FileSchool,
    FileSpecialty,
    FileSummary,
    FileWorkStart,
    FileYears,
    GapsSeparator,
    ListSeparator,
    RefusalAccountRevoked,
    RefusalAlreadyCheckedIn,
    RefusalAlreadySubmitted,
    RefusalAlreadyVoted,
    RefusalCommitteeClosed,
    RefusalEmptyText,
    RefusalNoQuestionsYet,
    RefusalNotAGroupExpert,
    RefusalNotCheckedIn,
    RefusalNotInCommitteeStage,
    RefusalNotInGroup,
    RefusalNotInRound,
    RefusalNotLeadReviewer,
    RefusalOperatorOnly,
    RefusalQuestionsLocked,
    RefusalReasonNeeded,
    RefusalRecused,
    RefusalSwitchClosed,
    RefusalSwitchOpen,
    RefusalTargetRecused,
    SheetWhichInterview,
    SheetWhichLecture,
    TodoAwaitOtherGroups,
    TodoAwaitSetup,
    TodoCheckIn,
    TodoNothing,
    TodoReport,
    VoteSubmittedAbstain,
    VoteSubmittedApprove,
    VoteSubmittedReject,
    HintRevote,
    KeyRevote,
    HintMark,
    KeyMark,
    HintRevoteReason,
    KeyRevoteReason,
    KeyRevoteCancel,
    RevoteTitle,
    RevoteReasonTitle,
    RevoteNoneChosen,
    RevoteOpened,
    RefusalSwitchNotOpenYet,
    RefusalSwitchAlreadyOpen,
    RefusalSwitchStillOpen,
    RefusalRoundOver,
    RefusalCheckInNotOpen,
    ConfirmOpenSwitch,
    SwitchDraftsComplete,
    SwitchNoPause,
    CommitteeNoPause,
    PickerRecused,
    ItemsCount,
    ItemsItem,
    RefusalAlreadyRecused,
    RefusalAlreadyLead,
    RefusalItemTwice,
    UnreadyNoGroups,
    UnreadyNoApplicants,
    UnreadyNoScoreItems,
    SettingsTrimTooSmall,
    SettingsPassScoreOver100,
    InternalError,
    ShuttingDown,
    ProblemAccountsEnded,
    ProblemNoExpertsYet,
    ProblemNoFont,
    ProblemNotReportedYet,
    ProblemSetupClosed,
    ProblemCommitteeName,
    ProblemGroupName,
    ProblemGroupElsewhere,
    RefusalCheckInClosed,
}

/// The fixed text of a key in the language (looked up once, then by index).
pub fn tr(lang: Lang, key: T) -> &'static str {
    use std::sync::OnceLock;
    static TEXTS: OnceLock<[Vec<&'static str>; 2]> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let of = |lang| {
            T::ALL
                .iter()
                .map(|k| {
                    let id = kebab(k.name());
                    catalog::lookup(lang, &id).unwrap_or_else(|| {
                        debug_assert!(false, "no message {id} in {lang:?}");
                        k.name()
                    })
                })
                .collect()
        };
        [of(Lang::Zh), of(Lang::En)]
    });
    texts[usize::from(lang == Lang::En)][key as usize]
}

/// `FooterHome` as `footer-home`.
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// "label：value" with the colon of the language.
pub fn labelled(lang: Lang, key: T, value: &str) -> String {
    msg!(lang, "labelled", label = tr(lang, key), value = value)
}

/// The name of a value of the domain: message `PREFIX-NAME`, the stored name in kebab
/// case (`stage-committee-review`). A missing one is a defect the catalog tests catch.
pub(super) fn named(lang: Lang, prefix: &str, name: &str) -> &'static str {
    let id = format!("{prefix}-{}", name.replace('_', "-"));
    catalog::lookup(lang, &id).unwrap_or_else(|| {
        debug_assert!(false, "no message {id} in {lang:?}");
        "?"
    })
}

pub fn mode_name(lang: Lang, mode: Mode) -> &'static str {
    named(lang, "mode", mode.as_str())
}

pub fn stage_name(lang: Lang, stage: Stage) -> &'static str {
    named(lang, "stage", stage.as_str())
}

pub fn group_phase_name(lang: Lang, phase: GroupPhase) -> &'static str {
    named(lang, "group-phase", phase.as_str())
}

/// A group and its phase: "第1组：投票开关已开启"; `short` in parentheses instead.
pub fn group_with_phase(lang: Lang, group: &str, phase: GroupPhase, short: bool) -> String {
    let phase = group_phase_name(lang, phase);
    if short {
        msg!(lang, "group-with-phase-short", group = group, phase = phase)
    } else {
        msg!(lang, "group-with-phase", group = group, phase = phase)
    }
}

pub fn role_name(lang: Lang, role: Role) -> &'static str {
    named(lang, "role", role.as_str())
}

/// Who is logged in, at the top right: "韩国庆（c1-g1-e1）".
pub fn who(lang: Lang, name: &str, username: &str) -> String {
    msg!(lang, "who", name = name, username = username)
}

/// The first `limit` of `names` joined by `sep`, then how many more: a list that stays
/// short whatever its size.
pub fn few_names(lang: Lang, names: &[String], limit: usize, sep: &str) -> String {
    let shown = names.iter().take(limit).cloned().collect::<Vec<_>>().join(sep);
    if names.len() > limit {
        msg!(lang, "names-and-more", names = shown, more = names.len() - limit)
    } else {
        shown
    }
}

pub fn roles_list(lang: Lang, roles: &[Role]) -> String {
    let names: Vec<&str> = roles.iter().map(|r| role_name(lang, *r)).collect();
    names.join(tr(lang, T::ListSeparator))
}

/// A storage failure, in words for the person at the screen: what happened, that
/// nothing was changed, what to do.
pub fn fault(lang: Lang, fault: crate::service::Fault) -> String {
    use crate::service::Fault::*;
    let id = match fault {
        Full => T::FaultFull,
        ReadOnly => T::FaultReadOnly,
        Busy => T::FaultBusy,
        Damaged => T::FaultDamaged,
        Io => T::FaultIo,
        Unreachable => T::FaultUnreachable,
    };
    tr(lang, id).to_string()
}

pub fn idle_warning(lang: Lang, seconds: u64) -> String {
    msg!(lang, "idle-warning", seconds = seconds)
}

/// The message shown instead of the screen when the terminal is smaller than 80x24.
pub fn too_small(lang: Lang, width: u16, height: u16) -> String {
    // The size as digits, never grouped.
    msg!(
        lang,
        "too-small",
        width = width.to_string(),
        height = height.to_string()
    )
}

pub fn counts(lang: Lang, groups: i64, experts: i64, applicants: i64) -> String {
    msg!(
        lang,
        "counts",
        groups = groups,
        experts = experts,
        applicants = applicants
    )
}

pub fn list_position(lang: Lang, shown: usize, total: usize) -> String {
    msg!(lang, "list-position", shown = shown, total = total)
}

pub fn choice_name(lang: Lang, c: Choice) -> &'static str {
    named(lang, "choice", c.as_str())
}

/// The "my vote" cell of the applicant list.
pub fn vote_cell(lang: Lang, vote: Option<MyVote>, recused: bool) -> String {
    if recused {
        return tr(lang, T::Recused).to_string();
    }
    match vote {
        None => "-".to_string(),
        Some(MyVote::Draft(c)) => choice_name(lang, c).to_string(),
        Some(MyVote::Submitted(Some(c))) => {
            let id = match c {
                Choice::Approve => T::VoteSubmittedApprove,
                Choice::Reject => T::VoteSubmittedReject,
                Choice::Abstain => T::VoteSubmittedAbstain,
            };
            tr(lang, id).to_string()
        }
        Some(MyVote::Submitted(None)) => tr(lang, T::Submitted).to_string(),
    }
}

pub fn drafted(lang: Lang, c: Choice) -> String {
    msg!(lang, "drafted", choice = choice_name(lang, c))
}

pub fn submitted(lang: Lang, n: usize) -> String {
    msg!(lang, "votes-submitted", applicants = n)
}

/// A submitted choice in one word (同意 / 反对 / 弃权).
pub fn choice_word(lang: Lang, c: Choice) -> &'static str {
    named(lang, "choice-word", c.as_str())
}

/// A tally in a message of the catalog: its `approve`, `reject` and `abstain`.
pub fn tally(lang: Lang, id: &str, t: &crate::domain::Tally) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("approve", t.approve);
    args.set("reject", t.reject);
    args.set("abstain", t.abstain);
    catalog::message(lang, id, &args)
}

/// A submitted score sheet.
pub fn sheet_submitted(lang: Lang, total: u32) -> String {
    msg!(lang, "sheet-sent", total = total)
}

/// What the SSH client shows before the password prompt; nobody's language is known
/// yet, so it speaks both.
pub fn login_banner() -> String {
    format!(
        "{} - {} / {}",
        tr(Lang::Zh, T::AppTitle),
        tr(Lang::Zh, T::LoginPrompt),
        tr(Lang::En, T::LoginPrompt)
    )
}

/// Accounts issued from the office's screen.
pub fn accounts_issued(lang: Lang, n: usize, path: &str) -> String {
    msg!(lang, "accounts-issued", accounts = n, path = path)
}

/// Files exported from the office's screen: the folder once, then the file names, so
/// that the line fits the status bar.
pub fn exported(lang: Lang, files: &[String]) -> String {
    let path = |f: &String| std::path::Path::new(f).to_path_buf();
    let folder = files
        .first()
        .and_then(|f| path(f).parent().map(|p| p.display().to_string()))
        .unwrap_or_default();
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| path(f).file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let files = names.join(tr(lang, T::ExportedSeparator));
    msg!(lang, "exported", folder = folder, files = files)
}

/// What an import came to, for the status line and the report's first line (true:
/// imported).
pub fn import_outcome(lang: Lang, name: &str, outcome: &crate::service::inbox::ImportOutcome) -> (bool, String) {
    use crate::service::inbox::ImportOutcome::*;
    let name = crate::office::columns::printable(name);
    match outcome {
        Imported {
            rows, format, report, ..
        } => (
            true,
            msg!(
                lang,
                "import-done",
                name = name,
                rows = *rows,
                format = *format,
                added = report.added,
                updated = report.updated,
                unchanged = report.unchanged
            ),
        ),
        Rejected(problems) => (
            false,
            msg!(lang, "import-rejected", name = name, problems = problems.len()),
        ),
        Unreadable(e) => (
            false,
            msg!(lang, "import-unreadable", name = name, why = table_error(lang, e)),
        ),
    }
}

/// The message for a key the current screen has no use for.
pub fn unbound_key(lang: Lang, key: &str) -> String {
    msg!(lang, "unbound-key", key = key)
}

/// The language switched for this session, but the account could not keep it.
pub fn language_not_saved(lang: Lang, why: &str) -> String {
    msg!(lang, "language-not-saved", why = why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Refusal, Role};

    #[test]
    fn dates_are_written_the_language_s_way() {
        let bj = crate::domain::clock::Zone::default_zone();
        assert_eq!(
            date_time_in(Lang::Zh, &bj, "2026-11-27T01:02:03.456Z"),
            "11月27日 09:02:03"
        );
        assert_eq!(
            date_time_in(Lang::En, &bj, "2026-11-27T01:02:03.456Z"),
            "27 Nov 09:02:03"
        );
        // Late evening UTC is the next morning in Beijing, a new month here.
        assert_eq!(date_time_in(Lang::En, &bj, "2026-01-31T23:59:00Z"), "1 Feb 07:59:00");
        let utc = crate::domain::clock::Zone::named("UTC").unwrap();
        assert_eq!(date_time_in(Lang::En, &utc, "2026-01-05T23:59:00Z"), "5 Jan 23:59:00");
        assert_eq!(date_time(Lang::Zh, "not a time"), "not a time");
        assert_eq!(
            too_small(Lang::En, 1000, 20),
            "Please enlarge the window to at least 80x24 (now 1000x20)."
        );
        assert_eq!(counts(Lang::En, 1, 1200, 2), "1 group  1,200 experts  2 applicants");
    }

    #[test]
    fn refusals_read_clearly_in_both_languages() {
        let r = Refusal::QuorumNotMet {
            checked_in: 15,
            needed: 17,
            members: 25,
        };
        assert_eq!(
            refusal(Lang::Zh, &r),
            "未达到法定人数：已签到 15 人，共 25 名评委，至少需要 17 人"
        );
        assert_eq!(
            refusal(Lang::En, &r),
            "quorum not met: 15 checked in, 17 needed of 25 members"
        );
        assert_eq!(
            refusal(Lang::Zh, &Refusal::RoleRequired(Role::Director)),
            "此操作需要“主任”角色"
        );
    }
}

#[cfg(test)]
mod catalog_tests {
    /// Every mode, stage, phase, role and choice has its name in both languages
    /// (their message ids are made from the stored names).
    #[test]
    fn every_value_of_the_domain_has_a_name() {
        use super::*;
        for lang in [Lang::Zh, Lang::En] {
            let mut names: Vec<&str> = Vec::new();
            names.extend(Mode::ALL.iter().map(|m| mode_name(lang, *m)));
            names.extend(Stage::ALL.iter().map(|x| stage_name(lang, *x)));
            names.extend(GroupPhase::ALL.iter().map(|x| group_phase_name(lang, *x)));
            names.extend(Role::ALL.iter().map(|x| role_name(lang, *x)));
            names.extend(Choice::ALL.iter().map(|x| choice_name(lang, *x)));
            names.extend(Choice::ALL.iter().map(|x| choice_word(lang, *x)));
            assert!(names.iter().all(|n| !n.is_empty() && *n != "?"), "{names:?}");
        }
    }

    /// Characters whose width terminals disagree on (East Asian "ambiguous": arrows,
    /// the ellipsis, circles and stars) would shift a CJK screen by a column on some
    /// terminals; the catalog (the two message files, and this file before these
    /// tests) avoids them.
    #[test]
    fn the_catalog_has_no_ambiguous_width_characters() {
        let ambiguous = ['↑', '↓', '←', '→', '…', '※', '○', '●', '★', '☆', '√', '×', '·', '§'];
        let source = include_str!("text.rs");
        let code = source.split("#[cfg(test)]\nmod catalog_tests").next().unwrap();
        let files = [
            ("text.rs", code),
            ("refusals.rs", include_str!("refusals.rs")),
            ("applicants.rs", include_str!("screens/applicants.rs")),
            ("board.rs", include_str!("screens/board.rs")),
            ("chair.rs", include_str!("screens/chair.rs")),
            ("file.rs", include_str!("screens/file.rs")),
            ("home.rs", include_str!("screens/home.rs")),
            ("logins.rs", include_str!("screens/logins.rs")),
            ("office.rs", include_str!("screens/office.rs")),
            ("opinion.rs", include_str!("screens/opinion.rs")),
            ("questions.rs", include_str!("screens/questions.rs")),
            ("revote.rs", include_str!("screens/revote.rs")),
            ("sheet.rs", include_str!("screens/sheet.rs")),
            ("zh-CN/pingshen.ftl", include_str!("../../locales/zh-CN/pingshen.ftl")),
            ("en-US/pingshen.ftl", include_str!("../../locales/en-US/pingshen.ftl")),
        ];
        for (name, text) in files {
            for (n, line) in text.lines().enumerate() {
                if let Some(c) = line.chars().find(|c| ambiguous.contains(c)) {
                    panic!("{name} line {}: {c:?} in {line}", n + 1);
                }
            }
        }
    }
}
