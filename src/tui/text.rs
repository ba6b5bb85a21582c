//! The message catalog: every text the screens show, in Chinese and English.
//! Screens never hold string literals of their own; they ask here.

use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::catalog::{self, msg};
use super::theme::Palette;
use crate::domain::{Choice, GroupPhase, Lang, Mode, Phase, Refusal, Role, Stage};
use crate::service::Todo;
use crate::service::screens::{ApplicantFile, BoardLine, CommitteeBoard, CommitteeLine, GroupBoard, MyVote, mask_id};

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
fn named(lang: Lang, prefix: &str, name: &str) -> &'static str {
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

pub fn roles_list(lang: Lang, roles: &[Role]) -> String {
    let names: Vec<&str> = roles.iter().map(|r| role_name(lang, *r)).collect();
    names.join(catalog::fixed(lang, "list-separator"))
}

pub fn todo_text(lang: Lang, todo: &Todo) -> String {
    use Todo::*;
    match *todo {
        AwaitSetup => catalog::fixed(lang, "todo-await-setup").to_string(),
        AssignLeadReviewers { applicants } => msg!(lang, "todo-assign-lead-reviewers", applicants = applicants),
        WriteOpinions { applicants } => msg!(lang, "todo-write-opinions", applicants = applicants),
        WriteInterviewQuestions { applicants } => {
            msg!(lang, "todo-write-interview-questions", applicants = applicants)
        }
        ScoreLectures { applicants } => msg!(lang, "todo-score-lectures", applicants = applicants),
        ScoreInterviews { applicants } => msg!(lang, "todo-score-interviews", applicants = applicants),
        DraftGroupVotes { applicants } => msg!(lang, "todo-draft-group-votes", applicants = applicants),
        SubmitGroupVotes { applicants } => msg!(lang, "todo-submit-group-votes", applicants = applicants),
        AwaitGroupVotes { experts } => msg!(lang, "todo-await-group-votes", experts = experts),
        DeliberateGroup { applicants } => msg!(lang, "todo-deliberate-group", applicants = applicants),
        AwaitOtherGroups => catalog::fixed(lang, "todo-await-other-groups").to_string(),
        CheckIn => catalog::fixed(lang, "todo-check-in").to_string(),
        DraftCommitteeVotes { applicants } => msg!(lang, "todo-draft-committee-votes", applicants = applicants),
        SubmitCommitteeVotes { applicants } => {
            msg!(lang, "todo-submit-committee-votes", applicants = applicants)
        }
        Report => catalog::fixed(lang, "todo-report").to_string(),
        Nothing => catalog::fixed(lang, "todo-nothing").to_string(),
    }
}

pub fn logins_head(lang: Lang, keys: usize, locked: usize) -> String {
    msg!(lang, "logins-head", keys = keys, locked = locked)
}

pub fn locked_until(lang: Lang, until: &str) -> String {
    msg!(lang, "locked-until", until = until)
}

pub fn waits(lang: Lang, seconds: u64) -> String {
    msg!(lang, "waits", seconds = seconds)
}

/// A stored moment (`2026-11-27T01:02:03.456Z`, UTC) as the language writes it:
/// "11月27日 01:02:03", "27 Nov 01:02:03". Text that is not such a moment is shown as
/// it is.
pub fn date_time(lang: Lang, stored: &str) -> String {
    let part = |range: std::ops::Range<usize>| stored.get(range).and_then(|p| p.parse::<u32>().ok());
    match (part(5..7), part(8..10), stored.get(11..19)) {
        (Some(month), Some(day), Some(time)) if (1..=12).contains(&month) => {
            msg!(lang, "date-time", month = month, day = day, time = time)
        }
        _ => stored.to_string(),
    }
}

