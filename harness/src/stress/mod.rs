//! `threadlab stress`: jcstress-style outcome histograms on real hardware, with a watchdog.
//!
//! For each strategy, many small trials run on real threads; each trial is a batch of fresh
//! instances raced by one set of workers ([`scenarios::Strategy::run_batch`], or repeated
//! `run`s where a strategy has no batch form). Every observed outcome is graded by the
//! scenario itself: FORBIDDEN when `check` says the invariant is violated,
//! ACCEPTABLE_INTERESTING when `stress.interesting` names a reason, ACCEPTABLE otherwise.
//! A trial that misses its deadline is the outcome `hung` (FORBIDDEN: for a Correct strategy
//! a failure, for a Broken one such as a lost wakeup the expected bug showing itself).
//!
//! - [`command`]: `threadlab stress` itself: each scenario stressed, its file merged and
//!   written.
//! - [`worker`]: the child process (`threadlab __stress-worker`) that runs the trials and
//!   grades them.
//! - [`supervisor`]: starts the child, is its watchdog, kills it when a trial hangs.
//! - [`table`]: the console table of one strategy's result.
//! - [`synthetic`]: a scenario that hangs, spins or crashes on demand, for the tests.
//!
//! The result file, `<results>/stress/<scenario>.json`, is `threadlab_results::stress`.
//!
//! Never more busy actors than cores: the scenario's stress thread count is clamped to the
//! cores available (and the clamp is reported) unless `--oversubscribe` asks for the
//! separate, labelled configuration. Helper threads a strategy spawns per instance (the
//! counter's `channel` owner, say) mostly sleep in `recv` and are not counted as actors.

pub mod command;
pub mod supervisor;
pub mod synthetic;
pub mod table;
pub mod worker;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use indicatif::{ProgressBar, ProgressStyle};

use scenarios::{CatalogueError, Expectation, Params, Scenario, Strategy};

use supervisor::{Job, Progress, supervise};
pub use table::render_strategy;
use threadlab_results::machine::Machine;
use threadlab_results::stress::{
    Grade, ParamsRecord, StrategyResult, StrategyVerdict, StressFile, StressSettings,
};
pub use worker::Budget;

/// What the user asked for, shared by every scenario of one command.
#[derive(Debug, Clone)]
pub struct Request {
    pub threads: Option<usize>,
    pub ops: Option<usize>,
    pub limit: Option<usize>,
    pub budget: Budget,
    pub oversubscribe: bool,
    pub deadline: Duration,
    pub max_batch: usize,
    pub target_batch: Duration,
}

impl Request {
    /// The defaults of `threadlab stress`: one second per strategy, a 2 s deadline, batches
    /// of up to 256 instances aiming at 10 ms each.
    pub fn new(budget: Budget) -> Self {
        Request {
            threads: None,
            ops: None,
            limit: None,
            budget,
            oversubscribe: false,
            deadline: Duration::from_secs(2),
            max_batch: 256,
            target_batch: Duration::from_millis(10),
        }
    }
}

/// One scenario's configuration, after clamping and validation.
#[derive(Debug, Clone)]
pub struct Plan {
    pub params: Params,
    pub requested_threads: usize,
    pub cores: usize,
    pub clamped: bool,
    /// Printed before the run (the clamp, or the oversubscription).
    pub note: Option<String>,
}

