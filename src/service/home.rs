//! The home screen's data: the committees an account acts in, their stage, and what
//! is waiting for this account there.

use crate::store::Db;

use super::review::{committee_round_applicants, load_committee};
use super::{Identity, Result, Service, ServiceError};
use crate::domain::{GroupPhase, Mode, Role, Stage};
use crate::store::models::{CommitteeRow, ExpertRow, GroupRow};
use crate::store::queries as q;
use crate::store::review as rq;

/// Something waiting for the account in a committee, with how much is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Todo {
    /// The office has not finished setting the committee up.
    AwaitSetup,
    AssignLeadReviewers {
        applicants: i64,
    },
    WriteOpinions {
        applicants: i64,
    },
    WriteInterviewQuestions {
        applicants: i64,
    },
    ScoreLectures {
        applicants: i64,
    },
    ScoreInterviews {
        applicants: i64,
    },
    DraftGroupVotes {
        applicants: i64,
    },
    SubmitGroupVotes {
        applicants: i64,
    },
    /// Leader: experts who have not yet submitted while the switch is open.
    AwaitGroupVotes {
        experts: i64,
    },
    DeliberateGroup {
        applicants: i64,
    },
    /// The own group is done; other groups still work.
    AwaitOtherGroups,
    CheckIn,
    DraftCommitteeVotes {
        applicants: i64,
    },
    SubmitCommitteeVotes {
        applicants: i64,
    },
    Report,
    /// Drafted everything; the leader opens the switch.
    AwaitGroupSwitch,
    /// The leader, when nothing else is owed: the switch is next.
    OpenGroupSwitch,
    /// Submitted; the leader closes the switch.
    AwaitGroupClose,
    /// The leader, once every ballot is in.
    CloseGroupSwitch,
    /// A group expert during deliberation.
    AwaitGroupResult,
    /// A member without a group, while the groups work.
    AwaitCheckIn,
    /// Checked in and drafted; the director opens.
    AwaitCommitteeSwitch,
    /// Voted; the director closes.
    AwaitCommitteeClose,
    /// Not checked in when the switch opened.
    MissedCheckIn,
    /// The director before the vote.
    OpenCommitteeSwitch,
    /// The director during the vote.
    CloseCommitteeSwitch,
    /// Anyone else once the vote is over, or the reporter before it.
    AwaitReport,
    /// Nothing for this account at this stage.
    Nothing,
}

/// One committee as the home screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeCard {
    pub committee_id: i32,
    pub name: String,
    pub mode: Mode,
    pub stage: Stage,
    /// This account's roles in the committee (empty for the operator).
    pub roles: Vec<Role>,
    pub group: Option<String>,
    pub group_id: Option<i32>,
    /// Where the account's own group stands, while the groups work.
    pub group_phase: Option<GroupPhase>,
    pub groups: i64,
    pub experts: i64,
    pub applicants: i64,
    pub todos: Vec<Todo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeView {
    pub cards: Vec<CommitteeCard>,
    /// `Service::changes_so_far` when the read began.
    pub as_of: u64,
}

impl Service {
    pub fn home(&self, who: &Identity) -> Result<HomeView> {
        let as_of = self.changes_so_far();
        let mut conn = self.store.conn()?;
        let committees: Vec<CommitteeRow> = match who.committee_id {
            Some(cid) => q::committee_by_id(&mut conn, cid)?.into_iter().collect(),
            None if who.is_operator => q::all_committees(&mut conn)?,
            None => Vec::new(),
        };
        let expert = match who.expert_id {
            Some(eid) => q::expert_by_id(&mut conn, eid)?,
            None => None,
        };
        let mut cards = Vec::with_capacity(committees.len());
        for c in committees {
            let mode: Mode = c.mode.parse()?;
            let stage: Stage = c.stage.parse()?;
            let group = match expert.as_ref().and_then(|e| e.group_id) {
                Some(gid) => q::group_by_id(&mut conn, gid)?,
                None => None,
            };
            let todos = match &expert {
                Some(e) => todos(&mut conn, &c, mode, stage, e, &who.roles, group.as_ref())?,
                None => Vec::new(),
            };
            cards.push(CommitteeCard {
                committee_id: c.id,
                name: c.name,
                mode,
                stage,
                roles: who.roles.clone(),
                group_phase: group
                    .as_ref()
                    .filter(|_| stage == Stage::Groups)
                    .and_then(|g| GroupPhase::parse(&g.phase)),
                group_id: group.as_ref().map(|g| g.id),
                group: group.map(|g| g.name),
                groups: q::groups_of_committee(&mut conn, c.id)?.len() as i64,
                experts: q::expert_count(&mut conn, c.id)?,
                applicants: q::applicant_count(&mut conn, c.id, None)?,
                todos,
            });
        }
        Ok(HomeView { cards, as_of })
    }
}

