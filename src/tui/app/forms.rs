//! The screens where an expert writes: the score sheet (评分表), the lead reviewer's
//! opinion and recommendation (主审意见) and the interview questions (面试题). Each is
//! opened over the list or the file it came from and returns there with Esc. Nothing
//! here decides what is allowed: the engine refuses with a reason, shown in the status
//! line; the forms only keep what is typed until it is saved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{App, Effect, Pending, Screen, framed, wrap_area};
use crate::domain::{Choice, Refusal};
use crate::service::review::{MAX_COMMENT, MAX_OPINION, MAX_QUESTION};
use crate::service::screens::{ApplicantFile, ScoreSheetView};
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding};
use crate::tui::text::{self, T, tr};

/// A line of text being typed: characters, Backspace and pastes, up to `max`
/// characters; the cursor stays at the end.
#[derive(Debug, Clone, Default)]
pub(super) struct TextEdit {
    pub text: String,
    max: usize,
}

impl TextEdit {
    pub fn new(text: &str, max: usize) -> TextEdit {
        TextEdit {
            text: text.chars().take(max).collect(),
            max,
        }
    }

    /// Applies a key; false when the key is not an editing key.
    pub fn key(&mut self, key: Key) -> bool {
        match key {
            Key::Char(c) => {
                if self.text.chars().count() < self.max {
                    self.text.push(c);
                }
                true
            }
            Key::Backspace => {
                self.text.pop();
                true
            }
            _ => false,
        }
    }

    /// A paste: control characters other than line breaks are dropped; what does not
    /// fit is cut off.
    pub fn paste(&mut self, s: &str) {
        let room = self.max.saturating_sub(self.text.chars().count());
        self.text.extend(
            s.replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| *c == '\n' || !(c.is_control() || crate::domain::text::is_invisible(*c)))
                .take(room),
        );
    }
}

/// Which of the writing screens, and its state.
#[derive(Debug)]
pub(super) enum Form {
    Sheet(SheetForm),
    Opinion(OpinionForm),
    Questions(QuestionsForm),
}

impl Form {
    pub fn applicant_id(&self) -> i32 {
        match self {
            Form::Sheet(f) => f.applicant_id,
            Form::Opinion(f) => f.applicant_id,
            Form::Questions(f) => f.applicant_id,
        }
    }
}

#[derive(Debug)]
pub(super) struct SheetForm {
    pub committee_id: i32,
    pub applicant_id: i32,
    pub name: String,
    pub sheet: Option<ScoreSheetView>,
    /// What is typed in each item's field.
    pub fields: Vec<String>,
    pub comment: TextEdit,
    /// 0..items: an item; items: the comment.
    pub focus: usize,
    pub editing_comment: bool,
    /// The field holding a value that is not a valid score.
    pub invalid: Option<usize>,
    /// What was last sent to be saved (points and comment), to save only changes.
    last_saved: Option<(Vec<(i32, u32)>, String)>,
}

#[derive(Debug)]
pub(super) struct OpinionForm {
    pub committee_id: i32,
    pub applicant_id: i32,
    pub name: String,
    pub file: Option<Box<ApplicantFile>>,
    pub recommendation: Option<Choice>,
    pub text: TextEdit,
    pub editing: bool,
    /// Set once the stored opinion has been copied into the form.
    pub loaded: bool,
    /// Esc was pressed once with unsaved changes; a second Esc discards them.
    pub discard_armed: bool,
}

#[derive(Debug)]
pub(super) struct QuestionsForm {
    pub committee_id: i32,
    pub applicant_id: i32,
    pub name: String,
    pub file: Option<Box<ApplicantFile>>,
    pub selected: usize,
    /// A question being written: the one edited (None: a new one) and its text. It
    /// stays open until the engine has taken it (a refusal keeps the text).
    pub editing: Option<(Option<i32>, TextEdit)>,
    pub saving: bool,
}

impl SheetForm {
    pub fn new(committee_id: i32, applicant_id: i32, name: String) -> SheetForm {
        SheetForm {
            committee_id,
            applicant_id,
            name,
            sheet: None,
            fields: Vec::new(),
            comment: TextEdit::new("", MAX_COMMENT),
            focus: 0,
            editing_comment: false,
            invalid: None,
            last_saved: None,
        }
    }

