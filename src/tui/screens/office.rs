//! The office's screen over SSH (职改办): one committee's progress, live: each group's
//! phase with how many experts have drafted, submitted and still owe score sheets; the
//! meeting's attendance and ballots; the results; accounts issued. From here the office
//! opens the applicant list (Enter), a group's panel (g), issues accounts (a, after a
//! confirmation) and exports the results and the meeting record (x) into `exports/` of
//! the server's data folder.

use crate::domain::Lang;
use crate::tui::catalog::msg;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use super::applicants::ApplicantsScreen;
use super::board::BoardScreen;
use crate::domain::Mode;
use crate::service::office::CommitteeProgress;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{draw_list, fit_width, framed, header_row, keep_selection, move_selection, wrap_area};

#[derive(Debug)]
pub struct OfficeScreen {
    committee_id: i32,
    name: String,
    mode: Mode,
    progress: Option<CommitteeProgress>,
    state: TableState,
}

impl OfficeScreen {
    /// The office's screen of a committee, not loaded yet.
    pub fn new(committee_id: i32, name: String, mode: Mode) -> OfficeScreen {
        OfficeScreen {
            committee_id,
            name,
            mode,
            progress: None,
            state: TableState::default().with_selected(Some(0)),
        }
    }

    /// The applicant list of the committee, which the office's list and group panel
    /// go back to.
    fn list(&self) -> Box<ApplicantsScreen> {
        Box::new(ApplicantsScreen::new(
            self.committee_id,
            self.name.clone(),
            None,
            self.mode,
        ))
    }
}

