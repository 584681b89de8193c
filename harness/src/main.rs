//! `threadlab`: list, run, stress, verify, calibrate and report on the scenarios.
//!
//! This file only parses the command line (its shape is `harness::cli`) and prints what
//! the library's commands return; a usage mistake exits with code 2.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Parser;

use harness::cli::{Cli, Command, ReportArgs, RunArgs, StressArgs, UsageError, VerifyArgs, usage};
use harness::pipeline::{self, run_step};
use harness::selection::resolve_params;
use threadlab_results::calibration::Calibration;
use threadlab_results::set::default_sets;
use threadlab_results::{ResultFile, ResultSet};

fn main() -> ExitCode {
    harness::children::install();
    let result = execute(Cli::parse());
    // A stop signal came: the handler stops the children and exits with 130.
    harness::children::wait_if_stopping();
    match result {
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

/// `threadlab explain`: print the verdict's story; with `--replay`, also the trace the
/// saved schedule produces when run again.
fn explain(args: &harness::cli::ExplainArgs) -> Result<ExitCode> {
    let (scenario, strategy) = harness::explain::find(&args.name)?;
    let verdict = harness::explain::read_verdict(scenario, strategy)?;
    if args.replay {
        harness::explain::check_replayable(&args.name, &verdict)?;
    }
    print!("{}", harness::explain::explain(scenario, strategy, &verdict));
    if args.replay {
        let (violation, trace) = harness::explain::replay(&workspace_root()?, &args.name)?;
        let same = verdict.counter_example.as_ref().is_some_and(|e| e.trace == trace);
        println!(
            "
replayed: {violation}
{}",
            threadlab_report::trace_table::table(&trace)
        );
        println!("same trace as the saved one: {}", if same { "yes" } else { "NO" });
    }
    Ok(ExitCode::SUCCESS)
}

/// The workspace `all` and `verify` need (they run cargo on its sources).
fn workspace_root() -> Result<PathBuf> {
    pipeline::workspace_root().ok_or_else(|| {
        usage("run this from inside the threadlab workspace (it needs cargo and the sources)")
    })
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
        Command::Calibrate { quick } => calibrate(quick),
        Command::Explain(args) => explain(&args),
        Command::Verify(VerifyArgs { deep: true, deep_args }) => {
            pipeline::verify_deep(&workspace_root()?, &deep_args)
        }
        Command::Verify(VerifyArgs { deep: false, .. }) => {
            let workspace = workspace_root()?;
            run_step(&pipeline::loom_step(), &workspace, 1, 1)?;
            print!("{}", harness::list::loom_verdicts_text(&results_root()?));
            Ok(ExitCode::SUCCESS)
        }
        Command::All { quick } => {
            let workspace = workspace_root()?;
            results_root()?;
            let outcome = pipeline::all(&workspace, &std::env::current_exe()?, quick)?;
            for warning in &outcome.report.warnings {
                eprintln!("threadlab: warning: {warning}");
            }
            let total = outcome.total;
            println!("[{total}/{total}] report: {}", outcome.report.index.display());
            print!("{}", outcome.times_table());
            if let Some(warning) = outcome.noise.warning() {
                eprintln!("threadlab: {warning}");
            }
            if !outcome.failed.is_empty() {
                bail!(
                    "step(s) failed: {}; their logs are under target/threadlab/logs/",
                    outcome.failed.join(", ")
                )
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => report(args),
        Command::Run(args) => run(args),
        Command::Stress(args) => stress(&args),
        Command::Seeds(args) => harness::seeds::command(&args),
        Command::StressWorker(args) => {
            harness::stress::worker::main(args)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn calibrate(quick: bool) -> Result<ExitCode> {
    // Outside the workspace (a copied binary on another machine), the Python script is
    // looked for beside the executable, and results go to $THREADLAB_RESULTS.
    let workspace = workspace_root().or_else(|_| {
        std::env::current_exe()?
            .parent()
            .map(std::path::Path::to_path_buf)
            .ok_or_else(|| anyhow::anyhow!("cannot locate the executable's directory"))
    })?;
    let root = results_root()?;
    Calibration::check_overwritable_under(&root).map_err(usage)?;
    let (calibration, path) = harness::calibrate::calibrate(
        &workspace,
        &root,
        &scenarios::catalogue::Mode::quick_if(quick).budget().calibration,
    )?;
    print!("{}", harness::calibrate::table(&calibration));
    println!("written: {}", path.display());
    if let Some(warning) = calibration.noise.as_ref().and_then(|n| n.warning()) {
        eprintln!("threadlab: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The results folder, checked before any work (a bad one is a usage error naming it).
fn results_root() -> Result<PathBuf> {
    harness::files::writable_results_root(&[]).map_err(usage)
}

fn report(args: ReportArgs) -> Result<ExitCode> {
    let out = harness::report_out::resolve(args.out.as_deref()).map_err(usage)?;
    let sets = if args.results.is_empty() {
        default_sets().map_err(usage)?
    } else {
        let mut sets = Vec::new();
        for dir in &args.results {
            if dir.exists() && !dir.is_dir() {
                let shown = dir.display();
                return Err(usage(format!("--results {shown}: a file, not a results folder")));
            }
            if !dir.is_dir() {
                return Err(usage(format!("--results {}: no such directory", dir.display())));
            }
            sets.push(ResultSet::from_dir(dir));
        }
        sets
    };
    let summary = threadlab_report::render(&out, sets, harness::seeds::table::program_for)?;
    for warning in &summary.warnings {
        eprintln!("threadlab: warning: {warning}");
    }
    let charts = if summary.charts == 1 { "chart" } else { "charts" };
    println!("report: {} ({} {charts})", summary.index.display(), summary.charts);
    match harness::report_out::strict_refusal(&summary) {
        Some(refusal) if args.strict => {
            eprintln!("threadlab: {refusal}");
            Ok(ExitCode::from(1))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn run(args: RunArgs) -> Result<ExitCode> {
    let scenario = scenarios::scenario(&args.scenario).map_err(usage)?;
    let strategy = args.strategy.as_deref().map(|name| scenario.strategy(name)).transpose();
    let strategy = strategy.map_err(usage)?;
    let resolved = resolve_params(scenario, &args.params.into()).map_err(usage)?;
    let printed = harness::run::command(scenario, strategy, &resolved)?;
    println!("{}", if args.json { printed.json } else { printed.text });
    // A Correct strategy that broke its invariant is a failed verdict: exit 1.
    if !printed.correct_held {
        eprintln!("threadlab: a correct strategy violated the invariant");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn stress(args: &StressArgs) -> Result<ExitCode> {
    let outcome = harness::stress::command::run(args)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "results": outcome.files,
                "failures": outcome.failures,
            }))?
        );
    }
    if outcome.failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for failure in &outcome.failures {
            eprintln!("threadlab: FORBIDDEN: {failure}");
        }
        Ok(ExitCode::FAILURE)
    }
}
