//! The office's file clients (OpenSSH's `sftp` and `scp`, PuTTY's `psftp`) against a
//! test server, each with no configuration and no known hosts, the password given by
//! an askpass script.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};

use super::TestServer;

/// A client's settings: no configuration, no known hosts, the password from a script.
pub struct Client {
    port: u16,
    askpass: PathBuf,
    fingerprint: String,
    home: tempfile::TempDir,
}

impl Client {
    pub fn new(server: &TestServer, password: &str) -> Client {
        let home = tempfile::tempdir().unwrap();
        let askpass = home.path().join("askpass.sh");
        std::fs::write(&askpass, format!("#!/bin/sh\necho '{password}'\n")).unwrap();
        std::fs::set_permissions(&askpass, std::fs::Permissions::from_mode(0o700)).unwrap();
        Client {
            port: server.addr.port(),
            askpass,
            fingerprint: server.server.as_ref().unwrap().fingerprint.clone(),
            home,
        }
    }

    pub fn openssh(&self, program: &str, port_flag: &str) -> Command {
        super::require(program, "openssh-client");
        let mut c = Command::new(program);
        c.args(super::openssh::CLIENT_OPTIONS);
        c.args([
            "-o",
            "PreferredAuthentications=password",
            "-o",
            "NumberOfPasswordPrompts=1",
            port_flag,
            &self.port.to_string(),
        ]);
        c.env("SSH_ASKPASS", &self.askpass)
            .env("SSH_ASKPASS_REQUIRE", "force")
            .env("DISPLAY", ":0")
            .env("HOME", self.home.path())
            .stdin(std::process::Stdio::null());
        c
    }

    /// `sftp` reading `commands` (not `-b`: batch mode would not ask for a password, so
    /// each command's outcome is read from the output).
    pub fn sftp(&self, user: &str, commands: &str) -> Output {
        let script = self.home.path().join("commands");
        std::fs::write(&script, commands).unwrap();
        let mut c = self.openssh("sftp", "-P");
        c.arg(format!("{user}@127.0.0.1"));
        c.stdin(std::fs::File::open(&script).unwrap());
        c.output().unwrap()
    }

    pub fn scp(&self, from: &str, to: &str) -> Output {
        let mut c = self.openssh("scp", "-P");
        c.args([from, to]);
        c.output().unwrap()
    }

    pub fn psftp(&self, user: &str, password: &str, commands: &str) -> Output {
        let script = self.home.path().join("psftp-commands");
        std::fs::write(&script, commands).unwrap();
        super::require("psftp", "putty-tools");
        Command::new("psftp")
            .args(["-batch", "-P", &self.port.to_string(), "-pw", password, "-hostkey"])
            .arg(&self.fingerprint)
            .args(["-b"])
            .arg(&script)
            .arg(format!("{user}@127.0.0.1"))
            .env("HOME", self.home.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    }
}
