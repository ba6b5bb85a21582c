//! The `pingshen` process a load tool runs against: started with the arguments given,
//! found listening from what it prints, killed when dropped.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bin` with `args` (which must listen on 127.0.0.1:0) and waits for the line
/// that says where it listens.
pub fn start(bin: &Path, args: &[&std::ffi::OsStr], log: &str) -> anyhow::Result<Server> {
    use std::io::BufRead;
    let mut child = Command::new(bin)
        .args(args)
        .env("RUST_LOG", log)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().expect("piped");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let addr = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.split("is listening on ").nth(1) {
                    break rest.split_whitespace().next().and_then(|a| a.parse().ok());
                }
            }
            _ => break None,
        }
    };
    // Keep reading (and dropping) what it prints, so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    match addr {
        Some(addr) => Ok(Server { child, addr }),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("{} did not start", bin.display())
        }
    }
}

/// The server binary beside the running example, or target/release's.
pub fn default_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/release/examples/NAME -> target/release/pingshen
    let beside = exe.parent().and_then(Path::parent).map(|d| d.join("pingshen"));
    match beside {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("target/release/pingshen"),
    }
}
