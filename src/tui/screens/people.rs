//! The office's people screen (专家账号): every expert of a committee with the roles,
//! the group, the account and whether it is online. The office resets one expert's
//! password (`r`, or `n` with a new username too) or revokes the account (`x`), each
//! after a confirmation naming the person; nobody else's account changes, and the
//! expert's open session is told and closed. The slip goes to `exports/`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::domain::Lang;
use crate::service::office::PersonLine;
use crate::tui::catalog::msg;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{T, roles_list, tr};
use crate::tui::widgets::{draw_list, fit_width, framed, header_row, keep_selection, move_selection, wrap_area};

#[derive(Debug)]
pub struct PeopleScreen {
    committee_id: i32,
    name: String,
    people: Option<Vec<PersonLine>>,
    state: TableState,
}

impl PeopleScreen {
    /// The people of a committee, not loaded yet.
    pub fn open(committee_id: i32, name: String) -> PeopleScreen {
        PeopleScreen {
            committee_id,
            name,
            people: None,
            state: TableState::default().with_selected(Some(0)),
        }
    }

    fn selected(&self) -> Option<&PersonLine> {
        self.state.selected().and_then(|i| self.people.as_ref()?.get(i))
    }
}

impl Screen for PeopleScreen {
    fn name(&self) -> &'static str {
        "people"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let n = self.people.as_ref().map_or(0, Vec::len);
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let committee_id = self.committee_id;
        let rows = with_back(keymap::PEOPLE.to_vec());
        let command = keymap::command(&rows, key);
        if command == Some(Cmd::Back) {
            return Step::back_reload();
        }
        let Some(p) = self.selected() else {
            return match command {
                Some(_) => Step::none(),
                None => Step::unbound(cx.lang, key),
            };
        };
        let step = match command {
            Some(Cmd::Reset) | Some(Cmd::ResetNew) => {
                let new_username = command == Some(Cmd::ResetNew) || p.username.is_none();
                let effect = Effect::ResetAccount {
                    committee_id,
                    expert_id: p.expert_id,
                    new_username,
                };
                Step::confirm_text(effect.clone(), confirm_text(cx.lang, p, &effect))
            }
            Some(Cmd::Revoke) if p.username.is_some() => {
                let effect = Effect::RevokeAccount {
                    committee_id,
                    expert_id: p.expert_id,
                };
                Step::confirm_text(effect.clone(), confirm_text(cx.lang, p, &effect))
            }
            Some(Cmd::Revoke) => return Step::fail(msg!(cx.lang, "problem-no-account", name = p.name.as_str())),
            _ => return Step::unbound(cx.lang, key),
        };
        // The list is read again at once and the open confirmation follows it
        // (`confirm_text`): a login since the last change shows as online too.
        Step {
            effects: vec![Effect::LoadPeople { committee_id }],
            ..step
        }
    }

    fn confirm_text(&self, cx: &Ctx, confirm: &crate::tui::screen::Confirm) -> Option<String> {
        let expert = match &confirm.effect {
            Effect::ResetAccount { expert_id, .. } | Effect::RevokeAccount { expert_id, .. } => *expert_id,
            _ => return None,
        };
        let p = self.people.as_ref()?.iter().find(|p| p.expert_id == expert)?;
        Some(confirm_text(cx.lang, p, &confirm.effect))
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::PeopleLoaded { committee_id, people } if committee_id == self.committee_id => keep(*people, |p| {
                keep_selection(&mut self.state, p.len());
                self.people = Some(p);
            }),
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::PeopleTitle), self.name));
        let Some(people) = &self.people else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let [head, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(inner);
        let with_account = people.iter().filter(|p| p.username.is_some()).count();
        let online = people.iter().filter(|p| p.online).count();
        frame.render_widget(
            Paragraph::new(format!(
                " {}",
                msg!(
                    lang,
                    "people-head",
                    experts = people.len(),
                    accounts = with_account,
                    online = online
                )
            ))
            .bold(),
            wrap_area(head),
        );
        let header = header_row(
            lang,
            &[T::ColName, T::ColGroup, T::ColRoles, T::ColAccount, T::ColOnline],
        );
        let roles: Vec<String> = people.iter().map(|p| roles_list(lang, &p.roles)).collect();
        let accounts: Vec<String> = people
            .iter()
            .map(|p| p.username.clone().unwrap_or_else(|| tr(lang, T::NoAccount).to_string()))
            .collect();
        let rows: Vec<Row> = people
            .iter()
            .zip(roles.iter().zip(&accounts))
            .map(|(p, (roles, account))| {
                Row::new([
                    Cell::from(p.name.clone()),
                    Cell::from(p.group.clone()),
                    Cell::from(roles.clone()),
                    Cell::from(account.clone()),
                    Cell::from(if p.online { tr(lang, T::Online) } else { "" }),
                ])
            })
            .collect();
        let widths = [
            fit_width(tr(lang, T::ColName), people.iter().map(|p| p.name.clone())),
            fit_width(tr(lang, T::ColGroup), people.iter().map(|p| p.group.clone())),
            Constraint::Fill(1),
            fit_width(tr(lang, T::ColAccount), accounts.iter().cloned()),
            fit_width(tr(lang, T::ColOnline), std::iter::once(tr(lang, T::Online).to_string())),
        ];
        let n = rows.len();
        let table = Table::new(rows, widths).header(header);
        draw_list(frame, hits, table, table_area, &mut self.state, n);
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        with_back(keymap::PEOPLE.to_vec())
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::PEOPLE.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadPeople {
            committee_id: self.committee_id,
        }]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn selected_row(&self) -> Option<usize> {
        self.state.selected()
    }

    fn select_row(&mut self, index: usize) {
        self.state.select(Some(index));
    }
}

/// A person as a confirmation names them: name, and the employer.
fn person(p: &PersonLine) -> String {
    if p.employer.is_empty() {
        p.name.clone()
    } else {
        format!("{}（{}）", p.name, p.employer)
    }
}

/// What a reset or a revocation asks, naming the person, with the line that the open
/// session will be closed when there is one.
fn confirm_text(lang: Lang, p: &PersonLine, effect: &Effect) -> String {
    let who = person(p);
    let text = match effect {
        Effect::ResetAccount { new_username: true, .. } => msg!(lang, "confirm-reset-new-username", who = who.as_str()),
        Effect::ResetAccount { .. } => msg!(lang, "confirm-reset-password", who = who.as_str()),
        _ => msg!(lang, "confirm-revoke-account", who = who.as_str()),
    };
    if p.online {
        format!("{text}\n{}", tr(lang, T::ConfirmSessionCloses))
    } else {
        text
    }
}
