//! The contract between `App` and its screens. A screen (home, applicant list, file,
//! panels, forms, office pages: one file each under `screens/`) is a component: it
//! takes keys, pastes and clicks and answers with a `Step` (effects to run, a screen to
//! open or to go back from, a confirmation to ask, a line for the status bar); it takes
//! the data its loads bring and the live events it cares about; it draws itself into
//! the body of the frame; it names its keys (`keymap`), and what it needs reloaded to
//! be up to date. A screen never sees `App`: what it may read of the session is `Ctx`.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::clicks::Hits;
use super::effects::Effect;
use super::input::Key;
use super::keymap::Binding;
use super::msg::{LoadError, Msg};
use super::text::{self, T};
use super::theme::Palette;
use crate::domain::{GroupPhase, Lang, Refusal, Role, Stage};
use crate::service::{Event, HomeView, Identity};

/// What a screen may read of the session it is shown in.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub identity: &'a Identity,
    pub lang: Lang,
    pub palette: Palette,
    /// The terminal's height, for paging.
    pub height: u16,
    /// The account's committees as last read (kept live by events).
    pub home: Option<&'a HomeView>,
}

impl Ctx<'_> {
    /// Whether this account has the director's panel or the report page (`d`).
    pub fn may_chair(&self) -> bool {
        let r = &self.identity.roles;
        self.identity.is_operator || r.contains(&Role::Director) || r.contains(&Role::Reporter)
    }

    /// Whether this account has the group leader's panel (`g`).
    pub fn may_lead(&self) -> bool {
        self.identity.is_operator || self.identity.roles.contains(&Role::Leader)
    }

    /// Whether the account holds `role` here (the office holds every role).
    pub fn acts_as(&self, role: Role) -> bool {
        self.identity.is_operator || self.identity.roles.contains(&role)
    }

    /// The stage of a committee as this account sees it (its group's phase while the
    /// groups work), and whether a vote switch is open.
    pub fn where_now(&self, committee_id: i32) -> Option<(String, bool)> {
        let card = self.home?.cards.iter().find(|c| c.committee_id == committee_id)?;
        let lang = self.lang;
        Some(match (card.stage, card.group_phase, &card.group) {
            (Stage::Groups, Some(p), Some(g)) => (text::group_with_phase(lang, g, p, false), p == GroupPhase::Voting),
            (stage, _, _) => (
                text::stage_name(lang, stage).to_string(),
                stage == Stage::CommitteeVoting,
            ),
        })
    }
}

/// An irreversible step waiting for the user's yes: what runs on yes, and the text that
/// asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub effect: Effect,
    pub body: T,
    /// The text, when it was written for this one confirmation (else `body`).
    pub text: Option<String>,
}

/// Where the user goes after a key.
#[derive(Debug, Default)]
pub enum Nav {
    #[default]
    Stay,
    /// A screen over this one (Esc comes back here).
    Push(Box<dyn Screen>),
    /// These screens instead of this one, the last on top.
    Replace(Vec<Box<dyn Screen>>),
    /// Back to the screen below, which reloads what it shows.
    Back,
    /// Back to the screen below, and everything on screen is read again (the home view
    /// too).
    BackReload,
}

/// What a screen's answer to an input comes to.
#[derive(Debug, Default)]
pub struct Step {
    pub effects: Vec<Effect>,
    pub nav: Nav,
    pub confirm: Option<Confirm>,
    /// A line for the status bar (true: something was done), until the next key.
    pub status: Option<(bool, String)>,
    pub quit: bool,
}

impl Step {
    /// Nothing happens.
    pub fn none() -> Step {
        Step::default()
    }

    pub fn effect(effect: Effect) -> Step {
        Step::effects(vec![effect])
    }

    pub fn effects(effects: Vec<Effect>) -> Step {
        Step {
            effects,
            ..Step::default()
        }
    }

    /// Opens `screen` over this one and loads what it shows.
    pub fn push(screen: Box<dyn Screen>, load: Effect) -> Step {
        Step {
            effects: vec![load],
            nav: Nav::Push(screen),
            ..Step::default()
        }
    }

    /// These screens instead of this one, loading what the top one shows.
    pub fn replace(screens: Vec<Box<dyn Screen>>, load: Effect) -> Step {
        Step {
            effects: vec![load],
            nav: Nav::Replace(screens),
            ..Step::default()
        }
    }

    pub fn back() -> Step {
        Step {
            nav: Nav::Back,
            ..Step::default()
        }
    }

    pub fn back_reload() -> Step {
        Step {
            nav: Nav::BackReload,
            ..Step::default()
        }
    }

    /// Asks before `effect` runs.
    pub fn confirm(effect: Effect, body: T) -> Step {
        Step {
            confirm: Some(Confirm {
                effect,
                body,
                text: None,
            }),
            ..Step::default()
        }
    }

    /// Asks before `effect` runs, in a text written for it (who, why).
    pub fn confirm_text(effect: Effect, text: String) -> Step {
        Step {
            confirm: Some(Confirm {
                effect,
                body: T::ConfirmSubmitTitle,
                text: Some(text),
            }),
            ..Step::default()
        }
    }

    /// Nothing happens, and the status bar says why (a message of the catalog).
    pub fn fail(message: String) -> Step {
        Step {
            status: Some((false, message)),
            ..Step::default()
        }
    }

