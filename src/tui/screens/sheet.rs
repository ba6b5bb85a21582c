//! The score sheet (评分表) of one applicant's defense, over the list or the file it
//! was opened from: a field per item of the committee's sheet, up to the item's
//! maximum, the total, a comment. What is typed is saved as the user moves between
//! fields and when leaving; `s` submits (after a confirmation), and a submitted sheet
//! no longer changes. Nothing here decides what is allowed beyond the field's own
//! range (the engine's gate, asked at the field): the engine refuses with a reason.

use crate::domain::{Lang, Mode};
use crate::tui::catalog::msg;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::Refusal;
use crate::service::review::MAX_COMMENT;
use crate::service::screens::ScoreSheetView;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, form_footer, help_with_back, keep};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{TextEdit, wrap_area};

#[derive(Debug)]
pub struct SheetScreen {
    committee_id: i32,
    applicant_id: i32,
    name: String,
    sheet: Option<ScoreSheetView>,
    /// What is typed in each item's field.
    fields: Vec<String>,
    comment: TextEdit,
    /// 0..items: an item; items: the comment.
    focus: usize,
    editing_comment: bool,
    /// The field holding a value that is not a valid score.
    invalid: Option<usize>,
    /// What was last sent to be saved (points and comment), to save only changes.
    last_saved: Option<(Vec<(i32, u32)>, String)>,
}