/// What is left for an expert's roles at this point of the review.
fn todos(
    conn: &mut Db,
    c: &CommitteeRow,
    mode: Mode,
    stage: Stage,
    me: &ExpertRow,
    roles: &[Role],
    group: Option<&GroupRow>,
) -> Result<Vec<Todo>> {
    let has = |r: Role| roles.contains(&r);
    let mut todos = Vec::new();
    match stage {
        Stage::Setup => todos.push(Todo::AwaitSetup),
        Stage::Groups => {
            if let Some(g) = group.filter(|_| has(Role::Expert) || has(Role::Leader)) {
                group_todos(conn, mode, me, has(Role::Leader), g, &mut todos)?;
            } else if has(Role::Member) || has(Role::Director) {
                todos.push(Todo::AwaitCheckIn);
            } else if has(Role::Reporter) {
                todos.push(Todo::AwaitReport);
            }
        }
        Stage::CommitteeReview | Stage::CommitteeVoting if has(Role::Member) || has(Role::Director) => {
            let checked_in = rq::checked_in(conn, c.id)?.contains(&me.id);
            let voted = checked_in && rq::has_voted(conn, c.id, me.id, c.round)?;
            if !checked_in {
                todos.push(if stage == Stage::CommitteeReview {
                    Todo::CheckIn
                } else {
                    Todo::MissedCheckIn
                });
            } else if voted {
                if stage == Stage::CommitteeVoting && !has(Role::Director) {
                    todos.push(Todo::AwaitCommitteeClose);
                }
            } else {
                let committee = load_committee(conn, c.id).map_err(ServiceError::from)?;
                let in_round = committee_round_applicants(conn, &committee).map_err(ServiceError::from)?;
                let ids: Vec<i32> = in_round.iter().map(|a| a.id).collect();
                let recused = rq::recusals_for(conn, &ids)?;
                let round: Vec<i32> = ids.into_iter().filter(|a| !recused.contains(&(me.id, *a))).collect();
                let drafted = rq::committee_drafts_of(conn, me.id, c.round)?;
                let undrafted = round.iter().filter(|a| !drafted.iter().any(|(d, _)| d == *a)).count() as i64;
                if undrafted > 0 {
                    todos.push(Todo::DraftCommitteeVotes { applicants: undrafted });
                }
                if stage == Stage::CommitteeVoting {
                    todos.push(Todo::SubmitCommitteeVotes {
                        applicants: round.len() as i64,
                    });
                } else if undrafted == 0 && !has(Role::Director) {
                    todos.push(Todo::AwaitCommitteeSwitch);
                }
            }
            // The director's own step comes last: opening, then closing the switch.
            if has(Role::Director) {
                todos.push(if stage == Stage::CommitteeReview {
                    Todo::OpenCommitteeSwitch
                } else {
                    Todo::CloseCommitteeSwitch
                });
            }
        }
        Stage::CommitteeReview | Stage::CommitteeVoting if has(Role::Reporter) => todos.push(Todo::AwaitReport),
        Stage::Report if has(Role::Reporter) => todos.push(Todo::Report),
        Stage::Report => todos.push(Todo::AwaitReport),
        _ => {}
    }
    if todos.is_empty() {
        todos.push(Todo::Nothing);
    }
    Ok(todos)
}

