//! The ordinary-build half of a user's `scenarios::threadlab_main!`: stress over the
//! registered strategies, in worker processes of the user's own binary (it answers
//! `__stress-worker` like `threadlab` does), results merged into the user's
//! `target/threadlab/stress/`.
//!
//! `<binary> stress [--seconds S]`: every registered strategy for `S` seconds (default 1);
//! exits 1 where a verdict is a failure. `<binary> bench [--quick]`: criterion over them. `<binary> report`: the report at the
//! crate's `reports/`; `<binary> explain scenario/strategy`: a loom verdict told. `<binary> loom` in a build without `--cfg loom`
//! names the command that works and exits 2. `<binary> deep [--tier T]... [--quick] [--only-mine]`: Miri,
//! ThreadSanitizer and shuttle over them (`user::deep`), the binary itself their runner
//! (hidden `__real` and `__shuttle`).

mod deep;

pub mod selftest;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use scenarios::Scenario;
use scenarios::catalogue::{Mode, Registered, UserCrate};

use crate::stress::worker::WorkerArgs;
use crate::stress::{Budget, Display, Request};

#[derive(Parser)]
#[command(about = "threadlab over this crate's registered strategies")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Stress every registered strategy on this machine.
    Stress {
        /// Seconds per strategy.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// This crate's strategies alone, without the built-in reference rows.
        #[arg(long)]
        only_mine: bool,
    },
    /// Model-check every registered strategy (needs a build with `--cfg loom`).
    Loom {
        /// This crate's strategies alone, without the built-in reference rows.
        #[arg(long)]
        only_mine: bool,
    },
    /// Benchmark every registered strategy with criterion, as its scenario's bench says.
    Bench {
        /// The quick budget (as `threadlab all --quick`).
        #[arg(long)]
        quick: bool,
        /// This crate's strategies alone, without the built-in reference rows.
        #[arg(long)]
        only_mine: bool,
    },
    /// Render the report of this crate's results (target/threadlab) into reports/ at the
    /// crate's root: its rows beside the built-in rows of the same scenario.
    Report {
        /// Fail (exit 1) where a result shown is stale, missing, of unknown freshness, or a
        /// file was skipped, as `threadlab report --strict`.
        #[arg(long)]
        strict: bool,
    },
    /// Run the tiers beyond loom over the real code of every registered strategy and the
    /// reference rows of its scenario: Miri, ThreadSanitizer and shuttle, with this binary
    /// as their runner (needs the nightly toolchain with miri and rust-src).
    Deep {
        /// A tier to run: miri, tsan or shuttle (repeat for several; all three if none).
        #[arg(long = "tier", value_name = "TIER", value_parser = deep::parse_tier)]
        tiers: Vec<threadlab_results::deep::Tier>,
        /// Fewer seeds, runs and executions.
        #[arg(long)]
        quick: bool,
        /// This crate's strategies alone, without the built-in reference rows.
        #[arg(long)]
        only_mine: bool,
    },
    /// Explain a strategy's loom verdict (`scenario/strategy`), as `threadlab explain`.
    Explain {
        /// `scenario/strategy`, e.g. `shared_counter/ticket`.
        name: String,
    },
    /// Show that each scenario of this crate's own has a check that can fail: run its Broken
    /// strategies and require the check to report their declared kind.
    Selftest {
        /// Seconds per Broken strategy at most (it stops at the first run caught).
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
    #[command(name = "__stress-worker", hide = true)]
    StressWorker(WorkerArgs),
}

/// Run the command line over what `user` registered.
pub fn main(user: &'static UserCrate) -> ExitCode {
    // A deep tier's runner answers first: under Miri, registering (which reads the crate's
    // files) is refused by its isolation.
    if let Some(code) = deep::answer_runner(user) {
        return code;
    }
    let registered = user.registered;
    match scenarios::catalogue::register_user(user) {
        Ok(warnings) => warnings.iter().for_each(|w| eprintln!("threadlab: warning: {w}")),
        Err(e) => {
            eprintln!("threadlab: {e}");
            return ExitCode::from(2);
        }
    }
    let runs = |only_mine| match scenarios::catalogue::user_runs(user, only_mine) {
        Ok(scenarios) => Ok(scenarios),
        Err(e) => Err(anyhow::Error::new(e)),
    };
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Loom { .. } => {
            eprintln!(
                "threadlab: this build has no loom; run: cargo threadlab loom (or: \
                 RUSTFLAGS=\"--cfg loom\" CARGO_TARGET_DIR=target/loom cargo run --release -- loom)"
            );
            return ExitCode::from(2);
        }
        Command::StressWorker(args) => {
            runs(false).and_then(|all| worker(&all, &args)).map(|()| ExitCode::SUCCESS)
        }
        Command::Stress { seconds, .. } if !(seconds > 0.0 && seconds.is_finite()) => {
            eprintln!("threadlab: --seconds must be a positive number");
            return ExitCode::from(2);
        }
        Command::Stress { seconds, only_mine } => runs(only_mine).and_then(|s| stress(&s, seconds)),
        Command::Bench { quick, only_mine } => runs(only_mine).and_then(|s| bench(&s, quick)),
        Command::Report { strict } => report(registered, strict),
        Command::Explain { name } => explain(&name),
        Command::Selftest { seconds } => runs(true).and_then(|s| selftest::command(&s, seconds)),
        Command::Deep { tiers, quick, only_mine } => deep::deep(user, &tiers, quick, only_mine),
    };
    result.unwrap_or_else(|e| {
        eprintln!("threadlab: {e:#}");
        let bad_input = e.downcast_ref::<crate::cli::UsageError>().is_some();
        if bad_input { ExitCode::from(2) } else { ExitCode::FAILURE }
    })
}

