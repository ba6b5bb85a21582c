//! The office's subcommands (SPEC section 6): committee create and start, imports,
//! accounts, results export. Each opens the database, does its work through the
//! service and prints a short report; a failure is one line on stderr and exit 1.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::Place;
use super::{open_existing, open_store};
use crate::domain::Mode;
use crate::office::{columns, export};

/// Runs file work (reading, parsing, rendering, writing) on a blocking thread, off the
/// async runtime, as the database work already is through `Service::blocking`.
async fn offload<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await?
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    Applicants,
    Experts,
}

/// `pingshen committee create`: prints the new committee's id.
pub async fn committee_create(place: &Place, name: &str, mode: Mode) -> Result<()> {
    let service = open_store(place).await?;
    let name = name.to_string();
    let id = service.blocking(move |s| s.create_committee(&name, mode)).await?;
    println!("{id}");
    Ok(())
}

/// `pingshen committee start`: ends setup; prints the warnings and the recusals found.
pub async fn committee_start(place: &Place, committee: i32) -> Result<()> {
    let service = open_existing(place).await?;
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
/// The same service function imports what the office picks on its screen.
pub async fn import(place: &Place, kind: ImportKind, committee: i32, file: &Path) -> Result<()> {
    use crate::service::inbox::{self, ImportOutcome};
    let path = file.to_path_buf();
    let bytes =
        offload(move || std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))).await?;
    let service = open_existing(place).await?;
    let kind = match kind {
        ImportKind::Applicants => inbox::ImportKind::Applicants,
        ImportKind::Experts => inbox::ImportKind::Experts,
    };
    let outcome = service
        .blocking(move |s| s.import_file(crate::service::setup::OFFICE, committee, kind, &bytes))
        .await?;
    let (rows, format, report, ignored) = match outcome {
        ImportOutcome::Imported {
            rows,
            format,
            report,
            ignored,
        } => (rows, format, report, ignored),
        ImportOutcome::Unreadable(e) => bail!("cannot import {}: {e}", file.display()),
        ImportOutcome::Rejected(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            bail!(
                "{} problem(s) in {}; nothing was imported",
                problems.len(),
                file.display()
            )
        }
    };
    println!(
        "{}: {rows} row(s) read as {format}: {} added, {} updated, {} unchanged",
        file.display(),
        report.added,
        report.updated,
        report.unchanged
    );
    if report.recusals_added > 0 {
        println!(
            "recusals made (same employer): {} (see `pingshen recusal list`)",
            report.recusals_added
        );
    }
    if !report.groups_added.is_empty() {
        println!("groups created: {}", report.groups_added.join(", "));
    }
    if !ignored.is_empty() {
        let shown: Vec<String> = ignored.iter().map(|h| columns::printable(h)).collect();
        println!("columns ignored: {}", shown.join(", "));
    }
    Ok(())
}

/// How the slips of `accounts issue` tell people to log in: the public address (or its
/// absence), the port, and the fingerprint of the host key in `keys` (a warning, and
/// none on the slips, if there is no host key there yet).
pub fn slip_login(
    public_address: Option<(String, Option<u16>)>,
    listen_port: u16,
    keys: &Path,
) -> crate::office::records::SlipLogin {
    let (host, port) = match public_address {
        Some((h, p)) => (Some(h), p.unwrap_or(listen_port)),
        None => {
            eprintln!(
                "warning: --public-address (server.public_address) is not set: the slips say to set it instead of the server's address"
            );
            (None, listen_port)
        }
    };
    let key_file = keys.join(crate::ssh::keys::ED25519_FILE);
    let fingerprint = if key_file.exists() {
        match crate::ssh::keys::load_or_create(keys) {
            Ok(k) => crate::ssh::keys::fingerprint(&k[0]),
            Err(e) => {
                eprintln!("warning: the slips carry no host key fingerprint: {e:#}");
                String::new()
            }
        }
    } else {
        eprintln!(
            "warning: no host key in {} (--keys): the slips carry no fingerprint (`pingshen init` creates the key)",
            keys.display()
        );
        String::new()
    };
    crate::office::records::SlipLogin {
        host,
        port,
        fingerprint,
    }
}

