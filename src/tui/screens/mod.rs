//! The screens, one component each (see `tui::screen` for what a screen is), and the
//! popups every screen shares.

pub mod applicants;
pub mod board;
pub mod chair;
pub mod file;
pub mod home;
pub mod inbox;
pub mod leads;
pub mod logins;
pub mod new_committee;
pub mod office;
pub mod opinion;
pub mod people;
pub mod popups;
pub mod questions;
pub mod recusals;
pub mod revote;
pub mod settings;
pub mod sheet;

use self::opinion::OpinionScreen;
use self::questions::QuestionsScreen;
use self::sheet::SheetScreen;
use crate::domain::gates::{self, Writing};
use crate::tui::effects::Effect;
use crate::tui::keymap::Cmd;
use crate::tui::screen::{Ctx, Screen, Step};

/// The applicant a writing key was pressed on, and what the account is to it.
pub struct Target {
    pub committee_id: i32,
    pub applicant_id: i32,
    pub name: String,
    pub recused: bool,
    pub lead: bool,
    /// The interview mode's questions exist (else the score sheet waits for them).
    pub has_questions: bool,
}

/// The score sheet, the opinion or the questions of an applicant (the list's and the
/// file's `p`, `o`, `i`), opened over the screen the key was pressed on. What the
/// account cannot do there is said at once with the engine's own refusal (its gate);
/// the engine checks again on every save.
pub fn open_writing(cx: &Ctx, cmd: Cmd, t: Target) -> Step {
    let writing = match cmd {
        Cmd::ScoreSheet => Writing::ScoreSheet,
        Cmd::Opinion => Writing::Opinion,
        _ => Writing::Questions,
    };
    if let Err(r) = gates::open_writing(writing, t.recused, t.lead) {
        return Step::refused(cx.lang, &r);
    }
    // Scoring an interview before its questions exist would lock them for good.
    if writing == Writing::ScoreSheet && !t.has_questions {
        return Step::refused(cx.lang, &crate::domain::Refusal::NoQuestionsYet);
    }
    let (committee_id, applicant_id) = (t.committee_id, t.applicant_id);
    let screen: Box<dyn Screen> = match writing {
        Writing::ScoreSheet => Box::new(SheetScreen::new(committee_id, applicant_id, t.name)),
        Writing::Opinion => Box::new(OpinionScreen::new(committee_id, applicant_id, t.name)),
        Writing::Questions => Box::new(QuestionsScreen::new(committee_id, applicant_id, t.name)),
    };
    let load = match writing {
        Writing::ScoreSheet => Effect::LoadSheet {
            committee_id,
            applicant_id,
        },
        _ => Effect::LoadFile {
            committee_id,
            applicant_id,
        },
    };
    Step::push(screen, load)
}

#[cfg(test)]
mod tests;
