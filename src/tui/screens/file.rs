//! One applicant's file (申报材料), over the list it was opened from: the applicant's
//! particulars, the lead reviewers' opinions, the questions, the scores and the
//! account's own vote. It scrolls; the vote keys and the writing keys work here as on
//! the list.

use super::questions::question_line;
use crate::domain::Lang;
use crate::service::screens::mask_id;
use crate::tui::catalog::msg;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::applicants::{ApplicantsScreen, Entry, next_unvoted, submit_text, writing_keys};
use super::{Target, open_writing};
use crate::service::screens::ApplicantFile;
use crate::tui::clicks::Hits;
use crate::tui::effects::Effect;
use crate::tui::input::Key;
use crate::tui::keymap::{self, Binding, Cmd};
use crate::tui::msg::Msg;
use crate::tui::screen::{Ctx, Screen, Step, Taken, help_with_back, keep, with_back};
use crate::tui::text::{self, T, tr};
use crate::tui::widgets::{choice_key, framed, wrap_area};

#[derive(Debug)]
pub struct FileScreen {
    committee_id: i32,
    applicant_id: i32,
    name: String,
    scoring: bool,
    questions: bool,
    file: Option<Box<ApplicantFile>>,
    scroll: u16,
    /// The list's applicants as it showed them, for `n`/`N` and for moving on after a
    /// vote; `at` is this file's place among them.
    order: Vec<Entry>,
    at: usize,
    /// The place in the order of the applicant just voted on, until the vote is taken.
    voting: Option<usize>,
}

impl FileScreen {
    /// The file of an applicant of `list`, not loaded yet.
    pub fn new(applicant_id: i32, list: &ApplicantsScreen) -> FileScreen {
        let order = list.entries();
        let at = order.iter().position(|e| e.id == applicant_id).unwrap_or(0);
        FileScreen {
            committee_id: list.committee_id,
            applicant_id,
            name: order.get(at).map(|e| e.name.clone()).unwrap_or_default(),
            scoring: list.scoring,
            questions: list.questions,
            file: None,
            scroll: 0,
            order,
            at,
            voting: None,
        }
    }

    /// Shows the file at `at` of the order instead (its load is the step's effect).
    fn show(&mut self, at: usize) -> Step {
        let Some(e) = self.order.get(at) else {
            return Step::none();
        };
        self.at = at;
        self.applicant_id = e.id;
        self.name = e.name.clone();
        self.file = None;
        self.scroll = 0;
        Step::effect(Effect::LoadFile {
            committee_id: self.committee_id,
            applicant_id: e.id,
        })
    }

    /// The next (`step` 1) or previous (`step` -1) applicant whose file may be read.
    fn neighbour(&self, forward: bool) -> Option<usize> {
        let n = self.order.len();
        (1..n)
            .map(|k| {
                if forward {
                    (self.at + k) % n
                } else {
                    (self.at + n - k) % n
                }
            })
            .find(|&i| !self.order[i].recused)
    }

    fn keys(&self) -> Vec<Binding> {
        let mut k = keymap::FILE.to_vec();
        k.extend(writing_keys(self.scoring, self.questions));
        k
    }
}