    /// The engine's refusal, said before asking the engine (which checks again).
    pub fn refused(lang: Lang, r: &Refusal) -> Step {
        Step::fail(text::refusal(lang, r))
    }

    /// A key this screen has no use for: nothing changes, and the status line says so
    /// (keys that only ever mean "nothing" here, like Left on a list, stay quiet).
    pub fn unbound(lang: Lang, key: Key) -> Step {
        let name = match key {
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::F(n) => format!("F{n}"),
            Key::Tab => "Tab".into(),
            Key::Enter => "Enter".into(),
            _ => return Step::none(),
        };
        Step::fail(text::unbound_key(lang, &name))
    }

    /// The same step, quitting the session too.
    pub fn and_quit(self) -> Step {
        Step { quit: true, ..self }
    }
}

/// Loaded data a screen kept: nothing to say, or why it could not be read.
pub type Taken = Result<Option<LoadError>, Msg>;

/// A load a screen takes: what it read goes to `store`; a failure is for the status
/// line.
pub fn keep<V>(result: Result<V, LoadError>, store: impl FnOnce(V)) -> Taken {
    match result {
        Ok(v) => {
            store(v);
            Ok(None)
        }
        Err(e) => Ok(Some(e)),
    }
}

/// One screen of the interface.
pub trait Screen: std::fmt::Debug + Send {
    /// A short name, for the layout clicks are checked against.
    fn name(&self) -> &'static str;

    /// A key press (after the popups and the global keys had their turn).
    fn key(&mut self, cx: &Ctx, key: Key) -> Step;

    /// Text pasted (bracketed paste).
    fn paste(&mut self, _text: &str) {}

    /// Takes the data of a load meant for it (`Ok`, with the error to show if the load
    /// failed) or hands it back (`Err`) for the screens below.
    fn take(&mut self, msg: Msg) -> Taken {
        Err(msg)
    }

    /// A live event the session heard (committee changes are handled by `App`, with
    /// `committee` and `reloads`); the effects it calls for.
    fn heard(&mut self, _event: &Event) -> Vec<Effect> {
        Vec::new()
    }

    /// An action finished (the status bar shows its outcome); the effects it calls for.
    fn action_done(&mut self, _outcome: &super::msg::ActionOutcome) -> Vec<Effect> {
        Vec::new()
    }

    /// Draws the screen into the frame's body; records its list rows for clicks.
    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits);

    /// The bottom line's keymap, as the screen is now.
    fn footer(&self, cx: &Ctx) -> Vec<Binding>;

    /// The help's keymap (the global keys are added after it).
    fn help(&self, cx: &Ctx) -> Vec<Binding>;

    /// The loads that bring the screen up to date.
    fn reloads(&self) -> Vec<Effect>;

    /// The committee whose data the screen shows.
    fn committee(&self) -> Option<i32> {
        None
    }

    /// Whether text is being typed: then every key goes to the screen, not to the
    /// global keys.
    fn typing(&self) -> bool {
        false
    }

    /// A number for the screen's mode (a picker open, a filter typed), for the layout
    /// clicks are checked against.
    fn mode(&self) -> u8 {
        0
    }

    /// The selected row of the screen's list, for clicks.
    fn selected_row(&self) -> Option<usize> {
        None
    }

    /// Selects a row of the screen's list, clicked.
    fn select_row(&mut self, _index: usize) {}

    /// Whether a second click on a row opens it (as Enter would).
    fn opens_on_click(&self) -> bool {
        false
    }

    /// How many lines one turn of the mouse wheel moves.
    fn wheel_lines(&self) -> usize {
        1
    }

    /// The text of a confirmation this screen asked, where it depends on what the
    /// screen shows now (else the confirmation's own text).
    fn confirm_text(&self, _cx: &Ctx, _confirm: &Confirm) -> Option<String> {
        None
    }

    /// The saves owed before the session ends.
    fn flush(&mut self) -> Vec<Effect> {
        Vec::new()
    }
}

/// The keymap of a screen that goes back with Esc: its rows, Back and Help.
pub fn with_back(mut rows: Vec<Binding>) -> Vec<Binding> {
    rows.push(super::keymap::BACK);
    rows.push(super::keymap::HELP);
    rows
}

/// The bottom line of a writing screen: while text is typed, the typing keys (Esc
/// cancels the typing, it does not go back), else its rows, Back and Help.
pub fn form_footer(typing: bool, rows: &[Binding]) -> Vec<Binding> {
    if typing {
        return [super::keymap::EDITING, &[super::keymap::HELP]].concat();
    }
    with_back(rows.to_vec())
}

/// The bottom line of a screen where a text of several lines is typed: while typing,
/// Enter for a new line and the key that saves; else its rows, Back and Help.
pub fn lines_footer(typing: bool, rows: &[Binding]) -> Vec<Binding> {
    if typing {
        return [super::keymap::EDITING_LINES, &[super::keymap::HELP]].concat();
    }
    with_back(rows.to_vec())
}

/// Whether a key saves a text of several lines (Ctrl-S, or F2 where a terminal keeps
/// Ctrl-S for itself).
pub fn saves_text(key: Key) -> bool {
    matches!(key, Key::Ctrl('s') | Key::F(2))
}

/// The help of a screen that goes back with Esc: its rows and Back.
pub fn help_with_back(mut rows: Vec<Binding>) -> Vec<Binding> {
    rows.push(super::keymap::BACK);
    rows
}
