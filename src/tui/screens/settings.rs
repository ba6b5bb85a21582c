//! The office's settings screen (评审规则): a committee's rule settings and score items,
//! as `pingshen committee settings` shows and changes them. Enter on a row changes it:
//! a yes/no setting flips, any other opens its value for typing (Enter saves, Esc
//! cancels). The engine checks every value (the same checks and messages as the
//! command line); a value that cannot be read is said before anything is sent.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::domain::{Lang, Mode, Settings, Threshold};
use crate::service::setup::SettingsChange;
use crate::tui::catalog::msg;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, form_footer, help_with_back, keep, with_back};
use crate::tui::text::{T, tr};
use crate::tui::widgets::{TextEdit, draw_list, framed, header_row, move_selection, text_area, text_box};

/// The settings, in the order the screen lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    GroupPass,
    CommitteePass,
    Quorum,
    GroupFailStops,
    TrimFrom,
    PassScore,
    ScoreItems,
}

const ALL: [Field; 7] = [
    Field::GroupPass,
    Field::CommitteePass,
    Field::Quorum,
    Field::GroupFailStops,
    Field::TrimFrom,
    Field::PassScore,
    Field::ScoreItems,
];

#[derive(Debug)]
pub struct SettingsScreen {
    committee_id: i32,
    name: String,
    mode: Mode,
    loaded: Option<(Settings, Vec<(String, u32)>)>,
    state: TableState,
    /// The value being typed, and for which setting.
    editing: Option<(Field, TextEdit)>,
}

impl SettingsScreen {
    pub fn open(committee_id: i32, name: String, mode: Mode) -> SettingsScreen {
        SettingsScreen {
            committee_id,
            name,
            mode,
            loaded: None,
            state: TableState::default().with_selected(Some(0)),
            editing: None,
        }
    }

    /// The settings this committee has (score settings only in the defense modes).
    fn fields(&self) -> Vec<Field> {
        ALL.iter()
            .copied()
            .filter(|f| self.mode.has_scoring() || !matches!(f, Field::TrimFrom | Field::PassScore | Field::ScoreItems))
            .collect()
    }

    fn save(&self, change: SettingsChange) -> Step {
        Step::effect(Effect::ChangeSettings {
            committee_id: self.committee_id,
            change,
        })
    }
}

