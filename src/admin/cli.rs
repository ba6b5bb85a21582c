//! The `pingshen` command line (SPEC section 6): the clap types, the configuration
//! file merged under the flags, the logs, and the dispatch to the subcommands.
//! Usage errors (a flag or value clap refuses) exit with status 2.

use std::path::{Path, PathBuf};
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
    after_help = "Settings come from the command line, then PINGSHEN_* variables, then the configuration file \
                  (--config, $PINGSHEN_CONFIG or /etc/pingshen/pingshen.toml), then the defaults.",
    max_term_width = 100
)]
struct Cli {
    /// A configuration file (TOML, see contrib/pingshen.toml); its settings apply to
    /// every command, and a flag or a PINGSHEN_* variable wins over them. Without it:
    /// $PINGSHEN_CONFIG (empty: no file), else /etc/pingshen/pingshen.toml if it exists.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Folder of the database, the office's inbox/ and exports/ [default: ./data, for
    /// demo ./demo-data, rebuilt at every start].
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Folder of the host keys and the certificates' signing key, created on first use
    /// [default: ./keys].
    #[arg(long, global = true, value_name = "DIR")]
    keys: Option<PathBuf>,
    /// The database, for every command but demo: a PostgreSQL URL
    /// (postgres://USER@HOST:PORT/DB?sslmode=verify-full; several nodes, README) [default:
    /// the SQLite file pingshen.db in the data folder].
    #[arg(long, global = true, value_name = "URL", value_parser = parse_database_url)]
    database: Option<String>,
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
/// `--database`: a PostgreSQL URL.
fn parse_database_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    if crate::service::storage::Backend::is_postgres_url(s) {
        Ok(s.to_string())
    } else {
        Err(
            "not a PostgreSQL URL: it begins with postgres:// (leave it out for the SQLite file in the data folder)"
                .into(),
        )
    }
}

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
    },
    /// Set up a data folder: the database, the host keys and the operator account, whose
    /// password is printed once (`serve` does the same on its first start).
    Init,
    /// Build a demo database (one committee per review mode) and serve it.
    Demo {
        #[command(flatten)]
        server: ServerFlags,
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
    },
    /// Check a configuration file and show the settings `serve` and `demo` would use,
    /// each with where it comes from (the file, the command line or the default).
    Config,
    /// Print the shell completions (bash, zsh or fish) to standard output.
    Completions { shell: clap_complete::Shell },
    /// Write the manual pages (pingshen.1 and one per subcommand) into a folder.
    Man {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Put a backup in place of the database (the server must be stopped; the current
    /// database is kept aside in the data folder).
    Restore {
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
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
    },
    /// Remove an office account (it stops working at once; the last one is kept).
    Remove { name: String },
    /// The office's accounts, with how each logs in.
    List,
}

#[derive(Subcommand)]
enum LoginsCommand {
    /// Every account and address with failed logins remembered, and its state.
    List,
    /// Forget the failed logins of one account or address (lifting its lockout), or all.
    Clear {
        #[arg(long, value_name = "USERNAME")]
        account: Option<String>,
        #[arg(long, value_name = "IP")]
        address: Option<String>,
        #[arg(long)]
        all: bool,
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
    },
    /// End the setup and start the review (recusals of shared employers are made here).
    Start {
        #[arg(long)]
        committee: i32,
    },
}

#[derive(Subcommand)]
enum RecusalCommand {
    /// Every recusal of the committee, with its reason.
    List {
        #[arg(long)]
        committee: i32,
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
        /// The issuing authority printed on the certificate and signed with its facts.
        #[arg(long, default_value = crate::office::certificate::DEFAULT_ISSUER, value_parser = parse_issuer)]
        issuer: String,
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
    },
    /// Prints the office's public key, to publish for checking certificates offline
    /// (the signing key is created on first use).
    Key,
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
    },
    /// One expert's account stops working at once (the open session is closed).
    Revoke {
        #[arg(long)]
        committee: i32,
        /// NAME, or NAME@EMPLOYER when two experts share a name.
        #[arg(long)]
        expert: String,
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
        /// A head printed by an earlier verify (SEQ:HASH): also fail if the log up to
        /// it was rewritten or cut off since.
        #[arg(long)]
        expect_head: Option<String>,
    },
    /// Recompute every stage change and tally from the log and compare with the database.
    Replay,
}

