//! Lead reviewers in bulk (批量分配主审), over the leader's panel (`A`): a balanced
//! proposal for every applicant of the group (each gets the number asked, `+`/`-`
//! changes it; nobody recused; the load spread evenly; the applicant's specialty
//! preferred), shown as a table with each expert's load. Enter changes one row's
//! proposal in a picker; `s` confirms it all once (after a confirmation that sums it
//! up); each assignment is then its own engine action.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::service::leads::{LeadProposal, MAX_PER_APPLICANT};
use crate::tui::catalog::msg;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::{ActionOutcome, Msg};
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{T, tr};
use crate::tui::widgets::{draw_list, framed, header_row, keep_selection, move_selection, popup, text_area};

#[derive(Debug)]
pub struct LeadsScreen {
    committee_id: i32,
    group_id: i32,
    per_applicant: usize,
    proposal: Option<LeadProposal>,
    state: TableState,
    /// Changing one row: the selected expert in the picker.
    picker: Option<usize>,
    /// Set once the assignments are made: the next key goes back to the panel.
    done: bool,
}

impl LeadsScreen {
    pub fn open(committee_id: i32, group_id: i32) -> LeadsScreen {
        LeadsScreen {
            committee_id,
            group_id,
            per_applicant: 1,
            proposal: None,
            state: TableState::default().with_selected(Some(0)),
            picker: None,
            done: false,
        }
    }

    /// The load that asks for the proposal.
    pub fn load(&self) -> Effect {
        Effect::ProposeLeads {
            group_id: self.group_id,
            per_applicant: self.per_applicant,
        }
    }

    fn picker_key(&mut self, cx: &Ctx, key: Key, i: usize) -> Step {
        let (Some(p), Some(row)) = (self.proposal.as_mut(), self.state.selected()) else {
            self.picker = None;
            return Step::none();
        };
        let n = p.experts.len();
        match key {
            Key::Up | Key::Char('k') => self.picker = Some(i.saturating_sub(1)),
            Key::Down | Key::Char('j') => self.picker = Some((i + 1).min(n.saturating_sub(1))),
            Key::Esc | Key::Char('q') => self.picker = None,
            Key::Enter | Key::Char(' ') => {
                let (Some(r), Some(e)) = (p.rows.get_mut(row), p.experts.get(i)) else {
                    return Step::none();
                };
                let id = e.0;
                if r.recused.contains(&id) {
                    return Step::refused(cx.lang, &crate::domain::Refusal::TargetRecused);
                }
                if r.current.contains(&id) {
                    return Step::refused(cx.lang, &crate::domain::Refusal::AlreadyLead);
                }
                match r.proposed.iter().position(|x| *x == id) {
                    Some(k) => {
                        r.proposed.remove(k);
                    }
                    None => r.proposed.push(id),
                }
            }
            _ => {}
        }
        Step::none()
    }
}

/// Names joined for a cell.
fn names(p: &LeadProposal, ids: &[i32]) -> String {
    ids.iter().map(|e| p.name_of(*e)).collect::<Vec<_>>().join(" ")
}

/// What the confirmation says: how many assignments for how many applicants, and each
/// expert's load afterwards.
fn confirm_text(lang: crate::domain::Lang, p: &LeadProposal) -> String {
    let assignments = p.assignments().len();
    let applicants = p.rows.iter().filter(|r| !r.proposed.is_empty()).count();
    let loads = p.loads();
    format!(
        "{}\n{}",
        msg!(
            lang,
            "confirm-assign-leads",
            assignments = assignments,
            applicants = applicants
        ),
        msg!(
            lang,
            "leads-load-range",
            min = loads.iter().copied().min().unwrap_or(0),
            max = loads.iter().copied().max().unwrap_or(0)
        )
    )
}

fn loads_line(lang: crate::domain::Lang, p: &LeadProposal) -> String {
    let loads: Vec<String> = p
        .experts
        .iter()
        .zip(p.loads())
        .map(|((_, name, _), n)| format!("{name} {n}"))
        .collect();
    msg!(lang, "leads-load", loads = loads.join("、"))
}

