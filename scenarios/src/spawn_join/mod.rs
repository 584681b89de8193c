//! Pattern 1: start threads with arguments, then wait for them.
//!
//! Seeds 000 (`doubler(number)` in five threads, the `join` commented out: Python still
//! prints all five, because the interpreter waits for non-daemon threads at exit), 001
//! (`worker(name)` and a `WorkerThread` subclass), 002 (`slow_function(i)`, "Main flow"
//! printed before the joins), 003 (a thread as a class, a functor, a function with
//! `args`, `is_alive` and `join` with a timeout) and 004 examples 1-4 start threads with
//! arguments and wait for them. Here every
//! strategy starts `n` tasks, task `i` computes `2 * i` (seed 000's doubler), and main
//! collects what it can see. One run repeats that `rounds` times so that the cost per task
//! is measurable; the timed region *includes* starting and joining the threads, because
//! that cost is what this scenario measures.

mod closure;
mod crossbeam_scope;
mod detached;
mod join_in_loop;
mod poll_finished;
#[cfg(all(test, not(loom), not(shuttle)))]
mod python_check;
mod rayon;
mod scoped;
mod worker;

use std::hint::black_box;
use std::time::Instant;

use crate::catalogue::ViolationKind::{DeadlockOrHang, MissingResult};
use crate::catalogue::*;

/// Seed 000's `doubler`: the work one task does with its argument.
fn double(number: u64) -> u64 {
    black_box(number) * 2
}

/// What main saw in one round: the results, and what the strategies that report more
/// noticed on the way (`None` where a strategy does not look).
#[derive(Default)]
struct Round {
    results: Vec<u64>,
    /// Threads that did not carry the name they were started with.
    misnamed: Option<u64>,
    /// Joins called on a thread that had not finished (main blocked where it meant to poll).
    blocking_joins: Option<u64>,
}

impl From<Vec<u64>> for Round {
    fn from(results: Vec<u64>) -> Self {
        Round { results, ..Round::default() }
    }
}

/// Time `rounds` calls of `one_round(n)`, each returning what main saw, then tally them
/// (outside the timed region).
fn run_rounds<R: Into<Round>>(params: &Params, mut one_round: impl FnMut(usize) -> R) -> Run {
    let n = params.threads;
    let start = Instant::now();
    let seen: Vec<R> = (0..params.ops).map(|_| one_round(n)).collect();
    let elapsed = start.elapsed();
    let mut tally = Tally::default();
    for round in seen {
        tally.add_round(n, &round.into());
    }
    Run { outcome: tally.outcome(), elapsed }
}

/// What main saw, summed over rounds.
#[derive(Default)]
struct Tally {
    seen: u64,
    missing: u64,
    duplicates: u64,
    wrong: u64,
    misnamed: Option<u64>,
    blocking_joins: Option<u64>,
}

fn add(total: &mut Option<u64>, more: Option<u64>) {
    if let Some(more) = more {
        *total = Some(total.unwrap_or(0) + more);
    }
}

impl Tally {
    fn add_round(&mut self, n: usize, round: &Round) {
        let mut times_seen = vec![0u64; n];
        for &result in &round.results {
            self.seen += 1;
            let i = (result / 2) as usize;
            if !result.is_multiple_of(2) || i >= n {
                self.wrong += 1;
            } else {
                times_seen[i] += 1;
            }
        }
        self.missing += times_seen.iter().filter(|&&t| t == 0).count() as u64;
        self.duplicates += times_seen.iter().map(|&t| t.saturating_sub(1)).sum::<u64>();
        add(&mut self.misnamed, round.misnamed);
        add(&mut self.blocking_joins, round.blocking_joins);
    }

    fn outcome(&self) -> Outcome {
        let mut outcome = Outcome::default()
            .with("seen", self.seen)
            .with("missing", self.missing)
            .with("duplicates", self.duplicates)
            .with("wrong", self.wrong);
        if let Some(misnamed) = self.misnamed {
            outcome = outcome.with("misnamed", misnamed);
        }
        if let Some(blocking) = self.blocking_joins {
            outcome = outcome.with("blocking_joins", blocking);
        }
        outcome
    }
}

