//! The office's import screen (导入名单): the files of `inbox/` in the data folder
//! (uploaded by SFTP), one of them imported as the expert list (`e`) or the applicant
//! list (`a`), and under the list the import's report: what was added, updated and
//! left as it was, or every bad row and column (then nothing was imported). Tab moves
//! the arrow keys to the report, to read a long one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::domain::Lang;
use crate::service::inbox::{ImportKind, ImportOutcome, InboxFile};
use crate::tui::catalog::msg;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::{ActionOutcome, Msg};
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{draw_list, fit_width, framed, header_row, keep_selection, move_selection, text_area};

#[derive(Debug)]
pub struct InboxScreen {
    committee_id: i32,
    name: String,
    files: Option<Vec<InboxFile>>,
    state: TableState,
    /// The last import's report: what, which file, what it came to.
    report: Option<(ImportKind, String, ImportOutcome)>,
    /// Whether the arrow keys scroll the report (Tab), and how far it is scrolled.
    report_focus: bool,
    scroll: u16,
}

impl InboxScreen {
    pub fn open(committee_id: i32, name: String) -> InboxScreen {
        InboxScreen {
            committee_id,
            name,
            files: None,
            state: TableState::default().with_selected(Some(0)),
            report: None,
            report_focus: false,
            scroll: 0,
        }
    }

    fn selected(&self) -> Option<&InboxFile> {
        self.state.selected().and_then(|i| self.files.as_ref()?.get(i))
    }

    fn scroll_report(&mut self, key: Key, height: u16) -> bool {
        let page = height.saturating_sub(8).max(1);
        self.scroll = match key {
            Key::Up | Key::Char('k') => self.scroll.saturating_sub(1),
            Key::Down | Key::Char('j') => self.scroll.saturating_add(1),
            Key::PageUp => self.scroll.saturating_sub(page),
            Key::PageDown => self.scroll.saturating_add(page),
            Key::Home => 0,
            _ => return false,
        };
        true
    }
}

impl Screen for InboxScreen {
    fn name(&self) -> &'static str {
        "inbox"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if self.report_focus && self.scroll_report(key, cx.height) {
            return Step::none();
        }
        let n = self.files.as_ref().map_or(0, Vec::len);
        if !self.report_focus && move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let rows = with_back(keymap::INBOX.to_vec());
        let kind = match keymap::command(&rows, key) {
            Some(Cmd::Back) => return Step::back_reload(),
            Some(Cmd::Reload) => return Step::effect(Effect::LoadInbox),
            Some(Cmd::Focus) => {
                self.report_focus = !self.report_focus && self.report.is_some();
                return Step::none();
            }
            Some(Cmd::ImportExperts) => ImportKind::Experts,
            Some(Cmd::ImportApplicants) => ImportKind::Applicants,
            _ => return Step::unbound(cx.lang, key),
        };
        let Some(file) = self.selected() else {
            return Step::fail(tr(cx.lang, T::InboxEmpty).to_string());
        };
        let effect = Effect::ImportFile {
            committee_id: self.committee_id,
            kind,
            name: file.name.clone(),
        };
        Step {
            status: Some((true, msg!(cx.lang, "import-running", name = file.name.as_str()))),
            ..Step::effect(effect)
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::InboxLoaded(files) => keep(*files, |f| {
                keep_selection(&mut self.state, f.len());
                self.files = Some(f);
            }),
            other => Err(other),
        }
    }

    fn action_done(&mut self, outcome: &ActionOutcome) -> Vec<Effect> {
        if let ActionOutcome::Imported { kind, name, outcome } = outcome {
            self.report = Some((*kind, name.clone(), (**outcome).clone()));
            self.scroll = 0;
        }
        Vec::new()
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::InboxTitle), self.name));
        let Some(files) = &self.files else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let report_height = if self.report.is_some() {
            (inner.height * 3 / 5).max(4)
        } else {
            0
        };
        let [head, list, report] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(report_height),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(tr(lang, T::InboxHead)).bold(), text_area(head));
        if files.is_empty() {
            frame.render_widget(
                crate::tui::widgets::prose(tr(lang, T::InboxEmpty), text_area(list).width),
                text_area(list),
            );
        } else {
            let sizes: Vec<String> = files.iter().map(|f| size(f.bytes)).collect();
            let times: Vec<String> = files
                .iter()
                .map(|f| {
                    f.modified
                        .as_deref()
                        .map(|t| text::date_time(lang, t))
                        .unwrap_or_default()
                })
                .collect();
            let rows: Vec<Row> = files
                .iter()
                .zip(sizes.iter().zip(&times))
                .map(|(f, (s, t))| {
                    Row::new([
                        Cell::from(crate::office::columns::printable(&f.name)),
                        Cell::from(s.clone()),
                        Cell::from(t.clone()),
                    ])
                })
                .collect();
            let widths = [
                Constraint::Fill(1),
                fit_width(tr(lang, T::ColSize), sizes.iter().cloned()),
                fit_width(tr(lang, T::ColModified), times.iter().cloned()),
            ];
            let n = rows.len();
            let table = Table::new(rows, widths).header(header_row(lang, &[T::ColFile, T::ColSize, T::ColModified]));
            draw_list(frame, hits, table, list, &mut self.state, n);
        }
        if let Some((kind, name, outcome)) = &self.report {
            let title = format!(" {} ", tr(lang, T::ImportReportTitle));
            let mut block = Block::new().borders(Borders::TOP).title(title);
            if self.report_focus {
                block = block.title_style(cx.palette.waiting());
            }
            let body = text_area(block.inner(report));
            frame.render_widget(block, report);
            let lines: Vec<Line> = report_lines(lang, *kind, name, outcome)
                .into_iter()
                .map(Line::from)
                .collect();
            let paragraph = crate::tui::widgets::prose(lines, body.width);
            let total = paragraph.line_count(body.width) as u16;
            self.scroll = self.scroll.min(total.saturating_sub(body.height));
            frame.render_widget(paragraph.scroll((self.scroll, 0)), body);
        }
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        let rows = keymap::INBOX
            .iter()
            .filter(|b| b.cmd != Cmd::Focus || self.report.is_some())
            .copied()
            .collect();
        with_back(rows)
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keymap::INBOX.to_vec())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadInbox]
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

/// A file's size as people read it.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// The report of an import: the outcome's line, then what it made or every problem.
pub fn report_lines(lang: Lang, kind: ImportKind, name: &str, outcome: &ImportOutcome) -> Vec<String> {
    let what = match kind {
        ImportKind::Experts => tr(lang, T::ImportKindExperts),
        ImportKind::Applicants => tr(lang, T::ImportKindApplicants),
    };
    let line = text::import_outcome(lang, name, outcome).1;
    let mut lines = vec![format!("{what}{}{line}", tr(lang, T::ReportLine))];
    match outcome {
        ImportOutcome::Imported { report, ignored, .. } => {
            if !report.groups_added.is_empty() {
                lines.push(msg!(
                    lang,
                    "import-groups-added",
                    groups = report.groups_added.join("、")
                ));
            }
            if report.recusals_added > 0 {
                lines.push(msg!(lang, "import-recusals-added", recusals = report.recusals_added));
            }
            if !ignored.is_empty() {
                let shown: Vec<String> = ignored.iter().map(|h| crate::office::columns::printable(h)).collect();
                lines.push(msg!(lang, "import-ignored", columns = shown.join("、")));
            }
        }
        ImportOutcome::Rejected(problems) => {
            lines.extend(problems.iter().map(|p| text::import_problem(lang, p)));
        }
        ImportOutcome::Unreadable(_) => {}
    }
    lines
}
