//! The secret ballot's closing rule (SPEC section 3: nobody, the director included, may
//! see who voted what). A tally is published only when it cannot single anyone out:
//! a committee round closes normally once every member present (checked in, and not
//! recused from all of the round's applicants) has cast a ballot, so every tally of a
//! round counts the same people. The director may close earlier only with a typed
//! reason, and only while the ballots in reach the quorum (so a tally always holds at
//! least a quorum of ballots, never the one or few that would reveal a ballot); the
//! missing ballots then count as not approving. Below the quorum the round is void: no
//! tally is shown or stored, and the meeting goes back to check-in for a new round.

use super::Refusal;

/// What the director's close does to a committee round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundClose {
    /// Every member present voted: the tallies are decided and shown.
    Decided,
    /// Closed with a reason while some ballots are missing but the quorum is reached:
    /// decided, the missing ballots count as not approving.
    Overridden,
    /// Closed with a reason below the quorum: no tally exists, a new round follows.
    Void,
}

/// The facts the close depends on, read in the close's own transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallotsIn {
    /// Members present who owe a ballot in this round and have not cast it.
    pub missing: u32,
    /// Ballots cast in this round.
    pub voters: u32,
    /// The quorum: how many members must be present (and here: have voted).
    pub quorum_needed: u32,
}

/// The gate of `committee.switch.close`: how the round may close, or why not.
pub fn committee_close(b: BallotsIn, reason_given: bool) -> Result<RoundClose, Refusal> {
    if b.missing == 0 {
        return Ok(RoundClose::Decided);
    }
    if !reason_given {
        return Err(Refusal::BallotsMissing {
            missing: b.missing,
            voters: b.voters,
            quorum: b.quorum_needed,
        });
    }
    Ok(if b.voters >= b.quorum_needed {
        RoundClose::Overridden
    } else {
        RoundClose::Void
    })
}

/// Who owes a ballot: members present who are not recused from every applicant of the
/// round (`eligible(member)` says whether one applicant is left to them) and have not
/// voted.
pub fn missing_ballots(present: &[i32], voters: &[i32], mut eligible: impl FnMut(i32) -> bool) -> u32 {
    present.iter().filter(|m| !voters.contains(m) && eligible(**m)).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(missing: u32, voters: u32) -> BallotsIn {
        BallotsIn {
            missing,
            voters,
            quorum_needed: 8,
        }
    }

    #[test]
    fn a_round_closes_when_everyone_present_voted() {
        assert_eq!(committee_close(b(0, 11), false), Ok(RoundClose::Decided));
        assert_eq!(committee_close(b(0, 11), true), Ok(RoundClose::Decided));
    }

    #[test]
    fn one_ballot_never_becomes_a_tally() {
        // The probe's case: 11 present, only one voted, the director closes.
        assert_eq!(
            committee_close(b(10, 1), false),
            Err(Refusal::BallotsMissing {
                missing: 10,
                voters: 1,
                quorum: 8
            })
        );
        assert_eq!(committee_close(b(10, 1), true), Ok(RoundClose::Void));
        assert_eq!(committee_close(b(4, 7), true), Ok(RoundClose::Void));
    }

    #[test]
    fn a_reason_closes_early_only_from_the_quorum_on() {
        assert_eq!(committee_close(b(3, 8), true), Ok(RoundClose::Overridden));
        assert!(committee_close(b(1, 10), false).is_err());
    }

    #[test]
    fn members_recused_from_everything_owe_nothing() {
        let present = [1, 2, 3, 4];
        let voters = [1];
        assert_eq!(missing_ballots(&present, &voters, |m| m != 3), 2);
        assert_eq!(missing_ballots(&present, &[1, 2, 4], |m| m != 3), 0);
    }
}
