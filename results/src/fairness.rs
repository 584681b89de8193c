//! The fairness file: `<results>/fairness/<scenario>.json`, how evenly the workers shared
//! the work in a timed run beside each benchmark.
//!
//! criterion times a fixed amount of work, so it cannot tell whether one thread did most
//! of it; the benches record each worker's operation count here, and the report shows the
//! spread, so an unfair lock that looks fast looks unfair too.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

/// One strategy at one thread count: each worker's operations in a timed run.
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
    /// Where this result came from (`None` in files written before provenance existed:
    /// the report calls those "unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
    /// The outside CPU share during the timed run; `None` in files from before noise was
    /// measured ("noise unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<crate::noise::Noise>,
}

impl FairnessEntry {
    /// The entry for per-worker `counts` of a run of `duration`, with its statistics.
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
            provenance: None,
            noise: None,
        }
    }

    /// Standard deviation relative to the mean (0 = perfectly even).
    pub fn relative_spread(&self) -> f64 {
        if self.mean > 0.0 { self.std_dev / self.mean } else { 0.0 }
    }
}

/// `<results>/fairness/<scenario>.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FairnessFile {
    pub scenario: String,
    pub entries: Vec<FairnessEntry>,
}

impl crate::Format for FairnessFile {
    const NAME: &'static str = "fairness";
    const VERSION: u32 = 1;
}

impl ResultFile for FairnessFile {
    const PLACE: Place = Place::Folders(&["fairness"]);
    fn relative_path(&self) -> PathBuf {
        Path::new("fairness").join(format!("{}.json", self.scenario))
    }
}

impl FairnessFile {
    /// Keep `previous`'s entries for the strategies this run did not measure: a filtered
    /// bench run replaces only what it measured.
    pub fn merge_previous(&mut self, previous: FairnessFile) {
        let measured: Vec<String> = self.entries.iter().map(|e| e.strategy.clone()).collect();
        let kept = previous.entries.into_iter().filter(|e| !measured.contains(&e.strategy));
        self.entries.extend(kept);
    }
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
    fn a_fairness_file_survives_a_write_and_read() {
        let root = std::env::temp_dir().join(format!("threadlab-fair-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let entry = FairnessEntry::from_counts("mutex", 2, Duration::from_millis(200), vec![3, 5]);
        let file = FairnessFile { scenario: "shared_counter".into(), entries: vec![entry] };
        let path = file.write_under(&root).unwrap();
        assert!(path.ends_with("fairness/shared_counter.json"));
        let loaded = FairnessFile::load_under(&root);
        assert_eq!((loaded.items, loaded.warnings.len()), (vec![file], 0));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_filtered_run_replaces_only_the_strategies_it_measured() {
        let entry = |strategy, threads| {
            FairnessEntry::from_counts(strategy, threads, Duration::from_millis(1), vec![1, 1])
        };
        let stored = FairnessFile {
            scenario: "s".into(),
            entries: vec![entry("mutex", 2), entry("mutex", 4), entry("spin", 2)],
        };
        let mut this_run = FairnessFile { scenario: "s".into(), entries: vec![entry("spin", 4)] };
        this_run.merge_previous(stored);
        let kept: Vec<_> =
            this_run.entries.iter().map(|e| (e.strategy.as_str(), e.threads)).collect();
        assert_eq!(kept, [("spin", 4), ("mutex", 2), ("mutex", 4)]);
    }
}
