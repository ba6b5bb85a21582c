//! The group leader's panel (组长面板), over the applicant list: the group's phase and
//! round, each expert's drafts and ballots, what still keeps the switch closed, and per
//! applicant the lead reviewers, the threshold and the tally. The leader picks lead
//! reviewers (a, in a popup of the group's experts), opens the vote switch (o; O over
//! missing score sheets, after a confirmation), closes it (x) and submits the result
//! (r).

use crate::domain::gates;
use crate::domain::{Choice, GroupPhase, Lang};
use crate::service::screens::BoardLine;
use crate::tui::catalog::msg;
use crate::tui::text::{choice_word, tally};
use crate::tui::theme::Palette;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

use super::revote::{RevotePicker, revote_step};
use crate::service::screens::GroupBoard;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{draw_list, header_row, keep_selection, move_selection, names_width, text_width, wrap_area};

#[derive(Debug)]
pub struct BoardScreen {
    committee_id: i32,
    group_id: i32,
    /// Whether the mode scores defenses (the switch may then be opened over missing
    /// sheets).
    scoring: bool,
    board: Option<GroupBoard>,
    state: TableState,
    /// Choosing a lead reviewer for an applicant: (applicant, selected expert index).
    picker: Option<(i32, usize)>,
    /// Choosing the applicants and the reason of a re-vote round.
    revote: Option<RevotePicker>,
}

impl BoardScreen {
    /// The panel of a group, not loaded yet.
    pub fn open(committee_id: i32, group_id: i32, scoring: bool) -> Box<BoardScreen> {
        Box::new(BoardScreen {
            committee_id,
            group_id,
            scoring,
            board: None,
            state: TableState::default().with_selected(Some(0)),
            picker: None,
            revote: None,
        })
    }

    /// The panel showing `board`, for tests of its drawing.
    pub fn showing(committee_id: i32, board: GroupBoard) -> BoardScreen {
        BoardScreen {
            committee_id,
            group_id: board.group_id,
            scoring: board.scoring,
            board: Some(board),
            state: TableState::default(),
            picker: None,
            revote: None,
        }
    }

    /// The lead picker's keys: move, Enter picks (or removes) the expert, Esc closes.
    fn picker_key(&mut self, lang: Lang, key: Key, applicant_id: i32, i: usize) -> Step {
        let experts: Vec<i32> = self
            .board
            .as_ref()
            .map_or(Vec::new(), |x| x.experts.iter().map(|e| e.expert_id).collect());
        match key {
            Key::Up | Key::Char('k') => self.picker = Some((applicant_id, i.saturating_sub(1))),
            Key::Down | Key::Char('j') if i + 1 < experts.len() => self.picker = Some((applicant_id, i + 1)),
            Key::Enter => {
                self.picker = None;
                if let Some(expert_id) = experts.get(i) {
                    let line = self
                        .board
                        .as_ref()
                        .and_then(|x| x.lines.iter().find(|l| l.id == applicant_id));
                    // A recused expert is no lead reviewer (the engine's rule, said at once).
                    if line.is_some_and(|l| l.recused_ids.contains(expert_id)) {
                        return Step::refused(lang, &crate::domain::Refusal::TargetRecused);
                    }
                    // Choosing a current lead reviewer removes them.
                    let current = line.is_some_and(|l| l.lead_ids.contains(expert_id));
                    return Step::effect(Effect::AssignLead {
                        applicant_id,
                        expert_id: *expert_id,
                        assign: !current,
                    });
                }
            }
            Key::Esc | Key::Char('q') => self.picker = None,
            _ => {}
        }
        Step::none()
    }

