//! The message catalog's machinery: Project Fluent bundles for Chinese (zh-CN) and
//! English (en-US), built once from `locales/*/pingshen.ftl` (embedded in the binary).
//! Translators edit only those files; `text.rs` asks for messages by id.
//!
//! Messages without variables are formatted once and kept (`fixed`), so a frame costs
//! no formatting for them; messages with variables are formatted per call. Numbers are
//! written the language's way (digit grouping from 1,000; English plurals are chosen
//! in the files with Fluent's plural selectors); dates through the `date-time` message.

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::Lang;

const ZH: &str = include_str!("../../locales/zh-CN/pingshen.ftl");
const EN: &str = include_str!("../../locales/en-US/pingshen.ftl");

struct Catalog {
    bundles: [FluentBundle<FluentResource>; 2],
    /// Every message without variables, formatted, by id.
    fixed: [HashMap<&'static str, &'static str>; 2],
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let zh = bundle("zh-CN", ZH);
        let en = bundle("en-US", EN);
        let fixed = [formatted(&zh, ZH), formatted(&en, EN)];
        Catalog {
            bundles: [zh, en],
            fixed,
        }
    })
}

fn bundle(locale: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/{locale}/pingshen.ftl does not parse: {errors:?}"));
    let langid: unic_langid::LanguageIdentifier = locale.parse().expect("a valid locale");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // No bidi isolation marks: they are invisible characters a terminal would count.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_value));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("locales/{locale}/pingshen.ftl: {errors:?}"));
    bundle
}

/// The messages of a file that format without variables.
fn formatted(bundle: &FluentBundle<FluentResource>, source: &'static str) -> HashMap<&'static str, &'static str> {
    let mut out = HashMap::new();
    for id in message_ids(source) {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            // Formatted once for the life of the process: a few kilobytes in all.
            out.insert(id, &*Box::leak(text.into_owned().into_boxed_str()));
        }
    }
    out
}

/// The ids of the messages of an FTL file (lines `id = ...` at the start of a line).
pub fn message_ids(source: &'static str) -> Vec<&'static str> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

/// Numbers as the language writes them: whole numbers grouped by thousands (both
/// Chinese and English use "1,000"), others as Fluent formats them.
fn format_value<M>(value: &FluentValue, _: &M) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() < 1000.0 || n.options.minimum_fraction_digits.is_some() {
        return None;
    }
    let digits = format!("{}", n.value.abs() as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n.value < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    Some(out)
}

/// A message without variables, if the catalog has it.
pub fn lookup(lang: Lang, id: &str) -> Option<&'static str> {
    catalog().fixed[index(lang)].get(id).copied()
}

/// A message with its variables.
pub fn message(lang: Lang, id: &str, args: &FluentArgs) -> String {
    let bundle = &catalog().bundles[index(lang)];
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        debug_assert!(false, "no message {id} in {lang:?}");
        return id.to_string();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    debug_assert!(errors.is_empty(), "{id} in {lang:?}: {errors:?}");
    text.into_owned()
}

/// A message of the catalog with named variables: `msg!(lang, "id", name = value, ...)`.
macro_rules! msg {
    ($lang:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        #[allow(unused_mut)]
        let mut args = fluent_bundle::FluentArgs::new();
        $( args.set(stringify!($name), $value); )*
        $crate::tui::catalog::message($lang, $id, &args)
    }};
}
pub(crate) use msg;

#[cfg(test)]
mod tests {
    use super::*;

    /// Both files hold the same messages, each with the same variables.
    #[test]
    fn both_languages_have_every_message_with_the_same_variables() {
        let vars = |source: &str| -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
            let mut out = std::collections::BTreeMap::new();
            let mut current = String::new();
            for line in source.lines().filter(|l| !l.starts_with('#')) {
                if line.starts_with(|c: char| c.is_ascii_lowercase())
                    && let Some((id, _)) = line.split_once(" =")
                {
                    current = id.trim().to_string();
                    out.entry(current.clone())
                        .or_insert_with(std::collections::BTreeSet::new);
                }
                let mut rest = line;
                while let Some(at) = rest.find('$') {
                    let name: String = rest[at + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    out.get_mut(&current)
                        .map(|s: &mut std::collections::BTreeSet<String>| s.insert(name.clone()));
                    rest = &rest[at + 1 + name.len()..];
                }
            }
            out
        };
        let (zh, en) = (vars(ZH), vars(EN));
        let zh_ids: Vec<&String> = zh.keys().collect();
        let en_ids: Vec<&String> = en.keys().collect();
        assert_eq!(zh_ids, en_ids, "the two files hold different messages");
        for (id, v) in &zh {
            assert_eq!(Some(v), en.get(id), "{id}: different variables");
        }
        assert!(zh.len() > 300, "{} messages", zh.len());
        // And every message builds (a syntax error would have panicked).
        let _ = catalog();
    }

