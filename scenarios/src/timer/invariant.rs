//! The invariant, judged from an outcome's fate counts, and the outcomes worth a look.

use super::fate::Fate;
use crate::catalogue::ViolationKind::{FiredEarly, LostWork, RanAfterCancel};
use crate::catalogue::{Check, Outcome, Params, Problems};

/// The invariant, each answer judged by the contract that gave it: cancel() returned true
/// => the action never ran; an uncancelled timer ran exactly once; no action ran twice.
/// Under Python's contract cancel() claims nothing, so a run after it is no violation.
/// Under every contract no action runs before its delay (a real run's clock says; a model
/// has no clock, so under loom this part is checked by the real runs only).
pub(super) fn check(_params: &Params, outcome: &Outcome) -> Check {
    let bad = |fate: Fate| outcome.get(fate.word()).unwrap_or(0);
    let mut problems = Problems::default();
    if bad(Fate::RanAfterCancel) > 0 {
        problems.push(
            RanAfterCancel,
            format!(
                "cancel() returned true but the action ran anyway ({} timer(s))",
                bad(Fate::RanAfterCancel)
            ),
        );
    }
    if bad(Fate::RanTwice) > 0 {
        problems
            .push(RanAfterCancel, format!("{} action(s) ran more than once", bad(Fate::RanTwice)));
    }
    if bad(Fate::Missed) > 0 {
        problems.push(LostWork, format!("{} uncancelled timer(s) never fired", bad(Fate::Missed)));
    }
    let early = outcome.get("fired_early").unwrap_or(0);
    if early > 0 {
        problems.push(FiredEarly, format!("{early} action(s) ran before their delay had passed"));
    }
    problems.into_check()
}

/// A cancel that lost the race to the deadline is correct but worth a look.
pub(super) fn interesting(_params: &Params, outcome: &Outcome) -> Option<&'static str> {
    if outcome.get(Fate::FiredAfterCancelReturned.word()).unwrap_or(0) > 0 {
        return Some("cancel() had returned, yet the action ran: Python's contract allows it");
    }
    (outcome.get(Fate::CancelTooLate.word()).unwrap_or(0) > 0).then_some(
        "a cancel arrived as the timer fired: the timer won (a decisive cancel said false)",
    )
}
