//! Queries of the review workflow: recusals, lead reviewers, questions, score sheets,
//! votes, check-in, ballots and results. Callers own the transaction.

use super::db::per_backend;
use crate::store::Db;
use diesel::prelude::*;

use super::StoreError;
use super::models::*;
use super::schema::*;

type Result<T> = std::result::Result<T, StoreError>;

// ---- committee and group state ----

#[allow(clippy::too_many_arguments)]
pub fn update_settings(
    conn: &mut Db,
    committee_id: i32,
    group_pass: (i32, i32, bool),
    committee_pass: (i32, i32, bool),
    quorum: (i32, i32),
    group_fail_stops: bool,
    trim_from: Option<i32>,
    pass_score: Option<i32>,
) -> Result<()> {
    diesel::update(committees::table.find(committee_id))
        .set((
            committees::group_pass_num.eq(group_pass.0),
            committees::group_pass_den.eq(group_pass.1),
            committees::group_pass_strict.eq(group_pass.2),
            committees::committee_pass_num.eq(committee_pass.0),
            committees::committee_pass_den.eq(committee_pass.1),
            committees::committee_pass_strict.eq(committee_pass.2),
            committees::quorum_num.eq(quorum.0),
            committees::quorum_den.eq(quorum.1),
            committees::group_fail_stops.eq(group_fail_stops),
            committees::trim_from.eq(trim_from),
            committees::pass_score.eq(pass_score),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_committee_round(conn: &mut Db, committee_id: i32, round: i32) -> Result<()> {
    diesel::update(committees::table.find(committee_id))
        .set(committees::round.eq(round))
        .execute(conn)?;
    Ok(())
}

pub fn set_reported(conn: &mut Db, committee_id: i32, at: &str) -> Result<()> {
    diesel::update(committees::table.find(committee_id))
        .set(committees::reported_at.eq(at))
        .execute(conn)?;
    Ok(())
}

pub fn set_group_phase(conn: &mut Db, group_id: i32, phase: &str) -> Result<()> {
    diesel::update(review_groups::table.find(group_id))
        .set(review_groups::phase.eq(phase))
        .execute(conn)?;
    Ok(())
}

pub fn set_group_round(conn: &mut Db, group_id: i32, round: i32) -> Result<()> {
    diesel::update(review_groups::table.find(group_id))
        .set(review_groups::round.eq(round))
        .execute(conn)?;
    Ok(())
}

// ---- people ----

/// The experts of a group: those placed in it with the role leader or expert.
pub fn group_expert_ids(conn: &mut Db, group_id: i32) -> Result<Vec<i32>> {
    let mut ids: Vec<i32> = experts::table
        .inner_join(expert_roles::table)
        .filter(experts::group_id.eq(group_id))
        .filter(expert_roles::role.eq_any(["leader", "expert"]))
        .select(experts::id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The committee's members: those with the role member or director.
pub fn member_ids(conn: &mut Db, committee_id: i32) -> Result<Vec<i32>> {
    let mut ids: Vec<i32> = experts::table
        .inner_join(expert_roles::table)
        .filter(experts::committee_id.eq(committee_id))
        .filter(expert_roles::role.eq_any(["member", "director"]))
        .select(experts::id)
        .load(conn)?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

// ---- applicants ----

pub fn applicant_by_id(conn: &mut Db, id: i32) -> Result<Option<ApplicantRow>> {
    Ok(applicants::table
        .find(id)
        .select(ApplicantRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn set_applicant_group_round(conn: &mut Db, ids: &[i32], round: i32) -> Result<()> {
    super::chunked(ids, |ids| {
        diesel::update(applicants::table.filter(applicants::id.eq_any(ids)))
            .set(applicants::group_round.eq(round))
            .execute(conn)
            .map(|_| Vec::<()>::new())
    })?;
    Ok(())
}

pub fn set_applicant_committee_round(conn: &mut Db, ids: &[i32], round: i32) -> Result<()> {
    super::chunked(ids, |ids| {
        diesel::update(applicants::table.filter(applicants::id.eq_any(ids)))
            .set(applicants::committee_round.eq(round))
            .execute(conn)
            .map(|_| Vec::<()>::new())
    })?;
    Ok(())
}

// ---- recusals ----

pub fn is_recused(conn: &mut Db, expert_id: i32, applicant_id: i32) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(recusals::table.find((expert_id, applicant_id)))).get_result(conn)?)
}

/// (expert, applicant) pairs of recusals touching these applicants.
pub fn recusals_for(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<(i32, i32)>> {
    Ok(super::chunked(applicant_ids, |ids| {
        recusals::table
            .filter(recusals::applicant_id.eq_any(ids))
            .select((recusals::expert_id, recusals::applicant_id))
            .load(conn)
    })?)
}

/// Recusals touching these applicants with their reasons: (expert, applicant, reason).
pub fn recusals_with_reasons(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<(i32, i32, String)>> {
    let mut rows: Vec<(i32, i32, String)> = super::chunked(applicant_ids, |ids| {
        recusals::table
            .filter(recusals::applicant_id.eq_any(ids))
            .select((recusals::expert_id, recusals::applicant_id, recusals::reason))
            .load(conn)
    })?;
    rows.sort_by_key(|(e, a, _)| (*a, *e));
    Ok(rows)
}

pub fn insert_recusal(conn: &mut Db, expert_id: i32, applicant_id: i32, reason: &str) -> Result<bool> {
    let n = per_backend!(&mut *conn, |c| diesel::insert_into(recusals::table)
        .values((
            recusals::expert_id.eq(expert_id),
            recusals::applicant_id.eq(applicant_id),
            recusals::reason.eq(reason),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

/// Whether the office lifted this pair's same-employer recusal.
pub fn is_exempt(conn: &mut Db, expert_id: i32, applicant_id: i32) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        recusal_exemptions::table.find((expert_id, applicant_id)),
    ))
    .get_result(conn)?)
}

/// Records (or, with `exempt` false, forgets) that the office lifted a recusal.
pub fn set_exempt(conn: &mut Db, expert_id: i32, applicant_id: i32, exempt: bool) -> Result<()> {
    if exempt {
        per_backend!(&mut *conn, |c| diesel::insert_into(recusal_exemptions::table)
            .values((
                recusal_exemptions::expert_id.eq(expert_id),
                recusal_exemptions::applicant_id.eq(applicant_id),
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
    } else {
        diesel::delete(recusal_exemptions::table.find((expert_id, applicant_id))).execute(conn)?;
    }
    Ok(())
}

pub fn delete_recusal(conn: &mut Db, expert_id: i32, applicant_id: i32) -> Result<bool> {
    Ok(diesel::delete(recusals::table.find((expert_id, applicant_id))).execute(conn)? == 1)
}

/// Removes an expert's unsubmitted work on an applicant (group vote drafts, a draft
/// score sheet, committee drafts).
pub fn delete_drafts_on(conn: &mut Db, applicant_id: i32, expert_id: i32) -> Result<()> {
    diesel::delete(
        group_votes::table
            .filter(group_votes::applicant_id.eq(applicant_id))
            .filter(group_votes::expert_id.eq(expert_id))
            .filter(group_votes::submitted_at.is_null()),
    )
    .execute(conn)?;
    diesel::delete(
        score_sheets::table
            .filter(score_sheets::applicant_id.eq(applicant_id))
            .filter(score_sheets::expert_id.eq(expert_id))
            .filter(score_sheets::submitted_at.is_null()),
    )
    .execute(conn)?;
    diesel::delete(
        committee_drafts::table
            .filter(committee_drafts::applicant_id.eq(applicant_id))
            .filter(committee_drafts::expert_id.eq(expert_id)),
    )
    .execute(conn)?;
    Ok(())
}

// ---- lead reviewers, opinions, questions ----

pub fn lead_reviewers_of(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<LeadReviewerRow>> {
    let mut rows: Vec<LeadReviewerRow> = super::chunked(applicant_ids, |ids| {
        lead_reviewers::table
            .filter(lead_reviewers::applicant_id.eq_any(ids))
            .select(LeadReviewerRow::as_select())
            .load(conn)
    })?;
    rows.sort_by_key(|r| (r.applicant_id, r.expert_id));
    Ok(rows)
}

pub fn is_lead(conn: &mut Db, applicant_id: i32, expert_id: i32) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        lead_reviewers::table.find((applicant_id, expert_id)),
    ))
    .get_result(conn)?)
}

pub fn insert_lead(conn: &mut Db, applicant_id: i32, expert_id: i32) -> Result<bool> {
    let n = per_backend!(&mut *conn, |c| diesel::insert_into(lead_reviewers::table)
        .values((
            lead_reviewers::applicant_id.eq(applicant_id),
            lead_reviewers::expert_id.eq(expert_id),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

pub fn delete_lead(conn: &mut Db, applicant_id: i32, expert_id: i32) -> Result<bool> {
    Ok(diesel::delete(lead_reviewers::table.find((applicant_id, expert_id))).execute(conn)? == 1)
}

pub fn set_opinion(
    conn: &mut Db,
    applicant_id: i32,
    expert_id: i32,
    opinion: &str,
    recommendation: &str,
    at: &str,
) -> Result<()> {
    diesel::update(lead_reviewers::table.find((applicant_id, expert_id)))
        .set((
            lead_reviewers::opinion.eq(opinion),
            lead_reviewers::recommendation.eq(recommendation),
            lead_reviewers::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn questions_of(conn: &mut Db, applicant_id: i32) -> Result<Vec<QuestionRow>> {
    Ok(interview_questions::table
        .filter(interview_questions::applicant_id.eq(applicant_id))
        .order(interview_questions::id)
        .select(QuestionRow::as_select())
        .load(conn)?)
}

/// Which of these applicants have at least one interview question.
pub fn applicants_with_questions(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<i32>> {
    Ok(interview_questions::table
        .filter(interview_questions::applicant_id.eq_any(applicant_ids))
        .select(interview_questions::applicant_id)
        .distinct()
        .load(conn)?)
}

pub fn question_by_id(conn: &mut Db, id: i32) -> Result<Option<QuestionRow>> {
    Ok(interview_questions::table
        .find(id)
        .select(QuestionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_question(conn: &mut Db, applicant_id: i32, expert_id: i32, text: &str) -> Result<i32> {
    Ok(diesel::insert_into(interview_questions::table)
        .values((
            interview_questions::applicant_id.eq(applicant_id),
            interview_questions::expert_id.eq(expert_id),
            interview_questions::text.eq(text),
            interview_questions::updated_at.eq(super::now()),
        ))
        .returning(interview_questions::id)
        .get_result(conn)?)
}

pub fn update_question(conn: &mut Db, id: i32, text: &str) -> Result<()> {
    diesel::update(interview_questions::table.find(id))
        .set((
            interview_questions::text.eq(text),
            interview_questions::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete_question(conn: &mut Db, id: i32) -> Result<()> {
    diesel::delete(interview_questions::table.find(id)).execute(conn)?;
    Ok(())
}

// ---- score sheets ----

pub fn score_items_of(conn: &mut Db, committee_id: i32) -> Result<Vec<ScoreItemRow>> {
    Ok(score_items::table
        .filter(score_items::committee_id.eq(committee_id))
        .order(score_items::position)
        .select(ScoreItemRow::as_select())
        .load(conn)?)
}

pub fn replace_score_items(conn: &mut Db, committee_id: i32, items: &[(String, i32)]) -> Result<()> {
    diesel::delete(score_items::table.filter(score_items::committee_id.eq(committee_id))).execute(conn)?;
    for (i, (name, max)) in items.iter().enumerate() {
        diesel::insert_into(score_items::table)
            .values((
                score_items::committee_id.eq(committee_id),
                score_items::position.eq(i as i32 + 1),
                score_items::name.eq(name),
                score_items::max_points.eq(max),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn sheet_of(conn: &mut Db, applicant_id: i32, expert_id: i32) -> Result<Option<ScoreSheetRow>> {
    Ok(score_sheets::table
        .filter(score_sheets::applicant_id.eq(applicant_id))
        .filter(score_sheets::expert_id.eq(expert_id))
        .select(ScoreSheetRow::as_select())
        .first(conn)
        .optional()?)
}

/// Creates or updates a draft sheet with its entries; returns the sheet id.
pub fn save_sheet(
    conn: &mut Db,
    applicant_id: i32,
    expert_id: i32,
    entries: &[(i32, i32)],
    comment: &str,
) -> Result<i32> {
    let id = match sheet_of(conn, applicant_id, expert_id)? {
        Some(s) => {
            diesel::update(score_sheets::table.find(s.id))
                .set(score_sheets::comment.eq(comment))
                .execute(conn)?;
            s.id
        }
        None => diesel::insert_into(score_sheets::table)
            .values((
                score_sheets::applicant_id.eq(applicant_id),
                score_sheets::expert_id.eq(expert_id),
                score_sheets::comment.eq(comment),
            ))
            .returning(score_sheets::id)
            .get_result(conn)?,
    };
    diesel::delete(score_entries::table.filter(score_entries::sheet_id.eq(id))).execute(conn)?;
    for (item, points) in entries {
        diesel::insert_into(score_entries::table)
            .values((
                score_entries::sheet_id.eq(id),
                score_entries::item_id.eq(item),
                score_entries::points.eq(points),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

pub fn sheet_entries(conn: &mut Db, sheet_id: i32) -> Result<Vec<(i32, i32)>> {
    Ok(score_entries::table
        .filter(score_entries::sheet_id.eq(sheet_id))
        .select((score_entries::item_id, score_entries::points))
        .load(conn)?)
}

pub fn submit_sheet(conn: &mut Db, sheet_id: i32, at: &str) -> Result<()> {
    diesel::update(score_sheets::table.find(sheet_id))
        .set(score_sheets::submitted_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// One expert's sheets (drafts too) on these applicants: (applicant, submitted, total
/// points so far).
pub fn expert_sheets(conn: &mut Db, expert_id: i32, applicant_ids: &[i32]) -> Result<Vec<(i32, bool, i64)>> {
    let sheets: Vec<(i32, i32, Option<String>)> = super::chunked(applicant_ids, |ids| {
        score_sheets::table
            .filter(score_sheets::expert_id.eq(expert_id))
            .filter(score_sheets::applicant_id.eq_any(ids))
            .select((score_sheets::id, score_sheets::applicant_id, score_sheets::submitted_at))
            .load(conn)
    })?;
    let mut out = Vec::with_capacity(sheets.len());
    for (id, applicant, submitted_at) in sheets {
        let total: i64 = sheet_entries(conn, id)?.iter().map(|(_, p)| i64::from(*p)).sum();
        out.push((applicant, submitted_at.is_some(), total));
    }
    Ok(out)
}

/// Submitted sheets of these applicants: (applicant, expert, total points).
pub fn submitted_totals(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<(i32, i32, i64)>> {
    let rows: Vec<(i32, i32, i32)> = super::chunked(applicant_ids, |ids| {
        score_sheets::table
            .inner_join(score_entries::table)
            .filter(score_sheets::applicant_id.eq_any(ids))
            .filter(score_sheets::submitted_at.is_not_null())
            .select((
                score_sheets::applicant_id,
                score_sheets::expert_id,
                score_entries::points,
            ))
            .load(conn)
    })?;
    let mut totals: Vec<(i32, i32, i64)> = Vec::new();
    for (a, e, p) in rows {
        match totals.iter_mut().find(|(x, y, _)| *x == a && *y == e) {
            Some(t) => t.2 += i64::from(p),
            None => totals.push((a, e, i64::from(p))),
        }
    }
    Ok(totals)
}

// ---- group votes and results ----

pub fn group_vote(conn: &mut Db, applicant_id: i32, expert_id: i32, round: i32) -> Result<Option<GroupVoteRow>> {
    Ok(group_votes::table
        .find((applicant_id, expert_id, round))
        .select(GroupVoteRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn save_group_draft(conn: &mut Db, applicant_id: i32, expert_id: i32, round: i32, choice: &str) -> Result<()> {
    per_backend!(&mut *conn, |c| diesel::insert_into(group_votes::table)
        .values((
            group_votes::applicant_id.eq(applicant_id),
            group_votes::expert_id.eq(expert_id),
            group_votes::round.eq(round),
            group_votes::choice.eq(choice),
        ))
        .on_conflict((group_votes::applicant_id, group_votes::expert_id, group_votes::round))
        .do_update()
        .set(group_votes::choice.eq(choice))
        .execute(c))?;
    Ok(())
}

/// Votes (drafts and submitted) on these applicants in their rounds.
pub fn group_votes_on(conn: &mut Db, pairs: &[(i32, i32)]) -> Result<Vec<GroupVoteRow>> {
    votes_in_rounds(conn, None, pairs)
}

/// One expert's group votes on these (applicant, round) pairs: a screen's own votes,
/// read without loading the whole group's.
pub fn group_votes_of_expert(conn: &mut Db, expert_id: i32, pairs: &[(i32, i32)]) -> Result<Vec<GroupVoteRow>> {
    votes_in_rounds(conn, Some(expert_id), pairs)
}

fn votes_in_rounds(conn: &mut Db, expert_id: Option<i32>, pairs: &[(i32, i32)]) -> Result<Vec<GroupVoteRow>> {
    let ids: Vec<i32> = pairs.iter().map(|(a, _)| *a).collect();
    let rows: Vec<GroupVoteRow> = super::chunked(&ids, |ids| {
        let mut query = group_votes::table
            .filter(group_votes::applicant_id.eq_any(ids))
            .select(GroupVoteRow::as_select())
            .into_boxed();
        if let Some(e) = expert_id {
            query = query.filter(group_votes::expert_id.eq(e));
        }
        query.load(conn)
    })?;
    Ok(rows
        .into_iter()
        .filter(|v| pairs.iter().any(|(a, r)| *a == v.applicant_id && *r == v.round))
        .collect())
}

pub fn submit_group_votes(conn: &mut Db, expert_id: i32, pairs: &[(i32, i32)], at: &str) -> Result<usize> {
    let mut n = 0;
    for (applicant, round) in pairs {
        n += diesel::update(group_votes::table.find((applicant, expert_id, round)))
            .filter(group_votes::submitted_at.is_null())
            .set(group_votes::submitted_at.eq(at))
            .execute(conn)?;
    }
    Ok(n)
}

pub fn save_group_result(conn: &mut Db, row: &GroupResultRow) -> Result<()> {
    per_backend!(&mut *conn, |c| diesel::insert_into(group_results::table)
        .values(row)
        .on_conflict(group_results::applicant_id)
        .do_update()
        .set(row)
        .execute(c))?;
    Ok(())
}

pub fn group_results_of(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<GroupResultRow>> {
    Ok(super::chunked(applicant_ids, |ids| {
        group_results::table
            .filter(group_results::applicant_id.eq_any(ids))
            .select(GroupResultRow::as_select())
            .load(conn)
    })?)
}

// ---- committee meeting ----

pub fn checked_in(conn: &mut Db, committee_id: i32) -> Result<Vec<i32>> {
    Ok(checkins::table
        .filter(checkins::committee_id.eq(committee_id))
        .order(checkins::expert_id)
        .select(checkins::expert_id)
        .load(conn)?)
}

/// Who checked in to the committee meeting, and when: (expert, time).
pub fn checkins_with_times(conn: &mut Db, committee_id: i32) -> Result<Vec<(i32, String)>> {
    Ok(checkins::table
        .filter(checkins::committee_id.eq(committee_id))
        .order(checkins::at)
        .select((checkins::expert_id, checkins::at))
        .load(conn)?)
}

pub fn insert_checkin(conn: &mut Db, committee_id: i32, expert_id: i32, at: &str) -> Result<bool> {
    Ok(per_backend!(&mut *conn, |c| diesel::insert_into(checkins::table)
        .values((
            checkins::committee_id.eq(committee_id),
            checkins::expert_id.eq(expert_id),
            checkins::at.eq(at),
        ))
        .on_conflict_do_nothing()
        .execute(c))?
        == 1)
}

pub fn save_committee_draft(conn: &mut Db, applicant_id: i32, expert_id: i32, round: i32, choice: &str) -> Result<()> {
    per_backend!(&mut *conn, |c| diesel::insert_into(committee_drafts::table)
        .values((
            committee_drafts::applicant_id.eq(applicant_id),
            committee_drafts::expert_id.eq(expert_id),
            committee_drafts::round.eq(round),
            committee_drafts::choice.eq(choice),
        ))
        .on_conflict((
            committee_drafts::applicant_id,
            committee_drafts::expert_id,
            committee_drafts::round,
        ))
        .do_update()
        .set(committee_drafts::choice.eq(choice))
        .execute(c))?;
    Ok(())
}

/// A member's drafts in a round: (applicant, choice).
pub fn committee_drafts_of(conn: &mut Db, expert_id: i32, round: i32) -> Result<Vec<(i32, String)>> {
    Ok(committee_drafts::table
        .filter(committee_drafts::expert_id.eq(expert_id))
        .filter(committee_drafts::round.eq(round))
        .select((committee_drafts::applicant_id, committee_drafts::choice))
        .load(conn)?)
}

/// Who has a draft on which applicant in a round: (member, applicant), never the choice.
pub fn committee_drafters(conn: &mut Db, committee_round: i32, applicant_ids: &[i32]) -> Result<Vec<(i32, i32)>> {
    Ok(super::chunked(applicant_ids, |ids| {
        committee_drafts::table
            .filter(committee_drafts::round.eq(committee_round))
            .filter(committee_drafts::applicant_id.eq_any(ids))
            .select((committee_drafts::expert_id, committee_drafts::applicant_id))
            .load(conn)
    })?)
}

pub fn delete_committee_drafts(conn: &mut Db, expert_id: i32, round: i32) -> Result<()> {
    diesel::delete(
        committee_drafts::table
            .filter(committee_drafts::expert_id.eq(expert_id))
            .filter(committee_drafts::round.eq(round)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn has_voted(conn: &mut Db, committee_id: i32, expert_id: i32, round: i32) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(committee_voters::table.find((
        committee_id,
        expert_id,
        round,
    ))))
    .get_result(conn)?)
}

pub fn insert_voter(conn: &mut Db, committee_id: i32, expert_id: i32, round: i32) -> Result<()> {
    diesel::insert_into(committee_voters::table)
        .values((
            committee_voters::committee_id.eq(committee_id),
            committee_voters::expert_id.eq(expert_id),
            committee_voters::round.eq(round),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn voters_in_round(conn: &mut Db, committee_id: i32, round: i32) -> Result<Vec<i32>> {
    Ok(committee_voters::table
        .filter(committee_voters::committee_id.eq(committee_id))
        .filter(committee_voters::round.eq(round))
        .select(committee_voters::expert_id)
        .load(conn)?)
}

pub fn open_tallies(conn: &mut Db, applicant_ids: &[i32], round: i32) -> Result<()> {
    for a in applicant_ids {
        per_backend!(&mut *conn, |c| diesel::insert_into(committee_tallies::table)
            .values((
                committee_tallies::applicant_id.eq(a),
                committee_tallies::round.eq(round),
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(())
}

/// Adds one ballot's choice to an applicant's counters (no trace of the voter).
pub fn count_ballot(conn: &mut Db, applicant_id: i32, round: i32, choice: &str) -> Result<()> {
    let target = committee_tallies::table.find((applicant_id, round));
    let n = match choice {
        "approve" => diesel::update(target)
            .set(committee_tallies::approve.eq(committee_tallies::approve + 1))
            .execute(conn)?,
        "reject" => diesel::update(target)
            .set(committee_tallies::reject.eq(committee_tallies::reject + 1))
            .execute(conn)?,
        _ => diesel::update(target)
            .set(committee_tallies::abstain.eq(committee_tallies::abstain + 1))
            .execute(conn)?,
    };
    if n != 1 {
        return Err(StoreError::Corrupt(format!(
            "no tally for applicant {applicant_id} in round {round}"
        )));
    }
    Ok(())
}

/// Counters of these applicants in a round: (applicant, approve, reject, abstain).
/// The ids of a committee's applicants, as a subquery (its size never grows a query's
/// parameter list).
type ApplicantIdsOf = diesel::dsl::Select<
    diesel::dsl::Filter<applicants::table, diesel::dsl::Eq<applicants::committee_id, i32>>,
    applicants::id,
>;

fn applicant_ids_of(committee_id: i32) -> ApplicantIdsOf {
    applicants::table
        .filter(applicants::committee_id.eq(committee_id))
        .select(applicants::id)
}

/// Forgets a void round's counters (`domain::ballot`: no tally of it may be seen).
pub fn delete_tallies(conn: &mut Db, committee_id: i32, round: i32) -> Result<()> {
    let of_committee = applicant_ids_of(committee_id);
    diesel::delete(
        committee_tallies::table
            .filter(committee_tallies::round.eq(round))
            .filter(committee_tallies::applicant_id.eq_any(of_committee)),
    )
    .execute(conn)?;
    Ok(())
}

/// Carries the drafts of a void round over to the next one.
pub fn move_committee_drafts(conn: &mut Db, committee_id: i32, from: i32, to: i32) -> Result<()> {
    let of_committee = applicant_ids_of(committee_id);
    diesel::update(
        committee_drafts::table
            .filter(committee_drafts::round.eq(from))
            .filter(committee_drafts::applicant_id.eq_any(of_committee)),
    )
    .set(committee_drafts::round.eq(to))
    .execute(conn)?;
    Ok(())
}

/// Every draft left in a committee's round (of members who never submitted): deleted
/// when the round is decided, so that no choice stays tied to a name.
pub fn delete_round_drafts(conn: &mut Db, committee_id: i32, round: i32) -> Result<usize> {
    let of_committee = applicant_ids_of(committee_id);
    Ok(diesel::delete(
        committee_drafts::table
            .filter(committee_drafts::round.eq(round))
            .filter(committee_drafts::applicant_id.eq_any(of_committee)),
    )
    .execute(conn)?)
}

pub fn tallies(conn: &mut Db, applicant_ids: &[i32], round: i32) -> Result<Vec<(i32, i32, i32, i32)>> {
    Ok(super::chunked(applicant_ids, |ids| {
        committee_tallies::table
            .filter(committee_tallies::applicant_id.eq_any(ids))
            .filter(committee_tallies::round.eq(round))
            .select((
                committee_tallies::applicant_id,
                committee_tallies::approve,
                committee_tallies::reject,
                committee_tallies::abstain,
            ))
            .load(conn)
    })?)
}

pub fn save_committee_result(conn: &mut Db, row: &CommitteeResultRow) -> Result<()> {
    per_backend!(&mut *conn, |c| diesel::insert_into(committee_results::table)
        .values(row)
        .on_conflict(committee_results::applicant_id)
        .do_update()
        .set(row)
        .execute(c))?;
    Ok(())
}

pub fn committee_results_of(conn: &mut Db, applicant_ids: &[i32]) -> Result<Vec<CommitteeResultRow>> {
    Ok(super::chunked(applicant_ids, |ids| {
        committee_results::table
            .filter(committee_results::applicant_id.eq_any(ids))
            .select(CommitteeResultRow::as_select())
            .load(conn)
    })?)
}

// ---- certificates ----

/// A certificate: (number, applicant, payload, signature).
pub fn certificate_of_applicant(conn: &mut Db, applicant_id: i32) -> Result<Option<(String, String, String)>> {
    Ok(certificates::table
        .filter(certificates::applicant_id.eq(applicant_id))
        .select((certificates::number, certificates::payload, certificates::signature))
        .first(conn)
        .optional()?)
}

/// How many certificates a committee has issued.
pub fn certificates_issued(conn: &mut Db, committee_id: i32) -> Result<i64> {
    Ok(certificates::table
        .filter(certificates::committee_id.eq(committee_id))
        .count()
        .get_result(conn)?)
}

/// The payload and signature kept for a certificate number.
pub fn certificate_by_number(conn: &mut Db, number: &str) -> Result<Option<(String, String)>> {
    Ok(certificates::table
        .find(number)
        .select((certificates::payload, certificates::signature))
        .first(conn)
        .optional()?)
}

pub fn insert_certificate(
    conn: &mut Db,
    number: &str,
    committee_id: i32,
    applicant_id: i32,
    payload: &str,
    signature: &str,
    at: &str,
) -> Result<()> {
    diesel::insert_into(certificates::table)
        .values((
            certificates::number.eq(number),
            certificates::committee_id.eq(committee_id),
            certificates::applicant_id.eq(applicant_id),
            certificates::payload.eq(payload),
            certificates::signature.eq(signature),
            certificates::issued_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
