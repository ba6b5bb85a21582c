//! The professional groups' actions: lead reviewers, opinions, questions, score
//! sheets, draft votes and submissions, the leader's switch, result and re-vote. Each
//! loads its facts, asks its gate (`domain::gates::groups`), writes and audits, like the
//! rest of `service::review`.

use super::*;

impl Service {
    // ------------------------------------------------------------ the groups

    /// The leader assigns a lead reviewer (主审专家) to an applicant of the group.
    pub fn assign_lead_reviewer(&self, who: &Identity, applicant_id: i32, expert_id: i32) -> R<()> {
        self.act(who, Action::LeadAssign, |c, actor| {
            let (a, facts) = group_applicant(c, actor, applicant_id)?;
            let choice = gates::LeadChoice {
                in_group: match a.group_id {
                    Some(g) => rq::group_expert_ids(c, g)?.contains(&expert_id),
                    None => false,
                },
                recused: rq::is_recused(c, expert_id, applicant_id)?,
                already_lead: rq::is_lead(c, applicant_id, expert_id)?,
            };
            gates::assign_lead(actor, &facts, &choice)?;
            rq::insert_lead(c, applicant_id, expert_id)?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "expert": expert_id }),
            )
        })
    }

    pub fn unassign_lead_reviewer(&self, who: &Identity, applicant_id: i32, expert_id: i32) -> R<()> {
        self.act(who, Action::LeadUnassign, |c, actor| {
            let (a, facts) = group_applicant(c, actor, applicant_id)?;
            let is_lead = rq::is_lead(c, applicant_id, expert_id)?;
            gates::unassign_lead(actor, &facts, is_lead)?;
            rq::delete_lead(c, applicant_id, expert_id)?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "expert": expert_id }),
            )
        })
    }

    /// The lead reviewer writes the review opinion and the recommended vote.
    pub fn write_opinion(&self, who: &Identity, applicant_id: i32, text: &str, recommendation: Choice) -> R<()> {
        self.act(who, Action::LeadOpinion, |c, actor| {
            let (a, facts) = lead_applicant(c, actor, applicant_id)?;
            let text = gates::write_opinion(actor, &facts, text)?;
            let e = actor.someone()?.id;
            rq::set_opinion(c, applicant_id, e, &text, recommendation.as_str(), &now())?;
            done(
                a.committee_id,
                json!({ "applicant": applicant_id, "recommendation": recommendation.as_str(), "chars": text.chars().count() }),
            )
        })
    }

    /// The lead reviewer adds an interview question (mode 3); returns its id.
    pub fn add_question(&self, who: &Identity, applicant_id: i32, text: &str) -> R<i32> {
        self.act(who, Action::QuestionAdd, |c, actor| {
            let (a, text) = question_gate(c, actor, applicant_id, gates::QuestionEdit::Add(text))?;
            let e = actor.someone()?.id;
            let id = rq::insert_question(c, applicant_id, e, &text.unwrap_or_default())?;
            Ok(Done {
                committee_id: a.committee_id,
                detail: json!({ "applicant": applicant_id, "question": id }),
                value: id,
            })
        })
    }

    pub fn edit_question(&self, who: &Identity, question_id: i32, text: &str) -> R<()> {
        self.act(who, Action::QuestionEdit, |c, actor| {
            let qn = rq::question_by_id(c, question_id)?.ok_or(Refusal::NotFound("question"))?;
            let (a, text) = question_gate(c, actor, qn.applicant_id, gates::QuestionEdit::Edit(text))?;
            rq::update_question(c, question_id, &text.unwrap_or_default())?;
            done(a.committee_id, json!({ "applicant": a.id, "question": question_id }))
        })
    }

    pub fn delete_question(&self, who: &Identity, question_id: i32) -> R<()> {
        self.act(who, Action::QuestionDelete, |c, actor| {
            let qn = rq::question_by_id(c, question_id)?.ok_or(Refusal::NotFound("question"))?;
            let (a, _) = question_gate(c, actor, qn.applicant_id, gates::QuestionEdit::Delete)?;
            rq::delete_question(c, question_id)?;
            done(a.committee_id, json!({ "applicant": a.id, "question": question_id }))
        })
    }

    /// Saves a draft score sheet; items may be left empty until it is submitted.
    pub fn save_score_sheet(&self, who: &Identity, applicant_id: i32, points: &[(i32, u32)], comment: &str) -> R<()> {
        self.act(who, Action::ScoreSave, |c, actor| {
            let s = scoring(c, actor, applicant_id)?;
            let e = gates::save_sheet(actor, &s.facts, &s.sheet, &s.items, points, comment)?.id;
            let entries: Vec<(i32, i32)> = points.iter().map(|(i, v)| (*i, *v as i32)).collect();
            rq::save_sheet(c, applicant_id, e, &entries, comment.trim())?;
            done(s.applicant.committee_id, json!({ "applicant": applicant_id }))
        })
    }

    /// Submits a complete score sheet; it is final.
    pub fn submit_score_sheet(&self, who: &Identity, applicant_id: i32) -> R<u32> {
        self.act(who, Action::ScoreSubmit, |c, actor| {
            let s = scoring(c, actor, applicant_id)?;
            let entries = match &s.row {
                Some(row) => rq::sheet_entries(c, row.id)?,
                None => Vec::new(),
            };
            let scored: Vec<i32> = entries.iter().map(|(id, _)| *id).collect();
            let e = gates::submit_sheet(actor, &s.facts, &s.sheet, &s.items, &scored)?.id;
            let Some(sheet) = s.row else {
                return Err(Refusal::NotFound("score sheet").into());
            };
            let total: i32 = entries.iter().map(|(_, p)| p).sum();
            rq::submit_sheet(c, sheet.id, &now())?;
            let scores: Vec<Value> = entries.iter().map(|(i, p)| json!([i, p])).collect();
            Ok(Done {
                committee_id: s.applicant.committee_id,
                detail: json!({ "applicant": applicant_id, "expert": e, "total": total, "items": scores }),
                value: total.max(0) as u32,
            })
        })
    }

    /// A group expert's draft vote (拟投票) on an applicant; changeable until submitted.
    pub fn draft_group_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        self.act(who, Action::GroupVoteDraft, |c, actor| {
            let (a, facts) = group_applicant(c, actor, applicant_id)?;
            let round = facts.group_round;
            let submitted = match actor.person {
                Some(p) => rq::group_vote(c, applicant_id, p.id, round)?.is_some_and(|v| v.submitted_at.is_some()),
                None => false,
            };
            let e = gates::draft_group_vote(actor, &facts, submitted)?.id;
            rq::save_group_draft(c, applicant_id, e, round, choice.as_str())?;
            // Drafts are working notes: the audit entry records that one was saved.
            done(a.committee_id, json!({ "applicant": applicant_id, "round": round }))
        })
    }

    /// A group expert submits all votes of the round; they are final.
    pub fn submit_group_votes(&self, who: &Identity, group_id: i32) -> R<usize> {
        self.act(who, Action::GroupVoteSubmit, |c, actor| {
            let g = q::group_by_id(c, group_id)?;
            let state = group_state(c, g.as_ref())?;
            let mut pairs: Vec<(i32, i32)> = Vec::new();
            let mut votes = Vec::new();
            if let (Some(g), Some(p)) = (&g, actor.person) {
                let applicants = group_round_applicants(c, g)?;
                let recused = recused_pairs(c, &applicants)?;
                pairs = applicants
                    .iter()
                    .filter(|a| !recused.contains(&(p.id, a.id)))
                    .map(|a| (a.id, g.round))
                    .collect();
                votes = rq::group_votes_on(c, &pairs)?
                    .into_iter()
                    .filter(|v| v.expert_id == p.id)
                    .collect();
            }
            let mine = gates::MyGroupVotes {
                owed: pairs.len(),
                drafted: votes.len(),
                submitted: votes.iter().any(|v| v.submitted_at.is_some()),
            };
            let e = gates::submit_group_votes(actor, group_id, state, &mine)?.id;
            let g = g.ok_or(Refusal::NotFound("group"))?;
            rq::submit_group_votes(c, e, &pairs, &now())?;
            let list: Vec<Value> = votes.iter().map(|v| json!([v.applicant_id, v.choice])).collect();
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": g.round, "expert": e, "votes": list }),
                value: votes.len(),
            })
        })
    }

    /// The leader opens the group's vote switch (小组数据操作). In scoring modes every
    /// sheet must be in, unless the leader overrides (recorded); in mode 2 every
    /// applicant needs the lead reviewer's opinion and recommendation.
    pub fn open_group_switch(&self, who: &Identity, group_id: i32, override_scoring: bool) -> R<()> {
        self.act(who, Action::GroupSwitchOpen, |c, actor| {
            let g = q::group_by_id(c, group_id)?;
            let state = group_state(c, g.as_ref())?;
            let gaps = match &g {
                // Read only for the group's own leader: nobody else learns its gaps.
                Some(g) if actor.leader_of(group_id).is_ok() => {
                    let committee = load_committee(c, g.committee_id)?;
                    let ids: Vec<i32> = group_round_applicants(c, g)?.iter().map(|a| a.id).collect();
                    switch_gaps(c, &committee, group_id, &ids)?
                }
                _ => SwitchGaps::default(),
            };
            let scores_missing = gates::open_group_switch(actor, group_id, state, &gaps, override_scoring)?;
            let g = g.ok_or(Refusal::NotFound("group"))?;
            rq::set_group_phase(c, group_id, GroupPhase::Voting.as_str())?;
            done(
                g.committee_id,
                json!({ "group": group_id, "round": g.round, "override": override_scoring && scores_missing > 0, "scores_missing": scores_missing }),
            )
        })
    }

    /// The leader closes the switch; unsubmitted votes are missing from now on.
    pub fn close_group_switch(&self, who: &Identity, group_id: i32) -> R<()> {
        self.act(who, Action::GroupSwitchClose, |c, actor| {
            let g = leader_step(c, actor, group_id, GroupPhase::Voting)?;
            rq::set_group_phase(c, group_id, GroupPhase::Deliberation.as_str())?;
            done(g.committee_id, json!({ "group": group_id, "round": g.round }))
        })
    }

    /// Group deliberation (专业组评议): the leader submits the group's result, computed by
    /// the committee's rule. When every group is done, the committee meeting begins.
    pub fn submit_group_result(&self, who: &Identity, group_id: i32) -> R<Vec<GroupResultRow>> {
        self.act(who, Action::GroupResult, |c, actor| {
            let g = leader_step(c, actor, group_id, GroupPhase::Deliberation)?;
            let committee = load_committee(c, g.committee_id)?;
            // Every applicant of the group, each at its own round: after a re-vote the
            // others keep the votes of the round they were decided in.
            let applicants = q::applicants_of(c, g.committee_id, Some(group_id))?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            let experts = rq::group_expert_ids(c, group_id)?;
            let recused = rq::recusals_for(c, &ids)?;
            let pairs: Vec<(i32, i32)> = applicants.iter().map(|a| (a.id, a.group_round)).collect();
            let votes = rq::group_votes_on(c, &pairs)?;
            let totals = rq::submitted_totals(c, &ids)?;
            let at = now();
            let mut rows = Vec::new();
            let mut detail = Vec::new();
            for (a, round) in &pairs {
                let eligible: Vec<i32> = experts
                    .iter()
                    .copied()
                    .filter(|e| !recused.contains(&(*e, *a)))
                    .collect();
                let tally = Tally::of(
                    votes
                        .iter()
                        .filter(|v| v.applicant_id == *a && v.submitted_at.is_some() && eligible.contains(&v.expert_id))
                        .filter_map(|v| Choice::parse(&v.choice)),
                );
                let outcome = Outcome::decide(tally, eligible.len() as u32, committee.settings.group_pass);
                let score = if committee.mode.has_scoring() {
                    // Only sheets of experts eligible for this applicant count.
                    applicant_score(&totals, *a, |e| eligible.contains(&e), committee.settings.trim_from)
                } else {
                    None
                };
                let passed = committee
                    .settings
                    .group_passed(&outcome, committee.mode.has_scoring(), score);
                detail.push(json!({
                    "applicant": a, "round": round, "approve": tally.approve, "reject": tally.reject,
                    "abstain": tally.abstain, "base": outcome.base, "needed": outcome.needed,
                    "score_centi": score.map(|s| s.centi), "passed": passed,
                }));
                rows.push(GroupResultRow {
                    applicant_id: *a,
                    round: *round,
                    approve: tally.approve as i32,
                    reject: tally.reject as i32,
                    abstain: tally.abstain as i32,
                    base: outcome.base as i32,
                    needed: outcome.needed as i32,
                    passed,
                    decided_at: at.clone(),
                });
            }
            for r in &rows {
                rq::save_group_result(c, r)?;
            }
            rq::set_group_phase(c, group_id, GroupPhase::Done.as_str())?;
            let all_done = q::groups_of_committee(c, g.committee_id)?
                .iter()
                .all(|x| x.id == group_id || x.phase == GroupPhase::Done.as_str());
            let stage = if all_done {
                q::set_committee_stage(c, g.committee_id, Stage::CommitteeReview.as_str())?;
                Some(Stage::CommitteeReview.as_str())
            } else {
                None
            };
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": g.round, "results": detail, "stage": stage }),
                value: rows,
            })
        })
    }

    /// A re-vote (复议) in the group: a new round for some applicants, switch open again;
    /// the leader's reason goes into the record.
    pub fn open_group_revote(&self, who: &Identity, group_id: i32, applicant_ids: &[i32], reason: &str) -> R<i32> {
        self.act(who, Action::GroupRevote, |c, actor| {
            let g = q::group_by_id(c, group_id)?;
            let state = group_state(c, g.as_ref())?;
            let current: Vec<i32> = match &g {
                Some(g) => group_round_applicants(c, g)?.iter().map(|a| a.id).collect(),
                None => Vec::new(),
            };
            let reason = gates::group_revote(actor, group_id, state, applicant_ids, &current, reason)?;
            let g = g.ok_or(Refusal::NotFound("group"))?;
            let round = g.round + 1;
            rq::set_group_round(c, group_id, round)?;
            rq::set_applicant_group_round(c, applicant_ids, round)?;
            rq::set_group_phase(c, group_id, GroupPhase::Voting.as_str())?;
            Ok(Done {
                committee_id: g.committee_id,
                detail: json!({ "group": group_id, "round": round, "applicants": applicant_ids, "reason": reason }),
                value: round,
            })
        })
    }
}
