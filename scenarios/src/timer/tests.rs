//! The timer's own tests: the schedule, the fates and the check, and each strategy's
//! cancel latency.

use std::time::Duration;

use super::fate::Fate;
use super::invariant::check;
use super::probes::cancel_latency;
use super::scenario::params;
use super::schedule::schedule;
use super::*;
use crate::catalogue::ViolationKind::RanAfterCancel;
use crate::catalogue::{Check, Outcome};

#[test]
fn the_seed_003_schedule_is_half_and_seven_tenths_with_the_second_cancelled() {
    let plan = schedule(2, Duration::from_millis(100));
    assert_eq!(plan[0], (Duration::from_millis(500), None));
    assert_eq!(plan[1], (Duration::from_millis(700), Some(Duration::from_millis(600))));
}

#[test]
fn every_strategy_fires_the_first_seed_timer_and_cancels_the_second() {
    // A 50 ms tick: the cancel comes 50 ms before the second deadline, so only a stall
    // that long on a busy VM lets the timer win (which would be correct, but not this
    // test's point).
    let params = params(2, 1, 50);
    for strategy in SCENARIO.strategies {
        let (run, check) = SCENARIO.run_checked(strategy, &params);
        assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
        assert_eq!(run.outcome.order.as_deref(), Some("fired,cancelled"), "{}", strategy.name);
    }
}

#[test]
fn a_condvar_or_channel_cancel_frees_the_timer_thread_at_once() {
    let long = Duration::from_secs(10);
    for (name, latency) in [
        ("condvar", cancel_latency::<condvar::CondvarTimer>(long)),
        ("parking_lot", cancel_latency::<parking_lot::ParkingLotTimer>(long)),
        ("channel", cancel_latency::<channel::ChannelTimer>(long)),
    ] {
        let latency = latency.unwrap_or_else(|| panic!("{name}: a 10 s timer fired first"));
        assert!(latency < Duration::from_secs(1), "{name} took {latency:?} to cancel");
    }
}

#[test]
fn a_sleeping_timer_keeps_its_thread_until_the_deadline_even_when_cancelled() {
    // 200 ms: the timer wins the race only if this test is stalled for that long.
    let latency = cancel_latency::<state_cas::StateCasTimer>(Duration::from_millis(200))
        .expect("a 200 ms timer cancelled at once has not fired");
    assert!(latency >= Duration::from_millis(150), "{latency:?}");
}

#[test]
fn every_strategy_has_bench_probes() {
    for strategy in SCENARIO.strategies {
        assert!(strategy.timer_probes.is_some(), "{}", strategy.name);
    }
}

#[test]
fn check_rejects_an_action_that_ran_after_a_successful_cancel() {
    let mut outcome = Outcome::default().with("fired", 1).with("cancelled", 1);
    assert!(check(&params(2, 1, 1), &outcome).holds());
    outcome = outcome.with("RAN-AFTER-CANCEL", 1);
    assert!(matches!(
        check(&params(2, 1, 1), &outcome),
        Check::Violated(w) if w.kind == RanAfterCancel && w.text.contains("returned true but the action ran")
    ));
    assert_eq!(Fate::of(Some(Some(false)), 1, true), Fate::CancelTooLate);
    assert_eq!(Fate::of(None, 0, false), Fate::Missed);
}

#[test]
fn each_answer_is_judged_by_the_contract_that_gave_it() {
    // Decisive: a cancel that said it won and then saw the action run is the bug.
    assert_eq!(Fate::of(Some(Some(true)), 1, true), Fate::RanAfterCancel);
    // Python's: cancel said nothing, so the same run is the window the contract allows.
    let window = Fate::of(Some(None), 1, true);
    assert_eq!(window, Fate::FiredAfterCancelReturned);
    let outcome = Outcome::default().with(window.word(), 1);
    assert!(check(&params(1, 1, 1), &outcome).holds());
    // Python's contract still forbids a second run and a lost uncancelled timer.
    assert_eq!(Fate::of(Some(None), 2, true), Fate::RanTwice);
    let twice = Outcome::default().with(Fate::RanTwice.word(), 1);
    assert!(!check(&params(1, 1, 1), &twice).holds());
}