    /// Takes a sheet from the server. The first one fills the form; later ones (after
    /// each save) only update what the server holds: the form stays what the user
    /// typed, since saves still on their way would otherwise be undone on screen (one
    /// live session per account, so nobody else writes this sheet).
    pub fn loaded(&mut self, sheet: ScoreSheetView) {
        if self.sheet.is_none() || self.fields.len() != sheet.items.len() {
            self.fields = sheet
                .items
                .iter()
                .map(|item| item.points.map(|p| p.to_string()).unwrap_or_default())
                .collect();
            self.comment = TextEdit::new(&sheet.comment, MAX_COMMENT);
        }
        self.focus = self.focus.min(sheet.items.len());
        self.sheet = Some(sheet);
    }

    /// The field's value, or why it is not a valid score.
    fn value(&self, i: usize) -> Result<Option<u32>, Refusal> {
        let (Some(sheet), Some(typed)) = (&self.sheet, self.fields.get(i)) else {
            return Ok(None);
        };
        let item = &sheet.items[i];
        if typed.is_empty() {
            return Ok(None);
        }
        let value: u64 = typed.parse().map_err(|_| Refusal::Invalid(typed.clone()))?;
        // The engine's own gate, asked at the field.
        let item = crate::domain::gates::ScoreItem {
            id: item.id,
            name: item.name.clone(),
            max: item.max,
        };
        crate::domain::gates::score_value(&item, value).map(Some)
    }

    /// The points of every filled, valid field, as the engine takes them.
    pub fn points(&self) -> Vec<(i32, u32)> {
        let Some(sheet) = &self.sheet else {
            return Vec::new();
        };
        (0..sheet.items.len())
            .filter_map(|i| match self.value(i) {
                Ok(Some(v)) => Some((sheet.items[i].id, v)),
                _ => None,
            })
            .collect()
    }

    fn total(&self) -> u32 {
        self.points().iter().map(|(_, p)| p).sum()
    }

    /// Whether what is on screen differs from what was last saved (or, before any
    /// save, from what the server held when the form opened).
    fn changed(&self) -> bool {
        let Some(sheet) = &self.sheet else {
            return false;
        };
        let now = (self.points(), self.comment.text.trim().to_string());
        match &self.last_saved {
            Some(saved) => *saved != now,
            None => {
                let stored: Vec<(i32, u32)> = sheet.items.iter().filter_map(|i| i.points.map(|p| (i.id, p))).collect();
                (stored, sheet.comment.trim().to_string()) != now
            }
        }
    }

    fn save(&mut self) -> Vec<Effect> {
        if self.sheet.as_ref().is_none_or(|s| s.submitted) || !self.changed() {
            return Vec::new();
        }
        let points = self.points();
        self.last_saved = Some((points.clone(), self.comment.text.trim().to_string()));
        vec![Effect::SaveSheet {
            applicant_id: self.applicant_id,
            points,
            comment: self.comment.text.clone(),
        }]
    }
}

/// The applicant a writing key was pressed on, and what the account is to it.
pub(super) struct Target {
    pub committee_id: i32,
    pub applicant_id: i32,
    pub name: String,
    pub recused: bool,
    pub lead: bool,
    pub scoring: bool,
    pub questions: bool,
}

impl App {
    /// `p` (score sheet), `o` (opinion) or `i` (questions) on an applicant. What the
    /// account cannot do here is said with the engine's own refusal; the engine checks
    /// again on every save.
    pub(super) fn open_writing(&mut self, key: char, t: Target) -> Vec<Effect> {
        let refused = match key {
            'p' | 'i' if !(if key == 'p' { t.scoring } else { t.questions }) => {
                return self.unbound(Key::Char(key));
            }
            'p' | 'o' if t.recused => Some(Refusal::Recused),
            'o' if !t.lead => Some(Refusal::NotLeadReviewer),
            _ => None,
        };
        if let Some(r) = refused {
            self.status = Some((false, text::refusal(self.lang, &r)));
            return Vec::new();
        }
        let form = match key {
            'p' => Form::Sheet(SheetForm::new(t.committee_id, t.applicant_id, t.name)),
            'o' => Form::Opinion(OpinionForm {
                committee_id: t.committee_id,
                applicant_id: t.applicant_id,
                name: t.name,
                file: None,
                recommendation: None,
                text: TextEdit::new("", MAX_OPINION),
                editing: false,
                loaded: false,
                discard_armed: false,
            }),
            _ => Form::Questions(QuestionsForm {
                committee_id: t.committee_id,
                applicant_id: t.applicant_id,
                name: t.name,
                file: None,
                selected: 0,
                editing: None,
                saving: false,
            }),
        };
        self.open_form(form)
    }

