//! loom's look at an uncancelled timer: the scenario's loom configuration is one timer that
//! main always cancels, so a `join` that returned before the action had run was never
//! looked at there. Here each modelled timer strategy starts one timer, nobody cancels it,
//! and main joins it (the bench probe `lateness`, which panics if the action has not run by
//! then): main + the timer thread + (for timed waits) the modelled clock, under the
//! strategy's preemption bound. loom has no clock: the sleep ends, or the clock says time
//! is up, at any point loom chooses. Built only with `--cfg loom`.
#![cfg(loom)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use scenarios::LoomModel;

#[test]
fn an_uncancelled_timer_has_run_when_join_returns_in_every_execution() {
    let scenario = scenarios::scenario("timer").unwrap();
    let mut modelled = 0;
    for strategy in scenario.strategies {
        if matches!(strategy.loom, LoomModel::NotModelled(_) | LoomModel::BeyondSearch(_)) {
            continue;
        }
        let probe = strategy.timer_probes.unwrap_or_else(|| panic!("{}: no probes", strategy.name));
        let lateness = probe.lateness;
        let executions = Arc::new(AtomicU64::new(0));
        let counter = executions.clone();
        let start = Instant::now();
        let bound = loom_tests::proof_depth_check::bound(scenario, strategy);
        loom_tests::search::builder(bound).check(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            lateness(Duration::from_millis(10));
        });
        eprintln!(
            "{}: {} executions, {:.1} s (preemption bound {bound:?})",
            strategy.name,
            executions.load(Ordering::Relaxed),
            start.elapsed().as_secs_f64()
        );
        modelled += 1;
    }
    assert!(modelled >= 4, "only {modelled} timers were modelled");
}
