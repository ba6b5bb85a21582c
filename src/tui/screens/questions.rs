//! The interview questions (面试题) of one applicant, over the list or the file it was
//! opened from: the questions, one a line, the selected one in full below. The lead
//! reviewers add (a), edit (Enter) and delete (x, after a confirmation) them until the
//! interview is scored; the engine checks every change.

use crate::domain::Lang;
use crate::tui::catalog::msg;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::Refusal;
use crate::service::review::MAX_QUESTION;
use crate::service::screens::ApplicantFile;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::{ActionOutcome, Msg};
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep};
use crate::tui::text::{T, tr};
use crate::tui::widgets::{TextEdit, framed, text_box, wrap_area};

#[derive(Debug)]
pub struct QuestionsScreen {
    committee_id: i32,
    applicant_id: i32,
    name: String,
    file: Option<Box<ApplicantFile>>,
    selected: usize,
    /// A question being written: the one edited (None: a new one) and its text. It
    /// stays open until the engine has taken it (a refusal keeps the text).
    editing: Option<(Option<i32>, TextEdit)>,
    saving: bool,
}

impl QuestionsScreen {
    /// The question keys, for a lead reviewer of the applicant; none for the others.
    fn writing_keys(&self) -> &'static [Binding] {
        match &self.file {
            Some(f) if f.my_opinion.is_some() => keymap::QUESTIONS_FORM,
            _ => &[],
        }
    }

    pub fn new(committee_id: i32, applicant_id: i32, name: String) -> QuestionsScreen {
        QuestionsScreen {
            committee_id,
            applicant_id,
            name,
            file: None,
            selected: 0,
            editing: None,
            saving: false,
        }
    }

    /// Keys while a question is typed: Enter starts a new line, Ctrl-S (or F2) saves
    /// it, Esc drops it.
    fn typing_key(&mut self, key: Key) -> Step {
        let Some((id, t)) = &mut self.editing else {
            return Step::none();
        };
        if self.saving {
            return Step::none();
        }
        match key {
            Key::Enter => t.newline(),
            k if crate::tui::screen::saves_text(k) => {
                let (id, text) = (*id, t.text.clone());
                self.saving = true;
                return Step::effect(match id {
                    Some(question_id) => Effect::EditQuestion { question_id, text },
                    None => Effect::AddQuestion {
                        applicant_id: self.applicant_id,
                        text,
                    },
                });
            }
            Key::Esc => self.editing = None,
            other => {
                t.key(other);
            }
        }
        Step::none()
    }
}

impl Screen for QuestionsScreen {
    fn name(&self) -> &'static str {
        "questions"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let Some(file) = &self.file else {
            return match key {
                Key::Esc | Key::Char('q') => Step::back_reload(),
                _ => Step::none(),
            };
        };
        if self.editing.is_some() {
            return self.typing_key(key);
        }
        let questions: Vec<(i32, String)> = file.questions.iter().map(|q| (q.id, q.text.clone())).collect();
        let lead = file.my_opinion.is_some();
        match key {
            Key::Up | Key::Char('k') => {
                self.selected = self.selected.saturating_sub(1);
                return Step::none();
            }
            Key::Down | Key::Char('j') => {
                self.selected = (self.selected + 1).min(questions.len().saturating_sub(1));
                return Step::none();
            }
            _ => {}
        }
        let rows = [keymap::QUESTIONS_FORM, &[keymap::BACK]].concat();
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back_reload(),
            // Only the applicant's lead reviewers write its questions.
            Some(Cmd::Add | Cmd::Edit | Cmd::Delete) if !lead => Step::refused(cx.lang, &Refusal::NotLeadReviewer),
            Some(Cmd::Add) => {
                self.editing = Some((None, TextEdit::new("", MAX_QUESTION)));
                Step::none()
            }
            Some(Cmd::Edit) => {
                if let Some((id, text)) = questions.get(self.selected) {
                    self.editing = Some((Some(*id), TextEdit::new(text, MAX_QUESTION)));
                }
                Step::none()
            }
            Some(Cmd::Delete) => match questions.get(self.selected) {
                Some((id, _)) => Step::confirm(
                    Effect::DeleteQuestion { question_id: *id },
                    T::ConfirmDeleteQuestionBody,
                ),
                None => Step::none(),
            },
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn paste(&mut self, pasted: &str) {
        if let Some((_, t)) = &mut self.editing {
            t.paste(pasted);
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::FileLoaded { applicant_id, file } if applicant_id == self.applicant_id => keep(*file, |file| {
                self.selected = self.selected.min(file.questions.len().saturating_sub(1));
                self.file = Some(Box::new(file));
            }),
            other => Err(other),
        }
    }

    /// A question being saved closes its editor when it was taken, and stays open with
    /// its text when it was refused.
    fn action_done(&mut self, outcome: &ActionOutcome) -> Vec<Effect> {
        if self.saving {
            self.saving = false;
            if matches!(outcome, ActionOutcome::Done(T::QuestionSaved)) {
                self.editing = None;
            }
        }
        Vec::new()
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let f = &*self;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::QuestionsTitle), f.name));
        let Some(file) = &f.file else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        // One line a question (the list scrolls to the selected one), then the selected
        // question in full, or the editor.
        let [list, below] = Layout::vertical([Constraint::Min(3), Constraint::Length(7)]).areas(inner);
        let mut lines: Vec<Line> = Vec::new();
        if file.questions.is_empty() {
            lines.push(Line::from(format!(" {}", tr(lang, T::NoQuestions))));
        }
        for (i, q) in file.questions.iter().enumerate() {
            let selected = i == f.selected;
            let line = Line::from(format!(
                " {} {}",
                if selected { ">" } else { " " },
                question_line(lang, i + 1, &q.text.replace('\n', " "), &q.author)
            ));
            lines.push(if selected { line.reversed() } else { line });
        }
        let scroll = f.selected.saturating_sub(usize::from(list.height).saturating_sub(1)) as u16;
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), wrap_area(list));
        match &f.editing {
            Some((id, t)) => {
                let title = if f.saving {
                    tr(lang, T::Saving)
                } else if id.is_some() {
                    tr(lang, T::EditQuestion)
                } else {
                    tr(lang, T::NewQuestion)
                };
                hits.cursor = text_box(frame, below, Some(title), &t.text, Style::new().underlined(), true);
            }
            None => {
                if let Some(q) = file.questions.get(f.selected) {
                    text_box(frame, below, None, &q.text, Style::new(), false);
                }
            }
        }
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        // Only the applicant's lead reviewers write its questions: the others are not
        // offered the keys (the engine refuses them anyway).
        crate::tui::screen::lines_footer(self.editing.is_some(), self.writing_keys())
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(self.writing_keys().to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadFile {
            committee_id: self.committee_id,
            applicant_id: self.applicant_id,
        }]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn typing(&self) -> bool {
        self.editing.is_some()
    }

    fn mode(&self) -> u8 {
        u8::from(self.editing.is_some())
    }
}

// ---------------------------------------------------------------- texts

/// One interview question in a list: number, text and who wrote it.
pub fn question_line(lang: Lang, n: usize, text: &str, author: &str) -> String {
    msg!(lang, "question-line", n = n, text = text, author = author)
}
