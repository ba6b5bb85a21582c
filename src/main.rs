//! The `pingshen` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use pingshen::admin::{self, DemoArgs, ServeArgs};

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
