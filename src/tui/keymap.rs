//! Key bindings as data. Each screen has its keymap: rows of (keys, the label the
//! bottom line gives them, the line the help gives them). The bottom line, the help
//! popup, the confirmation's answers and the click targets are all drawn from these
//! rows, so a key shown is a key clickable, and the translations hold only labels:
//! the key names are written here, never in a `.ftl` file.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::input::Key;
use super::text::{T, tr};
use crate::domain::Lang;

/// One row of a keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// The keys the bottom line shows (none: the label alone, such as "type to filter").
    pub hint_keys: &'static [Key],
    /// Every key of the row, as the help lists them.
    pub help_keys: &'static [Key],
    /// The bottom line's label.
    pub hint: Option<T>,
    /// The help's line.
    pub help: Option<T>,
    /// Shown right after the previous hint with one space (a group such as
    /// "1 拟通过 2 拟否决 3 拟弃权"), not two.
    pub tight: bool,
    /// What pressing one of the row's keys does on its screen (`Cmd::None`: the row
    /// only describes keys handled another way, such as typing or a popup's own).
    pub cmd: Cmd,
}

/// What a key row does. Each screen finds the command of a key in its keymap
/// (`command`) and carries it out; a key in no row of the screen does nothing (and
/// the status line says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    None,
    Move,
    Back,
    Help,
    Language,
    Quit,
    Open,
    CheckIn,
    Logins,
    Filter,
    Vote,
    Submit,
    ScoreSheet,
    Opinion,
    Questions,
    GroupPanel,
    ChairPanel,
    Scroll,
    Next,
    Previous,
    Mark,
    Revote,
    AssignLead,
    OpenSwitch,
    OverrideSwitch,
    CloseSwitch,
    CloseWithReason,
    GroupResult,
    Report,
    Write,
    Recommend,
    Add,
    Edit,
    Delete,
    IssueAccounts,
    Export,
    Certificates,
    People,
    StartReview,
    Reset,
    ResetNew,
    Revoke,
    Lift,
    LiftAll,
    Reload,
    Import,
    ImportExperts,
    ImportApplicants,
    Settings,
    Recusals,
    NewCommittee,
    Focus,
    ProposeLeads,
    Sort,
}

impl Binding {
    /// A row on the bottom line and in the help, with the same keys.
    pub const fn both(keys: &'static [Key], hint: T, help: T) -> Binding {
        Binding {
            hint_keys: keys,
            help_keys: keys,
            hint: Some(hint),
            help: Some(help),
            tight: false,
            cmd: Cmd::None,
        }
    }

    /// A row the bottom line shows with fewer keys than the help (`j/k` there,
    /// arrows or `j/k` in the help).
    pub const fn shown(hint_keys: &'static [Key], help_keys: &'static [Key], hint: T, help: T) -> Binding {
        Binding {
            hint_keys,
            help_keys,
            hint: Some(hint),
            help: Some(help),
            tight: false,
            cmd: Cmd::None,
        }
    }

    /// A row of the bottom line only.
    pub const fn hint(keys: &'static [Key], hint: T) -> Binding {
        Binding {
            hint_keys: keys,
            help_keys: keys,
            hint: Some(hint),
            help: None,
            tight: false,
            cmd: Cmd::None,
        }
    }

    /// A row of the help only.
    pub const fn help(keys: &'static [Key], help: T) -> Binding {
        Binding {
            hint_keys: keys,
            help_keys: keys,
            hint: None,
            help: Some(help),
            tight: false,
            cmd: Cmd::None,
        }
    }

    /// The same row, joined to the hint before it by one space.
    pub const fn tight(self) -> Binding {
        Binding { tight: true, ..self }
    }

    /// The same row, doing `cmd`.
    pub const fn does(self, cmd: Cmd) -> Binding {
        Binding { cmd, ..self }
    }
}

/// The command of `key` in a screen's keymap: the first row that has the key and
/// does something.
pub fn command(rows: &[Binding], key: Key) -> Option<Cmd> {
    rows.iter()
        .find(|b| b.cmd != Cmd::None && (b.help_keys.contains(&key) || b.hint_keys.contains(&key)))
        .map(|b| b.cmd)
}

