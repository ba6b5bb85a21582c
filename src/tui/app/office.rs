//! The office's screen over SSH (职改办): one committee's progress, live: each group's
//! phase with how many experts have drafted, submitted and still owe score sheets; the
//! meeting's attendance and ballots; the results; accounts issued. From here the office
//! opens the applicant list (Enter), a group's panel (g), issues accounts (a, after a
//! confirmation) and exports the results and the meeting record (x) into `exports/` of
//! the server's data folder.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{
    App, ApplicantsScreen, BoardScreen, Effect, Pending, Screen, draw_list, fit_width, framed, header_row,
    move_selection, wrap_area,
};
use crate::service::office::CommitteeProgress;
use crate::tui::input::Key;
use crate::tui::text::{self, T, tr};

#[derive(Debug)]
pub(super) struct OfficeScreen {
    pub committee_id: i32,
    pub name: String,
    pub mode: crate::domain::Mode,
    pub progress: Option<CommitteeProgress>,
    pub state: TableState,
}

impl App {
    /// Opens the office's screen of a committee.
    pub(super) fn open_office(&mut self, committee_id: i32, name: String, mode: crate::domain::Mode) -> Vec<Effect> {
        self.screen = Screen::Office(Box::new(OfficeScreen {
            committee_id,
            name,
            mode,
            progress: None,
            state: TableState::default().with_selected(Some(0)),
        }));
        vec![Effect::LoadProgress { committee_id }]
    }

    /// The applicant list of the office's committee, as a screen to return to.
    fn office_list(o: &OfficeScreen) -> ApplicantsScreen {
        ApplicantsScreen::new(o.committee_id, o.name.clone(), None, o.mode)
    }

    pub(super) fn on_office_key(&mut self, key: Key) -> Vec<Effect> {
        let height = self.height;
        let Screen::Office(o) = &mut self.screen else {
            return Vec::new();
        };
        let n = o.progress.as_ref().map_or(0, |p| p.groups.len());
        if move_selection(&mut o.state, n, key, height) {
            return Vec::new();
        }
        let committee_id = o.committee_id;
        match key {
            Key::Esc | Key::Char('q') => {
                self.screen = Screen::Home;
                vec![Effect::LoadHome]
            }
            Key::Enter => {
                let list = Self::office_list(o);
                self.screen = Screen::Applicants(list);
                vec![Effect::LoadApplicants { committee_id }]
            }
            Key::Char('g') => {
                let Some(group_id) = o
                    .state
                    .selected()
                    .and_then(|i| o.progress.as_ref()?.groups.get(i))
                    .map(|g| g.id)
                else {
                    return Vec::new();
                };
                let list = Self::office_list(o);
                self.screen = Screen::Board(BoardScreen::open(group_id), list);
                vec![Effect::LoadBoard { group_id }]
            }
            Key::Char('a') => {
                self.confirm = Some(Pending::IssueAccounts(committee_id));
                Vec::new()
            }
            Key::Char('x') => vec![Effect::ExportResults { committee_id }],
            _ => self.unbound(key),
        }
    }

    pub(super) fn view_office(&mut self, frame: &mut Frame, area: Rect) {
        let (lang, palette) = (self.lang, self.palette);
        let Screen::Office(o) = &mut self.screen else {
            return;
        };
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::OfficeTitle), o.name));
        let Some(p) = &o.progress else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let [head, table_area, meeting] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(4)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!(" {}", text::office_head(lang, p))).bold(),
            wrap_area(head),
        );
        let header = header_row(
            lang,
            &[
                T::ColGroup,
                T::ColPhase,
                T::ColExperts,
                T::ColDrafted,
                T::ColSubmittedCount,
                T::ColSheetsMissing,
            ],
        );
        let rows: Vec<Row> = p
            .groups
            .iter()
            .map(|g| {
                let phase = if p.stage.is_group_stage() {
                    text::group_phase_name(lang, g.phase).to_string()
                } else {
                    text::stage_name(lang, p.stage).to_string()
                };
                Row::new([
                    Cell::from(g.name.clone()),
                    Cell::from(phase),
                    Cell::from(g.experts.to_string()),
                    Cell::from(format!("{}/{}", g.drafted, g.experts)),
                    Cell::from(format!("{}/{}", g.submitted, g.experts)),
                    Cell::from(if g.scoring {
                        g.sheets_missing.to_string()
                    } else {
                        "-".into()
                    })
                    .style(if g.scoring && g.sheets_missing > 0 {
                        palette.waiting()
                    } else {
                        Style::new()
                    }),
                ])
            })
            .collect();
        let widths = [
            fit_width(tr(lang, T::ColGroup), p.groups.iter().map(|g| g.name.clone())),
            Constraint::Fill(1),
            fit_width(tr(lang, T::ColExperts), std::iter::empty()),
            fit_width(tr(lang, T::ColDrafted), std::iter::once("000/000".to_string())),
            fit_width(tr(lang, T::ColSubmittedCount), std::iter::once("000/000".to_string())),
            fit_width(tr(lang, T::ColSheetsMissing), std::iter::empty()),
        ];
        let rows_count = rows.len();
        let table = Table::new(rows, widths).header(header);
        draw_list(frame, &mut self.hits, table, table_area, &mut o.state, rows_count);
        let rule = Block::new().borders(Borders::TOP);
        let meeting_inner = rule.inner(meeting);
        frame.render_widget(rule, meeting);
        frame.render_widget(
            Paragraph::new(
                text::office_meeting(lang, p)
                    .into_iter()
                    .map(|l| Line::from(format!(" {l}")))
                    .collect::<Vec<_>>(),
            )
            .wrap(Wrap { trim: false }),
            wrap_area(meeting_inner),
        );
    }
}
