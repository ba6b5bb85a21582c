//! What stopped an action, as the user reads it: the engine's refusals, the office's
//! problems, why a committee cannot start, a settings value out of range; every one
//! from the message catalog in both languages (a test walks them all).

use super::catalog::{self, msg};
use super::text::{T, group_phase_name, named, role_name, stage_name, tr};
use crate::domain::{Lang, Phase, Refusal};

/// A refusal from the engine as the user reads it.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    use Refusal::*;
    let fixed = |t| tr(lang, t).to_string();
    match r {
        OperatorOnly => fixed(T::RefusalOperatorOnly),
        RoleRequired(role) => msg!(lang, "refusal-role-required", role = role_name(lang, *role)),
        NotInGroup => fixed(T::RefusalNotInGroup),
        Recused => fixed(T::RefusalRecused),
        WrongPhase(Phase::Committee(s)) => msg!(lang, "refusal-wrong-stage", stage = stage_name(lang, *s)),
        WrongPhase(Phase::Group(p)) => {
            msg!(lang, "refusal-wrong-group-phase", phase = group_phase_name(lang, *p))
        }
        SwitchClosed => fixed(T::RefusalSwitchClosed),
        SwitchOpen => fixed(T::RefusalSwitchOpen),
        SwitchNotOpenYet => fixed(T::RefusalSwitchNotOpenYet),
        SwitchAlreadyOpen => fixed(T::RefusalSwitchAlreadyOpen),
        SwitchStillOpen => fixed(T::RefusalSwitchStillOpen),
        RoundOver => fixed(T::RefusalRoundOver),
        CheckInNotOpen => fixed(T::RefusalCheckInNotOpen),
        CheckInClosed => fixed(T::RefusalCheckInClosed),
        AlreadySubmitted => fixed(T::RefusalAlreadySubmitted),
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
        NotLeadReviewer => fixed(T::RefusalNotLeadReviewer),
        TargetRecused => fixed(T::RefusalTargetRecused),
        NotAGroupExpert => fixed(T::RefusalNotAGroupExpert),
        NotInThisMode(what) => msg!(lang, "refusal-not-in-this-mode", what = thing(lang, what)),
        TooManyQuestions { max } => msg!(lang, "refusal-too-many-questions", max = *max),
        NotReady(why) => msg!(lang, "refusal-not-ready", why = unready(lang, why)),
        AlreadyVoted => fixed(T::RefusalAlreadyVoted),
        EmptyText => fixed(T::RefusalEmptyText),
        TextTooLong { len, max } => msg!(lang, "refusal-text-too-long", len = *len, max = *max),
        QuestionsLocked => fixed(T::RefusalQuestionsLocked),
        NoQuestionsYet => fixed(T::RefusalNoQuestionsYet),
        AccountRevoked => fixed(T::RefusalAccountRevoked),
        NotCheckedIn => fixed(T::RefusalNotCheckedIn),
        AlreadyCheckedIn => fixed(T::RefusalAlreadyCheckedIn),
        NotInCommitteeStage => fixed(T::RefusalNotInCommitteeStage),
        NotInRound => fixed(T::RefusalNotInRound),
        NotFound(what) => msg!(lang, "refusal-not-found", what = thing(lang, what)),
        CommitteeClosed => fixed(T::RefusalCommitteeClosed),
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
        ReasonNeeded => fixed(T::RefusalReasonNeeded),
        BadSettings(p) => settings_problem(lang, p),
        BadScoreItems(p) => match p {
            crate::domain::ScoreItemsProblem::Count => fixed(T::ItemsCount),
            crate::domain::ScoreItemsProblem::Item => fixed(T::ItemsItem),
            crate::domain::ScoreItemsProblem::Total(total) => msg!(lang, "items-total", total = *total),
        },
        AlreadyRecused => fixed(T::RefusalAlreadyRecused),
        AlreadyLead => fixed(T::RefusalAlreadyLead),
        ItemTwice => fixed(T::RefusalItemTwice),
        ScoreNegative => fixed(T::ScoreNotNegative),
        ScoreDigitsOnly { max } => msg!(lang, "score-digits-only", max = *max),
    }
}

