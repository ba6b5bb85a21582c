//! Row types of the tables in `schema`.

use diesel::prelude::*;

use super::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = committees)]
pub struct CommitteeRow {
    pub id: i32,
    pub name: String,
    pub mode: String,
    pub stage: String,
    pub created_at: String,
    pub group_pass_num: i32,
    pub group_pass_den: i32,
    pub group_pass_strict: bool,
    pub committee_pass_num: i32,
    pub committee_pass_den: i32,
    pub committee_pass_strict: bool,
    pub quorum_num: i32,
    pub quorum_den: i32,
    pub group_fail_stops: bool,
    pub trim_from: Option<i32>,
    pub pass_score: Option<i32>,
    pub round: i32,
    pub reported_at: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = review_groups)]
pub struct GroupRow {
    pub id: i32,
    pub committee_id: i32,
    pub name: String,
    pub phase: String,
    pub round: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = experts)]
pub struct ExpertRow {
    pub id: i32,
    pub committee_id: i32,
    pub group_id: Option<i32>,
    pub name: String,
    pub employer: String,
    pub specialty: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = experts)]
pub struct NewExpert<'a> {
    pub committee_id: i32,
    pub group_id: Option<i32>,
    pub name: &'a str,
    pub employer: &'a str,
    pub specialty: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: i32,
    pub username: String,
    pub password_hash: String,
    pub is_operator: bool,
    pub expert_id: Option<i32>,
    pub language: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub is_operator: bool,
    pub expert_id: Option<i32>,
    pub language: &'a str,
}

/// An applicant with the whole application file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = applicants)]
pub struct ApplicantRow {
    pub id: i32,
    pub committee_id: i32,
    pub group_id: Option<i32>,
    pub name: String,
    pub gender: String,
    pub id_number: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub political_status: String,
    pub employer: String,
    pub current_title: String,
    pub current_title_date: String,
    pub applied_title: String,
    pub specialty: String,
    pub education: String,
    pub degree: String,
    pub school: String,
    pub work_start: String,
    pub years_of_work: i32,
    pub annual_assessments: String,
    pub continuing_education: String,
    pub papers: String,
    pub projects: String,
    pub patents: String,
    pub awards: String,
    pub achievements: String,
    pub summary: String,
    pub group_round: i32,
    pub committee_round: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = score_items)]
pub struct ScoreItemRow {
    pub id: i32,
    pub committee_id: i32,
    pub position: i32,
    pub name: String,
    pub max_points: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lead_reviewers)]
pub struct LeadReviewerRow {
    pub applicant_id: i32,
    pub expert_id: i32,
    pub opinion: String,
    pub recommendation: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interview_questions)]
pub struct QuestionRow {
    pub id: i32,
    pub applicant_id: i32,
    pub expert_id: i32,
    pub text: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = score_sheets)]
pub struct ScoreSheetRow {
    pub id: i32,
    pub applicant_id: i32,
    pub expert_id: i32,
    pub comment: String,
    pub submitted_at: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = group_votes)]
pub struct GroupVoteRow {
    pub applicant_id: i32,
    pub expert_id: i32,
    pub round: i32,
    pub choice: String,
    pub submitted_at: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = group_results, primary_key(applicant_id))]
pub struct GroupResultRow {
    pub applicant_id: i32,
    pub round: i32,
    pub approve: i32,
    pub reject: i32,
    pub abstain: i32,
    pub base: i32,
    pub needed: i32,
    pub passed: bool,
    pub decided_at: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = committee_results, primary_key(applicant_id))]
pub struct CommitteeResultRow {
    pub applicant_id: i32,
    pub round: i32,
    pub approve: i32,
    pub reject: i32,
    pub abstain: i32,
    pub attending: i32,
    pub base: i32,
    pub needed: i32,
    pub passed: bool,
    pub decided_at: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i32,
    pub at: String,
    pub committee_id: Option<i32>,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}