/// The invariant: in every round main sees each `2 * i` (i in 0..n) exactly once; where a
/// strategy names its threads, each carries its name; where it polls, it never joins a
/// thread that has not finished.
fn check(params: &Params, outcome: &Outcome) -> Check {
    let expected = (params.threads * params.ops) as u64;
    let (Some(seen), Some(missing), Some(duplicates), Some(wrong)) = (
        outcome.get("seen"),
        outcome.get("missing"),
        outcome.get("duplicates"),
        outcome.get("wrong"),
    ) else {
        return Check::violated(MissingResult, "the outcome lacks seen/missing/duplicates/wrong");
    };
    let mut problems = Problems::default();
    if missing > 0 {
        problems.push(
            MissingResult,
            format!(
                "missing {missing} of {expected} results (main read them before the tasks finished)"
            ),
        );
    }
    if duplicates > 0 {
        problems.push(MissingResult, format!("{duplicates} results seen more than once"));
    }
    if wrong > 0 {
        problems.push(MissingResult, format!("{wrong} results that no task should produce"));
    }
    if let Some(misnamed) = outcome.get("misnamed").filter(|&m| m > 0) {
        problems.push(MissingResult, format!("{misnamed} threads did not carry their names"));
    }
    if let Some(blocking) = outcome.get("blocking_joins").filter(|&b| b > 0) {
        problems.push(
            DeadlockOrHang,
            format!("{blocking} joins blocked on a thread that had not finished"),
        );
    }
    if problems.is_empty() && seen != expected {
        problems.push(MissingResult, format!("saw {seen} results, expected {expected}"));
    }
    problems.into_check()
}

const fn params(threads: usize, ops: usize) -> Params {
    Params { threads, ops, limit: 0 }
}

fn tasks(params: &Params) -> u64 {
    (params.threads * params.ops) as u64
}

/// Every strategy's bound.
const BOUND: Option<Bound> = Some(Bound {
    probe: BoundingProbe::SpawnJoin,
    why: "each task is at least one thread start and join",
});