/// An office problem (a name not found, a folder not writable, a setup value out of
/// range), in the language.
pub fn problem(lang: Lang, p: &crate::service::Problem) -> String {
    use crate::service::Problem::*;
    match p {
        PasswordHash(_) => tr(lang, T::InternalError).to_string(),
        // The system's own words stay in the server's log: they are English.
        CannotCreate { path, .. } => msg!(lang, "problem-cannot-create", path = path.as_str()),
        CannotWrite { path, .. } => msg!(lang, "problem-cannot-write", path = path.as_str()),
        NoneNamed { what, who, .. } => msg!(lang, "problem-none-named", what = thing(lang, what), who = who.as_str()),
        SeveralNamed { what, who } => {
            msg!(
                lang,
                "problem-several-named",
                what = thing(lang, what),
                who = who.as_str()
            )
        }
        AccountsEnded => tr(lang, T::ProblemAccountsEnded).to_string(),
        NoExpertsYet => tr(lang, T::ProblemNoExpertsYet).to_string(),
        NotReportedYet => tr(lang, T::ProblemNotReportedYet).to_string(),
        SetupClosed => tr(lang, T::ProblemSetupClosed).to_string(),
        CommitteeName => tr(lang, T::ProblemCommitteeName).to_string(),
        GroupName => tr(lang, T::ProblemGroupName).to_string(),
        NoGroup(name) => msg!(lang, "problem-no-group", name = name.as_str()),
        NoRole(name) => msg!(lang, "problem-no-role", name = name.as_str()),
        GroupElsewhere => tr(lang, T::ProblemGroupElsewhere).to_string(),
        OfficeName(name) => msg!(lang, "problem-office-name", name = name.as_str()),
        AccountExists(name) => msg!(lang, "problem-account-exists", name = name.as_str()),
        NoOfficeAccount(name) => msg!(lang, "problem-no-office-account", name = name.as_str()),
        LastOfficeAccount(name) => msg!(lang, "problem-last-office-account", name = name.as_str()),
        NoAccount(name) => msg!(lang, "problem-no-account", name = name.as_str()),
        NoFont(_) => tr(lang, T::ProblemNoFont).to_string(),
        CannotRead { path, .. } => msg!(lang, "problem-cannot-read", path = path.as_str()),
        NoInboxFile(name) => msg!(lang, "problem-no-inbox-file", name = name.as_str()),
        ImportTooLarge { name, mib } => msg!(lang, "problem-import-too-large", name = name.as_str(), mib = *mib),
    }
}

/// Why a committee cannot start, in the language.
pub fn unready(lang: Lang, u: &crate::domain::Unready) -> String {
    use crate::domain::Unready::*;
    match u {
        NoGroups => tr(lang, T::UnreadyNoGroups).to_string(),
        GroupLeaders { group, leaders } => msg!(
            lang,
            "unready-group-leaders",
            group = group.as_str(),
            leaders = *leaders
        ),
        NoApplicants => tr(lang, T::UnreadyNoApplicants).to_string(),
        ApplicantWithoutGroup(name) => msg!(lang, "unready-applicant-without-group", name = name.as_str()),
        NoRole(role) => msg!(lang, "unready-no-role", role = role_name(lang, *role)),
        EvenMembers(n) => msg!(lang, "unready-even-members", members = *n),
        NoScoreItems => tr(lang, T::UnreadyNoScoreItems).to_string(),
    }
}

/// What is wrong with a committee's settings, in the language.
pub fn settings_problem(lang: Lang, p: &crate::domain::SettingsProblem) -> String {
    use crate::domain::SettingsProblem::*;
    match p {
        Fraction { setting, num, den } => msg!(
            lang,
            "settings-fraction",
            setting = named(lang, "setting", setting),
            num = num.to_string(),
            den = den.to_string()
        ),
        TrimTooSmall => tr(lang, T::SettingsTrimTooSmall).to_string(),
        PassScoreOver100 => tr(lang, T::SettingsPassScoreOver100).to_string(),
    }
}

/// One problem of an import file (row, column, what is wrong) in the language.
pub fn import_problem(lang: Lang, p: &crate::office::columns::Problem) -> String {
    use crate::office::columns::{Why::*, printable};
    let why = match &p.why {
        DuplicateColumn => msg!(lang, "import-duplicate-column"),
        // The header either language may use; the English screen names the English one.
        MissingColumn { zh, en } => {
            let header = match lang {
                Lang::Zh => format!("{zh} / {en}"),
                Lang::En => en.to_string(),
            };
            msg!(lang, "import-missing-column", header = header)
        }
        Empty => msg!(lang, "import-empty"),
        OnlyInvisible(c) => msg!(lang, "import-only-invisible", code = format!("U+{c:04X}")),
        Invisible(c) => msg!(lang, "import-invisible", code = format!("U+{c:04X}")),
        TooLong { len, max } => msg!(lang, "import-too-long", len = *len, max = *max),
        Control => msg!(lang, "import-control"),
        Newline => msg!(lang, "import-newline"),
        DuplicateRow { first } => msg!(lang, "import-duplicate-row", first = *first),
        NoDataRows => msg!(lang, "import-no-data-rows"),
        ExtraCells { cells, headers } => msg!(lang, "import-extra-cells", cells = *cells, headers = *headers),
        Gender(v) => msg!(lang, "import-gender", value = printable(v)),
        Years(v) => msg!(lang, "import-years", value = printable(v)),
        UnknownRole(v) => msg!(lang, "import-unknown-role", value = printable(v)),
        GroupNeeded => msg!(lang, "import-group-needed"),
        GroupNotAllowed => msg!(lang, "import-group-not-allowed"),
    };
    // A missing column is not in the file: its names are in the reason.
    if p.column.is_empty() || matches!(p.why, MissingColumn { .. }) {
        msg!(lang, "import-at-row", row = p.row, why = why)
    } else {
        msg!(
            lang,
            "import-at-cell",
            row = p.row,
            column = printable(&p.column),
            why = why
        )
    }
}