/// Checks where slips go before any account changes: a .csv, no file replaced without
/// `force`, the font found when a PDF is asked for (returned), so that a missing one
/// changes nothing.
fn check_slip_files(csv: &Path, pdf: Option<&Path>, font: Option<&Path>, force: bool) -> Result<Option<Vec<u8>>> {
    if csv
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
        != Some("csv")
    {
        bail!("--out must name a .csv file: {}", csv.display());
    }
    for f in std::iter::once(csv).chain(pdf) {
        if !force && f.exists() {
            bail!("{} exists already; --force replaces it", f.display());
        }
    }
    match pdf {
        Some(_) => {
            let path = crate::office::certificate::find_font(font)?;
            Ok(Some(
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
            ))
        }
        None => Ok(None),
    }
}

/// Where `accounts reset` writes its slip.
pub struct SlipFiles<'a> {
    pub csv: &'a Path,
    pub pdf: Option<&'a Path>,
    pub font: Option<&'a Path>,
    pub force: bool,
}

/// `pingshen accounts reset`: one expert's new password (and username, if asked).
pub async fn account_reset(
    place: &Place,
    committee: i32,
    expert: &str,
    new_username: bool,
    files: &SlipFiles<'_>,
    login: &crate::office::records::SlipLogin,
) -> Result<()> {
    let font_bytes = check_slip_files(files.csv, files.pdf, files.font, files.force)?;
    let service = open_existing(place).await?;
    let wanted = expert.to_string();
    let name = service.blocking(move |s| s.committee_name(committee)).await?;
    let account = service
        .blocking(move |s| {
            let id = s.find_expert(committee, &wanted)?;
            s.reset_account_by(crate::service::setup::OFFICE, committee, id, new_username)
        })
        .await?;
    let (csv, pdf, force) = (files.csv.to_path_buf(), files.pdf.map(Path::to_path_buf), files.force);
    let login = login.clone();
    let shown = format!("{} ({})", account.name, account.username);
    offload(move || {
        let one = [account];
        export::accounts_csv(&csv, &one, &login, force)?;
        if let (Some(pdf), Some(font)) = (&pdf, &font_bytes) {
            export::accounts_slips(pdf, &name, &one, &login, font, force)?;
            println!("printable slip: {}", pdf.display());
        }
        Ok(())
    })
    .await?;
    println!(
        "account of {shown} reset: the slip is {} (nobody else's account changed; an open session of the old one is closed)",
        files.csv.display()
    );
    Ok(())
}

/// `pingshen accounts revoke`: one expert's account ends.
pub async fn account_revoke(place: &Place, committee: i32, expert: &str) -> Result<()> {
    let service = open_existing(place).await?;
    let wanted = expert.to_string();
    let name = service
        .blocking(move |s| {
            let id = s.find_expert(committee, &wanted)?;
            s.revoke_account_by(crate::service::setup::OFFICE, committee, id)
        })
        .await?;
    println!("the account of {name} is revoked (an open session of it is closed)");
    Ok(())
}

