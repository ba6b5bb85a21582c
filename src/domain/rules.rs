//! The arithmetic of SPEC section 3: pass thresholds, quorum and tallies, in exact
//! integer arithmetic (never floating point), and the score of a defense.

use std::fmt;

/// A fraction bound such as "more than half" or "at least two thirds".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Threshold {
    pub num: u32,
    pub den: u32,
    /// `true`: the count must exceed the fraction (以上 excluded, "more than");
    /// `false`: reaching it is enough ("at least", 以上 as the 2019 rules use it).
    pub strict: bool,
}

impl std::str::FromStr for Threshold {
    type Err = String;

    /// "2/3" or ">=2/3" (at least two thirds), ">1/2" (more than half).
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (strict, rest) = if let Some(r) = s.strip_prefix(">=") {
            (false, r)
        } else if let Some(r) = s.strip_prefix('>') {
            (true, r)
        } else {
            (false, s)
        };
        let (n, d) = rest
            .split_once('/')
            .ok_or_else(|| format!("{s:?} is not a fraction like 2/3 or >1/2"))?;
        let num: u32 = n.trim().parse().map_err(|_| format!("{s:?}: bad numerator"))?;
        let den: u32 = d.trim().parse().map_err(|_| format!("{s:?}: bad denominator"))?;
        if den == 0 || num == 0 || num > den {
            return Err(format!("{s:?}: a fraction between 0 and 1 is needed"));
        }
        Ok(Threshold { num, den, strict })
    }
}

impl Threshold {
    /// More than half: the group pass rule.
    pub const MORE_THAN_HALF: Threshold = Threshold {
        num: 1,
        den: 2,
        strict: true,
    };
    /// At least two thirds: the committee pass rule and the quorum.
    pub const TWO_THIRDS: Threshold = Threshold {
        num: 2,
        den: 3,
        strict: false,
    };

    /// Whether `count` out of `base` meets the bound: `count/base >= num/den` (or `>`),
    /// computed as `count*den >= base*num` in 64-bit integers.
    pub fn met(self, count: u32, base: u32) -> bool {
        let left = u64::from(count) * u64::from(self.den);
        let right = u64::from(base) * u64::from(self.num);
        if self.strict { left > right } else { left >= right }
    }

    /// The smallest count out of `base` that meets the bound (may exceed `base`
    /// when the bound cannot be met, e.g. "more than all").
    pub fn needed(self, base: u32) -> u32 {
        let product = u64::from(base) * u64::from(self.num);
        let den = u64::from(self.den.max(1));
        let n = if self.strict {
            product / den + 1
        } else {
            product.div_ceil(den)
        };
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Checks that the fraction makes sense (0 < num <= den).
    pub fn is_valid(self) -> bool {
        self.den > 0 && self.num > 0 && self.num <= self.den
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = if self.strict { ">" } else { ">=" };
        write!(f, "{op} {}/{}", self.num, self.den)
    }
}

/// A vote choice (拟通过 / 拟否决 / 拟弃权), the same in every stage and mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Choice {
    Approve,
    Reject,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Approve, Choice::Reject, Choice::Abstain];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Approve => "approve",
            Choice::Reject => "reject",
            Choice::Abstain => "abstain",
        }
    }

    pub fn parse(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Counted ballots for one applicant in one round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub approve: u32,
    pub reject: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn add(&mut self, choice: Choice) {
        match choice {
            Choice::Approve => self.approve += 1,
            Choice::Reject => self.reject += 1,
            Choice::Abstain => self.abstain += 1,
        }
    }

    pub fn of(choices: impl IntoIterator<Item = Choice>) -> Tally {
        let mut t = Tally::default();
        for c in choices {
            t.add(c);
        }
        t
    }

    pub fn ballots(&self) -> u32 {
        self.approve + self.reject + self.abstain
    }
}

/// The decision on one applicant: the tally, the base it is measured against, the
/// approvals the rule needs, and whether it passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub tally: Tally,
    /// Eligible voters: the group's experts (group stage) or the members attending
    /// (committee stage), without those recused from this applicant.
    pub base: u32,
    /// Ballots not cast by eligible voters; they count as not approving.
    pub missing: u32,
    pub needed: u32,
    pub passed: bool,
}