/// Why a file cannot be read as a table, in the language.
pub fn table_error(lang: Lang, e: &crate::office::table::TableError) -> String {
    use crate::office::table::TableError::*;
    match e {
        Empty => msg!(lang, "table-empty"),
        Encoding => msg!(lang, "table-encoding"),
        Csv { row, .. } => msg!(lang, "table-csv", row = *row),
        Xlsx(_) => msg!(lang, "table-xlsx"),
        TooLarge(_) => msg!(lang, "table-too-large"),
    }
}

/// What a refusal names ("applicant", "score sheet") in the language: the catalog's
/// `thing-` message, or the name as it is for one the catalog does not know.
fn thing(lang: Lang, what: &str) -> String {
    let id = format!("thing-{}", what.replace(' ', "-"));
    catalog::lookup(lang, &id).map_or_else(|| what.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{GroupPhase, Role, Stage};
    use crate::domain::{ScoreItemsProblem, SettingsProblem, Unready};
    use crate::service::Problem;

    /// One of every refusal. The match below has no wildcard: a new variant does not
    /// compile until it is listed here, and so reaches the test.
    fn every_refusal() -> Vec<Refusal> {
        use Refusal::*;
        let all = vec![
            OperatorOnly,
            RoleRequired(Role::Director),
            NotInGroup,
            Recused,
            WrongPhase(Phase::Committee(Stage::Groups)),
            WrongPhase(Phase::Group(GroupPhase::Voting)),
            SwitchClosed,
            SwitchOpen,
            SwitchNotOpenYet,
            SwitchAlreadyOpen,
            SwitchStillOpen,
            RoundOver,
            CheckInNotOpen,
            CheckInClosed,
            AlreadySubmitted,
            IncompleteDraft { missing: 2 },
            IncompleteSheet { item: "A".into() },
            ScoreOutOfRange {
                item: "A".into(),
                value: 120,
                max: 40,
            },
            QuorumNotMet {
                checked_in: 3,
                needed: 6,
                members: 9,
            },
            OpinionsMissing { missing: 1 },
            QuestionsMissing { missing: 1 },
            ScoresMissing { missing: 1 },
            LeadReviewersMissing { missing: 1 },
            NotLeadReviewer,
            TargetRecused,
            NotAGroupExpert,
            NotInThisMode("defense scoring"),
            NotInThisMode("interview questions"),
            TooManyQuestions { max: 10 },
            AlreadyVoted,
            EmptyText,
            TextTooLong { len: 300, max: 200 },
            QuestionsLocked,
            NoQuestionsYet,
            AccountRevoked,
            NotCheckedIn,
            AlreadyCheckedIn,
            NotInCommitteeStage,
            NotInRound,
            NotFound("applicant"),
            CommitteeClosed,
            BallotsMissing {
                missing: 2,
                voters: 7,
                quorum: 6,
            },
            ReasonNeeded,
            AlreadyRecused,
            AlreadyLead,
            ItemTwice,
            ScoreNegative,
            ScoreDigitsOnly { max: 40 },
            NotReady(Unready::NoGroups),
            NotReady(Unready::GroupLeaders {
                group: "G1".into(),
                leaders: 2,
            }),
            NotReady(Unready::NoApplicants),
            NotReady(Unready::ApplicantWithoutGroup("A1".into())),
            NotReady(Unready::NoRole(Role::Reporter)),
            NotReady(Unready::EvenMembers(10)),
            NotReady(Unready::NoScoreItems),
            BadSettings(SettingsProblem::Fraction {
                setting: "quorum",
                num: 3,
                den: 2,
            }),
            BadSettings(SettingsProblem::Fraction {
                setting: "group-pass",
                num: 3,
                den: 2,
            }),
            BadSettings(SettingsProblem::Fraction {
                setting: "committee-pass",
                num: 3,
                den: 2,
            }),
            BadSettings(SettingsProblem::TrimTooSmall),
            BadSettings(SettingsProblem::PassScoreOver100),
            BadScoreItems(ScoreItemsProblem::Count),
            BadScoreItems(ScoreItemsProblem::Item),
            BadScoreItems(ScoreItemsProblem::Total(90)),
        ];
        for r in &all {
            match r {
                OperatorOnly
                | RoleRequired(_)
                | NotInGroup
                | Recused
                | WrongPhase(_)
                | SwitchClosed
                | SwitchOpen
                | SwitchNotOpenYet
                | SwitchAlreadyOpen
                | SwitchStillOpen
                | RoundOver
                | CheckInClosed
                | CheckInNotOpen
                | AlreadySubmitted
                | IncompleteDraft { .. }
                | IncompleteSheet { .. }
                | ScoreOutOfRange { .. }
                | QuorumNotMet { .. }
                | OpinionsMissing { .. }
                | QuestionsMissing { .. }
                | ScoresMissing { .. }
                | LeadReviewersMissing { .. }
                | NotLeadReviewer
                | TargetRecused
                | NotAGroupExpert
                | NotInThisMode(_)
                | TooManyQuestions { .. }
                | NotReady(_)
                | AlreadyVoted
                | EmptyText
                | TextTooLong { .. }
                | QuestionsLocked
                | NoQuestionsYet
                | AccountRevoked
                | NotCheckedIn
                | AlreadyCheckedIn
                | NotInCommitteeStage
                | NotInRound
                | NotFound(_)
                | CommitteeClosed
                | BallotsMissing { .. }
                | ReasonNeeded
                | BadSettings(_)
                | BadScoreItems(_)
                | AlreadyRecused
                | AlreadyLead
                | ItemTwice
                | ScoreNegative
                | ScoreDigitsOnly { .. } => {}
            }
        }
        all
    }

    /// One of every office problem, listed the same way.
    fn every_problem() -> Vec<Problem> {
        use Problem::*;
        let all = vec![
            PasswordHash("x".into()),
            CannotCreate {
                path: "/srv/exports".into(),
                why: "Permission denied".into(),
            },
            CannotWrite {
                path: "/srv/exports/x.csv".into(),
                why: "Permission denied".into(),
            },
            NoneNamed {
                what: "expert",
                who: "E1".into(),
                committee_id: 1,
            },
            SeveralNamed {
                what: "applicant",
                who: "A1".into(),
            },
            AccountsEnded,
            NoExpertsYet,
            NotReportedYet,
            SetupClosed,
            CommitteeName,
            GroupName,
            NoGroup("E1".into()),
            NoRole("E1".into()),
            GroupElsewhere,
            OfficeName("X".into()),
            AccountExists("zhang".into()),
            NoOfficeAccount("zhang".into()),
            LastOfficeAccount("operator".into()),
            NoAccount("E1".into()),
            NoFont("no font".into()),
            CannotRead {
                path: "inbox".into(),
                why: "Permission denied".into(),
            },
            NoInboxFile("x.csv".into()),
            ImportTooLarge {
                name: "x.csv".into(),
                mib: 256,
            },
        ];
        for p in &all {
            match p {
                PasswordHash(_)
                | CannotCreate { .. }
                | CannotWrite { .. }
                | NoneNamed { .. }
                | SeveralNamed { .. }
                | AccountsEnded
                | NoExpertsYet
                | NotReportedYet
                | SetupClosed
                | CommitteeName
                | GroupName
                | NoGroup(_)
                | NoRole(_)
                | GroupElsewhere
                | OfficeName(_)
                | AccountExists(_)
                | NoOfficeAccount(_)
                | LastOfficeAccount(_)
                | NoAccount(_)
                | NoFont(_)
                | CannotRead { .. }
                | NoInboxFile(_)
                | ImportTooLarge { .. } => {}
            }
        }
        all
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every refusal and every office problem reads in both languages from the
    /// catalog: Chinese on a Chinese screen (the examples carry only ASCII names, so
    /// the Chinese must come from the catalog), no Chinese on an English one, never a
    /// message id or a placeholder (issue 18).
    #[test]
    fn every_refusal_and_service_error_reads_in_both_languages() {
        let texts: Vec<(String, String, String)> = every_refusal()
            .iter()
            .map(|r| (format!("{r:?}"), refusal(Lang::Zh, r), refusal(Lang::En, r)))
            .chain(
                every_problem()
                    .iter()
                    .map(|p| (format!("{p:?}"), problem(Lang::Zh, p), problem(Lang::En, p))),
            )
            .collect();
        assert!(texts.len() > 70, "{}", texts.len());
        for (what, zh, en) in &texts {
            assert!(has_cjk(zh), "{what} in Chinese: {zh}");
            assert!(!has_cjk(en), "{what} in English: {en}");
            // No system message (English) inside a Chinese sentence.
            assert!(!zh.contains("Permission denied"), "{what}: {zh}");
            for t in [zh, en] {
                assert!(
                    !t.contains('{') && !t.contains("refusal-") && !t.contains("thing-"),
                    "{what}: {t}"
                );
                assert!(!t.contains('?') || t.starts_with('?'), "{what}: {t}");
            }
        }
    }

    /// Every problem an import file can have, and every reason a file cannot be read,
    /// reads in both languages with its row and column.
    #[test]
    fn every_import_problem_reads_in_both_languages() {
        use crate::office::columns::{Problem as P, Why::*};
        use crate::office::table::TableError;
        let whys = vec![
            DuplicateColumn,
            MissingColumn {
                zh: "姓名", en: "name"
            },
            Empty,
            OnlyInvisible(0x200b),
            Invisible(0x202e),
            TooLong { len: 120, max: 100 },
            Control,
            Newline,
            DuplicateRow { first: 2 },
            NoDataRows,
            ExtraCells { cells: 5, headers: 4 },
            Gender("x".into()),
            Years("x".into()),
            UnknownRole("x".into()),
            GroupNeeded,
            GroupNotAllowed,
        ];
        for why in &whys {
            // No wildcard: a new reason does not compile until it is listed above.
            match why {
                DuplicateColumn | MissingColumn { .. } | Empty | OnlyInvisible(_) | Invisible(_) | TooLong { .. } => {}
                Control | Newline | DuplicateRow { .. } | NoDataRows | ExtraCells { .. } | Gender(_) => {}
                Years(_) | UnknownRole(_) | GroupNeeded | GroupNotAllowed => {}
            }
            for column in ["", "gender"] {
                let p = P {
                    row: 7,
                    column: column.into(),
                    why: why.clone(),
                };
                let (zh, en) = (import_problem(Lang::Zh, &p), import_problem(Lang::En, &p));
                assert!(has_cjk(&zh) && zh.contains('7'), "{why:?}: {zh}");
                assert!(!has_cjk(&en) && en.contains('7'), "{why:?}: {en}");
                let named = !column.is_empty() && !matches!(why, MissingColumn { .. });
                assert_eq!(zh.contains("gender"), named, "{zh}");
                assert!(!zh.contains('{') && !en.contains('{'), "{zh} / {en}");
            }
        }
        let errors = [
            TableError::Empty,
            TableError::Encoding,
            TableError::Csv {
                row: 3,
                why: "x".into(),
            },
            TableError::Xlsx("x".into()),
            TableError::TooLarge("x".into()),
        ];
        for e in &errors {
            let (zh, en) = (table_error(Lang::Zh, e), table_error(Lang::En, e));
            assert!(has_cjk(&zh), "{e:?}: {zh}");
            assert!(!has_cjk(&en), "{e:?}: {en}");
        }
    }

    /// Every name a refusal can carry (`NotFound("...")`, `NotInThisMode("...")`)
    /// has its `thing-` message: read from the code that makes them.
    #[test]
    fn every_thing_a_refusal_names_has_its_words() {
        let sources = [
            include_str!("../service/auth.rs"),
            include_str!("../service/screens.rs"),
            include_str!("../service/office.rs"),
            include_str!("../service/review.rs"),
            include_str!("../service/replay.rs"),
            include_str!("../service/setup.rs"),
            include_str!("../domain/gates/office.rs"),
            include_str!("../domain/gates/mod.rs"),
            include_str!("../domain/gates/groups.rs"),
            include_str!("../domain/gates/committee.rs"),
        ];
        let mut names = std::collections::BTreeSet::new();
        for s in sources {
            for pattern in ["NotFound(\"", "NotInThisMode(\"", "what: \""] {
                for rest in s.split(pattern).skip(1) {
                    names.insert(rest.split('"').next().unwrap().to_string());
                }
            }
        }
        // The office's lookups by name name these too.
        names.extend(["expert".to_string(), "applicant".to_string()]);
        assert!(names.len() >= 10, "{names:?}");
        for name in &names {
            for lang in [Lang::Zh, Lang::En] {
                let id = format!("thing-{}", name.replace(' ', "-"));
                assert!(catalog::lookup(lang, &id).is_some(), "no {id} in {lang:?}");
            }
        }
    }
}