/// How the names of a row's keys are joined: `j/k` on the bottom line, `Esc 或 q` in
/// the help and the confirmation (single characters stay `1/2/3` there too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    Slash,
    Or,
}

/// A key's name as shown. Letters, digits and signs are themselves; the arrows and
/// Space have names in the user's language.
pub fn key_name(lang: Lang, key: Key) -> String {
    match key {
        Key::Char(' ') => tr(lang, T::KeyNameSpace).to_string(),
        Key::Char(c) => c.to_string(),
        Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
        Key::Enter => "Enter".into(),
        Key::Esc => "Esc".into(),
        Key::Tab => "Tab".into(),
        Key::BackTab => "Shift-Tab".into(),
        Key::Backspace => "Backspace".into(),
        Key::Delete => "Delete".into(),
        Key::Up => tr(lang, T::KeyNameUp).to_string(),
        Key::Down => tr(lang, T::KeyNameDown).to_string(),
        Key::Left => "Left".into(),
        Key::Right => "Right".into(),
        Key::Home => "Home".into(),
        Key::End => "End".into(),
        Key::PageUp => "PageUp".into(),
        Key::PageDown => "PageDown".into(),
        Key::F(n) => format!("F{n}"),
    }
}

/// The names of `keys` joined, with where each key's name lies (offset and width in
/// cells). Up and Down together are "the arrow keys".
fn names(lang: Lang, keys: &[Key], join: Join) -> (String, Vec<(u16, u16, Key)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let (name, step) = match (keys[i], keys.get(i + 1)) {
            (Key::Up, Some(Key::Down)) => (tr(lang, T::KeyNameArrows).to_string(), 2),
            (k, _) => (key_name(lang, k), 1),
        };
        if i > 0 {
            let single = |k: Key| matches!(k, Key::Char(c) if c != ' ');
            let sep = if join == Join::Slash || (single(keys[i - 1]) && single(keys[i])) {
                "/"
            } else {
                tr(lang, T::KeyNameOr)
            };
            text.push_str(sep);
        }
        let at = text.width() as u16;
        text.push_str(&name);
        // The arrows' shared name is no button (which of the two would it press?).
        if step == 1 {
            spans.push((at, name.width() as u16, keys[i]));
        }
        i += step;
    }
    (text, spans)
}

/// A line of hints, "keys label" each, with a button per key: a row of one key's
/// button covers its label too, so that "Enter 材料" or "1 拟通过" is clicked whole.
pub struct Hints {
    pub text: String,
    pub buttons: Vec<(Rect, Key)>,
}

fn hints(lang: Lang, rows: &[Binding], join: Join, gap: &str, x: u16, y: u16) -> Hints {
    let mut text = String::new();
    let mut buttons = Vec::new();
    for b in rows.iter().filter(|b| b.hint.is_some()) {
        if !text.is_empty() {
            text.push_str(if b.tight { " " } else { gap });
        }
        let start = x.saturating_add(text.width() as u16);
        let (keys, spans) = names(lang, b.hint_keys, join);
        let label = b.hint.map_or("", |h| tr(lang, h));
        text.push_str(&keys);
        if !keys.is_empty() && !label.is_empty() {
            text.push(' ');
        }
        text.push_str(label);
        let end = x.saturating_add(text.width() as u16);
        let last = spans.len().saturating_sub(1);
        for (i, (at, width, key)) in spans.iter().enumerate() {
            let from = start.saturating_add(*at);
            // The last key's button reaches over the label.
            let to = if i == last { end } else { from.saturating_add(*width) };
            buttons.push((Rect::new(from, y, to.saturating_sub(from), 1), *key));
        }
    }
    Hints { text, buttons }
}

/// The bottom line of a screen drawn at (`x`, `y`), after its leading space.
pub fn footer(lang: Lang, rows: &[Binding], x: u16, y: u16) -> Hints {
    hints(lang, rows, Join::Slash, "  ", x, y)
}

/// A confirmation's answers ("y 或 Enter 确认    n 或 Esc 取消").
pub fn answers(lang: Lang, x: u16, y: u16) -> Hints {
    hints(lang, CONFIRM, Join::Or, "    ", x, y)
}

