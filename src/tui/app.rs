//! One session's application: a stack of screens (`screens/`, each a component behind
//! `screen::Screen`), the status line, the popups, and the keys every screen has. It
//! never touches the network or the database: `update(msg)` answers with effects,
//! which the session loop carries out (`effects::perform`) and feeds back as messages;
//! `view` draws a frame.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::clicks::Hits;
pub use super::effects::{Effect, EffectKey};
use super::input::{Input, Key, Mouse, MouseKind};
use super::keymap;
pub use super::msg::{ActionOutcome, LoadError, Msg};
use super::screen::{Confirm, Ctx, Nav, Screen, Step};
use super::screens::home::HomeScreen;
use super::screens::popups;
use super::text::{self, T, tr};
use super::theme::Palette;
use super::widgets::{text_width, wrap_area};
use crate::domain::{GroupPhase, Lang, Stage};
use crate::service::{Event, HomeView, Identity};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct App {
    identity: Identity,
    lang: Lang,
    width: u16,
    height: u16,
    palette: Palette,
    home: Option<HomeView>,
    /// The screens, the home screen at the bottom (never left), the one shown on top.
    screens: Vec<Box<dyn Screen>>,
    help_open: bool,
    /// A step waiting for the user's confirmation.
    confirm: Option<Confirm>,
    /// The last action's outcome (true: done), shown until the next key.
    status: Option<(bool, String)>,
    error: Option<LoadError>,
    quitting: bool,
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

/// What decides where things are on screen: the screen, its mode, the popups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LayoutKey {
    screen: &'static str,
    depth: usize,
    mode: u8,
    confirm: bool,
    help: bool,
    ended: bool,
    idle: bool,
    status: bool,
}

/// What the screens may read of the session (the fields, so that the top screen can
/// be borrowed at the same time).
macro_rules! cx {
    ($app:ident) => {
        Ctx {
            identity: &$app.identity,
            lang: $app.lang,
            palette: $app.palette,
            height: $app.height,
            home: $app.home.as_ref(),
        }
    };
}

impl App {
    pub fn new(identity: Identity, width: u16, height: u16, palette: Palette) -> App {
        App {
            lang: identity.lang,
            identity,
            width,
            height,
            palette,
            home: None,
            screens: vec![Box::new(HomeScreen::default())],
            help_open: false,
            confirm: None,
            status: None,
            error: None,
            quitting: false,
            ended: false,
            idle_warning: None,
            phases_heard: Vec::new(),
            hits: Hits::default(),
            hits_layout: None,
            armed: None,
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

    fn top(&self) -> &dyn Screen {
        self.screens.last().expect("the home screen is never left").as_ref()
    }

    fn top_mut(&mut self) -> &mut dyn Screen {
        self.screens.last_mut().expect("the home screen is never left").as_mut()
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
                if self.idle_warning.take().is_none() {
                    self.top_mut().paste(&text);
                }
                Vec::new()
            }
            Msg::HomeLoaded(Ok(home)) => {
                self.home_loaded(home);
                Vec::new()
            }
            Msg::HomeLoaded(Err(e)) | Msg::ApplicantsLoaded { lines: Err(e), .. } => {
                self.error = Some(e);
                Vec::new()
            }
            Msg::ActionDone(outcome) => {
                let effects = self.top_mut().action_done(&outcome);
                self.status = Some(outcome_line(self.lang, outcome));
                effects
            }
            Msg::Hub(event) => self.on_event(event),
            Msg::Resync => self.reload_effects(),
            Msg::IdleWarning(w) => {
                self.idle_warning = w;
                Vec::new()
            }
            loaded => {
                self.offer(loaded);
                Vec::new()
            }
        }
    }

    fn home_loaded(&mut self, mut home: HomeView) {
        self.phases_heard.retain(|(seq, ..)| *seq > home.as_of);
        for (_, committee_id, group_id, phase) in &self.phases_heard {
            patch_phase(&mut home, *committee_id, *group_id, *phase);
        }
        // The committee reported: the account's work is over (its logins stop).
        if !self.identity.is_operator && !home.cards.is_empty() && home.cards.iter().all(|c| c.stage == Stage::Reported)
        {
            self.ended = true;
        }
        self.home = Some(home);
        self.error = None;
    }

    /// Loaded data goes to the screen it was loaded for, the top one first; data no
    /// screen shows any more is dropped.
    fn offer(&mut self, mut msg: Msg) {
        for screen in self.screens.iter_mut().rev() {
            match screen.take(msg) {
                Ok(error) => {
                    if error.is_some() {
                        self.error = error;
                    }
                    return;
                }
                Err(back) => msg = back,
            }
        }
    }

    fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            // Events reach only the sessions they concern; this keeps the rule for any
            // other caller.
            _ if !event.concerns(&self.identity) => Vec::new(),
            Event::CommitteeChanged { committee_id, .. } => {
                if self.top().committee().is_some_and(|c| c != committee_id) {
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
            other => self.top_mut().heard(&other),
        }
    }

    /// The loads that bring everything on screen up to date (after a change, or
    /// after live events were missed).
    fn reload_effects(&self) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadHome];
        effects.extend(self.top().reloads());
        effects
    }

    /// Carries out a screen's answer: its effects, where it leads, what it asks.
    fn apply(&mut self, step: Step) -> Vec<Effect> {
        let Step {
            mut effects,
            nav,
            confirm,
            status,
            quit,
        } = step;
        if status.is_some() {
            self.status = status;
        }
        if confirm.is_some() {
            self.confirm = confirm;
        }
        match nav {
            Nav::Stay => {}
            Nav::Push(screen) => self.screens.push(screen),
            Nav::Replace(screens) => {
                self.pop();
                self.screens.extend(screens);
            }
            Nav::Back => {
                self.pop();
                effects.extend(self.top().reloads());
            }
            Nav::BackReload => {
                self.pop();
                effects.extend(self.reload_effects());
            }
        }
        if quit {
            self.quitting = true;
            effects.push(Effect::Quit);
        }
        effects
    }

    /// Leaves the top screen (never the home screen).
    fn pop(&mut self) {
        if self.screens.len() > 1 {
            self.screens.pop();
        }
    }

    fn on_key(&mut self, key: Key) -> Vec<Effect> {
        self.armed = None;
        if key == Key::Ctrl('c') {
            self.quitting = true;
            // What a score sheet holds on screen is saved on the way out.
            let mut effects = self.top_mut().flush();
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
        if self.confirm.is_some() {
            // These steps are final: only an explicit yes goes on.
            return match key {
                Key::Char('y') | Key::Char('Y') | Key::Enter => {
                    self.confirm.take().map(|c| c.effect).into_iter().collect()
                }
                Key::Char('n') | Key::Char('N') | Key::Esc | Key::Char('q') => {
                    self.confirm = None;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        // While text is typed every key is text, not a command.
        if !self.top().typing() {
            match keymap::command(keymap::GLOBAL, key) {
                Some(keymap::Cmd::Help) => {
                    self.help_open = true;
                    return Vec::new();
                }
                Some(keymap::Cmd::Language) => {
                    self.lang = match self.lang {
                        Lang::Zh => Lang::En,
                        Lang::En => Lang::Zh,
                    };
                    return vec![Effect::SaveLanguage(self.lang)];
                }
                _ => {}
            }
        }
        let cx = cx!(self);
        let step = self
            .screens
            .last_mut()
            .expect("the home screen is never left")
            .key(&cx, key);
        self.apply(step)
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
            let mut effects = Vec::new();
            for _ in 0..self.top().wheel_lines() {
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
        let again = self.armed == Some(index) && self.top().selected_row() == Some(index);
        self.top_mut().select_row(index);
        self.armed = Some(index);
        if again && self.top().opens_on_click() {
            return self.on_key(Key::Enter);
        }
        Vec::new()
    }

    // ---------------------------------------------------------------- view

    /// Where the terminal's cursor goes after the last frame (the caret of the field
    /// being typed in), or none: hidden.
    pub fn cursor(&self) -> Option<ratatui::layout::Position> {
        self.hits.cursor
    }

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
        let cx = cx!(self);
        let screen = self.screens.last_mut().expect("the home screen is never left");
        screen.draw(&cx, frame, body, &mut self.hits);
        self.view_footer(frame, footer);
        // Over a popup, only the popup's own keys can be clicked.
        if self.confirm.is_some() || self.help_open || self.ended || self.idle_warning.is_some() {
            self.hits.clear();
        }
        let cx = cx!(self);
        let lang = self.lang;
        if let Some(c) = &self.confirm {
            let body = self
                .top()
                .confirm_text(&cx, c)
                .or_else(|| c.text.clone())
                .unwrap_or_else(|| tr(lang, c.body).to_string());
            popups::confirm(frame, area, &mut self.hits, lang, &body);
        }
        if self.help_open {
            popups::help(frame, area, lang, self.top().help(&cx));
        }
        if self.ended {
            popups::notice(frame, area, lang, T::EndedTitle, T::EndedBody);
        }
        if let Some(seconds) = self.idle_warning {
            popups::idle(frame, area, lang, seconds);
        }
        self.hits_layout = Some(self.layout_key());
    }

    fn layout_key(&self) -> LayoutKey {
        LayoutKey {
            screen: self.top().name(),
            depth: self.screens.len(),
            mode: self.top().mode(),
            confirm: self.confirm.is_some(),
            help: self.help_open,
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
        let message = match (&self.status, &self.error) {
            (Some((done, message)), _) => Some((*done, message.clone())),
            (None, Some(e)) => Some((false, load_error(self.lang, e))),
            (None, None) => None,
        };
        if let Some((done, message)) = message {
            let line = Line::from(format!(" {message}"));
            frame.render_widget(Paragraph::new(line).style(self.palette.status(done)), area);
            return;
        }
        let cx = cx!(self);
        let rows = self.top().footer(&cx);
        // After the line's leading space.
        let hints = keymap::footer(self.lang, &rows, area.x + 1, area.y);
        self.hits.buttons.extend(hints.buttons);
        let text = format!(" {}", hints.text);
        frame.render_widget(Paragraph::new(Line::from(text)).style(Style::new().reversed()), area);
    }
}

/// The status line of an action's outcome (true: done).
fn outcome_line(lang: Lang, outcome: ActionOutcome) -> (bool, String) {
    match outcome {
        ActionOutcome::Drafted(c) => (true, text::drafted(lang, c)),
        ActionOutcome::Submitted(n) => (true, text::submitted(lang, n)),
        ActionOutcome::CheckedIn => (true, tr(lang, T::CheckedIn).to_string()),
        ActionOutcome::SheetSubmitted(total) => (true, text::sheet_submitted(lang, total)),
        ActionOutcome::AccountsIssued(n, path) => (true, text::accounts_issued(lang, n, &path)),
        ActionOutcome::Exported(files) => (true, text::exported(lang, &files)),
        ActionOutcome::AccountReset(name, slip) => (
            true,
            crate::tui::catalog::msg!(lang, "account-reset", name = name.as_str(), slip = slip.as_str()),
        ),
        ActionOutcome::ReviewStarted(recusals) => (
            true,
            crate::tui::catalog::msg!(lang, "review-started", recusals = recusals),
        ),
        ActionOutcome::AccountRevoked(name) => (
            true,
            crate::tui::catalog::msg!(lang, "account-revoked", name = name.as_str()),
        ),
        ActionOutcome::CertificatesIssued(n, folder) => (
            true,
            crate::tui::catalog::msg!(lang, "certificates-issued", certificates = n, folder = folder),
        ),
        ActionOutcome::Imported { name, outcome, .. } => text::import_outcome(lang, &name, &outcome),
        ActionOutcome::LeadsAssigned(n) => (true, crate::tui::catalog::msg!(lang, "leads-assigned", leads = n)),
        ActionOutcome::CommitteeCreated(id, name) => (
            true,
            crate::tui::catalog::msg!(lang, "committee-created", id = id, name = name.as_str()),
        ),
        ActionOutcome::Done(key) => (true, tr(lang, key).to_string()),
        ActionOutcome::Refused(r) => (false, text::refusal(lang, &r)),
        ActionOutcome::Storage(f) => (false, text::fault(lang, f)),
        ActionOutcome::Problem(p) => (false, text::problem(lang, &p)),
        ActionOutcome::Unavailable(t) => (false, tr(lang, t).to_string()),
        ActionOutcome::Failed(e) => (false, e),
    }
}

/// Why a load failed, for the status line.
fn load_error(lang: Lang, e: &LoadError) -> String {
    match e {
        LoadError::Refused(r) => text::refusal(lang, r),
        LoadError::Problem(p) => text::problem(lang, p),
        LoadError::Storage(f) => text::fault(lang, *f),
        LoadError::Failed(t) => text::labelled(lang, T::LoadFailed, tr(lang, *t)),
    }
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
    use crate::domain::Role;
    use crate::domain::action::Action;
    use crate::service::Reach;
    use crate::service::screens::{ExpertProgress, GroupBoard};
    use crate::tui::backend::RemoteBackend;
    use crate::tui::screens::board::BoardScreen;
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
        let mut terminal = Terminal::new(RemoteBackend::new(80, 24)).unwrap();
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut vt = vt100::Parser::new(size(24), size(80), 0);
        // These counts make the progress line end with a double-width character exactly
        // at the box's edge, then shrink.
        for counts in [[2, 2, 2], [2, 1, 0], [0, 0, 0]] {
            app.screens.truncate(1);
            app.screens.push(Box::new(BoardScreen::showing(1, board(&counts))));
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
