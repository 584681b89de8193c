//! loom verdicts for pattern 5, the thread pool. Built only with `--cfg loom`.
//! Configuration (the scenario's loom params): 2 workers, map over one input, one submitted
//! task, then shutdown; main + 2 workers = 3 modelled threads.
#![cfg(loom)]

use loom_tests::check::verify;
use threadlab_results::loom::{LoomVerdict, Verdict};

#[test]
fn lossy_shutdown_pool_loses_a_queued_task_under_loom() {
    let v = verify("thread_pool", "lossy_shutdown");
    assert_eq!(v.verdict, Verdict::Refuted, "loom must find the lost task: {v:?}");
    let violation = v.violation.unwrap_or_default();
    assert!(violation.contains("lost work"), "expected lost work, loom reported: {violation}");
}

#[test]
fn spawn_per_task_is_proved() {
    // Each task thread touches only its own result slot and is joined before anyone reads
    // it: no two threads access one object unordered, so loom's partial-order reduction
    // rightly needs a single execution. Proved, but say so rather than demand more.
    let v = verify("thread_pool", "spawn_per_task");
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions >= 1, "{v:?}");
}

#[test]
fn channel_pool_algorithm_is_proved_with_a_stand_in() {
    let v = verify("thread_pool", "channel_pool");
    assert!(v.model.starts_with("stand-in"), "{v:?}");
    assert_proved(v);
}

#[test]
fn mpsc_pool_is_proved() {
    assert_proved(verify("thread_pool", "mpsc_pool"));
}

#[test]
fn rayon_pool_is_not_modelled_and_says_why() {
    let v = verify("thread_pool", "rayon");
    assert_eq!(v.verdict, Verdict::NotModelled);
    assert!(v.model.contains("rayon"), "{v:?}");
}

fn assert_proved(v: LoomVerdict) {
    assert_eq!(v.verdict, Verdict::Proved, "{v:?}");
    assert!(v.executions > 1, "loom explored only {} executions: {v:?}", v.executions);
}
