//! One session's application state, `update(input) -> effects` and a pure `view`.
//! It never touches the network or the database: effects are carried out by the
//! session loop, which feeds the results back as messages.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

mod forms;
mod logins;
mod office;

use self::forms::{Form, Target};
use super::clicks::Hits;
pub use super::effects::{Effect, EffectKey};
use super::input::{Input, Key, Mouse, MouseKind};
use super::keymap::{self, Binding};
use super::text::{self, T, tr};
use super::theme::Palette;
use crate::domain::{Choice, GroupPhase, Lang, Refusal, Role, Stage};
use crate::service::screens::{ApplicantFile, ApplicantLine, CommitteeBoard, GroupBoard, MyVote, ScoreSheetView};
use crate::service::{Event, HomeView, Identity};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// The longest filter text, in characters.
const MAX_FILTER: usize = 64;

/// Everything the application reacts to.
#[derive(Debug, Clone)]
pub enum Msg {
    Input(Input),
    HomeLoaded(Result<HomeView, LoadError>),
    ApplicantsLoaded {
        committee_id: i32,
        lines: Result<Vec<ApplicantLine>, LoadError>,
    },
    FileLoaded {
        applicant_id: i32,
        file: Box<Result<ApplicantFile, LoadError>>,
    },
    BoardLoaded {
        group_id: i32,
        board: Box<Result<GroupBoard, LoadError>>,
    },
    CommitteeBoardLoaded {
        committee_id: i32,
        board: Box<Result<CommitteeBoard, LoadError>>,
    },
    SheetLoaded {
        applicant_id: i32,
        sheet: Box<Result<ScoreSheetView, LoadError>>,
    },
    ProgressLoaded {
        committee_id: i32,
        progress: Box<Result<crate::service::office::CommitteeProgress, LoadError>>,
    },
    LoginBlocksLoaded(Box<Result<Vec<crate::service::LoginBlock>, LoadError>>),
    /// What an action (vote, submit, check-in) came to.
    ActionDone(ActionOutcome),
    Hub(Event),
    /// Live events were missed: read again everything on screen.
    Resync,
    /// The session will be closed for idleness in this many seconds (`None`: a key was
    /// pressed, the warning goes).
    IdleWarning(Option<u64>),
}

/// Why something could not be read: the engine's refusal (shown in the user's
/// language) or a failure.
#[derive(Debug, Clone)]
pub enum LoadError {
    Refused(Refusal),
    /// The disk or database failed; nothing was changed.
    Storage(crate::service::Fault),
    Failed(String),
}

impl From<crate::service::ServiceError> for LoadError {
    fn from(e: crate::service::ServiceError) -> Self {
        use crate::service::ServiceError;
        match e {
            ServiceError::Refused(r) => LoadError::Refused(r),
            ServiceError::NotFound(what) => LoadError::Refused(Refusal::NotFound(what)),
            ServiceError::Store(s) if s.fault().is_some() => {
                tracing::error!(error = %s, "storage fault");
                LoadError::Storage(s.fault().unwrap_or(crate::service::Fault::Io))
            }
            other => LoadError::Failed(other.to_string()),
        }
    }
}

/// The outcome of an action, for the status line.
#[derive(Debug, Clone)]
pub enum ActionOutcome {
    Drafted(Choice),
    Submitted(usize),
    CheckedIn,
    SheetSubmitted(u32),
    /// Accounts issued: how many, and the file of slips on the server.
    AccountsIssued(usize, String),
    /// Files written on the server.
    Exported(Vec<String>),
    /// Done; the catalog key says what.
    Done(T),
    Refused(Refusal),
    /// The disk or database failed; nothing was changed.
    Storage(crate::service::Fault),
    Failed(String),
}

#[derive(Debug)]
enum Screen {
    Home,
    Applicants(ApplicantsScreen),
    /// One applicant's file, over the list it was opened from.
    File(Box<FileScreen>, ApplicantsScreen),
    /// The group leader's panel, over the list it was opened from.
    Board(Box<BoardScreen>, ApplicantsScreen),
    /// The director's panel and the reporter's page, over the list.
    Chair(Box<ChairScreen>, ApplicantsScreen),
    /// A score sheet, opinion or questions, over the screen it was opened from.
    Form(Box<Form>, Box<Screen>),
    /// The office's progress screen of a committee.
    Office(Box<office::OfficeScreen>),
    /// The office's login limits.
    Logins(Box<logins::LoginsScreen>),
}

#[derive(Debug)]
struct ChairScreen {
    committee_id: i32,
    board: Option<CommitteeBoard>,
    state: TableState,
    /// The reason being typed for closing the switch with ballots missing.
    reason: Option<String>,
}

#[derive(Debug)]
struct BoardScreen {
    group_id: i32,
    board: Option<GroupBoard>,
    state: TableState,
    /// Choosing a lead reviewer for an applicant: (applicant, selected expert index).
    picker: Option<(i32, usize)>,
}

impl ChairScreen {
    /// The panel of a committee, not loaded yet.
    fn open(committee_id: i32) -> Box<ChairScreen> {
        Box::new(ChairScreen {
            committee_id,
            board: None,
            state: TableState::default().with_selected(Some(0)),
            reason: None,
        })
    }
}

impl BoardScreen {
    /// The panel of a group, not loaded yet.
    fn open(group_id: i32) -> Box<BoardScreen> {
        Box::new(BoardScreen {
            group_id,
            board: None,
            state: TableState::default().with_selected(Some(0)),
            picker: None,
        })
    }
}

/// An irreversible step waiting for the user's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    SubmitVotes(i32),
    OpenWithOverride(i32),
    CloseGroupSwitch(i32),
    GroupResult(i32),
    CloseCommitteeSwitch(i32),
    /// Closing with ballots missing: the committee and the reason typed.
    CloseWithReason(i32, String),
    Report(i32),
    SubmitSheet(i32),
    DeleteQuestion(i32),
    IssueAccounts(i32),
    ClearLogins(Option<(crate::domain::throttle::KeyKind, String)>),
}

#[derive(Debug)]
struct FileScreen {
    applicant_id: i32,
    name: String,
    file: Option<Box<ApplicantFile>>,
    scroll: u16,
}

#[derive(Debug)]
struct ApplicantsScreen {
    committee_id: i32,
    committee_name: String,
    group_id: Option<i32>,
    /// Whether the committee's mode scores defenses (else no score column).
    scoring: bool,
    /// Whether the mode has interview questions.
    questions: bool,
    lines: Vec<ApplicantLine>,
    filter: String,
    editing_filter: bool,
    state: TableState,
    loaded: bool,
}

impl ApplicantsScreen {
    /// The list of a committee, not loaded yet, the first row selected.
    fn new(committee_id: i32, committee_name: String, group_id: Option<i32>, mode: crate::domain::Mode) -> Self {
        ApplicantsScreen {
            committee_id,
            committee_name,
            group_id,
            scoring: mode.has_scoring(),
            questions: mode.has_questions(),
            lines: Vec::new(),
            filter: String::new(),
            editing_filter: false,
            state: TableState::default().with_selected(Some(0)),
            loaded: false,
        }
    }
}

impl ApplicantsScreen {
    fn visible(&self) -> Vec<&ApplicantLine> {
        let f = self.filter.trim();
        self.lines
            .iter()
            .filter(|a| {
                f.is_empty()
                    || a.name.contains(f)
                    || a.employer.contains(f)
                    || a.specialty.contains(f)
                    || a.applied_title.contains(f)
                    || a.group.contains(f)
            })
            .collect()
    }
}

pub struct App {
    identity: Identity,
    lang: Lang,
    width: u16,
    height: u16,
    home: Option<HomeView>,
    home_selected: usize,
    screen: Screen,
    help_open: bool,
    /// A step waiting for the user's confirmation.
    confirm: Option<Pending>,
    /// The last action's outcome (true: done), shown until the next key.
    status: Option<(bool, String)>,
    error: Option<LoadError>,
    quitting: bool,
    palette: Palette,
    /// The account's committee has reported: a notice covers the screen and any key
    /// leaves.
    ended: bool,
    /// Seconds until the idle close, while the warning is shown.
    idle_warning: Option<u64>,
    /// Group phases heard from events (change number, committee, group, phase), kept
    /// until a home view read after them arrives: one read before would show the old.
    phases_heard: Vec<(u64, i32, i32, GroupPhase)>,
    /// Where the last frame put its key hints and list rows, for clicks, and the
    /// layout it was drawn for: a click that comes before the frame of a new screen or
    /// popup is drawn is ignored, never taken for what the old frame showed there.
    hits: Hits,
    hits_layout: Option<LayoutKey>,
    /// The row a click selected: a second click on it opens it.
    armed: Option<usize>,
}

/// What decides where things are on screen: the screen, its popups and modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LayoutKey {
    screen: std::mem::Discriminant<Screen>,
    confirm: bool,
    help: bool,
    picker: bool,
    editing_filter: bool,
    ended: bool,
    idle: bool,
    status: bool,
}

impl App {
    pub fn new(identity: Identity, width: u16, height: u16, palette: Palette) -> App {
        App {
            palette,
            ended: false,
            idle_warning: None,
            phases_heard: Vec::new(),
            hits: Hits::default(),
            hits_layout: None,
            armed: None,
            lang: identity.lang,
            identity,
            width,
            height,
            home: None,
            home_selected: 0,
            screen: Screen::Home,
            help_open: false,
            confirm: None,
            status: None,
            error: None,
            quitting: false,
        }
    }

