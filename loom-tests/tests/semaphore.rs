//! loom verdicts for pattern 4, the semaphore. Built only with `--cfg loom`.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::{LoomVerdict, Verdict};

#[test]
fn check_then_act_semaphore_admits_k_plus_one_under_loom() {
    let v = verify("semaphore", "check_then_act");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the over-admission: {v:?}");
    let violation = v.violation.unwrap_or_default();
    let k_plus_one = format!("{} workers were inside at once, K = {}", v.limit + 1, v.limit);
    assert!(violation.contains(&k_plus_one), "expected K+1 inside, loom reported: {violation}");
}

#[test]
fn condvar_semaphore_is_proved() {
    assert_proved(verify("semaphore", "condvar"));
}

#[test]
fn parking_lot_semaphore_algorithm_is_proved_with_a_stand_in() {
    let v = verify("semaphore", "parking_lot");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn token_channel_semaphore_algorithm_is_proved_with_a_stand_in() {
    let v = verify("semaphore", "channel");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn compare_exchange_semaphore_is_proved() {
    assert_proved(verify("semaphore", "atomic"));
}

#[test]
fn rayon_pool_of_k_is_not_modelled_and_says_why() {
    let v = verify("semaphore", "rayon");
    assert_eq!(v.verdict, Verdict::NotModelled);
    assert!(v.model.contains("rayon"), "{v:?}");
}

fn assert_proved(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}
