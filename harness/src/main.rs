//! `threadlab`: list, run and (in later commands) stress, verify and report on the scenarios.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use harness::pipeline::{Step, run_step};
use harness::run::run_once;
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
    /// Run one strategy once and check the scenario's invariant.
    Run(RunArgs),
    /// Render the result files into an offline HTML report with SVG charts.
    Report(ReportArgs),
    /// Run the loom model checks (needs cargo) and print their verdicts; with --deep, the
    /// Miri, ThreadSanitizer and shuttle tiers instead.
    Verify(VerifyArgs),
    /// The main job: loom verify, benchmarks, report. Prints the report's path.
    All {
        /// First contact and CI: criterion's quick mode without its plots.
        #[arg(long)]
        quick: bool,
    },
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
struct RunArgs {
    /// Scenario name (see `threadlab list`).
    scenario: String,
    /// Strategy name (see `threadlab list`).
    #[arg(long)]
    strategy: String,
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
    /// The scenario's bound (e.g. a semaphore's K), where it has one.
    #[arg(long)]
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
            let mut bench_args = vec!["bench", "-p", "harness", "--locked", "--"];
            if quick {
                bench_args.extend(["--quick", "--noplot"]);
            }
            let steps = [loom_step(), Step::cargo("benchmarks", &bench_args)];
            let total = steps.len() + 1;
            for (i, step) in steps.iter().enumerate() {
                run_step(step, &workspace, i + 1, total)?;
            }
            let summary = harness::report::render(
                &workspace.join("reports"),
                vec![harness::results::ResultSet::local(&workspace)],
            )?;
            for warning in &summary.warnings {
                eprintln!("threadlab: warning: {warning}");
            }
            println!("[{total}/{total}] report: {}", summary.index.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => {
            let sets = if args.results.is_empty() {
                vec![harness::results::ResultSet::local(&std::env::current_dir()?)]
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
            let strategy = scenario.strategy(&args.strategy).map_err(usage)?;
            let (params, preset) = resolve_params(scenario, &args.params.into()).map_err(usage)?;
            let report = run_once(scenario, strategy, &params, preset.map(|p| p.name));
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{}", report.to_text());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