    /// The effects to run when the session starts.
    pub fn start(&self) -> Vec<Effect> {
        vec![Effect::LoadHome]
    }

    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Input(Input::Resize(w, h)) => {
                self.width = w;
                self.height = h;
                Vec::new()
            }
            Msg::Input(Input::Key(key)) => self.on_key(key),
            Msg::Input(Input::Mouse(mouse)) => self.on_mouse(mouse),
            Msg::Input(Input::Paste(text)) => {
                // Like a key, a paste answers the idle warning and does nothing else.
                if self.idle_warning.take().is_some() {
                    return Vec::new();
                }
                if matches!(self.screen, Screen::Form(..)) {
                    self.on_form_paste(&text);
                }
                if let Screen::Applicants(s) = &mut self.screen {
                    s.editing_filter = true;
                    // Only the first line of a paste makes sense in a filter.
                    let first = text.lines().next().unwrap_or("");
                    let room = MAX_FILTER.saturating_sub(s.filter.chars().count());
                    s.filter.extend(
                        first
                            .chars()
                            .filter(|c| !c.is_control() && !crate::domain::text::is_invisible(*c))
                            .take(room),
                    );
                    s.state.select(Some(0));
                }
                Vec::new()
            }
            Msg::HomeLoaded(Ok(mut home)) => {
                self.phases_heard.retain(|(seq, ..)| *seq > home.as_of);
                for (_, committee_id, group_id, phase) in &self.phases_heard {
                    patch_phase(&mut home, *committee_id, *group_id, *phase);
                }
                self.home_selected = self.home_selected.min(home.cards.len().saturating_sub(1));
                // The committee reported: the account's work is over (its logins stop).
                if !self.identity.is_operator
                    && !home.cards.is_empty()
                    && home.cards.iter().all(|c| c.stage == Stage::Reported)
                {
                    self.ended = true;
                }
                self.home = Some(home);
                self.error = None;
                Vec::new()
            }
            Msg::HomeLoaded(Err(e)) | Msg::ApplicantsLoaded { lines: Err(e), .. } => {
                self.error = Some(e);
                Vec::new()
            }
            Msg::ApplicantsLoaded {
                committee_id,
                lines: Ok(lines),
            } => {
                if let Screen::Applicants(s) = &mut self.screen
                    && s.committee_id == committee_id
                {
                    s.lines = lines;
                    s.loaded = true;
                    let n = s.visible().len();
                    keep_selection(&mut s.state, n);
                }
                Vec::new()
            }
            Msg::FileLoaded { applicant_id, file } if matches!(self.screen, Screen::Form(..)) => {
                match *file {
                    Ok(file) if file.applicant.id == applicant_id => self.form_file_loaded(file),
                    Ok(_) => {}
                    Err(e) => self.error = Some(e),
                }
                Vec::new()
            }
            Msg::ProgressLoaded { committee_id, progress } => {
                if let Screen::Office(o) = &mut self.screen
                    && o.committee_id == committee_id
                    && let Some(p) = loaded(&mut self.error, *progress)
                {
                    keep_selection(&mut o.state, p.groups.len());
                    o.progress = Some(p);
                }
                Vec::new()
            }
            Msg::LoginBlocksLoaded(blocks) => {
                if let Screen::Logins(l) = &mut self.screen
                    && let Some(b) = loaded(&mut self.error, *blocks)
                {
                    keep_selection(&mut l.state, b.len());
                    l.blocks = Some(b);
                }
                Vec::new()
            }
            Msg::SheetLoaded { applicant_id, sheet } => {
                if let Screen::Form(form, _) = &mut self.screen
                    && let Form::Sheet(f) = form.as_mut()
                    && f.applicant_id == applicant_id
                    && let Some(sheet) = loaded(&mut self.error, *sheet)
                {
                    f.loaded(sheet);
                }
                Vec::new()
            }
            Msg::FileLoaded { applicant_id, file } => {
                if let Screen::File(f, _) = &mut self.screen
                    && f.applicant_id == applicant_id
                    && let Some(file) = loaded(&mut self.error, *file)
                {
                    f.file = Some(Box::new(file));
                }
                Vec::new()
            }
            Msg::BoardLoaded { group_id, board } => {
                if let Screen::Board(b, _) = &mut self.screen
                    && b.group_id == group_id
                    && let Some(board) = loaded(&mut self.error, *board)
                {
                    keep_selection(&mut b.state, board.lines.len());
                    b.board = Some(board);
                }
                Vec::new()
            }
            Msg::CommitteeBoardLoaded { committee_id, board } => {
                if let Screen::Chair(c, _) = &mut self.screen
                    && c.committee_id == committee_id
                    && let Some(board) = loaded(&mut self.error, *board)
                {
                    keep_selection(&mut c.state, board.lines.len());
                    c.board = Some(board);
                }
                Vec::new()
            }
            Msg::ActionDone(outcome) => {
                let lang = self.lang;
                self.form_action_done(&outcome);
                self.status = Some(match outcome {
                    ActionOutcome::Drafted(c) => (true, text::drafted(lang, c)),
                    ActionOutcome::Submitted(n) => (true, text::submitted(lang, n)),
                    ActionOutcome::CheckedIn => (true, tr(lang, T::CheckedIn).to_string()),
                    ActionOutcome::SheetSubmitted(total) => (true, text::sheet_submitted(lang, total)),
                    ActionOutcome::AccountsIssued(n, path) => (true, text::accounts_issued(lang, n, &path)),
                    ActionOutcome::Exported(files) => (true, text::exported(lang, &files)),
                    ActionOutcome::Done(key) => (true, tr(lang, key).to_string()),
                    ActionOutcome::Refused(r) => (false, text::refusal(lang, &r)),
                    ActionOutcome::Storage(f) => (false, text::fault(lang, f)),
                    ActionOutcome::Failed(e) => (false, e),
                });
                Vec::new()
            }
            Msg::Hub(event) => self.on_event(event),
            Msg::Resync => self.reload_effects(),
            Msg::IdleWarning(w) => {
                self.idle_warning = w;
                Vec::new()
            }
        }
    }

    fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            // Events reach only the sessions they concern; this keeps the rule for any
            // other caller.
            _ if !event.concerns(&self.identity) => Vec::new(),
            Event::CommitteeChanged { committee_id, .. } => {
                if self.screen_committee().is_some_and(|c| c != committee_id) {
                    return vec![Effect::LoadHome];
                }
                self.reload_effects()
            }
            Event::GroupPhaseChanged {
                committee_id,
                group_id,
                phase,
                seq,
            } => {
                if let Some(home) = self.home.as_mut() {
                    patch_phase(home, committee_id, group_id, phase);
                }
                self.phases_heard
                    .retain(|(_, c, g, _)| (*c, *g) != (committee_id, group_id));
                self.phases_heard.push((seq, committee_id, group_id, phase));
                Vec::new()
            }
            Event::AccountChanged { .. } => Vec::new(),
            Event::LoginBlocksChanged => match self.screen {
                Screen::Logins(_) => vec![Effect::LoadLoginBlocks],
                _ => Vec::new(),
            },
        }
    }

    /// The committee whose data the current screen shows.
    fn screen_committee(&self) -> Option<i32> {
        fn of(screen: &Screen) -> Option<i32> {
            match screen {
                Screen::Home | Screen::Logins(_) => None,
                Screen::Applicants(s) | Screen::File(_, s) | Screen::Board(_, s) | Screen::Chair(_, s) => {
                    Some(s.committee_id)
                }
                Screen::Form(_, previous) => of(previous),
                Screen::Office(o) => Some(o.committee_id),
            }
        }
        of(&self.screen)
    }

    /// The loads that bring everything on screen up to date (after a change, or
    /// after live events were missed).
    fn reload_effects(&self) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadHome];
        match &self.screen {
            Screen::Home => {}
            Screen::Office(o) => effects.push(Effect::LoadProgress {
                committee_id: o.committee_id,
            }),
            Screen::Logins(_) => effects.push(Effect::LoadLoginBlocks),
            Screen::Applicants(s) => effects.push(Effect::LoadApplicants {
                committee_id: s.committee_id,
            }),
            Screen::Chair(_, s) => effects.push(Effect::LoadCommitteeBoard {
                committee_id: s.committee_id,
            }),
            Screen::Board(b, _) => effects.push(Effect::LoadBoard { group_id: b.group_id }),
            Screen::File(f, s) => {
                effects.push(Effect::LoadApplicants {
                    committee_id: s.committee_id,
                });
                effects.push(Effect::LoadFile {
                    committee_id: s.committee_id,
                    applicant_id: f.applicant_id,
                });
            }
            Screen::Form(form, previous) => {
                let committee_id = match previous.as_ref() {
                    Screen::Applicants(s) | Screen::File(_, s) => s.committee_id,
                    _ => return effects,
                };
                let applicant_id = form.applicant_id();
                effects.push(match form.as_ref() {
                    Form::Sheet(_) => Effect::LoadSheet {
                        committee_id,
                        applicant_id,
                    },
                    _ => Effect::LoadFile {
                        committee_id,
                        applicant_id,
                    },
                });
            }
        }
        effects
    }

    fn on_key(&mut self, key: Key) -> Vec<Effect> {
        self.armed = None;
        if key == Key::Ctrl('c') {
            self.quitting = true;
            // What a score sheet holds on screen is saved on the way out.
            let mut effects = self.form_flush();
            effects.push(Effect::Quit);
            return effects;
        }
        // The key that answers the idle warning does nothing else.
        if self.idle_warning.take().is_some() {
            return Vec::new();
        }
        self.status = None;
        if self.ended {
            self.quitting = true;
            return vec![Effect::Quit];
        }
        if self.help_open {
            if matches!(key, Key::Esc | Key::Char('?') | Key::Char('q') | Key::Enter) {
                self.help_open = false;
            }
            return Vec::new();
        }
        if let Some(pending) = self.confirm.clone() {
            // These steps are final: only an explicit yes goes on.
            return match key {
                Key::Char('y') | Key::Char('Y') | Key::Enter => {
                    self.confirm = None;
                    vec![match pending {
                        Pending::SubmitSheet(applicant_id) => {
                            let (points, comment) = match &self.screen {
                                Screen::Form(form, _) => match form.as_ref() {
                                    Form::Sheet(f) => (f.points(), f.comment.text.clone()),
                                    _ => return Vec::new(),
                                },
                                _ => return Vec::new(),
                            };
                            Effect::SubmitSheet {
                                applicant_id,
                                points,
                                comment,
                            }
                        }
                        Pending::DeleteQuestion(question_id) => Effect::DeleteQuestion { question_id },
                        Pending::IssueAccounts(committee_id) => Effect::IssueAccounts { committee_id },
                        Pending::ClearLogins(which) => Effect::ClearLogins(which),
                        Pending::SubmitVotes(committee_id) => Effect::SubmitVotes { committee_id },
                        Pending::OpenWithOverride(group_id) => Effect::OpenGroupSwitch {
                            group_id,
                            override_scoring: true,
                        },
                        Pending::CloseGroupSwitch(group_id) => Effect::CloseGroupSwitch { group_id },
                        Pending::GroupResult(group_id) => Effect::GroupResult { group_id },
                        Pending::CloseCommitteeSwitch(committee_id) => Effect::CloseCommitteeSwitch {
                            committee_id,
                            reason: None,
                        },
                        Pending::CloseWithReason(committee_id, reason) => Effect::CloseCommitteeSwitch {
                            committee_id,
                            reason: Some(reason),
                        },
                        Pending::Report(committee_id) => Effect::Report { committee_id },
                    }]
                }
                Key::Char('n') | Key::Char('N') | Key::Esc | Key::Char('q') => {
                    self.confirm = None;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        if self.form_editing() {
            return self.on_form_key(key);
        }
        if let Screen::Chair(c, _) = &mut self.screen
            && let Some(reason) = &mut c.reason
        {
            match key {
                Key::Esc => c.reason = None,
                Key::Backspace => {
                    reason.pop();
                }
                Key::Char(ch) if reason.chars().count() < crate::service::review::MAX_REASON => reason.push(ch),
                Key::Enter if reason.trim().is_empty() => {
                    self.status = Some((false, text::refusal(self.lang, &Refusal::ReasonNeeded)));
                }
                Key::Enter => {
                    let reason = reason.trim().to_string();
                    self.confirm = Some(Pending::CloseWithReason(c.committee_id, reason));
                    c.reason = None;
                }
                _ => {}
            }
            return Vec::new();
        }
        if let Screen::Applicants(s) = &mut self.screen
            && s.editing_filter
        {
            match key {
                Key::Esc => {
                    s.filter.clear();
                    s.editing_filter = false;
                }
                Key::Enter => s.editing_filter = false,
                Key::Backspace => {
                    s.filter.pop();
                }
                Key::Char(c) if s.filter.chars().count() < MAX_FILTER => s.filter.push(c),
                Key::Up | Key::Down => {
                    s.editing_filter = false;
                    return self.on_key(key);
                }
                _ => {}
            }
            if let Screen::Applicants(s) = &mut self.screen {
                let n = s.visible().len();
                s.state.select(if n == 0 { None } else { Some(0) });
            }
            return Vec::new();
        }
        match key {
            Key::Char('?') => {
                self.help_open = true;
                Vec::new()
            }
            Key::Char('L') => {
                self.lang = match self.lang {
                    Lang::Zh => Lang::En,
                    Lang::En => Lang::Zh,
                };
                vec![Effect::SaveLanguage(self.lang)]
            }
            _ => match &mut self.screen {
                Screen::Home => self.on_home_key(key),
                Screen::Applicants(_) => self.on_applicants_key(key),
                Screen::File(..) => self.on_file_key(key),
                Screen::Board(..) => self.on_board_key(key),
                Screen::Chair(..) => self.on_chair_key(key),
                Screen::Form(..) => self.on_form_key(key),
                Screen::Office(..) => self.on_office_key(key),
                Screen::Logins(..) => self.on_logins_key(key),
            },
        }
    }

    /// A click presses the key hint under it, picks a list row (a second click on the
    /// picked row opens it, as Enter would); the wheel moves like the arrow keys (three
    /// lines a turn in a file). Anything else is left alone.
    fn on_mouse(&mut self, mouse: Mouse) -> Vec<Effect> {
        // Like a key, a click or a turn of the wheel answers the idle warning and does
        // nothing else.
        if self.idle_warning.take().is_some() {
            return Vec::new();
        }
        let Mouse { kind, column, row } = mouse;
        if kind == MouseKind::Click && self.hits_layout != Some(self.layout_key()) {
            // The screen changed since the frame the click was aimed at was drawn.
            self.armed = None;
            return Vec::new();
        }
        if kind != MouseKind::Click {
            if self.confirm.is_some() || self.help_open || self.ended {
                return Vec::new();
            }
            let key = if kind == MouseKind::WheelUp { Key::Up } else { Key::Down };
            let turns = if matches!(self.screen, Screen::File(..)) { 3 } else { 1 };
            let mut effects = Vec::new();
            for _ in 0..turns {
                effects.extend(self.on_key(key));
            }
            return effects;
        }
        if let Some(key) = self.hits.button_at(column, row) {
            return self.on_key(key);
        }
        // Like a key, a click takes the last message away (and the footer's hints
        // come back).
        self.status = None;
        if self.ended || self.help_open {
            // Any key leaves the ended notice and closes the help, so does a click.
            return self.on_key(Key::Esc);
        }
        let Some(index) = self.hits.row_at(column, row) else {
            return Vec::new();
        };
        // Only a click on the row an earlier click selected opens it: the first click on
        // a row (even one selected already) only selects it.
        let again = self.armed == Some(index) && self.selected_row() == Some(index);
        self.select_row(index);
        self.armed = Some(index);
        let opens = match &self.screen {
            Screen::Home | Screen::Applicants(_) | Screen::Office(_) => true,
            Screen::Board(b, _) => b.picker.is_some(),
            _ => false,
        };
        if again && opens {
            return self.on_key(Key::Enter);
        }
        Vec::new()
    }

    /// The selected row of the screen's list (the lead picker's, while it is open).
    fn selected_row(&self) -> Option<usize> {
        match &self.screen {
            Screen::Home => Some(self.home_selected),
            Screen::Applicants(s) => s.state.selected(),
            Screen::Board(b, _) => b.picker.map(|(_, i)| i).or(b.state.selected()),
            Screen::Chair(c, _) => c.state.selected(),
            Screen::Office(o) => o.state.selected(),
            Screen::Logins(l) => l.state.selected(),
            Screen::File(..) | Screen::Form(..) => None,
        }
    }

    fn select_row(&mut self, index: usize) {
        match &mut self.screen {
            Screen::Home => self.home_selected = index,
            Screen::Applicants(s) => {
                s.editing_filter = false;
                s.state.select(Some(index));
            }
            Screen::Board(b, _) => match &mut b.picker {
                Some((_, i)) => *i = index,
                None => b.state.select(Some(index)),
            },
            Screen::Chair(c, _) => c.state.select(Some(index)),
            Screen::Office(o) => o.state.select(Some(index)),
            Screen::Logins(l) => l.state.select(Some(index)),
            Screen::File(..) | Screen::Form(..) => {}
        }
    }

    fn on_home_key(&mut self, key: Key) -> Vec<Effect> {
        let n = self.home.as_ref().map_or(0, |h| h.cards.len());
        match key {
            Key::Char('q') => {
                self.quitting = true;
                vec![Effect::Quit]
            }
            Key::Up | Key::Char('k') => {
                self.home_selected = self.home_selected.saturating_sub(1);
                Vec::new()
            }
            Key::Down | Key::Char('j') => {
                if self.home_selected + 1 < n {
                    self.home_selected += 1;
                }
                Vec::new()
            }
            Key::Enter => {
                let Some(card) = self.home.as_ref().and_then(|h| h.cards.get(self.home_selected)) else {
                    return Vec::new();
                };
                let committee_id = card.committee_id;
                if self.identity.is_operator {
                    let (name, mode) = (card.name.clone(), card.mode);
                    return self.open_office(committee_id, name, mode);
                }
                self.screen = Screen::Applicants(ApplicantsScreen::new(
                    committee_id,
                    card.name.clone(),
                    card.group_id,
                    card.mode,
                ));
                vec![Effect::LoadApplicants { committee_id }]
            }
            Key::Char('b') if self.identity.is_operator => self.open_logins(),
            Key::Char('c') => match self.home.as_ref().and_then(|h| h.cards.get(self.home_selected)) {
                Some(card) => vec![Effect::CheckIn {
                    committee_id: card.committee_id,
                }],
                None => Vec::new(),
            },
            _ => self.unbound(key),
        }
    }

    fn on_applicants_key(&mut self, key: Key) -> Vec<Effect> {
        let (may_chair, may_lead) = (self.may_chair(), self.may_lead());
        let Screen::Applicants(s) = &mut self.screen else {
            return Vec::new();
        };
        let n = s.visible().len();
        if move_selection(&mut s.state, n, key, self.height) {
            return Vec::new();
        }
        let sel = s.state.selected().unwrap_or(0);
        match key {
            Key::Esc | Key::Char('q') => {
                self.screen = Screen::Home;
                return vec![Effect::LoadHome];
            }
            Key::Char('/') => s.editing_filter = true,
            Key::Char(c @ ('1' | '2' | '3')) => {
                if let Some(line) = s.visible().get(sel) {
                    return vec![Effect::DraftVote {
                        applicant_id: line.id,
                        choice: choice_key(c),
                    }];
                }
            }
            Key::Char('s') => self.confirm = Some(Pending::SubmitVotes(s.committee_id)),
            Key::Char(c @ ('p' | 'o' | 'i')) => {
                let Some(line) = s.visible().get(sel).copied() else {
                    return Vec::new();
                };
                let target = Target {
                    committee_id: s.committee_id,
                    applicant_id: line.id,
                    name: line.name.clone(),
                    recused: line.recused,
                    lead: line.i_am_lead,
                    scoring: s.scoring,
                    questions: s.questions,
                };
                return self.open_writing(c, target);
            }
            Key::Char('d') if !may_chair => return self.unbound(key),
            Key::Char('g') if !may_lead => return self.unbound(key),
            Key::Char('d') => {
                let committee_id = s.committee_id;
                let Screen::Applicants(list) = std::mem::replace(&mut self.screen, Screen::Home) else {
                    return Vec::new();
                };
                self.screen = Screen::Chair(ChairScreen::open(committee_id), list);
                return vec![Effect::LoadCommitteeBoard { committee_id }];
            }
            Key::Char('g') => {
                let Some(group_id) = s.group_id else {
                    return self.unbound(key);
                };
                let Screen::Applicants(list) = std::mem::replace(&mut self.screen, Screen::Home) else {
                    return Vec::new();
                };
                self.screen = Screen::Board(BoardScreen::open(group_id), list);
                return vec![Effect::LoadBoard { group_id }];
            }
            Key::Enter => {
                let Some(line) = s.visible().get(sel).map(|l| (l.id, l.name.clone())) else {
                    return Vec::new();
                };
                let committee_id = s.committee_id;
                let Screen::Applicants(list) = std::mem::replace(&mut self.screen, Screen::Home) else {
                    return Vec::new();
                };
                self.screen = Screen::File(
                    Box::new(FileScreen {
                        applicant_id: line.0,
                        name: line.1,
                        file: None,
                        scroll: 0,
                    }),
                    list,
                );
                return vec![Effect::LoadFile {
                    committee_id,
                    applicant_id: line.0,
                }];
            }
            _ => return self.unbound(key),
        }
        Vec::new()
    }

    fn on_file_key(&mut self, key: Key) -> Vec<Effect> {
        let page = self.height.saturating_sub(6).max(1);
        let Screen::File(f, list) = &mut self.screen else {
            return Vec::new();
        };
        match key {
            Key::Esc | Key::Char('q') => {
                if let Screen::File(_, list) = std::mem::replace(&mut self.screen, Screen::Home) {
                    let committee_id = list.committee_id;
                    self.screen = Screen::Applicants(list);
                    return vec![Effect::LoadApplicants { committee_id }];
                }
            }
            Key::Up | Key::Char('k') => f.scroll = f.scroll.saturating_sub(1),
            Key::Down | Key::Char('j') => f.scroll = f.scroll.saturating_add(1),
            Key::PageUp => f.scroll = f.scroll.saturating_sub(page),
            Key::PageDown | Key::Char(' ') => f.scroll = f.scroll.saturating_add(page),
            Key::Home => f.scroll = 0,
            // The view keeps the scroll inside the text.
            Key::End => f.scroll = u16::MAX,
            Key::Char(c @ ('1' | '2' | '3')) => {
                return vec![Effect::DraftVote {
                    applicant_id: f.applicant_id,
                    choice: choice_key(c),
                }];
            }
            Key::Char('s') => self.confirm = Some(Pending::SubmitVotes(list.committee_id)),
            Key::Char(c @ ('p' | 'o' | 'i')) => {
                let Some(file) = &f.file else {
                    return Vec::new();
                };
                let target = Target {
                    committee_id: list.committee_id,
                    applicant_id: f.applicant_id,
                    name: f.name.clone(),
                    recused: file.recused,
                    lead: file.my_opinion.is_some(),
                    scoring: list.scoring,
                    questions: list.questions,
                };
                return self.open_writing(c, target);
            }
            _ => return self.unbound(key),
        }
        Vec::new()
    }

    fn on_chair_key(&mut self, key: Key) -> Vec<Effect> {
        let Screen::Chair(c, _) = &mut self.screen else {
            return Vec::new();
        };
        let committee_id = c.committee_id;
        let n = c.board.as_ref().map_or(0, |b| b.lines.len());
        if move_selection(&mut c.state, n, key, self.height) {
            return Vec::new();
        }
        match key {
            Key::Esc | Key::Char('q') => {
                if let Screen::Chair(_, list) = std::mem::replace(&mut self.screen, Screen::Home) {
                    self.screen = Screen::Applicants(list);
                    return vec![Effect::LoadApplicants { committee_id }];
                }
            }
            Key::Char('o') => return vec![Effect::OpenCommitteeSwitch { committee_id }],
            Key::Char('x') => {
                // The secret ballot's gate, on what the panel shows (the server checks
                // again): with ballots missing the switch does not close without a reason.
                let refusal = c.board.as_ref().and_then(|b| {
                    (b.stage == Stage::CommitteeVoting)
                        .then(|| crate::domain::ballot::committee_close(ballots_in(b), false).err())
                        .flatten()
                });
                match refusal {
                    Some(r) => self.status = Some((false, text::refusal(self.lang, &r))),
                    None => self.confirm = Some(Pending::CloseCommitteeSwitch(committee_id)),
                }
            }
            Key::Char('X') => match c.board.as_ref().map(|b| b.stage) {
                Some(Stage::CommitteeVoting) => c.reason = Some(String::new()),
                Some(stage) => {
                    let r = Refusal::WrongPhase(crate::domain::Phase::Committee(stage));
                    self.status = Some((false, text::refusal(self.lang, &r)));
                }
                None => {}
            },
            Key::Char('r') => self.confirm = Some(Pending::Report(committee_id)),
            _ => return self.unbound(key),
        }
        Vec::new()
    }

    fn on_board_key(&mut self, key: Key) -> Vec<Effect> {
        let Screen::Board(b, _) = &mut self.screen else {
            return Vec::new();
        };
        let group_id = b.group_id;
        let n = b.board.as_ref().map_or(0, |x| x.lines.len());
        if let Some((applicant_id, i)) = b.picker {
            let experts: Vec<i32> = b
                .board
                .as_ref()
                .map_or(Vec::new(), |x| x.experts.iter().map(|e| e.expert_id).collect());
            match key {
                Key::Up | Key::Char('k') => b.picker = Some((applicant_id, i.saturating_sub(1))),
                Key::Down | Key::Char('j') if i + 1 < experts.len() => b.picker = Some((applicant_id, i + 1)),
                Key::Enter => {
                    b.picker = None;
                    if let Some(expert_id) = experts.get(i) {
                        // Choosing a current lead reviewer removes them.
                        let current = b
                            .board
                            .as_ref()
                            .and_then(|x| x.lines.iter().find(|l| l.id == applicant_id))
                            .is_some_and(|l| l.lead_ids.contains(expert_id));
                        return vec![Effect::AssignLead {
                            applicant_id,
                            expert_id: *expert_id,
                            assign: !current,
                        }];
                    }
                }
                Key::Esc | Key::Char('q') => b.picker = None,
                _ => {}
            }
            return Vec::new();
        }
        if move_selection(&mut b.state, n, key, self.height) {
            return Vec::new();
        }
        let sel = b.state.selected().unwrap_or(0);
        match key {
            Key::Esc | Key::Char('q') => {
                if let Screen::Board(_, list) = std::mem::replace(&mut self.screen, Screen::Home) {
                    let committee_id = list.committee_id;
                    self.screen = Screen::Applicants(list);
                    return vec![Effect::LoadApplicants { committee_id }];
                }
            }
            Key::Char('a') => {
                if let Some(line) = b.board.as_ref().and_then(|x| x.lines.get(sel)) {
                    b.picker = Some((line.id, 0));
                }
            }
            Key::Char('o') => {
                return vec![Effect::OpenGroupSwitch {
                    group_id,
                    override_scoring: false,
                }];
            }
            Key::Char('O') => self.confirm = Some(Pending::OpenWithOverride(group_id)),
            Key::Char('x') => self.confirm = Some(Pending::CloseGroupSwitch(group_id)),
            Key::Char('r') => self.confirm = Some(Pending::GroupResult(group_id)),
            _ => return self.unbound(key),
        }
        Vec::new()
    }

    /// The stage of a committee as this account sees it (its group's phase while the
    /// groups work), with the style that marks it: an open switch stands out.
    fn where_now(&self, committee_id: i32) -> Option<(String, Style)> {
        let card = self
            .home
            .as_ref()?
            .cards
            .iter()
            .find(|c| c.committee_id == committee_id)?;
        let lang = self.lang;
        let (label, open) = match (card.stage, card.group_phase, &card.group) {
            (Stage::Groups, Some(p), Some(g)) => (text::group_with_phase(lang, g, p, false), p == GroupPhase::Voting),
            (stage, _, _) => (
                text::stage_name(lang, stage).to_string(),
                stage == Stage::CommitteeVoting,
            ),
        };
        let style = if open { self.palette.good() } else { Style::new() };
        Some((label, style.add_modifier(Modifier::BOLD)))
    }

    /// Whether this account has the director's panel or the report page (`d`).
    fn may_chair(&self) -> bool {
        let r = &self.identity.roles;
        self.identity.is_operator || r.contains(&Role::Director) || r.contains(&Role::Reporter)
    }

    /// Whether this account has the group leader's panel (`g`).
    fn may_lead(&self) -> bool {
        self.identity.is_operator || self.identity.roles.contains(&Role::Leader)
    }

    /// A key this screen has no use for: nothing changes, and the status line says so
    /// (keys that only ever mean "nothing" here, like Left on a list, stay quiet).
    fn unbound(&mut self, key: Key) -> Vec<Effect> {
        let name = match key {
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::F(n) => format!("F{n}"),
            Key::Tab => "Tab".into(),
            Key::Enter => "Enter".into(),
            _ => return Vec::new(),
        };
        self.status = Some((false, text::unbound_key(self.lang, &name)));
        Vec::new()
    }

    // ---------------------------------------------------------------- view

    pub fn view(&mut self, frame: &mut Frame) {
        let area = frame.area();
        self.hits.clear();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            self.view_too_small(frame, area);
            return;
        }
        let [top, body, footer] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
        self.view_top(frame, top);
        match &self.screen {
            Screen::Home => self.view_home(frame, body),
            Screen::Applicants(_) => self.view_applicants(frame, body),
            Screen::File(..) => self.view_file(frame, body),
            Screen::Board(..) => self.view_board(frame, body),
            Screen::Chair(..) => self.view_chair(frame, body),
            Screen::Form(..) => self.view_form(frame, body),
            Screen::Office(..) => self.view_office(frame, body),
            Screen::Logins(..) => self.view_logins(frame, body),
        }
        self.view_footer(frame, footer);
        // Over a popup, only the popup's own keys can be clicked.
        if self.confirm.is_some() || self.help_open || self.ended || self.idle_warning.is_some() {
            self.hits.clear();
        }
        if self.confirm.is_some() {
            self.view_confirm(frame, area);
        }
        if self.help_open {
            self.view_help(frame, area);
        }
        if self.ended {
            self.view_notice(frame, area, T::EndedTitle, T::EndedBody);
        }
        if let Some(seconds) = self.idle_warning {
            let line = Line::from(format!(" {}", text::idle_warning(self.lang, seconds))).bold();
            let _ = popup(frame, area, 56, tr(self.lang, T::IdleTitle), vec![line]);
        }
        self.hits_layout = Some(self.layout_key());
    }

    fn layout_key(&self) -> LayoutKey {
        LayoutKey {
            screen: std::mem::discriminant(&self.screen),
            confirm: self.confirm.is_some(),
            help: self.help_open,
            picker: matches!(&self.screen, Screen::Board(b, _) if b.picker.is_some()),
            editing_filter: matches!(&self.screen, Screen::Applicants(s) if s.editing_filter)
                || matches!(&self.screen, Screen::Chair(c, _) if c.reason.is_some()),
            ended: self.ended,
            idle: self.idle_warning.is_some(),
            status: self.status.is_some() || self.error.is_some(),
        }
    }

    fn view_too_small(&self, frame: &mut Frame, area: Rect) {
        let lines = vec![
            Line::from(tr(self.lang, T::TooSmallTitle)).bold(),
            Line::from(text::too_small(self.lang, area.width, area.height)),
        ];
        let top = area.height.saturating_sub(2) / 2;
        let inner = Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), wrap_area(inner));
    }

    fn view_top(&self, frame: &mut Frame, area: Rect) {
        let name = if self.identity.is_operator {
            tr(self.lang, T::Operator)
        } else {
            self.identity.display_name.as_str()
        };
        let who = text::who(self.lang, name, &self.identity.username);
        let [left, right] = Layout::horizontal([Constraint::Min(10), Constraint::Length(text_width(&who))]).areas(area);
        let style = Style::new().reversed();
        frame.render_widget(
            Paragraph::new(format!(" {}", tr(self.lang, T::AppTitle))).style(style),
            left,
        );
        frame.render_widget(Paragraph::new(who).style(style), right);
    }

    fn view_footer(&mut self, frame: &mut Frame, area: Rect) {
        if let Some((done, message)) = &self.status {
            let line = Line::from(format!(" {message}"));
            frame.render_widget(Paragraph::new(line).style(self.palette.status(*done)), area);
            return;
        }
        if let Some(e) = &self.error {
            let message = match e {
                LoadError::Refused(r) => text::refusal(self.lang, r),
                LoadError::Storage(f) => text::fault(self.lang, *f),
                LoadError::Failed(e) => text::labelled(self.lang, T::LoadFailed, e),
            };
            let line = Line::from(format!(" {message}"));
            frame.render_widget(Paragraph::new(line).style(self.palette.status(false)), area);
            return;
        }
        let rows = self.footer_keys();
        // After the line's leading space.
        let hints = keymap::footer(self.lang, &rows, area.x + 1, area.y);
        self.hits.buttons.extend(hints.buttons);
        let text = format!(" {}", hints.text);
        frame.render_widget(Paragraph::new(Line::from(text)).style(Style::new().reversed()), area);
    }

    /// The bottom line's keymap of the screen as it is now.
    fn footer_keys(&self) -> Vec<Binding> {
        let reporter_only = !self.identity.is_operator && !self.identity.roles.contains(&Role::Director);
        let (rows, back): (Vec<Binding>, bool) = match &self.screen {
            Screen::Home if self.identity.is_operator => return keymap::HOME_OFFICE.to_vec(),
            Screen::Home => return keymap::HOME.to_vec(),
            Screen::Applicants(s) if s.editing_filter => return keymap::FILTER.to_vec(),
            Screen::Chair(c, _) if c.reason.is_some() => return keymap::REASON.to_vec(),
            Screen::Applicants(s) if s.scoring => (keymap::LIST_SCORING.to_vec(), true),
            Screen::Applicants(_) => (keymap::LIST.to_vec(), true),
            Screen::File(..) => (keymap::FILE.to_vec(), true),
            Screen::Board(..) => {
                let mut k = keymap::BOARD.to_vec();
                k.extend(keymap::BOARD_AFTER);
                (k, true)
            }
            Screen::Chair(..) if reporter_only => (vec![keymap::REPORT], true),
            Screen::Chair(..) => (keymap::CHAIR.iter().copied().chain([keymap::REPORT]).collect(), true),
            Screen::Form(..) => self.form_footer(),
            Screen::Office(..) => (keymap::OFFICE.to_vec(), true),
            Screen::Logins(..) => (keymap::LOGINS.to_vec(), true),
        };
        let mut rows = rows;
        if back {
            rows.push(keymap::BACK);
        }
        rows.push(keymap::HELP);
        rows
    }

    fn view_home(&mut self, frame: &mut Frame, area: Rect) {
        let inner = framed(frame, area, format!(" {} ", tr(self.lang, T::HomeTitle)));
        let Some(home) = &self.home else {
            frame.render_widget(Paragraph::new(tr(self.lang, T::Loading)), inner);
            return;
        };
        if home.cards.is_empty() {
            frame.render_widget(Paragraph::new(tr(self.lang, T::NoCommittees)), inner);
            return;
        }
        let lang = self.lang;
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_top = 0usize;
        // The first line of each card, for clicks.
        let mut starts = Vec::with_capacity(home.cards.len());
        for (i, card) in home.cards.iter().enumerate() {
            starts.push(lines.len());
            let selected = i == self.home_selected;
            if selected {
                selected_top = lines.len();
            }
            let marker = if selected { "> " } else { "  " };
            let title_style = if selected {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(card.name.clone(), title_style),
            ]));
            lines.push(Line::from(format!(
                "    {}    {}",
                text::labelled(lang, T::Mode, text::mode_name(lang, card.mode)),
                text::labelled(lang, T::Stage, text::stage_name(lang, card.stage))
            )));
            if self.identity.is_operator {
                lines.push(Line::from(format!(
                    "    {}",
                    text::counts(lang, card.groups, card.experts, card.applicants)
                )));
            } else {
                let mut l = format!(
                    "    {}",
                    text::labelled(lang, T::Roles, &text::roles_list(lang, &card.roles))
                );
                if let Some(g) = &card.group {
                    let g = match card.group_phase {
                        Some(p) => text::group_with_phase(lang, g, p, true),
                        None => g.clone(),
                    };
                    l.push_str(&format!("    {}", text::labelled(lang, T::Group, &g)));
                }
                lines.push(Line::from(l));
                lines.push(Line::from(format!("    {}", text::labelled(lang, T::Waiting, ""))));
                for todo in &card.todos {
                    lines.push(Line::from(format!("      - {}", text::todo_text(lang, todo))));
                }
            }
            lines.push(Line::from(""));
        }
        // Keep the selected card in view.
        let height = usize::from(inner.height);
        let scroll = selected_top
            .saturating_sub(height.saturating_sub(4).max(1) - 1)
            .min(u16::MAX as usize);
        let total = lines.len();
        frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(total);
            for line in (*start).max(scroll)..end.min(scroll + height) {
                let y = inner.y + (line - scroll) as u16;
                self.hits.rows.push((Rect::new(inner.x, y, inner.width, 1), i));
            }
        }
    }

    fn view_applicants(&mut self, frame: &mut Frame, area: Rect) {
        let (lang, palette) = (self.lang, self.palette);
        let where_now = match &self.screen {
            Screen::Applicants(s) => self.where_now(s.committee_id),
            _ => None,
        };
        let Screen::Applicants(s) = &mut self.screen else {
            return;
        };
        let visible = s.visible();
        let title = format!(
            " {} - {}  {} ",
            tr(lang, T::ApplicantsTitle),
            s.committee_name,
            text::list_position(lang, visible.len(), s.lines.len())
        );
        let block = Block::new().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [filter_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let filter_line = if s.editing_filter || !s.filter.is_empty() {
            let cursor = if s.editing_filter { "_" } else { "" };
            Line::from(format!(" {}{cursor}", text::labelled(lang, T::Filter, &s.filter)))
        } else {
            Line::from(format!(" {}", tr(lang, T::FilterHint))).dim()
        };
        // Where the committee (or the user's group) stands, kept live like the home
        // screen: the vote switch opening shows here without a key.
        let filter_area = match where_now {
            Some((label, style)) => {
                let [left, right] = Layout::horizontal([Constraint::Min(10), Constraint::Length(text_width(&label))])
                    .areas(filter_area);
                frame.render_widget(Paragraph::new(Line::from(label).style(style)), right);
                left
            }
            None => filter_area,
        };
        frame.render_widget(Paragraph::new(filter_line), filter_area);
        if !s.loaded {
            frame.render_widget(Paragraph::new(format!(" {}", tr(lang, T::Loading))), table_area);
            return;
        }
        if visible.is_empty() {
            frame.render_widget(Paragraph::new(format!(" {}", tr(lang, T::NoApplicants))), table_area);
            return;
        }
        // Each column: its header, its width, and its cell per applicant. The group
        // column only appears when the list holds more than one group.
        let scoring = s.scoring;
        let several_groups = visible.iter().any(|a| a.group != visible[0].group);
        let fit = |key: T, cells: &dyn Fn(&ApplicantLine) -> String, min: u16, max: u16| {
            let widest = visible.iter().map(|a| text_width(&cells(a))).max().unwrap_or(0);
            let header = text_width(tr(lang, key));
            Constraint::Length(widest.max(header).clamp(min, max.max(header)))
        };
        let leads = |a: &ApplicantLine| a.leads.join(" ");
        let score = |a: &ApplicantLine| {
            a.score
                .map(|s| format!("{s}({})", s.sheets))
                .unwrap_or_else(|| "-".into())
        };
        let sheet = |a: &ApplicantLine| text::my_sheet_cell(lang, a.my_sheet, a.recused);
        let mut header = vec![
            tr(lang, T::ColName),
            tr(lang, T::ColEmployer),
            tr(lang, T::ColAppliedTitle),
        ];
        let mut widths = vec![
            names_width(lang, visible.iter().map(|a| a.name.as_str())),
            Constraint::Fill(1),
            fit(T::ColAppliedTitle, &|a| a.applied_title.clone(), 8, 12),
        ];
        if several_groups {
            header.push(tr(lang, T::ColGroup));
            widths.push(fit(T::ColGroup, &|a| a.group.clone(), 8, 12));
        }
        header.push(tr(lang, T::ColLeads));
        widths.push(fit(T::ColLeads, &leads, 6, 14));
        if scoring {
            header.extend([tr(lang, T::ColScore), tr(lang, T::ColMySheet)]);
            widths.extend([fit(T::ColScore, &score, 6, 12), fit(T::ColMySheet, &sheet, 6, 10)]);
        }
        header.push(tr(lang, T::ColMyVote));
        widths.push(fit(
            T::ColMyVote,
            &|a| text::vote_cell(lang, a.my_vote, a.recused),
            8,
            11,
        ));
        let header = Row::new(header).bold();
        let rows: Vec<Row> = visible
            .iter()
            .map(|a| {
                let mut cells = vec![
                    Cell::from(a.name.clone()),
                    Cell::from(a.employer.clone()),
                    Cell::from(a.applied_title.clone()),
                ];
                if several_groups {
                    cells.push(Cell::from(a.group.clone()));
                }
                cells.push(Cell::from(leads(a)));
                if scoring {
                    cells.push(Cell::from(score(a)));
                    let style = match a.my_sheet {
                        Some(m) if m.submitted => palette.good(),
                        Some(_) => palette.waiting(),
                        None => Style::new(),
                    };
                    cells.push(Cell::from(sheet(a)).style(style));
                }
                let style = match a.my_vote {
                    Some(MyVote::Draft(c) | MyVote::Submitted(Some(c))) if !a.recused => palette.choice(c),
                    _ => Style::new(),
                };
                cells.push(Cell::from(text::vote_cell(lang, a.my_vote, a.recused)).style(style));
                Row::new(cells)
            })
            .collect();
        let rows_count = rows.len();
        let table = Table::new(rows, widths).header(header);
        draw_list(frame, &mut self.hits, table, table_area, &mut s.state, rows_count);
    }

    fn view_file(&self, frame: &mut Frame, area: Rect) {
        let lang = self.lang;
        let Screen::File(f, _) = &self.screen else {
            return;
        };
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::FileTitle), f.name));
        let Some(file) = &f.file else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let lines = text::file_lines(lang, file);
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let area = wrap_area(inner);
        // Keep the scroll inside the text.
        let total = paragraph.line_count(area.width) as u16;
        let scroll = f.scroll.min(total.saturating_sub(area.height));
        frame.render_widget(paragraph.scroll((scroll, 0)), area);
    }

    fn view_board(&mut self, frame: &mut Frame, area: Rect) {
        let (lang, palette) = (self.lang, self.palette);
        let Screen::Board(b, _) = &mut self.screen else {
            return;
        };
        let Some(board) = &b.board else {
            let block = Block::new().borders(Borders::ALL);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let title = text::board_title(lang, &board.group, board.phase, board.round);
        let block = Block::new().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // Progress of drafts and ballots, then (while the group reviews) what still keeps
        // the switch closed; as many lines as they need, up to a third of the panel.
        let drafting = board.experts.iter().any(|e| e.undrafted > 0);
        let mut progress = vec![Line::from(text::board_progress(lang, board)).style(if drafting {
            palette.waiting()
        } else {
            Style::new()
        })];
        if let Some(gaps) = text::board_gaps(lang, board) {
            progress.push(Line::from(gaps).style(palette.bad()));
        }
        let progress = Paragraph::new(progress).wrap(Wrap { trim: true });
        let progress_height = (progress.line_count(inner.width.saturating_sub(1)) as u16).clamp(2, inner.height / 3);
        // The selected applicant's ballots under the table, as many lines as they take.
        let detail = b
            .state
            .selected()
            .and_then(|i| board.lines.get(i))
            .map(|l| Paragraph::new(text::board_detail(lang, palette, l)).wrap(Wrap { trim: true }));
        let detail_height = detail
            .as_ref()
            .map_or(1, |p| p.line_count(inner.width.saturating_sub(1)) as u16)
            .clamp(1, 4)
            + 1;
        let [progress_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(progress_height),
            Constraint::Min(1),
            Constraint::Length(detail_height),
        ])
        .areas(inner);
        frame.render_widget(progress, wrap_area(progress_area));
        let header = header_row(lang, &[T::ColName, T::ColLeads, T::ColThreshold, T::ColTally]);
        let rows: Vec<Row> = board
            .lines
            .iter()
            .map(|l| {
                Row::new([
                    Cell::from(l.name.clone()),
                    Cell::from(l.leads.join(" ")),
                    Cell::from(text::board_arithmetic(lang, l)),
                    Cell::from(text::board_tally(lang, l)).style(match l.passes {
                        Some(true) => palette.good(),
                        Some(false) => palette.bad(),
                        None => Style::new(),
                    }),
                ])
            })
            .collect();
        let threshold = board
            .lines
            .iter()
            .map(|l| text_width(&text::board_arithmetic(lang, l)))
            .max()
            .unwrap_or(0)
            .max(text_width(tr(lang, T::ColThreshold)));
        let rows_count = rows.len();
        let table = Table::new(
            rows,
            [
                names_width(lang, board.lines.iter().map(|l| l.name.as_str())),
                Constraint::Fill(1),
                Constraint::Length(threshold),
                Constraint::Length(
                    board
                        .lines
                        .iter()
                        .map(|l| text_width(&text::board_tally(lang, l)))
                        .max()
                        .unwrap_or(0)
                        .max(text_width(tr(lang, T::ColTally))),
                ),
            ],
        )
        .header(header);
        draw_list(frame, &mut self.hits, table, table_area, &mut b.state, rows_count);
        // The selected applicant's ballots, wrapped, so no vote is cut off at 80 columns.
        if let Some(detail) = detail {
            let rule = Block::new().borders(Borders::TOP);
            let inner = rule.inner(detail_area);
            frame.render_widget(rule, detail_area);
            frame.render_widget(detail, wrap_area(inner));
        }
        if let Some((applicant_id, i)) = b.picker {
            let current: &[i32] = board
                .lines
                .iter()
                .find(|l| l.id == applicant_id)
                .map_or(&[], |l| l.lead_ids.as_slice());
            let mut names: Vec<Line> = board
                .experts
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let mark = if current.contains(&e.expert_id) { "[x]" } else { "[ ]" };
                    let line = Line::from(format!(" {} {mark} {}", if k == i { ">" } else { " " }, e.name));
                    if k == i { line.reversed() } else { line }
                })
                .collect();
            names.push(Line::from(format!(" {}", tr(lang, T::PickLeadHint))).dim());
            let height = (names.len() as u16 + 2).min(area.height);
            let widest = names.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
            let width = (widest + 3).max(30).min(area.width);
            let popup = Rect {
                x: area.x + (area.width - width) / 2,
                y: area.y + (area.height - height) / 2,
                width,
                height,
            };
            // Over the picker, its names are the rows to click.
            self.hits.rows.clear();
            for k in 0..board.experts.len() {
                let y = popup.y + 1 + k as u16;
                if y + 1 < popup.y + popup.height {
                    self.hits
                        .rows
                        .push((Rect::new(popup.x + 1, y, popup.width.saturating_sub(2), 1), k));
                }
            }
            frame.render_widget(Clear, popup);
            frame.render_widget(
                Paragraph::new(names).block(
                    Block::new()
                        .borders(Borders::ALL)
                        .title(format!(" {} ", tr(lang, T::PickLead))),
                ),
                popup,
            );
        }
    }

    fn view_chair(&mut self, frame: &mut Frame, area: Rect) {
        let (lang, palette) = (self.lang, self.palette);
        let Screen::Chair(c, _) = &mut self.screen else {
            return;
        };
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::ChairTitle)));
        let Some(board) = &c.board else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let [head, table_area] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let [quorum, progress] = text::chair_head(lang, board);
        let quorum_style = if board.quorum_met {
            palette.good()
        } else {
            palette.waiting()
        };
        frame.render_widget(
            Paragraph::new(vec![Line::from(quorum).style(quorum_style), Line::from(progress)]),
            head,
        );
        let header = header_row(lang, &[T::ColName, T::ColGroup, T::ColArithmetic, T::ColResult]);
        let rows: Vec<Row> = board
            .lines
            .iter()
            .map(|l| {
                Row::new([
                    Cell::from(l.name.clone()),
                    Cell::from(l.group.clone()),
                    Cell::from(text::chair_arithmetic(lang, l)),
                    Cell::from(text::chair_result(lang, l.result)).style(match l.result {
                        Some((_, true)) => palette.good(),
                        Some((_, false)) => palette.bad(),
                        None => Style::new(),
                    }),
                ])
            })
            .collect();
        // The arithmetic and the result are never cut (a cut "需同意 14" would read as
        // "需同意 1"); the group column takes what is left.
        let arithmetic = fit_width(
            tr(lang, T::ColArithmetic),
            board.lines.iter().map(|l| text::chair_arithmetic(lang, l)),
        );
        let result = fit_width(
            tr(lang, T::ColResult),
            board.lines.iter().map(|l| text::chair_result(lang, l.result)),
        );
        let rows_count = rows.len();
        let table = Table::new(
            rows,
            [
                names_width(lang, board.lines.iter().map(|l| l.name.as_str())),
                Constraint::Fill(1),
                arithmetic,
                result,
            ],
        )
        .header(header);
        draw_list(frame, &mut self.hits, table, table_area, &mut c.state, rows_count);
        if let Some(reason) = &c.reason {
            let lines = vec![
                Line::from(format!(" {}", text::chair_reason_prompt(lang, ballots_in(board)))),
                Line::from(""),
                Line::from(format!(" {reason}_")).bold(),
            ];
            self.hits.clear();
            let _ = popup(frame, area, 60, tr(lang, T::ChairReasonTitle), lines);
        }
    }

    fn view_confirm(&mut self, frame: &mut Frame, area: Rect) {
        let lang = self.lang;
        let body = match self.confirm {
            Some(Pending::OpenWithOverride(_)) => T::ConfirmOverrideBody,
            Some(Pending::CloseGroupSwitch(_)) => T::ConfirmCloseBody,
            Some(Pending::GroupResult(_)) => T::ConfirmResultBody,
            Some(Pending::CloseCommitteeSwitch(_)) => T::ConfirmChairCloseBody,
            Some(Pending::CloseWithReason(..)) => T::ConfirmChairCloseBody,
            Some(Pending::Report(_)) => T::ConfirmReportBody,
            Some(Pending::SubmitSheet(_)) => T::ConfirmSheetBody,
            Some(Pending::DeleteQuestion(_)) => T::ConfirmDeleteQuestionBody,
            Some(Pending::IssueAccounts(_)) => T::ConfirmIssueAccountsBody,
            Some(Pending::ClearLogins(Some(_))) => T::ConfirmClearLoginBody,
            Some(Pending::ClearLogins(None)) => T::ConfirmClearLoginsBody,
            _ => T::ConfirmSubmitBody,
        };

        let body = match (&self.confirm, &self.screen) {
            (Some(Pending::CloseWithReason(_, reason)), Screen::Chair(c, _)) => match &c.board {
                Some(b) => text::chair_close_with_reason(lang, ballots_in(b), reason),
                None => tr(lang, body).to_string(),
            },
            _ => tr(lang, body).to_string(),
        };
        let mut lines: Vec<Line> = body.split('\n').map(|l| Line::from(format!(" {l}"))).collect();
        // The answers, after a leading space, are the popup's last line.
        let placeholder = keymap::answers(lang, 0, 0).text;
        lines.extend([Line::from(""), Line::from(format!(" {placeholder}")).bold()]);
        let inner = popup(frame, area, 56, tr(lang, T::ConfirmSubmitTitle), lines);
        let last = inner.y + inner.height.saturating_sub(1);
        self.hits
            .buttons
            .extend(keymap::answers(lang, inner.x + 1, last).buttons);
    }

    /// A notice over the whole screen that only a key press dismisses.
    fn view_notice(&self, frame: &mut Frame, area: Rect, title: T, body: T) {
        let lang = self.lang;
        let lines = vec![
            Line::from(format!(" {}", tr(lang, body))),
            Line::from(""),
            Line::from(format!(" {}", tr(lang, T::AnyKeyToLeave))).bold(),
        ];
        let _ = popup(frame, area, 56, tr(lang, title), lines);
    }

    /// The keys of the current screen, for `?`.
    fn help_keys(&self) -> Vec<Binding> {
        let scoring_keys = |s: &ApplicantsScreen| {
            let mut k = Vec::new();
            if s.scoring {
                k.push(keymap::SCORE_SHEET);
            }
            k.push(keymap::OPINION);
            if s.questions {
                k.push(keymap::QUESTIONS);
            }
            k
        };
        let mut keys = match &self.screen {
            Screen::Home if self.identity.is_operator => keymap::HOME_OFFICE.to_vec(),
            Screen::Home => keymap::HOME.to_vec(),
            Screen::Applicants(s) => {
                let mut k = if s.scoring {
                    keymap::LIST_SCORING.to_vec()
                } else {
                    keymap::LIST.to_vec()
                };
                k.extend(scoring_keys(s));
                if self.may_lead() {
                    k.push(keymap::GROUP_PANEL);
                }
                if self.may_chair() {
                    k.push(keymap::CHAIR_PANEL);
                }
                k.push(keymap::BACK);
                k
            }
            Screen::File(_, s) => {
                let mut k = keymap::FILE.to_vec();
                k.extend(scoring_keys(s));
                k.push(keymap::BACK);
                k
            }
            Screen::Board(_, s) => {
                let mut k = keymap::BOARD.to_vec();
                if s.scoring {
                    k.push(keymap::BOARD_OVERRIDE);
                }
                k.extend(keymap::BOARD_AFTER);
                k.push(keymap::BACK);
                k
            }
            Screen::Chair(..) => {
                let r = &self.identity.roles;
                let mut k = keymap::CHAIR_MOVES.to_vec();
                if self.identity.is_operator || r.contains(&Role::Director) {
                    k.extend(keymap::CHAIR);
                }
                if self.identity.is_operator || r.contains(&Role::Reporter) {
                    k.push(keymap::REPORT);
                }
                k.push(keymap::BACK);
                k
            }
            Screen::Form(..) => {
                let mut k = self.form_help();
                k.push(keymap::BACK);
                k
            }
            Screen::Office(..) => {
                let mut k = keymap::OFFICE.to_vec();
                k.push(keymap::BACK);
                k
            }
            Screen::Logins(..) => {
                let mut k = keymap::LOGINS.to_vec();
                k.push(keymap::BACK);
                k
            }
        };
        // The home screen's own help has no `?` line twice: the global keys add it.
        keys.retain(|b| *b != keymap::HELP);
        keys.extend(keymap::GLOBAL);
        keys
    }

    fn view_help(&self, frame: &mut Frame, area: Rect) {
        let lang = self.lang;
        let keys = self.help_keys();
        let mut lines: Vec<Line> = keymap::help_lines(lang, &keys)
            .into_iter()
            .map(|k| Line::from(format!(" {k}")))
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(format!(" {}", tr(lang, T::HelpClose))).dim());
        let _ = popup(frame, area, 76, tr(lang, T::HelpTitle), lines);
    }
}

