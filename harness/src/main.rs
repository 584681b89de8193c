//! `threadlab`: list, run, stress, verify, calibrate and report on the scenarios.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use harness::pipeline::{Step, run_step};
use harness::run::{run_once, run_scenario};
use harness::selection::{ParamRequest, resolve_params};

#[derive(Parser)]
#[command(
    name = "threadlab",
    version,
    about = "Benchmarks and race checks for the classic threading patterns"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// spawn, park/unpark, channel hand-off) into target/threadlab/calibration.json.
    Calibrate,
    /// The main job: loom verify, stress, calibrate, benchmarks, report. Prints the
    /// report's path.
    All {
        /// First contact and CI: criterion's quick mode without its plots.
        #[arg(long)]
        quick: bool,
    },
    /// Run many small trials of each strategy on real threads and tally the outcomes
    /// (jcstress style), with a watchdog that records hung trials.
    Stress(StressArgs),
    /// Internal: the worker process `stress` starts for each strategy.
    #[command(name = "__stress-worker", hide = true)]
    StressWorker(WorkerArgs),
}

#[derive(Args)]
struct VerifyArgs {
    /// Instead of loom, run the tiers beyond it (Miri, ThreadSanitizer, shuttle over the real
    /// code) through scripts/verify-deep.sh, which installs what they need.
    #[arg(long)]
    deep: bool,
    /// With --deep: arguments for scripts/verify-deep.sh, e.g. `--quick`, `--tier miri`,
    /// `shared_counter/unsync`, or `--replay FILE scenario/strategy`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, requires = "deep")]
    deep_args: Vec<String>,
}

#[derive(Args)]
struct ReportArgs {
    /// Where index.html and the charts go.
    #[arg(long, default_value = "reports")]
    out: std::path::PathBuf,
    /// Result directories (each with loom/, stress/, criterion/) to render side by side.
    /// Default: this workspace's target/threadlab and target/criterion.
    #[arg(long = "results", value_name = "DIR")]
    results: Vec<std::path::PathBuf>,
}

