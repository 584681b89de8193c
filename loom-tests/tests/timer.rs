//! Loom checks about pattern 6, the timer, as a whole (each strategy's own verdict is in
//! `verdicts.rs`). Built only with `--cfg loom`.
//!
//! Configuration (the scenario's loom params): one timer, cancelled by the main thread
//! while it may be firing. loom has no clock: sleeps are no-ops (the timer's wake-up races
//! with the cancel at every point), and for the timed waits a modelled clock thread
//! announces "time is up"; every modelled strategy's loom text says so.
#![cfg(loom)]

use scenarios::{LoomModel, Scenario, Strategy};

fn scenario() -> &'static Scenario {
    scenarios::scenario("timer").unwrap()
}

fn modelled_correct() -> impl Iterator<Item = &'static Strategy> {
    scenario()
        .strategies
        .iter()
        .filter(|s| !s.expectation.is_broken() && !matches!(s.loom, LoomModel::NotModelled(_)))
}

/// A proof without a clock must say how time was modelled, or it reads as more than it is.
#[test]
fn every_modelled_timer_says_how_time_was_modelled() {
    for strategy in scenario().strategies {
        let text = match strategy.loom {
            LoomModel::StandIn(text) | LoomModel::RealBounded { why: text, .. } => text,
            LoomModel::RealUnshared { why } => why,
            LoomModel::Real => "", // a modelled timer must say how time was modelled
            LoomModel::NotModelled(_) | LoomModel::BeyondSearch(_) => continue,
        };
        assert!(text.contains("no clock"), "{}: {text}", strategy.name);
    }
}

/// The proofs would be hollow if the modelled race were never close: for each correct
/// timer, loom must reach both sides of it, a cancel that wins and one that comes too late.
#[test]
fn loom_reaches_both_sides_of_the_cancel_race_for_every_correct_timer() {
    let params = scenario().loom.params;
    let mut checked = 0;
    for strategy in modelled_correct() {
        let (outcomes, executions) =
            loom_tests::check::reachable_outcomes(scenario(), strategy, params);
        let name = strategy.name;
        let reached = |fate: &str| outcomes.iter().any(|o| o.get(fate) == Some(1));
        assert!(reached("cancelled"), "{name}: no winning cancel in {executions} executions");
        assert!(
            reached("fired-cancel-too-late"),
            "{name}: no late cancel in {executions} executions"
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} correct timers were checked");
}

/// CPython's Timer checks, then acts: loom must reach the window Python's contract allows
/// (the action starting after cancel() has returned), and the strategy's own verdict in
/// `verdicts.rs` shows that contract still holds in every execution.
#[test]
fn loom_reaches_the_check_then_act_window_of_the_python_like_timer() {
    let strategy = scenario().strategy("python_like").unwrap();
    let (outcomes, executions) =
        loom_tests::check::reachable_outcomes(scenario(), strategy, scenario().loom.params);
    let reached = |fate: &str| outcomes.iter().any(|o| o.get(fate) == Some(1));
    assert!(
        reached("fired-after-cancel-returned"),
        "no action after a returned cancel in {executions} executions"
    );
    assert!(reached("cancelled"), "no cancel held the action in {executions} executions");
}