fn worker(scenarios: &[&'static Scenario], args: &WorkerArgs) -> anyhow::Result<()> {
    let scenario = scenarios
        .iter()
        .find(|s| s.name == args.scenario)
        .ok_or_else(|| anyhow::anyhow!("no registered scenario `{}`", args.scenario))?;
    let strategy = scenario.strategy(&args.strategy)?;
    crate::stress::worker::work_as_asked(scenario, strategy, args)
}

fn stress(scenarios: &[&'static Scenario], seconds: f64) -> anyhow::Result<ExitCode> {
    let root = crate::files::writable_results_root(&["stress"]).map_err(anyhow::Error::msg)?;
    let program = std::env::current_exe()?;
    let machine = crate::machine::describe();
    let mut request = Request::new(Budget::Seconds(seconds));
    request.deadline = Duration::from_secs(2);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut failures = Vec::new();
    for &scenario in scenarios {
        let plan = crate::stress::plan(scenario, &request, cores)?;
        let strategies: Vec<_> = scenario.strategies.iter().collect();
        let display = Display { progress: false };
        // Each finished strategy is saved as it ends, so an interrupted run keeps it.
        let mut written = None;
        let mut save = |file: &threadlab_results::stress::StressFile| {
            crate::children::refuse_if_stopping()?;
            written = crate::stress::command::merge_and_write(&root, scenario, file.clone())?;
            Ok(())
        };
        let file = crate::stress::stress_scenario(
            &program,
            scenario,
            &strategies,
            &request,
            &plan,
            &machine,
            display,
            &mut save,
        )?;
        for result in &file.strategies {
            print!("{}", crate::stress::render_strategy(scenario.name, result));
        }
        failures.extend(crate::stress::failures(&file));
        if let Some(written) = written {
            println!("results: {}", written.display());
        }
    }
    for failure in &failures {
        eprintln!("threadlab: {failure}");
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Criterion over the registered strategies, with the budget table's row (criterion's own
/// flags are not taken: this binary's command line is its own), results in the user's
/// `target/criterion/`.
fn bench(scenarios: &[&'static Scenario], quick: bool) -> anyhow::Result<ExitCode> {
    let mode = if quick { Mode::Quick } else { Mode::Full };
    let budget = &mode.budget().bench;
    let mut criterion = criterion::Criterion::default()
        .warm_up_time(budget.warm_up)
        .measurement_time(budget.measurement)
        .sample_size(budget.samples)
        .without_plots();
    for &scenario in scenarios {
        crate::bench::bench_catalogued(&mut criterion, scenario);
    }
    crate::bench::noise::warn_if_noisy();
    Ok(ExitCode::SUCCESS)
}

/// The report over this crate's results, into its `reports/`; the rows from this crate are
/// named first, the other rows of their scenarios are threadlab's built-in reference rows.
fn report(registered: &[Registered], strict: bool) -> anyhow::Result<ExitCode> {
    let out = crate::report_out::resolve(None).map_err(crate::cli::usage)?;
    let sets = threadlab_results::set::default_sets().map_err(crate::cli::usage)?;
    let summary = threadlab_report::render(&out, sets, threadlab_report::no_seed_programs)?;
    for warning in &summary.warnings {
        eprintln!("threadlab: warning: {warning}");
    }
    for r in registered {
        let names: Vec<&str> = r.strategies.iter().map(|s| s.name).collect();
        println!("rows from this crate in {}: {}", r.scenario.name, names.join(", "));
    }
    println!("report: {}", summary.index.display());
    match crate::report_out::strict_refusal(&summary) {
        Some(refusal) if strict => {
            eprintln!("threadlab: {refusal}");
            Ok(ExitCode::FAILURE)
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `explain scenario/strategy` over this crate's `target/threadlab/loom/`.
fn explain(name: &str) -> anyhow::Result<ExitCode> {
    let (scenario, strategy) = crate::explain::find(name)?;
    let verdict = crate::explain::read_verdict(scenario, strategy)?;
    print!("{}", crate::explain::explain(scenario, strategy, &verdict));
    Ok(ExitCode::SUCCESS)
}
