//! `pingshen.toml`: the settings an operator keeps in a file. Every setting is also a
//! command-line flag; a flag given on the command line wins over the file, and the file
//! wins over the flag's default. The file is read with the same parsers as the flags
//! (the settings become flags placed after the user's own), so a value means the same
//! in both places and is refused with the same reason.
//!
//! `contrib/pingshen.toml` documents every setting with its default; a test keeps it
//! in step with [`SETTINGS`] and the flags' defaults.
//!
//! Each setting can also come from an environment variable, [`env_name`] of its key
//! (`server.listen` is `PINGSHEN_SERVER_LISTEN`): the command line wins over the
//! variable, the variable over the file. Which file: `--config`, else
//! `$PINGSHEN_CONFIG` (set but empty: none), else [`SYSTEM_FILE`] when it exists
//! ([`file_to_read`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;

/// One setting of the file: its key (`section.name`), the flag's argument id, and which
/// subcommands it applies to.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    pub arg: &'static str,
    pub applies: Applies,
}

/// Which commands a setting reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Every command with the flag, except `demo`: the demo keeps apart from the real
    /// server (its data folder is rebuilt at every start).
    AllButDemo,
    /// Every command with the flag.
    All,
    /// Only `demo`.
    Demo,
}

/// Every setting the file may hold, in the order `contrib/pingshen.toml` documents them.
pub const SETTINGS: &[Setting] = &[
    s("data", "data", Applies::AllButDemo),
    s("keys", "keys", Applies::AllButDemo),
    s("timezone", "timezone", Applies::All),
    s("database.url", "database", Applies::AllButDemo),
    s("server.listen", "listen", Applies::All),
    s("server.login_grace_seconds", "login_grace", Applies::All),
    s("server.max_auth_tries", "max_auth_tries", Applies::All),
    s("server.max_startups", "max_startups", Applies::All),
    s(
        "server.per_source_max_startups",
        "per_source_max_startups",
        Applies::All,
    ),
    s("server.max_connections", "max_connections", Applies::All),
    s("server.sessions_per_account", "sessions_per_account", Applies::All),
    s("server.idle_timeout_minutes", "idle_timeout", Applies::All),
    s("server.account_limits", "account_limits", Applies::All),
    s("server.address_limits", "address_limits", Applies::All),
    s("server.max_database_mib", "max_database_mib", Applies::All),
    s("server.max_upload_mib", "max_upload_mib", Applies::All),
    s("server.public_address", "public_address", Applies::All),
    s("server.proxy_from", "proxy_from", Applies::All),
    s("log.level", "log_level", Applies::All),
    s("log.format", "log_format", Applies::All),
    s("certificate.issuer", "issuer", Applies::All),
    s("demo.data", "data", Applies::Demo),
    s("demo.keys", "keys", Applies::Demo),
    s("demo.password", "password", Applies::Demo),
];

const fn s(key: &'static str, arg: &'static str, applies: Applies) -> Setting {
    Setting { key, arg, applies }
}

/// The file every command reads when neither `--config` nor `$PINGSHEN_CONFIG` names
/// one, if it exists (the Debian package installs it).
pub const SYSTEM_FILE: &str = "/etc/pingshen/pingshen.toml";

/// The configuration file to read: the `--config` flag's, else `$PINGSHEN_CONFIG`'s
/// (set but empty: no file at all), else [`SYSTEM_FILE`] if `system_exists`.
pub fn file_to_read(flag: Option<&Path>, env: Option<OsString>, system_exists: bool) -> Option<PathBuf> {
    match (flag, env) {
        (Some(path), _) => Some(path.to_path_buf()),
        (None, Some(env)) if env.is_empty() => None,
        (None, Some(env)) => Some(PathBuf::from(env)),
        (None, None) => system_exists.then(|| PathBuf::from(SYSTEM_FILE)),
    }
}

