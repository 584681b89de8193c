//! The loom verdict file: one JSON object per (scenario, strategy).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

use crate::judgement::{Expected, Judgement};
use crate::violation::ViolationKind;

pub mod deadlock;

pub use deadlock::BlockedThread;

/// What loom concluded about one strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A Correct strategy: every explored interleaving satisfied the invariant.
    Proved,
    /// A Broken strategy: loom found an interleaving that violates the invariant, as expected.
    Refuted,
    /// loom cannot check this strategy (the reason is recorded).
    NotModelled,
    /// A Correct strategy that loom refuted: a real bug in the catalogue.
    UnexpectedViolation,
    /// A Broken strategy that loom failed to refute: the lesson no longer demonstrates its bug.
    BugNotFound,
    /// A Broken strategy where loom found a violation of another kind than the lesson's:
    /// a bug, but not the one the strategy exists to teach.
    UnexpectedFinding,
    /// loom gave up on the model (its branch limit): no verdict either way.
    Error,
    /// The process checking the strategy died before loom finished (aborted, killed by a
    /// signal, overflowed its stack, hung past its time limit, or exited without a
    /// verdict): no verdict either way; `violation` says what happened and what loom
    /// reported before.
    Crashed,
}

/// How loom ran a strategy (the catalogue's `LoomModel`, without its reasons; the reason
/// is in [`LoomVerdict::model`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// The strategy's own code under loom's models of std.
    Real,
    /// The strategy's own code, searched with a preemption bound of its own.
    RealBounded,
    /// The algorithm, with loom's std types standing in for a crate loom cannot model.
    StandIn,
    /// loom cannot check it.
    NotModelled,
    /// loom runs it but its search does not end at the scenario's size.
    BeyondSearch,
}

impl ModelKind {
    /// Whether loom explored nothing for it at the scenario's size.
    pub fn explores_nothing(self) -> bool {
        matches!(self, ModelKind::NotModelled | ModelKind::BeyondSearch)
    }
}

impl Verdict {
    /// The verdict in a reader's words, as `explain` prints it.
    pub fn in_words(self) -> &'static str {
        match self {
            Verdict::Proved => "proved",
            Verdict::Refuted => "refuted",
            Verdict::NotModelled => "not modelled (loom does not check this strategy)",
            Verdict::UnexpectedViolation => "unexpected violation (a correct strategy broke)",
            Verdict::BugNotFound => "bug not found (loom did not show the lesson's bug)",
            Verdict::UnexpectedFinding => {
                "unexpected finding (a bug of another kind than the lesson's)"
            }
            Verdict::Error => "error (loom gave up on the model)",
            Verdict::Crashed => "crashed (the check's process died before loom finished)",
        }
    }

    /// loom's word for the [`Judgement`] of what it found in a strategy `expected` to show
    /// something: the judgement decides, the verdict only names it.
    pub fn of(expected: Expected, judgement: &Judgement) -> Verdict {
        let correct = expected == Expected::Correct;
        match judgement {
            Judgement::AsExpected if correct => Verdict::Proved,
            Judgement::AsExpected => Verdict::Refuted,
            Judgement::Unexpected { .. } if correct => Verdict::UnexpectedViolation,
            Judgement::Unexpected { .. } => Verdict::UnexpectedFinding,
            Judgement::Inconclusive => Verdict::BugNotFound,
            Judgement::NotApplicable { .. } => Verdict::NotModelled,
            Judgement::Error { .. } => Verdict::Error,
        }
    }

    /// Whether this verdict is the one the strategy's expectation asks for.
    pub fn as_expected(self) -> bool {
        matches!(self, Verdict::Proved | Verdict::Refuted | Verdict::NotModelled)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoomVerdict {
    pub scenario: String,
    pub strategy: String,
    /// `correct`, or `broken: <the bug loom should find>`.
    pub expectation: String,
    /// The expectation, typed (`None` in files written before it was stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expected>,
    pub verdict: Verdict,
    /// `real`, `stand-in: <what stands in>` or `not modelled: <why>`, for people.
    pub model: String,
    /// How loom ran it, typed: what a program reads (`None` in files written before it
    /// was stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_kind: Option<ModelKind>,
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
    /// `None`: exhaustive exploration.
    pub preemption_bound: Option<usize>,
    /// Executions loom ran (counted by the model closure itself).
    pub executions: u64,
    pub seconds: f64,
    /// For a refutation: what broke, as the invariant check or loom reported it, in words
    /// (loom's own deadlock text is rewritten when the file is written and when it is read).
    #[serde(
        default,
        serialize_with = "deadlock::write_optional",
        deserialize_with = "deadlock::read_optional"
    )]
    pub violation: Option<String>,
    /// For a deadlock: each thread loom found blocked, and where.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<BlockedThread>,
    /// The kind of what broke: the check's own, or loom's deadlock (`deadlock-or-hang`) or
    /// causality violation (`data-race`); `None` where nothing broke or the kind is unknown.
    #[serde(default)]
    pub violation_kind: Option<ViolationKind>,
    pub loom_version: String,
    /// `LOOM_*` variables found in the environment and ignored (`NAME=value`): the runner
    /// sets every search limit itself, so none of them changed this verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_env: Vec<String>,
    /// Where this result came from (`None` in files written before provenance existed:
    /// the report calls those "unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
    /// For a refutation: the smallest counter-example found (configuration, preemptions,
    /// the failing execution's steps); `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_example: Option<CounterExample>,
}

