//! The loop of one terminal session: inputs and live events in, frames out.
//! Knows nothing of SSH: it reads `Input`s from a channel and hands finished frames
//! to a bounded output channel, drawing only when state changed and the client has
//! room for another frame (a client that stops reading never makes us queue frames).

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use ratatui::crossterm::{cursor, event, queue, style, terminal};
use tokio::sync::{mpsc, watch};

use super::app::{App, Msg};
use super::backend::RemoteBackend;
use super::effects::{self, Effect, EffectKey, Lane};
use super::input::Input;
use super::painter::Painter;
use super::text::{self, T};
use super::theme::Palette;
use crate::service::{Heard, Identity, Service};

/// Sizes beyond this are drawn as if they were this large: a screen buffer of a
/// client's claimed 65535x65535 would take gigabytes.
pub const MAX_COLS: u16 = 320;
pub const MAX_ROWS: u16 = 120;

/// How long the terminal-restoring bytes may wait for room in the output queue.
const FINAL_FRAME_TIMEOUT: Duration = Duration::from_secs(1);

/// The shortest time between two frames: bursts of changes are drawn once.
const FRAME_INTERVAL: Duration = Duration::from_millis(16);

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The user quit; the terminal has been restored.
    Quit,
    /// The input side closed (the connection dropped or the client sent EOF).
    Disconnected,
    /// The server is shutting down.
    Shutdown,
    /// A newer login of the same account took over.
    TakenOver,
    /// The office reset, revoked or re-issued the account.
    AccountChanged,
    /// Closed after the idle timeout.
    Idle,
}

pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    (
        cols.clamp(1, u32::from(MAX_COLS)) as u16,
        rows.clamp(1, u32::from(MAX_ROWS)) as u16,
    )
}

/// Mouse reports: button presses and the wheel (1000), in the SGR encoding (1006),
/// which has no limit on the column. Not 1002/1003: motion would flood the link.
/// (Holding Shift lets the user select text in most terminals as before.)
const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

fn enter_sequence(backend: &mut RemoteBackend) {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = queue!(
        buf,
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste,
        terminal::Clear(terminal::ClearType::All)
    );
    buf.extend_from_slice(MOUSE_ON);
    backend.write_raw(&buf);
}

/// The bytes that give the client its terminal back: no mouse reports, a cleared
/// screen (terminals without an alternate screen, `linux` and `vt100`, would keep the
/// last frame), normal screen, visible cursor.
pub fn restore_sequence() -> Vec<u8> {
    let mut buf = MOUSE_OFF.to_vec();
    let _ = queue!(
        buf,
        style::ResetColor,
        terminal::Clear(terminal::ClearType::All),
        cursor::MoveTo(0, 0),
        event::DisableBracketedPaste,
        cursor::Show,
        terminal::LeaveAlternateScreen
    );
    buf
}

/// Runs effects in the background, at most one of each kind at a time; a request that
/// arrives while the same effect runs is remembered and run once more afterwards.
struct Effects {
    service: Service,
    identity: Identity,
    results: mpsc::UnboundedSender<(Effect, Option<Msg>)>,
    running: HashSet<EffectKey>,
    again: HashMap<EffectKey, Effect>,
    /// Actions waiting for the one running, in order.
    actions: VecDeque<Effect>,
}

impl Effects {
    fn run(&mut self, effect: Effect) {
        if effect == Effect::Quit {
            return;
        }
        if self.running.contains(&effect.key()) {
            if effect.key() == EffectKey::Action {
                self.actions.push_back(effect);
            } else {
                self.again.insert(effect.key(), effect);
            }
            return;
        }
        self.running.insert(effect.key());
        let service = self.service.clone();
        let who = self.identity.clone();
        let tx = self.results.clone();
        tokio::spawn(async move {
            let job = effect.clone();
            let work = move |s: &Service| Ok(effects::perform(s, &who, &job));
            let done = match effect.lane() {
                Lane::Screen => service.load(work).await,
                Lane::Own => service.blocking(work).await,
            };
            // The blocking pool is gone (shutting down): said like any failure.
            let msg = done.unwrap_or_else(|e| Some(Msg::ActionDone(effects::failure(e))));
            // A closed receiver means the session is gone; nothing to deliver.
            let _ = tx.send((effect, msg));
        });
    }

    fn finished(&mut self, effect: &Effect) {
        self.running.remove(&effect.key());
        let next = if effect.key() == EffectKey::Action {
            self.actions.pop_front()
        } else {
            self.again.remove(&effect.key())
        };
        if let Some(next) = next {
            self.run(next);
        }
    }
}

/// When an idle session is warned and closed.
#[derive(Debug, Clone, Copy)]
pub struct Idle {
    /// No key for this long closes the session (`None`: never).
    pub timeout: Option<Duration>,
    /// The warning shows this long before.
    pub warning: Duration,
}

impl Idle {
    pub const NEVER: Idle = Idle {
        timeout: None,
        warning: Duration::ZERO,
    };