/// The help's lines of a keymap: "keys：what" in the user's language.
pub fn help_lines(lang: Lang, rows: &[Binding]) -> Vec<String> {
    rows.iter()
        .filter_map(|b| {
            let help = tr(lang, b.help?);
            let (keys, _) = names(lang, b.help_keys, Join::Or);
            Some(if keys.is_empty() {
                help.to_string()
            } else {
                format!("{keys}{}{help}", tr(lang, T::KeyNameColon))
            })
        })
        .collect()
}

use Key::{Char as C, *};

const MOVE_KEYS: &[Key] = &[Up, Down, C('j'), C('k')];
const JK: &[Key] = &[C('j'), C('k')];

/// Moving in a list: `j/k 移动` (arrows too).
pub const MOVE: Binding = Binding::shown(JK, MOVE_KEYS, T::HintMove, T::KeyMove).does(Cmd::Move);
pub const PAGE: Binding = Binding::help(&[PageUp, PageDown], T::KeyPage).does(Cmd::Move);
pub const ENDS: Binding = Binding::help(&[Home, End], T::KeyEnds).does(Cmd::Move);
/// Back to the screen before.
pub const BACK: Binding = Binding::shown(&[Esc], &[Esc, C('q')], T::HintBack, T::KeyBack).does(Cmd::Back);
pub const HELP: Binding = Binding::both(&[C('?')], T::HintHelp, T::KeyHelp).does(Cmd::Help);
/// The keys every screen has, at the end of its help.
pub const GLOBAL: &[Binding] = &[
    Binding::help(&[C('L')], T::KeyLanguage).does(Cmd::Language),
    Binding::help(&[C('?')], T::KeyHelp).does(Cmd::Help),
    Binding::help(&[Ctrl('c')], T::KeyCtrlC),
];

pub const CONFIRM: &[Binding] = &[
    Binding::hint(&[C('y'), Enter], T::HintYes),
    Binding::hint(&[C('n'), Esc], T::HintCancel),
];

pub const HOME: &[Binding] = &[
    MOVE,
    Binding::both(&[Enter], T::HintOpen, T::KeyOpen).does(Cmd::Open),
    Binding::both(&[C('c')], T::HintCheckIn, T::KeyCheckIn).does(Cmd::CheckIn),
    Binding::hint(&[C('L')], T::HintOtherLanguage).does(Cmd::Language),
    HELP,
    Binding::both(&[C('q')], T::HintQuit, T::KeyQuit).does(Cmd::Quit),
];

pub const HOME_OFFICE: &[Binding] = &[
    MOVE,
    Binding::both(&[Enter], T::HintProgress, T::KeyOpen).does(Cmd::Open),
    Binding::both(&[C('n')], T::HintNewCommittee, T::KeyNewCommittee).does(Cmd::NewCommittee),
    Binding::both(&[C('b')], T::HintLoginLimits, T::KeyLogins).does(Cmd::Logins),
    Binding::hint(&[C('L')], T::HintOtherLanguage).does(Cmd::Language),
    HELP,
    Binding::both(&[C('q')], T::HintQuit, T::KeyQuit).does(Cmd::Quit),
];

pub const FILTER: &[Binding] = &[
    Binding::hint(&[], T::HintTypeToFilter),
    Binding::hint(&[Enter], T::HintKeep),
    Binding::hint(&[Esc], T::HintClear),
];

pub const REASON: &[Binding] = &[
    Binding::hint(&[Enter], T::HintConfirm),
    Binding::hint(&[Esc], T::HintCancel),
];

const VOTE: Binding = Binding::both(&[C('1'), C('2'), C('3')], T::HintVote, T::KeyVote).does(Cmd::Vote);
const SUBMIT: Binding = Binding::both(&[C('s')], T::HintSubmit, T::KeySubmit).does(Cmd::Submit);
pub const SCORE_SHEET: Binding = Binding::help(&[C('p')], T::KeyScoreSheet).does(Cmd::ScoreSheet);
pub const OPINION: Binding = Binding::help(&[C('o')], T::KeyOpinion).does(Cmd::Opinion);
pub const QUESTIONS: Binding = Binding::help(&[C('i')], T::KeyQuestions).does(Cmd::Questions);
pub const GROUP_PANEL: Binding = Binding::both(&[C('g')], T::HintLeaderPanel, T::KeyBoard).does(Cmd::GroupPanel);
pub const CHAIR_PANEL: Binding = Binding::both(&[C('d')], T::HintChairPanel, T::KeyChair).does(Cmd::ChairPanel);