/// `pingshen accounts issue`: new random accounts for every expert, as a CSV of slips.
#[allow(clippy::too_many_arguments)]
pub async fn accounts_issue(
    place: &Place,
    committee: i32,
    out: &Path,
    print: Option<&Path>,
    font: Option<&Path>,
    login: &crate::office::records::SlipLogin,
    force: bool,
) -> Result<()> {
    // Refused before any account changes: issuing revokes the earlier ones.
    let font_bytes = check_slip_files(out, print, font, force)?;
    let service = open_existing(place).await?;
    let name = service.blocking(move |s| s.committee_name(committee)).await?;
    let accounts = service.blocking(move |s| s.issue_accounts(committee)).await?;
    let (csv, pdf) = (out.to_path_buf(), print.map(Path::to_path_buf));
    let count = accounts.len();
    let login = login.clone();
    offload(move || {
        export::accounts_csv(&csv, &accounts, &login, force)?;
        if let (Some(pdf), Some(font)) = (&pdf, &font_bytes) {
            export::accounts_slips(pdf, &name, &accounts, &login, font, force)?;
            println!("printable slips: {}", pdf.display());
        }
        Ok(())
    })
    .await?;
    println!(
        "{count} account(s) issued to {} (earlier accounts of the committee revoked)",
        out.display()
    );
    Ok(())
}

/// `pingshen results export`: one row per applicant, CSV or XLSX by the extension.
pub async fn results_export(place: &Place, committee: i32, out: &Path, force: bool) -> Result<()> {
    let service = open_existing(place).await?;
    let lines = service.blocking(move |s| s.results_table(committee)).await?;
    let (path, count) = (out.to_path_buf(), lines.len());
    offload(move || Ok(export::results(&path, &lines, force)?)).await?;
    println!("{count} applicant(s) written to {}", out.display());
    Ok(())
}

