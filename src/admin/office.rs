//! The office's subcommands (SPEC section 6): committee create and start, imports,
//! accounts, results export. Each opens the database, does its work through the
//! service and prints a short report; a failure is one line on stderr and exit 1.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{open_existing, open_store};
use crate::domain::Mode;
use crate::office::{columns, export, table};
use crate::service::Service;

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Applicants,
    Experts,
}

/// `pingshen committee create`: prints the new committee's id.
pub async fn committee_create(data: &Path, name: &str, mode: Mode) -> Result<()> {
    let service = Service::new(open_store(data).await?);
    let name = name.to_string();
    let id = service.blocking(move |s| s.create_committee(&name, mode)).await?;
    println!("{id}");
    Ok(())
}

/// `pingshen committee start`: ends setup; prints the warnings and the recusals found.
pub async fn committee_start(data: &Path, committee: i32) -> Result<()> {
    let service = Service::new(open_existing(data).await?);
    let warnings = service
        .blocking(move |s| {
            s.start_review(&crate::service::Identity::office(), committee)
                .map_err(crate::service::ServiceError::from)
        })
        .await?;
    for w in &warnings {
        println!("warning: {w}");
    }
    println!("committee {committee}: review started");
    Ok(())
}

/// `pingshen import applicants|experts`: all rows or none; every problem reported.
pub async fn import(data: &Path, kind: ImportKind, committee: i32, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let table = table::read(&bytes).with_context(|| format!("cannot import {}", file.display()))?;
    let service = Service::new(open_existing(data).await?);
    let fail = |problems: Vec<columns::Problem>| -> anyhow::Error {
        for p in &problems {
            eprintln!("{p}");
        }
        anyhow::anyhow!(
            "{} problem(s) in {}; nothing was imported",
            problems.len(),
            file.display()
        )
    };
    let (report, ignored, rows) = match kind {
        ImportKind::Applicants => {
            let parsed = columns::applicants(&table).map_err(fail)?;
            let n = parsed.rows.len();
            let rows = parsed.rows;
            let report = service.blocking(move |s| s.import_applicants(committee, &rows)).await?;
            (report, parsed.ignored, n)
        }
        ImportKind::Experts => {
            let parsed = columns::experts(&table).map_err(fail)?;
            let n = parsed.rows.len();
            let rows = parsed.rows;
            let report = service.blocking(move |s| s.import_experts(committee, &rows)).await?;
            (report, parsed.ignored, n)
        }
    };
    println!(
        "{}: {rows} row(s) read as {}: {} added, {} updated, {} unchanged",
        file.display(),
        table.format,
        report.added,
        report.updated,
        report.unchanged
    );
    if !report.groups_added.is_empty() {
        println!("groups created: {}", report.groups_added.join(", "));
    }
    if !ignored.is_empty() {
        println!("columns ignored: {}", ignored.join(", "));
    }
    Ok(())
}

/// `pingshen accounts issue`: new random accounts for every expert, as a CSV of slips.
pub async fn accounts_issue(data: &Path, committee: i32, out: &Path) -> Result<()> {
    if out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
        != Some("csv")
    {
        bail!("--out must name a .csv file: {}", out.display());
    }
    let service = Service::new(open_existing(data).await?);
    let accounts = service.blocking(move |s| s.issue_accounts(committee)).await?;
    export::accounts_csv(out, &accounts)?;
    println!(
        "{} account(s) issued to {} (earlier accounts of the committee revoked)",
        accounts.len(),
        out.display()
    );
    Ok(())
}

/// `pingshen results export`: one row per applicant, CSV or XLSX by the extension.
pub async fn results_export(data: &Path, committee: i32, out: &Path) -> Result<()> {
    let service = Service::new(open_existing(data).await?);
    let lines = service.blocking(move |s| s.results_table(committee)).await?;
    export::results(out, &lines)?;
    println!("{} applicant(s) written to {}", lines.len(), out.display());
    Ok(())
}

/// `pingshen recusal add|remove|list`: the office's own conflicts of interest.
pub async fn recusal(data: &Path, committee: i32, change: Option<(bool, String, String)>) -> Result<()> {
    let service = Service::new(open_existing(data).await?);
    if let Some((add, expert, applicant)) = change {
        service
            .blocking(move |s| {
                let (e, a) = s.find_pair(committee, &expert, &applicant)?;
                let office = crate::service::Identity::office();
                let done = if add {
                    s.add_recusal(&office, e, a)
                } else {
                    s.remove_recusal(&office, e, a)
                };
                done.map_err(crate::service::ServiceError::from)
            })
            .await?;
    }
    let lines = service.blocking(move |s| s.recusals(committee)).await?;
    for l in &lines {
        println!(
            "{}（{}） 回避 {}（{}）: {}",
            l.expert, l.expert_employer, l.applicant, l.applicant_employer, l.reason
        );
    }
    println!("{} recusal(s) in committee {committee}", lines.len());
    Ok(())
}

/// `pingshen results record`: the meeting record (评审会议记录) as a text file.
pub async fn results_record(data: &Path, committee: i32, out: &Path) -> Result<()> {
    let service = Service::new(open_existing(data).await?);
    let record = service.blocking(move |s| s.meeting_record(committee)).await?;
    export::record(out, &record)?;
    println!(
        "meeting record of committee {committee} written to {} ({} steps, {} attending)",
        out.display(),
        record.steps.len(),
        record.attendance.len()
    );
    Ok(())
}
