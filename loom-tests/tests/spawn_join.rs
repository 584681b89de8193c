//! loom verdicts for pattern 1, spawn and join. Built only with `--cfg loom`.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::{LoomVerdict, Verdict};

#[test]
fn detached_tasks_lose_results_under_loom() {
    let v = verify("spawn_join", "detached");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find main reading too early: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(violation.contains("missing"), "expected a missing result, loom reported: {violation}");
}

#[test]
fn closure_results_through_join_are_proved() {
    assert_proved(verify("spawn_join", "closure"));
}

#[test]
fn named_worker_structs_are_proved() {
    assert_proved(verify("spawn_join", "worker"));
}

#[test]
fn scoped_threads_are_not_modelled_and_say_why() {
    assert_not_modelled(verify("spawn_join", "scoped"), "thread::scope");
}

#[test]
fn crossbeam_scoped_threads_are_not_modelled_and_say_why() {
    assert_not_modelled(verify("spawn_join", "crossbeam_scope"), "scoped threads");
}

#[test]
fn rayon_pool_is_not_modelled_and_says_why() {
    assert_not_modelled(verify("spawn_join", "rayon"), "rayon");
}

fn assert_proved(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}

fn assert_not_modelled(v: LoomVerdict, reason: &str) {
    assert_eq!(v.verdict, Verdict::NotModelled, "{v:?}");
    assert!(v.model.contains(reason), "{v:?}");
}
