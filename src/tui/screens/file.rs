//! One applicant's file (申报材料), over the list it was opened from: the applicant's
//! particulars, the lead reviewers' opinions, the questions, the scores and the
//! account's own vote. It scrolls; the vote keys and the writing keys work here as on
//! the list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::applicants::{ApplicantsScreen, writing_keys};
use super::{Target, open_writing};
use crate::service::screens::ApplicantFile;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{choice_key, framed, wrap_area};

#[derive(Debug)]
pub struct FileScreen {
    committee_id: i32,
    applicant_id: i32,
    name: String,
    scoring: bool,
    questions: bool,
    file: Option<Box<ApplicantFile>>,
    scroll: u16,
}

impl FileScreen {
    /// The file of an applicant of `list`, not loaded yet.
    pub fn new(applicant_id: i32, name: String, list: &ApplicantsScreen) -> FileScreen {
        FileScreen {
            committee_id: list.committee_id,
            applicant_id,
            name,
            scoring: list.scoring,
            questions: list.questions,
            file: None,
            scroll: 0,
        }
    }

    fn keys(&self) -> Vec<Binding> {
        let mut k = keymap::FILE.to_vec();
        k.extend(writing_keys(self.scoring, self.questions));
        k
    }
}

impl Screen for FileScreen {
    fn name(&self) -> &'static str {
        "file"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let page = cx.height.saturating_sub(6).max(1);
        // Scrolling: by a line, a page, to the ends (the view keeps the scroll inside
        // the text).
        let scroll = match key {
            Key::Up | Key::Char('k') => Some(self.scroll.saturating_sub(1)),
            Key::Down | Key::Char('j') => Some(self.scroll.saturating_add(1)),
            Key::PageUp => Some(self.scroll.saturating_sub(page)),
            Key::PageDown | Key::Char(' ') => Some(self.scroll.saturating_add(page)),
            Key::Home => Some(0),
            Key::End => Some(u16::MAX),
            _ => None,
        };
        if let Some(to) = scroll {
            self.scroll = to;
            return Step::none();
        }
        let mut keys = self.keys();
        keys.push(keymap::BACK);
        match keymap::command(&keys, key) {
            Some(Cmd::Back) => Step::back(),
            Some(Cmd::Vote) => match key {
                Key::Char(c) => Step::effect(Effect::DraftVote {
                    applicant_id: self.applicant_id,
                    choice: choice_key(c),
                }),
                _ => Step::none(),
            },
            Some(Cmd::Submit) => Step::confirm(
                Effect::SubmitVotes {
                    committee_id: self.committee_id,
                },
                T::ConfirmSubmitBody,
            ),
            Some(cmd @ (Cmd::ScoreSheet | Cmd::Opinion | Cmd::Questions)) => {
                let Some(file) = &self.file else {
                    return Step::none();
                };
                let target = Target {
                    committee_id: self.committee_id,
                    applicant_id: self.applicant_id,
                    name: self.name.clone(),
                    recused: file.recused,
                    lead: file.my_opinion.is_some(),
                };
                open_writing(cx, cmd, target)
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::FileLoaded { applicant_id, file } if applicant_id == self.applicant_id => match *file {
                Ok(file) => {
                    self.file = Some(Box::new(file));
                    Ok(None)
                }
                Err(e) => Ok(Some(e)),
            },
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, _hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::FileTitle), self.name));
        let Some(file) = &self.file else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let lines = text::file_lines(lang, file);
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let area = wrap_area(inner);
        // Keep the scroll inside the text.
        let total = paragraph.line_count(area.width) as u16;
        let scroll = self.scroll.min(total.saturating_sub(area.height));
        frame.render_widget(paragraph.scroll((scroll, 0)), area);
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        with_back(keymap::FILE.to_vec())
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(self.keys())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![
            Effect::LoadApplicants {
                committee_id: self.committee_id,
            },
            Effect::LoadFile {
                committee_id: self.committee_id,
                applicant_id: self.applicant_id,
            },
        ]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn wheel_lines(&self) -> usize {
        3
    }
}
