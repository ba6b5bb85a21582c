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
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = review_groups)]
pub struct GroupRow {
    pub id: i32,
    pub committee_id: i32,
    pub name: String,
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
#[derive(Debug, Clone, Default, Queryable, Selectable, Identifiable, Insertable)]
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
}