#[derive(Args)]
struct StressArgs {
    /// Scenario name (all scenarios when omitted).
    scenario: Option<String>,
    /// Only this strategy (needs a scenario).
    #[arg(long, requires = "scenario")]
    strategy: Option<String>,
    /// Wall-clock budget per strategy, in seconds (default 1).
    #[arg(long, conflicts_with = "samples")]
    seconds: Option<f64>,
    /// Budget per strategy in samples, instead of seconds.
    #[arg(long)]
    samples: Option<u64>,
    /// Worker threads per trial (default: the scenario's stress configuration), clamped to
    /// the cores unless --oversubscribe.
    #[arg(long)]
    threads: Option<usize>,
    /// Operations per thread per trial (default: the scenario's stress configuration).
    #[arg(long)]
    ops: Option<usize>,
    /// The scenario's third knob, where it has one (see --help).
    #[arg(long, long_help = harness::list::limit_help())]
    limit: Option<usize>,
    /// Allow more threads than cores: a separate configuration, labelled as such and
    /// written to `<scenario>.oversubscribed.json`.
    #[arg(long)]
    oversubscribe: bool,
    /// A trial (one batch) that takes longer than this many milliseconds is recorded as hung.
    #[arg(long, default_value_t = 2000)]
    deadline_ms: u64,
    /// Largest batch of fresh instances per trial.
    #[arg(long, default_value_t = 256)]
    max_batch: usize,
    /// Print the result files' contents as JSON instead of tables (no progress bar).
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct WorkerArgs {
    scenario: String,
    strategy: String,
    #[arg(long)]
    threads: usize,
    #[arg(long)]
    ops: usize,
    #[arg(long)]
    limit: usize,
    #[arg(long)]
    start_batch: usize,
    #[arg(long)]
    max_batch: usize,
    #[arg(long)]
    target_us: u64,
    #[arg(long, conflicts_with = "samples")]
    seconds: Option<f64>,
    #[arg(long)]
    samples: Option<u64>,
}

#[derive(Args)]
struct RunArgs {
    /// Scenario name (see `threadlab list`).
    scenario: String,
    /// Strategy name (see `threadlab list`); without it, every strategy runs once.
    #[arg(long)]
    strategy: Option<String>,
    #[command(flatten)]
    params: ParamFlags,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ParamFlags {
    /// Worker threads.
    #[arg(long)]
    threads: Option<usize>,
    /// Operations per thread (what an operation is depends on the scenario).
    #[arg(long)]
    ops: Option<usize>,
    /// The scenario's third knob, where it has one (see --help).
    #[arg(long, long_help = harness::list::limit_help())]
    limit: Option<usize>,
    /// A named parameter set, e.g. `seed-001`; explicit flags override its fields.
    #[arg(long)]
    preset: Option<String>,
}

impl From<ParamFlags> for ParamRequest {
    fn from(flags: ParamFlags) -> Self {
        ParamRequest {
            preset: flags.preset,
            threads: flags.threads,
            ops: flags.ops,
            limit: flags.limit,
        }
    }
}

/// A mistake in what the user asked for: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

fn main() -> ExitCode {
    match execute(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("threadlab: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn usage(err: impl std::fmt::Display) -> anyhow::Error {
    UsageError(err.to_string()).into()
}

/// The workspace `threadlab all` and `verify` work in: the nearest ancestor of the current
/// directory holding the workspace's `Cargo.toml`.
fn workspace_root() -> Result<std::path::PathBuf> {
    let cwd = std::env::current_dir()?;
    cwd.ancestors()
        .find(|dir| dir.join("loom-tests").is_dir() && dir.join("Cargo.toml").is_file())
        .map(std::path::Path::to_path_buf)
        .ok_or_else(|| {
            usage("run this from inside the threadlab workspace (it needs cargo and the sources)")
        })
}

/// The loom suite, built with `--cfg loom` in its own target directory.
fn loom_step() -> Step {
    Step::cargo("loom verify", &["test", "-p", "loom-tests", "--release", "--locked"])
        .with_env("RUSTFLAGS", "--cfg loom")
        .with_env("CARGO_TARGET_DIR", "target/loom")
}

fn execute(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::List { json } => {
            if json {
                println!("{}", serde_json::to_string_pretty(&harness::list::catalogue_json())?);
            } else {
                print!("{}", harness::list::catalogue_text());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Calibrate => {
            // Outside the workspace (a copied binary on another machine), the Python script
            // is looked for beside the executable, and results go to $THREADLAB_RESULTS.
            let workspace = workspace_root().or_else(|_| {
                std::env::current_exe()?
                    .parent()
                    .map(std::path::Path::to_path_buf)
                    .ok_or_else(|| anyhow::anyhow!("cannot locate the executable's directory"))
            })?;
            let root = harness::results::ResultSet::local(&workspace).root;
            let (calibration, path) = harness::calibrate::calibrate(&workspace, &root)?;
            print!("{}", harness::calibrate::table(&calibration));
            println!("written: {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify(VerifyArgs { deep: true, deep_args }) => {
            let workspace = workspace_root()?;
            let script = workspace.join("scripts").join("verify-deep.sh");
            let status = std::process::Command::new(&script)
                .args(&deep_args)
                .current_dir(&workspace)
                .status()
                .with_context(|| format!("cannot run {}", script.display()))?;
            // The script prints its own table and reasons; pass its verdict on.
            Ok(match status.code() {
                Some(0) => ExitCode::SUCCESS,
                Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
                None => ExitCode::FAILURE,
            })
        }
        Command::Verify(VerifyArgs { deep: false, .. }) => {
            let workspace = workspace_root()?;
            run_step(&loom_step(), &workspace, 1, 1)?;
            print!("{}", harness::list::loom_verdicts_text(&workspace));
            Ok(ExitCode::SUCCESS)
        }
        Command::All { quick } => {
            let workspace = workspace_root()?;
            let me = std::env::current_exe()?;
            let stress_seconds = if quick { "0.3" } else { "2" };
            // --no-fail-fast: one failing bench target does not cost the others' results.
            let mut bench_args = vec!["bench", "-p", "harness", "--locked", "--no-fail-fast", "--"];
            if quick {
                bench_args.extend(["--quick", "--noplot"]);
            }
            let total = 5;
            // A failing step (a correct strategy refuted by loom or with a forbidden outcome
            // under stress, a bench that panicked) fails the job, but only after the report
            // has shown everything the other steps measured.
            let steps = [
                loom_step(),
                Step::program("stress", &me, &["stress", "--seconds", stress_seconds]),
                Step::program("calibrate", &me, &["calibrate"]),
                Step::cargo("benchmarks", &bench_args),
            ];
            let (mut failed, mut failed_why) = (Vec::new(), Vec::new());
            for (index, step) in steps.iter().enumerate() {
                if let Err(e) = run_step(step, &workspace, index + 1, total) {
                    eprintln!("threadlab: {e:#}; going on to the report");
                    failed.push(step.name);
                    failed_why.push(format!("{e:#}"));
                }
            }
            let summary = harness::report::render_after(
                &workspace.join("reports"),
                harness::results::default_sets(&workspace),
                &failed_why,
            )?;
            for warning in &summary.warnings {
                eprintln!("threadlab: warning: {warning}");
            }
            println!("[{total}/{total}] report: {}", summary.index.display());
            if failed.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                bail!(
                    "step(s) failed: {}; their logs are under target/threadlab/logs/",
                    failed.join(", ")
                )
            }
        }
        Command::Report(args) => {
            let sets = if args.results.is_empty() {
                harness::results::default_sets(&std::env::current_dir()?)
            } else {
                let mut sets = Vec::new();
                for dir in &args.results {
                    if !dir.is_dir() {
                        return Err(usage(format!(
                            "--results {}: no such directory",
                            dir.display()
                        )));
                    }
                    sets.push(harness::results::ResultSet::from_dir(dir));
                }
                sets
            };
            let summary = harness::report::render(&args.out, sets)?;
            for warning in &summary.warnings {
                eprintln!("threadlab: warning: {warning}");
            }
            println!("report: {} ({} charts)", summary.index.display(), summary.charts);
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(args) => {
            let scenario = scenarios::scenario(&args.scenario).map_err(usage)?;
            let strategy = args.strategy.as_deref().map(|name| scenario.strategy(name)).transpose();
            let strategy = strategy.map_err(usage)?;
            let (params, preset) = resolve_params(scenario, &args.params.into()).map_err(usage)?;
            let preset = preset.map(|p| p.name);
            let (json, text) = match strategy {
                Some(strategy) => {
                    let report = run_once(scenario, strategy, &params, preset);
                    (serde_json::to_string_pretty(&report)?, report.to_text())
                }
                None => {
                    let report = run_scenario(scenario, &params, preset);
                    (serde_json::to_string_pretty(&report)?, report.to_text())
                }
            };
            println!("{}", if args.json { json } else { text });
            Ok(ExitCode::SUCCESS)
        }
        Command::Stress(args) => stress(args),
        Command::StressWorker(args) => stress_worker(args),
    }
}

fn stress(args: StressArgs) -> Result<ExitCode> {
    use harness::stress::{self, Budget, Display, Request};

    let budget = match (args.seconds, args.samples) {
        (_, Some(0)) => return Err(usage("--samples must be at least 1")),
        (_, Some(n)) => Budget::Samples(n),
        (Some(s), None) if !(s > 0.0 && s.is_finite()) => {
            return Err(usage("--seconds must be a positive number"));
        }
        (Some(s), None) => Budget::Seconds(s),
        (None, None) => Budget::Seconds(1.0),
    };
    if args.deadline_ms == 0 || args.max_batch == 0 {
        return Err(usage("--deadline-ms and --max-batch must be at least 1"));
    }
    let mut request = Request::new(budget);
    request.threads = args.threads;
    request.ops = args.ops;
    request.limit = args.limit;
    request.oversubscribe = args.oversubscribe;
    request.deadline = Duration::from_millis(args.deadline_ms);
    request.max_batch = args.max_batch;

    let chosen: Vec<&'static scenarios::Scenario> = match &args.scenario {
        Some(name) => vec![scenarios::scenario(name).map_err(usage)?],
        None => scenarios::catalogue().to_vec(),
    };
    // Resolve every name and parameter before the first trial, so a typo costs nothing.
    let mut work = Vec::new();
    for scenario in chosen {
        let strategies =
            harness::selection::strategies(scenario, args.strategy.as_deref()).map_err(usage)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let plan = stress::plan(scenario, &request, cores).map_err(usage)?;
        work.push((scenario, strategies, plan));
    }

    let program = std::env::current_exe()?;
    let machine = harness::machine::describe();
    let display = Display { progress: !args.json && std::io::stderr().is_terminal() };
    let dir = stress::file::stress_results_dir();
    if !args.json {
        println!("machine: {}", machine.summary());
    }
    let mut failures = Vec::new();
    let mut files = Vec::new();
    for (scenario, strategies, plan) in work {
        if let Some(note) = &plan.note {
            eprintln!("note: {note}");
        }
        let file = stress::stress_scenario(
            &program,
            scenario,
            &strategies,
            &request,
            &plan,
            &machine,
            display,
        )?;
        if !args.json {
            for result in &file.strategies {
                println!();
                print!("{}", stress::render_strategy(scenario.name, result));
            }
        }
        failures.extend(stress::failures(&file));
        let oversubscribed = plan.params.threads > plan.cores;
        let mut merged = file.clone();
        let path = dir.join(stress::file::StressFile::file_name(scenario.name, oversubscribed));
        match stress::file::StressFile::read(&path) {
            Ok(previous) => merged.merge_previous(previous),
            Err(_) if !path.exists() => {}
            Err(err) => eprintln!("note: {err}; it is replaced by this run's results"),
        }
        // Catalogue order, and nothing left over from a strategy that no longer exists.
        let index = |name: &str| scenario.strategies.iter().position(|s| s.name == name);
        merged.strategies.retain(|s| index(&s.strategy).is_some());
        merged.strategies.sort_by_key(|s| index(&s.strategy));
        let written = merged.write_to(&dir, oversubscribed)?;
        if !args.json {
            println!("\nresults: {}", written.display());
        }
        files.push(file);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "results": files,
                "failures": failures,
            }))?
        );
    }
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for failure in &failures {
            eprintln!("threadlab: FORBIDDEN: {failure}");
        }
        Ok(ExitCode::FAILURE)
    }
}

fn stress_worker(args: WorkerArgs) -> Result<ExitCode> {
    use harness::stress::worker::{Budget, WorkerPlan, work};

    let scenario = if args.scenario == harness::stress::synthetic::NAME {
        &harness::stress::synthetic::SCENARIO
    } else {
        scenarios::scenario(&args.scenario).map_err(usage)?
    };
    let strategy = scenario.strategy(&args.strategy).map_err(usage)?;
    let budget = match (args.seconds, args.samples) {
        (_, Some(n)) => Budget::Samples(n),
        (Some(s), None) => Budget::Seconds(s),
        (None, None) => return Err(usage("the worker needs --seconds or --samples")),
    };
    let plan = WorkerPlan {
        params: scenarios::Params { threads: args.threads, ops: args.ops, limit: args.limit },
        budget,
        start_batch: args.start_batch,
        max_batch: args.max_batch,
        target_batch: Duration::from_micros(args.target_us),
    };
    work(scenario, strategy, &plan, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
