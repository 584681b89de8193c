//! The shape of the command line: every subcommand and flag of `threadlab` (clap derive),
//! and the usage error that exits with code 2. `main.rs` parses with it and dispatches; the
//! hidden worker's flags live with the worker (`stress::worker::WorkerArgs`).

use clap::{Args, Parser, Subcommand};

use crate::selection::ParamRequest;

/// `threadlab` and its subcommand.
#[derive(Parser)]
#[command(
    name = "threadlab",
    version,
    about = "Benchmarks and race checks for the classic threading patterns",
    after_help = "Results go to $THREADLAB_RESULTS when set; otherwise to target/threadlab of \
                  the Cargo workspace the command runs in (the nearest Cargo.toml with \
                  [workspace] at or above the current directory); outside any workspace, to \
                  ./threadlab-results.\n\nExit codes: 0 ok; 1 a verdict failed (a correct \
                  strategy violated its invariant, a forbidden stress outcome, a stale or \
                  missing result under report --strict); 2 bad input (a flag, a name, the \
                  results folder); 130 interrupted (Ctrl-C)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Subcommand)]
pub enum Command {
    /// List every scenario, its strategies and presets.
    List {
        /// Print the catalogue as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run one strategy (or every strategy) once and check the scenario's invariant.
    Run(RunArgs),
    /// Render the result files into an offline HTML report with SVG charts.
    Report(ReportArgs),
    /// Run the loom model checks (needs cargo) and print their verdicts; with --deep, the
    /// Miri, ThreadSanitizer and shuttle tiers instead.
    Verify(VerifyArgs),
    /// Measure this machine's own limits (clock, atomics, locks, cache-line ping-pong,
    /// spawn, park/unpark, channel hand-off) into target/threadlab/calibration.json. Each
    /// probe runs many 1 ms samples; the minimum is the machine's limit.
    Calibrate {
        /// Fewer samples per probe, for a first look (the budget table: `threadlab all
        /// --help`).
        #[arg(long)]
        quick: bool,
    },
    /// The main job: loom verify, stress, calibrate, benchmarks, report. Prints the
    /// report's path.
    #[command(after_help = crate::pipeline::budget_help())]
    All {
        /// First contact and CI: the quick column of the budget table below.
        #[arg(long)]
        quick: bool,
    },
    /// Run many small trials of each strategy on real threads and tally the outcomes
    /// (jcstress style), with a watchdog that records hung trials.
    Stress(StressArgs),
    /// Explain a strategy's loom verdict: the smallest counter-example, one column per
    /// thread, or what was proved and how far.
    Explain(ExplainArgs),
    /// Every program of the seed tutorials beside the threadlab run that reproduces it:
    /// both run now (Python when python3 is on the PATH), outcomes and times side by side.
    Seeds(SeedsArgs),
    /// Internal: the worker process `stress` starts for each strategy.
    #[command(name = "__stress-worker", hide = true)]
    StressWorker(crate::stress::worker::WorkerArgs),
}

/// `threadlab seeds`.
#[derive(Args)]
pub struct SeedsArgs {
    /// Print the rows as one JSON object (the file written) instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Multiply the seeds' sleeps by this in the Python programs (1.0 = the seeds' own
    /// seconds; the default makes a 2 s sleep 0.1 s).
    #[arg(long, default_value_t = crate::seeds::DEFAULT_TIME_SCALE)]
    pub time_scale: f64,
}

/// `threadlab verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// Instead of loom, run the tiers beyond it (Miri, ThreadSanitizer, shuttle over the real
    /// code): builds and runs threadlab-deep (scripts/verify-deep.sh also installs the
    /// nightly toolchain, miri and rust-src they need).
    #[arg(long)]
    pub deep: bool,
    /// With --deep: arguments for threadlab-deep, e.g. `--quick`, `--tier miri`,
    /// `shared_counter/unsync`, or `--replay FILE scenario/strategy`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, requires = "deep")]
    pub deep_args: Vec<String>,
}

/// `threadlab explain`.
#[derive(Args)]
pub struct ExplainArgs {
    /// `scenario/strategy`, e.g. `shared_counter/unsync`.
    pub name: String,
    /// Run the saved failing schedule again (builds and runs the loom test binary with
    /// `--cfg loom`) and print the trace it produces.
    #[arg(long)]
    pub replay: bool,
}