impl Screen for LeadsScreen {
    fn name(&self) -> &'static str {
        "leads"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if self.done {
            return Step::back();
        }
        if let Some(i) = self.picker {
            return self.picker_key(cx, key, i);
        }
        let n = self.proposal.as_ref().map_or(0, |p| p.rows.len());
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let rows = with_back(keymap::LEADS.to_vec());
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back(),
            Some(Cmd::Mark) => {
                self.per_applicant = match key {
                    Key::Char('-') => self.per_applicant.saturating_sub(1).max(1),
                    _ => (self.per_applicant + 1).min(MAX_PER_APPLICANT),
                };
                Step::effect(self.load())
            }
            Some(Cmd::Edit) if self.proposal.is_some() => {
                self.picker = Some(0);
                Step::none()
            }
            Some(Cmd::Submit) => {
                let Some(p) = &self.proposal else {
                    return Step::none();
                };
                let assignments = p.assignments();
                if assignments.is_empty() {
                    return Step::fail(tr(cx.lang, T::LeadsNothingToAssign).to_string());
                }
                Step::confirm_text(
                    Effect::AssignLeads {
                        committee_id: self.committee_id,
                        assignments,
                    },
                    confirm_text(cx.lang, p),
                )
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::LeadsProposed { group_id, proposal } if group_id == self.group_id => keep(*proposal, |p| {
                keep_selection(&mut self.state, p.rows.len());
                self.per_applicant = p.per_applicant;
                self.proposal = Some(p);
            }),
            other => Err(other),
        }
    }

    fn action_done(&mut self, outcome: &ActionOutcome) -> Vec<Effect> {
        match outcome {
            ActionOutcome::LeadsAssigned(_) => {
                self.done = true;
                Vec::new()
            }
            // Stopped part way (the engine refused one): the proposal is read again.
            ActionOutcome::Refused(_) => vec![self.load()],
            _ => Vec::new(),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::LeadsTitle)));
        let Some(p) = &self.proposal else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let [head, table_area, foot] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(3)]).areas(inner);
        let head_text = if self.done {
            tr(lang, T::LeadsDone).to_string()
        } else {
            msg!(lang, "leads-head", per = p.per_applicant)
        };
        frame.render_widget(Paragraph::new(head_text).bold(), text_area(head));
        let rows: Vec<Row> = p
            .rows
            .iter()
            .map(|r| {
                Row::new([
                    Cell::from(r.name.clone()),
                    Cell::from(r.specialty.clone()),
                    Cell::from(names(p, &r.current)),
                    Cell::from(names(p, &r.proposed)).bold(),
                ])
            })
            .collect();
        let widths = [
            crate::tui::widgets::fit_width(tr(lang, T::ColName), p.rows.iter().map(|r| r.name.clone())),
            crate::tui::widgets::fit_width(tr(lang, T::ColSpecialty), p.rows.iter().map(|r| r.specialty.clone())),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ];
        let n = rows.len();
        let table = Table::new(rows, widths).header(header_row(
            lang,
            &[T::ColName, T::ColSpecialty, T::ColLeads, T::ColProposedLeads],
        ));
        draw_list(frame, hits, table, table_area, &mut self.state, n);
        frame.render_widget(
            Paragraph::new(loads_line(lang, p)).wrap(Wrap { trim: false }),
            text_area(foot),
        );
        if let (Some(i), Some(row)) = (self.picker, self.state.selected().and_then(|k| p.rows.get(k))) {
            let lines: Vec<Line> = p
                .experts
                .iter()
                .zip(p.loads())
                .enumerate()
                .map(|(k, ((id, name, specialty), load))| {
                    let mark = if row.current.contains(id) || row.proposed.contains(id) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    let note = if row.recused.contains(id) {
                        format!("  {}", tr(lang, T::PickerRecused))
                    } else {
                        format!("  {specialty}  {}", msg!(lang, "leads-expert-load", load = load))
                    };
                    let line = Line::from(format!(" {} {mark} {name}{note}", if k == i { ">" } else { " " }));
                    if k == i { line.reversed() } else { line }
                })
                .collect();
            popup(frame, area, 60, &row.name, lines);
        }
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        if self.picker.is_some() {
            return keymap::LEADS_PICKER.to_vec();
        }
        with_back(keymap::LEADS.to_vec())
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::LEADS.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        // A proposal edited by hand is kept; once confirmed, the panel below reloads.
        if self.proposal.is_some() {
            Vec::new()
        } else {
            vec![self.load()]
        }
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn mode(&self) -> u8 {
        u8::from(self.picker.is_some())
    }

    fn selected_row(&self) -> Option<usize> {
        self.state.selected()
    }

    fn select_row(&mut self, index: usize) {
        self.state.select(Some(index));
    }
}
