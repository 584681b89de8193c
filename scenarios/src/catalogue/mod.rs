//! The catalogue: how a scenario describes itself once for every consumer.
//!
//! The loom suite, `threadlab run`, the stress mode, the benchmarks and the report all read
//! these descriptions. A scenario's [`Scenario::check`] is the one place its invariant is
//! decided; nobody else re-implements it.

mod budget;
mod check;
mod contract;
mod declare;
mod expectation;
mod facts;
mod offers;
mod outcome;
mod outcome_words;
mod params;
mod proof_depth;
pub(crate) mod register;
mod reordering;
pub mod sources;
#[cfg(test)]
mod tests;
mod timing;

use std::time::Duration;

pub use budget::{BenchBudget, Budget, CRITERION_QUICK_FLAG, CalibrationBudget, Mode, readable};
pub use check::{Check, Problems, Violation};
pub use contract::CancelContract;
pub use declare::{About, TimerProbes};
pub use expectation::{Expectation, UserKind, ViolationKind};
pub use facts::{Bound, BoundingProbe, PythonTwin, SpeedupSummary};
pub use offers::{EventOffers, EventPart};
pub use outcome::{Outcome, Run};
pub use outcome_words::{OutcomeWord, OutcomeWords, Value as OutcomeValue};
pub use params::{LimitSpec, ParamSpec, Params, Preset};
pub use proof_depth::DepthLadder;
pub use register::{
    Registered, UserCrate, from_user, register_user, reported, user_crate, user_runs,
};
pub use reordering::Reordering;
pub use sources::{BUILT_SOURCES, THREADLAB_DIR};
pub use timing::{
    Moment, TimeScale, TimeScaleError, Timeline, TimelineHook, Timing, describe_waves, waves,
};

/// One threading pattern from the seeds, implemented several ways.
#[derive(Clone, Copy)]
pub struct Scenario {
    /// Machine name, e.g. `shared_counter`.
    pub name: &'static str,
    /// Title for listings and the report.
    pub title: &'static str,
    /// The seed passages this scenario answers.
    pub seeds: &'static str,
    /// What the seed taught, in a sentence or two.
    pub lesson: &'static str,
    /// The invariant, in words. [`Scenario::check`] is its executable form.
    pub invariant: &'static str,
    /// What `threads`, `ops` and `limit` mean here, their defaults and maxima.
    pub params: ParamSpec,
    /// Named configurations, e.g. the seeds' own sizes.
    pub presets: &'static [Preset],
    /// The model loom checks.
    pub loom: LoomConfig,
    /// What the criterion benchmark measures.
    pub bench: BenchConfig,
    /// How the stress mode samples it.
    pub stress: StressConfig,
    /// Its strategies, correct and broken, in listing order.
    pub strategies: &'static [Strategy],
    /// Does this outcome satisfy the invariant for these parameters? A violation names its
    /// [`ViolationKind`].
    pub check: fn(&Params, &Outcome) -> Check,
    /// Source files the strategies share (the scenario's `mod.rs`), relative to the
    /// workspace root.
    pub shared_sources: &'static [&'static str],
    /// `Some` where `threadlab run <scenario>` ends with a speedup summary.
    pub speedup_summary: Option<SpeedupSummary>,
    /// What the scenario knows about the seeds' time: a seed program's timeline, and
    /// whether its limit is a time that `--time-scale` sets.
    pub timing: Timing,
    /// `Some` where a Python program runs beside one of the strategies.
    pub python_twin: Option<PythonTwin>,
}