/// The smallest failing execution loom found for a Broken strategy, searched at the
/// smallest configuration and preemption bound that show the bug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterExample {
    /// Threads, ops and limit of the configuration it was found at.
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
    /// The smallest preemption bound at which loom found it (`None`: only the unbounded
    /// search found it).
    pub preemptions: Option<usize>,
    /// Executions explored by the search that found it (at that bound).
    pub executions: u64,
    /// What broke in that execution, in words (as [`LoomVerdict::violation`]).
    #[serde(serialize_with = "deadlock::write", deserialize_with = "deadlock::read")]
    pub violation: String,
    /// For a deadlock: each thread loom found blocked in that execution, and where.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<BlockedThread>,
    /// loom's checkpoint file for this execution, beside the verdict (replay it with
    /// `threadlab explain --replay`).
    pub checkpoint: Option<String>,
    /// The failing execution, step by step.
    pub trace: Vec<TraceStep>,
    /// What else the search learned, e.g. that fewer preemptions break it too, but only
    /// through a stale (weak-memory) read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One operation of one thread in a recorded execution, as the sync facade saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// Position in the execution, from 1.
    pub step: usize,
    /// The thread's name (`main`, `worker 0`, `thread` ...).
    pub thread: String,
    /// The operation: `load`, `store`, `fetch_add`, `lock`, `unlock`, `wait`, `notify_one`,
    /// `spawn`, `join`, `park`, `send`, `recv` ...
    pub op: String,
    /// The object operated on: a short name taken from its declaration (`total`), or the
    /// thread spawned or joined.
    pub object: String,
    /// The value read or written, where there is one (`0`, `0 -> 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The memory ordering of an atomic operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordering: Option<String>,
    /// The source line that performed it (`scenarios/src/shared_counter/unsync.rs:20`).
    pub location: String,
}

impl LoomVerdict {
    pub fn file_name(scenario: &str, strategy: &str) -> String {
        format!("{scenario}.{strategy}.json")
    }

    /// Where the verdict of `scenario/strategy` lives under a results root.
    pub fn relative(scenario: &str, strategy: &str) -> PathBuf {
        Path::new("loom").join(Self::file_name(scenario, strategy))
    }
}

impl crate::Format for LoomVerdict {
    const NAME: &'static str = "loom verdict";
    const VERSION: u32 = 1;
}

impl ResultFile for LoomVerdict {
    const PLACE: Place = Place::Folders(&["loom"]);
    fn relative_path(&self) -> PathBuf {
        Self::relative(&self.scenario, &self.strategy)
    }
}

