//! `threadlab`: list, run and (in later commands) stress, verify and report on the scenarios.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

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
    }
}