/// A storage failure, in words for the person at the screen: what happened, that
/// nothing was changed, what to do.
pub fn fault(lang: Lang, fault: crate::service::Fault) -> String {
    use crate::service::Fault::*;
    let id = match fault {
        Full => "fault-full",
        ReadOnly => "fault-read-only",
        Busy => "fault-busy",
        Damaged => "fault-damaged",
        Io => "fault-io",
    };
    catalog::fixed(lang, id).to_string()
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

/// A refusal from the engine as the user reads it.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    use Refusal::*;
    let fixed = |id| catalog::fixed(lang, id).to_string();
    match r {
        OperatorOnly => fixed("refusal-operator-only"),
        RoleRequired(role) => msg!(lang, "refusal-role-required", role = role_name(lang, *role)),
        NotInGroup => fixed("refusal-not-in-group"),
        Recused => fixed("refusal-recused"),
        WrongPhase(Phase::Committee(s)) => msg!(lang, "refusal-wrong-stage", stage = stage_name(lang, *s)),
        WrongPhase(Phase::Group(p)) => {
            msg!(lang, "refusal-wrong-group-phase", phase = group_phase_name(lang, *p))
        }
        SwitchClosed => fixed("refusal-switch-closed"),
        SwitchOpen => fixed("refusal-switch-open"),
        AlreadySubmitted => fixed("refusal-already-submitted"),
        IncompleteDraft { missing } => msg!(lang, "refusal-incomplete-draft", missing = *missing),
        IncompleteSheet { item } => msg!(lang, "refusal-incomplete-sheet", item = item.as_str()),
        ScoreOutOfRange { item, value, max } => {
            msg!(
                lang,
                "refusal-score-out-of-range",
                item = item.as_str(),
                value = *value,
                max = *max
            )
        }
        QuorumNotMet {
            checked_in,
            needed,
            members,
        } => msg!(
            lang,
            "refusal-quorum-not-met",
            checked_in = *checked_in,
            needed = *needed,
            members = *members
        ),
        OpinionsMissing { missing } => msg!(lang, "refusal-opinions-missing", missing = *missing),
        ScoresMissing { missing } => msg!(lang, "refusal-scores-missing", missing = *missing),
        QuestionsMissing { missing } => msg!(lang, "refusal-questions-missing", missing = *missing),
        LeadReviewersMissing { missing } => msg!(lang, "refusal-lead-reviewers-missing", missing = *missing),
        NotLeadReviewer => fixed("refusal-not-lead-reviewer"),
        TargetRecused => fixed("refusal-target-recused"),
        NotAGroupExpert => fixed("refusal-not-a-group-expert"),
        NotInThisMode(what) => msg!(lang, "refusal-not-in-this-mode", what = thing(lang, what)),
        TooManyQuestions { max } => msg!(lang, "refusal-too-many-questions", max = *max),
        NotReady(why) => msg!(lang, "refusal-not-ready", why = why.to_string()),
        AlreadyVoted => fixed("refusal-already-voted"),
        EmptyText => fixed("refusal-empty-text"),
        TextTooLong { len, max } => msg!(lang, "refusal-text-too-long", len = *len, max = *max),
        QuestionsLocked => fixed("refusal-questions-locked"),
        NoQuestionsYet => fixed("refusal-no-questions-yet"),
        AccountRevoked => fixed("refusal-account-revoked"),
        NotCheckedIn => fixed("refusal-not-checked-in"),
        AlreadyCheckedIn => fixed("refusal-already-checked-in"),
        NotInCommitteeStage => fixed("refusal-not-in-committee-stage"),
        NotInRound => fixed("refusal-not-in-round"),
        NotFound(what) => msg!(lang, "refusal-not-found", what = thing(lang, what)),
        CommitteeClosed => fixed("refusal-committee-closed"),
        BallotsMissing {
            missing,
            voters,
            quorum,
        } => msg!(
            lang,
            "refusal-ballots-missing",
            missing = *missing,
            voters = *voters,
            quorum = *quorum
        ),
        ReasonNeeded => fixed("refusal-reason-needed"),
        Invalid(why) => why.clone(),
    }
}

/// What a refusal names ("applicant", "score sheet") in the language: the catalog's
/// `thing-` message, or the name as it is for one the catalog does not know.
fn thing(lang: Lang, what: &str) -> String {
    let id = format!("thing-{}", what.replace(' ', "-"));
    catalog::lookup(lang, &id).map_or_else(|| what.to_string(), str::to_string)
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
                Choice::Approve => "vote-submitted-approve",
                Choice::Reject => "vote-submitted-reject",
                Choice::Abstain => "vote-submitted-abstain",
            };
            catalog::fixed(lang, id).to_string()
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