/// The command line, with the settings of the environment and the configuration file
/// added where the user gave no flag of their own; `Err` is the exit code after a
/// message. Also what was found, for `pingshen config`.
fn command_line() -> Result<(Cli, clap::ArgMatches, Vec<crate::config::Found>), ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cmd = Cli::command();
    let matches = cmd.clone().try_get_matches_from(&args).unwrap_or_else(|e| e.exit());
    let file = crate::config::file_to_read(
        matches.get_one::<PathBuf>("config").map(PathBuf::as_path),
        std::env::var_os("PINGSHEN_CONFIG"),
        Path::new(crate::config::SYSTEM_FILE).exists(),
    );
    let found = crate::config::gather(file.as_deref(), |name| std::env::var_os(name))
        .and_then(|found| crate::config::apply(&cmd, &matches, args, &found).map(|args| (args, found)));
    let (args, found) = match found {
        Ok(done) => done,
        Err(e) => {
            eprintln!("pingshen: {e}");
            return Err(ExitCode::from(2));
        }
    };
    let matches = cmd.try_get_matches_from(&args).unwrap_or_else(|e| e.exit());
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    Ok((cli, matches, found))
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
/// global flags, environment and file, and where each comes from.
fn show_config(found: &[crate::config::Found]) -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The `config` word: the first word that is neither a flag nor a global flag's value.
    let mut at = 1;
    while let Some(word) = argv.get(at).and_then(|w| w.to_str()) {
        match word {
            "--config" | "--log-level" | "--log-format" | "--timezone" | "--data" | "--keys" => at += 2,
            w if w.starts_with('-') => at += 1,
            _ => break,
        }
    }
    for sub in ["serve", "demo"] {
        let mut args = argv.clone();
        args[at] = sub.into();
        let cmd = Cli::command();
        let user = cmd.clone().try_get_matches_from(&args).unwrap_or_else(|e| e.exit());
        let effective_args = match crate::config::apply(&cmd, &user, args, found) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("pingshen: {e}");
                return ExitCode::from(2);
            }
        };
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
                .map(|v| format!("{:?}", v.to_string_lossy()));
            let (value, source) = match (value, default_folder(setting.arg, sub)) {
                (Some(v), _) => (v, crate::config::source_of(user, effective, setting, found)),
                (None, Some(folder)) => (format!("{folder:?}"), "default".to_string()),
                (None, None) => ("(not set)".to_string(), "not set".to_string()),
            };
            let _ = writeln!(out, "{:<34} = {value:<24} # {source}", setting.key);
        }
    }
    ExitCode::SUCCESS
}