/// The environment variable of a setting: `PINGSHEN_` and its key in capitals, dots as
/// underscores (`server.idle_timeout_minutes` is `PINGSHEN_SERVER_IDLE_TIMEOUT_MINUTES`).
pub fn env_name(setting: &Setting) -> String {
    format!("PINGSHEN_{}", setting.key.replace('.', "_").to_ascii_uppercase())
}

/// Where a setting's value was found, for messages and `pingshen config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An environment variable (its name).
    Env(String),
    /// The configuration file (its path).
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Env(name) => write!(f, "the environment variable {name}"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One setting's value and where it was found.
pub type Found = (&'static Setting, String, Origin);

/// The settings set by environment variables (`var` reads one; set but empty counts as
/// not set). A value that is not UTF-8 is refused, naming the variable.
pub fn from_env(var: impl Fn(&str) -> Option<OsString>) -> Result<Vec<Found>, ConfigError> {
    let mut out = Vec::new();
    for setting in SETTINGS {
        let name = env_name(setting);
        let Some(value) = var(&name).filter(|v| !v.is_empty()) else {
            continue;
        };
        let value = value
            .into_string()
            .map_err(|_| ConfigError(format!("the environment variable {name} is not valid UTF-8")))?;
        out.push((setting, value, Origin::Env(name)));
    }
    Ok(out)
}

/// The environment's settings and the file's (if any), the variables winning over the
/// file for the same key.
pub fn gather(file: Option<&Path>, var: impl Fn(&str) -> Option<OsString>) -> Result<Vec<Found>, ConfigError> {
    let mut found = from_env(var)?;
    if let Some(path) = file {
        for (setting, value) in read(path)? {
            if !found.iter().any(|(s, _, _)| s.key == setting.key) {
                found.push((setting, value, Origin::File(path.to_path_buf())));
            }
        }
    }
    Ok(found)
}

/// A configuration file that cannot be used, with the reason.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// The settings of a file as `(key, value)` pairs, each value as the flag would take it.
/// Unknown keys, tables where a value belongs and values that are neither text, a number
/// nor true/false are refused, naming the key.
pub fn read(path: &Path) -> Result<Vec<(&'static Setting, String)>, ConfigError> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read the configuration file {shown}: {e}")))?;
    parse(&text).map_err(|e| ConfigError(format!("{shown}: {e}")))
}

/// [`read`] of a file's text.
pub fn parse(text: &str) -> Result<Vec<(&'static Setting, String)>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.to_string().trim_end().to_string())?;
    let mut out = Vec::new();
    flatten("", &table, &mut out)?;
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(&'static Setting, String)>) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let setting = SETTINGS.iter().find(|s| s.key == key);
        match (value, setting) {
            (toml::Value::Table(inner), None) if is_section(&key) => flatten(&key, inner, out)?,
            (_, None) => return Err(unknown(&key)),
            (value, Some(setting)) => {
                let value = match value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Boolean(b) => b.to_string(),
                    other => {
                        return Err(format!(
                            "`{key}` must be text, a whole number or true/false, not {}",
                            other.type_str()
                        ));
                    }
                };
                out.push((setting, value));
            }
        }
    }
    Ok(())
}

fn is_section(key: &str) -> bool {
    SETTINGS
        .iter()
        .any(|s| s.key.split_once('.').is_some_and(|(section, _)| section == key))
}

fn unknown(key: &str) -> String {
    let known: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    format!("unknown setting `{key}`; the settings are: {}", known.join(", "))
}

/// The command line with the settings found (environment, file) added as flags, for
/// the command the user gave: only the settings that apply to it and whose flag the
/// user did not give. Every setting found is checked first with its flag's parser,
/// whatever the command, so a mistake shows at once.
pub fn apply(
    cmd: &clap::Command,
    matches: &clap::ArgMatches,
    mut args: Vec<OsString>,
    settings: &[Found],
) -> Result<Vec<OsString>, ConfigError> {
    let mut cmd = cmd.clone();
    cmd.build();
    for (setting, value, origin) in settings {
        check(&cmd, setting, value).map_err(|e| ConfigError(format!("{origin}: {e}")))?;
    }
    let (leaf_cmd, leaf_matches) = leaf(&cmd, matches);
    for (setting, value, _) in settings {
        let Some(arg) = applicable(leaf_cmd, setting) else {
            continue;
        };
        let given = matches!(
            leaf_matches.value_source(setting.arg),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        );
        if !given {
            let long = arg.get_long().expect("every setting is a long flag");
            args.push(format!("--{long}={value}").into());
        }
    }
    Ok(args)
}

/// Whether a setting reaches the command of that name (if it has the flag).
pub fn reaches(setting: &Setting, command: &str) -> bool {
    match setting.applies {
        Applies::All => true,
        Applies::AllButDemo => command != "demo",
        Applies::Demo => command == "demo",
    }
}

/// The flag of `setting` on `cmd`, if the setting reaches that command.
fn applicable<'a>(cmd: &'a clap::Command, setting: &Setting) -> Option<&'a clap::Arg> {
    if !reaches(setting, cmd.get_name()) {
        return None;
    }
    cmd.get_arguments().find(|a| a.get_id() == setting.arg)
}

