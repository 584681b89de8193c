//! Fairness: how evenly the workers shared the work, measured beside each benchmark.
//!
//! criterion times a fixed amount of work, so it cannot tell whether one thread did most of
//! it. After each benchmark of a strategy that supports it (`Strategy::run_for`), the bench
//! runs the same strategy for a fixed time and records each worker's operation count. An
//! unfair lock that looks fast must look unfair too.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use scenarios::{Params, Scenario, Strategy};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FairnessEntry {
    pub strategy: String,
    pub threads: usize,
    pub millis: u64,
    /// Operations completed by each worker, in worker order.
    pub counts: Vec<u64>,
    pub min: u64,
    pub max: u64,
    pub mean: f64,
    /// Population standard deviation of `counts`.
    pub std_dev: f64,
}

impl FairnessEntry {
    pub fn from_counts(
        strategy: &str,
        threads: usize,
        duration: Duration,
        counts: Vec<u64>,
    ) -> Self {
        let n = counts.len().max(1) as f64;
        let mean = counts.iter().sum::<u64>() as f64 / n;
        let variance = counts.iter().map(|&c| (c as f64 - mean).powi(2)).sum::<f64>() / n;
        FairnessEntry {
            strategy: strategy.to_owned(),
            threads,
            millis: duration.as_millis() as u64,
            min: counts.iter().copied().min().unwrap_or(0),
            max: counts.iter().copied().max().unwrap_or(0),
            mean,
            std_dev: variance.sqrt(),
            counts,
        }
    }

    /// Standard deviation relative to the mean (0 = perfectly even).
    pub fn relative_spread(&self) -> f64 {
        if self.mean > 0.0 { self.std_dev / self.mean } else { 0.0 }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FairnessFile {
    pub scenario: String,
    pub entries: Vec<FairnessEntry>,
}

pub fn file_path(results_root: &Path, scenario: &str) -> PathBuf {
    results_root.join("fairness").join(format!("{scenario}.json"))
}

/// Run `strategy` for `duration` at `params`, if it supports a timed run.
pub fn measure(strategy: &Strategy, params: &Params, duration: Duration) -> Option<FairnessEntry> {
    let run_for = strategy.run_for?;
    let counts = run_for(params, duration);
    Some(FairnessEntry::from_counts(strategy.name, params.threads, duration, counts))
}

/// Write the fairness file of `scenario` atomically.
pub fn write(
    results_root: &Path,
    scenario: &Scenario,
    entries: Vec<FairnessEntry>,
) -> std::io::Result<PathBuf> {
    let path = file_path(results_root, scenario.name);
    let file = FairnessFile { scenario: scenario.name.to_owned(), entries };
    crate::files::write_atomically(&path, serde_json::to_string_pretty(&file)?.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_statistics_follow_the_counts() {
        let e = FairnessEntry::from_counts("x", 4, Duration::from_millis(10), vec![10, 10, 30, 30]);
        assert_eq!((e.min, e.max), (10, 30));
        assert_eq!(e.mean, 20.0);
        assert_eq!(e.std_dev, 10.0);
        assert_eq!(e.relative_spread(), 0.5);
    }

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
