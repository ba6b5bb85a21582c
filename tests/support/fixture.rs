//! Committees built through the service for engine tests: groups of experts with
//! accounts, members, a director and a reporter, and applicants; plus helpers that
//! drive a committee through its stages.
#![allow(dead_code)]

use pingshen::domain::{Mode, Role};
use pingshen::service::setup::ExpertSpec;
use pingshen::service::{Identity, Service};
use pingshen::store::models::ApplicantRow;

pub const PASSWORD: &str = "pw";

pub struct GroupFx {
    pub id: i32,
    pub leader: Identity,
    /// Every expert of the group, the leader first.
    pub experts: Vec<Identity>,
    pub applicants: Vec<i32>,
}

pub struct Fixture {
    pub committee_id: i32,
    pub mode: Mode,
    pub groups: Vec<GroupFx>,
    pub director: Identity,
    pub reporter: Identity,
    /// Every committee member: the group experts, the director, the other members.
    pub members: Vec<Identity>,
    pub office: Identity,
}

pub struct Size {
    pub groups: usize,
    pub experts_per_group: usize,
    /// Members who are neither group experts nor the director.
    pub other_members: usize,
    pub applicants_per_group: usize,
}

impl Size {
    /// At least 2 groups of 7 experts, a committee of 25 members, 60 applicants.
    pub const REALISTIC: Size = Size {
        groups: 2,
        experts_per_group: 7,
        other_members: 10,
        applicants_per_group: 30,
    };
    pub const SMALL: Size = Size {
        groups: 2,
        experts_per_group: 3,
        other_members: 2,
        applicants_per_group: 2,
    };
}

fn person(
    service: &Service,
    committee_id: i32,
    user: String,
    group: Option<i32>,
    roles: Vec<Role>,
    employer: &str,
) -> Identity {
    service
        .add_expert(
            committee_id,
            &ExpertSpec {
                name: user.clone(),
                employer: employer.to_string(),
                specialty: String::new(),
                group_id: group,
                roles,
                account: Some((user.clone(), PASSWORD.to_string())),
            },
        )
        .expect("add expert");
    service
        .identity_by_username(&user)
        .expect("identity")
        .expect("account exists")
}

/// Builds a committee in setup (not started). Usernames are prefixed with `tag`.
pub fn build(service: &Service, tag: &str, mode: Mode, size: &Size) -> Fixture {
    let committee_id = service.create_committee(&format!("{tag} 评审委员会"), mode).unwrap();
    let mut members = Vec::new();
    let mut groups = Vec::new();
    for g in 0..size.groups {
        let gid = service.add_group(committee_id, &format!("第{}组", g + 1)).unwrap();
        let mut experts = Vec::new();
        for k in 0..size.experts_per_group {
            let roles = if k == 0 {
                vec![Role::Leader, Role::Expert, Role::Member]
            } else {
                vec![Role::Expert, Role::Member]
            };
            let who = person(
                service,
                committee_id,
                format!("{tag}-g{g}-e{k}"),
                Some(gid),
                roles,
                &format!("单位{g}-{k}"),
            );
            experts.push(who);
        }
        members.extend(experts.iter().cloned());
        let mut applicants = Vec::new();
        for i in 0..size.applicants_per_group {
            let id = service
                .add_applicant(&ApplicantRow {
                    committee_id,
                    group_id: Some(gid),
                    name: format!("参评人{g}-{i}"),
                    employer: format!("申报单位{i}"),
                    ..Default::default()
                })
                .unwrap();
            applicants.push(id);
        }
        groups.push(GroupFx {
            id: gid,
            leader: experts[0].clone(),
            experts,
            applicants,
        });
    }
    let director = person(
        service,
        committee_id,
        format!("{tag}-director"),
        None,
        vec![Role::Director, Role::Member],
        "主任单位",
    );
    members.push(director.clone());
    for m in 0..size.other_members {
        members.push(person(
            service,
            committee_id,
            format!("{tag}-m{m}"),
            None,
            vec![Role::Member],
            "评委单位",
        ));
    }
    let reporter = person(
        service,
        committee_id,
        format!("{tag}-reporter"),
        None,
        vec![Role::Reporter],
        "上报单位",
    );
    Fixture {
        committee_id,
        mode,
        groups,
        director,
        reporter,
        members,
        office: Identity::office(),
    }
}

impl Fixture {
    pub fn all_applicants(&self) -> Vec<i32> {
        self.groups.iter().flat_map(|g| g.applicants.iter().copied()).collect()
    }
}

use pingshen::domain::Choice;

/// Starts the review (the office ends setup).
pub fn start(service: &Service, fx: &Fixture) {
    service.start_review(&fx.office, fx.committee_id).expect("start review");
}