/// Runs the value through the parser of the setting's flag: parses a command line of
/// the first command the setting reaches that needs nothing else.
fn check(cmd: &clap::Command, setting: &Setting, value: &str) -> Result<(), String> {
    // A setting of commands that all need other arguments (`certificate.issuer` of
    // `certificate issue`) is parsed there; only the missing arguments are forgiven.
    let Some(path) = first_with(cmd, setting, Vec::new(), false).or_else(|| first_with(cmd, setting, Vec::new(), true))
    else {
        unreachable!("setting {} has no flag", setting.key)
    };
    let mut owner = cmd;
    for name in &path {
        owner = owner.find_subcommand(name).expect("found above");
    }
    let arg = applicable(owner, setting).expect("found above");
    let long = arg.get_long().expect("every setting is a long flag");
    let mut line = vec![cmd.get_name().to_string()];
    line.extend(path);
    line.push(format!("--{long}={value}"));
    let parsed = cmd.clone().try_get_matches_from(line);
    if let Err(e) = &parsed
        && e.kind() == clap::error::ErrorKind::MissingRequiredArgument
    {
        return Ok(());
    }
    parsed.map(|_| ()).map_err(|e| {
        let text = e.to_string();
        // clap's reason, with its list of possible values, without the usage lines.
        let lines: Vec<&str> = text
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        let reason = lines.join(" ").trim_start_matches("error: ").to_string();
        format!("`{}` = {value:?} (the flag --{long}): {reason}", setting.key)
    })
}

/// The path of subcommands to the first leaf command the setting reaches and that has
/// no required argument (or, `with_required`, any leaf the setting reaches).
fn first_with(cmd: &clap::Command, setting: &Setting, path: Vec<String>, with_required: bool) -> Option<Vec<String>> {
    let leaf = !cmd.has_subcommands();
    if leaf
        && applicable(cmd, setting).is_some()
        && (with_required || !cmd.get_arguments().any(|a| a.is_required_set()))
    {
        return Some(path);
    }
    cmd.get_subcommands().find_map(|sub| {
        let mut path = path.clone();
        path.push(sub.get_name().to_string());
        first_with(sub, setting, path, with_required)
    })
}

/// The innermost subcommand given, with its matches.
fn leaf<'a>(cmd: &'a clap::Command, matches: &'a clap::ArgMatches) -> (&'a clap::Command, &'a clap::ArgMatches) {
    match matches.subcommand() {
        Some((name, sub)) => match cmd.find_subcommand(name) {
            Some(sub_cmd) => leaf(sub_cmd, sub),
            None => (cmd, matches),
        },
        None => (cmd, matches),
    }
}