pub const LIST: &[Binding] = &[
    MOVE,
    PAGE,
    ENDS,
    Binding::both(&[Enter], T::HintFile, T::KeyOpen).does(Cmd::Open),
    VOTE,
    SUBMIT,
    Binding::both(&[C('/')], T::HintFilter, T::KeyFilter).does(Cmd::Filter),
    Binding::both(&[Tab], T::HintSort, T::KeySort).does(Cmd::Sort),
];

/// The list in the defense modes: `p` scores instead of `/` on the bottom line.
pub const LIST_SCORING: &[Binding] = &[
    MOVE,
    PAGE,
    ENDS,
    Binding::both(&[Enter], T::HintFile, T::KeyOpen).does(Cmd::Open),
    Binding::hint(&[C('p')], T::HintScore).does(Cmd::ScoreSheet),
    VOTE,
    SUBMIT,
    Binding::help(&[C('/')], T::KeyFilter).does(Cmd::Filter),
    Binding::help(&[Tab], T::KeySort).does(Cmd::Sort),
];

pub const FILE: &[Binding] = &[
    Binding::shown(JK, &[Up, Down, C(' ')], T::HintScroll, T::KeyScroll).does(Cmd::Scroll),
    Binding::hint(&[C('1')], T::HintApprove).does(Cmd::Vote),
    Binding::hint(&[C('2')], T::HintReject).tight().does(Cmd::Vote),
    Binding::hint(&[C('3')], T::HintAbstain).tight().does(Cmd::Vote),
    Binding::help(&[C('1'), C('2'), C('3')], T::KeyVote).does(Cmd::Vote),
    SUBMIT,
    Binding::shown(&[C('n')], &[C('n'), C('N')], T::HintNextApplicant, T::KeyNextApplicant).does(Cmd::Next),
];

pub const BOARD: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    PAGE,
    ENDS,
    Binding::both(&[C('a')], T::HintAssignLead, T::KeyAssign).does(Cmd::AssignLead),
    Binding::both(&[C('A')], T::HintProposeLeads, T::KeyProposeLeads).does(Cmd::ProposeLeads),
    // The picker's own keys (it is a popup of its own).
    Binding::help(&[Enter], T::KeyPickerPick),
    Binding::help(&[Esc], T::KeyPickerClose),
    Binding::both(&[C('o')], T::HintOpenSwitch, T::KeyOpenSwitch).does(Cmd::OpenSwitch),
];

pub const BOARD_OVERRIDE: Binding = Binding::help(&[C('O')], T::KeyOverride).does(Cmd::OverrideSwitch);

pub const BOARD_AFTER: &[Binding] = &[
    Binding::both(&[C('x')], T::HintCloseSwitch, T::KeyCloseSwitch).does(Cmd::CloseSwitch),
    Binding::both(&[C('r')], T::HintSubmitResult, T::KeyResult).does(Cmd::GroupResult),
    REVOTE,
];

pub const CHAIR_MOVES: &[Binding] = &[Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move), PAGE, ENDS];

/// The director's switch keys.
pub const CHAIR: &[Binding] = &[
    Binding::both(&[C('o')], T::HintOpenCommitteeSwitch, T::KeyChairOpen).does(Cmd::OpenSwitch),
    Binding::both(&[C('x')], T::HintCloseIt, T::KeyChairClose).does(Cmd::CloseSwitch),
    Binding::help(&[C('X')], T::KeyChairCloseReason).does(Cmd::CloseWithReason),
];

/// Opening a re-vote round (复议) from the leader's or the director's panel.
pub const REVOTE: Binding = Binding::both(&[C('v')], T::HintRevote, T::KeyRevote).does(Cmd::Revote);