    /// Every message formats without an error in both languages, whatever numbers its
    /// variables hold (one and many, for the plural selectors).
    #[test]
    fn every_message_formats_in_both_languages() {
        let c = catalog();
        for (lang, source) in [(Lang::Zh, ZH), (Lang::En, EN)] {
            let bundle = &c.bundles[index(lang)];
            for id in message_ids(source) {
                let pattern = bundle.get_message(id).and_then(|m| m.value()).unwrap();
                for n in [1, 2, 1234] {
                    let mut args = FluentArgs::new();
                    for name in source.split('$').skip(1) {
                        let name: String = name
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                            .collect();
                        args.set(name, n);
                    }
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{id} ({lang:?}, {n}): {errors:?}");
                    assert!(
                        !text.trim().is_empty() && !text.contains('{'),
                        "{id} ({lang:?}): {text:?}"
                    );
                }
            }
        }
    }

    /// Every `msg!` of the screens names a message both files have, with exactly the
    /// variables the message uses: a wrong id or a missing variable fails here, not on
    /// a user's screen. (Messages without variables are reached by their typed key,
    /// `text::T`, which the catalog checks when it loads.)
    #[test]
    fn every_message_the_code_formats_exists_with_its_variables() {
        let sources = [
            ("text.rs", include_str!("text.rs")),
            ("refusals.rs", include_str!("refusals.rs")),
            ("applicants.rs", include_str!("screens/applicants.rs")),
            ("board.rs", include_str!("screens/board.rs")),
            ("chair.rs", include_str!("screens/chair.rs")),
            ("file.rs", include_str!("screens/file.rs")),
            ("logins.rs", include_str!("screens/logins.rs")),
            ("office.rs", include_str!("screens/office.rs")),
            ("questions.rs", include_str!("screens/questions.rs")),
            ("revote.rs", include_str!("screens/revote.rs")),
            ("sheet.rs", include_str!("screens/sheet.rs")),
        ];
        let mut calls = 0;
        for (file, source) in sources {
            for call in source.split("msg!(").skip(1) {
                // The macro's arguments, up to its closing parenthesis.
                let mut depth = 1;
                let mut args = vec![String::new()];
                for c in call.chars() {
                    match c {
                        '(' | '[' | '{' => depth += 1,
                        ')' | ']' | '}' => depth -= 1,
                        ',' if depth == 1 => {
                            args.push(String::new());
                            continue;
                        }
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    args.last_mut().unwrap().push(c);
                }
                let Some(id) = args
                    .get(1)
                    .map(|a| a.trim())
                    .and_then(|a| a.strip_prefix('"')?.strip_suffix('"'))
                else {
                    // The macro's own definition.
                    continue;
                };
                let passed: std::collections::BTreeSet<String> = args[2..]
                    .iter()
                    .filter_map(|a| a.split_once(" = ").map(|(name, _)| name.trim().to_string()))
                    .collect();
                for (lang, ftl) in [("zh", ZH), ("en", EN)] {
                    let body: String = ftl
                        .lines()
                        .skip_while(|l| !l.starts_with(&format!("{id} =")))
                        .enumerate()
                        .take_while(|(i, l)| *i == 0 || l.starts_with(' '))
                        .map(|(_, l)| l)
                        .collect();
                    assert!(!body.is_empty(), "{file}: msg!(\"{id}\") has no message in {lang}");
                    let used: std::collections::BTreeSet<String> = body
                        .split('$')
                        .skip(1)
                        .map(|v| {
                            v.chars()
                                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                                .collect()
                        })
                        .collect();
                    assert_eq!(
                        passed, used,
                        "{file}: msg!(\"{id}\") passes other variables than {lang} uses"
                    );
                }
                calls += 1;
            }
        }
        assert!(calls > 50, "only {calls} msg! calls found");
    }

    #[test]
    fn numbers_are_grouped_and_english_chooses_plurals() {
        assert_eq!(
            msg!(Lang::En, "list-position", shown = 1, total = 1200),
            "1 of 1,200 shown"
        );
        assert_eq!(
            msg!(Lang::Zh, "list-position", shown = 1, total = 1200),
            "显示 1 / 共 1,200 名"
        );
        assert_eq!(
            msg!(Lang::En, "todo-draft-group-votes", applicants = 1),
            "draft-vote on 1 applicant"
        );
        assert_eq!(
            msg!(Lang::En, "todo-draft-group-votes", applicants = 8),
            "draft-vote on 8 applicants"
        );
        assert_eq!(
            msg!(Lang::Zh, "todo-draft-group-votes", applicants = 8),
            "对 8 名参评人拟投票"
        );
        assert_eq!(lookup(Lang::Zh, "role-leader"), Some("组长"));
    }
}
