//! Drives a real SSH client through a pseudo-terminal, the OpenSSH client (`ssh`),
//! typing the password at its prompt, or PuTTY's `plink`, and reads what it shows
//! through a terminal emulator.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

fn nz(v: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(v.max(1)).unwrap()
}

pub struct OpenSsh {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    eof: Arc<Mutex<bool>>,
}

/// Whether the OpenSSH client is installed (contrib/test.sh installs it).
pub fn available() -> bool {
    super::require("ssh", "openssh-client");
    true
}

/// Whether PuTTY's `plink` is installed (contrib/test.sh installs putty-tools).
pub fn plink_available() -> bool {
    super::require("plink", "putty-tools");
    true
}

/// The options every OpenSSH client of the tests starts with: no configuration, no
/// known hosts kept, errors only (`ssh`, `sftp` and `scp` take the same).
pub const CLIENT_OPTIONS: [&str; 8] = [
    "-F",
    "/dev/null",
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
];

impl OpenSsh {
    /// Starts `ssh -p PORT user@127.0.0.1` on a `cols`x`rows` pseudo-terminal.
    pub fn spawn(addr: SocketAddr, user: &str, cols: u16, rows: u16) -> OpenSsh {
        Self::spawn_term(addr, user, cols, rows, "xterm-256color")
    }

    /// `ssh` as [`OpenSsh::spawn`], in a terminal of type `term`.
    pub fn spawn_term(addr: SocketAddr, user: &str, cols: u16, rows: u16, term: &str) -> OpenSsh {
        let mut cmd = CommandBuilder::new("ssh");
        cmd.args(CLIENT_OPTIONS);
        cmd.args([
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "PubkeyAuthentication=no",
            "-p",
            &addr.port().to_string(),
            &format!("{user}@{}", addr.ip()),
        ]);
        cmd.env("TERM", term);
        Self::run(cmd, cols, rows)
    }

    /// PuTTY's `plink` logging in with the password, accepting only the server's host
    /// key (`fingerprint`, `SHA256:...`), in a terminal of type `term`.
    pub fn plink(addr: SocketAddr, user: &str, password: &str, fingerprint: &str, term: &str) -> OpenSsh {
        let mut cmd = CommandBuilder::new("plink");
        cmd.args([
            "-ssh",
            "-batch",
            "-t",
            "-no-antispoof",
            "-P",
            &addr.port().to_string(),
            "-l",
            user,
            "-pw",
            password,
            "-hostkey",
            fingerprint,
            &addr.ip().to_string(),
        ]);
        cmd.env("TERM", term);
        // plink keeps its settings and known host keys under HOME; a fresh one each run.
        let home = std::env::temp_dir().join(format!("pingshen-plink-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&home);
        cmd.env("HOME", home);
        Self::run(cmd, 80, 24)
    }

    fn run(cmd: CommandBuilder, cols: u16, rows: u16) -> OpenSsh {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let child = pair.slave.spawn_command(cmd).expect("spawn the client");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let eof = Arc::new(Mutex::new(false));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, e, r) = (screen.clone(), eof.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        s.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
            *e.lock().unwrap() = true;
        });
        OpenSsh {
            master: pair.master,
            writer,
            child,
            screen,
            raw,
            eof,
        }
    }

    /// Every byte the client printed so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn is_alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().screen_mut().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Waits (blocking) until `text` is on the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits (blocking) until the screen satisfies `pred`.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + super::client_wait();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what} from the client; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits for the `ssh` process to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + super::client_wait();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("ssh did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn output_closed(&self) -> bool {
        *self.eof.lock().unwrap()
    }
}

impl Drop for OpenSsh {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
