//! `pingshen.toml`: the settings an operator keeps in a file. Every setting is also a
//! command-line flag; a flag given on the command line wins over the file, and the file
//! wins over the flag's default. The file is read with the same parsers as the flags
//! (the settings become flags placed after the user's own), so a value means the same
//! in both places and is refused with the same reason.
//!
//! `contrib/pingshen.toml` documents every setting with its default; a test keeps it
//! in step with [`SETTINGS`] and the flags' defaults.

use std::ffi::OsString;
use std::path::Path;

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

/// [`read`] the file and [`apply`] its settings to the command line.
pub fn apply_file(
    cmd: &clap::Command,
    matches: &clap::ArgMatches,
    args: Vec<OsString>,
    path: &Path,
) -> Result<Vec<OsString>, ConfigError> {
    apply(cmd, matches, args, path, &read(path)?)
}

/// The command line with the file's settings added as flags, for the command the user
/// gave: only the settings that apply to it and whose flag the user did not give. Every
/// setting of the file is checked first with its flag's parser, whatever the command,
/// so a mistake in the file shows at once.
pub fn apply(
    cmd: &clap::Command,
    matches: &clap::ArgMatches,
    mut args: Vec<OsString>,
    path: &Path,
    settings: &[(&'static Setting, String)],
) -> Result<Vec<OsString>, ConfigError> {
    let mut cmd = cmd.clone();
    cmd.build();
    for (setting, value) in settings {
        check(&cmd, setting, value).map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
    }
    let (leaf_cmd, leaf_matches) = leaf(&cmd, matches);
    for (setting, value) in settings {
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
/// user typed, `effective` the same with the file's settings added.
pub fn source_of(user: &clap::ArgMatches, effective: &clap::ArgMatches, id: &str) -> &'static str {
    match (user.value_source(id), effective.value_source(id)) {
        (Some(ValueSource::CommandLine), _) => "command line",
        (Some(ValueSource::EnvVariable), _) => "environment",
        (_, Some(ValueSource::CommandLine)) => "file",
        (_, Some(ValueSource::DefaultValue)) => "default",
        _ => "not set",
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
}