/// `pingshen man`: the manual pages from the same definitions as `--help`.
fn write_man_pages(out: &Path) -> ExitCode {
    let written = std::fs::create_dir_all(out).and_then(|()| clap_mangen::generate_to(Cli::command(), out));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pingshen: cannot write the manual pages into {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// The folder `--data` or `--keys` stands for when not given, for the command.
fn default_folder(arg: &str, command: &str) -> Option<&'static str> {
    match (arg, command) {
        ("data", "demo") => Some("./demo-data"),
        ("data", _) => Some("./data"),
        ("keys", _) => Some("./keys"),
        _ => None,
    }
}

/// Parses the command line and runs the subcommand; the exit status.
pub fn run() -> ExitCode {
    let (cli, matches, found) = match command_line() {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    match &cli.command {
        Command::Config => return show_config(&found),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "pingshen", &mut script);
            // A closed pipe (`pingshen completions bash | head`) ends quietly.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            return ExitCode::SUCCESS;
        }
        Command::Man { out } => return write_man_pages(out),
        _ => {}
    }
    let folder = |given: &Option<PathBuf>, arg: &str| {
        let command = matches.subcommand_name().unwrap_or_default();
        given.clone().unwrap_or_else(|| {
            default_folder(arg, command)
                .expect("data and keys have defaults")
                .into()
        })
    };
    let data = folder(&cli.data, "data");
    let keys = folder(&cli.keys, "keys");
    let database = cli.database.clone();
    if database.is_some() && matches!(cli.command, Command::Demo { .. }) {
        eprintln!(
            "pingshen: the demo runs on its own SQLite data folder, rebuilt at every start: leave out --database"
        );
        return ExitCode::from(2);
    }
    let place = admin::Place {
        data: data.clone(),
        database: database.clone(),
    };
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
            Command::Serve { server } => admin::serve(server.into_args(data, keys).on(database)).await,
            Command::Audit {
                command: AuditCommand::Verify { expect_head },
            } => admin::audit_verify(&place, expect_head).await,
            Command::Audit {
                command: AuditCommand::Replay,
            } => admin::audit_replay(&place).await,
            Command::Committee {
                command: CommitteeCommand::Create { name, mode },
            } => admin::office::committee_create(&place, &name, mode).await,
            Command::Committee {
                command: CommitteeCommand::Start { committee },
            } => admin::office::committee_start(&place, committee).await,
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
                        admin::office::committee_settings(&place, committee, change).await
                    }
                }
            }
            Command::Import { what, committee, file } => admin::office::import(&place, what, committee, &file).await,
            Command::Accounts {
                command:
                    AccountsCommand::Issue {
                        committee,
                        out,
                        print,
                        font,
                        force,
                        slip,
                    },
            } => {
                let login = admin::office::slip_login(slip.public_address, slip.listen.port(), &keys);
                admin::office::accounts_issue(
                    &place,
                    committee,
                    &out,
                    print.as_deref(),
                    font.as_deref(),
                    &login,
                    force,
                )
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
                    },
            } => {
                let login = admin::office::slip_login(slip.public_address, slip.listen.port(), &keys);
                let files = admin::office::SlipFiles {
                    csv: &out,
                    pdf: print.as_deref(),
                    font: font.as_deref(),
                    force,
                };
                admin::office::account_reset(&place, committee, &expert, new_username, &files, &login).await
            }
            Command::Accounts {
                command: AccountsCommand::Revoke { committee, expert },
            } => admin::office::account_revoke(&place, committee, &expert).await,
            Command::Recusal { command } => match command {
                RecusalCommand::List { committee } => admin::office::recusal(&place, committee, None).await,
                RecusalCommand::Add(p) => {
                    admin::office::recusal(&place, p.committee, Some((true, p.expert, p.applicant))).await
                }
                RecusalCommand::Remove(p) => {
                    admin::office::recusal(&place, p.committee, Some((false, p.expert, p.applicant))).await
                }
            },
            Command::Certificate {
                command:
                    CertificateCommand::Issue {
                        committee,
                        out,
                        font,
                        issuer,
                    },
            } => admin::office::certificate_issue(&place, &keys, committee, &out, font.as_deref(), &issuer).await,
            Command::Certificate {
                command: CertificateCommand::Verify { file, public_key },
            } => admin::office::certificate_verify(&place, &keys, &file, public_key.as_deref()).await,
            Command::Certificate {
                command: CertificateCommand::Key,
            } => admin::office::certificate_key(&keys),
            Command::Results {
                command: ResultsCommand::Export { committee, out, force },
            } => admin::office::results_export(&place, committee, &out, force).await,
            Command::Results {
                command: ResultsCommand::Record { committee, out, force },
            } => admin::office::results_record(&place, committee, &out, force).await,
            Command::Logins {
                command: LoginsCommand::List,
            } => admin::security::logins_list(&place).await,
            Command::Logins {
                command: LoginsCommand::Clear { account, address, all },
            } => admin::security::logins_clear(&place, account, address, all).await,
            Command::Office {
                command: OfficeCommand::Add { name, key_only },
            } => admin::security::office_add(&place, &name, key_only).await,
            Command::Office {
                command: OfficeCommand::Remove { name },
            } => admin::security::office_remove(&place, &name).await,
            Command::Office {
                command: OfficeCommand::List,
            } => admin::security::office_list(&place).await,
            Command::Backup { out } => admin::security::backup(&place, &out).await,
            Command::Restore { from } => admin::security::restore(&place, &from).await,
            Command::Init => admin::init(&place, &keys).await,
            Command::Config | Command::Completions { .. } | Command::Man { .. } => {
                unreachable!("answered before the runtime starts")
            }
            Command::Demo { server, password } => {
                admin::demo(DemoArgs {
                    serve: server.into_args(data, keys),
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