impl Screen for FileScreen {
    fn name(&self) -> &'static str {
        "file"
    }

    fn key(&mut self, cx: &Ctx, key: Key) -> Step {
        let page = cx.height.saturating_sub(6).max(1);
        // Scrolling: by a line, a page, to the ends (the view keeps the scroll inside
        // the text).
        let scroll = match key {
            Key::Up | Key::Char('k') => Some(self.scroll.saturating_sub(1)),
            Key::Down | Key::Char('j') => Some(self.scroll.saturating_add(1)),
            Key::PageUp => Some(self.scroll.saturating_sub(page)),
            Key::PageDown | Key::Char(' ') => Some(self.scroll.saturating_add(page)),
            Key::Home => Some(0),
            Key::End => Some(u16::MAX),
            _ => None,
        };
        if let Some(to) = scroll {
            self.scroll = to;
            return Step::none();
        }
        let mut keys = self.keys();
        keys.push(keymap::BACK);
        match keymap::command(&keys, key) {
            Some(Cmd::Back) => Step::back(),
            Some(Cmd::Vote) => match key {
                Key::Char(c) => {
                    self.voting = Some(self.at);
                    Step::effect(Effect::DraftVote {
                        applicant_id: self.applicant_id,
                        choice: choice_key(c),
                    })
                }
                _ => Step::none(),
            },
            Some(Cmd::Next) => match self.neighbour(key == Key::Char('n')) {
                Some(at) => self.show(at),
                None => Step::none(),
            },
            Some(Cmd::Submit) => Step::confirm_text(
                Effect::SubmitVotes {
                    committee_id: self.committee_id,
                },
                submit_text(cx.lang, &self.order),
            ),
            Some(cmd @ (Cmd::ScoreSheet | Cmd::Opinion | Cmd::Questions)) => {
                let Some(file) = &self.file else {
                    return Step::none();
                };
                let target = Target {
                    committee_id: self.committee_id,
                    applicant_id: self.applicant_id,
                    name: self.name.clone(),
                    recused: file.recused,
                    lead: file.my_opinion.is_some(),
                    has_questions: !self.questions || !file.questions.is_empty(),
                };
                open_writing(cx, cmd, target)
            }
            _ => Step::unbound(cx.lang, key),
        }
    }

    /// A vote taken here: it counts in the order, and the next applicant without a
    /// vote is shown (the list below moves with it when the user goes back).
    fn action_done(&mut self, outcome: &crate::tui::msg::ActionOutcome) -> Vec<Effect> {
        let voted = self.voting.take();
        let (Some(at), crate::tui::msg::ActionOutcome::Drafted(choice)) = (voted, outcome) else {
            return Vec::new();
        };
        let Some(e) = self.order.get_mut(at) else {
            return Vec::new();
        };
        e.vote = Some(crate::service::screens::MyVote::Draft(*choice));
        // Moved on meanwhile (`n`): the user chose where to be.
        if at != self.at {
            return Vec::new();
        }
        match next_unvoted(&self.order, at) {
            Some(next) => self.show(next).effects,
            None => Vec::new(),
        }
    }

    fn take(&mut self, msg: Msg) -> Taken {
        match msg {
            Msg::FileLoaded { applicant_id, file } if applicant_id == self.applicant_id => keep(*file, |file| {
                self.file = Some(Box::new(file));
            }),
            other => Err(other),
        }
    }

    fn draw(&mut self, cx: &Ctx, frame: &mut Frame, area: Rect, _hits: &mut Hits) {
        let lang = cx.lang;
        let inner = framed(frame, area, format!(" {} - {} ", tr(lang, T::FileTitle), self.name));
        let Some(file) = &self.file else {
            frame.render_widget(Paragraph::new(tr(lang, T::Loading)), inner);
            return;
        };
        let lines = file_lines(lang, file);
        let area = wrap_area(inner);
        // The file is long Chinese prose: broken between characters, not at the few
        // spaces it has.
        let paragraph = crate::tui::widgets::prose(lines, area.width);
        // Keep the scroll inside the text.
        let total = paragraph.line_count(area.width) as u16;
        let scroll = self.scroll.min(total.saturating_sub(area.height));
        frame.render_widget(paragraph.scroll((scroll, 0)), area);
    }

    fn footer(&self, _cx: &Ctx) -> Vec<Binding> {
        with_back(keymap::FILE.to_vec())
    }

    fn help(&self, _cx: &Ctx) -> Vec<Binding> {
        help_with_back(self.keys())
    }

    fn reloads(&self) -> Vec<Effect> {
        vec![
            Effect::LoadApplicants {
                committee_id: self.committee_id,
            },
            Effect::LoadFile {
                committee_id: self.committee_id,
                applicant_id: self.applicant_id,
            },
        ]
    }

    fn committee(&self) -> Option<i32> {
        Some(self.committee_id)
    }

    fn wheel_lines(&self) -> usize {
        3
    }
}

// ---------------------------------------------------------------- texts