impl Outcome {
    /// Applies `rule` to a tally. Abstentions and missing ballots are not approvals.
    pub fn decide(tally: Tally, base: u32, rule: Threshold) -> Outcome {
        Outcome {
            tally,
            base,
            missing: base.saturating_sub(tally.ballots()),
            needed: rule.needed(base),
            // Nobody eligible: nobody approved, so nothing passes.
            passed: base > 0 && rule.met(tally.approve, base),
        }
    }
}

/// A defense score as voters see it: the group's figure and the sheets behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupScore {
    /// Hundredths of a point, rounded half up (8567 is 85.67).
    pub centi: u32,
    pub sheets: u32,
    /// One highest and one lowest sheet were dropped.
    pub trimmed: bool,
}

impl GroupScore {
    /// The mean of the sheet totals, or the trimmed mean when there are at least
    /// `trim_from` sheets (`None`: never trim). `None` without sheets.
    pub fn of(totals: &[u32], trim_from: Option<u32>) -> Option<GroupScore> {
        if totals.is_empty() {
            return None;
        }
        let mut sorted = totals.to_vec();
        sorted.sort_unstable();
        let n = sorted.len() as u32;
        let trimmed = trim_from.is_some_and(|t| n >= t.max(3));
        let kept = if trimmed {
            &sorted[1..sorted.len() - 1]
        } else {
            &sorted[..]
        };
        let sum: u64 = kept.iter().map(|&x| u64::from(x)).sum();
        let count = kept.len() as u64;
        // Round half up in integers: (sum*100*2 + count) / (2*count).
        let centi = (sum * 200 + count) / (2 * count);
        Some(GroupScore {
            centi: u32::try_from(centi).unwrap_or(u32::MAX),
            sheets: n,
            trimmed,
        })
    }

    /// Whether the score reaches a pass score given in whole points.
    pub fn reaches(&self, pass_score: u32) -> bool {
        u64::from(self.centi) >= u64::from(pass_score) * 100
    }
}

impl fmt::Display for GroupScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.centi / 100, self.centi % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn two_thirds_at_the_bound_passes() {
        let r = Threshold::TWO_THIRDS;
        assert!(r.met(14, 21));
        assert!(!r.met(13, 21));
        assert!(r.met(16, 24), "exactly 2/3");
        assert!(!r.met(15, 23), "15/23 < 2/3");
        assert!(r.met(16, 23));
        assert_eq!(r.needed(21), 14);
        assert_eq!(r.needed(20), 14);
        assert_eq!(r.needed(25), 17);
        assert_eq!(r.needed(0), 0);
    }

    #[test]
    fn more_than_half_excludes_exactly_half() {
        let r = Threshold::MORE_THAN_HALF;
        assert!(!r.met(3, 6));
        assert!(r.met(4, 6));
        assert!(r.met(4, 7));
        assert!(!r.met(3, 7));
        assert_eq!(r.needed(6), 4);
        assert_eq!(r.needed(7), 4);
    }

    #[test]
    fn abstentions_and_missing_ballots_do_not_approve() {
        let t = Tally {
            approve: 14,
            reject: 0,
            abstain: 6,
        };
        let o = Outcome::decide(t, 21, Threshold::TWO_THIRDS);
        assert!(o.passed);
        assert_eq!(o.missing, 1);
        let t = Tally {
            approve: 13,
            reject: 0,
            abstain: 8,
        };
        assert!(!Outcome::decide(t, 21, Threshold::TWO_THIRDS).passed);
        assert!(!Outcome::decide(Tally::default(), 0, Threshold::TWO_THIRDS).passed);
    }

    #[test]
    fn trimmed_mean_drops_one_highest_and_one_lowest() {
        assert_eq!(GroupScore::of(&[], Some(5)), None);
        let s = GroupScore::of(&[80, 90, 70, 60, 100], Some(5)).unwrap();
        assert_eq!((s.centi, s.sheets, s.trimmed), (8000, 5, true));
        let s = GroupScore::of(&[80, 90, 70, 60], Some(5)).unwrap();
        assert_eq!((s.centi, s.trimmed), (7500, false));
        let s = GroupScore::of(&[85, 86, 86], None).unwrap();
        assert_eq!(s.to_string(), "85.67");
        assert!(s.reaches(85) && !s.reaches(86));
    }

    proptest! {
        #[test]
        fn met_agrees_with_exact_rational_comparison(count in 0u32..1000, base in 0u32..1000, num in 1u32..10, extra in 0u32..10, strict: bool) {
            let den = num + extra;
            let rule = Threshold { num, den, strict };
            // count/base vs num/den, compared as exact rationals via i128.
            let l = i128::from(count) * i128::from(den);
            let r = i128::from(base) * i128::from(num);
            prop_assert_eq!(rule.met(count, base), if strict { l > r } else { l >= r });
        }

        #[test]
        fn needed_is_the_smallest_passing_count(base in 0u32..2000, num in 1u32..10, extra in 0u32..10, strict: bool) {
            let rule = Threshold { num, den: num + extra, strict };
            let n = rule.needed(base);
            prop_assert!(rule.met(n, base));
            if n > 0 {
                prop_assert!(!rule.met(n - 1, base));
            }
        }

        #[test]
        fn committee_outcome_counts_only_approvals_against_attendance(
            approve in 0u32..40, reject in 0u32..40, abstain in 0u32..40, absent in 0u32..10, recused in 0u32..5,
        ) {
            let tally = Tally { approve, reject, abstain };
            // Attending members who are not recused: those who voted plus those who did not.
            let base = tally.ballots() + absent;
            let o = Outcome::decide(tally, base, Threshold::TWO_THIRDS);
            prop_assert_eq!(o.passed, base > 0 && 3 * approve >= 2 * base);
            prop_assert_eq!(o.missing, absent);
            // Recused members are outside the base: adding them as voters who did not
            // approve could only make passing harder, never easier.
            let with_recused = Outcome::decide(tally, base + recused, Threshold::TWO_THIRDS);
            prop_assert!(!with_recused.passed || o.passed);
        }

        #[test]
        fn trimmed_mean_lies_between_min_and_max(totals in proptest::collection::vec(0u32..=100, 1..30), trim: bool) {
            let s = GroupScore::of(&totals, trim.then_some(5)).unwrap();
            let min = *totals.iter().min().unwrap() * 100;
            let max = *totals.iter().max().unwrap() * 100;
            prop_assert!(s.centi >= min && s.centi <= max);
            prop_assert_eq!(s.sheets as usize, totals.len());
            prop_assert_eq!(s.trimmed, trim && totals.len() >= 5);
        }
    }
}

