//! The committee meeting's actions: check-in, the secret ballot's drafts and
//! submissions, the director's switch and re-vote, the report. Each loads its facts,
//! asks its gate (`domain::gates::committee`), writes and audits, like the rest of
//! `service::review`.

use super::*;

impl Service {
    // ------------------------------------------------------------ the committee

    /// A member checks in for the committee meeting (签到).
    pub fn check_in(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, Action::CommitteeCheckin, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            let already = match actor.person {
                Some(p) => rq::checked_in(c, committee_id)?.contains(&p.id),
                None => false,
            };
            let e = gates::check_in(actor, committee_id, committee.stage, already)?.id;
            rq::insert_checkin(c, committee_id, e, &now())?;
            done(committee_id, json!({ "expert": e }))
        })
    }

    /// A member's draft vote (大评委拟投票) on an applicant who passed the groups.
    pub fn draft_committee_vote(&self, who: &Identity, applicant_id: i32, choice: Choice) -> R<()> {
        self.act(who, Action::CommitteeVoteDraft, |c, actor| {
            let a = load_applicant(c, applicant_id)?;
            let committee = load_committee(c, a.committee_id)?;
            let round = committee.row.round;
            let facts = match actor.person {
                Some(p) if p.committee_id == a.committee_id => gates::CommitteeApplicant {
                    committee_id: a.committee_id,
                    stage: committee.stage,
                    checked_in: rq::checked_in(c, committee.row.id)?.contains(&p.id),
                    before_committee: committee_applicants(c, &committee)?
                        .iter()
                        .any(|x| x.id == applicant_id),
                    in_round: a.committee_round == round,
                    recused: rq::is_recused(c, p.id, applicant_id)?,
                    voted: rq::has_voted(c, committee.row.id, p.id, round)?,
                },
                // Another committee's applicant: nothing of it is read.
                _ => gates::CommitteeApplicant {
                    committee_id: a.committee_id,
                    stage: committee.stage,
                    checked_in: false,
                    before_committee: false,
                    in_round: false,
                    recused: false,
                    voted: false,
                },
            };
            let e = gates::draft_committee_vote(actor, &facts)?.id;
            rq::save_committee_draft(c, applicant_id, e, round, choice.as_str())?;
            done(committee.row.id, json!({ "applicant": applicant_id, "round": round }))
        })
    }

    /// A member submits the ballot (确定): counted without any trace of the voter.
    pub fn submit_committee_votes(&self, who: &Identity, committee_id: i32) -> R<usize> {
        self.act(who, Action::CommitteeVoteSubmit, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            let round = committee.row.round;
            let mut ballot = Vec::new();
            let mut facts = gates::MyBallot {
                checked_in: false,
                voted: false,
                owed: 0,
                drafted: 0,
            };
            if let Some(p) = actor.person.filter(|p| p.committee_id == committee_id) {
                let e = p.id;
                let applicants = committee_round_applicants(c, &committee)?;
                let recused = recused_pairs(c, &applicants)?;
                let drafts = rq::committee_drafts_of(c, e, round)?;
                for a in applicants.iter().filter(|a| !recused.contains(&(e, a.id))) {
                    facts.owed += 1;
                    if let Some((_, choice)) = drafts.iter().find(|(id, _)| *id == a.id) {
                        ballot.push((a.id, choice.clone()));
                    }
                }
                facts.drafted = ballot.len();
                facts.checked_in = rq::checked_in(c, committee_id)?.contains(&e);
                facts.voted = rq::has_voted(c, committee_id, e, round)?;
            }
            let e = gates::submit_committee_votes(actor, committee_id, committee.stage, &facts)?.id;
            rq::insert_voter(c, committee_id, e, round)?;
            for (a, choice) in &ballot {
                rq::count_ballot(c, *a, round, choice)?;
            }
            rq::delete_committee_drafts(c, e, round)?;
            // Who voted, never what: the choices are only in the counters.
            Ok(Done {
                committee_id,
                detail: json!({ "round": round, "expert": e, "ballots": ballot.len() }),
                value: ballot.len(),
            })
        })
    }

    /// The director opens the committee switch (评委会数据操作) once the quorum is met.
    pub fn open_committee_switch(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, Action::CommitteeSwitchOpen, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            let members = rq::member_ids(c, committee_id)?.len() as u32;
            let checked_in = rq::checked_in(c, committee_id)?.len() as u32;
            gates::open_committee_switch(
                actor,
                committee_id,
                committee.stage,
                &committee.settings,
                checked_in,
                members,
            )?;
            let applicants = committee_round_applicants(c, &committee)?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            rq::open_tallies(c, &ids, committee.row.round)?;
            q::set_committee_stage(c, committee_id, Stage::CommitteeVoting.as_str())?;
            done(
                committee_id,
                json!({ "round": committee.row.round, "members": members, "attending": checked_in, "applicants": ids }),
            )
        })
    }

    /// The director closes the switch once every member present has voted; the round's
    /// results are decided. With missing ballots it is refused
    /// (`Refusal::BallotsMissing`): see `close_committee_switch_with_reason`.
    pub fn close_committee_switch(&self, who: &Identity, committee_id: i32) -> R<Vec<CommitteeResultRow>> {
        match self.close_committee(who, committee_id, None)? {
            RoundClosed::Decided(rows) => Ok(rows),
            // The gate decides a round without a reason only when nobody is missing.
            RoundClosed::Void { .. } => Err(Refusal::ReasonNeeded.into()),
        }
    }

    /// The director closes the switch with a typed reason although ballots are missing
    /// (`domain::ballot`): decided when the ballots in reach the quorum (the missing
    /// ones count as not approving), void below it (no tally is kept; the meeting goes
    /// back to check-in for a new round).
    pub fn close_committee_switch_with_reason(
        &self,
        who: &Identity,
        committee_id: i32,
        reason: &str,
    ) -> R<RoundClosed> {
        let reason = gates::text(reason, MAX_REASON)?;
        self.close_committee(who, committee_id, Some(&reason))
    }

    fn close_committee(&self, who: &Identity, committee_id: i32, reason: Option<&str>) -> R<RoundClosed> {
        self.act(who, Action::CommitteeSwitchClose, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            // Nothing of the round is read for anyone but the director of this committee.
            gates::chair(
                actor,
                Role::Director,
                committee_id,
                committee.stage,
                Stage::CommitteeVoting,
            )?;
            let round = committee.row.round;
            let applicants = committee_round_applicants(c, &committee)?;
            let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
            let attending = rq::checked_in(c, committee_id)?;
            let recused = rq::recusals_for(c, &ids)?;
            let voter_ids = rq::voters_in_round(c, committee_id, round)?;
            let voters = voter_ids.len();
            let members = rq::member_ids(c, committee_id)?.len() as u32;
            let missing = ballot::missing_ballots(&attending, &voter_ids, |m| {
                ids.iter().any(|a| !recused.contains(&(m, *a)))
            });
            let ballots = ballot::BallotsIn {
                missing,
                voters: voters as u32,
                quorum_needed: committee.settings.quorum.needed(members),
            };
            let close = gates::close_committee_switch(actor, committee_id, committee.stage, ballots, reason.is_some())?;
            if close == RoundClose::Void {
                // No tally of this round may ever be seen: the counters go, and the
                // round's applicants move to a new round that opens from check-in.
                let next = round + 1;
                rq::delete_tallies(c, committee_id, round)?;
                rq::move_committee_drafts(c, committee_id, round, next)?;
                rq::set_committee_round(c, committee_id, next)?;
                rq::set_applicant_committee_round(c, &ids, next)?;
                q::set_committee_stage(c, committee_id, Stage::CommitteeReview.as_str())?;
                return Ok(Done {
                    committee_id,
                    detail: json!({
                        "round": round, "void": true, "next_round": next, "attending": attending.len(),
                        "voters": voters, "missing": missing, "reason": reason,
                        "stage": Stage::CommitteeReview.as_str(),
                    }),
                    value: RoundClosed::Void { round: next },
                });
            }
            let counted = rq::tallies(c, &ids, round)?;
            let at = now();
            let mut rows = Vec::new();
            let mut detail = Vec::new();
            for a in &ids {
                let base = attending.iter().filter(|e| !recused.contains(&(**e, *a))).count() as u32;
                let (ap, re, ab) = counted
                    .iter()
                    .find(|t| t.0 == *a)
                    .map(|t| (t.1, t.2, t.3))
                    .unwrap_or_default();
                let tally = Tally {
                    approve: ap.max(0) as u32,
                    reject: re.max(0) as u32,
                    abstain: ab.max(0) as u32,
                };
                let o = Outcome::decide(tally, base, committee.settings.committee_pass);
                detail.push(json!({
                    "applicant": a, "approve": tally.approve, "reject": tally.reject, "abstain": tally.abstain,
                    "base": base, "needed": o.needed, "passed": o.passed,
                }));
                rows.push(CommitteeResultRow {
                    applicant_id: *a,
                    round,
                    approve: ap,
                    reject: re,
                    abstain: ab,
                    attending: attending.len() as i32,
                    base: base as i32,
                    needed: o.needed as i32,
                    passed: o.passed,
                    decided_at: at.clone(),
                });
            }
            for r in &rows {
                rq::save_committee_result(c, r)?;
            }
            // The drafts of members who never submitted go: the secret ballot keeps no
            // choice next to a name once the round is decided.
            let drafts_deleted = rq::delete_round_drafts(c, committee_id, round)?;
            q::set_committee_stage(c, committee_id, Stage::Report.as_str())?;
            let mut detail = json!({
                "round": round, "attending": attending.len(), "voters": voters, "results": detail,
                "drafts_deleted": drafts_deleted, "stage": Stage::Report.as_str(),
            });
            if close == RoundClose::Overridden {
                detail["missing"] = json!(missing);
                detail["override"] = json!(reason);
            }
            Ok(Done {
                committee_id,
                detail,
                value: RoundClosed::Decided(rows),
            })
        })
    }

    /// A re-vote (复议) in the committee: a new, recorded round for some applicants, with
    /// the director's reason.
    pub fn open_committee_revote(
        &self,
        who: &Identity,
        committee_id: i32,
        applicant_ids: &[i32],
        reason: &str,
    ) -> R<i32> {
        self.act(who, Action::CommitteeRevote, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            gates::chair(actor, Role::Director, committee_id, committee.stage, Stage::Report)?;
            let current: Vec<i32> = committee_round_applicants(c, &committee)?
                .iter()
                .map(|a| a.id)
                .collect();
            let reason =
                gates::committee_revote(actor, committee_id, committee.stage, applicant_ids, &current, reason)?;
            let round = committee.row.round + 1;
            rq::set_committee_round(c, committee_id, round)?;
            rq::set_applicant_committee_round(c, applicant_ids, round)?;
            rq::open_tallies(c, applicant_ids, round)?;
            q::set_committee_stage(c, committee_id, Stage::CommitteeVoting.as_str())?;
            Ok(Done {
                committee_id,
                detail: json!({
                    "round": round, "applicants": applicant_ids, "reason": reason,
                    "stage": Stage::CommitteeVoting.as_str(),
                }),
                value: round,
            })
        })
    }

    /// The reporter reports the results to the office (上报); the review ends and the
    /// committee's accounts stop working.
    pub fn report(&self, who: &Identity, committee_id: i32) -> R<()> {
        self.act(who, Action::CommitteeReport, |c, actor| {
            let committee = load_committee(c, committee_id)?;
            gates::report(actor, committee_id, committee.stage)?;
            let at = now();
            rq::set_reported(c, committee_id, &at)?;
            q::set_committee_stage(c, committee_id, Stage::Reported.as_str())?;
            done(committee_id, json!({ "stage": Stage::Reported.as_str() }))
        })
    }
}
