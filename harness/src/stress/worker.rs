//! The worker process: runs trials of one strategy and reports each on stdout.
//!
//! `threadlab __stress-worker ...` (a hidden subcommand, entered at [`main`]) is started by
//! the supervisor, never by hand. Before a trial it announces `begin` with the batch size; after it, `done` with
//! the graded histogram of that batch. Grading happens here, with the scenario's own `check`
//! and `stress.interesting`, so only plain data crosses the pipe. Each message is one line
//! of the [`MarkerLine`] protocol `WorkerMessage`; anything else a strategy prints on stdout is ignored by the
//! supervisor (a strategy that teaches output interleaving may well print).
//!
//! The batch size adapts: it doubles while a batch takes less than half the target time and
//! halves when it takes more than twice that, within `1..=max_batch`. Small batches keep a
//! hang cheap to attribute; larger ones amortise thread start-up.

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use scenarios::{Check, Outcome, Params, Scenario, Strategy, ViolationKind};

use crate::cli::usage;

use threadlab_results::stress::{Grade, OutcomeCount, OutcomeKind};
use threadlab_results::wire::MarkerLine;

/// One protocol line, worker to supervisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum WorkerMessage {
    /// A trial of `batch` samples starts now: the watchdog's clock starts.
    Begin { batch: usize },
    /// The trial finished.
    Done { batch: usize, nanos: u64, outcomes: Vec<OutcomeCount> },
}

impl MarkerLine for WorkerMessage {
    /// An unlikely byte, then a name.
    const MARKER: &'static str = "\u{1}threadlab-stress:";
}

/// When a worker stops by itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    Seconds(f64),
    Samples(u64),
}

/// What one worker process is asked to do.
#[derive(Debug, Clone)]
pub struct WorkerPlan {
    pub params: Params,
    pub budget: Budget,
    pub start_batch: usize,
    pub max_batch: usize,
    pub target_batch: Duration,
}

/// The flags of `threadlab __stress-worker`, as the supervisor passes them.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    pub scenario: String,
    pub strategy: String,
    #[arg(long)]
    pub threads: usize,
    #[arg(long)]
    pub ops: usize,
    #[arg(long)]
    pub limit: usize,
    #[arg(long)]
    pub start_batch: usize,
    #[arg(long)]
    pub max_batch: usize,
    #[arg(long)]
    pub target_us: u64,
    #[arg(long, conflicts_with = "samples")]
    pub seconds: Option<f64>,
    #[arg(long)]
    pub samples: Option<u64>,
}

/// `threadlab __stress-worker`: find the strategy (the tests' synthetic scenario included)
/// and [`work`] through its budget, reporting on stdout. Unknown names are usage errors.
pub fn main(args: WorkerArgs) -> anyhow::Result<()> {
    let scenario = if args.scenario == super::synthetic::NAME {
        &super::synthetic::SCENARIO
    } else {
        scenarios::scenario(&args.scenario).map_err(usage)?
    };
    let strategy = scenario.strategy(&args.strategy).map_err(usage)?;
    work_as_asked(scenario, strategy, &args)
}

/// [`work`] through the budget `args` give, for a strategy already found (the user's
/// registered strategies are found by their own `main`: see [`crate::user`]).
pub fn work_as_asked(
    scenario: &Scenario,
    strategy: &Strategy,
    args: &WorkerArgs,
) -> anyhow::Result<()> {
    let budget = match (args.seconds, args.samples) {
        (_, Some(n)) => Budget::Samples(n),
        (Some(s), None) => Budget::Seconds(s),
        (None, None) => return Err(usage("the worker needs --seconds or --samples")),
    };
    let plan = WorkerPlan {
        params: Params { threads: args.threads, ops: args.ops, limit: args.limit },
        budget,
        start_batch: args.start_batch,
        max_batch: args.max_batch,
        target_batch: Duration::from_micros(args.target_us),
    };
    work(scenario, strategy, &plan, &mut std::io::stdout().lock())?;
    Ok(())
}

/// The scenario's verdict on one outcome: FORBIDDEN if `check` says violated, else
/// ACCEPTABLE_INTERESTING if `stress.interesting` has a reason, else ACCEPTABLE; with the
/// check's kind of violation for a FORBIDDEN one.
pub fn grade(
    scenario: &Scenario,
    params: &Params,
    outcome: &Outcome,
) -> (Grade, String, Option<ViolationKind>) {
    match (scenario.check)(params, outcome) {
        Check::Violated(why) => (Grade::Forbidden, why.text, Some(why.kind)),
        Check::Holds => match (scenario.stress.interesting)(params, outcome) {
            Some(why) => (Grade::AcceptableInteresting, why.to_owned(), None),
            None => (Grade::Acceptable, "invariant holds".to_owned(), None),
        },
    }
}

/// Run `batch` fresh instances: with `run_batch` where the strategy has it, else by
/// repeated `run`s.
pub fn run_trial(strategy: &Strategy, params: &Params, batch: usize) -> Vec<Outcome> {
    match strategy.run_batch {
        Some(run_batch) => run_batch(params, batch),
        None => (0..batch).map(|_| (strategy.run)(params).outcome).collect(),
    }
}