/// A screen's bordered frame with its title; returns the inside.
fn framed(frame: &mut Frame, area: Rect, title: String) -> Rect {
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Draws a list: the table with its one-line header, the selected row reversed and
/// marked "> ", and records its visible rows for clicks.
fn draw_list(frame: &mut Frame, hits: &mut Hits, table: Table, area: Rect, state: &mut TableState, rows: usize) {
    let table = table
        .row_highlight_style(Style::new().reversed())
        .highlight_symbol("> ");
    frame.render_stateful_widget(table, area, state);
    hits.table_rows(area, 1, state.offset(), rows);
}

/// A bordered box in the middle of `area`, `width` columns wide (or less), as tall as
/// its wrapped text.
/// What the director's panel knows of the ballots, for the close's gate.
fn ballots_in(b: &CommitteeBoard) -> crate::domain::ballot::BallotsIn {
    crate::domain::ballot::BallotsIn {
        missing: b.missing_ballots,
        voters: b.voters,
        quorum_needed: b.quorum_needed,
    }
}

fn popup(frame: &mut Frame, area: Rect, width: u16, title: &str, lines: Vec<Line>) -> Rect {
    let width = width.min(area.width);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Borders, and the one column of slack `wrap_area` keeps.
    let text_width = width.saturating_sub(3).max(1);
    let height = (paragraph.line_count(text_width) as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let block = Block::new().borders(Borders::ALL).title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(paragraph, wrap_area(inner));
    inner
}

/// Display width of a short text plus one column of space, capped at 40.
/// The area a wrapped paragraph may fill. ratatui's wrapping can put a double-width
/// character into the last column, where it spills one column over on a real terminal
/// (onto a border, which then vanishes at the next redraw); one column of slack keeps
/// every wrapped text inside its box.
fn wrap_area(r: Rect) -> Rect {
    Rect {
        width: r.width.saturating_sub(1),
        ..r
    }
}

/// The movement keys of every table: arrows and j/k by one row, PageUp/PageDown by a
/// screen, Home/End to the ends. True when `key` is one of them (even at an end,
/// where it changes nothing).
fn move_selection(state: &mut TableState, rows: usize, key: Key, height: u16) -> bool {
    let page = usize::from(height.saturating_sub(8)).max(1);
    let last = rows.saturating_sub(1);
    let sel = state.selected().unwrap_or(0).min(last);
    let to = match key {
        Key::Up | Key::Char('k') => sel.saturating_sub(1),
        Key::Down | Key::Char('j') => (sel + 1).min(last),
        Key::PageUp => sel.saturating_sub(page),
        Key::PageDown => (sel + page).min(last),
        Key::Home => 0,
        Key::End => last,
        _ => return false,
    };
    state.select((rows > 0).then_some(to));
    true
}

/// A table's header row: its columns' names, bold.
fn header_row(lang: Lang, columns: &[T]) -> Row<'static> {
    Row::new(columns.iter().map(|c| tr(lang, *c))).bold()
}

/// What a load brought: the data, or (kept for the status line) why not.
fn loaded<T>(error: &mut Option<LoadError>, result: Result<T, LoadError>) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            *error = Some(e);
            None
        }
    }
}

