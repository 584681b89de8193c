//! Loom checks about pattern 4, the semaphore, as a whole (each strategy's own verdict is in
//! `verdicts.rs`). Built only with `--cfg loom`.
#![cfg(loom)]

use loom_tests::check::reachable_outcomes;
use scenarios::LoomModel;

/// The lesson is K + 1 inside at once: at loom's size (K + 1 workers or more), the most
/// workers a broken semaphore lets in together is exactly K + 1.
#[test]
fn a_broken_semaphore_overshoots_k_by_exactly_one() {
    let scenario = scenarios::scenario("semaphore").unwrap();
    let params = scenario.loom.params;
    assert!(params.threads > params.limit, "loom's size leaves no room for K + 1");
    let mut checked = 0;
    for strategy in scenario.strategies.iter().filter(|s| s.expectation.is_broken()) {
        if matches!(strategy.loom, LoomModel::NotModelled(_)) {
            continue;
        }
        let (outcomes, executions) = reachable_outcomes(scenario, strategy, params);
        let most = outcomes.iter().filter_map(|o| o.get("max_inside")).max();
        let k = params.limit as u64;
        assert_eq!(most, Some(k + 1), "{}: {executions} executions", strategy.name);
        checked += 1;
    }
    assert!(checked >= 1, "no broken semaphore was checked");
}
