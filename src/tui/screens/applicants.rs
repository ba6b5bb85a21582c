//! The applicant list of a committee (申报人列表): the account's group's applicants (the
//! office and the committee members see all), with the lead reviewers, the scores and
//! the account's own sheet and vote. From here: the file (Enter), draft votes (1/2/3),
//! submitting them (s), the writing screens (p/o/i), the leader's panel (g), the
//! director's panel (d), and a filter typed after `/`.

use crate::domain::Lang;
use crate::tui::catalog::msg;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use super::board::BoardScreen;
use super::chair::ChairScreen;
use super::file::FileScreen;
use super::{Target, open_writing};
use crate::domain::{Mode, gates};
use crate::service::screens::{ApplicantLine, MyVote};
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{choice_key, draw_list, keep_selection, move_selection, names_width, text_width};

/// The longest filter text, in characters.
const MAX_FILTER: usize = 64;

#[derive(Debug)]
pub struct ApplicantsScreen {
    pub committee_id: i32,
    committee_name: String,
    group_id: Option<i32>,
    /// Whether the committee's mode scores defenses (else no score column).
    pub scoring: bool,
    /// Whether the mode has interview questions.
    pub questions: bool,
    lines: Vec<ApplicantLine>,
    filter: String,
    editing_filter: bool,
    state: TableState,
    loaded: bool,
    /// The applicant just voted on: once the vote is taken, the selection moves to
    /// the next applicant without a vote.
    advance_after: Option<i32>,
    /// How the list is sorted (Tab cycles).
    order: Order,
}

/// The orders of the list, in the order Tab cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As the office listed them.
    #[default]
    Listed,
    Name,
    Employer,
    Specialty,
    MyVote,
    Lead,
    /// Highest first (defense modes).
    Score,
}

impl Order {
    fn next(self, scoring: bool) -> Order {
        use Order::*;
        match self {
            Listed => Name,
            Name => Employer,
            Employer => Specialty,
            Specialty => MyVote,
            MyVote => Lead,
            Lead if scoring => Score,
            Lead | Score => Listed,
        }
    }

    /// The column the order is by, for the title.
    fn column(self) -> Option<T> {
        use Order::*;
        Some(match self {
            Listed => return None,
            Name => T::ColName,
            Employer => T::ColEmployer,
            Specialty => T::ColSpecialty,
            MyVote => T::ColMyVote,
            Lead => T::ColLeads,
            Score => T::ColScore,
        })
    }
}

/// How Chinese text is ordered for people: by pinyin (the `pinyin` crate's tables),
/// character by character, other characters as themselves, lowercased.
fn collation_key(s: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::new();
    for c in s.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.plain()),
            None => key.extend(c.to_lowercase()),
        }
        // Between characters, so that "li gang" sorts before "lia...".
        key.push(' ');
    }
    key
}

/// Sorts the rows (stable: equal ones stay as listed). Without a vote first, then
/// approve, reject, abstain; without a lead reviewer last; without a score last.
fn sort(rows: &mut [&ApplicantLine], order: Order) {
    use crate::domain::Choice;
    let vote_rank = |a: &ApplicantLine| match a.my_vote {
        _ if a.recused => 5,
        None => 0,
        Some(MyVote::Draft(c) | MyVote::Submitted(Some(c))) => match c {
            Choice::Approve => 1,
            Choice::Reject => 2,
            Choice::Abstain => 3,
        },
        Some(MyVote::Submitted(None)) => 4,
    };
    match order {
        Order::Listed => {}
        Order::Name => rows.sort_by_cached_key(|a| collation_key(&a.name)),
        Order::Employer => rows.sort_by_cached_key(|a| collation_key(&a.employer)),
        Order::Specialty => rows.sort_by_cached_key(|a| collation_key(&a.specialty)),
        Order::MyVote => rows.sort_by_key(|a| vote_rank(a)),
        Order::Lead => rows.sort_by_key(|a| (a.leads.is_empty(), a.leads.first().cloned())),
        Order::Score => rows.sort_by_key(|a| std::cmp::Reverse(a.score.map(|s| s.centi))),
    }
}

