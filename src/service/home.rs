//! The home screen's data: the committees an account acts in, their stage, and what
//! is waiting for this account there.

use super::{Identity, Result, Service, ServiceError};
use crate::domain::{Mode, Role, Stage};
use crate::store::models::{ApplicantRow, CommitteeRow};
use crate::store::queries as q;

/// Something waiting for the account in a committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Todo {
    AssignLeadReviewers {
        applicants: i64,
    },
    ScoreLectures {
        applicants: i64,
    },
    WriteInterviewQuestions {
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
    DeliberateGroup {
        applicants: i64,
    },
    CheckInAndDraft {
        applicants: i64,
    },
    SubmitCommitteeVotes {
        applicants: i64,
    },
    Report,
    /// The office has not finished setting the committee up.
    AwaitSetup,
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
    pub groups: i64,
    pub experts: i64,
    pub applicants: i64,
    pub todos: Vec<Todo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeView {
    pub cards: Vec<CommitteeCard>,
}

/// An applicant as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantLine {
    pub id: i32,
    pub name: String,
    pub employer: String,
    pub applied_title: String,
    pub specialty: String,
    pub group: String,
}

impl Service {
    pub fn home(&self, who: &Identity) -> Result<HomeView> {
        let mut conn = self.store.conn()?;
        let committees: Vec<CommitteeRow> = match who.committee_id {
            Some(cid) => q::committee_by_id(&mut conn, cid)?.into_iter().collect(),
            None if who.is_operator => q::all_committees(&mut conn)?,
            None => Vec::new(),
        };
        let my_group = match who.expert_id {
            Some(eid) => q::expert_by_id(&mut conn, eid)?.and_then(|e| e.group_id),
            None => None,
        };
        let mut cards = Vec::with_capacity(committees.len());
        for c in committees {
            let mode: Mode = c.mode.parse()?;
            let stage: Stage = c.stage.parse()?;
            let group = match my_group {
                Some(gid) => q::group_by_id(&mut conn, gid)?.map(|g| g.name),
                None => None,
            };
            let in_my_group = match my_group {
                Some(gid) => q::applicant_count(&mut conn, c.id, Some(gid))?,
                None => 0,
            };
            let all = q::applicant_count(&mut conn, c.id, None)?;
            let todos = todos_for(&who.roles, stage, in_my_group, all);
            cards.push(CommitteeCard {
                committee_id: c.id,
                name: c.name,
                mode,
                stage,
                roles: who.roles.clone(),
                group,
                groups: q::groups_of_committee(&mut conn, c.id)?.len() as i64,
                experts: q::expert_count(&mut conn, c.id)?,
                applicants: all,
                todos,
            });
        }
        Ok(HomeView { cards })
    }

    /// The applicants this account may see in a committee: its own group for group
    /// experts, everyone for committee roles and the operator.
    pub fn applicant_lines(&self, who: &Identity, committee_id: i32) -> Result<Vec<ApplicantLine>> {
        if !who.is_operator && who.committee_id != Some(committee_id) {
            return Err(ServiceError::NotFound("committee"));
        }
        let mut conn = self.store.conn()?;
        let committee = q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let stage: Stage = committee.stage.parse()?;
        // While the groups work, a group expert sees the own group's applicants, even one
        // who is also a committee member; the committee stages show everyone.
        let in_a_group = who.roles.iter().any(|r| r.is_group_role());
        let committee_wide = who.is_operator || !in_a_group || !stage.is_group_stage();
        let group_filter = if committee_wide {
            None
        } else {
            match who.expert_id {
                Some(eid) => q::expert_by_id(&mut conn, eid)?.and_then(|e| e.group_id),
                None => None,
            }
        };
        let groups = q::groups_of_committee(&mut conn, committee_id)?;
        let rows: Vec<ApplicantRow> = q::applicants_of(&mut conn, committee_id, group_filter)?;
        Ok(rows
            .into_iter()
            .map(|a| ApplicantLine {
                group: a
                    .group_id
                    .and_then(|g| groups.iter().find(|x| x.id == g))
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                id: a.id,
                name: a.name,
                employer: a.employer,
                applied_title: a.applied_title,
                specialty: a.specialty,
            })
            .collect())
    }
}

/// What the roles of an account have to do at a stage. Counts are of the applicants the
/// account works on; they become "still to do" counts once votes and scores are recorded.
fn todos_for(roles: &[Role], stage: Stage, group_applicants: i64, all_applicants: i64) -> Vec<Todo> {
    let has = |r: Role| roles.contains(&r);
    let group_expert = has(Role::Expert) || has(Role::Leader);
    let member = has(Role::Member) || has(Role::Director);
    let mut todos = Vec::new();
    match stage {
        Stage::Setup => todos.push(Todo::AwaitSetup),
        Stage::LectureScoring if group_expert => todos.push(Todo::ScoreLectures {
            applicants: group_applicants,
        }),
        Stage::InterviewQuestions if group_expert => todos.push(Todo::WriteInterviewQuestions {
            applicants: group_applicants,
        }),
        Stage::InterviewScoring if group_expert => todos.push(Todo::ScoreInterviews {
            applicants: group_applicants,
        }),
        Stage::GroupReview => {
            if has(Role::Leader) {
                todos.push(Todo::AssignLeadReviewers {
                    applicants: group_applicants,
                });
            }
            if group_expert {
                todos.push(Todo::DraftGroupVotes {
                    applicants: group_applicants,
                });
            }
        }
        Stage::GroupVoting if group_expert => todos.push(Todo::SubmitGroupVotes {
            applicants: group_applicants,
        }),
        Stage::GroupDeliberation if has(Role::Leader) => todos.push(Todo::DeliberateGroup {
            applicants: group_applicants,
        }),
        Stage::CommitteeReview if member => todos.push(Todo::CheckInAndDraft {
            applicants: all_applicants,
        }),
        Stage::CommitteeVoting if member => todos.push(Todo::SubmitCommitteeVotes {
            applicants: all_applicants,
        }),
        Stage::Report if has(Role::Reporter) => todos.push(Todo::Report),
        _ => {}
    }
    if todos.is_empty() {
        todos.push(Todo::Nothing);
    }
    todos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leader_in_group_review_assigns_and_drafts() {
        let t = todos_for(&[Role::Leader, Role::Expert, Role::Member], Stage::GroupReview, 8, 16);
        assert_eq!(
            t,
            vec![
                Todo::AssignLeadReviewers { applicants: 8 },
                Todo::DraftGroupVotes { applicants: 8 }
            ]
        );
    }

    #[test]
    fn reporter_waits_until_report_stage() {
        assert_eq!(
            todos_for(&[Role::Reporter], Stage::GroupReview, 0, 16),
            vec![Todo::Nothing]
        );
        assert_eq!(todos_for(&[Role::Reporter], Stage::Report, 0, 16), vec![Todo::Report]);
    }

    #[test]
    fn members_act_in_committee_stages() {
        assert_eq!(
            todos_for(&[Role::Member], Stage::CommitteeReview, 0, 16),
            vec![Todo::CheckInAndDraft { applicants: 16 }]
        );
        assert_eq!(todos_for(&[Role::Member], Stage::Setup, 0, 16), vec![Todo::AwaitSetup]);
    }
}