/// The whole file as lines, labels from this catalog.
pub fn file_lines(lang: Lang, f: &ApplicantFile) -> Vec<Line<'static>> {
    let a = &f.applicant;
    let fixed = |id| catalog::fixed(lang, id);
    let l = |id, value: &str| msg!(lang, "labelled", label = fixed(id), value = value);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut row = |parts: Vec<String>| out.push(Line::from(parts.join("    ")));
    row(vec![
        l("file-name", &a.name),
        l("file-gender", &a.gender),
        l("file-born", &a.birth_date),
    ]);
    row(vec![
        l("file-ethnicity", &a.ethnicity),
        l("file-political-status", &a.political_status),
        l("file-id-number", &mask_id(&a.id_number)),
    ]);
    row(vec![l("file-employer", &a.employer)]);
    let current = msg!(
        lang,
        "file-current-title-value",
        title = a.current_title.as_str(),
        date = a.current_title_date.as_str()
    );
    row(vec![
        l("file-current-title", &current),
        l("file-applied-title", &a.applied_title),
    ]);
    row(vec![l("file-specialty", &a.specialty), l("file-group", &f.group)]);
    row(vec![
        l("file-education", &a.education),
        l("file-degree", &a.degree),
        l("file-school", &a.school),
    ]);
    row(vec![
        l("file-work-start", &a.work_start),
        l("file-years", &a.years_of_work.to_string()),
    ]);
    let sections: [(&str, &str); 8] = [
        ("file-annual-assessments", &a.annual_assessments),
        ("file-continuing-education", &a.continuing_education),
        ("file-papers", &a.papers),
        ("file-projects", &a.projects),
        ("file-patents", &a.patents),
        ("file-awards", &a.awards),
        ("file-achievements", &a.achievements),
        ("file-summary", &a.summary),
    ];
    for (title, body) in sections {
        out.push(Line::from(""));
        out.push(Line::from(fixed(title)).bold());
        if body.trim().is_empty() {
            out.push(Line::from(fixed("file-none")));
        }
        for line in body.lines() {
            out.push(Line::from(format!("  {line}")));
        }
    }
    out.push(Line::from(""));
    out.push(Line::from(fixed("file-opinions")).bold());
    if f.leads.is_empty() {
        out.push(Line::from(fixed("file-no-lead")));
    }
    for lead in &f.leads {
        let rec = lead.recommendation.map(|c| choice_name(lang, c)).unwrap_or("-");
        let opinion = if lead.opinion.is_empty() {
            fixed("file-not-written").to_string()
        } else {
            lead.opinion.clone()
        };
        out.push(Line::from(format!("  {}  [{rec}]", lead.name)));
        for line in opinion.lines() {
            out.push(Line::from(format!("    {line}")));
        }
    }
    if !f.questions.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(fixed("file-questions")).bold());
        for (i, q) in f.questions.iter().enumerate() {
            let mut lines = q.text.lines();
            let first = lines.next().unwrap_or_default();
            out.push(Line::from(format!(
                "  {}",
                question_line(lang, i + 1, first, &q.author)
            )));
            for line in lines {
                out.push(Line::from(format!("     {line}")));
            }
        }
    }
    if let Some(score) = f.score {
        out.push(Line::from(""));
        out.push(Line::from(msg!(
            lang,
            "file-score",
            score = score.to_string(),
            sheets = score.sheets
        )));
    }
    out.push(Line::from(""));
    out.push(Line::from(msg!(lang, "file-my-vote", vote = vote_cell(lang, f.my_vote, f.recused))).bold());
    out
}

/// The title of the leader's panel.
pub fn board_title(lang: Lang, group: &str, phase: GroupPhase, round: i32) -> String {
    msg!(
        lang,
        "board-title",
        group = group,
        phase = group_phase_name(lang, phase),
        round = round
    )
}

/// Live counts of experts who have not drafted or not submitted.
pub fn board_progress(lang: Lang, board: &GroupBoard) -> String {
    let undrafted: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.undrafted > 0)
        .map(|e| format!("{}({})", e.name, e.undrafted))
        .collect();
    let unsubmitted = board.experts.iter().filter(|e| !e.submitted).count();
    let names = if undrafted.is_empty() {
        catalog::fixed(lang, "board-nobody").to_string()
    } else {
        undrafted.join(" ")
    };
    msg!(
        lang,
        "board-progress",
        drafting = undrafted.len(),
        names = names,
        unsubmitted = unsubmitted,
        total = board.experts.len()
    )
}

/// Each expert's vote, after the switch has closed.
pub fn board_votes(lang: Lang, palette: Palette, votes: &[(String, Option<Choice>)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (name, c) in votes {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::raw(format!("{name} ")));
        match c {
            Some(c) => spans.push(Span::styled(choice_word(lang, *c), palette.choice(*c))),
            None => spans.push(Span::styled(tr(lang, T::NotVoted), palette.waiting())),
        }
    }
    Line::from(spans)
}

/// A submitted choice in one word (同意 / 反对 / 弃权).
pub fn choice_word(lang: Lang, c: Choice) -> &'static str {
    named(lang, "choice-word", c.as_str())
}