    fn draw_picker(&self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let (Some(board), Some((applicant_id, i))) = (&self.board, self.picker) else {
            return;
        };
        let line = board.lines.iter().find(|l| l.id == applicant_id);
        let current: &[i32] = line.map_or(&[], |l| l.lead_ids.as_slice());
        let recused: &[i32] = line.map_or(&[], |l| l.recused_ids.as_slice());
        let mut names: Vec<Line> = board
            .experts
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let mark = if current.contains(&e.expert_id) { "[x]" } else { "[ ]" };
                let note = if recused.contains(&e.expert_id) {
                    format!("  {}", tr(cx.lang, T::PickerRecused))
                } else {
                    String::new()
                };
                let line = Line::from(format!(" {} {mark} {}{note}", if k == i { ">" } else { " " }, e.name));
                if k == i { line.reversed() } else { line }
            })
            .collect();
        names.push(Line::from(format!(" {}", tr(cx.lang, T::PickLeadHint))).dim());
        let height = (names.len() as u16 + 2).min(area.height);
        let widest = names.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
        let width = (widest + 3).max(30).min(area.width);
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        // Over the picker, its names are the rows to click.
        hits.rows.clear();
        for k in 0..board.experts.len() {
            let y = popup.y + 1 + k as u16;
            if y + 1 < popup.y + popup.height {
                hits.rows
                    .push((Rect::new(popup.x + 1, y, popup.width.saturating_sub(2), 1), k));
            }
        }
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(names).block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(format!(" {} ", tr(cx.lang, T::PickLead))),
            ),
            popup,
        );
    }
}

/// Every key of the panel.
fn keys(scoring: bool) -> Vec<Binding> {
    let mut k = keymap::BOARD.to_vec();
    if scoring {
        k.push(keymap::BOARD_OVERRIDE);
    }
    k.extend(keymap::BOARD_AFTER);
    k
}

