//! The `pingshen` command line (SPEC section 6): the clap types, the configuration
//! file merged under the flags, the logs, and the dispatch to the subcommands.
//! Usage errors (a flag or value clap refuses) exit with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use super::flags::{ServerFlags, SlipFlags, parse_issuer};
use crate::admin::{self, DemoArgs};
use crate::domain::{Mode, Threshold};

#[derive(Parser)]
#[command(
    name = "pingshen",
    version,
    about = "评审 - professional-title review over SSH",
    after_help = "Settings can also come from a file (--config); a flag given here wins over it."
)]
struct Cli {
    /// A configuration file (TOML, see contrib/pingshen.toml); its settings apply to
    /// every command, and a flag given on the command line wins over them.
    #[arg(long, global = true, value_name = "FILE", env = "PINGSHEN_CONFIG")]
    config: Option<PathBuf>,
    /// What to log: error, warn, info, debug or trace, or filter directives such as
    /// "info,crate::ssh=debug". Left at the default, RUST_LOG is used when set.
    #[arg(long, global = true, value_name = "LEVEL", default_value = "info", value_parser = parse_log_level)]
    log_level: String,
    /// How log lines look on stderr: text (for people) or json (one object a line).
    #[arg(long, global = true, value_name = "FORMAT", default_value = "text")]
    log_format: LogFormat,
    /// The time zone of every time a person reads (screens, the meeting record,
    /// exports, text log lines, the certificates' date), an IANA name. Stored times
    /// stay UTC.
    #[arg(long, global = true, value_name = "ZONE", default_value = crate::domain::clock::DEFAULT_ZONE, value_parser = parse_zone)]
    timezone: crate::domain::clock::Zone,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// An IANA time-zone name, checked against the bundled database.
fn parse_zone(s: &str) -> Result<crate::domain::clock::Zone, String> {
    crate::domain::clock::Zone::named(s)
}

/// A level, or comma-separated directives `target=level`, checked here so that a typo
/// is refused instead of silently logging nothing.
fn parse_log_level(s: &str) -> Result<String, String> {
    const LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];
    let level_ok = |l: &str| LEVELS.contains(&l.to_ascii_lowercase().as_str());
    for part in s.split(',').map(str::trim) {
        let ok = match part.split_once('=') {
            Some((target, level)) => !target.is_empty() && level_ok(level),
            None => level_ok(part),
        };
        if !ok {
            return Err(format!(
                "`{part}` is not a level (off, error, warn, info, debug, trace) nor TARGET=LEVEL"
            ));
        }
    }
    Ok(s.to_string())
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
    /// Set up a data folder: the database, the host keys and the operator account, whose
    /// password is printed once (`serve` does the same on its first start).
    Init {
        /// Folder of the SQLite database.
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// Folder of the host keys.
        #[arg(long, default_value = "./keys")]
        keys: PathBuf,
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
        /// What the file holds.
        what: admin::office::ImportKind,
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
    /// Failed logins: list the accounts and addresses that wait or are locked out, and
    /// clear them.
    Logins {
        #[command(subcommand)]
        command: LoginsCommand,
    },
    /// The office's own accounts: one per staff member, so that the audit log names who
    /// did what. Each logs in with its password or a key in DATA/authorized_keys/NAME.
    Office {
        #[command(subcommand)]
        command: OfficeCommand,
    },
    /// Copy the database, consistently, while the server runs (checked, private file).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Check a configuration file and show the settings `serve` and `demo` would use,
    /// each with where it comes from (the file, the command line or the default).
    Config,
    /// Put a backup in place of the database (the server must be stopped; the current
    /// database is kept aside in the data folder).
    Restore {
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum OfficeCommand {
    /// Add an office account; its password is printed once (or none: --key-only).
    Add {
        /// 1 to 32 lowercase letters, digits, '.', '-' or '_', starting with a letter.
        name: String,
        /// No password: it logs in only with a key listed in DATA/authorized_keys/NAME.
        #[arg(long)]
        key_only: bool,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Remove an office account (it stops working at once; the last one is kept).
    Remove {
        name: String,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// The office's accounts, with how each logs in.
    List {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum LoginsCommand {
    /// Every account and address with failed logins remembered, and its state.
    List {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Forget the failed logins of one account or address (lifting its lockout), or all.
    Clear {
        #[arg(long, value_name = "USERNAME")]
        account: Option<String>,
        #[arg(long, value_name = "IP")]
        address: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
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
        /// The issuing authority printed on the certificate and signed with its facts.
        #[arg(long, default_value = crate::office::certificate::DEFAULT_ISSUER, value_parser = parse_issuer)]
        issuer: String,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Checks a certificate: a PDF, or a text file of what a scanner read from its QR
    /// code. With the office's key: the signature, then the number and the facts
    /// against the database. With --public-key: the signature only, offline.
    Verify {
        file: PathBuf,
        /// The office's published public key (64 hex digits, from `certificate key`):
        /// checks the signature alone, without the keys folder or the database.
        #[arg(long, value_name = "HEX")]
        public_key: Option<String>,
        #[arg(long, default_value = "./keys")]
        keys: PathBuf,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Prints the office's public key, to publish for checking certificates offline
    /// (the signing key is created on first use).
    Key {
        #[arg(long, default_value = "./keys")]
        keys: PathBuf,
    },
}

#[derive(Subcommand)]
enum AccountsCommand {
    /// A new password for one expert (and a new username with --new-username), as a
    /// slip; nobody else's account changes. The expert's open session is closed.
    Reset {
        #[arg(long)]
        committee: i32,
        /// NAME, or NAME@EMPLOYER when two experts share a name.
        #[arg(long)]
        expert: String,
        /// The slip, a CSV file.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        new_username: bool,
        /// Also a printable PDF slip.
        #[arg(long)]
        print: Option<PathBuf>,
        /// The Chinese font of the printable slip (default: an installed one).
        #[arg(long)]
        font: Option<PathBuf>,
        /// Replace the file if it exists (otherwise an existing file is refused).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        slip: SlipFlags,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// One expert's account stops working at once (the open session is closed).
    Revoke {
        #[arg(long)]
        committee: i32,
        /// NAME, or NAME@EMPLOYER when two experts share a name.
        #[arg(long)]
        expert: String,
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
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
        /// Replace the file if it exists (otherwise an existing file is refused).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        slip: SlipFlags,
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
        /// Replace the file if it exists (otherwise an existing file is refused).
        #[arg(long)]
        force: bool,
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
        /// Replace the file if it exists (otherwise an existing file is refused).
        #[arg(long)]
        force: bool,
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

/// The command line, with the settings of the configuration file added where the user
/// gave no flag of their own; `Err` is the exit code after a message.
fn command_line() -> Result<(Cli, clap::ArgMatches), ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cmd = Cli::command();
    let matches = cmd.clone().try_get_matches_from(&args).unwrap_or_else(|e| e.exit());
    let args = match matches.get_one::<PathBuf>("config") {
        None => args,
        Some(path) => {
            let added = crate::config::apply_file(&cmd, &matches, args, path);
            match added {
                Ok(args) => args,
                Err(e) => {
                    eprintln!("pingshen: {e}");
                    return Err(ExitCode::from(2));
                }
            }
        }
    };
    let matches = cmd.try_get_matches_from(&args).unwrap_or_else(|e| e.exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    Ok((cli, matches))
}

fn start_logs(cli: &Cli, matches: &clap::ArgMatches) {
    use tracing_subscriber::EnvFilter;
    let defaulted = matches.value_source("log_level") == Some(clap::parser::ValueSource::DefaultValue);
    let directives = match std::env::var("RUST_LOG") {
        Ok(env) if defaulted && !env.trim().is_empty() => env,
        // russh reports every client's disconnect at info; its warnings are enough.
        _ if cli.log_level.contains("russh") => cli.log_level.clone(),
        _ => format!("{},russh=warn", cli.log_level),
    };
    let filter = EnvFilter::try_new(&directives).unwrap_or_else(|e| {
        eprintln!("pingshen: RUST_LOG {directives:?} ignored: {e}");
        EnvFilter::new("info,russh=warn")
    });
    // Colours only on a terminal: a file or the journal gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    match cli.log_format {
        // Text lines are for people: local time with its offset. JSON keeps UTC.
        LogFormat::Text => logs.with_timer(LocalTime).init(),
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(false).init(),
    }
}

/// The time of a text log line in the `timezone` setting's zone, with its offset:
/// `2026-11-27T09:02:03.456+08:00`.
struct LocalTime;

impl tracing_subscriber::fmt::time::FormatTime for LocalTime {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        write!(
            w,
            "{}",
            crate::domain::clock::zone().log_time(std::time::SystemTime::now())
        )
    }
}

/// `pingshen config`: every setting as `serve` and `demo` would take them with the same
/// global flags and file, and where each comes from.
fn show_config(config: Option<&PathBuf>) -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The `config` word: the first word that is neither a flag nor a global flag's value.
    let mut at = 1;
    while let Some(word) = argv.get(at).and_then(|w| w.to_str()) {
        match word {
            "--config" | "--log-level" | "--log-format" | "--timezone" => at += 2,
            w if w.starts_with('-') => at += 1,
            _ => break,
        }
    }
    for sub in ["serve", "demo"] {
        let mut args = argv.clone();
        args[at] = sub.into();
        let cmd = Cli::command();
        let user = cmd.clone().try_get_matches_from(&args).unwrap_or_else(|e| e.exit());
        let mut effective_args = args.clone();
        if let Some(path) = config {
            let added = crate::config::apply_file(&cmd, &user, args, path);
            match added {
                Ok(a) => effective_args = a,
                Err(e) => {
                    eprintln!("pingshen: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        let effective = cmd.try_get_matches_from(&effective_args).unwrap_or_else(|e| e.exit());
        let (Some((_, user)), Some((_, effective))) = (user.subcommand(), effective.subcommand()) else {
            unreachable!("a subcommand was given")
        };
        // Written so that a closed pipe (`pingshen config | head`) ends quietly.
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "# {sub}");
        for setting in crate::config::SETTINGS {
            // A setting of other commands only (`certificate.issuer`) is not shown.
            let Ok(raw) = effective.try_get_raw(setting.arg) else {
                continue;
            };
            if !crate::config::reaches(setting, sub) {
                continue;
            }
            let value = raw
                .and_then(|mut v| v.next_back())
                .map(|v| format!("{:?}", v.to_string_lossy()))
                .unwrap_or_else(|| "(not set)".into());
            let source = crate::config::source_of(user, effective, setting.arg);
            let _ = writeln!(out, "{:<34} = {value:<24} # {source}", setting.key);
        }
    }
    ExitCode::SUCCESS
}

/// Parses the command line and runs the subcommand; the exit status.
pub fn run() -> ExitCode {
    let (cli, matches) = match command_line() {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    if matches!(cli.command, Command::Config) {
        return show_config(cli.config.as_ref());
    }
    crate::domain::clock::set_zone(cli.timezone.clone());
    start_logs(&cli, &matches);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("pingshen: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve { server, data } => admin::serve(server.into_args(data)).await,
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
                    // A value clap could not check alone: a usage error all the same.
                    Err(e) => Cli::command().error(clap::error::ErrorKind::ValueValidation, e).exit(),
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
            } => admin::office::import(&data, what, committee, &file).await,
            Command::Accounts {
                command:
                    AccountsCommand::Issue {
                        committee,
                        out,
                        print,
                        font,
                        force,
                        slip,
                        data,
                    },
            } => {
                let login = admin::office::slip_login(slip.public_address, slip.listen.port(), &slip.keys);
                admin::office::accounts_issue(&data, committee, &out, print.as_deref(), font.as_deref(), &login, force)
                    .await
            }
            Command::Accounts {
                command:
                    AccountsCommand::Reset {
                        committee,
                        expert,
                        out,
                        new_username,
                        print,
                        font,
                        force,
                        slip,
                        data,
                    },
            } => {
                let login = admin::office::slip_login(slip.public_address, slip.listen.port(), &slip.keys);
                let files = admin::office::SlipFiles {
                    csv: &out,
                    pdf: print.as_deref(),
                    font: font.as_deref(),
                    force,
                };
                admin::office::account_reset(&data, committee, &expert, new_username, &files, &login).await
            }
            Command::Accounts {
                command:
                    AccountsCommand::Revoke {
                        committee,
                        expert,
                        data,
                    },
            } => admin::office::account_revoke(&data, committee, &expert).await,
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
                        issuer,
                        data,
                    },
            } => admin::office::certificate_issue(&data, &keys, committee, &out, font.as_deref(), &issuer).await,
            Command::Certificate {
                command:
                    CertificateCommand::Verify {
                        file,
                        public_key,
                        keys,
                        data,
                    },
            } => admin::office::certificate_verify(&data, &keys, &file, public_key.as_deref()).await,
            Command::Certificate {
                command: CertificateCommand::Key { keys },
            } => admin::office::certificate_key(&keys),
            Command::Results {
                command:
                    ResultsCommand::Export {
                        committee,
                        out,
                        force,
                        data,
                    },
            } => admin::office::results_export(&data, committee, &out, force).await,
            Command::Results {
                command:
                    ResultsCommand::Record {
                        committee,
                        out,
                        force,
                        data,
                    },
            } => admin::office::results_record(&data, committee, &out, force).await,
            Command::Logins {
                command: LoginsCommand::List { data },
            } => admin::security::logins_list(&data).await,
            Command::Logins {
                command:
                    LoginsCommand::Clear {
                        account,
                        address,
                        all,
                        data,
                    },
            } => admin::security::logins_clear(&data, account, address, all).await,
            Command::Office {
                command: OfficeCommand::Add { name, key_only, data },
            } => admin::security::office_add(&data, &name, key_only).await,
            Command::Office {
                command: OfficeCommand::Remove { name, data },
            } => admin::security::office_remove(&data, &name).await,
            Command::Office {
                command: OfficeCommand::List { data },
            } => admin::security::office_list(&data).await,
            Command::Backup { out, data } => admin::security::backup(&data, &out).await,
            Command::Restore { from, data } => admin::security::restore(&data, &from).await,
            Command::Init { data, keys } => admin::init(&data, &keys).await,
            Command::Config => unreachable!("answered before the runtime starts"),
            Command::Demo { server, data, password } => {
                admin::demo(DemoArgs {
                    serve: server.into_args(data),
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
