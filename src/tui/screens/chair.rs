//! The director's panel and the reporter's page (主任委员 / 报告人), over the applicant
//! list: the meeting's quorum, the ballots in, and per applicant the group, the
//! arithmetic of the rule and the result. The director opens the committee's vote
//! switch (o) and closes it (x; X with a reason typed when ballots are missing); the
//! reporter reports the results (r).

use crate::domain::Lang;
use crate::service::screens::CommitteeLine;
use crate::tui::catalog::msg;
use crate::tui::text::tally;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::revote::{RevotePicker, revote_step};
use crate::domain::ballot::{self, BallotsIn};
use crate::domain::gates;
use crate::domain::{Refusal, Role, Stage};
use crate::service::screens::CommitteeBoard;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Confirm, Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{
    draw_list, fit_width, framed, header_row, keep_selection, move_selection, names_width, popup,
};

#[derive(Debug)]
pub struct ChairScreen {
    committee_id: i32,
    board: Option<CommitteeBoard>,
    state: TableState,
    /// The reason being typed for closing the switch with ballots missing.
    reason: Option<String>,
    /// Choosing the applicants and the reason of a re-vote round.
    revote: Option<RevotePicker>,
}

impl ChairScreen {
    /// The panel of a committee, not loaded yet.
    pub fn open(committee_id: i32) -> Box<ChairScreen> {
        Box::new(ChairScreen {
            committee_id,
            board: None,
            state: TableState::default().with_selected(Some(0)),
            reason: None,
            revote: None,
        })
    }

    fn reason_key(&mut self, cx: &Ctx, key: Key) -> Step {
        let Some(reason) = &mut self.reason else {
            return Step::none();
        };
        match key {
            Key::Esc => self.reason = None,
            Key::Backspace => {
                reason.pop();
            }
            Key::Char(ch) if reason.chars().count() < crate::service::review::MAX_REASON => reason.push(ch),
            Key::Enter if reason.trim().is_empty() => return Step::refused(cx.lang, &Refusal::ReasonNeeded),
            Key::Enter => {
                let reason = reason.trim().to_string();
                self.reason = None;
                return Step::confirm(
                    Effect::CloseCommitteeSwitch {
                        committee_id: self.committee_id,
                        reason: Some(reason),
                    },
                    T::ConfirmChairCloseBody,
                );
            }
            _ => {}
        }
        Step::none()
    }
}

/// What the director's panel knows of the ballots, for the close's gate.
fn ballots_in(b: &CommitteeBoard) -> BallotsIn {
    BallotsIn {
        missing: b.missing_ballots,
        voters: b.voters,
        quorum_needed: b.quorum_needed,
    }
}

/// The panel's keys for this account: the director's switch keys, the reporter's
/// report.
fn keys(cx: &Ctx) -> Vec<Binding> {
    let mut k = Vec::new();
    if cx.acts_as(Role::Director) {
        k.extend(keymap::CHAIR);
    }
    if cx.identity.roles.contains(&Role::Director) {
        k.push(keymap::REVOTE);
    }
    if cx.acts_as(Role::Reporter) {
        k.push(keymap::REPORT);
    }
    k
}