/// Keeps a table's selection on a row that exists after the rows were reloaded.
fn keep_selection(state: &mut TableState, rows: usize) {
    let selected = state.selected().unwrap_or(0).min(rows.saturating_sub(1));
    state.select((rows > 0).then_some(selected));
}

/// The documented vote keys: 1 approve, 2 reject, 3 abstain.
fn choice_key(c: char) -> Choice {
    match c {
        '1' => Choice::Approve,
        '2' => Choice::Reject,
        _ => Choice::Abstain,
    }
}

/// A column exactly as wide as its widest cell or its header.
fn fit_width(header: &str, cells: impl Iterator<Item = String>) -> Constraint {
    use unicode_width::UnicodeWidthStr;
    let widest = cells.map(|c| c.width()).max().unwrap_or(0).max(header.width());
    Constraint::Length(widest.min(60) as u16 + 1)
}

/// The name column: as wide as the longest name shown (most are two to four
/// characters; some, such as transliterated names, are longer), within 8 to 16 columns.
fn names_width<'a>(lang: Lang, names: impl Iterator<Item = &'a str>) -> Constraint {
    let widest = names.map(text_width).max().unwrap_or(0);
    Constraint::Length(widest.max(text_width(tr(lang, T::ColName))).clamp(8, 16))
}