/// The threshold arithmetic of one applicant on the leader's panel
/// ("专家 5  回避 1  已投 3  需同意 3 票").
pub fn board_arithmetic(lang: Lang, l: &BoardLine) -> String {
    msg!(
        lang,
        "board-arithmetic",
        experts = l.experts,
        recused = l.recused,
        ballots = l.ballots,
        needed = l.needed
    )
}

/// The group tally of one applicant and what it means, once the switch has closed
/// ("4/1/0 通过"); "-" before.
pub fn board_tally(lang: Lang, l: &BoardLine) -> String {
    let Some(t) = l.tally else {
        return "-".into();
    };
    let id = if l.passes.unwrap_or(false) {
        "board-tally-passes"
    } else {
        "board-tally-fails"
    };
    tally(lang, id, &t)
}

/// A tally in a message of the catalog: its `approve`, `reject` and `abstain`.
fn tally(lang: Lang, id: &str, t: &crate::domain::Tally) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("approve", t.approve);
    args.set("reject", t.reject);
    args.set("abstain", t.abstain);
    catalog::message(lang, id, &args)
}

/// The line under the leader's table for the selected applicant: every expert's vote
/// once the switch closed, until then whose ballot is not in yet (never a choice).
pub fn board_detail(lang: Lang, palette: Palette, l: &BoardLine) -> Line<'static> {
    // "name：" with the language's colon (and its space, in English).
    let name = msg!(lang, "labelled", label = l.name.as_str(), value = "");
    let mut spans = vec![Span::raw(name).bold()];
    if !l.votes.is_empty() {
        spans.push(Span::raw(format!("{}  ", tr(lang, T::ColVotes))));
        spans.extend(board_votes(lang, palette, &l.votes).spans);
    } else if l.waiting_for.is_empty() {
        spans.push(Span::raw(tr(lang, T::BallotsAllIn)));
    } else {
        spans.push(Span::raw(format!("{}  ", tr(lang, T::BallotsWaiting))));
        spans.push(Span::styled(l.waiting_for.join(" "), palette.waiting()));
    }
    Line::from(spans)
}

/// The title of a score sheet: whose, and which defense.
pub fn sheet_title(lang: Lang, name: &str, mode: Mode) -> String {
    let which = match mode {
        Mode::Interview => "sheet-which-interview",
        _ => "sheet-which-lecture",
    };
    msg!(
        lang,
        "sheet-heading",
        title = tr(lang, T::SheetTitle),
        name = name,
        which = catalog::fixed(lang, which)
    )
}

/// The message for a character that is not a digit in a score field.
pub fn score_digits_only(lang: Lang, max: u32) -> String {
    msg!(lang, "score-digits-only", max = max)
}

/// A submitted score sheet.
pub fn sheet_submitted(lang: Lang, total: u32) -> String {
    msg!(lang, "sheet-sent", total = total)
}

/// One's own score sheet in the list: "已交 86", "草稿 40" or "-".
pub fn my_sheet_cell(lang: Lang, sheet: Option<crate::service::screens::MySheet>, recused: bool) -> String {
    if recused {
        return tr(lang, T::Recused).to_string();
    }
    match sheet {
        None => "-".into(),
        Some(s) if s.submitted => msg!(lang, "my-sheet-sent", total = s.total),
        Some(s) => msg!(lang, "my-sheet-draft", total = s.total),
    }
}

