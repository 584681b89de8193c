//! The stress result file: `<results>/stress/<scenario>.json`, one per scenario.
//!
//! `threadlab stress` writes it and the report reads it. A file holds the machine, then one
//! [`StrategyResult`] per strategy with its own configuration and counts; a run of one
//! strategy replaces that strategy's entry and keeps the others. Results from another kind
//! of machine (CPU model or core count, so also another affinity) are never mixed in: they
//! are kept beside, in `stress/other-machines/` ([`StressFile::set_aside_path`]).
//! Oversubscribed runs go to their own file, `<scenario>.oversubscribed.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

use crate::machine::Machine;
use crate::violation::ViolationKind;

mod verdict;

/// jcstress's three grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Grade {
    /// The invariant holds and nothing more is to be said.
    Acceptable,
    /// The invariant holds, but the scenario flags the outcome as worth a look (a rare order).
    AcceptableInteresting,
    /// The invariant is violated (or the trial hung or crashed).
    Forbidden,
}

impl Grade {
    /// The grade as jcstress prints it.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Acceptable => "ACCEPTABLE",
            Grade::AcceptableInteresting => "ACCEPTABLE_INTERESTING",
            Grade::Forbidden => "FORBIDDEN",
        }
    }
}

/// Where an outcome came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The strategy returned this outcome.
    Observed,
    /// The watchdog's outcome: a trial did not finish before the deadline.
    Hung,
    /// The worker process died during a trial (a panic in the strategy, say).
    Crashed,
}

/// One row of the histogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeCount {
    /// How the table prints the outcome: `total=9`, `hung` or `crashed`.
    pub result: String,
    pub kind: OutcomeKind,
    /// The outcome's named counts (empty for `hung` and `crashed`).
    pub counts: BTreeMap<String, u64>,
    pub order: Option<String>,
    pub grade: Grade,
    /// The scenario's own words: the violation, the reason it is interesting, or
    /// `invariant holds`; for `hung`/`crashed`, what the watchdog saw.
    pub description: String,
    pub samples: u64,
    /// The kind of a FORBIDDEN outcome: the check's kind for an observed one,
    /// `deadlock-or-hang` for `hung`; `None` for acceptable outcomes and for `crashed`
    /// (a crash is no violation of the invariant, and never counts as the lesson's bug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<ViolationKind>,
}

impl OutcomeCount {
    /// Table order: observed outcomes by their counts (numerically), then hung, then crashed.
    pub fn sort_key(&self) -> (OutcomeKind, Vec<(&str, u64)>, Option<&str>) {
        (
            self.kind,
            self.counts.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
            self.order.as_deref(),
        )
    }
}

pub use verdict::StrategyVerdict;

/// The parameters of one trial: threads, operations per thread, the scenario's bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamsRecord {
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
}

/// How a strategy was sampled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StressSettings {
    /// The parameters of one trial, after clamping.
    pub params: ParamsRecord,
    /// The thread count asked for (the scenario's stress parameters or `--threads`).
    pub requested_threads: usize,
    /// Cores available to the run.
    pub cores: usize,
    /// `threads` was lowered to `cores` because more busy actors than cores would measure
    /// the scheduler, not the strategy.
    pub clamped: bool,
    /// More threads than cores, on request (`--oversubscribe`): a separate configuration.
    pub oversubscribed: bool,
    /// The budget per strategy: wall-clock seconds, or a number of samples.
    pub seconds: Option<f64>,
    pub samples: Option<u64>,
    /// A trial (one batch) that takes longer than this is recorded as hung.
    pub deadline_ms: u64,
    /// Batches grow (doubling) towards `target_batch_ms` per batch, up to `max_batch`.
    pub max_batch: usize,
    pub target_batch_ms: u64,
    /// `run_batch` (fresh instances, one set of threads per batch) or `repeated run`.
    pub sampling: String,
}