/// Tally and grade one trial's outcomes.
pub fn histogram(
    scenario: &Scenario,
    params: &Params,
    outcomes: Vec<Outcome>,
) -> Vec<OutcomeCount> {
    let mut tally: HashMap<Outcome, u64> = HashMap::new();
    for outcome in outcomes {
        *tally.entry(outcome).or_default() += 1;
    }
    tally
        .into_iter()
        .map(|(outcome, samples)| {
            let (grade, description, violation) = grade(scenario, params, &outcome);
            OutcomeCount {
                result: outcome.to_string(),
                kind: OutcomeKind::Observed,
                counts: outcome.counts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
                order: outcome.order.clone(),
                grade,
                description,
                samples,
                violation,
            }
        })
        .collect()
}

/// The worker's main loop: trials until the budget is spent, one message before and one
/// after each.
pub fn work(
    scenario: &Scenario,
    strategy: &Strategy,
    plan: &WorkerPlan,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let started = Instant::now();
    let max_batch = plan.max_batch.max(1);
    let mut batch = plan.start_batch.clamp(1, max_batch);
    let mut samples = 0u64;
    loop {
        let mut size = batch;
        match plan.budget {
            Budget::Seconds(s) if started.elapsed().as_secs_f64() >= s => break,
            Budget::Samples(n) if samples >= n => break,
            Budget::Samples(n) => size = size.min((n - samples) as usize),
            Budget::Seconds(_) => {}
        }
        writeln!(out, "{}", WorkerMessage::Begin { batch: size }.to_line())?;
        out.flush()?;
        let clock = Instant::now();
        let outcomes = run_trial(strategy, &plan.params, size);
        let took = clock.elapsed();
        if outcomes.len() != size {
            return Err(std::io::Error::other(format!(
                "{}/{} returned {} outcomes for a batch of {size}",
                scenario.name,
                strategy.name,
                outcomes.len()
            )));
        }
        let outcomes = histogram(scenario, &plan.params, outcomes);
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        writeln!(out, "{}", WorkerMessage::Done { batch: size, nanos, outcomes }.to_line())?;
        out.flush()?;
        samples += size as u64;
        if took < plan.target_batch / 2 {
            batch = (batch * 2).min(max_batch);
        } else if took > plan.target_batch * 2 {
            batch = (batch / 2).max(1);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> &'static Scenario {
        scenarios::scenario("shared_counter").unwrap()
    }

    #[test]
    fn lost_updates_are_forbidden_and_the_full_total_acceptable() {
        let params = Params { threads: 2, ops: 5, limit: 0 };
        let full = Outcome::default().with("total", 10);
        let short = Outcome::default().with("total", 8);
        let rows = histogram(counter(), &params, vec![full.clone(), short.clone(), full]);
        let row = |result: &str| rows.iter().find(|r| r.result == result).unwrap().clone();
        assert_eq!(row("total=10").grade, Grade::Acceptable);
        assert_eq!(row("total=10").samples, 2);
        assert_eq!(row("total=8").grade, Grade::Forbidden);
        assert_eq!(row("total=8").description, "lost 2 of 10 updates (total 8)");
        assert_eq!(row("total=8").violation, Some(ViolationKind::LostUpdate));
        assert_eq!(row("total=10").violation, None);
        assert_eq!(row("total=8").counts.get("total"), Some(&8));
    }

    #[test]
    fn a_message_survives_a_line_even_after_stray_output() {
        let message = WorkerMessage::Begin { batch: 7 };
        let line = format!("some strategy printed this{}", message.to_line());
        assert_eq!(WorkerMessage::from_line(&line).unwrap().unwrap(), message);
        assert!(WorkerMessage::from_line("plain output").is_none());
        assert!(
            WorkerMessage::from_line(&format!("{}{{broken", WorkerMessage::MARKER))
                .unwrap()
                .is_err()
        );
    }

    #[test]
    fn a_sample_budget_is_met_exactly_with_one_begin_and_done_per_trial() {
        let scenario = counter();
        let plan = WorkerPlan {
            params: Params { threads: 2, ops: 5, limit: 0 },
            budget: Budget::Samples(100),
            start_batch: 8,
            max_batch: 64,
            target_batch: Duration::from_millis(5),
        };
        let mut out = Vec::new();
        work(scenario, scenario.strategy("atomic").unwrap(), &plan, &mut out).unwrap();
        let messages: Vec<_> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| WorkerMessage::from_line(l).unwrap().unwrap())
            .collect();
        let mut samples = 0;
        for pair in messages.chunks(2) {
            let [WorkerMessage::Begin { batch }, WorkerMessage::Done { batch: done, outcomes, .. }] =
                pair
            else {
                panic!("expected begin then done, got {pair:?}");
            };
            assert_eq!(batch, done);
            assert_eq!(outcomes.iter().map(|o| o.samples).sum::<u64>(), *batch as u64);
            assert!(outcomes.iter().all(|o| o.grade == Grade::Acceptable), "{outcomes:?}");
            samples += batch;
        }
        assert_eq!(samples, 100);
    }
}
