//! loom verdicts for pattern 6, the timer. Built only with `--cfg loom`.
//!
//! Configuration (the scenario's loom params): one timer, cancelled by the main thread
//! while it may be firing. loom has no clock: sleeps are no-ops (the timer's wake-up races
//! with the cancel at every point), and for the timed waits a modelled clock thread
//! announces "time is up"; every verdict's model text says so. The invariant is checked on
//! every execution through the scenario's own `check`.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::{LoomVerdict, Verdict};

#[test]
fn sleep_flag_timer_runs_after_a_successful_cancel_under_loom() {
    let v = verify("timer", "sleep_flag");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the check-then-act window: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(
        violation.contains("cancel() returned true but the action ran"),
        "expected a run after a successful cancel, loom reported: {violation}"
    );
}

#[test]
fn state_cas_timer_is_proved_with_time_as_a_race() {
    assert_proved_without_a_clock(verify("timer", "state_cas"));
}

#[test]
fn condvar_timer_is_proved_with_a_modelled_clock() {
    assert_proved_without_a_clock(verify("timer", "condvar"));
}

#[test]
fn parking_lot_timer_algorithm_is_proved_with_a_stand_in_and_a_modelled_clock() {
    let v = verify("timer", "parking_lot");
    assert!(v.model.contains("parking_lot"), "{v:?}");
    assert_proved_without_a_clock(v);
}

#[test]
fn channel_timer_algorithm_is_proved_with_a_stand_in_and_a_modelled_clock() {
    assert_proved_without_a_clock(verify("timer", "channel"));
}

fn assert_proved_without_a_clock(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.model.contains("no clock"), "the verdict must say how time was modelled: {v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}

/// The proofs above would be hollow if the modelled race were never close: for each correct
/// timer, loom must reach both sides of it, a cancel that wins and one that comes too late.
#[test]
fn loom_reaches_both_sides_of_the_cancel_race_for_every_correct_timer() {
    let params = scenarios::scenario("timer").unwrap().loom.params;
    for strategy in ["state_cas", "condvar", "parking_lot", "channel"] {
        let (outcomes, executions) =
            loom_tests::check::reachable_outcomes("timer", strategy, params);
        let reached = |fate: &str| outcomes.iter().any(|o| o.get(fate) == Some(1));
        assert!(reached("cancelled"), "{strategy}: no winning cancel in {executions} executions");
        assert!(
            reached("fired-cancel-too-late"),
            "{strategy}: no late cancel in {executions} executions"
        );
    }
}
