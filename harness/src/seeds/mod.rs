//! `threadlab seeds`: every program of the seed tutorials side by side with the threadlab
//! run that reproduces it. Each row runs both now: the catalogue strategy in-process, and
//! the Python program re-enacted by `scripts/seeds.py` (when an interpreter is on the PATH,
//! under a timeout); it says whether their outcomes match, sets their times side by side
//! where that means something, and says why wherever they cannot match.
//!
//! The rows are data ([`table`]); running a side is [`sides`], judging a row [`compare`],
//! printing the table `threadlab_report::seeds_text` (the report words the rows the same way); the file is `threadlab_results::seeds`.

pub mod compare;
pub mod sides;
pub mod table;

use threadlab_report::seeds_text as text;
use threadlab_results::ResultFile;

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use threadlab_results::Provenance;
use threadlab_results::seeds::{SeedRowResult, SeedsFile, SideRun};

use crate::cli::{SeedsArgs, usage};

use crate::files::provenance;
use table::{SEED_PROGRAMS, SeedProgram};

/// The time scale `threadlab seeds` uses unless told: the seeds' 2 s sleeps take 0.1 s.
pub const DEFAULT_TIME_SCALE: f64 = 0.05;

/// `threadlab seeds`: run every row, write `<results>/seeds.json`, print the table (or the
/// file with `--json`). Exit 1 only where a threadlab run broke its invariant; a Python
/// side that differs or did not run is reported, not failed.
pub fn command(args: &SeedsArgs) -> Result<ExitCode> {
    // One range for every --time-scale: the catalogue's.
    scenarios::TimeScale::new(args.time_scale).map_err(|e| usage(e.to_string()))?;
    let root = crate::files::writable_results_root(&[]).map_err(usage)?;
    SeedsFile::check_overwritable_under(&root).map_err(usage)?;
    let file = run_all("python3", args.time_scale, sides::PYTHON_TIMEOUT);
    crate::children::refuse_if_stopping()?;
    let path = file
        .write_under(&root)
        .with_context(|| format!("cannot write under {}", root.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&file)?);
    } else {
        print!("{}", text::table(&file));
        println!("\nwritten: {}", path.display());
    }
    let broken: Vec<String> = file
        .rows
        .iter()
        .filter(|r| matches!(r.rust, SideRun::Ran { holds: false, .. } | SideRun::Failed { .. }))
        .map(|r| format!("{}-{}", r.seed, r.example))
        .collect();
    if broken.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("threadlab: threadlab's run failed for seed row(s) {}", broken.join(", "));
    Ok(ExitCode::FAILURE)
}

/// Run every row both ways, the Python side in `python` with the seeds' sleeps x `scale`.
/// The machine (and its load) is described before the runs.
pub fn run_all(python: &str, scale: f64, timeout: Duration) -> SeedsFile {
    let machine = crate::machine::describe();
    let python_version = sides::python_version(python);
    let recorded = provenance("seeds", None, None);
    let rows =
        SEED_PROGRAMS.iter().map(|row| run_row(row, python, scale, timeout, &recorded)).collect();
    SeedsFile { machine, time_scale: scale, python_version, rows, provenance: Some(recorded) }
}

/// One row, both ways; its provenance is `recorded` with its strategy's `source_hash`.
pub fn run_row(
    row: &SeedProgram,
    python_name: &str,
    scale: f64,
    timeout: Duration,
    recorded: &Provenance,
) -> SeedRowResult {
    let time_scale =
        scenarios::TimeScale::new(scale).unwrap_or(scenarios::TimeScale::PRESET_DEFAULT);
    let rust = sides::rust_side(row, time_scale);
    let sides::PythonSide { run: mut python, corrections } =
        sides::python_side_measured(row, python_name, scale, timeout);
    // Where the two sides' times are compared, each runs again, so that the ratio has a
    // spread (before the twin is added: its runs are not the row's program).
    let more: Vec<(f64, f64)> = if compare::times_compared(row) && python.seconds().is_some() {
        (1..compare::TIME_RUNS)
            .filter_map(|_| {
                let r = sides::rust_side(row, time_scale).seconds()?;
                let p = sides::python_side(row, python_name, scale, timeout).seconds()?;
                Some((r, p))
            })
            .collect()
    } else {
        Vec::new()
    };
    if row.python_twin {
        sides::add_twin(row, python_name, &mut python);
    }
    let source_hash = row.resolve().ok().and_then(|(sc, st, _)| sc.built_source_hash(st));
    SeedRowResult {
        seed: row.seed.to_owned(),
        example: row.example.to_owned(),
        title: row.title.to_owned(),
        shows: row.shows.to_owned(),
        command: row.command_at(scale),
        differs: row.differs.to_owned(),
        seed_errors: sides::seed_errors(row, &corrections),
        verdict: compare::outcome(row, &rust, &python),
        times: compare::times(row, &rust, &python, scale, &more),
        rust,
        python,
        provenance: Some(Provenance { source_hash, ..recorded.clone() }),
    }
}