/// Choosing the applicants of a re-vote.
pub const REVOTE_PICK: &[Binding] = &[
    Binding::shown(JK, MOVE_KEYS, T::HintMove, T::KeyMove).does(Cmd::Move),
    Binding::both(&[C(' ')], T::HintMark, T::KeyMark).does(Cmd::Mark),
    Binding::both(&[Enter], T::HintRevoteReason, T::KeyRevoteReason).does(Cmd::Next),
    Binding::both(&[Esc], T::HintCancel, T::KeyRevoteCancel).does(Cmd::Back),
];

pub const REPORT: Binding = Binding::both(&[C('r')], T::HintReportResults, T::KeyReport).does(Cmd::Report);

pub const EDITING: &[Binding] = &[
    Binding::hint(&[], T::HintType),
    Binding::hint(&[Backspace], T::HintDeletes),
    Binding::hint(&[Enter], T::HintDone),
    Binding::hint(&[Esc], T::HintCancel),
];

/// Typing a text of several lines (an opinion, a question): Enter starts a new line,
/// Ctrl-S (or F2) saves.
pub const EDITING_LINES: &[Binding] = &[
    Binding::hint(&[], T::HintType),
    Binding::hint(&[Enter], T::HintNewLine),
    Binding::shown(&[Ctrl('s')], &[Ctrl('s'), F(2)], T::HintSave, T::KeySaveText).does(Cmd::Submit),
    Binding::hint(&[Esc], T::HintCancel),
];

pub const SHEET: &[Binding] = &[
    Binding::help(&[], T::KeySheetDigits),
    Binding::hint(&[], T::HintDigitsScore),
    Binding::shown(&[Tab, Enter], &[Tab, Down, Enter], T::HintNext, T::KeySheetNext).does(Cmd::Next),
    Binding::shown(&[Up], &[BackTab, Up], T::HintPrevious, T::KeySheetPrevious).does(Cmd::Previous),
    // Enter on the comment (the field after the last item) writes it.
    Binding::help(&[Enter], T::KeySheetComment),
    Binding::both(&[C('s')], T::HintSubmit, T::KeySheetSubmit).does(Cmd::Submit),
];

pub const OPINION_FORM: &[Binding] = &[
    Binding::both(&[Enter], T::HintWrite, T::KeyOpinionEdit).does(Cmd::Write),
    Binding::both(&[C('1'), C('2'), C('3')], T::HintRecommendation, T::KeyOpinionRecommend).does(Cmd::Recommend),
];

pub const QUESTIONS_FORM: &[Binding] = &[
    Binding::both(&[C('a')], T::HintAdd, T::KeyQuestionAdd).does(Cmd::Add),
    Binding::both(&[Enter], T::HintEdit, T::KeyQuestionEdit).does(Cmd::Edit),
    Binding::both(&[C('x')], T::HintDelete, T::KeyQuestionDelete).does(Cmd::Delete),
];

pub const OFFICE: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[Enter], T::HintApplicants, T::KeyOfficeList).does(Cmd::Open),
    Binding::both(&[C('g')], T::HintGroupPanel, T::KeyOfficeGroup).does(Cmd::GroupPanel),
    Binding::both(&[C('i')], T::HintImport, T::KeyImport).does(Cmd::Import),
    Binding::both(&[C('t')], T::HintSettings, T::KeySettings).does(Cmd::Settings),
    Binding::both(&[C('v')], T::HintRecusals, T::KeyRecusals).does(Cmd::Recusals),
    Binding::both(&[C('a')], T::HintIssueAccounts, T::KeyIssueAccounts).does(Cmd::IssueAccounts),
    Binding::both(&[C('x')], T::HintExport, T::KeyExport).does(Cmd::Export),
    Binding::both(&[C('p')], T::HintPeople, T::KeyPeople).does(Cmd::People),
    Binding::both(&[C('c')], T::HintCertificates, T::KeyCertificates).does(Cmd::Certificates),
    Binding::both(&[C('s')], T::HintStartReview, T::KeyStartReview).does(Cmd::StartReview),
];

