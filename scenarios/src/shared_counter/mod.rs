//! Pattern 2: many threads add to one total.
//!
//! Seeds 000, 001 and 004 (example 5) guard `counter += 1` with `threading.Lock` and warn
//! that without it "the final value may be incorrect". Here every strategy implements
//! [`Counter`] (or, for rayon, avoids shared state altogether) and one driver runs them all,
//! so the strategies differ only in the synchronisation they teach.

mod atomic;
mod channel;
mod parking_lot;
mod racy_ptr;
mod rayon;
mod sharded;
mod spin;
mod std_mutex;
mod timeline;
mod unsync;

use crate::catalogue::ViolationKind::{LostUpdate, MissingResult};
use crate::catalogue::*;
use crate::sync::Arc;
use std::time::Duration;

use crate::sync::atomic::Ordering;
use crate::workers::{run_workers, run_workers_for, run_workers_in_step};

/// A total that `threads` workers increment concurrently.
pub trait Counter: Send + Sync + Sized + 'static {
    /// A zero total for `threads` workers.
    fn new(threads: usize) -> Self;
    /// Worker number `slot` adds one.
    fn add_one(&self, slot: usize);
    /// Worker number `slot` will add no more. Most strategies need not know.
    fn worker_done(&self, _slot: usize) {}
    /// Called once every worker has been joined: the final total.
    fn finish(self) -> u64;
}

/// Worker `slot` adds one, `ops` times.
fn add_many<C: Counter>(counter: &C, slot: usize, ops: usize) {
    for _ in 0..ops {
        counter.add_one(slot);
    }
    counter.worker_done(slot);
}

/// Spawn `threads` workers that each add `ops` ones, then read the total.
fn run_counter<C: Counter>(params: &Params) -> Run {
    let counter = Arc::new(C::new(params.threads));
    let ops = params.ops;
    let finished =
        run_workers(params.threads, counter.clone(), move |c: &C, slot| add_many(c, slot, ops));
    let Ok(counter) = Arc::try_unwrap(counter) else {
        unreachable!("every worker has been joined, so the driver holds the only reference")
    };
    Run { outcome: counter_outcome(counter.finish()), elapsed: finished.elapsed }
}

/// `batch` fresh counters, one set of workers that meet before each counter and then add
/// their `ops` ones to it, so they race on every counter (the stress mode's sampling).
fn run_counter_batch<C: Counter>(params: &Params, batch: usize) -> Vec<Outcome> {
    let counters: Arc<Vec<C>> = Arc::new((0..batch).map(|_| C::new(params.threads)).collect());
    let ops = params.ops;
    run_workers_in_step(params.threads, counters.clone(), move |counter: &C, slot| {
        add_many(counter, slot, ops)
    });
    let Ok(counters) = Arc::try_unwrap(counters) else {
        unreachable!("every worker has been joined, so the driver holds the only reference")
    };
    counters.into_iter().map(|c| counter_outcome(c.finish())).collect()
}

/// Every worker adds ones until `duration` has passed; returns each worker's count
/// (checked against the total, so a strategy cannot report increments it lost).
fn run_counter_for<C: Counter>(params: &Params, duration: Duration) -> Vec<u64> {
    let counter = Arc::new(C::new(params.threads));
    let finished =
        run_workers_for(params.threads, counter.clone(), duration, |c: &C, slot, stop| {
            let mut mine = 0u64;
            while !stop.load(Ordering::Relaxed) {
                c.add_one(slot);
                mine += 1;
            }
            c.worker_done(slot);
            mine
        });
    let Ok(counter) = Arc::try_unwrap(counter) else {
        unreachable!("every worker has been joined, so the driver holds the only reference")
    };
    let total = counter.finish();
    let counted: u64 = finished.results.iter().sum();
    assert!(total <= counted, "the counter holds {total} but the workers added only {counted}");
    finished.results
}

fn counter_outcome(total: u64) -> Outcome {
    Outcome::default().with("total", total)
}

/// The catalogue entry of counter `C`: its [`About`], with the driver's `run`, `run_batch`
/// and `run_for` for `C`.
pub const fn strategy<C: Counter>(about: About) -> Strategy {
    Strategy::from_fn(about, run_counter::<C>)
        .batch(run_counter_batch::<C>)
        .timed(run_counter_for::<C>)
}

fn expected_total(params: &Params) -> u64 {
    (params.threads as u64) * (params.ops as u64)
}

/// The invariant: the final total is exactly threads x increments.
fn check(params: &Params, outcome: &Outcome) -> Check {
    let expected = expected_total(params);
    match outcome.get("total") {
        Some(total) if total == expected => Check::Holds,
        Some(total) if total < expected => Check::violated(
            LostUpdate,
            format!("lost {} of {expected} updates (total {total})", expected - total),
        ),
        Some(total) => Check::violated(LostUpdate, format!("total {total} exceeds {expected}")),
        None => Check::violated(MissingResult, "the outcome has no total"),
    }
}

