//! loom verdicts for pattern 3, the event. Built only with `--cfg loom`.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::{LoomVerdict, Verdict};

#[test]
fn lost_wakeup_event_deadlocks_under_loom() {
    let v = verify("event", "lost_wakeup");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the lost wakeup: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(violation.contains("deadlock"), "expected a deadlock, loom reported: {violation}");
}

#[test]
fn relaxed_publish_event_is_a_causality_violation_under_loom() {
    let v = verify("event", "relaxed_publish");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the unpublished data: {v:?}");
    let violation = v.violation.unwrap_or_default();
    // loom's UnsafeCell reports the waiter's read racing the setter's write as
    // "Causality violation: Concurrent read and write accesses."
    assert!(
        violation.contains("Causality violation") && violation.contains("read and write"),
        "expected a causality violation on the data cell, loom reported: {violation}"
    );
}

#[test]
fn condvar_event_is_proved() {
    assert_proved(verify("event", "condvar"));
}

#[test]
fn parking_lot_event_algorithm_is_proved_with_a_stand_in() {
    let v = verify("event", "parking_lot");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn park_unpark_event_is_proved() {
    assert_proved(verify("event", "park"));
}

#[test]
fn channel_event_algorithm_is_proved_with_a_stand_in() {
    let v = verify("event", "channel");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn release_acquire_spin_event_is_proved() {
    assert_proved(verify("event", "spin"));
}

fn assert_proved(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}