/// Parameters for `scenario`: its stress parameters, overridden by flags, with the thread
/// count clamped to `cores` unless oversubscription was asked for.
pub fn plan(scenario: &Scenario, request: &Request, cores: usize) -> Result<Plan, CatalogueError> {
    let mut params = scenario.stress.params;
    if let Some(ops) = request.ops {
        params.ops = ops;
    }
    if let Some(limit) = request.limit {
        params.limit = limit;
    }
    let requested_threads = request.threads.unwrap_or(params.threads);
    params.threads = requested_threads;
    // Beyond the scenario's bound, no clamp note: --oversubscribe would refuse it too.
    scenario.validate(&params)?;
    let mut note = None;
    let mut clamped = false;
    if requested_threads > cores {
        if request.oversubscribe {
            note = Some(format!(
                "{}: OVERSUBSCRIBED, {requested_threads} threads on {cores} cores (results go to \
                 their own file)",
                scenario.name
            ));
        } else {
            params.threads = cores;
            clamped = true;
            note = Some(format!(
                "{}: {requested_threads} threads asked for, {cores} cores: clamped to {cores} \
                 (never more busy actors than cores; --oversubscribe runs {requested_threads})",
                scenario.name
            ));
        }
    }
    scenario.validate(&params)?;
    Ok(Plan { params, requested_threads, cores, clamped, note })
}

/// How this command shows progress.
#[derive(Debug, Clone, Copy)]
pub struct Display {
    /// Draw an indicatif progress bar (only on a terminal, never with `--json`).
    pub progress: bool,
}

