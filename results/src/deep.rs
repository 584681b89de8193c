//! Verdict files of the tiers beyond loom: Miri, ThreadSanitizer and shuttle.
//!
//! `threadlab-deep` (the `deep-tests` crate, run by `scripts/verify-deep.sh`) writes one
//! [`DeepVerdict`] per (tier, scenario, strategy) under `target/threadlab/<tier>/`; the
//! report reads them back. The format lives here, next to loom's.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

/// A tier that runs the strategies' real code (loom runs models of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// `cargo +nightly miri test`: an interpreter that reports undefined behaviour (data
    /// races included) and explores thread schedules chosen by a seeded random scheduler.
    Miri,
    /// ThreadSanitizer (`-Zsanitizer=thread`, std rebuilt): reports data races on
    /// non-atomic memory in the native run. Silent, by design, on atomic lost updates.
    Tsan,
    /// shuttle 0.9: random and PCT schedules at thread counts loom cannot reach.
    Shuttle,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Miri, Tier::Tsan, Tier::Shuttle];

    /// Directory name under the results root, and the command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Miri => "miri",
            Tier::Tsan => "tsan",
            Tier::Shuttle => "shuttle",
        }
    }

    pub fn from_name(name: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What a tier concluded about one strategy, judged against its expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeepStatus {
    /// A Correct strategy: the tool reported nothing and every run satisfied the invariant.
    Clean,
    /// A Broken strategy: the tool reported the bug, or a run under it broke the invariant.
    Caught,
    /// A Broken strategy the tier did not catch. Expected for some pairs (ThreadSanitizer
    /// cannot see a lost update made of atomics); `note` says why. Never proof of anything.
    Missed,
    /// The tier cannot run this strategy meaningfully (`note` says why).
    NotApplicable,
    /// A Correct strategy that the tool flagged or whose run broke the invariant.
    UnexpectedFinding,
    /// The tier could not complete (build failure, crash of the tool, timeout): no verdict.
    Error,
}

impl DeepStatus {
    /// Whether this is what the expectation asks for. `Missed` is tolerated per tier (the
    /// suite demands that every Broken strategy is caught by at least one tier).
    pub fn acceptable(self) -> bool {
        matches!(
            self,
            DeepStatus::Clean | DeepStatus::Caught | DeepStatus::Missed | DeepStatus::NotApplicable
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeepVerdict {
    pub tier: Tier,
    pub scenario: String,
    pub strategy: String,
    /// `correct`, or `broken: <the bug>`.
    pub expectation: String,
    pub status: DeepStatus,
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
    /// Independent runs: Miri seeds, ThreadSanitizer processes, shuttle executions.
    pub runs: u64,
    /// Runs that reported a finding (undefined behaviour, a race, a broken invariant).
    pub failing_runs: u64,
    /// What was found, e.g. `data race`, `invariant violated`, `deadlock`.
    pub finding: Option<String>,
    /// The findings classified into the catalogue's kinds (a finding no kind fits is not
    /// listed; the status then reads unexpected-finding). Empty in files written before
    /// the tiers classified.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<crate::ViolationKind>,
    /// The first finding's message, trimmed.
    pub detail: Option<String>,
    /// Caveats a reader needs (e.g. why a tier is blind to this bug).
    pub note: Option<String>,
    /// The tool's flags (MIRIFLAGS, RUSTFLAGS, scheduler settings).
    pub flags: String,
    /// A command that reproduces this verdict.
    pub command: String,
    /// shuttle: the saved failing schedule, replayable with the command in `command`.
    pub schedule_file: Option<String>,
    pub seconds: f64,
    /// `rustc +nightly -V`, or the shuttle version.
    pub tool_version: String,
    /// When the verdict was recorded (seconds since the Unix epoch), so a reader can tell a
    /// fresh verdict from one left by an older run.
    pub recorded_at: u64,
    /// Where this result came from (`None` in files written before provenance existed:
    /// the report calls those "unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

impl DeepVerdict {
    pub fn file_name(scenario: &str, strategy: &str) -> String {
        format!("{scenario}.{strategy}.json")
    }
}

impl crate::Format for DeepVerdict {
    const NAME: &'static str = "deep verdict";
    const VERSION: u32 = 1;
}

impl ResultFile for DeepVerdict {
    const PLACE: Place = Place::Folders(&["miri", "tsan", "shuttle"]);
    fn relative_path(&self) -> PathBuf {
        Path::new(self.tier.name()).join(Self::file_name(&self.scenario, &self.strategy))
    }
}

/// The verdict of `tier` for one strategy, if that tier ran it.
pub fn find<'a>(
    loaded: &'a crate::Loaded<DeepVerdict>,
    tier: Tier,
    scenario: &str,
    strategy: &str,
) -> Option<&'a DeepVerdict> {
    loaded.items.iter().find(|v| v.tier == tier && v.scenario == scenario && v.strategy == strategy)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Miri verdict on `s/t`, for the tests.
    fn sample() -> DeepVerdict {
        DeepVerdict {
            tier: Tier::Miri,
            scenario: "s".into(),
            strategy: "t".into(),
            expectation: "broken: x".into(),
            status: DeepStatus::Caught,
            threads: 2,
            ops: 2,
            limit: 0,
            runs: 64,
            failing_runs: 9,
            finding: Some("data race".into()),
            kinds: Vec::new(),
            detail: Some("Data race detected".into()),
            note: None,
            flags: "-Zmiri-many-seeds=0..64".into(),
            command: "cargo +nightly miri test".into(),
            schedule_file: None,
            seconds: 1.5,
            tool_version: "rustc nightly".into(),
            recorded_at: 1_700_000_000,
            provenance: None,
        }
    }

    #[test]
    fn a_deep_verdict_survives_a_write_and_read() {
        let root = std::env::temp_dir().join(format!("threadlab-deep-{}", std::process::id()));
        let verdict = sample();
        let path = verdict.write_under(&root).unwrap();
        assert!(path.starts_with(root.join("miri")));
        let back: DeepVerdict =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, verdict);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn tiers_round_trip_through_their_names() {
        for tier in Tier::ALL {
            assert_eq!(Tier::from_name(tier.name()), Some(tier));
        }
        assert_eq!(Tier::from_name("loom"), None);
    }

    #[test]
    fn only_findings_on_correct_code_and_errors_are_unacceptable() {
        assert!(DeepStatus::Clean.acceptable());
        assert!(DeepStatus::Caught.acceptable());
        assert!(DeepStatus::Missed.acceptable());
        assert!(!DeepStatus::UnexpectedFinding.acceptable());
        assert!(!DeepStatus::Error.acceptable());
    }

    #[test]
    fn deep_verdicts_load_per_tier_and_corrupt_files_are_named() {
        let root = std::env::temp_dir().join(format!("threadlab-deep-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mut verdict = sample();
        verdict.write_under(&root).unwrap();
        verdict.tier = Tier::Shuttle;
        verdict.write_under(&root).unwrap();
        std::fs::create_dir_all(root.join("tsan")).unwrap();
        std::fs::write(root.join("tsan").join("s.spin.json"), "{\"tier\": ").unwrap();
        let loaded = DeepVerdict::load_under(&root);
        assert_eq!(loaded.items.len(), 2);
        assert!(find(&loaded, Tier::Shuttle, "s", "t").is_some());
        assert!(find(&loaded, Tier::Tsan, "s", "t").is_none());
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("s.spin.json"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
