//! The records the office's files are made of: issued accounts, results, the meeting
//! record. The file formats own them; the service fills them in.

use crate::domain::action::Action;
use crate::domain::{GroupScore, Mode, Role};

/// A freshly issued account, as the credential slip shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedAccount {
    pub name: String,
    pub roles: Vec<Role>,
    pub group: String,
    pub username: String,
    pub password: String,
}

/// One applicant's outcome, as the results export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLine {
    pub name: String,
    pub employer: String,
    pub applied_title: String,
    pub group: String,
    pub score: Option<GroupScore>,
    /// (approve, reject, abstain, base, needed, passed) of the group vote.
    pub group_vote: Option<(i32, i32, i32, i32, i32, bool)>,
    /// The group's experts recused from this applicant (the group base is the group's
    /// experts less these).
    pub group_recused: i32,
    /// The defense pass score the group result also needed (modes 2 and 3), if set.
    pub pass_score: Option<u32>,
    /// (approve, reject, abstain, attending, needed, passed) of the committee vote.
    pub committee_vote: Option<(i32, i32, i32, i32, i32, bool)>,
    /// The committee vote's base: the members attending less those recused from this
    /// applicant (the denominator of the pass rule).
    pub committee_base: Option<i32>,
    /// The committee round whose vote counts (the latest).
    pub committee_round: Option<i32>,
    pub passed: bool,
    /// So that the office can match people: the specialty, the current title and the
    /// ID number with its middle masked.
    pub specialty: String,
    pub current_title: String,
    pub id_number_masked: String,
}

/// The meeting record (评审会议记录): what happened when, from the audit log, with who
/// attended and the tallies (never who voted what).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    pub committee: String,
    pub mode: Mode,
    pub members: usize,
    /// Each step of the review: time, what (an audit action), who, and the group or
    /// round it concerns.
    pub steps: Vec<RecordStep>,
    /// Members who checked in, with the time.
    pub attendance: Vec<(String, String)>,
    /// Members who did not check in (absent from the committee meeting), by name.
    pub absent: Vec<String>,
    /// Whether the committee meeting has begun (before it, nobody is absent).
    pub meeting_begun: bool,
    /// Recusals: who, from whom, why ("employer", "office" or "declared").
    pub recusals: Vec<(String, String, String)>,
    pub results: Vec<ResultLine>,
    /// The audit log's last entry when the record was written (number and hash), so
    /// that a printed record can be checked against `pingshen audit verify`.
    pub audit_head: Option<(i32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordStep {
    pub at: String,
    pub action: Action,
    pub who: String,
    /// The group's name, for group steps.
    pub group: Option<String>,
    pub round: Option<i64>,
    /// A committee close with ballots missing: how many, the director's reason, and
    /// whether the round was void (`domain::ballot`).
    pub missing: Option<i64>,
    pub reason: Option<String>,
    pub void: bool,
    /// A re-vote: the applicants of the new round, by name.
    pub applicants: Vec<String>,
}