/// An applicant as the vote flow sees it (the list's rows, the file's order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i32,
    pub name: String,
    pub recused: bool,
    pub vote: Option<MyVote>,
}

impl Entry {
    fn of(a: &ApplicantLine) -> Entry {
        Entry {
            id: a.id,
            name: a.name.clone(),
            recused: a.recused,
            vote: a.my_vote,
        }
    }

    /// Still to be voted on by this account.
    fn open(&self) -> bool {
        !self.recused && self.vote.is_none()
    }
}

/// The next applicant after `from` (going round) that still has no vote, if any.
pub fn next_unvoted(entries: &[Entry], from: usize) -> Option<usize> {
    let n = entries.len();
    (1..n).map(|k| (from + k) % n).find(|&i| entries[i].open())
}

/// The submit confirmation: the drafts summed up, the applicants still without a vote
/// named, then what submitting means.
pub fn submit_text(lang: Lang, entries: &[Entry]) -> String {
    use crate::domain::Choice;
    let drafts = |c: Choice| {
        entries
            .iter()
            .filter(|e| !e.recused && e.vote == Some(MyVote::Draft(c)))
            .count()
    };
    let (approve, reject, abstain) = (drafts(Choice::Approve), drafts(Choice::Reject), drafts(Choice::Abstain));
    let mut text = msg!(
        lang,
        "confirm-submit-summary",
        approve = approve,
        reject = reject,
        abstain = abstain,
        total = approve + reject + abstain
    );
    let missing: Vec<&str> = entries.iter().filter(|e| e.open()).map(|e| e.name.as_str()).collect();
    if !missing.is_empty() {
        let mut names = missing.iter().take(4).copied().collect::<Vec<_>>().join("、");
        if missing.len() > 4 {
            names.push_str(tr(lang, T::AndMore));
        }
        text.push('\n');
        text.push_str(&msg!(
            lang,
            "confirm-submit-missing",
            missing = missing.len(),
            names = names
        ));
    }
    text.push('\n');
    text.push_str(tr(lang, T::ConfirmSubmitBody));
    text
}

impl ApplicantsScreen {
    /// The list of a committee, not loaded yet, the first row selected.
    pub fn new(committee_id: i32, committee_name: String, group_id: Option<i32>, mode: Mode) -> Self {
        ApplicantsScreen {
            committee_id,
            committee_name,
            group_id,
            scoring: mode.has_scoring(),
            questions: mode.has_questions(),
            lines: Vec::new(),
            filter: String::new(),
            editing_filter: false,
            state: TableState::default().with_selected(Some(0)),
            loaded: false,
            advance_after: None,
            order: Order::Listed,
        }
    }

    /// The visible rows as the vote flow sees them.
    pub fn entries(&self) -> Vec<Entry> {
        self.visible().into_iter().map(Entry::of).collect()
    }

    fn visible(&self) -> Vec<&ApplicantLine> {
        let f = self.filter.trim();
        let mut rows: Vec<&ApplicantLine> = self
            .lines
            .iter()
            .filter(|a| {
                f.is_empty()
                    || a.name.contains(f)
                    || a.employer.contains(f)
                    || a.specialty.contains(f)
                    || a.applied_title.contains(f)
                    || a.group.contains(f)
            })
            .collect();
        sort(&mut rows, self.order);
        rows
    }

    /// The selected applicant's id.
    fn selected_id(&self) -> Option<i32> {
        self.state.selected().and_then(|i| self.visible().get(i).map(|a| a.id))
    }

    /// Selects the row of `id` (it may have moved: a new order, a vote re-sorted).
    fn select_id(&mut self, id: Option<i32>) {
        let at = id.and_then(|id| self.visible().iter().position(|a| a.id == id));
        match at {
            Some(i) => self.state.select(Some(i)),
            None => {
                let n = self.visible().len();
                keep_selection(&mut self.state, n);
            }
        }
    }

