//! `cargo threadlab`: threadlab's whole job over the strategies a crate registers with
//! `scenarios::threadlab_main!`, run from that crate like any cargo command.
//!
//! cargo runs `cargo-threadlab` from the PATH for `cargo threadlab ...`, with `threadlab`
//! as its first argument. Without a command it builds the crate twice (with `--cfg loom`
//! in `target/loom`, and plainly) and runs its binary's steps in order: loom, stress,
//! bench, report, each timed, then a summary. `init` sets up a crate fresh from
//! `cargo new`; any other command passes through to the crate's binary, built as it
//! needs. Bad input: one line on stderr and exit status 2.

mod cli;
mod compile;
mod init;
mod job;
mod project;
mod stop;
mod summary;
mod usage;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(cli::args_from(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    stop::install();
    match execute(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("cargo-threadlab: {err:#}");
            ExitCode::from(if usage::is_usage(&err) { 2 } else { 1 })
        }
    }
}

fn execute(cli: Cli) -> Result<ExitCode> {
    cli.check().map_err(usage::usage)?;
    if let Some(Command::Init { threadlab }) = &cli.command {
        return init::init(&cli.cargo, threadlab.as_deref());
    }
    let project = project::Project::find(&cli.cargo)?;
    // threadlab finds the results folder and the report's from the current folder.
    std::env::set_current_dir(&project.workspace_root)?;
    match cli.command.and_then(Command::passed_through) {
        None => job::run(&project, &cli.cargo, &cli.job),
        Some((build, args)) => {
            let binary = compile::build(&project, &cli.cargo, build)?;
            let status = project.binary(&binary, &args).status()?;
            // The binary's own status: 2 for its bad input, 1 for a failed verdict.
            Ok(ExitCode::from(status.code().map_or(1, |c| c.clamp(0, 255) as u8)))
        }
    }
}
