//! The shuttle runner the shuttle tier starts (built with `--cfg shuttle`, where the facade
//! `scenarios::sync` hands out shuttle's threads, locks and atomics): `tests/shuttle.rs` for
//! the catalogue, a user binary's hidden `__shuttle` command for its registered strategies.
//! One strategy, one scheduler per process (shuttle installs its failure-persisting panic
//! hook once per process); one [`SchedulerReport`] line on stdout.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::shuttle_report::SchedulerReport;
use crate::{Size, select_from};
use scenarios::{Check, Scenario, Strategy};
use shuttle::scheduler::{PctScheduler, RandomScheduler, ReplayScheduler, Scheduler};
use shuttle::{Config, FailurePersistence, Runner};
use threadlab_results::wire::MarkerLine;

struct Options {
    scheduler: String,
    iterations: usize,
    depth: usize,
    seed: u64,
    schedules: Option<PathBuf>,
    replay: Option<PathBuf>,
    names: Vec<String>,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        scheduler: "random".to_owned(),
        iterations: 10_000,
        depth: 3,
        seed: 0,
        schedules: None,
        replay: None,
        names: Vec::new(),
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--scheduler" => o.scheduler = value("--scheduler")?,
            "--iterations" => {
                o.iterations = value("--iterations")?.parse().map_err(|e| format!("{e}"))?
            }
            "--depth" => o.depth = value("--depth")?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => o.seed = value("--seed")?.parse().map_err(|e| format!("{e}"))?,
            "--schedules" => o.schedules = Some(value("--schedules")?.into()),
            "--replay" => o.replay = Some(value("--replay")?.into()),
            flag if flag.starts_with("--") => {} // libtest habits, ignored
            name => o.names.push(name.to_owned()),
        }
    }
    Ok(o)
}

/// Explore the one strategy of `universe` that `args` (the runner's arguments, without the
/// program name) names, or replay a saved schedule of it; see the crate's `tests/shuttle.rs`
/// for the command line. Bad arguments are one line on stderr and exit 2.
pub fn main(
    universe: &[(&'static Scenario, &'static Strategy)],
    args: impl IntoIterator<Item = String>,
) -> ExitCode {
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("shuttle: {e}");
            return ExitCode::from(2);
        }
    };
    let subjects = match select_from(universe, &options.names) {
        Ok(s) if s.len() == 1 => s,
        Ok(_) => {
            eprintln!("shuttle: name exactly one scenario/strategy");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("shuttle: {e}");
            return ExitCode::from(2);
        }
    };
    let (scenario, strategy) = subjects[0];
    if let Some(file) = &options.replay {
        return replay(scenario, strategy, file);
    }
    let Some(dir) = options.schedules.clone() else {
        eprintln!("shuttle: --schedules DIR is required");
        return ExitCode::from(2);
    };
    // shuttle persists a failing schedule into this scratch directory under a name of
    // its own; the one new file is renamed after the strategy and scheduler.
    let scratch = dir.join(format!(".scratch.{}.{}", scenario.name, strategy.name));
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        eprintln!("shuttle: cannot create {}: {e}", scratch.display());
        return ExitCode::FAILURE;
    }
    let (n, seed, depth) = (options.iterations, options.seed, options.depth);
    let (runner, flags): (Box<dyn SchedulerBox>, String) = match options.scheduler.as_str() {
        "random" => (
            Box::new(RandomScheduler::new_from_seed(seed, n)),
            format!("random scheduler, {n} iterations, seed {seed}"),
        ),
        "pct" => (
            Box::new(PctScheduler::new_from_seed(seed, depth, n)),
            format!("PCT scheduler, depth {depth}, {n} iterations, seed {seed}"),
        ),
        other => {
            eprintln!("shuttle: unknown scheduler `{other}` (random or pct)");
            return ExitCode::from(2);
        }
    };
    let report = explore(scenario, strategy, &options.scheduler, runner, &scratch, &dir, flags);
    println!("{}", report.to_line());
    let _ = std::fs::remove_dir_all(&scratch);
    ExitCode::SUCCESS
}