    /// Every key of the list (`d` and `g` only for who has those panels; the vote
    /// keys only for who votes: not the office, not a reporter who is nothing else).
    fn keys(&self, cx: &Ctx) -> Vec<Binding> {
        let rows = if self.scoring {
            keymap::LIST_SCORING
        } else {
            keymap::LIST
        };
        let votes = may_vote(cx);
        let mut k: Vec<Binding> = rows
            .iter()
            .filter(|b| votes || !matches!(b.cmd, Cmd::Vote | Cmd::Submit))
            .copied()
            .collect();
        k.extend(writing_keys(self.scoring, self.questions));
        if cx.may_lead() {
            k.push(keymap::GROUP_PANEL);
        }
        if cx.may_chair() {
            k.push(keymap::CHAIR_PANEL);
        }
        k
    }

    fn filter_key(&mut self, cx: &Ctx, key: Key) -> Step {
        match key {
            Key::Esc => {
                self.filter.clear();
                self.editing_filter = false;
            }
            Key::Enter => self.editing_filter = false,
            Key::Backspace => {
                self.filter.pop();
            }
            Key::Char(c) if self.filter.chars().count() < MAX_FILTER => self.filter.push(c),
            Key::Up | Key::Down => {
                self.editing_filter = false;
                return self.key(cx, key);
            }
            _ => {}
        }
        let n = self.visible().len();
        self.state.select(if n == 0 { None } else { Some(0) });
        Step::none()
    }
}

/// Whether the account votes at all: the office and a reporter who holds no other role
/// only read the list.
fn may_vote(cx: &Ctx) -> bool {
    use crate::domain::Role;
    !cx.identity.is_operator
        && cx
            .identity
            .roles
            .iter()
            .any(|r| matches!(r, Role::Expert | Role::Leader | Role::Member | Role::Director))
}

/// The writing screens' keys of a mode: the score sheet, the opinion, the questions.
pub fn writing_keys(scoring: bool, questions: bool) -> Vec<Binding> {
    let mut k = Vec::new();
    if scoring {
        k.push(keymap::SCORE_SHEET);
    }
    k.push(keymap::OPINION);
    if questions {
        k.push(keymap::QUESTIONS);
    }
    k
}

