//! loom reaches each pool's `Drop`: the catalogue's driver always calls `shutdown` first, so
//! these runs end the seeds' program by dropping the pool instead
//! (`scenarios::thread_pool::DROPPED_WITHOUT_SHUTDOWN`), at the scenario's loom size and
//! bound, and judge every outcome loom reaches with the scenario's one check. Built only
//! with `--cfg loom`.
#![cfg(loom)]

use std::time::Instant;

use scenarios::thread_pool::DROPPED_WITHOUT_SHUTDOWN;
use scenarios::{Check, LoomModel};

#[test]
fn every_modelled_pool_dropped_without_shutdown_is_judged_by_the_pool_check() {
    let scenario = scenarios::scenario("thread_pool").unwrap();
    let params = scenario.loom.params;
    let mut modelled = 0;
    for strategy in DROPPED_WITHOUT_SHUTDOWN {
        if matches!(strategy.loom, LoomModel::NotModelled(_)) {
            continue;
        }
        let start = Instant::now();
        let (outcomes, executions) =
            loom_tests::check::reachable_outcomes(scenario, strategy, params);
        let checks: Vec<Check> = outcomes.iter().map(|o| (scenario.check)(&params, o)).collect();
        let name = strategy.name;
        eprintln!(
            "{name}: {executions} executions, {} outcomes, {:.1} s",
            outcomes.len(),
            start.elapsed().as_secs_f64()
        );
        match strategy.expectation.violation_kind() {
            None => {
                for (check, outcome) in checks.iter().zip(&outcomes) {
                    assert_eq!(*check, Check::Holds, "{name}: [{outcome}]");
                }
            }
            Some(kind) => assert!(
                checks.iter().any(|c| matches!(c, Check::Violated(v) if v.kind == kind)),
                "{name}: no outcome shows its {kind:?} in {executions} executions"
            ),
        }
        modelled += 1;
    }
    assert!(modelled >= 3, "only {modelled} pools were modelled");
}