const fn params(threads: usize, ops: usize) -> Params {
    Params { threads, ops, limit: 0 }
}

/// The bound of the strategies that share one counter.
const SHARED_LINE: Option<Bound> = Some(Bound {
    probe: BoundingProbe::CacheLinePingPong,
    why: "every increment moves one shared cache line between cores",
});

/// The bound of the strategies whose threads each add to their own memory.
const OWN_MEMORY: Option<Bound> = Some(Bound {
    probe: BoundingProbe::UncontendedAdd,
    why: "no shared line: each thread adds to its own memory",
});

/// The shared_counter scenario's catalogue entry.
pub static SCENARIO: Scenario = Scenario {
    name: "shared_counter",
    title: "Shared counter: many threads update one total",
    seeds: "000 (update_total under lock.acquire/release, then `with lock`), \
            001 (10 threads x 100,000 increments under `with lock`), \
            004 example 5 (2 threads x 1,000,000; \"without a lock, the final value may be incorrect\")",
    lesson: "A read-modify-write of shared memory must be one indivisible step; a lock is one \
             way to make it so, an atomic read-modify-write another, and not sharing at all \
             a third.",
    invariant: "final total == threads x increments per thread",
    params: ParamSpec {
        threads: "worker threads",
        ops: "increments per thread",
        limit: None,
        defaults: params(4, 100_000),
        max: params(256, 100_000_000),
    },
    presets: &[
        Preset {
            name: "seed-000",
            params: params(10, 5),
            source: "seed 000: 10 threads each update_total(5) under a lock and print the total \
                     after releasing it; here 5 increments of 1 per thread (total 50), and the \
                     timeline adds the 5 in one locked step and prints, as the seed does",
        },
        Preset {
            name: "seed-001",
            params: params(10, 100_000),
            source: "seed 001: 10 threads x 100,000 increments, prints 1000000",
        },
        Preset {
            name: "seed-004",
            params: params(2, 1_000_000),
            source: "seed 004 example 5: 2 threads x 1,000,000 increments",
        },
    ],
    loom: LoomConfig {
        params: params(2, 2),
        preemption_bound: None,
        why: "2 workers x 2 increments: two threads, so that a read-modify-write can lose the \
              other's update, and two increments each, so that a lost update is not the only \
              write. No bound: every interleaving at this size is cheap enough to explore",
        // Within loom's 5 threads: at most 3 workers beside the channel's owner thread.
        depth: Some(DepthLadder { sizes: &[(2, 1), (2, 2), (3, 1), (2, 3), (3, 2), (3, 3)] }),
    },
    stress: StressConfig { params: params(2, 5), interesting: nothing_interesting },
    bench: BenchConfig {
        params: params(1, 50_000),
        thread_counts: &[1, 2, 4, 8],
        elements: expected_total,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    strategies: &[
        unsync::STRATEGY,
        racy_ptr::STRATEGY,
        atomic::STRATEGY,
        std_mutex::STRATEGY,
        parking_lot::STRATEGY,
        spin::STRATEGY,
        channel::STRATEGY,
        rayon::STRATEGY,
        sharded::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/shared_counter/mod.rs"],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: Some(PythonTwin {
        beside: "unsync",
        script: "nolock_counter.py",
        runs: "the seeds' counter without its lock (`counter += 1` on a global) and a variant \
               with a call between its read and its write, each at two switch intervals",
    }),
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_correct_strategy_reaches_the_seed_001_total() {
        let params = SCENARIO.preset("seed-001").unwrap().params;
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("total"), Some(1_000_000), "{}", strategy.name);
        }
    }

    #[test]
    fn check_reports_lost_updates_with_their_count() {
        let params = params(2, 5);
        assert_eq!(check(&params, &counter_outcome(10)), Check::Holds);
        assert_eq!(
            check(&params, &counter_outcome(7)),
            Check::violated(LostUpdate, "lost 3 of 10 updates (total 7)")
        );
        assert!(!check(&params, &counter_outcome(11)).holds());
    }

    #[test]
    fn a_batch_gives_one_outcome_per_fresh_counter() {
        let params = params(2, 100);
        for strategy in SCENARIO.strategies {
            let Some(run_batch) = strategy.run_batch else { continue };
            let outcomes = run_batch(&params, 7);
            assert_eq!(outcomes.len(), 7, "{}", strategy.name);
            if !strategy.expectation.is_broken() {
                for outcome in &outcomes {
                    assert!(check(&params, outcome).holds(), "{}: {outcome}", strategy.name);
                }
            }
        }
    }

    #[test]
    fn single_threaded_unsync_loses_nothing() {
        // With one thread there is nobody to race with: the bug needs concurrency.
        let params = params(1, 1000);
        let (run, check) = SCENARIO.run_checked(SCENARIO.strategy("unsync").unwrap(), &params);
        assert!(check.holds(), "{}", run.outcome);
    }
}
