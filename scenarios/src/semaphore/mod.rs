//! Pattern 4: at most K workers inside at once.
//!
//! Seed 001 creates `threading.Semaphore(3)` ("Allow max 3 concurrent threads") and starts
//! ten workers that each hold it while they work. std has no semaphore, so each strategy
//! builds one (or, for rayon, bounds the concurrency by the number of threads instead).
//!
//! The invariant is measured, not assumed: between acquire and release every worker bumps
//! an `inside` counter and records the largest value it ever saw (`max_inside`), so an
//! over-admitting semaphore shows up as a number above K. The counter is an atomic
//! read-modify-write, so the count itself can never be wrong, whatever the semaphore does.
//!
//! Inside the critical section each worker does a little work in real runs: [`WORK_SPINS`]
//! spin-loop hints and one `yield_now`, the seed's `time.sleep(2)` scaled down to giving
//! the core away once while holding the permit. That is what a semaphore is for (bounding
//! work that waits), and it lets the other workers reach the door while K are inside, so
//! correct strategies really do fill all K permits (seed-001 shows `max_inside` = 3) and
//! the bound is exercised rather than vacuous. The benchmark therefore measures
//! acquire + release around a critical section of one yield, the same for every strategy.
//! Under a model checker the work is omitted: the checker explores the interleavings
//! anyway, within its preemption bound (see `SCENARIO.loom`).

mod atomic;
mod channel;
mod check_then_act;
mod condvar;
mod parking_lot;
mod rayon;
mod timeline;

use crate::catalogue::ViolationKind::{MissingResult, OverAdmission};
use crate::catalogue::*;
use crate::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use crate::sync::{Arc, busy_work, preemption_point};
use crate::workers::{run_workers, run_workers_for, run_workers_in_step};

/// A counting semaphore with `limit` permits.
pub trait Semaphore: Send + Sync + Sized + 'static {
    fn new(limit: usize) -> Self;
    /// Block until a permit is free, and take it.
    fn acquire(&self);
    /// Give a permit back.
    fn release(&self);
}

/// Spin-loop hints each worker spends inside the critical section in real runs (before
/// it yields once).
pub const WORK_SPINS: u32 = 64;

/// The measuring instruments: how many are inside now, the most ever, entries in all.
#[derive(Default)]
struct Gauge {
    inside: AtomicUsize,
    max_inside: AtomicUsize,
    entries: AtomicU64,
}

impl Gauge {
    /// Called by a worker that holds a permit: count it in, work, count it out.
    fn occupy(&self) {
        let now = self.inside.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_inside.fetch_max(now, Ordering::SeqCst);
        self.entries.fetch_add(1, Ordering::Relaxed);
        busy_work(WORK_SPINS);
        preemption_point();
        self.inside.fetch_sub(1, Ordering::SeqCst);
    }

    /// What the gauge saw. `entries` is shown, not checked: every pass counts itself, so
    /// no semaphore can change it (a worker that never gets through hangs the run, which
    /// loom reports as a deadlock and stress's watchdog as a hang).
    fn outcome(&self) -> Outcome {
        Outcome::default()
            .with("max_inside", self.max_inside.load(Ordering::SeqCst) as u64)
            .with("entries", self.entries.load(Ordering::SeqCst))
    }
}

struct Shared<S> {
    semaphore: S,
    gauge: Gauge,
}

impl<S: Semaphore> Shared<S> {
    fn new(limit: usize) -> Self {
        Shared { semaphore: S::new(limit), gauge: Gauge::default() }
    }

    /// One pass: take a permit, work inside, give it back.
    fn pass(&self) {
        self.semaphore.acquire();
        self.gauge.occupy();
        self.semaphore.release();
    }
}

/// `threads` workers each pass through the semaphore `ops` times.
fn run_semaphore<S: Semaphore>(params: &Params) -> Run {
    let shared = Arc::new(Shared::<S>::new(params.limit));
    let ops = params.ops;
    let finished = run_workers(params.threads, shared.clone(), move |shared: &Shared<S>, _| {
        for _ in 0..ops {
            shared.pass();
        }
    });
    Run { outcome: shared.gauge.outcome(), elapsed: finished.elapsed }
}