/// One way of implementing a scenario. Declare one with [`Strategy::from_fn`] or, for a
/// type implementing a scenario's trait, that scenario's `strategy::<T>` (see [`About`]).
pub struct Strategy {
    /// Machine name, unique within its scenario.
    pub name: &'static str,
    /// The file this strategy's own code lives in, relative to the workspace root
    /// (`file!()` where it was declared).
    pub source: &'static str,
    /// Further files of its own code (its scenario's [`Scenario::shared_sources`] hold the
    /// rest); [`Strategy::sources`] gives them all.
    pub also_sources: &'static [&'static str],
    /// The calibration probe that bounds its cost; `None` where no probe does.
    pub bound: Option<Bound>,
    /// One line: what this strategy does.
    pub summary: &'static str,
    /// Correct, or broken on purpose with the kind of violation it must show.
    pub expectation: Expectation,
    /// How (and whether) loom can check it.
    pub loom: LoomModel,
    /// Run once, for real (or under loom when built with `--cfg loom`).
    pub run: fn(&Params) -> Run,
    /// Run `batch` fresh instances with one set of threads: every worker walks through the
    /// instances in the same order, so the workers race on each instance in turn. Cheaper
    /// per sample than `run` (threads are spawned once per batch); used by the stress mode.
    /// `None` where a strategy has no cheaper form than repeated `run`s.
    pub run_batch: Option<fn(&Params, usize) -> Vec<Outcome>>,
    /// Run for a fixed time instead of a fixed count and return how many operations each
    /// worker completed (the fairness measurement). `None` where it does not apply.
    pub run_for: Option<fn(&Params, Duration) -> Vec<u64>>,
    /// Event strategies: which parts of Python's `Event` it offers ([`Scenario::offers`]).
    pub offers: Option<EventOffers>,
    /// Timer strategies: the bench's lateness and cancel measurements.
    pub timer_probes: Option<TimerProbes>,
    /// A Broken strategy whose bug shows only when the hardware or the compiler reorders
    /// two accesses: which reordering (a stress run on a machine that never makes it says
    /// so instead of reading as a clean bill).
    pub needs_reordering: Option<Reordering>,
}

/// How (and whether) loom can check a strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoomModel {
    /// The strategy's own code runs under loom's models of std.
    Real,
    /// As `Real`, but explored with at most `preemptions` preemptions per execution
    /// (overriding the scenario's bound), because an unbounded search cannot end; `why` says
    /// what needs the bound (typically a spin loop).
    RealBounded {
        /// The preemption bound.
        preemptions: usize,
        /// What needs it.
        why: &'static str,
    },
    /// As `Real`, but no two threads touch one object unordered, so loom's partial-order
    /// reduction rightly needs a single execution; `why` says what keeps them apart.
    RealUnshared {
        /// What keeps the threads apart.
        why: &'static str,
    },
    /// The algorithm runs under loom with loom's std types standing in for a crate loom
    /// cannot see into; the text says which.
    StandIn(&'static str),
    /// loom cannot check it; the text says why.
    NotModelled(&'static str),
    /// The strategy's own code runs under loom's models, but loom's search does not end at
    /// the scenario's loom size; the text says why. It gets no verdict at that size, but the
    /// proof-depth climb tries its smaller sizes and shuttle runs it.
    BeyondSearch(&'static str),
}

/// The small configuration loom explores exhaustively (or up to a stated bound).
#[derive(Clone, Copy)]
pub struct LoomConfig {
    /// The parameters of the loom model (small: loom explores every interleaving).
    pub params: Params,
    /// `None`: exhaustive. `Some(n)`: at most n preemptions per execution.
    pub preemption_bound: Option<usize>,
    /// Why this size and this bound (or why no bound is needed), in words: what the size
    /// must hold for the lesson to show, and what a larger bound cost when it was tried.
    /// No execution counts here: the verdict files measure those, and `threadlab list` and
    /// the report print them beside this reason.
    pub why: &'static str,
    /// The sizes the proof-depth step grows the model through (with `params.limit`);
    /// `None` where no Correct strategy of the scenario is modelled.
    pub depth: Option<DepthLadder>,
}

/// What the criterion bench measures for this scenario.
#[derive(Clone, Copy)]
pub struct BenchConfig {
    /// Parameters of one benchmark iteration; `threads` is replaced by each entry of
    /// `thread_counts`.
    pub params: Params,
    /// The thread counts to benchmark at (the machine's powers of two are added).
    pub thread_counts: &'static [usize],
    /// How many elements one iteration processes, for throughput.
    pub elements: fn(&Params) -> u64,
    /// What one benchmark iteration times.
    pub measure: BenchMeasure,
    /// Further configurations of the same strategies, each benchmarked as its own group
    /// `<scenario>_<suffix>` (e.g. the pools with ~1 us tasks beside empty ones).
    pub variants: &'static [BenchVariant],
}

/// What a scenario's benchmark times. The one bench target (`harness/benches/catalogue.rs`)
/// reads it, so a new scenario needs no bench code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenchMeasure {
    /// One [`Run`] per iteration, at each thread count: the region from the workers'
    /// release to the last finish.
    Runs,
    /// Each strategy's [`TimerProbes`]: how late it fires and how fast a cancel frees its
    /// thread (a timer run's wall time is mostly the schedule's sleeps).
    TimerProbes,
}

/// A further bench configuration of a scenario, under its own group name.
pub struct BenchVariant {
    /// The group is named `<scenario>_<suffix>`.
    pub suffix: &'static str,
    /// The configuration benchmarked under that group.
    pub config: &'static BenchConfig,
}

/// How the stress mode samples this scenario on real hardware.
#[derive(Clone, Copy)]
pub struct StressConfig {
    /// One small trial (jcstress style: few actors, little work, so races are frequent).
    pub params: Params,
    /// Grades an outcome that satisfies the invariant but deserves a look (a rare
    /// interleaving, say) as interesting, with the reason; `None` for plainly acceptable.
    pub interesting: fn(&Params, &Outcome) -> Option<&'static str>,
}

/// For scenarios where no acceptable outcome is more interesting than another.
pub fn nothing_interesting(_: &Params, _: &Outcome) -> Option<&'static str> {
    None
}

