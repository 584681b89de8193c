//! `threadlab stress` itself: check every name and flag before the first trial, stress each
//! chosen scenario in worker processes, print its tables, and merge its result file with
//! the one already on disk before writing it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use scenarios::{Scenario, Strategy};
use threadlab_results::stress::{StrategyVerdict::Inconclusive, StressFile};

use super::{Budget, Display, Plan, Request};
use crate::cli::{StressArgs, usage};

/// What one command did: each scenario's file of this run, and the Correct strategies that
/// produced a forbidden outcome (one line each).
pub struct Outcome {
    pub files: Vec<StressFile>,
    pub failures: Vec<String>,
}

/// One scenario's share of the command, resolved before anything runs.
struct Work {
    scenario: &'static Scenario,
    strategies: Vec<&'static Strategy>,
    plan: Plan,
}

/// The longest budget a strategy may be given (a day): a run with no end is a typo.
pub const MAX_SECONDS: u64 = 86_400;

/// The most samples a strategy may be asked for.
pub const MAX_SAMPLES: u64 = 1_000_000_000;

/// The request the flags describe; an impossible budget or bound is a usage error.
pub fn request(args: &StressArgs) -> Result<Request> {
    let budget = match (args.seconds, args.samples) {
        (_, Some(0)) => return Err(usage("--samples must be at least 1")),
        (_, Some(n)) if n > MAX_SAMPLES => {
            return Err(usage(format!("--samples must be at most {MAX_SAMPLES}")));
        }
        (_, Some(n)) => Budget::Samples(n),
        (Some(s), None) if !(s > 0.0 && s.is_finite()) => {
            return Err(usage("--seconds must be a positive number"));
        }
        (Some(s), None) if s > MAX_SECONDS as f64 => {
            return Err(usage(format!("--seconds must be at most {MAX_SECONDS} (a day)")));
        }
        (Some(s), None) => Budget::Seconds(s),
        (None, None) => Budget::Seconds(1.0),
    };
    if args.deadline_ms == 0 || args.max_batch == 0 {
        return Err(usage("--deadline-ms and --max-batch must be at least 1"));
    }
    if args.deadline_ms > MAX_SECONDS * 1000 {
        return Err(usage(format!("--deadline-ms must be at most {} (a day)", MAX_SECONDS * 1000)));
    }
    let mut request = Request::new(budget);
    request.threads = args.threads;
    request.ops = args.ops;
    request.limit = args.limit;
    request.oversubscribe = args.oversubscribe;
    request.deadline = Duration::from_millis(args.deadline_ms);
    request.max_batch = args.max_batch;
    Ok(request)
}

/// Every name and parameter resolved, so that a typo costs nothing.
fn resolve(args: &StressArgs, request: &Request) -> Result<Vec<Work>> {
    let chosen: Vec<&'static Scenario> = match &args.scenario {
        Some(name) => vec![scenarios::scenario(name).map_err(usage)?],
        None => scenarios::catalogue().to_vec(),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut work = Vec::new();
    for scenario in chosen {
        let strategies =
            crate::selection::strategies(scenario, args.strategy.as_deref()).map_err(usage)?;
        if request.limit.is_some() && args.scenario.is_some() {
            crate::selection::check_has_limit(scenario).map_err(usage)?;
        }
        let plan = super::plan(scenario, request, cores).map_err(usage)?;
        work.push(Work { scenario, strategies, plan });
    }
    Ok(work)
}

/// Refuse a deadline shorter than one normal trial of a Correct strategy here: it would
/// blame the user's setting on the strategy. One single-instance trial per Correct strategy.
fn check_deadline(program: &Path, work: &[Work], request: &Request) -> Result<()> {
    for w in work {
        for &strategy in w.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let job = super::supervisor::Job {
                program: program.to_path_buf(),
                scenario: w.scenario,
                strategy,
                params: w.plan.params,
                budget: request.budget,
                deadline: request.deadline,
                max_batch: 1,
                target_batch: request.target_batch,
            };
            if let Some(took) = super::supervisor::normal_trial(&job)?
                && took > request.deadline
            {
                return Err(usage(format!(
                    "--deadline-ms {} is shorter than one normal trial of {}/{} here ({} ms): raise it",
                    request.deadline.as_millis(),
                    w.scenario.name,
                    strategy.name,
                    took.as_millis()
                )));
            }
        }
    }
    Ok(())
}