/// `batch` fresh semaphores, one set of workers that meet before each semaphore and then
/// pass through it, so they race on every one (the stress mode's sampling).
fn run_semaphore_batch<S: Semaphore>(params: &Params, batch: usize) -> Vec<Outcome> {
    let instances: Arc<Vec<Shared<S>>> =
        Arc::new((0..batch).map(|_| Shared::new(params.limit)).collect());
    let ops = params.ops;
    run_workers_in_step(params.threads, instances.clone(), move |shared: &Shared<S>, _| {
        for _ in 0..ops {
            shared.pass();
        }
    });
    instances.iter().map(|shared| shared.gauge.outcome()).collect()
}

/// Every worker passes through the semaphore until `duration` has passed; returns each
/// worker's number of passes (the fairness measurement).
fn run_semaphore_for<S: Semaphore>(params: &Params, duration: Duration) -> Vec<u64> {
    let shared = Arc::new(Shared::<S>::new(params.limit));
    let finished =
        run_workers_for(params.threads, shared, duration, |shared: &Shared<S>, _, stop| {
            let mut mine = 0u64;
            while !stop.load(Ordering::Relaxed) {
                shared.pass();
                mine += 1;
            }
            mine
        });
    finished.results
}

fn passes(params: &Params) -> u64 {
    (params.threads * params.ops) as u64
}

/// The invariant: never more than K inside at once. (That every worker gets through is
/// not a part of the outcome: a worker that never does hangs the run, and each tier reports
/// the hang itself: loom as a deadlock, stress's watchdog as a hang.)
fn check(params: &Params, outcome: &Outcome) -> Check {
    let Some(max_inside) = outcome.get("max_inside") else {
        return Check::violated(MissingResult, "the outcome lacks max_inside");
    };
    let k = params.limit as u64;
    if max_inside > k {
        return Check::violated(
            OverAdmission,
            format!("{max_inside} workers were inside at once, K = {k}"),
        );
    }
    Check::Holds
}

const fn params(threads: usize, ops: usize, limit: usize) -> Params {
    Params { threads, ops, limit }
}

/// Every strategy's bound.
const BOUND: Option<Bound> = Some(Bound {
    probe: BoundingProbe::CacheLinePingPong,
    why: "every acquire and release writes the shared count",
});