fn text_width(s: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;
    (s.width().min(39) as u16) + 1
}

/// Shows a group's new phase on the home view.
fn patch_phase(home: &mut HomeView, committee_id: i32, group_id: i32, phase: GroupPhase) {
    for card in &mut home.cards {
        if card.committee_id == committee_id && card.group_id == Some(group_id) {
            card.group_phase = Some(phase);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::action::Action;
    use crate::service::Reach;
    use crate::service::screens::{ExpertProgress, GroupBoard};
    use crate::tui::backend::RemoteBackend;
    use ratatui::Terminal;

    fn board(undrafted: &[u32]) -> GroupBoard {
        GroupBoard {
            group_id: 1,
            group: "第1组".into(),
            phase: crate::domain::GroupPhase::Review,
            round: 1,
            experts: undrafted
                .iter()
                .enumerate()
                .map(|(i, u)| ExpertProgress {
                    expert_id: i as i32,
                    name: format!("run-g0-e{i}"),
                    undrafted: *u,
                    submitted: false,
                    sheets_missing: 0,
                })
                .collect(),
            lines: vec![],
            scoring: false,
            gaps: Default::default(),
        }
    }

    fn member(account_id: i32, roles: Vec<Role>) -> Identity {
        Identity {
            account_id,
            username: format!("u{account_id}"),
            display_name: format!("u{account_id}"),
            is_operator: false,
            lang: Lang::Zh,
            committee_id: Some(7),
            expert_id: Some(account_id),
            roles,
        }
    }

    /// A draft reloads only the drafter's screens and those overseeing the work; a
    /// change that reaches everyone reloads every screen of the committee, and no other.
    #[test]
    fn committee_changes_reload_only_the_screens_they_can_alter() {
        let mut expert = App::new(member(1, vec![Role::Expert]), 80, 24, Palette::Basic);
        let mut drafter = App::new(member(2, vec![Role::Expert]), 80, 24, Palette::Basic);
        let mut leader = App::new(member(3, vec![Role::Leader]), 80, 24, Palette::Basic);
        let mut director = App::new(member(4, vec![Role::Member, Role::Director]), 80, 24, Palette::Basic);
        let mut office = App::new(Identity::office(), 80, 24, Palette::Basic);
        let mut reporter = App::new(member(5, vec![Role::Member, Role::Reporter]), 80, 24, Palette::Basic);
        let draft = |committee_id| {
            Msg::Hub(Event::CommitteeChanged {
                committee_id,
                reach: Reach::ActorAndOverseers { account_id: 2 },
            })
        };
        assert!(expert.update(draft(7)).is_empty(), "another expert's draft");
        assert!(!drafter.update(draft(7)).is_empty(), "one's own draft");
        assert!(!leader.update(draft(7)).is_empty(), "the leader's counts");
        assert!(!director.update(draft(7)).is_empty(), "the director's counts");
        assert!(!office.update(draft(7)).is_empty(), "the office's progress");
        assert!(!reporter.update(draft(7)).is_empty(), "the reporter's page");
        assert!(drafter.update(draft(8)).is_empty(), "another committee");
        let everyone = Msg::Hub(Event::CommitteeChanged {
            committee_id: 7,
            reach: Reach::Everyone,
        });
        assert!(!expert.update(everyone).is_empty(), "a switch, a stage");
        assert_eq!(
            Reach::of(Action::GroupVoteDraft, 2),
            Reach::ActorAndOverseers { account_id: 2 }
        );
        assert_eq!(Reach::of(Action::GroupSwitchOpen, 2), Reach::Everyone);
        assert_eq!(Reach::of(Action::ScoreSubmit, 2), Reach::Everyone);
    }

    /// A switch heard from its event shows at once, and a home view read before the
    /// change (landing after it) does not bring the old phase back.
    #[test]
    fn a_phase_heard_is_not_undone_by_an_older_read() {
        let view = |phase, as_of| HomeView {
            cards: vec![crate::service::CommitteeCard {
                committee_id: 7,
                name: "c".into(),
                mode: crate::domain::Mode::Expert,
                stage: Stage::Groups,
                roles: vec![Role::Expert],
                group: Some("g".into()),
                group_id: Some(3),
                group_phase: Some(phase),
                groups: 1,
                experts: 5,
                applicants: 2,
                todos: vec![],
            }],
            as_of,
        };
        let phase = |app: &App| app.home.as_ref().unwrap().cards[0].group_phase;
        let mut app = App::new(member(1, vec![Role::Expert]), 80, 24, Palette::Basic);
        app.update(Msg::HomeLoaded(Ok(view(GroupPhase::Review, 0))));
        app.update(Msg::Hub(Event::GroupPhaseChanged {
            committee_id: 7,
            group_id: 3,
            phase: GroupPhase::Voting,
            seq: 1,
        }));
        assert_eq!(phase(&app), Some(GroupPhase::Voting));
        app.update(Msg::HomeLoaded(Ok(view(GroupPhase::Review, 0))));
        assert_eq!(phase(&app), Some(GroupPhase::Voting), "a read from before the change");
        app.update(Msg::HomeLoaded(Ok(view(GroupPhase::Deliberation, 1))));
        assert_eq!(phase(&app), Some(GroupPhase::Deliberation), "a read from after it");
        app.update(Msg::HomeLoaded(Ok(view(GroupPhase::Review, 0))));
        assert_eq!(
            phase(&app),
            Some(GroupPhase::Review),
            "the event is forgotten once read"
        );
    }

    /// What a real terminal shows after these frames: the bytes we send, replayed
    /// through a terminal emulator, must keep every box closed.
    #[test]
    fn wrapped_chinese_text_never_eats_a_border() {
        let mut app = App::new(Identity::office(), 80, 24, Palette::Basic);
        let list = ApplicantsScreen {
            committee_id: 1,
            committee_name: "x".into(),
            group_id: Some(1),
            scoring: false,
            questions: false,
            lines: vec![],
            filter: String::new(),
            editing_filter: false,
            state: TableState::default(),
            loaded: true,
        };
        app.screen = Screen::Board(
            Box::new(BoardScreen {
                group_id: 1,
                board: Some(board(&[2, 2, 2])),
                state: TableState::default(),
                picker: None,
            }),
            list,
        );
        let mut terminal = Terminal::new(RemoteBackend::new(80, 24)).unwrap();
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut vt = vt100::Parser::new(size(24), size(80), 0);
        // These counts make the progress line end with a double-width character exactly
        // at the box's edge, then shrink.
        for counts in [[2, 2, 2], [2, 1, 0], [0, 0, 0]] {
            if let Screen::Board(b, _) = &mut app.screen {
                b.board = Some(board(&counts));
            }
            terminal.draw(|f| app.view(f)).unwrap();
            vt.process(&terminal.backend_mut().take_output());
            let screen = vt.screen().contents();
            for row in screen.lines().skip(2).take(20) {
                assert!(
                    row.ends_with('│'),
                    "a border vanished after {counts:?}: {row:?}\n{screen}"
                );
            }
        }
    }
}