/// One strategy's histogram and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyResult {
    pub strategy: String,
    /// `correct`, or `broken: <the bug>`.
    pub expectation: String,
    pub settings: StressSettings,
    /// Every sample, including those of hung or crashed trials.
    pub samples: u64,
    /// Trials (batches) run, including hung and crashed ones.
    pub batches: u64,
    pub hung_batches: u64,
    pub crashed_batches: u64,
    /// Worker processes started (one, plus one after each hang or crash).
    pub workers_started: u64,
    pub largest_batch: usize,
    pub seconds: f64,
    /// Samples graded FORBIDDEN.
    pub forbidden: u64,
    pub verdict: StrategyVerdict,
    /// Seconds since the Unix epoch when this strategy's run ended.
    pub finished_unix: u64,
    /// The machine's 1, 5 and 15 minute load averages when this strategy's run ended (the
    /// file's machine description has them at the start).
    pub load_average_end: Option<[f64; 3]>,
    pub outcomes: Vec<OutcomeCount>,
    /// The outside CPU share while this strategy was stressed (stress has no timed samples,
    /// so no spread); `None` in files from before noise was measured ("noise unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<crate::noise::Noise>,
    /// Where this result came from (`None` in files written before provenance existed:
    /// the report calls those "unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

/// `<results>/stress/<scenario>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StressFile {
    pub scenario: String,
    pub title: String,
    pub invariant: String,
    pub machine: Machine,
    pub strategies: Vec<StrategyResult>,
}

impl crate::Format for StressFile {
    const NAME: &'static str = "stress result";
    const VERSION: u32 = 1;
}

impl ResultFile for StressFile {
    const PLACE: Place = Place::Folders(&["stress"]);
    fn relative_path(&self) -> PathBuf {
        let oversubscribed = self.strategies.iter().any(|s| s.settings.oversubscribed);
        Self::relative(&self.scenario, oversubscribed)
    }
}

impl StressFile {
    /// `stress/<scenario>.json`, or `stress/<scenario>.oversubscribed.json`.
    pub fn relative(scenario: &str, oversubscribed: bool) -> PathBuf {
        let over = if oversubscribed { ".oversubscribed" } else { "" };
        Path::new("stress").join(format!("{scenario}{over}.json"))
    }

    /// Where the results of another machine kind, set aside from this file, are kept:
    /// `stress/other-machines/<this file's name without .json>.<machine>.json`.
    pub fn set_aside_path(&self, root: &Path) -> PathBuf {
        let path = self.relative_path();
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        root.join("stress/other-machines").join(format!("{stem}.{}.json", self.machine.label()))
    }

    /// Keep `previous`'s results for strategies this run did not cover; this run's results
    /// come first, in the order given. `previous` from another kind of machine is not
    /// mixed in: it is handed back, for the caller to keep beside.
    pub fn merge_previous(&mut self, previous: StressFile) -> Option<StressFile> {
        // A run with no sample says nothing: the stored entry stays.
        self.strategies.retain(|s| s.verdict != StrategyVerdict::Inconclusive);
        if !previous.machine.same_kind_as(&self.machine) {
            return Some(previous);
        }
        for old in previous.strategies {
            if !self.strategies.iter().any(|s| s.strategy == old.strategy) {
                self.strategies.push(old);
            }
        }
        None
    }