/// Every group's work up to the switch: lead reviewers (the expert after the leader),
/// opinions (mode 2), questions (mode 3), score sheets (`points(applicant, expert_index)`
/// per item), and draft votes from `choose(applicant, expert_index)`.
pub fn prepare_groups(
    service: &Service,
    fx: &Fixture,
    points: impl Fn(i32, usize) -> Vec<u32>,
    choose: impl Fn(i32, usize) -> Choice,
) {
    for g in &fx.groups {
        let lead = &g.experts[1 % g.experts.len()];
        for a in &g.applicants {
            service
                .assign_lead_reviewer(&g.leader, *a, lead.expert_id.unwrap())
                .expect("assign lead");
            if fx.mode.requires_opinions() {
                service
                    .write_opinion(lead, *a, "业绩突出，符合申报条件，建议通过。", Choice::Approve)
                    .expect("opinion");
            }
            if fx.mode.has_questions() {
                service
                    .add_question(lead, *a, "请介绍你主持的代表性项目。")
                    .expect("question");
            }
        }
        for (k, e) in g.experts.iter().enumerate() {
            for a in &g.applicants {
                if fx.mode.has_scoring() {
                    let items = service.score_items(fx.committee_id).unwrap();
                    let pts = points(*a, k);
                    let entries: Vec<(i32, u32)> = items.iter().map(|i| i.id).zip(pts).collect();
                    match service.save_score_sheet(e, *a, &entries, "") {
                        Ok(()) => service.submit_score_sheet(e, *a).map(|_| ()).expect("submit sheet"),
                        Err(err)
                            if matches!(
                                err.refusal(),
                                Some(pingshen::domain::Refusal::Recused | pingshen::domain::Refusal::AlreadySubmitted)
                            ) => {}
                        Err(err) => panic!("score sheet: {err}"),
                    }
                }
                match service.draft_group_vote(e, *a, choose(*a, k)) {
                    Ok(()) => {}
                    Err(err) if err.refusal() == Some(&pingshen::domain::Refusal::Recused) => {}
                    Err(err) => panic!("draft vote: {err}"),
                }
            }
        }
    }
}

/// Opens every group's switch, has every expert submit, closes, submits the results.
pub fn finish_groups(service: &Service, fx: &Fixture) {
    for g in &fx.groups {
        service
            .open_group_switch(&g.leader, g.id, false)
            .expect("open group switch");
        for e in &g.experts {
            service.submit_group_votes(e, g.id).expect("submit group votes");
        }
        service.close_group_switch(&g.leader, g.id).expect("close group switch");
        service.submit_group_result(&g.leader, g.id).expect("group result");
    }
}

/// The committee meeting: the first `attending` members check in, the switch opens,
/// each attending member (but those in `abstainers`, who never submit) drafts with
/// `choose(applicant, member_index)` and submits; the director closes the switch.
pub fn committee_meeting(
    service: &Service,
    fx: &Fixture,
    attending: usize,
    silent: &[usize],
    choose: impl Fn(i32, usize) -> Choice,
) {
    for m in &fx.members[..attending] {
        service.check_in(m, fx.committee_id).expect("check in");
    }
    service
        .open_committee_switch(&fx.director, fx.committee_id)
        .expect("open committee switch");
    let round = service.committee_round_applicants(fx.committee_id).unwrap();
    for (i, m) in fx.members[..attending].iter().enumerate() {
        if silent.contains(&i) {
            continue;
        }
        for a in &round {
            match service.draft_committee_vote(m, *a, choose(*a, i)) {
                Ok(()) => {}
                Err(err) if err.refusal() == Some(&pingshen::domain::Refusal::Recused) => {}
                Err(err) => panic!("committee draft: {err}"),
            }
        }
        service
            .submit_committee_votes(m, fx.committee_id)
            .expect("submit ballot");
    }
    service
        .close_committee_switch(&fx.director, fx.committee_id)
        .expect("close committee switch");
}

/// Runs a small committee from setup to the report with everyone approving.
pub fn run_to_report(service: &Service, fx: &Fixture) {
    start(service, fx);
    prepare_groups(service, fx, |_, _| vec![35, 25, 25], |_, _| Choice::Approve);
    finish_groups(service, fx);
    committee_meeting(service, fx, fx.members.len(), &[], |_, _| Choice::Approve);
    service.report(&fx.reporter, fx.committee_id).expect("report");
}

/// The scene of the client tests, in the first group of `tag`'s committee: the third
/// expert (`e2`) leads every applicant, and the leader and `e2` have drafted approvals
/// on all of them, so that only `e1` is left. Returns the leader, `e1`, the committee
/// and the group.
pub fn others_drafted(service: &Service, tag: &str) -> (Identity, Identity, i32, i32) {
    let who = |u: String| service.identity_by_username(&u).unwrap().unwrap();
    let (leader, e1, e2) = (
        who(format!("{tag}-g0-e0")),
        who(format!("{tag}-g0-e1")),
        who(format!("{tag}-g0-e2")),
    );
    let cid = leader.committee_id.unwrap();
    let group = service.groups(cid).unwrap()[0].id;
    for line in service.applicant_lines(&leader, cid).unwrap() {
        service
            .assign_lead_reviewer(&leader, line.id, e2.expert_id.unwrap())
            .unwrap();
        for x in [&leader, &e2] {
            service.draft_vote(x, line.id, Choice::Approve).unwrap();
        }
    }
    (leader, e1, cid, group)
}