impl Screen for ApplicantsScreen {
    fn name(&self) -> &'static str {
        "applicants"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        if self.editing_filter {
            return self.filter_key(cx, key);
        }
        let n = self.visible().len();
        if move_selection(&mut self.state, n, key, cx.height) {
            return Step::none();
        }
        let sel = self.state.selected().unwrap_or(0);
        let line = self.visible().get(sel).copied();
        let committee_id = self.committee_id;
        let mut keys = self.keys(cx);
        keys.push(keymap::BACK);
        match keymap::command(&keys, key) {
            Some(Cmd::Back) => Step::back_reload(),
            Some(Cmd::Filter) => {
                self.editing_filter = true;
                Step::none()
            }
            Some(Cmd::Sort) => {
                let id = self.selected_id();
                self.order = self.order.next(self.scoring);
                self.select_id(id);
                Step::none()
            }
            Some(Cmd::Vote) => match (line.map(|l| l.id), key) {
                (Some(applicant_id), Key::Char(c)) => {
                    self.advance_after = Some(applicant_id);
                    Step::effect(Effect::DraftVote {
                        applicant_id,
                        choice: choice_key(c),
                    })
                }
                _ => Step::none(),
            },
            Some(Cmd::Submit) => Step::confirm_text(
                Effect::SubmitVotes { committee_id },
                submit_text(cx.lang, &self.entries()),
            ),
            Some(cmd @ (Cmd::ScoreSheet | Cmd::Opinion | Cmd::Questions)) => {
                let Some(line) = line else {
                    return Step::none();
                };
                let target = Target {
                    committee_id,
                    applicant_id: line.id,
                    name: line.name.clone(),
                    recused: line.recused,
                    lead: line.i_am_lead,
                    has_questions: line.has_questions,
                };
                open_writing(cx, cmd, target)
            }
            Some(Cmd::ChairPanel) => Step::push(
                ChairScreen::open(committee_id),
                Effect::LoadCommitteeBoard { committee_id },
            ),
            Some(Cmd::GroupPanel) => match self.group_id {
                Some(group_id) => Step::push(
                    BoardScreen::open(committee_id, group_id, self.scoring),
                    Effect::LoadBoard { group_id },
                ),
                None => Step::unbound(cx.lang, key),
            },
            Some(Cmd::Open) => {
                let Some(line) = line else {
                    return Step::none();
                };
                if let Err(r) = gates::read_file(line.recused) {
                    return Step::refused(cx.lang, &r);
                }
                let file = FileScreen::new(line.id, self);
                Step::push(
                    Box::new(file),
                    Effect::LoadFile {
                        committee_id,
                        applicant_id: line.id,
                    },
                )
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    fn action_done(&mut self, outcome: &crate::tui::msg::ActionOutcome) -> Vec<Effect> {
        let voted = self.advance_after.take();
        if let (Some(voted), crate::tui::msg::ActionOutcome::Drafted(choice)) = (voted, outcome) {
            // The vote is taken: the row counts as voted until the list is read again.
            let mut entries = self.entries();
            if let Some(at) = entries.iter().position(|e| e.id == voted) {
                entries[at].vote = Some(MyVote::Draft(*choice));
                if let Some(next) = next_unvoted(&entries, at) {
                    self.state.select(Some(next));
                }
            }
        }
        Vec::new()
    }

    fn confirm_text(&self, cx: &Ctx, confirm: &crate::tui::screen::Confirm) -> Option<String> {
        matches!(confirm.effect, Effect::SubmitVotes { .. }).then(|| submit_text(cx.lang, &self.entries()))
    }

    fn paste(&mut self, pasted: &str) {
        self.editing_filter = true;
        // Only the first line of a paste makes sense in a filter.
        let first = pasted.lines().next().unwrap_or("");
        let room = MAX_FILTER.saturating_sub(self.filter.chars().count());
        self.filter.extend(
            first
                .chars()
                .filter(|c| !c.is_control() && !crate::domain::text::is_invisible(*c))
                .take(room),
        );
        self.state.select(Some(0));
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::ApplicantsLoaded {
                committee_id,
                lines: Ok(lines),
            } if committee_id == self.committee_id => {
                // The selection follows the applicant, wherever the order puts it now.
                let id = self.selected_id();
                self.lines = lines;
                self.loaded = true;
                self.select_id(id);
                Ok(None)
            }
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, hits: &mut Hits) {
        let (lang, palette) = (cx.lang, cx.palette);
        let where_now = cx.where_now(self.committee_id).map(|(label, open)| {
            let style = if open { palette.good() } else { Style::new() };
            (label, style.add_modifier(Modifier::BOLD))
        });
        let visible = self.visible();
        let order = self
            .order
            .column()
            .map(|c| format!("  {}", msg!(lang, "list-order", column = tr(lang, c))))
            .unwrap_or_default();
        let title = format!(
            " {} - {}  {}{order} ",
            tr(lang, T::ApplicantsTitle),
            self.committee_name,
            text::list_position(lang, visible.len(), self.lines.len())
        );
        let block = Block::new().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [filter_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let filter_line = if self.editing_filter || !self.filter.is_empty() {
            Line::from(format!(" {}", text::labelled(lang, T::Filter, &self.filter)))
        } else {
            Line::from(format!(" {}", tr(lang, T::FilterHint))).dim()
        };
        // Where the committee (or the user's group) stands, kept live like the home
        // screen: the vote switch opening shows here without a key.
        let filter_area = match where_now {
            Some((label, style)) => {
                let [left, right] = Layout::horizontal([Constraint::Min(10), Constraint::Length(text_width(&label))])
                    .areas(filter_area);
                frame.render_widget(Paragraph::new(Line::from(label).style(style)), right);
                left
            }
            None => filter_area,
        };
        // While the filter is typed, the terminal's own cursor sits after it.
        if self.editing_filter {
            let typed = format!(" {}", text::labelled(lang, T::Filter, &self.filter));
            let x = filter_area.x + unicode_width::UnicodeWidthStr::width(typed.as_str()) as u16;
            if x < filter_area.x + filter_area.width {
                hits.cursor = Some(ratatui::layout::Position { x, y: filter_area.y });
            }
        }
        frame.render_widget(Paragraph::new(filter_line), filter_area);
        // At 120 columns or more, the selected applicant's summary beside the list.
        let (table_area, summary_area) = if table_area.width >= 120 {
            let [t, s] = Layout::horizontal([Constraint::Min(60), Constraint::Length(40)]).areas(table_area);
            (t, Some(s))
        } else {
            (table_area, None)
        };
        if !self.loaded {
            frame.render_widget(Paragraph::new(format!(" {}", tr(lang, T::Loading))), table_area);
            return;
        }
        if visible.is_empty() {
            frame.render_widget(Paragraph::new(format!(" {}", tr(lang, T::NoApplicants))), table_area);
            return;
        }
        // Each column: its header, its width, and its cell per applicant. The group
        // column only appears when the list holds more than one group.
        let scoring = self.scoring;
        let several_groups = visible.iter().any(|a| a.group != visible[0].group);
        let fit = |key: T, cells: &dyn Fn(&ApplicantLine) -> String, min: u16, max: u16| {
            let widest = visible.iter().map(|a| text_width(&cells(a))).max().unwrap_or(0);
            let header = text_width(tr(lang, key));
            Constraint::Length(widest.max(header).clamp(min, max.max(header)))
        };
        let leads = |a: &ApplicantLine| a.leads.join(" ");
        let score = |a: &ApplicantLine| {
            a.score
                .map(|s| format!("{s}({})", s.sheets))
                .unwrap_or_else(|| "-".into())
        };
        let sheet = |a: &ApplicantLine| my_sheet_cell(lang, a.my_sheet, a.recused);
        let mut header = vec![
            tr(lang, T::ColName),
            tr(lang, T::ColEmployer),
            tr(lang, T::ColAppliedTitle),
        ];
        let mut widths = vec![
            names_width(lang, visible.iter().map(|a| a.name.as_str())),
            Constraint::Fill(1),
            fit(T::ColAppliedTitle, &|a| a.applied_title.clone(), 8, 12),
        ];
        // A wide terminal has room for the specialty too.
        let with_specialty = table_area.width >= 100;
        if with_specialty {
            header.push(tr(lang, T::ColSpecialty));
            widths.push(fit(T::ColSpecialty, &|a| a.specialty.clone(), 6, 14));
        }
        if several_groups {
            header.push(tr(lang, T::ColGroup));
            widths.push(fit(T::ColGroup, &|a| a.group.clone(), 8, 12));
        }
        header.push(tr(lang, T::ColLeads));
        widths.push(fit(T::ColLeads, &leads, 6, 14));
        if scoring {
            header.extend([tr(lang, T::ColScore), tr(lang, T::ColMySheet)]);
            widths.extend([fit(T::ColScore, &score, 6, 12), fit(T::ColMySheet, &sheet, 6, 10)]);
        }
        header.push(tr(lang, T::ColMyVote));
        widths.push(fit(
            T::ColMyVote,
            &|a| text::vote_cell(lang, a.my_vote, a.recused),
            8,
            11,
        ));
        let header = Row::new(header).bold();
        let rows: Vec<Row> = visible
            .iter()
            .map(|a| {
                let mut cells = vec![
                    Cell::from(a.name.clone()),
                    Cell::from(a.employer.clone()),
                    Cell::from(a.applied_title.clone()),
                ];
                if with_specialty {
                    cells.push(Cell::from(a.specialty.clone()));
                }
                if several_groups {
                    cells.push(Cell::from(a.group.clone()));
                }
                cells.push(Cell::from(leads(a)));
                if scoring {
                    cells.push(Cell::from(score(a)));
                    let style = match a.my_sheet {
                        Some(m) if m.submitted => palette.good(),
                        Some(_) => palette.waiting(),
                        None => Style::new(),
                    };
                    cells.push(Cell::from(sheet(a)).style(style));
                }
                let style = match a.my_vote {
                    Some(MyVote::Draft(c) | MyVote::Submitted(Some(c))) if !a.recused => palette.choice(c),
                    _ => Style::new(),
                };
                cells.push(Cell::from(text::vote_cell(lang, a.my_vote, a.recused)).style(style));
                Row::new(cells)
            })
            .collect();
        let rows_count = rows.len();
        let table = Table::new(rows, widths).header(header);
        let selected = self.state.selected().and_then(|i| visible.get(i)).copied();
        if let (Some(area), Some(a)) = (summary_area, selected) {
            draw_summary(frame, area, lang, a);
        }
        draw_list(frame, hits, table, table_area, &mut self.state, rows_count);
    }

    fn footer(&self, cx: &Ctx) -> Vec<Binding> {
        if self.editing_filter {
            return keymap::FILTER.to_vec();
        }
        let rows = if self.scoring {
            keymap::LIST_SCORING
        } else {
            keymap::LIST
        };
        let votes = may_vote(cx);
        // The role's own panel is on the bottom line (the filter then only in the help,
        // for room).
        let panel = if cx.may_lead() && self.group_id.is_some() {
            Some(keymap::GROUP_PANEL)
        } else if cx.may_chair() && !cx.identity.is_operator {
            Some(keymap::CHAIR_PANEL)
        } else {
            None
        };
        let mut shown: Vec<Binding> = rows
            .iter()
            .filter(|b| votes || !matches!(b.cmd, Cmd::Vote | Cmd::Submit))
            .filter(|b| panel.is_none() || b.cmd != Cmd::Filter)
            .copied()
            .collect();
        shown.extend(panel);
        crate::tui::screen::with_back(shown)
    }

    fn help(&self, cx: &Ctx) -> Vec<Binding> {
        help_with_back(self.keys(cx))
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![Effect::LoadApplicants {
            committee_id: self.committee_id,
        }]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn typing(&self) -> bool {
        self.editing_filter
    }

    fn mode(&self) -> u8 {
        u8::from(self.editing_filter)
    }

    fn selected_row(&self) -> Option<usize> {
        self.state.selected()
    }

    fn select_row(&mut self, index: usize) {
        self.editing_filter = false;
        self.state.select(Some(index));
    }

    fn opens_on_click(&self) -> bool {
        true
    }
}

/// The selected applicant in brief, beside the list on a wide terminal.
fn draw_summary(frame: &mut Frame, area: Rect, lang: Lang, a: &ApplicantLine) {
    let block = Block::new().borders(Borders::LEFT).title(format!(" {} ", a.name));
    let inner = crate::tui::widgets::text_area(block.inner(area));
    frame.render_widget(block, area);
    let l = |t: T, v: &str| msg!(lang, "labelled", label = tr(lang, t), value = v);
    let score = a
        .score
        .map(|s| format!("{s}({})", s.sheets))
        .unwrap_or_else(|| "-".into());
    let lines: Vec<Line> = [
        l(T::FileEmployer, &a.employer),
        l(T::FileAppliedTitle, &a.applied_title),
        l(T::FileSpecialty, &a.specialty),
        l(T::FileGroup, &a.group),
        l(T::ColLeads, &a.leads.join(" ")),
        l(T::ColScore, &score),
        l(T::ColMyVote, &text::vote_cell(lang, a.my_vote, a.recused)),
        String::new(),
        tr(lang, T::SummaryOpen).to_string(),
    ]
    .into_iter()
    .map(Line::from)
    .collect();
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
}

// ---------------------------------------------------------------- texts

/// One's own score sheet in the list: "已交 86", "草稿 40" or "-".
fn my_sheet_cell(lang: Lang, sheet: Option<crate::service::screens::MySheet>, recused: bool) -> String {
    if recused {
        return tr(lang, T::Recused).to_string();
    }
    match sheet {
        None => "-".into(),
        Some(s) if s.submitted => msg!(lang, "my-sheet-sent", total = s.total),
        Some(s) => msg!(lang, "my-sheet-draft", total = s.total),
    }
}