fn group_todos(
    conn: &mut Db,
    mode: Mode,
    me: &ExpertRow,
    leader: bool,
    g: &GroupRow,
    todos: &mut Vec<Todo>,
) -> Result<()> {
    let phase = GroupPhase::parse(&g.phase).unwrap_or(GroupPhase::Review);
    let applicants: Vec<i32> = q::applicants_of(conn, g.committee_id, Some(g.id))?
        .into_iter()
        .filter(|a| a.group_round == g.round)
        .map(|a| a.id)
        .collect();
    let recused = rq::recusals_for(conn, &applicants)?;
    let mine: Vec<i32> = applicants
        .iter()
        .copied()
        .filter(|a| !recused.contains(&(me.id, *a)))
        .collect();
    let pairs: Vec<(i32, i32)> = applicants.iter().map(|a| (*a, g.round)).collect();
    let my_votes = rq::group_votes_of_expert(conn, me.id, &pairs)?;
    let count = |n: usize| n as i64;
    match phase {
        GroupPhase::Review => {
            let leads = rq::lead_reviewers_of(conn, &applicants)?;
            if leader {
                let without = applicants
                    .iter()
                    .filter(|a| !leads.iter().any(|l| l.applicant_id == **a))
                    .count();
                if without > 0 {
                    todos.push(Todo::AssignLeadReviewers {
                        applicants: count(without),
                    });
                }
            }
            let my_leads: Vec<_> = leads.iter().filter(|l| l.expert_id == me.id).collect();
            if mode.requires_opinions() {
                let n = my_leads
                    .iter()
                    .filter(|l| l.opinion.is_empty() || l.recommendation.is_none())
                    .count();
                if n > 0 {
                    todos.push(Todo::WriteOpinions { applicants: count(n) });
                }
            }
            if mode.has_questions() {
                let mut n = 0;
                for l in &my_leads {
                    if rq::questions_of(conn, l.applicant_id)?.is_empty() {
                        n += 1;
                    }
                }
                if n > 0 {
                    todos.push(Todo::WriteInterviewQuestions { applicants: n });
                }
            }
            if mode.has_scoring() {
                let sheets = rq::submitted_totals(conn, &mine)?;
                let n = mine
                    .iter()
                    .filter(|a| !sheets.iter().any(|(x, e, _)| x == *a && *e == me.id))
                    .count();
                if n > 0 {
                    todos.push(match mode {
                        Mode::Lecture => Todo::ScoreLectures { applicants: count(n) },
                        _ => Todo::ScoreInterviews { applicants: count(n) },
                    });
                }
            }
            let undrafted = mine
                .iter()
                .filter(|a| !my_votes.iter().any(|v| v.applicant_id == **a))
                .count();
            if undrafted > 0 {
                todos.push(Todo::DraftGroupVotes {
                    applicants: count(undrafted),
                });
            }
            // Nothing owed any more: what comes next, and who does it.
            if todos.is_empty() {
                todos.push(if leader {
                    Todo::OpenGroupSwitch
                } else {
                    Todo::AwaitGroupSwitch
                });
            }
        }
        GroupPhase::Voting => {
            if !my_votes.iter().any(|v| v.submitted_at.is_some()) {
                todos.push(Todo::SubmitGroupVotes {
                    applicants: count(mine.len()),
                });
            }
            if leader {
                // Only the leader reads the whole group's votes.
                let votes = rq::group_votes_on(conn, &pairs)?;
                let experts = rq::group_expert_ids(conn, g.id)?;
                let pending = experts
                    .iter()
                    .filter(|e| !votes.iter().any(|v| v.expert_id == **e && v.submitted_at.is_some()))
                    .count();
                if pending > 0 {
                    todos.push(Todo::AwaitGroupVotes {
                        experts: count(pending),
                    });
                } else {
                    todos.push(Todo::CloseGroupSwitch);
                }
            } else if todos.is_empty() {
                todos.push(Todo::AwaitGroupClose);
            }
        }
        GroupPhase::Deliberation if leader => todos.push(Todo::DeliberateGroup {
            applicants: count(applicants.len()),
        }),
        GroupPhase::Deliberation => todos.push(Todo::AwaitGroupResult),
        GroupPhase::Done => todos.push(Todo::AwaitOtherGroups),
    }
    Ok(())
}
