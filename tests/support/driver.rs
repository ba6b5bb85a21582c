//! One session's application driven without SSH: the real service, each effect
//! carried out by the same `effects::perform` the sessions use, live events delivered
//! as a session would hear them, the screen drawn into ratatui's `TestBackend`. Every
//! step runs to quiet; nothing waits on time. It also counts the keys pressed.

use pingshen::service::{Heard, Identity, Service, Subscription};
use pingshen::tui::app::{App, Msg};
use pingshen::tui::effects::{Effect, perform};
use pingshen::tui::theme::Palette;
use pingshen::tui::{Input, Key};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One session's application, driven step by step.
pub struct Driver {
    /// Keys pressed so far.
    pub keys: usize,
    pub service: Service,
    pub who: Identity,
    pub app: App,
    hub: Subscription,
    pub terminal: Terminal<TestBackend>,
}

impl Driver {
    /// `who`'s session on a `width`x`height` terminal, its first screen loaded.
    pub fn start(service: &Service, who: Identity, width: u16, height: u16) -> Driver {
        let app = App::new(who.clone(), width, height, Palette::for_term("xterm"));
        let mut d = Driver {
            keys: 0,
            hub: service.subscribe(&who),
            service: service.clone(),
            who,
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            app,
        };
        let start = d.app.start();
        d.run(start);
        d
    }

    /// Carries out `effects` and everything they lead to (the results, and the live
    /// events the changes publish), until nothing is left.
    pub fn run(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        loop {
            while let Some(e) = queue.pop_front() {
                if let Some(msg) = perform(&self.service, &self.who, &e) {
                    queue.extend(self.app.update(msg));
                }
            }
            let Some(heard) = self.hub.try_recv() else { break };
            let msg = match heard {
                Heard::Event(e) => Msg::Hub(e),
                Heard::Missed => Msg::Resync,
            };
            queue.extend(self.app.update(msg));
        }
    }

    pub fn key(&mut self, key: Key) -> &mut Self {
        self.keys += 1;
        let effects = self.app.update(Msg::Input(Input::Key(key)));
        self.run(effects);
        self
    }

    pub fn keys(&mut self, keys: &[Key]) -> &mut Self {
        for k in keys {
            self.key(*k);
        }
        self
    }

    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(Key::Char(c));
        }
        self
    }

    /// The screen as the user sees it, one line a row.
    pub fn screen(&mut self) -> String {
        let app = &mut self.app;
        // The whole frame as drawn (the backend only holds what changed since the last).
        let buffer = self.terminal.draw(|f| app.view(f)).unwrap().buffer.clone();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buffer[(x, y)].symbol();
                line.push_str(sym);
                // A wide character covers the next cell too.
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