/// `threadlab report`.
#[derive(Args)]
pub struct ReportArgs {
    /// Where index.html and the charts go (a folder of their own: files in it that no
    /// report wrote are kept). Default: the workspace's reports/, from any folder inside it;
    /// outside a workspace, ./reports.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Result directories (each with loom/, stress/, criterion/) to render side by side.
    /// Default: this workspace's target/threadlab and target/criterion.
    #[arg(long = "results", value_name = "DIR")]
    pub results: Vec<std::path::PathBuf>,
    /// Exit 1 if any result shown is stale (its code changed since it was recorded), not
    /// run, or of unknown freshness (no provenance, or no sources here to compare with).
    #[arg(long)]
    pub strict: bool,
}

/// `threadlab stress`.
#[derive(Args)]
pub struct StressArgs {
    /// Scenario name (all scenarios when omitted).
    pub scenario: Option<String>,
    /// Only this strategy (needs a scenario).
    #[arg(long, requires = "scenario")]
    pub strategy: Option<String>,
    /// Wall-clock budget per strategy, in seconds (default 1).
    #[arg(long, conflicts_with = "samples")]
    pub seconds: Option<f64>,
    /// Budget per strategy in samples, instead of seconds.
    #[arg(long)]
    pub samples: Option<u64>,
    /// Worker threads per trial (default: the scenario's stress configuration), clamped to
    /// the cores unless --oversubscribe.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Operations per thread per trial (default: the scenario's stress configuration).
    #[arg(long)]
    pub ops: Option<usize>,
    /// The scenario's third knob, where it has one (see --help).
    #[arg(long, long_help = crate::list::limit_help())]
    pub limit: Option<usize>,
    /// Allow more threads than cores: a separate configuration, labelled as such and
    /// written to `<scenario>.oversubscribed.json`.
    #[arg(long)]
    pub oversubscribe: bool,
    /// A trial (one batch) that takes longer than this many milliseconds is recorded as hung.
    #[arg(long, default_value_t = 2000)]
    pub deadline_ms: u64,
    /// Largest batch of fresh instances per trial.
    #[arg(long, default_value_t = 256)]
    pub max_batch: usize,
    /// Print the result files' contents as JSON instead of tables (no progress bar).
    #[arg(long)]
    pub json: bool,
}

/// `threadlab run`.
#[derive(Args)]
pub struct RunArgs {
    /// Scenario name (see `threadlab list`).
    pub scenario: String,
    /// Strategy name (see `threadlab list`); without it, every strategy runs once.
    #[arg(long)]
    pub strategy: Option<String>,
    #[command(flatten)]
    pub params: ParamFlags,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The parameter flags of `threadlab run`.
#[derive(Args)]
pub struct ParamFlags {
    /// Worker threads.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Operations per thread (what an operation is depends on the scenario).
    #[arg(long)]
    pub ops: Option<usize>,
    /// The scenario's third knob, where it has one (see --help).
    #[arg(long, long_help = crate::list::limit_help())]
    pub limit: Option<usize>,
    /// A named parameter set, e.g. `seed-001`; explicit flags override its fields.
    #[arg(long)]
    pub preset: Option<String>,
    /// The seeds' sleeps at this factor of their own seconds (1.0 = the seeds' pace; a
    /// preset runs at 0.05 unless told otherwise): the timer's tick, and the timeline a
    /// seed program shows (semaphore, thread_pool, event, interleaving).
    #[arg(long, value_name = "X")]
    pub time_scale: Option<f64>,
}

impl From<ParamFlags> for ParamRequest {
    fn from(flags: ParamFlags) -> Self {
        ParamRequest {
            preset: flags.preset,
            threads: flags.threads,
            ops: flags.ops,
            limit: flags.limit,
            time_scale: flags.time_scale,
        }
    }
}

/// A mistake in what the user asked for: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// `err` as a [`UsageError`].
pub fn usage(err: impl std::fmt::Display) -> anyhow::Error {
    UsageError(err.to_string()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }

    #[test]
    fn a_usage_error_is_recognisable_after_wrapping() {
        let err = usage("--samples must be at least 1");
        assert!(err.downcast_ref::<UsageError>().is_some());
        assert_eq!(err.to_string(), "--samples must be at least 1");
    }
}