    /// When to warn and when to close, counting from the last key.
    fn deadlines(&self, last_key: tokio::time::Instant) -> (tokio::time::Instant, tokio::time::Instant) {
        // Far enough to never fire, near enough not to overflow.
        let timeout = self.timeout.unwrap_or(Duration::from_secs(86_400 * 365));
        let close = last_key + timeout;
        // The warning never takes more than half the time.
        (close - self.warning.min(timeout / 2), close)
    }
}

/// Runs one session until the user quits or the input closes.
pub async fn run(
    service: Service,
    identity: Identity,
    ((cols, rows), palette): ((u16, u16), Palette),
    mut inputs: mpsc::Receiver<Input>,
    out: mpsc::Sender<Vec<u8>>,
    idle: Idle,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<End> {
    let mut backend = RemoteBackend::new(cols, rows);
    enter_sequence(&mut backend);
    let mut painter = Painter::new(backend);
    let mut hub = service.subscribe(&identity);
    let (_ticket, mut taken_over) = service.register_session(identity.account_id);
    let mut app = App::new(identity.clone(), cols, rows, palette);
    let (results_tx, mut results) = mpsc::unbounded_channel();
    let mut effects = Effects {
        service: service.clone(),
        identity,
        results: results_tx,
        running: HashSet::new(),
        again: HashMap::new(),
        actions: VecDeque::new(),
    };
    for e in app.start() {
        effects.run(e);
    }
    let mut dirty = true;
    let mut next_frame = tokio::time::Instant::now();
    let mut last_key = tokio::time::Instant::now();
    let mut warned = false;
    let mut last_count = tokio::time::Instant::now();
    let end = loop {
        let frame_due = tokio::time::Instant::now() >= next_frame;
        let (warn_at, close_at) = idle.deadlines(last_key);
        tokio::select! {
            _ = shutdown.changed() => break End::Shutdown,
            why = &mut taken_over => break match why {
                Ok(crate::service::SessionEnd::AccountChanged) => End::AccountChanged,
                _ => End::TakenOver,
            },
            _ = tokio::time::sleep_until(close_at), if idle.timeout.is_some() => break End::Idle,
            // The warning, then a countdown once a second.
            _ = tokio::time::sleep_until(if warned { last_count + Duration::from_secs(1) } else { warn_at }),
                if idle.timeout.is_some() => {
                warned = true;
                last_count = tokio::time::Instant::now();
                let seconds = close_at.saturating_duration_since(last_count).as_secs_f64().round().max(1.0) as u64;
                app.update(Msg::IdleWarning(Some(seconds)));
                dirty = true;
            }
            input = inputs.recv() => {
                let Some(input) = input else { break End::Disconnected };
                if matches!(input, Input::Key(_) | Input::Paste(_) | Input::Mouse(_)) {
                    last_key = tokio::time::Instant::now();
                    warned = false;
                }
                let input = match input {
                    Input::Resize(w, h) => {
                        let (w, h) = clamp_size(u32::from(w), u32::from(h));
                        painter.set_size(w, h);
                        Input::Resize(w, h)
                    }
                    other => other,
                };
                for e in app.update(Msg::Input(input)) {
                    effects.run(e);
                }
                dirty = true;
            }
            Some((effect, msg)) = results.recv() => {
                effects.finished(&effect);
                if let Some(msg) = msg {
                    for e in app.update(msg) {
                        effects.run(e);
                    }
                    dirty = true;
                }
            }
            event = hub.recv() => {
                let msgs = match event {
                    Some(Heard::Event(e)) => {
                        // A phase comes with the event: show it now, before any reload.
                        dirty |= matches!(e, crate::service::Event::GroupPhaseChanged { .. });
                        vec![Msg::Hub(e)]
                    }
                    // Missed events: reload what is on screen.
                    Some(Heard::Missed) => vec![Msg::Resync],
                    None => Vec::new(),
                };
                for m in msgs {
                    for e in app.update(m) {
                        effects.run(e);
                    }
                }
            }
            _ = tokio::time::sleep_until(next_frame), if dirty && !frame_due => {}
            permit = out.reserve(), if dirty && frame_due => {
                let Ok(permit) = permit else { break End::Disconnected };
                permit.send(painter.paint(|f| {
                    app.view(f);
                    app.cursor()
                })?);
                dirty = false;
                next_frame = tokio::time::Instant::now() + FRAME_INTERVAL;
            }
        }
        if app.is_quitting() {
            break End::Quit;
        }
    };
    // Give the client its terminal back, whatever the reason; if it is gone, the send
    // fails harmlessly.
    let mut last = restore_sequence();
    let why = match end {
        End::Shutdown => Some(T::ServerShutdown),
        End::TakenOver => Some(T::TakenOver),
        End::AccountChanged => Some(T::AccountChanged),
        End::Idle => Some(T::IdleClosed),
        _ => None,
    };
    if let Some(why) = why {
        last.extend_from_slice(text::tr(app.lang(), why).as_bytes());
        last.extend_from_slice(b"\r\n");
    }
    let _ = tokio::time::timeout(FINAL_FRAME_TIMEOUT, out.send(last)).await;
    Ok(end)
}
