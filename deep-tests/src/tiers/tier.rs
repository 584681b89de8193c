//! What a tier is: a tool that runs the strategies' real code. Each tier builds what it
//! needs once, then examines one strategy at a time and reads the tool's output into an
//! [`Examination`]; [`super::record`] turns that into the verdict file.

use std::path::PathBuf;

use anyhow::Result;
use scenarios::{Params, Scenario, Strategy, ViolationKind};
use threadlab_results::deep::{DeepStatus, Tier};
use threadlab_results::judgement::{self, Expected, Finding, Judgement, Sight};

/// Where the tiers run and how long: shared by every tier of one call.
pub struct Setup {
    /// The crate examined: where cargo runs (paths in verdicts are relative to it) and
    /// which runners it builds.
    pub target: super::Target,
    /// The results root: verdicts go to `<root>/<tier>/`.
    pub root: PathBuf,
    /// `--quick`: fewer seeds, runs and executions.
    pub quick: bool,
}

/// A tier beyond loom.
pub trait DeepTier {
    /// Which tier this is: its name, its verdict directory.
    fn tier(&self) -> Tier;

    /// Check the tool is there and build what the per-strategy runs need, once. An error
    /// means the tier did not run at all.
    fn build(&mut self) -> Result<()>;

    /// The tool's version as the verdicts record it (after [`DeepTier::build`]).
    fn tool_version(&self) -> &str;

    /// Run the tool on one strategy and read its output. An error (the tool could not be
    /// started) means the tier did not run; a tool that ran and gave no verdict is
    /// [`Reading::Error`].
    fn examine(&self, scenario: &Scenario, strategy: &Strategy) -> Result<Examination>;

    /// The counts of a verdict in words, for the progress line (e.g. `3 of 16 seeds failed`).
    fn progress(&self, runs: u64, failing_runs: u64) -> String;
}

/// The tier for `tier`, set up for this call.
pub fn for_tier(tier: Tier, setup: &Setup) -> Box<dyn DeepTier + '_> {
    match tier {
        Tier::Miri => Box::new(super::miri::Miri::new(setup)),
        Tier::Tsan => Box::new(super::tsan::Tsan::new(setup)),
        Tier::Shuttle => Box::new(super::shuttle::Shuttle::new(setup)),
    }
}

/// How the tool's output reads for one strategy.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The tool ran; `found` says whether it reported a finding that counts for this
    /// strategy (judged against its expectation by [`judge`]).
    Ran { found: bool },
    /// The tier cannot run this strategy meaningfully, for the reason given.
    NotApplicable { why: String },
    /// The tool ran but gave no verdict (crash, timeout, no summary).
    Error { why: String },
}

/// What one tier read about one strategy: everything a verdict holds beyond the names.
#[derive(Debug, Clone, PartialEq)]
pub struct Examination {
    pub reading: Reading,
    /// The size it ran at.
    pub params: Params,
    pub runs: u64,
    pub failing_runs: u64,
    pub finding: Option<String>,
    /// The findings classified into the catalogue's kinds, each once.
    pub kinds: Vec<ViolationKind>,
    /// A finding that fits no kind (a panic, undefined behaviour other than a data race,
    /// a failing run with no reason given): never the lesson's bug.
    pub unclassified: bool,
    pub detail: Option<String>,
    /// A caveat that holds whatever the outcome (e.g. Miri's relaxed flags).
    pub note: Option<String>,
    /// Why the tier can be silent on a bug: the note of a Broken strategy it missed.
    pub silence_note: Option<String>,
    pub flags: String,
    pub command: String,
    pub schedule_file: Option<String>,
    pub seconds: f64,
}

impl Examination {
    /// An examination at `params` with nothing read yet (to be filled in by the tier).
    pub fn new(params: Params, reading: Reading) -> Self {
        Examination {
            reading,
            params,
            runs: 0,
            failing_runs: 0,
            finding: None,
            kinds: Vec::new(),
            unclassified: false,
            detail: None,
            note: None,
            silence_note: None,
            flags: String::new(),
            command: String::new(),
            schedule_file: None,
            seconds: 0.0,
        }
    }
}

impl Examination {
    /// Record a finding of `kind` (`None`: one no kind fits).
    pub fn classify(&mut self, kind: Option<ViolationKind>) {
        match kind {
            Some(kind) if !self.kinds.contains(&kind) => self.kinds.push(kind),
            Some(_) => {}
            None => self.unclassified = true,
        }
    }
}

/// The one [`judge`] of what the tier found: Correct + nothing found is clean; Broken +
/// found, every finding of the lesson's kind, caught; any other kind, or a finding no kind
/// fits, an unexpected finding for Broken and Correct alike; Broken + nothing, missed.
/// Every deep tier runs the scenario's own check, so a data race also shows through the
/// wrong value it leaves ([`Sight::OutcomesOnly`]).
pub fn judge(strategy: &Strategy, found: bool, ex: &Examination) -> DeepStatus {
    let expected = Expected::from_kind(strategy.expectation.violation_kind());
    let finding = if found {
        let mut unclassified = Vec::new();
        if ex.unclassified || ex.kinds.is_empty() {
            unclassified.push(ex.finding.clone().unwrap_or_else(|| "a failing run".to_owned()));
        }
        Finding::Looked {
            kinds: ex.kinds.iter().copied().collect(),
            unclassified,
            sight: Sight::OutcomesOnly,
        }
    } else {
        Finding::nothing(Sight::OutcomesOnly)
    };
    match judgement::judge(expected, &finding) {
        Judgement::AsExpected if expected == Expected::Correct => DeepStatus::Clean,
        Judgement::AsExpected => DeepStatus::Caught,
        Judgement::Inconclusive => DeepStatus::Missed,
        Judgement::Unexpected { .. } => DeepStatus::UnexpectedFinding,
        Judgement::NotApplicable { .. } => DeepStatus::NotApplicable,
        Judgement::Error { .. } => DeepStatus::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgement_follows_the_expectation() {
        let counter = scenarios::scenario("shared_counter").unwrap();
        let broken = counter.strategy("unsync").unwrap();
        let correct = counter.strategy("atomic").unwrap();
        assert!(broken.expectation.is_broken());
        let params = Params { threads: 2, ops: 2, limit: 0 };
        let mut lost = Examination::new(params, Reading::Ran { found: true });
        lost.classify(Some(ViolationKind::LostUpdate));
        let nothing = Examination::new(params, Reading::Ran { found: false });
        assert_eq!(judge(broken, true, &lost), DeepStatus::Caught);
        assert_eq!(judge(broken, false, &nothing), DeepStatus::Missed);
        assert_eq!(judge(correct, false, &nothing), DeepStatus::Clean);
        assert_eq!(judge(correct, true, &lost), DeepStatus::UnexpectedFinding);
        // The lesson's bug plus anything else, or something no kind fits, is not caught.
        let mut also_race = lost.clone();
        also_race.classify(Some(ViolationKind::DataRace));
        assert_eq!(judge(broken, true, &also_race), DeepStatus::UnexpectedFinding);
        let mut panicked = Examination::new(params, Reading::Ran { found: true });
        panicked.classify(None);
        assert_eq!(judge(broken, true, &panicked), DeepStatus::UnexpectedFinding);
    }
}
