//! The seeds file: `<results>/seeds.json`, every program of the seed tutorials side by
//! side with the threadlab run that reproduces it (`threadlab seeds`).
//!
//! One row per seed program: what the Python program shows, the threadlab command, and
//! what each side observed when run now (the Rust strategy in-process, the program
//! re-enacted by `scripts/seeds.py`), whether their outcomes match, and why not where they
//! cannot. A side that did not run says so and why: the file never holds a number that no
//! run produced.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

use crate::Provenance;
use crate::machine::Machine;

/// `<results>/seeds.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeedsFile {
    pub machine: Machine,
    /// The seeds' sleeps were multiplied by this (1.0 = the seeds' own seconds).
    pub time_scale: f64,
    /// The interpreter's version when Python ran; `None` when it did not.
    pub python_version: Option<String>,
    pub rows: Vec<SeedRowResult>,
    pub provenance: Option<Provenance>,
}

/// One seed program and both runs of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeedRowResult {
    /// `000`..`004`.
    pub seed: String,
    /// The example within the seed: its number, or a word for a program seed 003
    /// describes in prose (`timer`, `ways`, `poll`).
    pub example: String,
    /// The program in a few words.
    pub title: String,
    /// What the Python program shows, in words and numbers.
    pub shows: String,
    /// The threadlab command that reproduces it.
    pub command: String,
    /// Where threadlab's program differs from the seed's, said precisely; empty if nowhere.
    pub differs: String,
    /// Where the seed's own words are wrong or dated, one sentence each, with what the
    /// Python run measured about it where it could.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seed_errors: Vec<String>,
    pub rust: SideRun,
    pub python: SideRun,
    pub verdict: Match,
    /// Both sides' times, where comparing them means something; otherwise why not.
    pub times: Times,
    /// The code the Rust side ran (its strategy's `source_hash`).
    pub provenance: Option<Provenance>,
}

/// What one side observed, or why it has nothing.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SideRun {
    Ran {
        /// What it showed, in words and numbers.
        observed: String,
        /// Whether it showed the behaviour the row is about (for Rust: the scenario's
        /// invariant held; for Python: the program's own check of what the seed shows).
        holds: bool,
        /// The compared values, by the Rust outcome's names.
        values: serde_json::Map<String, serde_json::Value>,
        /// Its timed region in seconds; `None` where it did not time one.
        seconds: Option<f64>,
    },
    NotRun {
        reason: String,
    },
    Failed {
        reason: String,
    },
}

impl SideRun {
    /// One word: `ran`, `not run`, `failed`.
    pub fn word(&self) -> &'static str {
        match self {
            SideRun::Ran { .. } => "ran",
            SideRun::NotRun { .. } => "not run",
            SideRun::Failed { .. } => "failed",
        }
    }

    pub fn seconds(&self) -> Option<f64> {
        match self {
            SideRun::Ran { seconds, .. } => *seconds,
            _ => None,
        }
    }
}

/// Whether both sides showed the same outcome.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Match {
    /// Both held, and every compared value is equal (listed).
    Same { compared: Vec<String> },
    /// They ran and disagree: on what.
    Differs { reason: String },
    /// One side did not run (or failed): why.
    NotCompared { reason: String },
}

impl Match {
    /// `same outcome`, `DIFFERS`, `not compared`.
    pub fn word(&self) -> &'static str {
        match self {
            Match::Same { .. } => "same outcome",
            Match::Differs { .. } => "DIFFERS",
            Match::NotCompared { .. } => "not compared",
        }
    }
}

/// Whether the two sides' times are set side by side.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Times {
    /// Both timed the same work: Python's time over Rust's, the median over `runs` runs of
    /// each side (run i of one side over run i of the other), and the smallest and largest
    /// of those ratios (`None` for one run).
    Compared {
        python_over_rust: f64,
        /// 1 in a file written before the runs were counted: those came from one run each.
        #[serde(default = "one_run")]
        runs: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        spread: Option<[f64; 2]>,
    },
    /// Not compared, and why (the program mostly sleeps, a side did not run, ...).
    NotCompared { reason: String },
}

fn one_run() -> usize {
    1
}

impl crate::Format for SeedsFile {
    const NAME: &'static str = "seeds";
    const VERSION: u32 = 1;
}

impl ResultFile for SeedsFile {
    const PLACE: Place = Place::File("seeds.json");
    fn relative_path(&self) -> PathBuf {
        PathBuf::from("seeds.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeds_file_survives_a_write_and_read_and_a_missing_one_is_none() {
        let root = std::env::temp_dir().join(format!("threadlab-seeds-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(SeedsFile::read_under(&root), Ok(None));
        let row = SeedRowResult {
            seed: "001".into(),
            example: "5".into(),
            title: "Semaphore(3)".into(),
            shows: "at most 3 inside".into(),
            command: "threadlab run semaphore".into(),
            differs: String::new(),
            seed_errors: Vec::new(),
            rust: SideRun::Ran {
                observed: "max_inside=3".into(),
                holds: true,
                values: serde_json::Map::new(),
                seconds: Some(0.001),
            },
            python: SideRun::NotRun { reason: "python3 is not on the PATH".into() },
            verdict: Match::NotCompared { reason: "Python did not run".into() },
            times: Times::NotCompared { reason: "mostly sleeps".into() },
            provenance: None,
        };
        let file = SeedsFile {
            machine: crate::machine::example(),
            time_scale: 0.05,
            python_version: None,
            rows: vec![row],
            provenance: None,
        };
        let path = file.write_under(&root).unwrap();
        assert!(path.ends_with("seeds.json"));
        assert_eq!(SeedsFile::read_under(&root), Ok(Some(file.clone())));
        // A row written before `seed_errors` existed reads with none; one with some keeps them.
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("seed_errors"), "an empty list is not written");
        let mut erring = file.clone();
        erring.rows[0].seed_errors = vec!["the seed says X; Y happens".into()];
        erring.write_under(&root).unwrap();
        assert_eq!(SeedsFile::read_under(&root), Ok(Some(erring)));
        // A ratio written before the runs were counted reads as one run, with no spread.
        let old: Times =
            serde_json::from_str(r#"{"status":"compared","python_over_rust":4.8}"#).unwrap();
        assert_eq!(old, Times::Compared { python_over_rust: 4.8, runs: 1, spread: None });
        std::fs::write(&path, "{\"machine\":").unwrap();
        assert!(SeedsFile::read_under(&root).unwrap_err().contains("seeds.json"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