/// What still keeps the group's vote switch closed, while the group reviews: lead
/// reviewers, opinions, questions and score sheets missing (who owes how many sheets).
pub fn board_gaps(lang: Lang, board: &GroupBoard) -> Option<String> {
    if board.phase != GroupPhase::Review {
        return None;
    }
    let g = &board.gaps;
    let owing: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.sheets_missing > 0)
        .map(|e| format!("{}({})", e.name, e.sheets_missing))
        .collect();
    let mut parts = Vec::new();
    if g.without_lead > 0 {
        parts.push(msg!(lang, "gap-without-lead", applicants = g.without_lead));
    }
    if g.opinions_missing > 0 {
        parts.push(msg!(lang, "gap-opinions", applicants = g.opinions_missing));
    }
    if g.questions_missing > 0 {
        parts.push(msg!(lang, "gap-questions", applicants = g.questions_missing));
    }
    if board.scoring && !owing.is_empty() {
        parts.push(msg!(
            lang,
            "gap-sheets",
            sheets = g.scores_missing(),
            who = owing.join(" ")
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(msg!(
        lang,
        "gaps",
        gaps = parts.join(catalog::fixed(lang, "gaps-separator"))
    ))
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

/// Leaving a score sheet with a value that is not a score: it was not saved.
pub fn invalid_score_discarded(lang: Lang, item: &str) -> String {
    msg!(lang, "invalid-score-discarded", item = item)
}

/// One interview question in a list: number, text and who wrote it.
pub fn question_line(lang: Lang, n: usize, text: &str, author: &str) -> String {
    msg!(lang, "question-line", n = n, text = text, author = author)
}

/// The first line of the office's progress screen.
pub fn office_head(lang: Lang, p: &crate::service::office::CommitteeProgress) -> String {
    msg!(
        lang,
        "office-head",
        mode = mode_name(lang, p.mode),
        stage = stage_name(lang, p.stage),
        accounts = p.accounts
    )
}

/// The meeting lines of the office's progress screen.
pub fn office_meeting(lang: Lang, p: &crate::service::office::CommitteeProgress) -> [String; 2] {
    [
        msg!(
            lang,
            "office-meeting",
            members = p.members,
            checked_in = p.checked_in,
            quorum = p.quorum_needed,
            voters = p.voters
        ),
        msg!(lang, "office-results", decided = p.decided, passed = p.passed),
    ]
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
    let files = names.join(catalog::fixed(lang, "exported-separator"));
    msg!(lang, "exported", folder = folder, files = files)
}

/// The message for a key the current screen has no use for.
pub fn unbound_key(lang: Lang, key: &str) -> String {
    msg!(lang, "unbound-key", key = key)
}

/// The two lines at the top of the director's panel: the quorum, then the stage,
/// round and how far the members are.
/// What closing the committee switch with a reason will do (`domain::ballot`), asked
/// before the reason is typed.
pub fn chair_reason_prompt(lang: Lang, b: crate::domain::ballot::BallotsIn) -> String {
    use crate::domain::ballot::{RoundClose, committee_close};
    let void = committee_close(b, true) == Ok(RoundClose::Void);
    let (missing, voters, quorum) = (b.missing, b.voters, b.quorum_needed);
    if void {
        msg!(
            lang,
            "chair-reason-void",
            missing = missing,
            voters = voters,
            quorum = quorum
        )
    } else {
        msg!(
            lang,
            "chair-reason-override",
            missing = missing,
            voters = voters,
            quorum = quorum
        )
    }
}

/// The confirmation of a close with a reason: how many have not voted, and what follows.
pub fn chair_close_with_reason(lang: Lang, b: crate::domain::ballot::BallotsIn, reason: &str) -> String {
    format!(
        "{}\n{}",
        chair_reason_prompt(lang, b),
        msg!(lang, "chair-reason-given", reason = reason.to_string())
    )
}

/// The language switched for this session, but the account could not keep it.
pub fn language_not_saved(lang: Lang, why: &str) -> String {
    msg!(lang, "language-not-saved", why = why.to_string())
}

pub fn chair_head(lang: Lang, b: &CommitteeBoard) -> [String; 2] {
    let state = catalog::fixed(
        lang,
        if b.quorum_met {
            "chair-quorum-met"
        } else {
            "chair-quorum-not-met"
        },
    );
    [
        msg!(
            lang,
            "chair-members",
            members = b.members,
            checked_in = b.checked_in,
            quorum = b.quorum_needed,
            state = state
        ),
        msg!(
            lang,
            "chair-progress",
            stage = stage_name(lang, b.stage),
            round = b.round,
            drafting = b.undrafted,
            voters = b.voters
        ),
    ]
}

/// The threshold arithmetic of one applicant ("出席 21  回避 1  已投 18  需同意 14 票").
pub fn chair_arithmetic(lang: Lang, l: &CommitteeLine) -> String {
    msg!(
        lang,
        "chair-arithmetic",
        attending = l.attending,
        recused = l.recused,
        ballots = l.ballots,
        needed = l.needed
    )
}

/// The tally and outcome, once voting on the applicant has ended.
pub fn chair_result(lang: Lang, result: Option<(crate::domain::Tally, bool)>) -> String {
    match result {
        None => "-".into(),
        Some((t, true)) => tally(lang, "chair-result-passed", &t),
        Some((t, false)) => tally(lang, "chair-result-failed", &t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    #[test]
    fn dates_are_written_the_language_s_way() {
        assert_eq!(date_time(Lang::Zh, "2026-11-27T01:02:03.456Z"), "11月27日 01:02:03");
        assert_eq!(date_time(Lang::En, "2026-11-27T01:02:03.456Z"), "27 Nov 01:02:03");
        assert_eq!(date_time(Lang::En, "2026-01-05T23:59:00Z"), "5 Jan 23:59:00");
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
