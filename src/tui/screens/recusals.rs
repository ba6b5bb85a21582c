//! The office's recusals screen (回避): every recusal of a committee with its reason
//! (same employer, set by the office, declared by the expert). `a` adds one by picking
//! the expert, then the applicant; `d` lifts the selected one after a confirmation
//! naming both. The engine checks every change (recusals change the vote counts, so
//! they may change only before anyone could see a count).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use crate::domain::Lang;
use crate::service::office::{PersonLine, RecusalLine};
use crate::service::screens::ApplicantLine;
use crate::tui::catalog::msg;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{T, tr};
use crate::tui::widgets::{
    draw_list, fit_width, framed, header_row, keep_selection, move_selection, text_area, wrap_area,
};

/// Where the screen is: the list, or picking a new recusal's expert, then applicant.
#[derive(Debug)]
enum Pick {
    None,
    Expert(Option<Vec<PersonLine>>),
    Applicant {
        expert_id: i32,
        expert: String,
        applicants: Option<Vec<ApplicantLine>>,
    },
}

#[derive(Debug)]
pub struct RecusalsScreen {
    committee_id: i32,
    name: String,
    recusals: Option<Vec<RecusalLine>>,
    state: TableState,
    pick: Pick,
    pick_state: TableState,
}

/// The people to pick from (name, employer, group), under the line that asks.
fn pick_table(
    cx: &Ctx,
    frame: &mut Frame,
    hits: &mut Hits,
    [head, body]: [Rect; 2],
    title: String,
    rows: Option<Vec<[String; 3]>>,
    state: &mut TableState,
) {
    let lang = cx.lang;
    frame.render_widget(Paragraph::new(format!(" {title}")).bold(), wrap_area(head));
    let Some(rows) = rows else {
        return frame.render_widget(Paragraph::new(tr(lang, T::Loading)), body);
    };
    let widths = [
        fit_width(tr(lang, T::ColName), rows.iter().map(|r| r[0].clone())),
        Constraint::Fill(1),
        fit_width(tr(lang, T::ColGroup), rows.iter().map(|r| r[2].clone())),
    ];
    let n = rows.len();
    let rows: Vec<Row> = rows.into_iter().map(Row::new).collect();
    let table = Table::new(rows, widths).header(header_row(lang, &[T::ColName, T::ColEmployer, T::ColGroup]));
    draw_list(frame, hits, table, body, state, n);
}

/// A person as the screen names them: name, and the employer.
fn named(name: &str, employer: &str) -> String {
    if employer.is_empty() {
        name.to_string()
    } else {
        format!("{name}（{employer}）")
    }
}

fn reason(lang: Lang, r: &str) -> &'static str {
    match r {
        "employer" => tr(lang, T::RecusalEmployer),
        "declared" => tr(lang, T::RecusalDeclared),
        _ => tr(lang, T::RecusalOffice),
    }
}

impl RecusalsScreen {
    pub fn open(committee_id: i32, name: String) -> RecusalsScreen {
        RecusalsScreen {
            committee_id,
            name,
            recusals: None,
            state: TableState::default().with_selected(Some(0)),
            pick: Pick::None,
            pick_state: TableState::default().with_selected(Some(0)),
        }
    }

    fn pick_len(&self) -> usize {
        match &self.pick {
            Pick::Expert(p) => p.as_ref().map_or(0, Vec::len),
            Pick::Applicant { applicants, .. } => applicants.as_ref().map_or(0, Vec::len),
            Pick::None => 0,
        }
    }

    fn picking_key(&mut self, cx: &Ctx, key: Key) -> Step {
        let n = self.pick_len();
        if move_selection(&mut self.pick_state, n, key, cx.height) {
            return Step::none();
        }
        let committee_id = self.committee_id;
        match keymap::command(keymap::RECUSAL_PICK, key) {
            Some(Cmd::Back) => {
                self.pick = Pick::None;
                Step::none()
            }
            Some(Cmd::Next) => {
                let at = self.pick_state.selected().unwrap_or(0);
                match &self.pick {
                    Pick::Expert(Some(people)) => {
                        let Some(p) = people.get(at) else {
                            return Step::none();
                        };
                        self.pick = Pick::Applicant {
                            expert_id: p.expert_id,
                            expert: named(&p.name, &p.employer),
                            applicants: None,
                        };
                        self.pick_state.select(Some(0));
                        Step::effect(Effect::LoadApplicants { committee_id })
                    }
                    Pick::Applicant {
                        expert_id,
                        expert,
                        applicants: Some(applicants),
                    } => {
                        let Some(a) = applicants.get(at) else {
                            return Step::none();
                        };
                        let effect = Effect::Recusal {
                            committee_id,
                            expert_id: *expert_id,
                            applicant_id: a.id,
                            add: true,
                        };
                        let text = msg!(
                            cx.lang,
                            "confirm-add-recusal",
                            expert = expert.as_str(),
                            applicant = named(&a.name, &a.employer)
                        );
                        self.pick = Pick::None;
                        Step::confirm_text(effect, text)
                    }
                    _ => Step::none(),
                }
            }
            _ => Step::unbound(cx.lang, key),
        }
    }
}

