//! loom verdicts for pattern 2, the shared counter. Built only with `--cfg loom`.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::Verdict;

#[test]
fn unsync_counter_loses_updates_under_loom() {
    let v = verify("shared_counter", "unsync");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the lost update: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(violation.contains("lost"), "expected a lost update, loom reported: {violation}");
}

#[test]
fn atomic_counter_is_proved() {
    assert_proved(verify("shared_counter", "atomic"));
}

#[test]
fn std_mutex_counter_is_proved() {
    assert_proved(verify("shared_counter", "std_mutex"));
}

#[test]
fn parking_lot_counter_algorithm_is_proved_with_a_stand_in() {
    let v = verify("shared_counter", "parking_lot");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn spin_lock_counter_is_proved() {
    assert_proved(verify("shared_counter", "spin"));
}

#[test]
fn channel_counter_algorithm_is_proved_with_a_stand_in() {
    let v = verify("shared_counter", "channel");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn rayon_counter_is_not_modelled_and_says_why() {
    let v = verify("shared_counter", "rayon");
    assert_eq!(v.verdict, Verdict::NotModelled);
    assert!(v.model.contains("rayon"), "{v:?}");
}

#[test]
fn sharded_counter_is_proved() {
    assert_proved(verify("shared_counter", "sharded"));
}

fn assert_proved(v: threadlab_results::loom::LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}

#[test]
fn racy_ptr_counter_data_race_is_a_causality_violation_under_loom() {
    let v = verify("shared_counter", "racy_ptr");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the data race: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(
        violation.contains("Causality violation"),
        "expected loom to report a causality violation on the UnsafeCell, got: {violation}"
    );
}
