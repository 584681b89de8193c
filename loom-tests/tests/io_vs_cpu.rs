//! loom verdicts for pattern 7, waiting vs computing work. Built only with `--cfg loom`.
//!
//! No strategy shares state (each task returns its value through a join handle or rayon's
//! collect), so there is nothing to model: every verdict must be "not modelled" and say
//! "not applicable". The correctness of the results is checked on every real run instead.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::{LoomVerdict, Verdict};

fn assert_not_applicable(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::NotModelled, "{v:?}");
    assert!(v.model.contains("not applicable: no shared state"), "{v:?}");
}

#[test]
fn wait_sequential_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "wait_sequential"));
}

#[test]
fn wait_thread_per_task_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "wait_thread_per_task"));
}

#[test]
fn wait_pool_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "wait_pool"));
}

#[test]
fn wait_rayon_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "wait_rayon"));
}

#[test]
fn cpu_sequential_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "cpu_sequential"));
}

#[test]
fn cpu_thread_per_task_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "cpu_thread_per_task"));
}

#[test]
fn cpu_pool_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "cpu_pool"));
}

#[test]
fn cpu_rayon_has_nothing_to_model() {
    assert_not_applicable(verify("io_vs_cpu", "cpu_rayon"));
}