/// Object-safe wrapper so the two schedulers fit one list.
trait SchedulerBox {
    fn run(self: Box<Self>, config: Config, f: Box<dyn Fn() + Send + Sync>) -> usize;
}
impl<S: Scheduler + 'static> SchedulerBox for S {
    fn run(self: Box<Self>, config: Config, f: Box<dyn Fn() + Send + Sync>) -> usize {
        Runner::new(*self, config).run(f)
    }
}

/// The body shuttle explores: one run of the strategy, judged by the scenario's check.
fn body(scenario: &'static Scenario, strategy: &'static Strategy) -> impl Fn() + Send + Sync {
    let params = Size::Shuttle.params(scenario);
    move || {
        let outcome = (strategy.run)(&params).outcome;
        if let Check::Violated(why) = (scenario.check)(&params, &outcome) {
            panic!("invariant violated ({}): {why} [{outcome}]", why.kind.slug());
        }
    }
}

fn explore(
    scenario: &'static Scenario,
    strategy: &'static Strategy,
    scheduler: &str,
    runner: Box<dyn SchedulerBox>,
    scratch: &Path,
    dir: &Path,
    flags: String,
) -> SchedulerReport {
    let executions = Arc::new(AtomicU64::new(0));
    let counter = executions.clone();
    let run = body(scenario, strategy);
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::File(Some(scratch.to_path_buf()));
    let before = list(scratch);
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        runner.run(
            config,
            Box::new(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                run();
            }),
        )
    }));
    let seconds = started.elapsed().as_secs_f64();
    let params = Size::Shuttle.params(scenario);
    let mut report = SchedulerReport {
        scheduler: scheduler.to_owned(),
        flags,
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        executions: executions.load(Ordering::Relaxed),
        failure: None,
        schedule_file: None,
        seconds,
    };
    if let Err(payload) = result {
        report.failure = Some(panic_text(payload.as_ref()));
        let fresh: Vec<PathBuf> =
            list(scratch).into_iter().filter(|p| !before.contains(p)).collect();
        if let Some(saved) = fresh.last() {
            let target =
                dir.join(format!("{}.{}.{scheduler}.schedule", scenario.name, strategy.name));
            match std::fs::rename(saved, &target) {
                Ok(()) => report.schedule_file = Some(target.display().to_string()),
                Err(e) => {
                    eprintln!("shuttle: cannot keep the schedule {}: {e}", saved.display())
                }
            }
        }
    }
    report
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn replay(scenario: &'static Scenario, strategy: &'static Strategy, file: &Path) -> ExitCode {
    let scheduler = match ReplayScheduler::new_from_file(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("shuttle: cannot read the schedule {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let mut config = Config::new();
    config.failure_persistence = FailurePersistence::None;
    let run = body(scenario, strategy);
    let result = catch_unwind(AssertUnwindSafe(|| Runner::new(scheduler, config).run(run)));
    match result {
        Ok(_) => {
            println!(
                "replay of {} on {}/{}: no failure (the schedule no longer reproduces it)",
                file.display(),
                scenario.name,
                strategy.name
            );
            ExitCode::FAILURE
        }
        Err(payload) => {
            let text = panic_text(payload.as_ref());
            // shuttle itself panics when the schedule does not fit the code it drives
            // (another strategy, or code changed since the schedule was saved).
            if text.contains("scheduled task is not runnable") || text.contains("invalid schedule")
            {
                let short: String = text.chars().take(160).collect();
                println!(
                    "replay of {} on {}/{}: the schedule does not fit this code: {short}...",
                    file.display(),
                    scenario.name,
                    strategy.name
                );
                return ExitCode::from(2);
            }
            println!(
                "replay of {} on {}/{}: reproduced: {text}",
                file.display(),
                scenario.name,
                strategy.name
            );
            ExitCode::SUCCESS
        }
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "shuttle panicked with a non-text payload".to_owned()
    }
}