impl SheetScreen {
    pub fn new(committee_id: i32, applicant_id: i32, name: String) -> SheetScreen {
        SheetScreen {
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
    fn loaded(&mut self, sheet: ScoreSheetView) {
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
        let value: u64 = typed.parse().map_err(|_| Refusal::ScoreDigitsOnly { max: item.max })?;
        // The engine's own gate, asked at the field.
        let item = crate::domain::gates::ScoreItem {
            id: item.id,
            name: item.name.clone(),
            max: item.max,
        };
        crate::domain::gates::score_value(&item, value).map(Some)
    }

    /// The points of every filled, valid field, as the engine takes them.
    fn points(&self) -> Vec<(i32, u32)> {
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

    fn sheet_key(&mut self, cx: &Ctx, key: Key) -> Step {
        let lang = cx.lang;
        let f = self;
        let Some(sheet) = f.sheet.clone() else {
            return match key {
                Key::Esc | Key::Char('q') => Step::back_reload(),
                _ => Step::none(),
            };
        };
        let items = sheet.items.len();
        let submitted = sheet.submitted;
        if f.editing_comment {
            match key {
                Key::Enter => {
                    f.editing_comment = false;
                    return Step::effects(f.save());
                }
                Key::Esc => {
                    f.editing_comment = false;
                    f.comment = TextEdit::new(&sheet.comment, MAX_COMMENT);
                }
                other => {
                    f.comment.key(other);
                }
            }
            return Step::none();
        }
        let on_item = f.focus < items;
        // Leaving a field with a value that is not a score is refused at the field.
        let leave = |f: &mut SheetScreen| -> Result<(), Refusal> {
            if f.focus < items
                && let Err(r) = f.value(f.focus)
            {
                f.invalid = Some(f.focus);
                return Err(r);
            }
            f.invalid = None;
            Ok(())
        };
        let rows = [keymap::SHEET, &[keymap::BACK]].concat();
        let result: Result<Step, Refusal> = match keymap::command(&rows, key) {
            Some(Cmd::Back) => {
                let discarded = leave(f).is_err();
                if discarded {
                    // An invalid value is never saved: the field goes back to what is stored.
                    f.fields[f.focus] = sheet.items[f.focus].points.map(|p| p.to_string()).unwrap_or_default();
                    f.invalid = None;
                }
                let item = sheet.items.get(f.focus).map(|i| i.name.clone()).unwrap_or_default();
                // What is typed is saved on the way back.
                let mut step = Step::back_reload();
                step.effects = f.save();
                if discarded {
                    step.status = Some((false, invalid_score_discarded(lang, &item)));
                }
                return step;
            }
            Some(Cmd::Next) if key != Key::Enter || on_item => leave(f).map(|()| {
                f.focus = (f.focus + 1).min(items);
                Step::effects(f.save())
            }),
            Some(Cmd::Next) => {
                // Enter on the comment starts writing it.
                if submitted {
                    Err(Refusal::AlreadySubmitted)
                } else {
                    f.editing_comment = true;
                    Ok(Step::none())
                }
            }
            Some(Cmd::Previous) => leave(f).map(|()| {
                f.focus = f.focus.saturating_sub(1);
                Step::effects(f.save())
            }),
            Some(Cmd::Submit) => match leave(f) {
                Err(r) => Err(r),
                Ok(()) if submitted => Err(Refusal::AlreadySubmitted),
                // What is on screen is saved, then submitted, on the yes.
                Ok(()) => Ok(Step::confirm(
                    Effect::SubmitSheet {
                        applicant_id: f.applicant_id,
                        points: f.points(),
                        comment: f.comment.text.clone(),
                    },
                    T::ConfirmSheetBody,
                )),
            },
            // Anything else on an item is typed into its field.
            _ => match key {
                Key::Char(c) if submitted && (c.is_ascii_digit() || c == '-') => Err(Refusal::AlreadySubmitted),
                Key::Char(c) if on_item && c.is_ascii_digit() => {
                    let field = &mut f.fields[f.focus];
                    if field.len() < 3 {
                        field.push(c);
                    }
                    match f.value(f.focus) {
                        Ok(_) => {
                            f.invalid = None;
                            Ok(Step::none())
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
                    Ok(Step::none())
                }
                Key::Char('-') if on_item => Err(Refusal::ScoreNegative),
                Key::Char(_) if on_item => Err(Refusal::ScoreDigitsOnly {
                    max: sheet.items[f.focus].max,
                }),
                _ => return Step::unbound(lang, key),
            },
        };
        result.unwrap_or_else(|r| Step::refused(lang, &r))
    }
}

impl Screen for SheetScreen {
    fn name(&self) -> &'static str {
        "sheet"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        self.sheet_key(cx, key)
    }

    fn paste(&mut self, pasted: &str) {
        if self.editing_comment {
            self.comment.paste(pasted);
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::SheetLoaded { applicant_id, sheet } if applicant_id == self.applicant_id => keep(*sheet, |sheet| {
                self.loaded(sheet);
            }),
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, _hits: &mut Hits) {
        let (lang, palette) = (cx.lang, cx.palette);
        let f = &*self;
        let title = match &f.sheet {
            Some(s) => sheet_title(lang, &f.name, s.mode),
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
                // ASCII dots: the ellipsis character is drawn one or two columns wide depending
                // on the terminal.
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

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        form_footer(self.editing_comment, keymap::SHEET)
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::SHEET.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadSheet {
            committee_id: self.committee_id,
            applicant_id: self.applicant_id,
        }]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn typing(&self) -> bool {
        self.editing_comment
    }

    fn mode(&self) -> u8 {
        u8::from(self.editing_comment)
    }

    /// The fields typed but not yet saved, unless one holds what is not a score.
    fn flush(&mut self) -> Vec<Effect> {
        match self.invalid {
            None => self.save(),
            Some(_) => Vec::new(),
        }
    }
}

// ---------------------------------------------------------------- texts

/// The title of a score sheet: whose, and which defense.
fn sheet_title(lang: Lang, name: &str, mode: Mode) -> String {
    let which = match mode {
        Mode::Interview => T::SheetWhichInterview,
        _ => T::SheetWhichLecture,
    };
    msg!(
        lang,
        "sheet-heading",
        title = tr(lang, T::SheetTitle),
        name = name,
        which = tr(lang, which)
    )
}

/// Leaving a score sheet with a value that is not a score: it was not saved.
pub(super) fn invalid_score_discarded(lang: Lang, item: &str) -> String {
    msg!(lang, "invalid-score-discarded", item = item)
}