/// Where a setting's value came from, for `pingshen config`: `user` holds what the
/// user typed, `effective` the same with the settings `found` added.
pub fn source_of(user: &clap::ArgMatches, effective: &clap::ArgMatches, setting: &Setting, found: &[Found]) -> String {
    let id = setting.arg;
    match (user.value_source(id), effective.value_source(id)) {
        (Some(ValueSource::CommandLine), _) => "command line".into(),
        (_, Some(ValueSource::CommandLine)) => match found.iter().find(|(s, _, _)| s.key == setting.key) {
            Some((_, _, Origin::Env(name))) => format!("environment ({name})"),
            _ => "file".into(),
        },
        (_, Some(ValueSource::DefaultValue)) => "default".into(),
        _ => "not set".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_refusals() {
        let got =
            parse("data = \"/var/lib/pingshen\"\n[server]\nidle_timeout_minutes = 10\n[log]\nformat = \"json\"\n")
                .unwrap();
        let mut pairs: Vec<(&str, &str)> = got.iter().map(|(s, v)| (s.key, v.as_str())).collect();
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("data", "/var/lib/pingshen"),
                ("log.format", "json"),
                ("server.idle_timeout_minutes", "10"),
            ]
        );
        let e = parse("[server]\nidle_timeout = 10\n").unwrap_err();
        assert!(e.starts_with("unknown setting `server.idle_timeout`"), "{e}");
        assert!(e.contains("server.idle_timeout_minutes"), "{e}");
        let e = parse("[sever]\nlisten = \"x\"\n").unwrap_err();
        assert!(e.starts_with("unknown setting `sever`"), "{e}");
        let e = parse("data = [\"a\"]\n").unwrap_err();
        assert!(e.contains("`data` must be text"), "{e}");
        let e = parse("[server\n").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
        let e = parse("[server.listen]\n").unwrap_err();
        assert!(e.contains("`server.listen` must be text"), "{e}");
    }

    #[test]
    fn which_file_and_the_environment() {
        let flag = Path::new("/srv/p.toml");
        assert_eq!(
            file_to_read(Some(flag), Some("/x".into()), true),
            Some(flag.to_path_buf())
        );
        assert_eq!(file_to_read(None, Some("/x".into()), true), Some(PathBuf::from("/x")));
        assert_eq!(file_to_read(None, Some("".into()), true), None);
        assert_eq!(file_to_read(None, None, true), Some(PathBuf::from(SYSTEM_FILE)));
        assert_eq!(file_to_read(None, None, false), None);

        let names: Vec<String> = SETTINGS.iter().map(env_name).collect();
        assert!(names.contains(&"PINGSHEN_SERVER_IDLE_TIMEOUT_MINUTES".to_string()));
        assert!(names.contains(&"PINGSHEN_DATA".to_string()));
        assert!(names.contains(&"PINGSHEN_DEMO_DATA".to_string()));
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "one variable per setting");

        let env = |name: &str| match name {
            "PINGSHEN_LOG_LEVEL" => Some(OsString::from("debug")),
            "PINGSHEN_TIMEZONE" => Some(OsString::new()),
            _ => None,
        };
        let found = from_env(env).unwrap();
        assert_eq!(found.len(), 1, "an empty variable counts as not set");
        assert_eq!((found[0].0.key, found[0].1.as_str()), ("log.level", "debug"));
        assert_eq!(found[0].2, Origin::Env("PINGSHEN_LOG_LEVEL".into()));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        std::fs::write(&file, "timezone = \"UTC\"\n[log]\nlevel = \"warn\"\n").unwrap();
        let all = gather(Some(&file), env).unwrap();
        let level: Vec<&str> = all
            .iter()
            .filter(|f| f.0.key == "log.level")
            .map(|f| f.1.as_str())
            .collect();
        assert_eq!(level, ["debug"], "the variable wins over the file");
        assert!(
            all.iter()
                .any(|f| f.0.key == "timezone" && f.2 == Origin::File(file.clone()))
        );
    }
}