impl Screen for BoardScreen {
    fn name(&self) -> &'static str {
        "board"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if let Some((applicant_id, i)) = self.picker {
            return self.picker_key(cx.lang, key, applicant_id, i);
        }
        if self.revote.is_some() {
            let round = self.board.as_ref().map_or(1, |b| b.round) + 1;
            let group_id = self.group_id;
            return revote_step(cx, &mut self.revote, key, round, |chosen| Effect::GroupRevote {
                group_id,
                applicant_ids: chosen.applicant_ids,
                reason: chosen.reason,
            });
        }
        let n = self.board.as_ref().map_or(0, |x| x.lines.len());
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let group_id = self.group_id;
        let sel = self.state.selected().unwrap_or(0);
        // The override key stays a key in every mode: the engine says why not.
        let mut rows = keys(true);
        rows.push(keymap::BACK);
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back(),
            Some(Cmd::ProposeLeads) => {
                let screen = super::leads::LeadsScreen::open(self.committee_id, group_id);
                let load = screen.load();
                Step::push(Box::new(screen), load)
            }
            Some(Cmd::AssignLead) => {
                if let Some(line) = self.board.as_ref().and_then(|x| x.lines.get(sel)) {
                    self.picker = Some((line.id, 0));
                }
                Step::none()
            }
            // Opening asks first, saying what is still missing; what keeps the switch
            // closed is refused at once (the engine's gates, asked again on opening).
            Some(cmd @ (Cmd::OpenSwitch | Cmd::OverrideSwitch)) => {
                let Some(board) = &self.board else {
                    return Step::none();
                };
                let override_scoring = cmd == Cmd::OverrideSwitch;
                let gate = gates::switch_at(board.phase, GroupPhase::Review)
                    .and_then(|()| gates::switch_gaps(&board.gaps, override_scoring));
                match gate {
                    Err(r) => Step::refused(cx.lang, &r),
                    Ok(sheets) => Step::confirm_text(
                        Effect::OpenGroupSwitch {
                            group_id,
                            override_scoring,
                        },
                        open_switch_text(cx.lang, board, override_scoring, sheets),
                    ),
                }
            }
            // Closing and the result are asked for only where the switch allows them.
            Some(Cmd::CloseSwitch) => match self
                .board
                .as_ref()
                .map(|b| gates::switch_at(b.phase, GroupPhase::Voting))
            {
                Some(Err(r)) => Step::refused(cx.lang, &r),
                _ => Step::confirm(Effect::CloseGroupSwitch { group_id }, T::ConfirmCloseBody),
            },
            Some(Cmd::GroupResult) => {
                match self
                    .board
                    .as_ref()
                    .map(|b| gates::switch_at(b.phase, GroupPhase::Deliberation))
                {
                    Some(Err(r)) => Step::refused(cx.lang, &r),
                    _ => Step::confirm(Effect::GroupResult { group_id }, T::ConfirmResultBody),
                }
            }
            // A re-vote is opened in deliberation (the engine's gate, asked first).
            Some(Cmd::Revote) => {
                let Some(board) = &self.board else {
                    return Step::none();
                };
                if let Err(r) = gates::switch_at(board.phase, GroupPhase::Deliberation) {
                    return Step::refused(cx.lang, &r);
                }
                // Only the round's applicants can be voted on again (the engine's rule).
                let rows = board
                    .lines
                    .iter()
                    .filter(|l| l.in_round)
                    .map(|l| (l.id, l.name.clone(), board_tally(cx.lang, l)))
                    .collect();
                self.revote = Some(RevotePicker::new(rows));
                Step::none()
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::BoardLoaded { group_id, board } if group_id == self.group_id => keep(*board, |board| {
                keep_selection(&mut self.state, board.lines.len());
                self.board = Some(board);
            }),
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let (lang, palette) = (cx.lang, cx.palette);
        let Some(board) = &self.board else {
            let block = Block::new().borders(Borders::ALL);
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let title = board_title(lang, &board.group, board.phase, board.round);
        let block = Block::new().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        // Progress of drafts and ballots, then (while the group reviews) what still keeps
        // the switch closed; as many lines as they need, up to a third of the panel.
        let drafting = board.experts.iter().any(|e| e.undrafted > 0);
        let mut progress = vec![Line::from(board_progress(lang, board)).style(if drafting {
            palette.waiting()
        } else {
            Style::new()
        })];
        if let Some(gaps) = board_gaps(lang, board) {
            progress.push(Line::from(gaps).style(palette.bad()));
        }
        let progress = Paragraph::new(progress).wrap(Wrap { trim: true });
        let progress_height = (progress.line_count(inner.width.saturating_sub(1)) as u16).clamp(2, inner.height / 3);
        // The selected applicant's ballots under the table, as many lines as they take.
        let detail = self
            .state
            .selected()
            .and_then(|i| board.lines.get(i))
            .map(|l| Paragraph::new(board_detail(lang, palette, l)).wrap(Wrap { trim: true }));
        let detail_height = detail
            .as_ref()
            .map_or(1, |p| p.line_count(inner.width.saturating_sub(1)) as u16)
            .clamp(1, 4)
            + 1;
        let [progress_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(progress_height),
            Constraint::Min(1),
            Constraint::Length(detail_height),
        ])
        .areas(inner);
        frame.render_widget(progress, wrap_area(progress_area));
        let header = header_row(lang, &[T::ColName, T::ColLeads, T::ColThreshold, T::ColTally]);
        let rows: Vec<Row> = board
            .lines
            .iter()
            .map(|l| {
                Row::new([
                    Cell::from(l.name.clone()),
                    Cell::from(l.leads.join(" ")),
                    Cell::from(board_arithmetic(lang, l)),
                    Cell::from(board_tally(lang, l)).style(match l.passes {
                        Some(true) => palette.good(),
                        Some(false) => palette.bad(),
                        None => Style::new(),
                    }),
                ])
            })
            .collect();
        let threshold = board
            .lines
            .iter()
            .map(|l| text_width(&board_arithmetic(lang, l)))
            .max()
            .unwrap_or(0)
            .max(text_width(tr(lang, T::ColThreshold)));
        let tally = board
            .lines
            .iter()
            .map(|l| text_width(&board_tally(lang, l)))
            .max()
            .unwrap_or(0)
            .max(text_width(tr(lang, T::ColTally)));
        let rows_count = rows.len();
        let table = Table::new(
            rows,
            [
                names_width(lang, board.lines.iter().map(|l| l.name.as_str())),
                Constraint::Fill(1),
                Constraint::Length(threshold),
                Constraint::Length(tally),
            ],
        )
        .header(header);
        draw_list(frame, hits, table, table_area, &mut self.state, rows_count);
        // The selected applicant's ballots, wrapped, so no vote is cut off at 80 columns.
        if let Some(detail) = detail {
            let rule = Block::new().borders(Borders::TOP);
            let inner = rule.inner(detail_area);
            frame.render_widget(rule, detail_area);
            frame.render_widget(detail, wrap_area(inner));
        }
        self.draw_picker(cx, frame, area, hits);
        if let Some(r) = &self.revote {
            r.draw(lang, frame, area, hits);
        }
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        if let Some(r) = &self.revote {
            return r.footer();
        }
        // The bottom line shows what the phase allows (every key works anyway, and `?`
        // lists them all): lead reviewers and opening while the group reviews, closing
        // while it votes, the result and a re-vote once it deliberates.
        let phase = self.board.as_ref().map(|b| b.phase);
        let rows = keys(false)
            .into_iter()
            .filter(|b| match (b.cmd, phase) {
                (_, None) => true,
                (Cmd::AssignLead | Cmd::ProposeLeads | Cmd::OpenSwitch, Some(p)) => p == GroupPhase::Review,
                (Cmd::CloseSwitch, Some(p)) => p == GroupPhase::Voting,
                (Cmd::GroupResult | Cmd::Revote, Some(p)) => p == GroupPhase::Deliberation,
                _ => true,
            })
            .collect();
        with_back(rows)
    }

