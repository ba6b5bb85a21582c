//! The home screen's to-dos, and stored moments in the installation's time zone, in
//! the user's language (re-exported by `text`).

use super::catalog::msg;
use super::text::{T, tr};
use crate::domain::Lang;
use crate::service::Todo;

pub fn todo_text(lang: Lang, todo: &Todo) -> String {
    use Todo::*;
    match *todo {
        AwaitSetup => tr(lang, T::TodoAwaitSetup).to_string(),
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
        AwaitOtherGroups => tr(lang, T::TodoAwaitOtherGroups).to_string(),
        CheckIn => tr(lang, T::TodoCheckIn).to_string(),
        DraftCommitteeVotes { applicants } => msg!(lang, "todo-draft-committee-votes", applicants = applicants),
        SubmitCommitteeVotes { applicants } => {
            msg!(lang, "todo-submit-committee-votes", applicants = applicants)
        }
        Report => tr(lang, T::TodoReport).to_string(),
        AwaitGroupSwitch => tr(lang, T::TodoAwaitGroupSwitch).to_string(),
        OpenGroupSwitch => tr(lang, T::TodoOpenGroupSwitch).to_string(),
        AwaitGroupClose => tr(lang, T::TodoAwaitGroupClose).to_string(),
        CloseGroupSwitch => tr(lang, T::TodoCloseGroupSwitch).to_string(),
        AwaitGroupResult => tr(lang, T::TodoAwaitGroupResult).to_string(),
        AwaitCheckIn => tr(lang, T::TodoAwaitCheckIn).to_string(),
        AwaitCommitteeSwitch => tr(lang, T::TodoAwaitCommitteeSwitch).to_string(),
        AwaitCommitteeClose => tr(lang, T::TodoAwaitCommitteeClose).to_string(),
        MissedCheckIn => tr(lang, T::TodoMissedCheckIn).to_string(),
        OpenCommitteeSwitch => tr(lang, T::TodoOpenCommitteeSwitch).to_string(),
        CloseCommitteeSwitch => tr(lang, T::TodoCloseCommitteeSwitch).to_string(),
        AwaitReport => tr(lang, T::TodoAwaitReport).to_string(),
        Nothing => tr(lang, T::TodoNothing).to_string(),
    }
}

/// A stored moment (`2026-11-27T01:02:03.456Z`, UTC) in the installation's zone (the
/// `timezone` setting) as the language writes it: "11月27日 09:02:03", "27 Nov
/// 09:02:03". Text that is not such a moment is shown as it is. A screen that shows
/// times says once which zone they are in ([`times_in`]).
pub fn date_time(lang: Lang, stored: &str) -> String {
    date_time_in(lang, crate::domain::clock::zone(), stored)
}

/// [`date_time`] in a given zone.
pub fn date_time_in(lang: Lang, zone: &crate::domain::clock::Zone, stored: &str) -> String {
    match zone.local(stored) {
        Some(z) => msg!(
            lang,
            "date-time",
            month = i64::from(z.month()),
            day = i64::from(z.day()),
            time = z.strftime("%H:%M:%S").to_string()
        ),
        None => stored.to_string(),
    }
}

/// "时间为 Asia/Shanghai, UTC+08:00": the zone of the times on a screen.
pub fn times_in(lang: Lang) -> String {
    msg!(lang, "times-in", zone = crate::domain::clock::zone().label())
}