/// Where the loom suite's verdicts go: `<results root>/loom` (see [`crate::results_root`]);
/// the suite cannot run without one, so a refused root is a panic naming why.
pub fn loom_results_dir() -> PathBuf {
    crate::results_root().unwrap_or_else(|e| panic!("{e}")).join("loom")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_survives_a_write_and_read() {
        let dir = std::env::temp_dir().join(format!("threadlab-verdict-{}", std::process::id()));
        let verdict = LoomVerdict {
            scenario: "s".into(),
            strategy: "t".into(),
            expectation: "correct".into(),
            expected: Some(Expected::Correct),
            verdict: Verdict::Refuted,
            model: "real".into(),
            model_kind: Some(ModelKind::Real),
            threads: 2,
            ops: 2,
            limit: 0,
            preemption_bound: Some(2),
            executions: 42,
            seconds: 0.5,
            violation: Some("lost 1 of 2 updates".into()),
            violation_kind: Some(ViolationKind::LostUpdate),
            blocked: Vec::new(),
            loom_version: "0.7".into(),
            ignored_env: vec!["LOOM_MAX_PERMUTATIONS=5".into()],
            provenance: None,
            counter_example: None,
        };
        let path = verdict.write_under(&dir).unwrap();
        assert_eq!(path, dir.join("loom/s.t.json"));
        assert_eq!(crate::file::read::<LoomVerdict>(&path).unwrap(), verdict);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_the_bad_verdicts_are_unexpected() {
        assert!(Verdict::Proved.as_expected());
        assert!(Verdict::Refuted.as_expected());
        assert!(!Verdict::UnexpectedViolation.as_expected());
        assert!(!Verdict::BugNotFound.as_expected());
        assert!(!Verdict::UnexpectedFinding.as_expected());
        assert!(!Verdict::Crashed.as_expected());
    }

    #[test]
    fn the_verdict_names_the_judgement_of_what_loom_found() {
        use crate::judgement::{Finding, Sight, judge};
        let lost = Expected::Broken(ViolationKind::LostUpdate);
        let found = Finding::violation(ViolationKind::LostUpdate, Sight::Accesses);
        let nothing = Finding::nothing(Sight::Accesses);
        let of = |expected, finding: &Finding| Verdict::of(expected, &judge(expected, finding));
        assert_eq!(of(Expected::Correct, &nothing), Verdict::Proved);
        assert_eq!(of(lost, &found), Verdict::Refuted);
        assert_eq!(of(Expected::Correct, &found), Verdict::UnexpectedViolation);
        let panicked = Finding::unclassified("boom", Sight::Accesses);
        assert_eq!(of(lost, &panicked), Verdict::UnexpectedFinding);
        assert_eq!(of(lost, &nothing), Verdict::BugNotFound);
        assert_eq!(of(lost, &Finding::GaveUp("branch limit".into())), Verdict::Error);
        assert_eq!(of(lost, &Finding::NotLooked("rayon".into())), Verdict::NotModelled);
    }

    /// A verdict file written before the typed fields and `format_version` existed, holding
    /// loom's raw text.
    const OLD_FILE: &str = r#"{"scenario": "event", "strategy": "lost_wakeup",
        "expectation": "broken: deadlock", "verdict": "refuted", "model": "real",
        "threads": 2, "ops": 2, "limit": 0, "preemption_bound": 2, "executions": 1,
        "seconds": 0.1, "violation": "deadlock; threads = [(Id(0), Blocked(Location(Some(Location { file: \"scenarios/src/event/driver.rs\", line: 138, column: 52 }))))]",
        "violation_kind": "deadlock-or-hang", "loom_version": "0.7"}"#;

    #[test]
    fn an_old_file_reads_with_loom_text_in_words_and_writes_back_without_it() {
        let path = std::env::temp_dir().join(format!("threadlab-old-{}.json", std::process::id()));
        std::fs::write(&path, OLD_FILE).unwrap();
        let old: LoomVerdict = crate::file::read(&path).expect("a file without a version reads");
        std::fs::remove_file(&path).unwrap();
        assert_eq!((old.expected, old.model_kind), (None, None));
        assert_eq!(
            old.violation.as_deref(),
            Some("deadlock: thread 0 (main) blocked at scenarios/src/event/driver.rs:138")
        );
        let mut raw = old.clone();
        raw.violation = serde_json::from_str::<serde_json::Value>(OLD_FILE).unwrap()["violation"]
            .as_str()
            .map(str::to_owned);
        let written = serde_json::to_string(&raw).unwrap();
        assert!(!written.contains("Location(") && !written.contains("Id("), "{written}");
    }

    #[test]
    fn a_file_naming_a_kind_this_binary_does_not_know_reads_and_keeps_the_slug() {
        let text = OLD_FILE.replace("deadlock-or-hang", "max-went-backwards-elsewhere");
        let path = std::env::temp_dir().join(format!("threadlab-user-{}.json", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let read: Result<LoomVerdict, _> = crate::file::read(&path);
        std::fs::remove_file(&path).unwrap();
        let kind = read.expect("an unknown kind does not fail the file").violation_kind.unwrap();
        assert!(!kind.is_built_in());
        assert_eq!(serde_json::to_string(&kind).unwrap(), r#""max-went-backwards-elsewhere""#);
    }
}
