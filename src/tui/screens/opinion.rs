//! The lead reviewer's opinion and recommendation (主审意见) on one applicant, over the
//! list or the file it was opened from. Enter writes the text (Enter again saves it),
//! 1/2/3 picks the recommendation and saves; leaving with unsaved changes needs a second
//! Esc. The engine checks on every save who may write it and when.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Choice;
use crate::service::review::MAX_OPINION;
use crate::service::screens::ApplicantFile;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{TextEdit, choice_key, framed, text_box};

#[derive(Debug)]
pub struct OpinionScreen {
    committee_id: i32,
    applicant_id: i32,
    name: String,
    file: Option<Box<ApplicantFile>>,
    recommendation: Option<Choice>,
    text: TextEdit,
    editing: bool,
    /// Set once the stored opinion has been copied into the form.
    loaded: bool,
    /// Esc was pressed once with unsaved changes; a second Esc discards them.
    discard_armed: bool,
}

impl OpinionScreen {
    pub fn new(committee_id: i32, applicant_id: i32, name: String) -> OpinionScreen {
        OpinionScreen {
            committee_id,
            applicant_id,
            name,
            file: None,
            recommendation: None,
            text: TextEdit::new("", MAX_OPINION),
            editing: false,
            loaded: false,
            discard_armed: false,
        }
    }

    fn write(&self, recommendation: Choice) -> Step {
        Step::effect(Effect::WriteOpinion {
            applicant_id: self.applicant_id,
            text: self.text.text.clone(),
            recommendation,
        })
    }

    /// Keys while the text is typed: Enter starts a new line, Ctrl-S (or F2) saves it,
    /// Esc goes back to what is stored.
    fn typing_key(&mut self, cx: &Ctx, key: Key) -> Step {
        match key {
            Key::Enter => self.text.newline(),
            k if crate::tui::screen::saves_text(k) => {
                self.editing = false;
                return match self.recommendation {
                    Some(choice) => self.write(choice),
                    None => Step::fail(tr(cx.lang, T::PickRecommendation).to_string()),
                };
            }
            Key::Esc => {
                self.editing = false;
                let stored = self
                    .file
                    .as_ref()
                    .and_then(|x| x.my_opinion.as_ref())
                    .map(|o| o.opinion.clone())
                    .unwrap_or_default();
                self.text = TextEdit::new(&stored, MAX_OPINION);
            }
            other => {
                self.text.key(other);
            }
        }
        Step::none()
    }
}

impl Screen for OpinionScreen {
    fn name(&self) -> &'static str {
        "opinion"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let lang = cx.lang;
        // Until the stored opinion is in, only leaving works (nothing typed is lost).
        if !self.loaded {
            return match key {
                Key::Esc | Key::Char('q') => Step::back_reload(),
                _ => Step::none(),
            };
        }
        if self.editing {
            return self.typing_key(cx, key);
        }
        let stored = self
            .file
            .as_ref()
            .and_then(|x| x.my_opinion.as_ref())
            .map(|o| (o.opinion.trim().to_string(), o.recommendation));
        let unsaved = stored != Some((self.text.text.trim().to_string(), self.recommendation))
            && !(self.text.text.trim().is_empty() && self.recommendation.is_none());
        let armed = std::mem::take(&mut self.discard_armed);
        let rows = [keymap::OPINION_FORM, &[keymap::BACK]].concat();
        match keymap::command(&rows, key) {
            Some(Cmd::Back) if unsaved && !armed => {
                // Nothing typed is dropped without a second Esc.
                self.discard_armed = true;
                Step::fail(tr(lang, T::OpinionUnsaved).to_string())
            }
            Some(Cmd::Back) => Step::back_reload(),
            Some(Cmd::Write) => {
                self.editing = true;
                Step::none()
            }
            Some(Cmd::Recommend) => {
                let Key::Char(c) = key else {
                    return Step::none();
                };
                let choice = choice_key(c);
                self.recommendation = Some(choice);
                if self.text.text.trim().is_empty() {
                    return Step::fail(tr(lang, T::WriteOpinionFirst).to_string());
                }
                self.write(choice)
            }
            _ => Step::unbound(lang, key),
        }
    }

    fn paste(&mut self, pasted: &str) {
        if self.editing {
            self.text.paste(pasted);
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::FileLoaded { applicant_id, file } if applicant_id == self.applicant_id => keep(*file, |file| {
                if !self.loaded {
                    if let Some(mine) = &file.my_opinion {
                        self.text = TextEdit::new(&mine.opinion, MAX_OPINION);
                        self.recommendation = mine.recommendation;
                    }
                    self.loaded = true;
                }
                self.file = Some(Box::new(file));
            }),
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::OpinionTitle), self.name));
        if self.file.is_none() {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        }
        let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let rec = self.recommendation.map(|c| text::choice_name(lang, c)).unwrap_or("-");
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::raw(format!(" {}", text::labelled(lang, T::Recommendation, rec))).bold(),
                    Span::raw(format!("    {}", tr(lang, T::RecommendationKeys))).dim(),
                ]),
                Line::from(format!(" {}", text::labelled(lang, T::OpinionText, ""))).bold(),
            ]),
            head,
        );
        // While typing, the terminal's own cursor marks the caret.
        let mut text = self.text.text.clone();
        if !self.editing && text.is_empty() {
            text = tr(lang, T::OpinionEmpty).to_string();
        }
        let style = if self.editing {
            Style::new().underlined()
        } else {
            Style::new()
        };
        hits.cursor = text_box(frame, body, None, &text, style, self.editing);
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        crate::tui::screen::lines_footer(self.editing, keymap::OPINION_FORM)
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::OPINION_FORM.to_vec())
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
        self.editing
    }

    fn mode(&self) -> u8 {
        u8::from(self.editing)
    }
}
