//! The home screen (首页): one card per committee of the account, with its mode, stage,
//! the account's roles and group, and what it still has to do; the office sees every
//! committee with its counts. Enter opens the committee (the office: its progress), `c`
//! checks in to the committee meeting, `b` (office) opens the login limits.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::applicants::ApplicantsScreen;
use super::logins::LoginsScreen;
use super::office::OfficeScreen;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::screen::{Ctx, Screen, Step};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::framed;

#[derive(Debug, Default)]
pub struct HomeScreen {
    selected: usize,
}

impl HomeScreen {
    /// The selected card's index, on a card that exists since the view was last read.
    fn selected(&self, cx: &Ctx) -> usize {
        let cards = cx.home.map_or(0, |h| h.cards.len());
        self.selected.min(cards.saturating_sub(1))
    }
}

/// Every key of the home screen, the office's and the members'.
const KEYS: &[&[Binding]] = &[keymap::HOME, keymap::HOME_OFFICE];

impl Screen for HomeScreen {
    fn name(&self) -> &'static str {
        "home"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let cards = cx.home.map_or(&[][..], |h| h.cards.as_slice());
        let command = KEYS.iter().find_map(|rows| keymap::command(rows, key));
        self.selected = self.selected(cx);
        match command {
            Some(Cmd::Quit) => Step::none().and_quit(),
            Some(Cmd::Move) => {
                match key {
                    Key::Up | Key::Char('k') => self.selected = self.selected.saturating_sub(1),
                    _ if self.selected + 1 < cards.len() => self.selected += 1,
                    _ => {}
                }
                Step::none()
            }
            Some(Cmd::Open) => {
                let Some(card) = cards.get(self.selected) else {
                    return Step::none();
                };
                let committee_id = card.committee_id;
                if cx.identity.is_operator {
                    let screen = OfficeScreen::new(committee_id, card.name.clone(), card.mode);
                    return Step::push(Box::new(screen), Effect::LoadProgress { committee_id });
                }
                let list = ApplicantsScreen::new(committee_id, card.name.clone(), card.group_id, card.mode);
                Step::push(Box::new(list), Effect::LoadApplicants { committee_id })
            }
            Some(Cmd::NewCommittee) if cx.identity.is_operator => Step {
                nav: crate::tui::screen::Nav::Push(Box::new(super::new_committee::NewCommitteeScreen::default())),
                ..Step::none()
            },
            Some(Cmd::Logins) if cx.identity.is_operator => {
                Step::push(Box::new(LoginsScreen::open()), Effect::LoadLoginBlocks)
            }
            Some(Cmd::CheckIn) => match cards.get(self.selected) {
                Some(card) => Step::effect(Effect::CheckIn {
                    committee_id: card.committee_id,
                }),
                None => Step::none(),
            },
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::HomeTitle)));
        let Some(home) = cx.home else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        if home.cards.is_empty() {
            let empty = if cx.identity.is_operator {
                T::NoCommitteesOffice
            } else {
                T::NoCommittees
            };
            frame.render_widget(Paragraph::new(tr(lang, empty)), inner);
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_top = 0usize;
        // The first line of each card, for clicks.
        let mut starts = Vec::with_capacity(home.cards.len());
        self.selected = self.selected(cx);
        for (i, card) in home.cards.iter().enumerate() {
            starts.push(lines.len());
            let selected = i == self.selected;
            if selected {
                selected_top = lines.len();
            }
            let marker = if selected { "> " } else { "  " };
            let title_style = if selected {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            };
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(card.name.clone(), title_style),
            ]));
            lines.push(Line::from(format!(
                "    {}    {}",
                text::labelled(lang, T::Mode, text::mode_name(lang, card.mode)),
                text::labelled(lang, T::Stage, text::stage_name(lang, card.stage))
            )));
            if cx.identity.is_operator {
                lines.push(Line::from(format!(
                    "    {}",
                    text::counts(lang, card.groups, card.experts, card.applicants)
                )));
            } else {
                let mut l = format!(
                    "    {}",
                    text::labelled(lang, T::Roles, &text::roles_list(lang, &card.roles))
                );
                if let Some(g) = &card.group {
                    let g = match card.group_phase {
                        Some(p) => text::group_with_phase(lang, g, p, true),
                        None => g.clone(),
                    };
                    l.push_str(&format!("    {}", text::labelled(lang, T::Group, &g)));
                }
                lines.push(Line::from(l));
                lines.push(Line::from(format!("    {}", text::labelled(lang, T::Waiting, ""))));
                for todo in &card.todos {
                    lines.push(Line::from(format!("      - {}", text::todo_text(lang, todo))));
                }
            }
            lines.push(Line::from(""));
        }
        // Keep the selected card in view.
        let height = usize::from(inner.height);
        let scroll = selected_top
            .saturating_sub(height.saturating_sub(4).max(1) - 1)
            .min(u16::MAX as usize);
        let total = lines.len();
        frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(total);
            for line in (*start).max(scroll)..end.min(scroll + height) {
                let y = inner.y + (line - scroll) as u16;
                hits.rows.push((Rect::new(inner.x, y, inner.width, 1), i));
            }
        }
    }

    fn footer(&self, cx: &Ctx) -> Vec<Binding> {
        self.help(cx)
    }

    fn help(&self, cx: &Ctx) -> Vec<Binding> {
        if cx.identity.is_operator {
            keymap::HOME_OFFICE.to_vec()
        } else {
            keymap::HOME.to_vec()
        }
    }

    fn reloads(&self) -> Vec<Effect> {
        // The home view is read with every reload.
        Vec::new()
    }

    fn selected_row(&self) -> Option<usize> {
        Some(self.selected)
    }

    fn select_row(&mut self, index: usize) {
        self.selected = index;
    }

    fn opens_on_click(&self) -> bool {
        true
    }
}