fn expectation_text(expectation: &Expectation) -> String {
    expectation.to_string()
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn progress_bar(
    scenario: &Scenario,
    strategy: &Strategy,
    budget: Budget,
    show: bool,
) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let (len, unit) = match budget {
        Budget::Seconds(s) => ((s * 1000.0) as u64, "elapsed {elapsed}"),
        Budget::Samples(n) => (n, "{pos}/{len} samples"),
    };
    let bar = ProgressBar::new(len.max(1));
    let template = format!("{{prefix:32}} [{{bar:30}}] {unit} {{msg}}");
    bar.set_style(
        ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(format!("{}/{}", scenario.name, strategy.name));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Stress each of `strategies` (all of `scenario`'s by default) in worker processes started
/// from `program`, and gather the results into a file's worth of data, handed to `save`
/// after each strategy (so an interrupted run keeps the strategies it finished).
#[allow(clippy::too_many_arguments)]
pub fn stress_scenario(
    program: &Path,
    scenario: &'static Scenario,
    strategies: &[&'static Strategy],
    request: &Request,
    plan: &Plan,
    machine: &Machine,
    display: Display,
    save: &mut dyn FnMut(&StressFile) -> anyhow::Result<()>,
) -> anyhow::Result<StressFile> {
    let mut file = StressFile {
        scenario: scenario.name.to_owned(),
        title: scenario.title.to_owned(),
        invariant: scenario.invariant.to_owned(),
        machine: machine.clone(),
        strategies: Vec::new(),
    };
    for &strategy in strategies {
        let job = Job {
            program: program.to_path_buf(),
            scenario,
            strategy,
            params: plan.params,
            budget: request.budget,
            deadline: request.deadline,
            max_batch: request.max_batch,
            target_batch: request.target_batch,
        };
        let bar = progress_bar(scenario, strategy, request.budget, display.progress);
        let sampler = threadlab_results::noise::NoiseSampler::start();
        let tally = supervise(&job, &mut |p: Progress| {
            match request.budget {
                Budget::Seconds(_) => bar.set_position(p.elapsed.as_millis() as u64),
                Budget::Samples(_) => bar.set_position(p.samples),
            }
            bar.set_message(format!(
                "{} samples, {} forbidden{}",
                p.samples,
                p.forbidden,
                if p.hung_batches > 0 {
                    format!(", {} hung", p.hung_batches)
                } else {
                    String::new()
                }
            ));
        })?;
        // After the workers were reaped, so their CPU time counts as this process tree's.
        let noise = sampler.finish(&[]);
        bar.finish_and_clear();
        let forbidden = tally
            .rows(request.deadline)
            .iter()
            .filter(|r| r.grade == Grade::Forbidden)
            .map(|r| r.samples)
            .sum();
        let (seconds, samples) = match request.budget {
            Budget::Seconds(s) => (Some(s), None),
            Budget::Samples(n) => (None, Some(n)),
        };
        file.strategies.push(StrategyResult {
            provenance: Some(crate::files::provenance(
                "stress",
                None,
                scenario.built_source_hash(strategy),
            )),
            strategy: strategy.name.to_owned(),
            expectation: expectation_text(&strategy.expectation),
            settings: StressSettings {
                params: ParamsRecord {
                    threads: plan.params.threads,
                    ops: plan.params.ops,
                    limit: plan.params.limit,
                },
                requested_threads: plan.requested_threads,
                cores: plan.cores,
                clamped: plan.clamped,
                oversubscribed: plan.params.threads > plan.cores,
                seconds,
                samples,
                deadline_ms: request.deadline.as_millis() as u64,
                max_batch: request.max_batch,
                target_batch_ms: request.target_batch.as_millis() as u64,
                sampling: if strategy.run_batch.is_some() { "run_batch" } else { "repeated run" }
                    .to_owned(),
            },
            samples: tally.samples,
            batches: tally.batches,
            hung_batches: tally.hung_batches,
            crashed_batches: tally.crashed_batches,
            workers_started: tally.workers_started,
            largest_batch: tally.largest_batch,
            seconds: tally.elapsed.as_secs_f64(),
            forbidden,
            verdict: StrategyVerdict::judge(
                strategy.expectation.violation_kind(),
                &tally.rows(request.deadline),
                tally.samples,
            ),
            finished_unix: unix_now(),
            load_average_end: crate::machine::load_average_now(),
            noise: Some(noise),
            outcomes: tally.rows(request.deadline),
        });
        save(&file)?;
    }
    Ok(file)
}

/// The strategies in `file` whose verdict is a failure (a Correct one that produced a
/// forbidden outcome, or a finding other than the lesson's bug), one line each.
pub fn failures(file: &StressFile) -> Vec<String> {
    file.strategies
        .iter()
        .filter(|s| s.verdict.is_failure())
        .map(|s| {
            let rows: Vec<String> = s
                .outcomes
                .iter()
                .filter(|o| o.grade == Grade::Forbidden)
                .map(|o| format!("{} x{} ({})", o.result, o.samples, o.description))
                .collect();
            let what = match s.verdict {
                StrategyVerdict::UnexpectedFinding => {
                    "had an unexpected finding (a crashed worker, or a bug other than the one declared) in"
                }
                _ => "is declared correct but produced",
            };
            format!(
                "{}/{} {what} {} forbidden sample(s): {}",
                file.scenario,
                s.strategy,
                s.forbidden,
                rows.join("; ")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> &'static Scenario {
        scenarios::scenario("shared_counter").unwrap()
    }

    #[test]
    fn threads_beyond_the_cores_are_clamped_unless_oversubscription_is_asked_for() {
        let mut request = Request::new(Budget::Samples(10));
        request.threads = Some(8);
        let clamped = plan(counter(), &request, 2).unwrap();
        assert_eq!((clamped.params.threads, clamped.requested_threads), (2, 8));
        assert!(clamped.clamped && clamped.note.unwrap().contains("clamped to 2"));

        request.oversubscribe = true;
        let over = plan(counter(), &request, 2).unwrap();
        assert_eq!(over.params.threads, 8);
        assert!(!over.clamped && over.note.unwrap().contains("OVERSUBSCRIBED"));

        let default = plan(counter(), &Request::new(Budget::Samples(10)), 64).unwrap();
        assert_eq!(default.params, counter().stress.params);
        assert!(default.note.is_none());
    }

    #[test]
    fn absurd_overrides_are_rejected_by_the_scenario() {
        let mut request = Request::new(Budget::Samples(10));
        request.ops = Some(0);
        assert!(plan(counter(), &request, 2).is_err());
        // Beyond the scenario's bound: refused, never clamped with a note suggesting
        // --oversubscribe (which would refuse it too).
        let mut request = Request::new(Budget::Samples(10));
        request.threads = Some(100_000);
        assert!(plan(counter(), &request, 2).is_err());
        request.oversubscribe = true;
        assert!(plan(counter(), &request, 2).is_err());
    }
}