/// The leader's bulk assignment of lead reviewers.
pub const LEADS: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[Enter], T::HintChangeRow, T::KeyChangeRow).does(Cmd::Edit),
    Binding::both(&[C('+'), C('-')], T::HintPerApplicant, T::KeyPerApplicant).does(Cmd::Mark),
    Binding::both(&[C('s')], T::HintConfirmLeads, T::KeyConfirmLeads).does(Cmd::Submit),
];

/// The picker of one row of the bulk assignment.
pub const LEADS_PICKER: &[Binding] = &[
    Binding::shown(JK, MOVE_KEYS, T::HintMove, T::KeyMove).does(Cmd::Move),
    Binding::both(&[Enter, C(' ')], T::HintToggleLead, T::KeyToggleLead).does(Cmd::Mark),
    Binding::both(&[Esc], T::HintDone, T::KeyPickerClose).does(Cmd::Back),
];

/// The files of `inbox/`, to import one.
pub const INBOX: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[C('e')], T::HintImportExperts, T::KeyImportExperts).does(Cmd::ImportExperts),
    Binding::both(&[C('a')], T::HintImportApplicants, T::KeyImportApplicants).does(Cmd::ImportApplicants),
    Binding::both(&[Tab], T::HintReportFocus, T::KeyReportFocus).does(Cmd::Focus),
    Binding::both(&[C('r')], T::HintReload, T::KeyReload).does(Cmd::Reload),
];

/// A committee's settings.
pub const SETTINGS: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[Enter], T::HintChange, T::KeyChangeSetting).does(Cmd::Edit),
];

/// A committee's recusals.
pub const RECUSALS: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[C('a')], T::HintAddRecusal, T::KeyAddRecusal).does(Cmd::Add),
    Binding::both(&[C('d')], T::HintRemoveRecusal, T::KeyRemoveRecusal).does(Cmd::Delete),
];

/// Picking the expert, then the applicant, of a new recusal.
pub const RECUSAL_PICK: &[Binding] = &[
    Binding::shown(JK, MOVE_KEYS, T::HintMove, T::KeyMove).does(Cmd::Move),
    Binding::both(&[Enter], T::HintChoose, T::KeyChoose).does(Cmd::Next),
    Binding::both(&[Esc], T::HintCancel, T::KeyPickCancel).does(Cmd::Back),
];

/// A new committee: its name typed, its mode chosen.
pub const NEW_COMMITTEE: &[Binding] = &[
    Binding::hint(&[], T::HintTypeName),
    Binding::both(&[Tab], T::HintNextMode, T::KeyNextMode).does(Cmd::Next),
    Binding::both(&[Enter], T::HintCreate, T::KeyCreate).does(Cmd::Submit),
    Binding::both(&[Esc], T::HintCancel, T::KeyNewCancel).does(Cmd::Back),
];

pub const PEOPLE: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[C('r')], T::HintReset, T::KeyReset).does(Cmd::Reset),
    Binding::both(&[C('n')], T::HintResetNew, T::KeyResetNew).does(Cmd::ResetNew),
    Binding::both(&[C('x')], T::HintRevoke, T::KeyRevoke).does(Cmd::Revoke),
];