pub static SCENARIO: Scenario = Scenario {
    name: "semaphore",
    title: "Semaphore: at most K workers inside at once",
    seeds: "001 (threading.Semaphore(3), 10 workers, \"Allow max 3 concurrent threads\")",
    lesson: "Taking a permit is a read-modify-write: checking that one is free and taking it \
             must be one step, under a lock or as one compare-exchange, or K+1 get in.",
    invariant: "the most workers ever inside at once <= K (a worker that never gets \
                through hangs the run: a deadlock under loom, a hang under stress)",
    params: ParamSpec {
        threads: "worker threads competing for the permits",
        ops: "times each worker acquires, works briefly, and releases",
        limit: Some(LimitSpec {
            name: "K",
            unit: "permits",
            meaning: "the most workers allowed inside at once (rayon: the pool's size)",
            sleeps: None,
        }),
        defaults: params(10, 100, 3),
        max: params(256, 10_000_000, 256),
    },
    presets: &[Preset {
        name: "seed-001",
        params: params(10, 1, 3),
        source: "seed 001: Semaphore(3), 10 workers, each enters once",
    }],
    loom: LoomConfig {
        params: params(3, 1, 2),
        preemption_bound: Some(2),
        why: "3 workers, one pass each, K = 2: one worker more than the permits. Bounded at 2 \
              preemptions: check_then_act's over-admission needs 2 at this size (its \
              counter-example), so 2 is the smallest bound that can refute it; at 3 the proof \
              of atomic did not finish within 300 s when tried",
        // Within loom's 5 threads: more workers than K = 2 permits, at most 4.
        depth: Some(DepthLadder { sizes: &[(3, 1), (3, 2), (4, 1), (4, 2)] }),
    },
    // Two actors and one permit: K + 1 actors fit on any machine with two cores (stress
    // never runs more busy actors than cores, so K = 3 would need four).
    stress: StressConfig { params: params(2, 2, 1), interesting: nothing_interesting },
    bench: BenchConfig {
        params: params(1, 2000, 3),
        thread_counts: &[1, 2, 3, 4, 8],
        elements: passes,
    },
    strategies: &[
        check_then_act::STRATEGY,
        condvar::STRATEGY,
        parking_lot::STRATEGY,
        channel::STRATEGY,
        atomic::STRATEGY,
        rayon::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/semaphore/mod.rs"],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn semaphore_never_admits_more_than_k() {
        for k in [1, 3] {
            let params = params(8, 500, k);
            for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
                let (run, check) = SCENARIO.run_checked(strategy, &params);
                assert_eq!(check, Check::Holds, "{} K={k}: {}", strategy.name, run.outcome);
                assert!(run.outcome.get("max_inside").unwrap() <= k as u64, "{}", strategy.name);
            }
        }
    }

    #[test]
    fn the_seed_001_preset_lets_every_worker_through() {
        let params = SCENARIO.preset("seed-001").unwrap().params;
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert!(check.holds(), "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("entries"), Some(10), "{}", strategy.name);
        }
    }

    #[test]
    fn with_enough_permits_the_workers_do_overlap() {
        // The gauge must be able to see concurrency at all, or `max_inside <= K` would be
        // vacuous: with K = workers nothing blocks, and 2 spinning-in workers on a machine
        // with 2+ cores overlap at least once in 20,000 passes.
        let params = params(2, 20_000, 2);
        let run = (SCENARIO.strategy("atomic").unwrap().run)(&params);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores >= 2 {
            assert_eq!(run.outcome.get("max_inside"), Some(2), "{}", run.outcome);
        }
    }

    #[test]
    fn check_then_act_lets_more_than_k_in_on_the_seed_preset() {
        // Real hardware, so a retry budget rather than one roll of the dice: with the
        // widened window (see check_then_act.rs) nearly every run over-admits.
        let params = SCENARIO.preset("seed-001").unwrap().params;
        let strategy = SCENARIO.strategy("check_then_act").unwrap();
        let worst = (0..20)
            .map(|_| SCENARIO.run_checked(strategy, &params))
            .find(|(_, check)| !check.holds());
        let (run, check) = worst.expect("20 seed-001 runs of check_then_act never over-admitted");
        assert!(run.outcome.get("max_inside").unwrap() > 3, "{}", run.outcome);
        let Check::Violated(why) = check else { unreachable!() };
        assert!(why.text.contains("workers were inside at once, K = 3"), "{why}");
        assert_eq!(why.kind, OverAdmission);
    }

    #[test]
    fn a_batch_gives_one_outcome_per_fresh_semaphore() {
        let params = params(4, 20, 2);
        for strategy in SCENARIO.strategies {
            let Some(run_batch) = strategy.run_batch else { continue };
            let outcomes = run_batch(&params, 6);
            assert_eq!(outcomes.len(), 6, "{}", strategy.name);
            for outcome in &outcomes {
                assert_eq!(outcome.get("entries"), Some(80), "{}: {outcome}", strategy.name);
                if !strategy.expectation.is_broken() {
                    assert!(check(&params, outcome).holds(), "{}: {outcome}", strategy.name);
                }
            }
        }
    }

    #[test]
    fn check_reports_k_plus_one_inside() {
        let params = params(4, 1, 3);
        let gauge = Gauge::default();
        gauge.max_inside.store(4, Ordering::SeqCst);
        gauge.entries.store(4, Ordering::SeqCst);
        let Check::Violated(why) = check(&params, &gauge.outcome()) else { panic!() };
        assert!(why.text.contains("4 workers were inside at once, K = 3"), "{why}");
        assert_eq!(why.kind, OverAdmission);
        gauge.max_inside.store(3, Ordering::SeqCst);
        assert!(check(&params, &gauge.outcome()).holds());
    }
}