    /// Opens a writing screen over the current one.
    pub(super) fn open_form(&mut self, form: Form) -> Vec<Effect> {
        let effect = match &form {
            Form::Sheet(f) => Effect::LoadSheet {
                committee_id: f.committee_id,
                applicant_id: f.applicant_id,
            },
            Form::Opinion(OpinionForm {
                committee_id,
                applicant_id,
                ..
            })
            | Form::Questions(QuestionsForm {
                committee_id,
                applicant_id,
                ..
            }) => Effect::LoadFile {
                committee_id: *committee_id,
                applicant_id: *applicant_id,
            },
        };
        let previous = std::mem::replace(&mut self.screen, Screen::Home);
        self.screen = Screen::Form(Box::new(form), Box::new(previous));
        vec![effect]
    }

    /// Leaves a writing screen for the one it was opened over, reloading that.
    fn close_form(&mut self) -> Vec<Effect> {
        let Screen::Form(_, previous) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return Vec::new();
        };
        self.screen = *previous;
        self.reload_effects()
    }

    /// Whether a text is being typed on a writing screen (then every character is
    /// text, not a command).
    pub(super) fn form_editing(&self) -> bool {
        let Screen::Form(form, _) = &self.screen else {
            return false;
        };
        match form.as_ref() {
            Form::Sheet(f) => f.editing_comment,
            Form::Opinion(f) => f.editing,
            Form::Questions(f) => f.editing.is_some(),
        }
    }

    pub(super) fn on_form_key(&mut self, key: Key) -> Vec<Effect> {
        let Screen::Form(form, _) = &mut self.screen else {
            return Vec::new();
        };
        match form.as_mut() {
            Form::Sheet(_) => self.on_sheet_key(key),
            Form::Opinion(_) => self.on_opinion_key(key),
            Form::Questions(_) => self.on_questions_key(key),
        }
    }

    /// A paste on a writing screen goes into the text being written, if any.
    pub(super) fn on_form_paste(&mut self, pasted: &str) {
        let Screen::Form(form, _) = &mut self.screen else {
            return;
        };
        match form.as_mut() {
            Form::Sheet(f) if f.editing_comment => f.comment.paste(pasted),
            Form::Opinion(f) if f.editing => f.text.paste(pasted),
            Form::Questions(QuestionsForm {
                editing: Some((_, t)), ..
            }) => t.paste(pasted),
            _ => {}
        }
    }

    fn sheet_form(&mut self) -> Option<&mut SheetForm> {
        match &mut self.screen {
            Screen::Form(form, _) => match form.as_mut() {
                Form::Sheet(f) => Some(f),
                _ => None,
            },
            _ => None,
        }
    }

    fn on_sheet_key(&mut self, key: Key) -> Vec<Effect> {
        let lang = self.lang;
        let Some(f) = self.sheet_form() else {
            return Vec::new();
        };
        let Some(sheet) = f.sheet.clone() else {
            return match key {
                Key::Esc | Key::Char('q') => self.close_form(),
                _ => Vec::new(),
            };
        };
        let items = sheet.items.len();
        let submitted = sheet.submitted;
        if f.editing_comment {
            match key {
                Key::Enter => {
                    f.editing_comment = false;
                    return f.save();
                }
                Key::Esc => {
                    f.editing_comment = false;
                    f.comment = TextEdit::new(&sheet.comment, MAX_COMMENT);
                }
                other => {
                    f.comment.key(other);
                }
            }
            return Vec::new();
        }
        let on_item = f.focus < items;
        // Leaving a field with a value that is not a score is refused at the field.
        let leave = |f: &mut SheetForm| -> Result<(), Refusal> {
            if f.focus < items
                && let Err(r) = f.value(f.focus)
            {
                f.invalid = Some(f.focus);
                return Err(r);
            }
            f.invalid = None;
            Ok(())
        };
        let result: Result<Vec<Effect>, Refusal> = match key {
            Key::Esc | Key::Char('q') => {
                let discarded = leave(f).is_err();
                if discarded {
                    // An invalid value is never saved: the field goes back to what is stored.
                    f.fields[f.focus] = sheet.items[f.focus].points.map(|p| p.to_string()).unwrap_or_default();
                    f.invalid = None;
                }
                let save = f.save();
                let item = sheet.items.get(f.focus).map(|i| i.name.clone()).unwrap_or_default();
                let mut effects = self.close_form();
                effects.splice(0..0, save);
                if discarded {
                    self.status = Some((false, text::invalid_score_discarded(lang, &item)));
                }
                return effects;
            }
            Key::Tab | Key::Down | Key::Enter if key != Key::Enter || on_item => leave(f).map(|()| {
                f.focus = (f.focus + 1).min(items);
                f.save()
            }),
            Key::Enter => {
                // Enter on the comment starts writing it.
                if submitted {
                    Err(Refusal::AlreadySubmitted)
                } else {
                    f.editing_comment = true;
                    Ok(Vec::new())
                }
            }
            Key::BackTab | Key::Up => leave(f).map(|()| {
                f.focus = f.focus.saturating_sub(1);
                f.save()
            }),
            Key::Char('s') => match leave(f) {
                Err(r) => Err(r),
                Ok(()) if submitted => Err(Refusal::AlreadySubmitted),
                Ok(()) => {
                    self.confirm = Some(Pending::SubmitSheet(f.applicant_id));
                    Ok(Vec::new())
                }
            },
            Key::Char(c) if submitted && (c.is_ascii_digit() || c == '-') => Err(Refusal::AlreadySubmitted),
            Key::Char(c) if on_item && c.is_ascii_digit() => {
                let field = &mut f.fields[f.focus];
                if field.len() < 3 {
                    field.push(c);
                }
                match f.value(f.focus) {
                    Ok(_) => {
                        f.invalid = None;
                        Ok(Vec::new())
                    }
                    Err(r) => {
                        f.invalid = Some(f.focus);
                        Err(r)
                    }
                }
            }
            Key::Backspace if on_item && !submitted => {
                f.fields[f.focus].pop();
                f.invalid = f.value(f.focus).err().map(|_| f.focus);
                Ok(Vec::new())
            }
            Key::Char('-') if on_item => Err(Refusal::Invalid(tr(lang, T::ScoreNotNegative).to_string())),
            Key::Char(_) if on_item => Err(Refusal::Invalid(text::score_digits_only(
                lang,
                sheet.items[f.focus].max,
            ))),
            _ => return self.unbound(key),
        };
        match result {
            Ok(effects) => effects,
            Err(r) => {
                self.status = Some((false, text::refusal(lang, &r)));
                Vec::new()
            }
        }
    }

    fn on_opinion_key(&mut self, key: Key) -> Vec<Effect> {
        let lang = self.lang;
        let Screen::Form(form, _) = &mut self.screen else {
            return Vec::new();
        };
        let Form::Opinion(f) = form.as_mut() else {
            return Vec::new();
        };
        // Until the stored opinion is in, only leaving works (nothing typed is lost).
        if !f.loaded {
            return match key {
                Key::Esc | Key::Char('q') => self.close_form(),
                _ => Vec::new(),
            };
        }
        if f.editing {
            match key {
                Key::Enter => {
                    f.editing = false;
                    return match f.recommendation {
                        Some(choice) => vec![Effect::WriteOpinion {
                            applicant_id: f.applicant_id,
                            text: f.text.text.clone(),
                            recommendation: choice,
                        }],
                        None => {
                            self.status = Some((false, tr(lang, T::PickRecommendation).to_string()));
                            Vec::new()
                        }
                    };
                }
                Key::Esc => {
                    f.editing = false;
                    let stored = f
                        .file
                        .as_ref()
                        .and_then(|x| x.my_opinion.as_ref())
                        .map(|o| o.opinion.clone())
                        .unwrap_or_default();
                    f.text = TextEdit::new(&stored, MAX_OPINION);
                }
                other => {
                    f.text.key(other);
                }
            }
            return Vec::new();
        }
        let stored = f
            .file
            .as_ref()
            .and_then(|x| x.my_opinion.as_ref())
            .map(|o| (o.opinion.trim().to_string(), o.recommendation));
        let unsaved = stored != Some((f.text.text.trim().to_string(), f.recommendation))
            && !(f.text.text.trim().is_empty() && f.recommendation.is_none());
        let armed = std::mem::take(&mut f.discard_armed);
        match key {
            Key::Esc | Key::Char('q') if unsaved && !armed => {
                // Nothing typed is dropped without a second Esc.
                f.discard_armed = true;
                self.status = Some((false, tr(lang, T::OpinionUnsaved).to_string()));
                Vec::new()
            }
            Key::Esc | Key::Char('q') => self.close_form(),
            Key::Enter => {
                f.editing = true;
                Vec::new()
            }
            Key::Char(c @ ('1' | '2' | '3')) => {
                let choice = super::choice_key(c);
                f.recommendation = Some(choice);
                if f.text.text.trim().is_empty() {
                    self.status = Some((false, tr(lang, T::WriteOpinionFirst).to_string()));
                    return Vec::new();
                }
                vec![Effect::WriteOpinion {
                    applicant_id: f.applicant_id,
                    text: f.text.text.clone(),
                    recommendation: choice,
                }]
            }
            _ => self.unbound(key),
        }
    }

    fn on_questions_key(&mut self, key: Key) -> Vec<Effect> {
        let Screen::Form(form, _) = &mut self.screen else {
            return Vec::new();
        };
        let Form::Questions(f) = form.as_mut() else {
            return Vec::new();
        };
        if f.file.is_none() {
            return match key {
                Key::Esc | Key::Char('q') => self.close_form(),
                _ => Vec::new(),
            };
        }
        let questions: Vec<(i32, String)> = f
            .file
            .as_ref()
            .map(|x| x.questions.iter().map(|q| (q.id, q.text.clone())).collect())
            .unwrap_or_default();
        if let Some((id, t)) = &mut f.editing {
            if f.saving {
                return Vec::new();
            }
            match key {
                Key::Enter => {
                    let (id, text) = (*id, t.text.clone());
                    f.saving = true;
                    return vec![match id {
                        Some(question_id) => Effect::EditQuestion { question_id, text },
                        None => Effect::AddQuestion {
                            applicant_id: f.applicant_id,
                            text,
                        },
                    }];
                }
                Key::Esc => f.editing = None,
                other => {
                    t.key(other);
                }
            }
            return Vec::new();
        }
        match key {
            Key::Esc | Key::Char('q') => self.close_form(),
            Key::Up | Key::Char('k') => {
                f.selected = f.selected.saturating_sub(1);
                Vec::new()
            }
            Key::Down | Key::Char('j') => {
                f.selected = (f.selected + 1).min(questions.len().saturating_sub(1));
                Vec::new()
            }
            Key::Char('a' | 'x') | Key::Enter if f.file.as_ref().is_some_and(|x| x.my_opinion.is_none()) => {
                // Only the applicant's lead reviewers write its questions.
                self.status = Some((false, text::refusal(self.lang, &Refusal::NotLeadReviewer)));
                Vec::new()
            }
            Key::Char('a') => {
                f.editing = Some((None, TextEdit::new("", MAX_QUESTION)));
                Vec::new()
            }
            Key::Enter => {
                if let Some((id, text)) = questions.get(f.selected) {
                    f.editing = Some((Some(*id), TextEdit::new(text, MAX_QUESTION)));
                }
                Vec::new()
            }
            Key::Char('x') => {
                if let Some((id, _)) = questions.get(f.selected) {
                    self.confirm = Some(Pending::DeleteQuestion(*id));
                }
                Vec::new()
            }
            _ => self.unbound(key),
        }
    }

    /// An action finished: a question being saved closes its editor when it was taken,
    /// and stays open with its text when it was refused.
    pub(super) fn form_action_done(&mut self, outcome: &super::ActionOutcome) {
        let Screen::Form(form, _) = &mut self.screen else {
            return;
        };
        if let Form::Questions(f) = form.as_mut()
            && f.saving
        {
            f.saving = false;
            if matches!(outcome, super::ActionOutcome::Done(T::QuestionSaved)) {
                f.editing = None;
            }
        }
    }

    /// The saves a writing screen owes before the session ends (a score sheet's
    /// fields that were typed but not yet saved).
    pub(super) fn form_flush(&mut self) -> Vec<Effect> {
        match self.sheet_form() {
            Some(f) if f.invalid.is_none() => f.save(),
            _ => Vec::new(),
        }
    }

    /// Takes a freshly loaded file into an opinion or questions form showing it.
    pub(super) fn form_file_loaded(&mut self, file: ApplicantFile) {
        let Screen::Form(form, _) = &mut self.screen else {
            return;
        };
        match form.as_mut() {
            Form::Opinion(f) if f.applicant_id == file.applicant.id => {
                if !f.loaded {
                    if let Some(mine) = &file.my_opinion {
                        f.text = TextEdit::new(&mine.opinion, MAX_OPINION);
                        f.recommendation = mine.recommendation;
                    }
                    f.loaded = true;
                }
                f.file = Some(Box::new(file));
            }
            Form::Questions(f) if f.applicant_id == file.applicant.id => {
                f.selected = f.selected.min(file.questions.len().saturating_sub(1));
                f.file = Some(Box::new(file));
            }
            _ => {}
        }
    }

    pub(super) fn view_form(&self, frame: &mut Frame, area: Rect) {
        let Screen::Form(form, _) = &self.screen else {
            return;
        };
        match form.as_ref() {
            Form::Sheet(f) => self.view_sheet(frame, area, f),
            Form::Opinion(f) => self.view_opinion(frame, area, f),
            Form::Questions(f) => self.view_questions(frame, area, f),
        }
    }

    fn view_sheet(&self, frame: &mut Frame, area: Rect, f: &SheetForm) {
        let (lang, palette) = (self.lang, self.palette);
        let title = match &f.sheet {
            Some(s) => text::sheet_title(lang, &f.name, s.mode),
            None => format!(" {} - {} ", tr(lang, T::SheetTitle), f.name),
        };
        let block = Block::new().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(sheet) = &f.sheet else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        // Long item names are cut to leave room for the maximum and the field.
        let room = usize::from(inner.width).saturating_sub(18).max(8);
        let cut = |s: &str| -> String {
            if s.width() <= room {
                return s.to_string();
            }
            let mut out = String::new();
            for c in s.chars() {
                // ASCII dots: "…" is drawn one or two columns wide depending on the terminal.
                if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 3 > room {
                    break;
                }
                out.push(c);
            }
            out.push_str("...");
            out
        };
        let name_width = sheet
            .items
            .iter()
            .map(|i| cut(&i.name).width())
            .chain([tr(lang, T::SheetItem).width(), tr(lang, T::SheetTotal).width()])
            .max()
            .unwrap_or(0)
            + 2;
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
        let right = |s: &str, w: usize| format!("{}{s}", " ".repeat(w.saturating_sub(s.width())));
        let mut lines = vec![
            Line::from(format!(
                "   {}{}  {}",
                pad(tr(lang, T::SheetItem), name_width),
                right(tr(lang, T::SheetMax), 4),
                tr(lang, T::SheetPoints)
            ))
            .bold(),
        ];
        for (i, item) in sheet.items.iter().enumerate() {
            let focused = f.focus == i;
            let typed = &f.fields[i];
            let field = format!("[{:>3}]", typed);
            let style = if f.invalid == Some(i) {
                palette.bad().add_modifier(ratatui::style::Modifier::REVERSED)
            } else if focused && !sheet.submitted {
                Style::new().reversed()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw(format!(
                    " {} {}{:>4}  ",
                    if focused { ">" } else { " " },
                    pad(&cut(&item.name), name_width),
                    item.max
                )),
                Span::styled(field, style),
            ]));
        }
        let max_total: u32 = sheet.items.iter().map(|i| i.max).sum();
        lines.push(Line::from(""));
        lines.push(
            Line::from(format!(
                "   {}{:>4}   {:>3}",
                pad(tr(lang, T::SheetTotal), name_width),
                max_total,
                f.total()
            ))
            .bold(),
        );
        lines.push(Line::from(""));
        let comment_focused = f.focus == sheet.items.len();
        let comment = if f.editing_comment {
            format!("{}_", f.comment.text)
        } else if f.comment.text.is_empty() {
            tr(lang, T::SheetNoComment).to_string()
        } else {
            f.comment.text.clone()
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {} ", if comment_focused { ">" } else { " " })),
            Span::raw(text::labelled(lang, T::SheetComment, "")).bold(),
            if f.editing_comment {
                Span::styled(comment, Style::new().underlined())
            } else if comment_focused && !sheet.submitted {
                Span::styled(comment, Style::new().reversed())
            } else {
                Span::raw(comment)
            },
        ]));
        lines.push(Line::from(""));
        let (state, style) = if sheet.submitted {
            (tr(lang, T::SheetSubmitted), palette.good())
        } else {
            (tr(lang, T::SheetDraft), palette.waiting())
        };
        lines.push(Line::from(Span::styled(format!(" {state}"), style)));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), wrap_area(inner));
    }

    fn view_opinion(&self, frame: &mut Frame, area: Rect, f: &OpinionForm) {
        let lang = self.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::OpinionTitle), f.name));
        if f.file.is_none() {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        }
        let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
        let rec = f.recommendation.map(|c| text::choice_name(lang, c)).unwrap_or("-");
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
        let mut text = f.text.text.clone();
        if f.editing {
            text.push('_');
        } else if text.is_empty() {
            text = tr(lang, T::OpinionEmpty).to_string();
        }
        let style = if f.editing {
            Style::new().underlined()
        } else {
            Style::new()
        };
        text_box(frame, body, None, &text, style, f.editing);
    }

    fn view_questions(&self, frame: &mut Frame, area: Rect, f: &QuestionsForm) {
        let lang = self.lang;
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
                text::question_line(lang, i + 1, &q.text.replace('\n', " "), &q.author)
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
                text_box(
                    frame,
                    below,
                    Some(title),
                    &format!("{}_", t.text),
                    Style::new().underlined(),
                    true,
                );
            }
            None => {
                if let Some(q) = file.questions.get(f.selected) {
                    text_box(frame, below, None, &q.text, Style::new(), false);
                }
            }
        }
    }

    /// The bottom line of a writing screen, in the mode it is in, and whether it
    /// goes back with Esc (not while text is typed: Esc cancels the typing).
    pub(super) fn form_footer(&self) -> (Vec<Binding>, bool) {
        let Screen::Form(form, _) = &self.screen else {
            return (Vec::new(), false);
        };
        match form.as_ref() {
            Form::Sheet(f) if f.editing_comment => (keymap::EDITING.to_vec(), false),
            Form::Opinion(f) if f.editing => (keymap::EDITING.to_vec(), false),
            Form::Questions(f) if f.editing.is_some() => (keymap::EDITING.to_vec(), false),
            Form::Sheet(_) => (keymap::SHEET.to_vec(), true),
            Form::Opinion(_) => (keymap::OPINION_FORM.to_vec(), true),
            Form::Questions(_) => (keymap::QUESTIONS_FORM.to_vec(), true),
        }
    }

    /// The help lines of a writing screen.
    pub(super) fn form_help(&self) -> Vec<Binding> {
        let Screen::Form(form, _) = &self.screen else {
            return Vec::new();
        };
        match form.as_ref() {
            Form::Sheet(_) => keymap::SHEET.to_vec(),
            Form::Opinion(_) => keymap::OPINION_FORM.to_vec(),
            Form::Questions(_) => keymap::QUESTIONS_FORM.to_vec(),
        }
    }
}

/// A bordered box of wrapped text; while `follow` it scrolls so that the end (where
/// the user types) stays in view.
fn text_box(frame: &mut Frame, area: Rect, title: Option<&str>, text: &str, style: Style, follow: bool) {
    let mut block = Block::new().borders(Borders::ALL);
    if let Some(t) = title {
        block = block.title(format!(" {t} "));
    }
    let inner = wrap_area(block.inner(area));
    frame.render_widget(block, area);
    let lines: Vec<Line> = text
        .split('\n')
        .map(|l| Line::from(l.to_string()).style(style))
        .collect();
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = paragraph.line_count(inner.width) as u16;
    let scroll = if follow { total.saturating_sub(inner.height) } else { 0 };
    frame.render_widget(paragraph.scroll((scroll, 0)), inner);
}