    fn typing(&self) -> bool {
        self.revote.as_ref().is_some_and(RevotePicker::typing)
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(keys(self.scoring))
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadBoard {
            group_id: self.group_id,
        }]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn mode(&self) -> u8 {
        match (&self.picker, &self.revote) {
            (Some(_), _) => 1,
            (None, Some(r)) => 2 + u8::from(r.typing()),
            (None, None) => 0,
        }
    }

    fn selected_row(&self) -> Option<usize> {
        self.picker.map(|(_, i)| i).or(self.state.selected())
    }

    fn select_row(&mut self, index: usize) {
        match &mut self.picker {
            Some((_, i)) => *i = index,
            None => self.state.select(Some(index)),
        }
    }

    fn opens_on_click(&self) -> bool {
        self.picker.is_some()
    }
}

// ---------------------------------------------------------------- texts

/// The title of the leader's panel.
fn board_title(lang: Lang, group: &str, phase: GroupPhase, round: i32) -> String {
    msg!(
        lang,
        "board-title",
        group = group,
        phase = text::group_phase_name(lang, phase),
        round = round
    )
}

/// Live counts of experts who have not drafted or not submitted.
fn board_progress(lang: Lang, board: &GroupBoard) -> String {
    let undrafted: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.undrafted > 0)
        .map(|e| format!("{}({})", e.name, e.undrafted))
        .collect();
    let unsubmitted = board.experts.iter().filter(|e| !e.submitted).count();
    let names = if undrafted.is_empty() {
        tr(lang, T::BoardNobody).to_string()
    } else {
        undrafted.join(" ")
    };
    let progress = msg!(
        lang,
        "board-progress",
        drafting = undrafted.len(),
        names = names,
        unsubmitted = unsubmitted,
        total = board.experts.len()
    );
    // While the group votes, who still owes a ballot, by name (never the choice).
    let owing: Vec<&str> = board
        .experts
        .iter()
        .filter(|e| !e.submitted)
        .map(|e| e.name.as_str())
        .collect();
    if board.phase == GroupPhase::Voting && !owing.is_empty() {
        format!("{progress}  {}", msg!(lang, "board-owing", names = owing.join(" ")))
    } else {
        progress
    }
}

/// Each expert's vote, after the switch has closed.
fn board_votes(lang: Lang, palette: Palette, votes: &[(String, Option<Choice>)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (name, c) in votes {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::raw(format!("{name} ")));
        match c {
            Some(c) => spans.push(Span::styled(choice_word(lang, *c), palette.choice(*c))),
            None => spans.push(Span::styled(tr(lang, T::NotVoted), palette.waiting())),
        }
    }
    Line::from(spans)
}

