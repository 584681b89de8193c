//! `threadlab stress` itself: check every name and flag before the first trial, stress each
//! chosen scenario in worker processes, print its tables, and merge its result file with
//! the one already on disk before writing it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use scenarios::{Scenario, Strategy};
use threadlab_results::file::{merge_under, read_if_present};
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
    let root = crate::files::writable_results_root(&["stress"]).map_err(usage)?;
    for Work { scenario, plan, .. } in &work {
        let path = root.join(StressFile::relative(scenario.name, plan.params.threads > plan.cores));
        threadlab_results::file::check_overwritable::<StressFile>(&path).map_err(usage)?;
    }
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
        let mut written = None;
        let mut save = |file: &StressFile| {
            crate::children::refuse_if_stopping()?;
            written = merge_and_write(&root, scenario, file.clone()).with_context(|| {
                format!("cannot write the stress results in {}", root.join("stress").display())
            })?;
            Ok(())
        };
        let file = super::stress_scenario(
            &program,
            scenario,
            &strategies,
            &request,
            &plan,
            &machine,
            display,
            &mut save,
        )?;
        if !args.json {
            for result in &file.strategies {
                println!();
                print!("{}", super::render_strategy(scenario.name, result));
            }
        }
        outcome.failures.extend(super::failures(&file));
        if let (false, Some(written)) = (args.json, written) {
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

/// Merge this run's `file` into the one stored under `root`, keeping the stored results of
/// the strategies this run did not cover, in catalogue order (see
/// [`threadlab_results::file::merge_under`]: an unreadable stored file is never
/// overwritten). Stored results from another kind of machine are kept beside, in the file
/// [`StressFile::set_aside_path`] names. `None`: nothing was measured, nothing written.
pub fn merge_and_write(
    root: &Path,
    scenario: &Scenario,
    mut file: StressFile,
) -> std::io::Result<Option<PathBuf>> {
    file.strategies.retain(|s| s.verdict != Inconclusive);
    if file.strategies.is_empty() {
        return Ok(None);
    }
    let order: Vec<&str> = scenario.strategies.iter().map(|s| s.name).collect();
    let path = merge_under(root, file, |file, stored| {
        if let Some(other) = file.merge_previous(stored) {
            set_aside(root, other)?;
        }
        file.keep_in_order(&order);
        Ok(())
    })?;
    Ok(Some(path))
}

/// Keep `other` (results from another kind of machine) in its own file, merged with what
/// was set aside there before.
fn set_aside(root: &Path, other: StressFile) -> std::io::Result<()> {
    let path = other.set_aside_path(root);
    let mut kept = other.clone();
    if let Some(before) = read_if_present::<StressFile>(&path).map_err(std::io::Error::other)? {
        kept.merge_previous(before);
    }
    threadlab_results::file::write(&path, &kept)?;
    eprintln!(
        "note: the stored {} results came from another machine ({}): kept in {}",
        other.scenario,
        other.machine.summary(),
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_results::{ResultFile, file};

    /// The results crate's sample stress file: `unsync` and `atomic` of the counter.
    fn sample() -> StressFile {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fixtures = manifest.join("../results/tests/fixtures/sample");
        file::read(&fixtures.join("stress/shared_counter.json")).unwrap()
    }

    fn names(file: &StressFile) -> Vec<(&str, u64)> {
        file.strategies.iter().map(|s| (s.strategy.as_str(), s.samples)).collect()
    }

    fn merged(root: &Path, this_run: &StressFile) -> std::io::Result<StressFile> {
        let counter = scenarios::scenario("shared_counter").unwrap();
        let path = merge_and_write(root, counter, this_run.clone())?.unwrap();
        Ok(file::read(&path).unwrap())
    }

    #[test]
    fn a_run_is_merged_into_the_previous_file_in_catalogue_order() {
        let root = std::env::temp_dir().join(format!("threadlab-merge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mut previous = sample();
        let mut retired = previous.strategies[0].clone();
        retired.strategy = "retired".to_owned();
        previous.strategies.push(retired);
        let path = previous.write_under(&root).unwrap();
        let mut this_run = sample();
        this_run.strategies.retain(|s| s.strategy == "atomic");
        this_run.strategies[0].samples = 7;
        assert_eq!(names(&merged(&root, &this_run).unwrap()), [("unsync", 200), ("atomic", 7)]);

        // Another kind of machine: its results are kept beside, never dropped.
        let mut elsewhere = this_run.clone();
        elsewhere.machine.cores += 1;
        elsewhere.strategies[0].samples = 9;
        assert_eq!(names(&merged(&root, &elsewhere).unwrap()), [("atomic", 9)]);
        let aside: StressFile = file::read(&sample().set_aside_path(&root)).unwrap();
        assert_eq!(names(&aside), [("unsync", 200), ("atomic", 7)]);
        std::fs::remove_dir_all(&root).unwrap();
        let _ = path;
    }

    #[test]
    fn a_stored_file_that_cannot_be_read_or_is_newer_is_never_overwritten() {
        let root = std::env::temp_dir().join(format!("threadlab-keep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let path = sample().write_under(&root).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let newer = text.replacen("\"format_version\": 1", "\"format_version\": 2", 1);
        for stored in [&text[..text.len() / 2], &newer] {
            std::fs::write(&path, stored).unwrap();
            let err = merged(&root, &sample()).unwrap_err().to_string();
            assert!(err.contains("shared_counter.json") && err.contains("move it away"), "{err}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), stored, "left as it was");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