/// `pingshen recusal add|remove|list`: the office's own conflicts of interest.
pub async fn recusal(place: &Place, committee: i32, change: Option<(bool, String, String)>) -> Result<()> {
    let service = open_existing(place).await?;
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
pub async fn results_record(place: &Place, committee: i32, out: &Path, force: bool) -> Result<()> {
    let service = open_existing(place).await?;
    let record = service.blocking(move |s| s.meeting_record(committee)).await?;
    let (steps, attending) = (record.steps.len(), record.attendance.len());
    let path = out.to_path_buf();
    offload(move || Ok(export::record(&path, &record, force)?)).await?;
    println!(
        "meeting record of committee {committee} written to {} ({steps} steps, {attending} attending)",
        out.display()
    );
    Ok(())
}

pub use crate::service::setup::SettingsChange;

/// `pingshen committee settings`: changes what is given (while the committee is being
/// set up) and prints every setting.
pub async fn committee_settings(place: &Place, committee: i32, change: SettingsChange) -> Result<()> {
    let service = open_existing(place).await?;
    let (settings, items) = service
        .blocking(move |s| {
            s.change_settings(&crate::service::Identity::office(), committee, &change)
                .map_err(crate::service::ServiceError::from)?;
            s.settings(committee)
        })
        .await?;
    println!("group pass: {}", settings.group_pass);
    println!("committee pass: {}", settings.committee_pass);
    println!("quorum: {}", settings.quorum);
    println!(
        "a failed group result {}",
        if settings.group_fail_stops {
            "stops the applicant"
        } else {
            "is only a reference for the committee"
        }
    );
    match settings.trim_from {
        Some(n) => println!("score: trimmed mean from {n} sheets"),
        None => println!("score: plain mean"),
    }
    match settings.pass_score {
        Some(p) => println!("pass score: {p}"),
        None => println!("pass score: none (scores are a reference)"),
    }
    let items: Vec<String> = items.iter().map(|(n, m)| format!("{n}:{m}")).collect();
    println!(
        "score items: {}",
        if items.is_empty() { "-".into() } else { items.join(",") }
    );
    Ok(())
}

pub use crate::service::setup::parse_items;

/// `pingshen certificate issue`: a signed PDF per applicant who passed, into `out`.
pub async fn certificate_issue(
    place: &Place,
    keys: &Path,
    committee: i32,
    out: &Path,
    font: Option<&Path>,
    issuer: &str,
) -> Result<()> {
    use crate::office::certificate::{self, OfficeKey};
    let issuer = issuer.to_string();
    let font_path = certificate::find_font(font)?;
    let font_bytes = std::fs::read(&font_path).with_context(|| format!("cannot read {}", font_path.display()))?;
    let service = open_existing(place).await?;
    // The key is made only for a committee that can have certificates.
    let stage = service
        .blocking(move |s| s.stage(committee).map_err(crate::service::ServiceError::from))
        .await?;
    if stage != crate::domain::Stage::Reported {
        bail!("certificates are issued once the committee has reported its results");
    }
    let key = OfficeKey::load_or_create(keys)?;
    let issued = service
        .blocking(move |s| s.issue_certificates(committee, &issuer, &|p: &str| key.sign(p)))
        .await?;
    let (dir, count) = (out.to_path_buf(), issued.len());
    offload(move || {
        crate::files::create_private_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (d, signature) in &issued {
            let pdf = certificate::pdf(d, signature, &font_bytes)?;
            let path = dir.join(format!("{}.pdf", d.number));
            // Issuing again gives the same certificates under the same names.
            crate::files::write_private(&path, &pdf, true)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!("{}  {}  {}", d.number, d.holder, path.display());
        }
        Ok(())
    })
    .await?;
    println!(
        "{count} certificate(s) in {} (font {})",
        out.display(),
        font_path.display()
    );
    Ok(())
}

/// `pingshen certificate key`: the office's public key, to publish.
pub fn certificate_key(keys: &Path) -> Result<()> {
    let key = crate::office::certificate::OfficeKey::load_or_create(keys)?;
    println!("{}", key.public_hex());
    eprintln!(
        "the office's public key (ed25519, hex); anyone holding it checks a certificate offline with\n  pingshen certificate verify FILE --public-key {}",
        key.public_hex()
    );
    Ok(())
}

/// `pingshen certificate verify`: the signature with the office key, and the number
/// and text against the database.
pub async fn certificate_verify(place: &Place, keys: &Path, file: &Path, public_key: Option<&str>) -> Result<()> {
    use crate::office::certificate::{self, CertificateData, OfficeKey, PublicKey};
    use crate::service::office::CertificateCheck;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let Some((payload, signature)) = certificate::extract(&bytes) else {
        bail!("{} holds no pingshen certificate", file.display());
    };
    if let Some(hex) = public_key {
        let Some(key) = PublicKey::from_hex(hex) else {
            bail!("--public-key: not an office public key (64 hex digits, as `pingshen certificate key` prints)");
        };
        if !key.verifies(&payload, &signature) {
            bail!("the signature does not match: the certificate was altered or not issued by this key's office");
        }
        let Some(d) = CertificateData::parse(&payload) else {
            bail!("{} holds no readable certificate", file.display());
        };
        println!(
            "certificate {} is signed by this key: {}, {}, {}, {} ({}), issued by {}",
            d.number,
            d.holder,
            d.title,
            d.employer,
            d.committee,
            d.date,
            if d.issuer.is_empty() { "-" } else { &d.issuer }
        );
        println!("checked offline: the signature only; whether it was revoked is the office's to say");
        return Ok(());
    }
    let key = OfficeKey::load(keys)?;
    if !key.verifies(&payload, &signature) {
        bail!("the signature does not match: the certificate was altered or not issued by this office");
    }
    let service = open_existing(place).await?;
    let check = service.blocking(move |s| s.check_certificate(&payload)).await?;
    match check {
        CertificateCheck::Valid(d) => {
            println!(
                "certificate {} is valid: {}, {}, {}, {} ({})",
                d.number, d.holder, d.title, d.employer, d.committee, d.date
            );
            println!("these are the facts the office signed; the printed page must say the same");
            Ok(())
        }
        CertificateCheck::UnknownNumber(n) => bail!("certificate number {n} was never issued here"),
        CertificateCheck::Differs(n) => bail!("certificate {n}: the database holds other facts for this number"),
        CertificateCheck::Unreadable => bail!("{} holds no readable certificate", file.display()),
    }
}