pub const LOGINS: &[Binding] = &[
    Binding::help(MOVE_KEYS, T::KeyMove).does(Cmd::Move),
    Binding::both(&[Enter, C('u')], T::HintLiftSelected, T::KeyClearLogin).does(Cmd::Lift),
    Binding::both(&[C('U')], T::HintLiftAll, T::KeyClearLogins).does(Cmd::LiftAll),
    Binding::both(&[C('r')], T::HintReload, T::KeyReload).does(Cmd::Reload),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The text each button covers.
    fn buttons(h: &Hints) -> Vec<(String, Key)> {
        h.buttons
            .iter()
            .map(|(r, k)| {
                let mut col = 0u16;
                let mut s = String::new();
                for ch in h.text.chars() {
                    let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) as u16;
                    if col >= r.x && col < r.x + r.width {
                        s.push(ch);
                    }
                    col += w;
                }
                (s, *k)
            })
            .collect()
    }

    fn with_back(rows: &[Binding]) -> Vec<Binding> {
        let mut v = rows.to_vec();
        v.extend([BACK, HELP]);
        v
    }

    #[test]
    fn the_bottom_line_is_its_keymap_and_every_key_shown_is_a_button() {
        let h = footer(Lang::Zh, &with_back(LIST), 0, 0);
        assert_eq!(
            h.text,
            "j/k 移动  Enter 材料  1/2/3 拟投票  s 提交  / 筛选  Tab 排序  Esc 返回  ? 帮助"
        );
        let want = [
            ("j", C('j')),
            ("k 移动", C('k')),
            ("Enter 材料", Enter),
            ("1", C('1')),
            ("2", C('2')),
            ("3 拟投票", C('3')),
            ("s 提交", C('s')),
            ("/ 筛选", C('/')),
            ("Tab 排序", Tab),
            ("Esc 返回", Esc),
            ("? 帮助", C('?')),
        ];
        let want: Vec<(String, Key)> = want.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(buttons(&h), want);
        let h = footer(Lang::En, &with_back(FILE), 0, 0);
        assert_eq!(
            h.text,
            "j/k scroll  1 approve 2 reject 3 abstain  s submit  n next  Esc back  ? help"
        );
        assert!(buttons(&h).contains(&("2 reject".into(), C('2'))));
    }

    #[test]
    fn confirmations_answer_with_buttons_and_help_names_every_key() {
        let h = answers(Lang::Zh, 1, 9);
        assert_eq!(h.text, "y 或 Enter 确认    n 或 Esc 取消");
        assert_eq!(
            buttons(&Hints {
                text: format!(" {}", h.text),
                buttons: h.buttons.clone()
            }),
            vec![
                ("y".to_string(), C('y')),
                ("Enter 确认".to_string(), Enter),
                ("n".to_string(), C('n')),
                ("Esc 取消".to_string(), Esc),
            ]
        );
        assert!(h.buttons.iter().all(|(r, _)| r.y == 9));
        let help = help_lines(Lang::Zh, &with_back(LIST));
        assert!(help.contains(&"Esc 或 q：返回".to_string()), "{help:?}");
        assert!(help.contains(&"/：筛选".to_string()), "{help:?}");
        assert!(
            help.contains(&"1/2/3：拟通过 / 拟否决 / 拟弃权".to_string()),
            "{help:?}"
        );
        assert_eq!(help[0], "上下方向键 或 j/k：移动");
        let help = help_lines(Lang::En, GLOBAL);
        assert_eq!(help[2], "Ctrl-C: leave");
    }

    /// No translation writes a key: every hint and help text is a label.
    #[test]
    fn translations_hold_labels_only() {
        let all: Vec<&Binding> = [
            HOME,
            HOME_OFFICE,
            FILTER,
            REASON,
            LIST,
            LIST_SCORING,
            FILE,
            BOARD,
            BOARD_AFTER,
            CHAIR_MOVES,
            CHAIR,
            REVOTE_PICK,
            &[REVOTE],
            EDITING,
            EDITING_LINES,
            SHEET,
            OPINION_FORM,
            QUESTIONS_FORM,
            OFFICE,
            INBOX,
            LEADS,
            LEADS_PICKER,
            SETTINGS,
            RECUSALS,
            RECUSAL_PICK,
            NEW_COMMITTEE,
            LOGINS,
            CONFIRM,
            GLOBAL,
        ]
        .iter()
        .flat_map(|rows| rows.iter())
        .collect();
        for lang in [Lang::Zh, Lang::En] {
            for b in &all {
                for t in b.hint.iter().chain(b.help.iter()) {
                    let s = tr(lang, *t);
                    for key in ["Enter", "Esc", "Tab", "Ctrl-", "j/k", "1/2/3"] {
                        assert!(!s.contains(key), "{t:?} in {lang:?} writes the key {key}: {s}");
                    }
                    // No "s：…" or "q: …": a key with its colon.
                    let keyed =
                        s.chars().next().is_some_and(|c| c.is_ascii_graphic()) && s[1..].starts_with([':', '：']);
                    assert!(!keyed, "{t:?} in {lang:?} starts with a key: {s}");
                }
            }
        }
    }
}