    /// Keep only the strategies named in `order` (the catalogue's), in that order: nothing
    /// is left over from a strategy that no longer exists.
    pub fn keep_in_order(&mut self, order: &[&str]) {
        let index = |name: &str| order.iter().position(|&n| n == name);
        self.strategies.retain(|s| index(&s.strategy).is_some());
        self.strategies.sort_by_key(|s| index(&s.strategy));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(strategy: &str, samples: u64) -> StrategyResult {
        StrategyResult {
            strategy: strategy.to_owned(),
            expectation: "correct".to_owned(),
            settings: StressSettings {
                params: ParamsRecord { threads: 2, ops: 5, limit: 0 },
                requested_threads: 2,
                cores: 2,
                clamped: false,
                oversubscribed: false,
                seconds: Some(1.0),
                samples: None,
                deadline_ms: 2000,
                max_batch: 256,
                target_batch_ms: 10,
                sampling: "run_batch".to_owned(),
            },
            samples,
            batches: 1,
            hung_batches: 0,
            crashed_batches: 0,
            workers_started: 1,
            largest_batch: samples as usize,
            seconds: 1.0,
            forbidden: 0,
            verdict: StrategyVerdict::Clean,
            finished_unix: 0,
            load_average_end: None,
            noise: None,
            provenance: None,
            outcomes: vec![OutcomeCount {
                result: "total=10".to_owned(),
                kind: OutcomeKind::Observed,
                counts: [("total".to_owned(), 10)].into(),
                order: None,
                grade: Grade::Acceptable,
                description: "invariant holds".to_owned(),
                samples,
                violation: None,
            }],
        }
    }

    #[test]
    fn a_result_keeps_its_noise_and_an_older_one_reads_noise_unknown() {
        let mut noisy = result("atomic", 10);
        noisy.noise = Some(crate::noise::Noise::judge(Some(0.5), None, 1.0));
        let text = serde_json::to_string(&noisy).unwrap();
        let back: StrategyResult = serde_json::from_str(&text).unwrap();
        assert!(back.noise.as_ref().is_some_and(|n| n.noisy && n.reasons.len() == 1));
        let mut old = serde_json::to_value(&noisy).unwrap();
        old.as_object_mut().unwrap().remove("noise");
        let old: StrategyResult = serde_json::from_value(old).unwrap();
        assert_eq!(crate::noise::Noise::describe(old.noise.as_ref()), "noise unknown");
    }

    fn file(strategies: Vec<StrategyResult>) -> StressFile {
        StressFile {
            scenario: "shared_counter".to_owned(),
            title: "t".to_owned(),
            invariant: "i".to_owned(),
            machine: crate::machine::example(),
            strategies,
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("threadlab-{name}-{}", std::process::id()))
    }

    #[test]
    fn a_stress_file_survives_a_write_and_read() {
        let dir = temp_dir("stress-file");
        let mut written = file(vec![result("atomic", 7)]);
        let path = written.write_under(&dir).unwrap();
        assert_eq!(path, dir.join("stress/shared_counter.json"));
        assert_eq!(crate::file::read::<StressFile>(&path).unwrap(), written);
        assert!(std::fs::read_to_string(&path).unwrap().ends_with("}\n"));
        written.strategies[0].settings.oversubscribed = true;
        let over = written.write_under(&dir).unwrap();
        assert_eq!(over.file_name().unwrap(), "shared_counter.oversubscribed.json");
        assert_eq!(StressFile::load_under(&dir).items.len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_partial_run_replaces_its_strategies_and_keeps_the_others() {
        let mut new = file(vec![result("atomic", 5)]);
        assert_eq!(new.merge_previous(file(vec![result("atomic", 1), result("spin", 2)])), None);
        let names: Vec<_> =
            new.strategies.iter().map(|s| (s.strategy.as_str(), s.samples)).collect();
        assert_eq!(names, [("atomic", 5), ("spin", 2)]);

        let mut other_machine = file(vec![result("spin", 2)]);
        other_machine.machine.cpu_model = "another CPU".to_owned();
        let mut new = file(vec![result("atomic", 5)]);
        let aside = new.merge_previous(other_machine.clone());
        assert_eq!(new.strategies.len(), 1, "results from another machine are not mixed in");
        assert_eq!(aside, Some(other_machine), "but handed back to be kept");

        let mut empty = result("atomic", 0);
        empty.verdict = StrategyVerdict::Inconclusive;
        let mut new = file(vec![empty]);
        assert_eq!(new.merge_previous(file(vec![result("atomic", 9)])), None);
        let kept: Vec<_> = new.strategies.iter().map(|s| s.samples).collect();
        assert_eq!(kept, [9], "a run without samples replaces nothing");
    }

    #[test]
    fn merged_strategies_follow_the_catalogue_and_retired_ones_go() {
        let mut merged = file(vec![result("spin", 1), result("gone", 2), result("atomic", 3)]);
        merged.keep_in_order(&["atomic", "mutex", "spin"]);
        let names: Vec<_> = merged.strategies.iter().map(|s| s.strategy.as_str()).collect();
        assert_eq!(names, ["atomic", "spin"]);
    }
}