impl Screen for RecusalsScreen {
    fn name(&self) -> &'static str {
        "recusals"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if !matches!(self.pick, Pick::None) {
            return self.picking_key(cx, key);
        }
        let n = self.recusals.as_ref().map_or(0, Vec::len);
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let committee_id = self.committee_id;
        let rows = with_back(keymap::RECUSALS.to_vec());
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back_reload(),
            Some(Cmd::Add) => {
                self.pick = Pick::Expert(None);
                self.pick_state.select(Some(0));
                Step::effect(Effect::LoadPeople { committee_id })
            }
            Some(Cmd::Delete) => {
                let Some(r) = self.state.selected().and_then(|i| self.recusals.as_ref()?.get(i)) else {
                    return Step::fail(tr(cx.lang, T::RecusalsNone).to_string());
                };
                let effect = Effect::Recusal {
                    committee_id,
                    expert_id: r.expert_id,
                    applicant_id: r.applicant_id,
                    add: false,
                };
                let text = msg!(
                    cx.lang,
                    "confirm-remove-recusal",
                    expert = named(&r.expert, &r.expert_employer),
                    applicant = named(&r.applicant, &r.applicant_employer)
                );
                Step::confirm_text(effect, text)
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::RecusalsLoaded { committee_id, recusals } if committee_id == self.committee_id => {
                keep(*recusals, |r| {
                    keep_selection(&mut self.state, r.len());
                    self.recusals = Some(r);
                })
            }
            Msg::PeopleLoaded { committee_id, people } if committee_id == self.committee_id => match &mut self.pick {
                Pick::Expert(slot) => keep(*people, |p| {
                    keep_selection(&mut self.pick_state, p.len());
                    *slot = Some(p);
                }),
                _ => Ok(None),
            },
            Msg::ApplicantsLoaded { committee_id, lines } if committee_id == self.committee_id => {
                match &mut self.pick {
                    Pick::Applicant { applicants, .. } => keep(lines, |l| {
                        keep_selection(&mut self.pick_state, l.len());
                        *applicants = Some(l);
                    }),
                    _ => Ok(None),
                }
            }
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::RecusalsTitle), self.name));
        let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(inner);
        let loading = || Paragraph::new(tr(lang, T::Loading));
        match &self.pick {
            Pick::Expert(people) => {
                let title = tr(lang, T::PickExpert).to_string();
                let rows = people.as_ref().map(|p| {
                    p.iter()
                        .map(|p| [p.name.clone(), p.employer.clone(), p.group.clone()])
                        .collect()
                });
                pick_table(cx, frame, hits, [head, body], title, rows, &mut self.pick_state);
            }
            Pick::Applicant { expert, applicants, .. } => {
                let title = msg!(lang, "pick-applicant", expert = expert.as_str());
                let rows = applicants.as_ref().map(|a| {
                    a.iter()
                        .map(|a| [a.name.clone(), a.employer.clone(), a.group.clone()])
                        .collect()
                });
                pick_table(cx, frame, hits, [head, body], title, rows, &mut self.pick_state);
            }
            Pick::None => {
                let Some(recusals) = &self.recusals else {
                    return frame.render_widget(loading(), inner);
                };
                frame.render_widget(
                    Paragraph::new(format!(" {}", msg!(lang, "recusals-head", recusals = recusals.len()))).bold(),
                    wrap_area(head),
                );
                if recusals.is_empty() {
                    let none = Paragraph::new(tr(lang, T::RecusalsNone)).wrap(ratatui::widgets::Wrap { trim: false });
                    return frame.render_widget(none, text_area(body));
                }
                let experts: Vec<String> = recusals.iter().map(|r| named(&r.expert, &r.expert_employer)).collect();
                let applicants: Vec<String> = recusals
                    .iter()
                    .map(|r| named(&r.applicant, &r.applicant_employer))
                    .collect();
                let rows: Vec<Row> = recusals
                    .iter()
                    .zip(experts.iter().zip(&applicants))
                    .map(|(r, (e, a))| {
                        Row::new([
                            Cell::from(e.clone()),
                            Cell::from(a.clone()),
                            Cell::from(reason(lang, &r.reason)),
                        ])
                    })
                    .collect();
                let widths = [
                    fit_width(tr(lang, T::ColExpert), experts.iter().cloned()),
                    fit_width(tr(lang, T::ColApplicant), applicants.iter().cloned()),
                    Constraint::Fill(1),
                ];
                let n = rows.len();
                let table =
                    Table::new(rows, widths).header(header_row(lang, &[T::ColExpert, T::ColApplicant, T::ColReason]));
                draw_list(frame, hits, table, body, &mut self.state, n);
            }
        }
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        match self.pick {
            Pick::None => with_back(keymap::RECUSALS.to_vec()),
            _ => keymap::RECUSAL_PICK.to_vec(),
        }
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        match self.pick {
            Pick::None => help_with_back(keymap::RECUSALS.to_vec()),
            _ => keymap::RECUSAL_PICK.to_vec(),
        }
    }

    fn reloads(&self) -> Vec<Effect> {
        let committee_id = self.committee_id;
        let mut loads = vec![Effect::LoadRecusals { committee_id }];
        match self.pick {
            Pick::Expert(_) => loads.push(Effect::LoadPeople { committee_id }),
            Pick::Applicant { .. } => loads.push(Effect::LoadApplicants { committee_id }),
            Pick::None => {}
        }
        loads
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn mode(&self) -> u8 {
        match self.pick {
            Pick::None => 0,
            Pick::Expert(_) => 1,
            Pick::Applicant { .. } => 2,
        }
    }

    fn selected_row(&self) -> Option<usize> {
        match self.pick {
            Pick::None => self.state.selected(),
            _ => self.pick_state.selected(),
        }
    }

    fn select_row(&mut self, index: usize) {
        match self.pick {
            Pick::None => self.state.select(Some(index)),
            _ => self.pick_state.select(Some(index)),
        }
    }
}