/// The threshold arithmetic of one applicant on the leader's panel
/// ("专家 5  回避 1  已投 3  需同意 3 票").
fn board_arithmetic(lang: Lang, l: &BoardLine) -> String {
    msg!(
        lang,
        "board-arithmetic",
        experts = l.experts,
        recused = l.recused,
        ballots = l.ballots,
        needed = l.needed
    )
}

/// The group tally of one applicant and what it means, once the switch has closed
/// ("4/1/0 通过"); "-" before.
fn board_tally(lang: Lang, l: &BoardLine) -> String {
    let Some(t) = l.tally else {
        return "-".into();
    };
    let id = if l.passes.unwrap_or(false) {
        "board-tally-passes"
    } else {
        "board-tally-fails"
    };
    tally(lang, id, &t)
}

/// The line under the leader's table for the selected applicant: every expert's vote
/// once the switch closed, until then whose ballot is not in yet (never a choice).
fn board_detail(lang: Lang, palette: Palette, l: &BoardLine) -> Line<'static> {
    // "name：" with the language's colon (and its space, in English).
    let name = msg!(lang, "labelled", label = l.name.as_str(), value = "");
    let mut spans = vec![Span::raw(name).bold()];
    if !l.votes.is_empty() {
        spans.push(Span::raw(format!("{}  ", tr(lang, T::ColVotes))));
        spans.extend(board_votes(lang, palette, &l.votes).spans);
    } else if l.waiting_for.is_empty() {
        spans.push(Span::raw(tr(lang, T::BallotsAllIn)));
    } else {
        spans.push(Span::raw(format!("{}  ", tr(lang, T::BallotsWaiting))));
        spans.push(Span::styled(l.waiting_for.join(" "), palette.waiting()));
    }
    Line::from(spans)
}

/// What still keeps the group's vote switch closed, while the group reviews: lead
/// reviewers, opinions, questions and score sheets missing (who owes how many sheets).
/// The confirmation of opening the group's switch: who has not drafted everything, the
/// sheets missing (opened over them), and that voting cannot be paused.
fn open_switch_text(lang: Lang, board: &GroupBoard, override_scoring: bool, sheets: u32) -> String {
    let mut lines = vec![if override_scoring && sheets > 0 {
        tr(lang, T::ConfirmOverrideBody).to_string()
    } else {
        tr(lang, T::ConfirmOpenSwitch).to_string()
    }];
    let drafting: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.undrafted > 0)
        .map(|e| format!("{}({})", e.name, e.undrafted))
        .collect();
    // A few names, then how many more: the confirmation stays one screen whatever the
    // group's size.
    let names = text::few_names(lang, &drafting, 6, " ");
    lines.push(if drafting.is_empty() {
        tr(lang, T::SwitchDraftsComplete).to_string()
    } else {
        msg!(lang, "switch-drafts-missing", experts = drafting.len(), names = names)
    });
    if sheets > 0 {
        lines.push(msg!(lang, "switch-sheets-missing", sheets = sheets));
    }
    lines.push(tr(lang, T::SwitchNoPause).to_string());
    lines.join("\n")
}

fn board_gaps(lang: Lang, board: &GroupBoard) -> Option<String> {
    if board.phase != GroupPhase::Review {
        return None;
    }
    let g = &board.gaps;
    let owing: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.sheets_missing > 0)
        .map(|e| format!("{}({})", e.name, e.sheets_missing))
        .collect();
    let mut parts = Vec::new();
    if g.without_lead > 0 {
        parts.push(msg!(lang, "gap-without-lead", applicants = g.without_lead));
    }
    if g.opinions_missing > 0 {
        parts.push(msg!(lang, "gap-opinions", applicants = g.opinions_missing));
    }
    if g.questions_missing > 0 {
        parts.push(msg!(lang, "gap-questions", applicants = g.questions_missing));
    }
    if board.scoring && !owing.is_empty() {
        parts.push(msg!(
            lang,
            "gap-sheets",
            sheets = g.scores_missing(),
            who = owing.join(" ")
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(msg!(lang, "gaps", gaps = parts.join(tr(lang, T::GapsSeparator))))
}