/// A committee's rule settings (SPEC section 3), with the defaults of the 2019 rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Settings {
    /// Group pass: approvals against the group's experts (default more than half).
    pub group_pass: Threshold,
    /// Committee pass: approvals against the members attending (default at least 2/3).
    pub committee_pass: Threshold,
    /// Checked-in members against all members before the committee switch opens.
    pub quorum: Threshold,
    /// Whether failing the group stops the applicant (Henan practice) or is a reference.
    pub group_fail_stops: bool,
    /// Trimmed mean from this many score sheets on; `None`: always the plain mean.
    pub trim_from: Option<u32>,
    /// A defense score below this fails the group stage; `None`: scores are a reference.
    pub pass_score: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            group_pass: Threshold::MORE_THAN_HALF,
            committee_pass: Threshold::TWO_THIRDS,
            quorum: Threshold::TWO_THIRDS,
            group_fail_stops: true,
            trim_from: Some(5),
            pass_score: None,
        }
    }
}

impl Settings {
    /// The group's decision on one applicant: the vote by the group pass rule and, in
    /// the defense modes (`scoring`), the defense score against the pass score (no
    /// score at all fails when a pass score is set).
    pub fn group_passed(&self, outcome: &Outcome, scoring: bool, score: Option<GroupScore>) -> bool {
        let defense_failed = match (self.pass_score, score) {
            (Some(p), Some(s)) => !s.reaches(p),
            (Some(_), None) => scoring,
            _ => false,
        };
        outcome.passed && !defense_failed
    }

    /// Why these settings cannot be used, if they cannot.
    pub fn problem(&self) -> Option<super::SettingsProblem> {
        use super::SettingsProblem;
        for (setting, t) in [
            ("group-pass", self.group_pass),
            ("committee-pass", self.committee_pass),
            ("quorum", self.quorum),
        ] {
            if !t.is_valid() {
                return Some(SettingsProblem::Fraction {
                    setting,
                    num: t.num,
                    den: t.den,
                });
            }
        }
        if self.trim_from.is_some_and(|t| t < 3) {
            return Some(SettingsProblem::TrimTooSmall);
        }
        if self.pass_score.is_some_and(|p| p > 100) {
            return Some(SettingsProblem::PassScoreOver100);
        }
        None
    }
}

/// Default score sheet items (content 40, expression 30, answers 30).
pub const DEFAULT_SCORE_ITEMS: [(&str, u32); 3] = [("内容", 40), ("表达", 30), ("答辩", 30)];
