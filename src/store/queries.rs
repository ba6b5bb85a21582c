//! Queries, one small function each. Callers own the connection and the transaction.

use crate::store::Db;
use diesel::prelude::*;

use super::StoreError;
use super::models::*;
use super::schema::*;

type Result<T> = std::result::Result<T, StoreError>;

// ---- accounts ----

pub fn account_by_username(conn: &mut Db, name: &str) -> Result<Option<AccountRow>> {
    Ok(accounts::table
        .filter(accounts::username.eq(name))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn account_by_id(conn: &mut Db, id: i32) -> Result<Option<AccountRow>> {
    Ok(accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_account(conn: &mut Db, new: &NewAccount<'_>) -> Result<i32> {
    Ok(diesel::insert_into(accounts::table)
        .values(new)
        .returning(accounts::id)
        .get_result(conn)?)
}

pub fn operator_count(conn: &mut Db) -> Result<i64> {
    Ok(accounts::table
        .filter(accounts::is_operator.eq(true))
        .count()
        .get_result(conn)?)
}

/// The office's accounts, by name.
pub fn operator_accounts(conn: &mut Db) -> Result<Vec<AccountRow>> {
    Ok(accounts::table
        .filter(accounts::is_operator.eq(true))
        .order(accounts::username.asc())
        .select(AccountRow::as_select())
        .load(conn)?)
}

pub fn delete_account(conn: &mut Db, id: i32) -> Result<usize> {
    Ok(diesel::delete(accounts::table.find(id)).execute(conn)?)
}

pub fn set_account_language(conn: &mut Db, id: i32, lang: &str) -> Result<()> {
    diesel::update(accounts::table.find(id))
        .set(accounts::language.eq(lang))
        .execute(conn)?;
    Ok(())
}

// ---- committees and groups ----

pub fn insert_committee(conn: &mut Db, name: &str, mode: &str, stage: &str) -> Result<i32> {
    Ok(diesel::insert_into(committees::table)
        .values((
            committees::name.eq(name),
            committees::mode.eq(mode),
            committees::stage.eq(stage),
        ))
        .returning(committees::id)
        .get_result(conn)?)
}

pub fn committee_by_id(conn: &mut Db, id: i32) -> Result<Option<CommitteeRow>> {
    Ok(committees::table
        .find(id)
        .select(CommitteeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn all_committees(conn: &mut Db) -> Result<Vec<CommitteeRow>> {
    Ok(committees::table
        .order(committees::id)
        .select(CommitteeRow::as_select())
        .load(conn)?)
}

pub fn set_committee_stage(conn: &mut Db, id: i32, stage: &str) -> Result<()> {
    diesel::update(committees::table.find(id))
        .set(committees::stage.eq(stage))
        .execute(conn)?;
    Ok(())
}

pub fn insert_group(conn: &mut Db, committee_id: i32, name: &str) -> Result<i32> {
    Ok(diesel::insert_into(review_groups::table)
        .values((
            review_groups::committee_id.eq(committee_id),
            review_groups::name.eq(name),
        ))
        .returning(review_groups::id)
        .get_result(conn)?)
}

pub fn groups_of_committee(conn: &mut Db, committee_id: i32) -> Result<Vec<GroupRow>> {
    Ok(review_groups::table
        .filter(review_groups::committee_id.eq(committee_id))
        .order(review_groups::id)
        .select(GroupRow::as_select())
        .load(conn)?)
}

pub fn group_by_id(conn: &mut Db, id: i32) -> Result<Option<GroupRow>> {
    Ok(review_groups::table
        .find(id)
        .select(GroupRow::as_select())
        .first(conn)
        .optional()?)
}

// ---- experts ----

pub fn insert_expert(conn: &mut Db, new: &NewExpert<'_>, roles: &[&str]) -> Result<i32> {
    let id: i32 = diesel::insert_into(experts::table)
        .values(new)
        .returning(experts::id)
        .get_result(conn)?;
    for role in roles {
        diesel::insert_into(expert_roles::table)
            .values((expert_roles::expert_id.eq(id), expert_roles::role.eq(*role)))
            .execute(conn)?;
    }
    Ok(id)
}

/// Changes an expert's group, specialty and roles (an import of corrected data).
pub fn update_expert(conn: &mut Db, id: i32, group_id: Option<i32>, specialty: &str, roles: &[&str]) -> Result<()> {
    diesel::update(experts::table.find(id))
        .set((experts::group_id.eq(group_id), experts::specialty.eq(specialty)))
        .execute(conn)?;
    diesel::delete(expert_roles::table.filter(expert_roles::expert_id.eq(id))).execute(conn)?;
    for role in roles {
        diesel::insert_into(expert_roles::table)
            .values((expert_roles::expert_id.eq(id), expert_roles::role.eq(*role)))
            .execute(conn)?;
    }
    Ok(())
}

/// How many accounts these experts have.
pub fn count_accounts_of_experts(conn: &mut Db, expert_ids: &[i32]) -> Result<i64> {
    let counts = super::chunked(expert_ids, |ids| {
        accounts::table
            .filter(accounts::expert_id.eq_any(ids))
            .count()
            .get_result::<i64>(conn)
            .map(|n| vec![n])
    })?;
    Ok(counts.iter().sum())
}

/// Deletes the accounts of these experts; returns how many there were.
/// Which of these account ids still exist.
pub fn existing_account_ids(conn: &mut Db, ids: &[i32]) -> Result<Vec<i32>> {
    Ok(super::chunked(ids, |ids| {
        accounts::table
            .filter(accounts::id.eq_any(ids))
            .select(accounts::id)
            .load::<i32>(conn)
    })?)
}

/// The accounts of these experts: (account id, expert id, username).
pub fn accounts_of_experts(conn: &mut Db, expert_ids: &[i32]) -> Result<Vec<(i32, i32, String)>> {
    let rows = super::chunked(expert_ids, |ids| {
        accounts::table
            .filter(accounts::expert_id.eq_any(ids))
            .select((accounts::id, accounts::expert_id.assume_not_null(), accounts::username))
            .load::<(i32, i32, String)>(conn)
    })?;
    Ok(rows)
}

pub fn delete_accounts_of_experts(conn: &mut Db, expert_ids: &[i32]) -> Result<usize> {
    let deleted = super::chunked(expert_ids, |ids| {
        diesel::delete(accounts::table.filter(accounts::expert_id.eq_any(ids)))
            .execute(conn)
            .map(|n| vec![n])
    })?;
    Ok(deleted.iter().sum())
}

pub fn expert_by_id(conn: &mut Db, id: i32) -> Result<Option<ExpertRow>> {
    Ok(experts::table
        .find(id)
        .select(ExpertRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn experts_of(conn: &mut Db, committee_id: i32) -> Result<Vec<ExpertRow>> {
    Ok(experts::table
        .filter(experts::committee_id.eq(committee_id))
        .order(experts::id)
        .select(ExpertRow::as_select())
        .load(conn)?)
}

/// These experts (for example a list's lead reviewers), by id.
pub fn experts_by_ids(conn: &mut Db, ids: &[i32]) -> Result<Vec<ExpertRow>> {
    Ok(super::chunked(ids, |ids| {
        experts::table
            .filter(experts::id.eq_any(ids))
            .select(ExpertRow::as_select())
            .load(conn)
    })?)
}

pub fn roles_of_expert(conn: &mut Db, expert_id: i32) -> Result<Vec<String>> {
    Ok(expert_roles::table
        .filter(expert_roles::expert_id.eq(expert_id))
        .select(expert_roles::role)
        .load(conn)?)
}

pub fn expert_count(conn: &mut Db, committee_id: i32) -> Result<i64> {
    Ok(experts::table
        .filter(experts::committee_id.eq(committee_id))
        .count()
        .get_result(conn)?)
}

/// Experts of a committee holding `role`, with their group.
pub fn experts_with_role(conn: &mut Db, committee_id: i32, role: &str) -> Result<Vec<ExpertRow>> {
    Ok(experts::table
        .inner_join(expert_roles::table)
        .filter(experts::committee_id.eq(committee_id))
        .filter(expert_roles::role.eq(role))
        .order(experts::id)
        .select(ExpertRow::as_select())
        .load(conn)?)
}

// ---- applicants ----

pub fn insert_applicant(conn: &mut Db, row: &ApplicantRow) -> Result<i32> {
    // `id` is assigned by SQLite: insert every column but it.
    Ok(diesel::insert_into(applicants::table)
        .values((
            applicants::committee_id.eq(row.committee_id),
            applicants::group_id.eq(row.group_id),
            applicants::name.eq(&row.name),
            applicants::gender.eq(&row.gender),
            applicants::id_number.eq(&row.id_number),
            applicants::birth_date.eq(&row.birth_date),
            applicants::ethnicity.eq(&row.ethnicity),
            applicants::political_status.eq(&row.political_status),
            applicants::employer.eq(&row.employer),
            applicants::current_title.eq(&row.current_title),
            applicants::current_title_date.eq(&row.current_title_date),
            applicants::applied_title.eq(&row.applied_title),
            applicants::specialty.eq(&row.specialty),
            applicants::education.eq(&row.education),
            applicants::degree.eq(&row.degree),
            applicants::school.eq(&row.school),
            applicants::work_start.eq(&row.work_start),
            applicants::years_of_work.eq(row.years_of_work),
            (
                applicants::annual_assessments.eq(&row.annual_assessments),
                applicants::continuing_education.eq(&row.continuing_education),
                applicants::papers.eq(&row.papers),
                applicants::projects.eq(&row.projects),
                applicants::patents.eq(&row.patents),
                applicants::awards.eq(&row.awards),
                applicants::achievements.eq(&row.achievements),
                applicants::summary.eq(&row.summary),
            ),
        ))
        .returning(applicants::id)
        .get_result(conn)?)
}

/// Rewrites an applicant's file and group (an import of corrected data).
pub fn update_applicant(conn: &mut Db, row: &ApplicantRow) -> Result<()> {
    diesel::update(applicants::table.find(row.id))
        .set((
            applicants::group_id.eq(row.group_id),
            applicants::gender.eq(&row.gender),
            applicants::id_number.eq(&row.id_number),
            applicants::birth_date.eq(&row.birth_date),
            applicants::ethnicity.eq(&row.ethnicity),
            applicants::political_status.eq(&row.political_status),
            applicants::current_title.eq(&row.current_title),
            applicants::current_title_date.eq(&row.current_title_date),
            applicants::applied_title.eq(&row.applied_title),
            applicants::specialty.eq(&row.specialty),
            applicants::education.eq(&row.education),
            applicants::degree.eq(&row.degree),
            applicants::school.eq(&row.school),
            applicants::work_start.eq(&row.work_start),
            applicants::years_of_work.eq(row.years_of_work),
            (
                applicants::annual_assessments.eq(&row.annual_assessments),
                applicants::continuing_education.eq(&row.continuing_education),
                applicants::papers.eq(&row.papers),
                applicants::projects.eq(&row.projects),
                applicants::patents.eq(&row.patents),
                applicants::awards.eq(&row.awards),
                applicants::achievements.eq(&row.achievements),
                applicants::summary.eq(&row.summary),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

/// Applicants of a committee, of one group when `group_id` is given, in import order.
pub fn applicants_of(conn: &mut Db, committee_id: i32, group_id: Option<i32>) -> Result<Vec<ApplicantRow>> {
    let mut q = applicants::table
        .filter(applicants::committee_id.eq(committee_id))
        .into_boxed();
    if let Some(g) = group_id {
        q = q.filter(applicants::group_id.eq(g));
    }
    Ok(q.order(applicants::id).select(ApplicantRow::as_select()).load(conn)?)
}

pub fn applicant_count(conn: &mut Db, committee_id: i32, group_id: Option<i32>) -> Result<i64> {
    let mut q = applicants::table
        .filter(applicants::committee_id.eq(committee_id))
        .into_boxed();
    if let Some(g) = group_id {
        q = q.filter(applicants::group_id.eq(g));
    }
    Ok(q.count().get_result(conn)?)
}