/// The whole file as lines, labels from this catalog.
fn file_lines(lang: Lang, f: &ApplicantFile) -> Vec<Line<'static>> {
    let a = &f.applicant;
    let fixed = |t| tr(lang, t);
    let l = |id, value: &str| msg!(lang, "labelled", label = fixed(id), value = value);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut row = |parts: Vec<String>| out.push(Line::from(parts.join("    ")));
    row(vec![
        l(T::FileName, &a.name),
        l(T::FileGender, &a.gender),
        l(T::FileBorn, &a.birth_date),
    ]);
    row(vec![
        l(T::FileEthnicity, &a.ethnicity),
        l(T::FilePoliticalStatus, &a.political_status),
        l(T::FileIdNumber, &mask_id(&a.id_number)),
    ]);
    row(vec![l(T::FileEmployer, &a.employer)]);
    let current = msg!(
        lang,
        "file-current-title-value",
        title = a.current_title.as_str(),
        date = a.current_title_date.as_str()
    );
    row(vec![
        l(T::FileCurrentTitle, &current),
        l(T::FileAppliedTitle, &a.applied_title),
    ]);
    row(vec![l(T::FileSpecialty, &a.specialty), l(T::FileGroup, &f.group)]);
    row(vec![
        l(T::FileEducation, &a.education),
        l(T::FileDegree, &a.degree),
        l(T::FileSchool, &a.school),
    ]);
    row(vec![
        l(T::FileWorkStart, &a.work_start),
        l(T::FileYears, &a.years_of_work.to_string()),
    ]);
    // In the committee stage: what the group decided, and its defense score.
    if let Some((t, passed, round)) = f.group_result {
        let verdict = tr(lang, if passed { T::GroupPassed } else { T::GroupFailed });
        let mut line = msg!(
            lang,
            "file-group-result",
            verdict = verdict,
            approve = t.approve,
            reject = t.reject,
            abstain = t.abstain,
            round = round
        );
        if let Some(score) = f.score {
            line.push_str("  ");
            line.push_str(&msg!(
                lang,
                "file-score",
                score = score.to_string(),
                sheets = score.sheets
            ));
        }
        out.push(Line::from(""));
        out.push(Line::from(line).bold());
    }
    let sections: [(T, &str); 8] = [
        (T::FileAnnualAssessments, &a.annual_assessments),
        (T::FileContinuingEducation, &a.continuing_education),
        (T::FilePapers, &a.papers),
        (T::FileProjects, &a.projects),
        (T::FilePatents, &a.patents),
        (T::FileAwards, &a.awards),
        (T::FileAchievements, &a.achievements),
        (T::FileSummary, &a.summary),
    ];
    for (title, body) in sections {
        out.push(Line::from(""));
        out.push(Line::from(fixed(title)).bold());
        if body.trim().is_empty() {
            out.push(Line::from(fixed(T::FileNone)));
        }
        for line in body.lines() {
            out.push(Line::from(format!("  {line}")));
        }
    }
    out.push(Line::from(""));
    out.push(Line::from(fixed(T::FileOpinions)).bold());
    if f.leads.is_empty() {
        out.push(Line::from(fixed(T::FileNoLead)));
    }
    for lead in &f.leads {
        let rec = lead.recommendation.map(|c| text::choice_name(lang, c)).unwrap_or("-");
        let opinion = if lead.opinion.is_empty() {
            fixed(T::FileNotWritten).to_string()
        } else {
            lead.opinion.clone()
        };
        out.push(Line::from(format!("  {}  [{rec}]", lead.name)));
        for line in opinion.lines() {
            out.push(Line::from(format!("    {line}")));
        }
    }
    if !f.questions.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(fixed(T::FileQuestions)).bold());
        for (i, q) in f.questions.iter().enumerate() {
            let mut lines = q.text.lines();
            let first = lines.next().unwrap_or_default();
            out.push(Line::from(format!(
                "  {}",
                question_line(lang, i + 1, first, &q.author)
            )));
            for line in lines {
                out.push(Line::from(format!("     {line}")));
            }
        }
    }
    if let Some(score) = f.score {
        out.push(Line::from(""));
        out.push(Line::from(msg!(
            lang,
            "file-score",
            score = score.to_string(),
            sheets = score.sheets
        )));
    }
    out.push(Line::from(""));
    out.push(
        Line::from(msg!(
            lang,
            "file-my-vote",
            vote = text::vote_cell(lang, f.my_vote, f.recused)
        ))
        .bold(),
    );
    out
}