/// A name or a size the catalogue does not have; each message names what it does have.
/// The fields: the scenario asked about, the name given, and the names known.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[allow(missing_docs)] // the fields are the message's words, documented above
pub enum CatalogueError {
    /// No scenario of that name.
    #[error("unknown scenario `{name}` (known: {known})")]
    UnknownScenario { name: String, known: String },
    /// The scenario has no strategy of that name.
    #[error("scenario `{scenario}` has no strategy `{name}` (known: {known})")]
    UnknownStrategy { scenario: &'static str, name: String, known: String },
    /// The scenario has no preset of that name.
    #[error("scenario `{scenario}` has no preset `{name}` (known: {known})")]
    UnknownPreset { scenario: &'static str, name: String, known: String },
    /// A parameter outside `min..=max`.
    #[error("{what} must be between {min} and {max} for `{scenario}`, got {got}")]
    OutOfRange { scenario: &'static str, what: &'static str, min: usize, max: usize, got: usize },
    /// A registered strategy's name is already taken in its scenario.
    #[error("scenario `{scenario}` already has a strategy `{name}`: give yours another name")]
    NameTaken { scenario: &'static str, name: String },
    /// A user's strategies were registered after the catalogue was first read.
    #[error("user strategies registered after the catalogue was read: register them first")]
    RegisteredLate,
    /// A registered strategy's user violation kind was refused (a built-in kind's slug, a
    /// slug declared twice, or not a slug).
    #[error("scenario `{scenario}`, strategy `{strategy}`: {error}")]
    Kind {
        scenario: &'static str,
        strategy: &'static str,
        error: threadlab_results::violation::KindError,
    },
}

impl Scenario {
    /// Look a strategy of this scenario up by name.
    pub fn strategy(&self, name: &str) -> Result<&'static Strategy, CatalogueError> {
        self.strategies.iter().find(|s| s.name == name).ok_or_else(|| {
            CatalogueError::UnknownStrategy {
                scenario: self.name,
                name: name.to_owned(),
                known: join_names(self.strategies.iter().map(|s| s.name)),
            }
        })
    }

    /// Look a preset of this scenario up by name.
    pub fn preset(&self, name: &str) -> Result<&'static Preset, CatalogueError> {
        self.presets.iter().find(|p| p.name == name).ok_or_else(|| CatalogueError::UnknownPreset {
            scenario: self.name,
            name: name.to_owned(),
            known: join_names(self.presets.iter().map(|p| p.name)),
        })
    }

    /// Reject parameters outside `1..=max` (and a nonzero limit where one is used).
    pub fn validate(&self, params: &Params) -> Result<(), CatalogueError> {
        let max = &self.params.max;
        let mut fields =
            vec![("threads", params.threads, max.threads), ("ops", params.ops, max.ops)];
        if self.params.limit.is_some() {
            fields.push(("limit", params.limit, max.limit));
        }
        for (what, got, max) in fields {
            if got == 0 || got > max {
                return Err(CatalogueError::OutOfRange {
                    scenario: self.name,
                    what,
                    min: 1,
                    max,
                    got,
                });
            }
        }
        Ok(())
    }

    /// Run a strategy once and judge the outcome.
    pub fn run_checked(&self, strategy: &Strategy, params: &Params) -> (Run, Check) {
        let run = (strategy.run)(params);
        let check = (self.check)(params, &run.outcome);
        (run, check)
    }
}

pub(crate) fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}