/// A setting's value as it is typed (and shown).
pub fn value(field: Field, s: &Settings, items: &[(String, u32)]) -> String {
    let threshold = |t: Threshold| {
        let op = if t.strict { ">" } else { "" };
        format!("{op}{}/{}", t.num, t.den)
    };
    let number = |n: Option<u32>| n.map_or_else(|| "none".to_string(), |n| n.to_string());
    match field {
        Field::GroupPass => threshold(s.group_pass),
        Field::CommitteePass => threshold(s.committee_pass),
        Field::Quorum => threshold(s.quorum),
        Field::GroupFailStops => String::new(),
        Field::TrimFrom => number(s.trim_from),
        Field::PassScore => number(s.pass_score),
        Field::ScoreItems => items
            .iter()
            .map(|(n, m)| format!("{n}:{m}"))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// Reads a typed value as the change it asks for, or says (in the language) how to
/// write it.
pub fn parse(lang: Lang, field: Field, text: &str) -> Result<SettingsChange, String> {
    let text = text.trim();
    let threshold = || {
        text.parse::<Threshold>()
            .map_err(|_| tr(lang, T::SettingsInputThreshold).to_string())
    };
    let number = || match text.to_lowercase().as_str() {
        "none" | "never" | "off" | "无" | "不设" | "-" => Ok(None),
        t => t
            .parse::<u32>()
            .map(Some)
            .map_err(|_| tr(lang, T::SettingsInputNumber).to_string()),
    };
    let mut change = SettingsChange::default();
    match field {
        Field::GroupPass => change.group_pass = Some(threshold()?),
        Field::CommitteePass => change.committee_pass = Some(threshold()?),
        Field::Quorum => change.quorum = Some(threshold()?),
        Field::GroupFailStops => {}
        Field::TrimFrom => change.trim_from = Some(number()?),
        Field::PassScore => change.pass_score = Some(number()?),
        Field::ScoreItems => {
            change.score_items = Some(
                crate::service::setup::parse_items(text).map_err(|_| tr(lang, T::SettingsInputItems).to_string())?,
            )
        }
    }
    Ok(change)
}

/// A setting's name and what its value means now, in the language.
fn row_texts(lang: Lang, field: Field, s: &Settings, items: &[(String, u32)]) -> (String, String) {
    let threshold = |t: Threshold| {
        let text = msg!(lang, "threshold", num = t.num, den = t.den);
        if t.strict {
            msg!(lang, "threshold-more-than", share = text)
        } else {
            msg!(lang, "threshold-at-least", share = text)
        }
    };
    match field {
        Field::GroupPass => (tr(lang, T::RuleGroupPass).into(), threshold(s.group_pass)),
        Field::CommitteePass => (tr(lang, T::RuleCommitteePass).into(), threshold(s.committee_pass)),
        Field::Quorum => (tr(lang, T::RuleQuorum).into(), threshold(s.quorum)),
        Field::GroupFailStops => (
            tr(lang, T::SettingGroupFailStops).into(),
            tr(
                lang,
                if s.group_fail_stops {
                    T::SettingGroupFailStopsYes
                } else {
                    T::SettingGroupFailStopsNo
                },
            )
            .into(),
        ),
        Field::TrimFrom => (
            tr(lang, T::SettingTrimFrom).into(),
            match s.trim_from {
                Some(n) => msg!(lang, "setting-trim-from-value", sheets = n),
                None => tr(lang, T::SettingTrimNever).into(),
            },
        ),
        Field::PassScore => (
            tr(lang, T::SettingPassScore).into(),
            match s.pass_score {
                Some(p) => msg!(lang, "setting-pass-score-value", score = p),
                None => tr(lang, T::SettingPassScoreNone).into(),
            },
        ),
        Field::ScoreItems => (
            tr(lang, T::SettingScoreItems).into(),
            if items.is_empty() {
                tr(lang, T::SettingNoItems).into()
            } else {
                value(field, s, items)
            },
        ),
    }
}

impl Screen for SettingsScreen {
    fn name(&self) -> &'static str {
        "settings"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if let Some((field, edit)) = &mut self.editing {
            return match key {
                Key::Esc => {
                    self.editing = None;
                    Step::none()
                }
                Key::Enter => match parse(cx.lang, *field, &edit.text) {
                    Ok(change) => {
                        self.editing = None;
                        self.save(change)
                    }
                    Err(how) => Step::fail(how),
                },
                k => {
                    edit.key(k);
                    Step::none()
                }
            };
        }
        let fields = self.fields();
        if move_selection(&mut self.state, fields.len(), key, cx.height) {
            return Step::none();
        }
        let rows = with_back(keymap::SETTINGS.to_vec());
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back_reload(),
            Some(Cmd::Edit) => {
                let (Some((s, items)), Some(field)) = (&self.loaded, self.state.selected().and_then(|i| fields.get(i)))
                else {
                    return Step::none();
                };
                if *field == Field::GroupFailStops {
                    return self.save(SettingsChange {
                        group_fail_stops: Some(!s.group_fail_stops),
                        ..SettingsChange::default()
                    });
                }
                self.editing = Some((*field, TextEdit::new(&value(*field, s, items), 400)));
                Step::none()
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some((_, edit)) = &mut self.editing {
            edit.paste(&text.replace('\n', " "));
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::SettingsLoaded { committee_id, settings } if committee_id == self.committee_id => {
                keep(*settings, |s| self.loaded = Some(s))
            }
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::SettingsTitle), self.name));
        let Some((s, items)) = &self.loaded else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let edit_height = if self.editing.is_some() { 5 } else { 0 };
        let [head, list, edit] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(edit_height),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(tr(lang, T::SettingsHead)).wrap(Wrap { trim: false }),
            text_area(head),
        );
        let fields = self.fields();
        let texts: Vec<(String, String)> = fields.iter().map(|f| row_texts(lang, *f, s, items)).collect();
        let rows: Vec<Row> = texts
            .iter()
            .map(|(name, value)| Row::new([Cell::from(name.clone()).bold(), Cell::from(value.clone())]))
            .collect();
        let widths = [
            crate::tui::widgets::fit_width(tr(lang, T::ColSetting), texts.iter().map(|(n, _)| n.clone())),
            Constraint::Fill(1),
        ];
        let n = rows.len();
        let table = Table::new(rows, widths).header(header_row(lang, &[T::ColSetting, T::ColValue]));
        draw_list(frame, hits, table, list, &mut self.state, n);
        if let Some((field, e)) = &self.editing {
            let how = match field {
                Field::GroupPass | Field::CommitteePass | Field::Quorum => T::SettingsInputThreshold,
                Field::TrimFrom | Field::PassScore => T::SettingsInputNumber,
                _ => T::SettingsInputItems,
            };
            hits.cursor = text_box(
                frame,
                edit,
                Some(tr(lang, how)),
                &e.text,
                ratatui::style::Style::new(),
                true,
            );
        }
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        form_footer(self.editing.is_some(), keymap::SETTINGS)
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::SETTINGS.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadSettings {
            committee_id: self.committee_id,
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

    fn selected_row(&self) -> Option<usize> {
        self.state.selected()
    }

    fn select_row(&mut self, index: usize) {
        self.state.select(Some(index));
    }
}