impl Screen for OfficeScreen {
    fn name(&self) -> &'static str {
        "office"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let n = self.progress.as_ref().map_or(0, |p| p.groups.len());
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let committee_id = self.committee_id;
        let rows = with_back(keymap::OFFICE.to_vec());
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back_reload(),
            Some(Cmd::Open) => Step::replace(vec![self.list()], Effect::LoadApplicants { committee_id }),
            Some(Cmd::GroupPanel) => {
                let selected = self
                    .state
                    .selected()
                    .and_then(|i| self.progress.as_ref()?.groups.get(i));
                let Some(group_id) = selected.map(|g| g.id) else {
                    return Step::none();
                };
                let scoring = self.mode.has_scoring();
                let board = BoardScreen::open(committee_id, group_id, scoring);
                Step::replace(vec![self.list(), board], Effect::LoadBoard { group_id })
            }
            // The confirmation says how many open sessions issuing anew closes, and
            // which groups are voting right now.
            // The progress is read again at once, and the open confirmation follows it
            // (`confirm_text`): a login since the last change counts too.
            Some(Cmd::IssueAccounts) => {
                let step = match &self.progress {
                    Some(p) => {
                        Step::confirm_text(Effect::IssueAccounts { committee_id }, issue_accounts_text(cx.lang, p))
                    }
                    None => Step::confirm(Effect::IssueAccounts { committee_id }, T::ConfirmIssueAccountsBody),
                };
                Step {
                    effects: vec![Effect::LoadProgress { committee_id }],
                    ..step
                }
            }
            Some(Cmd::Export) => Step::effect(Effect::ExportResults { committee_id }),
            Some(Cmd::Certificates) => Step::effect(Effect::IssueCertificates { committee_id }),
            // The start is asked first; the engine's gate says what is still missing.
            Some(Cmd::StartReview) => Step::confirm(Effect::StartReview { committee_id }, T::ConfirmStartReviewBody),
            Some(Cmd::Import) => Step::push(
                Box::new(super::inbox::InboxScreen::open(committee_id, self.name.clone())),
                Effect::LoadInbox,
            ),
            Some(Cmd::Settings) => Step::push(
                Box::new(super::settings::SettingsScreen::open(
                    committee_id,
                    self.name.clone(),
                    self.mode,
                )),
                Effect::LoadSettings { committee_id },
            ),
            Some(Cmd::Recusals) => Step::push(
                Box::new(super::recusals::RecusalsScreen::open(committee_id, self.name.clone())),
                Effect::LoadRecusals { committee_id },
            ),
            Some(Cmd::People) => Step::push(
                Box::new(super::people::PeopleScreen::open(committee_id, self.name.clone())),
                Effect::LoadPeople { committee_id },
            ),
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn confirm_text(&self, cx: &Ctx, confirm: &crate::tui::screen::Confirm) -> Option<String> {
        match (&confirm.effect, &self.progress) {
            (Effect::IssueAccounts { .. }, Some(p)) => Some(issue_accounts_text(cx.lang, p)),
            _ => None,
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::ProgressLoaded { committee_id, progress } if committee_id == self.committee_id => {
                keep(*progress, |p| {
                    keep_selection(&mut self.state, p.groups.len());
                    self.progress = Some(p);
                })
            }
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let (lang, palette) = (cx.lang, cx.palette);
        let o = self;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::OfficeTitle), o.name));
        let Some(p) = &o.progress else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let setup = p.stage == crate::domain::Stage::Setup;
        let lower = if setup {
            (p.missing.len() as u16 + 3).min(inner.height / 2).max(4)
        } else {
            4
        };
        let [head, table_area, meeting] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(lower)]).areas(inner);
        frame.render_widget(
            Paragraph::new(format!(" {}", office_head(lang, p))).bold(),
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
                let phase = if p.stage == crate::domain::Stage::Groups {
                    text::group_phase_name(lang, g.phase).to_string()
                } else {
                    text::stage_name(lang, p.stage).to_string()
                };
                // Nothing is drafted, submitted or owed before the review starts.
                let count = |n: u32| {
                    if setup {
                        "-".to_string()
                    } else {
                        format!("{n}/{}", g.experts)
                    }
                };
                Row::new([
                    Cell::from(g.name.clone()),
                    Cell::from(phase),
                    Cell::from(g.experts.to_string()),
                    Cell::from(count(g.drafted)),
                    Cell::from(count(g.submitted)),
                    Cell::from(if g.scoring && !setup {
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
        draw_list(frame, hits, table, table_area, &mut o.state, rows_count);
        let rule = Block::new().borders(Borders::TOP);
        let meeting_inner = rule.inner(meeting);
        frame.render_widget(rule, meeting);
        let lines: Vec<Line> = if setup {
            setup_checklist(lang, p)
        } else {
            office_meeting(lang, p).to_vec()
        }
        .into_iter()
        .map(Line::from)
        .collect();
        let area = crate::tui::widgets::text_area(meeting_inner);
        frame.render_widget(crate::tui::widgets::prose(lines, area.width), area);
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        // The bottom line shows what the stage allows: the start during setup; the
        // export and the certificates once the review runs (every key works anyway,
        // and `?` lists them all).
        let setup = self
            .progress
            .as_ref()
            .is_none_or(|p| p.stage == crate::domain::Stage::Setup);
        let rows = keymap::OFFICE
            .iter()
            .filter(|b| match b.cmd {
                Cmd::StartReview | Cmd::Import | Cmd::Settings | Cmd::Recusals => setup,
                Cmd::Export | Cmd::Certificates | Cmd::GroupPanel | Cmd::People => !setup,
                _ => true,
            })
            .copied()
            .collect();
        with_back(rows)
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::OFFICE.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadProgress {
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

    fn opens_on_click(&self) -> bool {
        true
    }
}

// ---------------------------------------------------------------- texts

/// The first line of the office's progress screen.
fn office_head(lang: Lang, p: &crate::service::office::CommitteeProgress) -> String {
    msg!(
        lang,
        "office-head",
        mode = text::mode_name(lang, p.mode),
        stage = text::stage_name(lang, p.stage),
        accounts = p.accounts
    )
}

/// During setup, what the committee has and what it still lacks before the review can
/// start (each with the key that brings it), or that it is ready.
pub fn setup_checklist(lang: Lang, p: &CommitteeProgress) -> Vec<String> {
    let mut lines = vec![msg!(
        lang,
        "setup-has",
        experts = p.experts,
        applicants = p.applicants,
        accounts = p.accounts
    )];
    if p.missing.is_empty() {
        lines.push(tr(lang, T::SetupReady).to_string());
    } else {
        lines.push(tr(lang, T::SetupMissing).to_string());
        // Without experts (or applicants) the list would say every consequence of it
        // (no groups, no director, an even count); it says the one step instead.
        use crate::domain::Unready;
        if p.experts == 0 {
            lines.push(format!("  - {}", tr(lang, T::SetupNoExperts)));
        }
        if p.applicants == 0 {
            lines.push(format!("  - {}", tr(lang, T::SetupNoApplicants)));
        }
        let follows = |u: &Unready| match u {
            Unready::NoGroups | Unready::NoRole(_) | Unready::EvenMembers(_) => p.experts == 0,
            Unready::NoApplicants => true,
            _ => false,
        };
        lines.extend(
            p.missing
                .iter()
                .filter(|u| !follows(u))
                .map(|u| format!("  - {}", text::unready(lang, u))),
        );
    }
    if p.accounts == 0 && p.experts > 0 {
        lines.push(tr(lang, T::SetupNoAccounts).to_string());
    }
    lines
}

/// The meeting lines of the office's progress screen.
fn office_meeting(lang: Lang, p: &crate::service::office::CommitteeProgress) -> [String; 2] {
    [
        msg!(
            lang,
            "office-meeting",
            members = p.members,
            checked_in = p.checked_in,
            quorum = p.quorum_needed,
            voters = p.voters
        ),
        msg!(lang, "office-results", decided = p.decided, passed = p.passed),
    ]
}

/// The confirmation of issuing accounts anew: the old ones stop, the open sessions under
/// them close (how many), and the groups voting now are named.
fn issue_accounts_text(lang: Lang, p: &CommitteeProgress) -> String {
    let mut text = tr(lang, T::ConfirmIssueAccountsBody).to_string();
    if p.live_sessions > 0 {
        text.push('\n');
        text.push_str(&msg!(
            lang,
            "confirm-issue-accounts-sessions",
            sessions = p.live_sessions
        ));
    }
    let voting: Vec<&str> = p
        .groups
        .iter()
        .filter(|g| g.phase == crate::domain::GroupPhase::Voting)
        .map(|g| g.name.as_str())
        .collect();
    if !voting.is_empty() {
        text.push('\n');
        text.push_str(&msg!(lang, "confirm-issue-accounts-voting", groups = voting.join("、")));
    }
    text
}
