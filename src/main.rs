//! The `pingshen` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use pingshen::admin::{self, DemoArgs, ServeArgs};
use pingshen::domain::{Mode, Threshold};

#[derive(Parser)]
#[command(name = "pingshen", version, about = "评审 - professional-title review over SSH")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct ServerFlags {
    /// Address and port to listen on.
    #[arg(long, default_value = "0.0.0.0:2222")]
    listen: SocketAddr,
    /// Folder of the host keys (created on first start).
    #[arg(long, default_value = "./keys")]
    keys: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run the SSH server on the database in --data.
    Serve {
        #[command(flatten)]
        server: ServerFlags,
        /// Folder of the SQLite database (created on first start).
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Build a demo database (one committee per review mode) and serve it.
    Demo {
        #[command(flatten)]
        server: ServerFlags,
        /// Folder of the demo database; rebuilt on every start.
        #[arg(long, default_value = "./demo-data")]
        data: PathBuf,
        /// Password of every demo account.
        #[arg(long, default_value = "demo")]
        password: String,
    },
    /// Check or replay the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Create a committee or start its review.
    Committee {
        #[command(subcommand)]
        command: CommitteeCommand,
    },
    /// Import applicants or experts from CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX.
    Import {
        /// What the file holds: applicants or experts.
        #[arg(value_parser = ["applicants", "experts"])]
        what: String,
        #[arg(long)]
        committee: i32,
        /// The CSV or XLSX file.
        file: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Issue random accounts to a committee's experts.
    Accounts {
        #[command(subcommand)]
        command: AccountsCommand,
    },
    /// List, add or remove recusals (回避) of a committee.
    Recusal {
        #[command(subcommand)]
        command: RecusalCommand,
    },
    /// Electronic certificates: issue them for a reported committee, or verify one.
    Certificate {
        #[command(subcommand)]
        command: CertificateCommand,
    },
    /// Export a committee's results.
    Results {
        #[command(subcommand)]
        command: ResultsCommand,
    },
}

#[derive(Subcommand)]
enum CommitteeCommand {
    /// Create a committee; prints its id.
    Create {
        #[arg(long)]
        name: String,
        /// expert (专家评审), lecture (专家评审+讲课答辩) or interview (专家答辩+面试答辩).
        #[arg(long, value_parser = parse_mode)]
        mode: Mode,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Show or change the rule settings and score items (while the committee is set up).
    Settings {
        #[arg(long)]
        committee: i32,
        /// Group pass rule, e.g. ">1/2" (more than half, the default) or "2/3" (at least).
        #[arg(long)]
        group_pass: Option<Threshold>,
        /// Committee pass rule, of the members attending (default "2/3": at least).
        #[arg(long)]
        committee_pass: Option<Threshold>,
        /// Check-ins needed before the committee switch opens (default "2/3").
        #[arg(long)]
        quorum: Option<Threshold>,
        /// Whether a failed group result stops the applicant (yes, the default) or is
        /// only a reference for the committee (no).
        #[arg(long, value_parser = parse_yes_no)]
        group_fail_stops: Option<bool>,
        /// Trimmed mean from this many sheets ("never": always the plain mean; default 5).
        #[arg(long)]
        trim_from: Option<String>,
        /// A defense score below this fails the group stage ("none": scores are a reference).
        #[arg(long)]
        pass_score: Option<String>,
        /// The score sheet items, "内容:40,表达:30,答辩:30" (the maxima add up to 100).
        #[arg(long)]
        score_items: Option<String>,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// End the setup and start the review (recusals of shared employers are made here).
    Start {
        #[arg(long)]
        committee: i32,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum RecusalCommand {
    /// Every recusal of the committee, with its reason.
    List {
        #[arg(long)]
        committee: i32,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// The expert may not review, score or vote on the applicant.
    Add(RecusalPair),
    /// Lifts a recusal (not once the expert has voted or scored).
    Remove(RecusalPair),
}

#[derive(Args)]
struct RecusalPair {
    #[arg(long)]
    committee: i32,
    /// The expert's name (NAME@EMPLOYER when two share a name).
    #[arg(long)]
    expert: String,
    /// The applicant's name (NAME@EMPLOYER when two share a name).
    #[arg(long)]
    applicant: String,
    #[arg(long, default_value = "./data")]
    data: PathBuf,
}

#[derive(Subcommand)]
enum CertificateCommand {
    /// A signed PDF for every applicant who passed (the committee must have reported).
    Issue {
        #[arg(long)]
        committee: i32,
        /// The folder to write the PDFs into.
        #[arg(long)]
        out: PathBuf,
        /// A Chinese font (TTF, TTC or OTF); by default the first installed of
        /// WenQuanYi Micro Hei / Zen Hei and Noto CJK.
        #[arg(long)]
        font: Option<PathBuf>,
        /// Folder of the keys; the office's signing key is created there on first use.
        #[arg(long, default_value = "./keys")]
        keys: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Checks a certificate PDF: the office's signature, and its number and facts
    /// against the database.
    Verify {
        file: PathBuf,
        #[arg(long, default_value = "./keys")]
        keys: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum AccountsCommand {
    /// New random username and password for every expert; earlier ones are revoked.
    Issue {
        #[arg(long)]
        committee: i32,
        /// The credential slips, a CSV file (姓名, 角色, 专业组, 用户名, 密码).
        #[arg(long)]
        out: PathBuf,
        /// Also a printable PDF with one slip per expert, four a page.
        #[arg(long)]
        print: Option<PathBuf>,
        /// The Chinese font of the printable slips (default: an installed one).
        #[arg(long)]
        font: Option<PathBuf>,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum ResultsCommand {
    /// The meeting record (评审会议记录): steps with times, attendance, tallies.
    Record {
        #[arg(long)]
        committee: i32,
        /// A text file (UTF-8).
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// One row per applicant: group result and tally, committee tally, outcome.
    Export {
        #[arg(long)]
        committee: i32,
        /// A .csv or .xlsx file.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s {
        "yes" | "true" | "是" => Ok(true),
        "no" | "false" | "否" => Ok(false),
        _ => Err(format!("{s:?}: use yes or no")),
    }
}

fn parse_optional_number(s: &str) -> Result<Option<u32>, String> {
    match s {
        "none" | "never" | "off" => Ok(None),
        _ => s
            .parse::<u32>()
            .map(Some)
            .map_err(|_| format!("{s:?}: a whole number, or none")),
    }
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse::<Mode>()
        .map_err(|_| format!("unknown mode {s:?}: use expert, lecture or interview"))
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the hash chain; exits non-zero naming the first altered entry.
    Verify {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// A head printed by an earlier verify (SEQ:HASH): also fail if the log up to
        /// it was rewritten or cut off since.
        #[arg(long)]
        expect_head: Option<String>,
    },
    /// Recompute every stage change and tally from the log and compare with the database.
    Replay {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,russh=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("pingshen: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve { server, data } => {
                admin::serve(ServeArgs {
                    listen: server.listen,
                    data,
                    keys: server.keys,
                })
                .await
            }
            Command::Audit {
                command: AuditCommand::Verify { data, expect_head },
            } => admin::audit_verify(&data, expect_head).await,
            Command::Audit {
                command: AuditCommand::Replay { data },
            } => admin::audit_replay(&data).await,
            Command::Committee {
                command: CommitteeCommand::Create { name, mode, data },
            } => admin::office::committee_create(&data, &name, mode).await,
            Command::Committee {
                command: CommitteeCommand::Start { committee, data },
            } => admin::office::committee_start(&data, committee).await,
            Command::Committee {
                command:
                    CommitteeCommand::Settings {
                        committee,
                        group_pass,
                        committee_pass,
                        quorum,
                        group_fail_stops,
                        trim_from,
                        pass_score,
                        score_items,
                        data,
                    },
            } => {
                let parsed = score_items
                    .as_deref()
                    .map(admin::office::parse_items)
                    .transpose()
                    .map_err(|e| format!("--score-items: {e}"))
                    .and_then(|items| {
                        let trim = trim_from.as_deref().map(parse_optional_number).transpose();
                        let pass = pass_score.as_deref().map(parse_optional_number).transpose();
                        Ok((items, trim?, pass?))
                    });
                match parsed {
                    Err(e) => Err(anyhow::anyhow!(e)),
                    Ok((score_items, trim_from, pass_score)) => {
                        let change = admin::office::SettingsChange {
                            group_pass,
                            committee_pass,
                            quorum,
                            group_fail_stops,
                            trim_from,
                            pass_score,
                            score_items,
                        };
                        admin::office::committee_settings(&data, committee, change).await
                    }
                }
            }
            Command::Import {
                what,
                committee,
                file,
                data,
            } => {
                let kind = if what == "applicants" {
                    admin::office::ImportKind::Applicants
                } else {
                    admin::office::ImportKind::Experts
                };
                admin::office::import(&data, kind, committee, &file).await
            }
            Command::Accounts {
                command:
                    AccountsCommand::Issue {
                        committee,
                        out,
                        print,
                        font,
                        data,
                    },
            } => admin::office::accounts_issue(&data, committee, &out, print.as_deref(), font.as_deref()).await,
            Command::Recusal { command } => match command {
                RecusalCommand::List { committee, data } => admin::office::recusal(&data, committee, None).await,
                RecusalCommand::Add(p) => {
                    admin::office::recusal(&p.data, p.committee, Some((true, p.expert, p.applicant))).await
                }
                RecusalCommand::Remove(p) => {
                    admin::office::recusal(&p.data, p.committee, Some((false, p.expert, p.applicant))).await
                }
            },
            Command::Certificate {
                command:
                    CertificateCommand::Issue {
                        committee,
                        out,
                        font,
                        keys,
                        data,
                    },
            } => admin::office::certificate_issue(&data, &keys, committee, &out, font.as_deref()).await,
            Command::Certificate {
                command: CertificateCommand::Verify { file, keys, data },
            } => admin::office::certificate_verify(&data, &keys, &file).await,
            Command::Results {
                command: ResultsCommand::Export { committee, out, data },
            } => admin::office::results_export(&data, committee, &out).await,
            Command::Results {
                command: ResultsCommand::Record { committee, out, data },
            } => admin::office::results_record(&data, committee, &out).await,
            Command::Demo { server, data, password } => {
                admin::demo(DemoArgs {
                    serve: ServeArgs {
                        listen: server.listen,
                        data,
                        keys: server.keys,
                    },
                    password,
                })
                .await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pingshen: {e:#}");
            ExitCode::FAILURE
        }
    }
}
