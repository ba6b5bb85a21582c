//! A new committee, from the office's home screen (`n`): its name typed, its review
//! mode chosen with Tab (专家评审, 专家评审+讲课答辩, 专家答辩+面试答辩), Enter creates it
//! (the same service function as `pingshen committee create`, which checks the name).
//! Once created, the screen says so and goes back to the list, where it is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::Mode;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::ActionOutcome;
use crate::tui::screen::{Ctx, Screen, Step};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{TextEdit, framed, text_area, text_box, wrap_area};

const MODES: [Mode; 3] = [Mode::Expert, Mode::Lecture, Mode::Interview];

#[derive(Debug)]
pub struct NewCommitteeScreen {
    name: TextEdit,
    mode: usize,
    /// Set once the committee is created: the screen goes back at the next key.
    created: bool,
}

impl Default for NewCommitteeScreen {
    fn default() -> Self {
        NewCommitteeScreen {
            name: TextEdit::new("", 200),
            mode: 0,
            created: false,
        }
    }
}

impl Screen for NewCommitteeScreen {
    fn name(&self) -> &'static str {
        "new-committee"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if self.created {
            return Step::back_reload();
        }
        match keymap::command(keymap::NEW_COMMITTEE, key) {
            Some(Cmd::Back) => Step::back(),
            Some(Cmd::Next) => {
                self.mode = (self.mode + 1) % MODES.len();
                Step::none()
            }
            Some(Cmd::Submit) if self.name.text.trim().is_empty() => {
                Step::fail(tr(cx.lang, T::ProblemCommitteeName).to_string())
            }
            Some(Cmd::Submit) => Step::effect(Effect::CreateCommittee {
                name: self.name.text.trim().to_string(),
                mode: MODES[self.mode],
            }),
            _ => {
                self.name.key(key);
                Step::none()
            }
        }
    }

    fn paste(&mut self, text: &str) {
        self.name.paste(&text.replace('\n', " "));
    }

    fn action_done(&mut self, outcome: &ActionOutcome) -> Vec<Effect> {
        if matches!(outcome, ActionOutcome::CommitteeCreated(..)) {
            self.created = true;
        }
        Vec::new()
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::NewCommitteeTitle)));
        let [name, modes, note] =
            Layout::vertical([Constraint::Length(3), Constraint::Length(5), Constraint::Min(1)]).areas(inner);
        hits.cursor = text_box(
            frame,
            name,
            Some(tr(lang, T::NewCommitteeName)),
            &self.name.text,
            ratatui::style::Style::new(),
            !self.created,
        );
        let mut lines = vec![Line::from(format!(" {}", tr(lang, T::NewCommitteeMode))).bold()];
        for (i, m) in MODES.iter().enumerate() {
            let mark = if i == self.mode { "(*)" } else { "( )" };
            let line = Line::from(format!("   {mark} {}", text::mode_name(lang, *m)));
            lines.push(if i == self.mode { line.bold() } else { line });
        }
        frame.render_widget(Paragraph::new(lines), wrap_area(modes));
        let said = if self.created {
            T::NewCommitteeCreated
        } else {
            T::NewCommitteeNote
        };
        frame.render_widget(
            Paragraph::new(tr(lang, said)).wrap(Wrap { trim: false }),
            text_area(note),
        );
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        keymap::NEW_COMMITTEE.to_vec()
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        keymap::NEW_COMMITTEE.to_vec()
    }

    fn reloads(&self) -> Vec<Effect> {
        Vec::new()
    }

    fn typing(&self) -> bool {
        !self.created
    }
}