/// The spawn_join scenario's catalogue entry.
pub static SCENARIO: Scenario = Scenario {
    name: "spawn_join",
    title: "Spawn and join: start threads with arguments, wait for them",
    seeds: "000 (doubler(number) in 5 threads, join commented out: Python still waits for \
            its non-daemon threads at exit), 001 (worker(name), WorkerThread subclass), 002 \
            (slow_function(i), \"Main flow\" before the joins), 003 (thread as class, \
            functor, function with args, is_alive and join with a timeout), 004 examples 1-4",
    lesson: "A thread's result is only there once the thread has finished, and join is what \
             tells you so; in Rust the result travels back through the join itself, or the \
             scope guarantees the join for you. Rust's threads are like Python's daemon \
             threads: nothing waits for them at exit. A join inside the start loop runs the \
             threads one at a time; is_finished checks without blocking.",
    invariant: "in every round main sees each result 2*i (i in 0..n) exactly once; a \
                strategy that names its threads finds each on the thread named for it; a \
                strategy that polls never joins a thread that has not finished",
    params: ParamSpec {
        threads: "n: tasks started per round, each on its own thread (a pool of n for rayon)",
        ops: "rounds: how many times the n tasks are started and collected in one run",
        limit: None,
        defaults: params(5, 100),
        max: params(1024, 100_000),
    },
    presets: &[Preset {
        name: "seed-000",
        params: params(5, 1),
        source: "seed 000: doubler(i) for i in range(5), each in its own thread, once",
    }],
    loom: LoomConfig {
        params: params(3, 1),
        preemption_bound: None,
        why: "3 tasks started once: main + 3 task threads, so that the tasks can finish in \
              any order before, during or after main collects them. No bound: every \
              interleaving at this size is cheap enough to explore",
        // Within loom's 5 threads: every round spawns its n threads anew: n x rounds <= 4.
        depth: Some(DepthLadder { sizes: &[(2, 1), (2, 2), (3, 1), (4, 1)] }),
    },
    stress: StressConfig { params: params(2, 1), interesting: nothing_interesting },
    bench: BenchConfig {
        params: params(1, 10),
        thread_counts: &[1, 2, 4, 8],
        elements: tasks,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    strategies: &[
        detached::STRATEGY,
        closure::STRATEGY,
        join_in_loop::STRATEGY,
        poll_finished::STRATEGY,
        worker::STRATEGY,
        scoped::STRATEGY,
        crossbeam_scope::STRATEGY,
        rayon::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/spawn_join/mod.rs"],
    speedup_summary: None,
    timing: Timing::NONE,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_correct_strategy_sees_each_result_exactly_once() {
        let params = params(8, 20);
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("seen"), Some(160), "{}", strategy.name);
        }
    }

    #[test]
    fn check_names_missing_duplicate_and_wrong_results() {
        let params = params(3, 1);
        let mut tally = Tally::default();
        tally.add_round(3, &vec![0, 2, 4].into());
        assert_eq!(check(&params, &tally.outcome()), Check::Holds);

        let mut tally = Tally::default();
        tally.add_round(3, &vec![2, 2, 7].into());
        let Check::Violated(why) = check(&params, &tally.outcome()) else {
            panic!("a round with a duplicate, a wrong and two missing results passed")
        };
        assert_eq!(why.kind, MissingResult);
        assert!(why.text.contains("missing 2 of 3"), "{why}");
        assert!(why.text.contains("1 results seen more than once"), "{why}");
        assert!(why.text.contains("1 results that no task should produce"), "{why}");
    }

    #[test]
    fn a_thread_without_its_name_breaks_the_invariant_in_every_build() {
        let params = params(2, 1);
        let named = Round { misnamed: Some(0), ..vec![0, 2].into() };
        let mut tally = Tally::default();
        tally.add_round(2, &named);
        assert_eq!(check(&params, &tally.outcome()), Check::Holds);
        let misnamed = Round { misnamed: Some(1), ..vec![0, 2].into() };
        let mut tally = Tally::default();
        tally.add_round(2, &misnamed);
        let why = check(&params, &tally.outcome());
        assert!(why.violation().is_some_and(|v| v.text.contains("1 threads did not carry")));
    }

    #[test]
    fn join_in_loop_and_worker_report_what_they_checked() {
        let params = params(3, 2);
        let worker = (SCENARIO.strategy("worker").unwrap().run)(&params);
        assert_eq!(worker.outcome.get("misnamed"), Some(0), "{}", worker.outcome);
        let polled = (SCENARIO.strategy("poll_finished").unwrap().run)(&params);
        assert_eq!(polled.outcome.get("blocking_joins"), Some(0), "{}", polled.outcome);
        let serial = (SCENARIO.strategy("join_in_loop").unwrap().run)(&params);
        assert_eq!(serial.outcome.get("seen"), Some(6), "{}", serial.outcome);
    }

    #[test]
    fn detached_tasks_are_not_seen_reliably() {
        // Main reads at once; the outcome is only checked to be well-formed and to never
        // show more than it should. Whether results are missing depends on the scheduler,
        // which is the point: loom shows the interleaving where they are.
        let params = params(4, 5);
        let run = (SCENARIO.strategy("detached").unwrap().run)(&params);
        assert!(run.outcome.get("seen").unwrap() <= 20, "{}", run.outcome);
        assert_eq!(run.outcome.get("wrong"), Some(0), "{}", run.outcome);
    }

    /// A strategy loom cannot model claims no proof through another one: its reason names
    /// the tiers that ran its own code.
    #[test]
    fn scoped_strategies_name_their_own_evidence_not_a_proxy() {
        for name in ["scoped", "crossbeam_scope"] {
            let LoomModel::NotModelled(why) = SCENARIO.strategy(name).unwrap().loom else {
                panic!("{name}: loom has no scoped threads")
            };
            assert!(why.contains("own") && why.contains("Miri"), "{name}: {why}");
            assert!(!why.contains("proved"), "{name}: {why}");
        }
    }
}
