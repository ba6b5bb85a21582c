//! The office's electronic certificates (电子证书): issued for the applicants who
//! passed a reported committee, signed with the office key, and checked against the
//! database.

use serde_json::json;

use super::office::{office_entry_by, random_text};
use super::setup::OFFICE;
use super::{Problem, Result, Service, ServiceError};
use crate::domain::Stage;
use crate::domain::action::Action;
use crate::store::{queries as q, review as rq};

/// What `check_certificate` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateCheck {
    Valid(crate::office::certificate::CertificateData),
    /// The number is not one this office issued.
    UnknownNumber(String),
    /// The number is known but the database holds other facts for it.
    Differs(String),
    /// The text cannot be read as a certificate.
    Unreadable,
}

impl Service {
    /// Electronic certificates for the applicants who passed a reported committee: one
    /// per applicant (issuing again gives the same number and text). `sign` signs a
    /// payload with the office key.
    pub fn issue_certificates(
        &self,
        committee_id: i32,
        issuer: &str,
        sign: &dyn Fn(&str) -> String,
    ) -> Result<Vec<(crate::office::certificate::CertificateData, String)>> {
        self.issue_certificates_by(OFFICE, committee_id, issuer, sign)
    }

    /// [`Service::issue_certificates`], the audit log naming the office account.
    pub fn issue_certificates_by(
        &self,
        actor: &str,
        committee_id: i32,
        issuer: &str,
        sign: &dyn Fn(&str) -> String,
    ) -> Result<Vec<(crate::office::certificate::CertificateData, String)>> {
        use crate::office::certificate::CertificateData;
        let mut conn = self.store.conn()?;
        let committee = q::committee_by_id(&mut conn, committee_id)?.ok_or(ServiceError::NotFound("committee"))?;
        let Some(reported) = committee
            .reported_at
            .clone()
            .filter(|_| committee.stage == Stage::Reported.as_str())
        else {
            return Err(ServiceError::Problem(Problem::NotReportedYet));
        };
        // The local date of the report, in the installation's zone (a report at 17:00
        // UTC is dated the next day in Beijing).
        let date = crate::domain::clock::zone().date(&reported);
        let applicants = q::applicants_of(&mut conn, committee_id, None)?;
        let ids: Vec<i32> = applicants.iter().map(|a| a.id).collect();
        let results = rq::committee_results_of(&mut conn, &ids)?;
        let at = crate::store::now();
        crate::store::write(&mut conn, |c| {
            let mut out = Vec::new();
            // Numbered one after another among the certificates of the committee, in
            // the applicants' order: no gap in the numbers tells who failed.
            let mut next = rq::certificates_issued(c, committee_id)? + 1;
            for a in &applicants {
                let passed = results
                    .iter()
                    .filter(|r| r.applicant_id == a.id)
                    .max_by_key(|r| r.round)
                    .is_some_and(|r| r.passed);
                if !passed {
                    continue;
                }
                if let Some((_, payload, signature)) = rq::certificate_of_applicant(c, a.id)?
                    && let Some(d) = CertificateData::parse(&payload)
                {
                    out.push((d, signature));
                    continue;
                }
                let suffix = random_text(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4);
                let data = CertificateData {
                    number: format!(
                        "PS{}-{committee_id:03}-{:04}-{suffix}",
                        &date[..4.min(date.len())],
                        next
                    ),
                    holder: a.name.clone(),
                    id_number: crate::service::screens::mask_id(&a.id_number),
                    title: a.applied_title.clone(),
                    specialty: a.specialty.clone(),
                    employer: a.employer.clone(),
                    committee: committee.name.clone(),
                    date: date.clone(),
                    issuer: issuer.to_string(),
                };
                next += 1;
                let payload = data.payload();
                let signature = sign(&payload);
                rq::insert_certificate(c, &data.number, committee_id, a.id, &payload, &signature, &at)?;
                office_entry_by(
                    c,
                    actor,
                    committee_id,
                    Action::CertificateIssue,
                    json!({ "number": data.number, "applicant": a.id }),
                )?;
                out.push((data, signature));
            }
            Ok::<_, ServiceError>(out)
        })
    }

    /// Checks a certificate's text against what this office issued under its number.
    pub fn check_certificate(&self, payload: &str) -> Result<CertificateCheck> {
        use crate::office::certificate::CertificateData;
        let Some(data) = CertificateData::parse(payload) else {
            return Ok(CertificateCheck::Unreadable);
        };
        let mut conn = self.store.conn()?;
        Ok(match rq::certificate_by_number(&mut conn, &data.number)? {
            None => CertificateCheck::UnknownNumber(data.number),
            Some((stored, _)) if stored != payload => CertificateCheck::Differs(data.number),
            Some(_) => CertificateCheck::Valid(data),
        })
    }
}
