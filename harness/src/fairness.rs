//! Fairness: how evenly the workers shared the work, measured beside each benchmark.
//!
//! criterion times a fixed amount of work, so it cannot tell whether one thread did most of
//! it. After each benchmark of a strategy that supports it (`Strategy::run_for`), the bench
//! runs the same strategy for a fixed time and records each worker's operation count (the
//! file format: `threadlab_results::fairness`). An unfair lock that looks fast must look
//! unfair too.

use std::time::Duration;

use scenarios::{Params, Strategy};
use threadlab_results::fairness::FairnessEntry;

/// Run `strategy` for `duration` at `params`, if it supports a timed run.
pub fn measure(strategy: &Strategy, params: &Params, duration: Duration) -> Option<FairnessEntry> {
    let run_for = strategy.run_for?;
    let counts = run_for(params, duration);
    Some(FairnessEntry::from_counts(strategy.name, params.threads, duration, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timed_counter_run_reports_one_count_per_worker() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let params = Params { threads: 2, ops: 1, limit: 0 };
        let entry =
            measure(scenario.strategy("atomic").unwrap(), &params, Duration::from_millis(20))
                .unwrap();
        assert_eq!(entry.counts.len(), 2);
        assert!(entry.counts.iter().sum::<u64>() > 0);
    }
}