impl Screen for ChairScreen {
    fn name(&self) -> &'static str {
        "chair"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if self.reason.is_some() {
            return self.reason_key(cx, key);
        }
        if self.revote.is_some() {
            let round = self.board.as_ref().map_or(1, |b| b.round) + 1;
            let committee_id = self.committee_id;
            return revote_step(cx, &mut self.revote, key, round, |chosen| Effect::CommitteeRevote {
                committee_id,
                applicant_ids: chosen.applicant_ids,
                reason: chosen.reason,
            });
        }
        let committee_id = self.committee_id;
        let n = self.board.as_ref().map_or(0, |b| b.lines.len());
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        // Every key of the panel works for who opened it (the engine refuses who may
        // not); the bottom line shows each account its own.
        let mut rows = keymap::CHAIR.to_vec();
        rows.extend([keymap::REPORT, keymap::REVOTE, keymap::BACK]);
        match keymap::command(&rows, key) {
            Some(Cmd::Back) => Step::back(),
            // Opening asks first, with the check-ins and the drafts still missing; the
            // stage and the quorum are refused at once (the engine asks again).
            Some(Cmd::OpenSwitch) => {
                let Some(b) = &self.board else {
                    return Step::none();
                };
                if !cx.acts_as(Role::Director) {
                    return Step::refused(cx.lang, &Refusal::RoleRequired(Role::Director));
                }
                if let Err(r) = gates::committee_switch_at(b.stage, Stage::CommitteeReview) {
                    return Step::refused(cx.lang, &r);
                }
                if !b.quorum_met {
                    let r = Refusal::QuorumNotMet {
                        checked_in: b.checked_in,
                        needed: b.quorum_needed,
                        members: b.members,
                    };
                    return Step::refused(cx.lang, &r);
                }
                Step::confirm_text(
                    Effect::OpenCommitteeSwitch { committee_id },
                    open_switch_text(cx.lang, b),
                )
            }
            Some(Cmd::CloseSwitch) => {
                // Where the switch stands, then the secret ballot's gate, on what the
                // panel shows (the server checks again): with ballots missing the switch
                // does not close without a reason.
                let refusal = self.board.as_ref().and_then(|b| {
                    gates::committee_switch_at(b.stage, Stage::CommitteeVoting)
                        .and_then(|()| ballot::committee_close(ballots_in(b), false).map(|_| ()))
                        .err()
                });
                match refusal {
                    Some(r) => Step::refused(cx.lang, &r),
                    None => Step::confirm(
                        Effect::CloseCommitteeSwitch {
                            committee_id,
                            reason: None,
                        },
                        T::ConfirmChairCloseBody,
                    ),
                }
            }
            // The reason is asked for only while the committee votes (the engine's gate).
            Some(Cmd::CloseWithReason) => match self
                .board
                .as_ref()
                .map(|b| gates::committee_switch_at(b.stage, Stage::CommitteeVoting))
            {
                Some(Ok(())) => {
                    self.reason = Some(String::new());
                    Step::none()
                }
                Some(Err(r)) => Step::refused(cx.lang, &r),
                None => Step::none(),
            },
            Some(Cmd::Report) => match self
                .board
                .as_ref()
                .map(|b| gates::committee_switch_at(b.stage, Stage::Report))
            {
                Some(Err(r)) => Step::refused(cx.lang, &r),
                _ => Step::confirm(Effect::Report { committee_id }, T::ConfirmReportBody),
            },
            // A re-vote is opened once voting closed, before the report (the engine's
            // gate, asked first).
            Some(Cmd::Revote) => {
                let Some(board) = &self.board else {
                    return Step::none();
                };
                // The director's alone (the office and the reporter have no re-vote).
                if !cx.identity.roles.contains(&Role::Director) {
                    return Step::refused(cx.lang, &Refusal::RoleRequired(Role::Director));
                }
                if let Err(r) = gates::committee_switch_at(board.stage, Stage::Report) {
                    return Step::refused(cx.lang, &r);
                }
                // Only the round's applicants can be voted on again (the engine's rule).
                let rows = board
                    .lines
                    .iter()
                    .filter(|l| l.in_round)
                    .map(|l| (l.id, l.name.clone(), chair_result(cx.lang, l.result)))
                    .collect();
                self.revote = Some(RevotePicker::new(rows));
                Step::none()
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::CommitteeBoardLoaded { committee_id, board } if committee_id == self.committee_id => {
                keep(*board, |board| {
                    keep_selection(&mut self.state, board.lines.len());
                    self.board = Some(board);
                })
            }
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let (lang, palette) = (cx.lang, cx.palette);
        let inner = framed(frame, area, format!(" {} ", tr(lang, T::ChairTitle)));
        let Some(board) = &self.board else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let who = chair_names(lang, board);
        let [head, names, table_area] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(if who.is_empty() { 0 } else { 2 }),
            Constraint::Min(1),
        ])
        .areas(inner);
        let [quorum, progress] = chair_head(lang, board);
        let quorum_style = if board.quorum_met {
            palette.good()
        } else {
            palette.waiting()
        };
        frame.render_widget(
            Paragraph::new(vec![Line::from(quorum).style(quorum_style), Line::from(progress)]),
            head,
        );
        frame.render_widget(
            Paragraph::new(who).wrap(ratatui::widgets::Wrap { trim: false }),
            crate::tui::widgets::wrap_area(names),
        );
        let header = header_row(lang, &[T::ColName, T::ColGroup, T::ColArithmetic, T::ColResult]);
        let rows: Vec<Row> = board
            .lines
            .iter()
            .map(|l| {
                Row::new([
                    Cell::from(l.name.clone()),
                    Cell::from(l.group.clone()),
                    Cell::from(chair_arithmetic(lang, l)),
                    Cell::from(chair_result(lang, l.result)).style(match l.result {
                        Some((_, true)) => palette.good(),
                        Some((_, false)) => palette.bad(),
                        None => Style::new(),
                    }),
                ])
            })
            .collect();
        // The arithmetic and the result are never cut (a cut "需同意 14" would read as
        // "需同意 1"); the group column takes what is left.
        let arithmetic = fit_width(
            tr(lang, T::ColArithmetic),
            board.lines.iter().map(|l| chair_arithmetic(lang, l)),
        );
        let result = fit_width(
            tr(lang, T::ColResult),
            board.lines.iter().map(|l| chair_result(lang, l.result)),
        );
        let rows_count = rows.len();
        let table = Table::new(
            rows,
            [
                names_width(lang, board.lines.iter().map(|l| l.name.as_str())),
                Constraint::Fill(1),
                arithmetic,
                result,
            ],
        )
        .header(header);
        draw_list(frame, hits, table, table_area, &mut self.state, rows_count);
        if let Some(reason) = &self.reason {
            let lines = vec![
                Line::from(format!(" {}", chair_reason_prompt(lang, ballots_in(board)))),
                Line::from(""),
                Line::from(format!(" {reason}_")).bold(),
            ];
            hits.clear();
            let _ = popup(frame, area, 60, tr(lang, T::ChairReasonTitle), lines);
        }
        if let Some(r) = &self.revote {
            r.draw(lang, frame, area, hits);
        }
    }

    fn footer(&self, cx: &Ctx) -> Vec<Binding> {
        if self.reason.is_some() {
            return keymap::REASON.to_vec();
        }
        if let Some(r) = &self.revote {
            return r.footer();
        }
        // The reporter alone sees the report; the director and the office the switch
        // keys and the report.
        let rows = if cx.identity.is_operator || cx.identity.roles.contains(&Role::Director) {
            let mut rows: Vec<Binding> = keymap::CHAIR.iter().copied().chain([keymap::REPORT]).collect();
            if cx.identity.roles.contains(&Role::Director) {
                rows.push(keymap::REVOTE);
            }
            rows
        } else {
            vec![keymap::REPORT]
        };
        with_back(rows)
    }

    fn help(&self, cx: &Ctx) -> Vec<Binding> {
        let mut k = keymap::CHAIR_MOVES.to_vec();
        k.extend(keys(cx));
        help_with_back(k)
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadCommitteeBoard {
            committee_id: self.committee_id,
        }]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn typing(&self) -> bool {
        self.reason.is_some() || self.revote.as_ref().is_some_and(RevotePicker::typing)
    }

    fn mode(&self) -> u8 {
        match (&self.reason, &self.revote) {
            (Some(_), _) => 1,
            (None, Some(r)) => 2 + u8::from(r.typing()),
            (None, None) => 0,
        }
    }

    fn selected_row(&self) -> Option<usize> {
        self.state.selected()
    }

    fn select_row(&mut self, index: usize) {
        self.state.select(Some(index));
    }

    fn confirm_text(&self, cx: &Ctx, confirm: &Confirm) -> Option<String> {
        match (&confirm.effect, &self.board) {
            (
                Effect::CloseCommitteeSwitch {
                    reason: Some(reason), ..
                },
                Some(b),
            ) => Some(chair_close_with_reason(cx.lang, ballots_in(b), reason)),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------- texts

/// The two lines at the top of the director's panel: the quorum, then the stage,
/// round and how far the members are.
/// What closing the committee switch with a reason will do (`domain::ballot`), asked
/// before the reason is typed.
fn chair_reason_prompt(lang: Lang, b: crate::domain::ballot::BallotsIn) -> String {
    use crate::domain::ballot::{RoundClose, committee_close};
    let void = committee_close(b, true) == Ok(RoundClose::Void);
    let (missing, voters, quorum) = (b.missing, b.voters, b.quorum_needed);
    if void {
        msg!(
            lang,
            "chair-reason-void",
            missing = missing,
            voters = voters,
            quorum = quorum
        )
    } else {
        msg!(
            lang,
            "chair-reason-override",
            missing = missing,
            voters = voters,
            quorum = quorum
        )
    }
}

/// The confirmation of a close with a reason: how many have not voted, and what follows.
fn chair_close_with_reason(lang: Lang, b: crate::domain::ballot::BallotsIn, reason: &str) -> String {
    format!(
        "{}\n{}",
        chair_reason_prompt(lang, b),
        msg!(lang, "chair-reason-given", reason = reason.to_string())
    )
}

/// The confirmation of opening the committee's switch: the check-ins against the
/// quorum, the members present who have not drafted everything, and that voting
/// cannot be paused (nor checked into once open).
fn open_switch_text(lang: Lang, b: &CommitteeBoard) -> String {
    let mut lines = vec![msg!(
        lang,
        "confirm-open-committee-switch",
        checked_in = b.checked_in,
        members = b.members,
        needed = b.quorum_needed
    )];
    if b.undrafted > 0 {
        lines.push(msg!(lang, "committee-drafts-missing", undrafted = b.undrafted));
    }
    lines.push(tr(lang, T::CommitteeNoPause).to_string());
    lines.join("\n")
}

/// Who the meeting is waiting for, by name (never what anyone chose): before voting,
/// the members not checked in; while voting, who has not drafted and who owes a
/// ballot. Empty when nobody is awaited.
fn chair_names(lang: Lang, b: &CommitteeBoard) -> String {
    let list = |names: &[String]| {
        let mut shown = names.iter().take(12).cloned().collect::<Vec<_>>().join(" ");
        if names.len() > 12 {
            shown.push_str(tr(lang, T::AndMore));
        }
        shown
    };
    let mut parts = Vec::new();
    if matches!(
        b.stage,
        crate::domain::Stage::CommitteeReview | crate::domain::Stage::CommitteeVoting
    ) && !b.absent.is_empty()
    {
        parts.push(msg!(
            lang,
            "chair-absent",
            members = b.absent.len(),
            names = list(&b.absent)
        ));
    }
    if b.stage == crate::domain::Stage::CommitteeVoting {
        if !b.undrafted_names.is_empty() {
            let names = list(&b.undrafted_names);
            parts.push(msg!(
                lang,
                "chair-undrafted",
                members = b.undrafted_names.len(),
                names = names
            ));
        }
        if !b.missing_ballot_names.is_empty() {
            let names = list(&b.missing_ballot_names);
            parts.push(msg!(
                lang,
                "chair-unvoted",
                members = b.missing_ballot_names.len(),
                names = names
            ));
        }
    }
    parts.join("  ")
}

fn chair_head(lang: Lang, b: &CommitteeBoard) -> [String; 2] {
    let state = tr(
        lang,
        if b.quorum_met {
            T::ChairQuorumMet
        } else {
            T::ChairQuorumNotMet
        },
    );
    [
        msg!(
            lang,
            "chair-members",
            members = b.members,
            checked_in = b.checked_in,
            quorum = b.quorum_needed,
            state = state
        ),
        msg!(
            lang,
            "chair-progress",
            stage = text::stage_name(lang, b.stage),
            round = b.round,
            drafting = b.undrafted,
            voters = b.voters
        ),
    ]
}

/// The threshold arithmetic of one applicant ("出席 21  回避 1  已投 18  需同意 14 票").
fn chair_arithmetic(lang: Lang, l: &CommitteeLine) -> String {
    msg!(
        lang,
        "chair-arithmetic",
        attending = l.attending,
        recused = l.recused,
        ballots = l.ballots,
        needed = l.needed
    )
}

/// The tally and outcome, once voting on the applicant has ended.
fn chair_result(lang: Lang, result: Option<(crate::domain::Tally, bool)>) -> String {
    match result {
        None => "-".into(),
        Some((t, true)) => tally(lang, "chair-result-passed", &t),
        Some((t, false)) => tally(lang, "chair-result-failed", &t),
    }
}