/// Run `threadlab stress` as `args` ask: tables on stdout unless `--json` (the caller
/// prints the JSON and the failures, and chooses the exit code).
pub fn run(args: &StressArgs) -> Result<Outcome> {
    let request = request(args)?;
    let work = resolve(args, &request)?;
    let dir = crate::files::writable_results_root(&["stress"]).map_err(usage)?.join("stress");
    let program = std::env::current_exe()?;
    check_deadline(&program, &work, &request)?;
    let machine = crate::machine::describe();
    let display = Display { progress: !args.json && std::io::stderr().is_terminal() };
    if !args.json {
        println!("machine: {}", machine.summary());
    }
    let mut outcome = Outcome { files: Vec::new(), failures: Vec::new() };
    for Work { scenario, strategies, plan } in work {
        if let Some(note) = &plan.note {
            eprintln!("note: {note}");
        }
        let file = super::stress_scenario(
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
                print!("{}", super::render_strategy(scenario.name, result));
            }
        }
        outcome.failures.extend(super::failures(&file));
        let oversubscribed = plan.params.threads > plan.cores;
        crate::children::refuse_if_stopping()?;
        let written = merge_and_write(&dir, scenario, file.clone(), oversubscribed)
            .with_context(|| format!("cannot write the stress results in {}", dir.display()))?;
        if !args.json {
            println!("\nresults: {}", written.display());
        }
        outcome.files.push(file);
    }
    let noises = outcome.files.iter().flat_map(|f| &f.strategies).filter_map(|s| s.noise.as_ref());
    if let Some(warning) = threadlab_results::noise::Noise::worst(noises).and_then(|n| n.warning())
    {
        eprintln!("threadlab: {warning}");
    }
    Ok(outcome)
}

/// Write this run's `file` into `dir`, keeping the previous file's results for the
/// strategies this run did not cover (from the same kind of machine), in catalogue order,
/// all under the file's lock (so a concurrent run's entries are merged, never lost).
/// An unreadable previous file is noted and replaced.
pub fn merge_and_write(
    dir: &Path,
    scenario: &Scenario,
    mut file: StressFile,
    oversubscribed: bool,
) -> std::io::Result<PathBuf> {
    let path = dir.join(StressFile::file_name(scenario.name, oversubscribed));
    threadlab_results::lock::with_lock(&path, || {
        file.strategies.retain(|s| s.verdict != Inconclusive);
        match StressFile::read(&path) {
            Ok(previous) => file.merge_previous(previous),
            Err(_) if !path.exists() => {}
            Err(err) => eprintln!("note: {err}; it is replaced by this run's results"),
        }
        if file.strategies.is_empty() {
            return Ok(path.clone()); // nothing was measured, and nothing was stored
        }
        let order: Vec<&str> = scenario.strategies.iter().map(|s| s.name).collect();
        file.keep_in_order(&order);
        file.write_to(dir, oversubscribed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The results crate's sample stress file: `unsync` and `atomic` of the counter.
    fn sample() -> StressFile {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fixtures = manifest.join("../results/tests/fixtures/sample");
        StressFile::read(&fixtures.join("stress/shared_counter.json")).unwrap()
    }

    fn names(file: &StressFile) -> Vec<(&str, u64)> {
        file.strategies.iter().map(|s| (s.strategy.as_str(), s.samples)).collect()
    }

    #[test]
    fn a_run_is_merged_into_the_previous_file_in_catalogue_order() {
        let dir = std::env::temp_dir().join(format!("threadlab-merge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let counter = scenarios::scenario("shared_counter").unwrap();
        let mut previous = sample();
        let mut retired = previous.strategies[0].clone();
        retired.strategy = "retired".to_owned();
        previous.strategies.push(retired);
        previous.write_to(&dir, false).unwrap();
        let mut this_run = sample();
        this_run.strategies.retain(|s| s.strategy == "atomic");
        this_run.strategies[0].samples = 7;

        let path = merge_and_write(&dir, counter, this_run.clone(), false).unwrap();
        let merged = StressFile::read(&path).unwrap();
        assert_eq!(names(&merged), [("unsync", 200), ("atomic", 7)]);

        std::fs::write(&path, "{ torn").unwrap();
        merge_and_write(&dir, counter, this_run, false).unwrap();
        assert_eq!(names(&StressFile::read(&path).unwrap()), [("atomic", 7)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
