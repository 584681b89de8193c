//! The proof-depth ladders against loom itself: every size of every ladder can be searched
//! (its first executions run) by every strategy that climbs it. A size that spawns more
//! threads than loom models aborts this test's process, which fails it; in the main job
//! the same abort would end the whole proof-depth step. Built only with `--cfg loom`.
#![cfg(loom)]

use std::time::Duration;

use loom_tests::proof_depth::climbs;
use loom_tests::proof_depth_check::{check_size, quiet_budget_panics};
use threadlab_results::proof_depth::SizeStatus;

#[test]
fn every_ladder_size_runs_under_loom_for_every_strategy_that_climbs_it() {
    quiet_budget_panics();
    let all = climbs("");
    assert!(all.len() > 10, "only {} strategies climb", all.len());
    for climb in &all {
        for &params in &climb.ladder {
            // Named first: a size past loom's thread limit aborts before any assertion.
            eprintln!("searching {} at {}x{}", climb.name(), params.threads, params.ops);
            // Enough for the first executions, not for a proof: the limits show at once.
            let size = check_size(climb.scenario, climb.strategy, params, Duration::from_millis(5));
            assert!(size.executions >= 1, "{} {}: nothing ran", climb.name(), size.label());
            assert!(
                matches!(size.status, SizeStatus::Proved | SizeStatus::NotFinished),
                "{} {}: {:?} {:?}",
                climb.name(),
                size.label(),
                size.status,
                size.message
            );
        }
    }
}
