//! Pattern 5: map and submit on a fixed set of workers.
//!
//! Seed 001 runs `ThreadPoolExecutor(max_workers=5).map(task, range(10))` and prints the
//! squares in input order; seed 004 (example 6) submits five tasks to a pool of three and
//! relies on the `with` block to wait for them. Every strategy here implements [`Pool`]
//! (`submit`, an ordered `map`, and a `shutdown` that joins its workers), and one driver runs
//! the seeds' program against each: map `n * n` over `0..ops`, submit `ops` tasks, shut down.

mod channel_pool;
mod lifetimes;
mod lossy_shutdown;
mod mpsc_pool;
mod rayon;
mod spawn_per_task;
mod timeline;

use std::hint::black_box;
use std::time::Instant;

use crate::catalogue::ViolationKind::{LostWork, MissingResult};
use crate::catalogue::*;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::crossbeam_channel;

pub use lifetimes::{Lifetimes, Tracker};

/// A unit of submitted work.
pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// How many threads a pool starts: the driver compares the count its threads made of
/// themselves ([`Lifetimes::started`]) with this, so a pool cannot pass by reporting none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// One per worker, whatever the work.
    PerWorker,
    /// One per job (each mapped input and each submitted task), none before.
    PerJob,
}

impl Threads {
    /// The threads a pool of `workers` starts for `jobs` jobs.
    pub fn count(self, workers: usize, jobs: usize) -> usize {
        match self {
            Threads::PerWorker => workers,
            Threads::PerJob => jobs,
        }
    }
}

/// A pool of worker threads.
pub trait Pool: Sized {
    /// How many threads it starts (a fixed set of workers, unless it says otherwise).
    const THREADS: Threads = Threads::PerWorker;
    /// Start `workers` worker threads (or none, for the spawn-per-task baseline).
    fn new(workers: usize) -> Self;
    /// Hand `job` to a worker; returns without waiting for it.
    fn submit(&self, job: Job);
    /// `f(x)` for every input, in input order, whatever order the workers finish in.
    fn map(&self, inputs: &[u64], f: fn(u64) -> u64) -> Vec<u64> {
        map_by_submit(self, inputs, f)
    }
    /// Finish the submitted work (a correct pool runs every queued job first), then join
    /// every thread this pool started.
    fn shutdown(&mut self);
    /// The counts of the threads this pool started, each wrapped by [`Lifetimes::track`]
    /// (all must have ended when `shutdown` returns).
    fn threads(&self) -> &Tracker;
}

/// Join every worker thread (emptying `workers`).
fn join_workers(workers: &mut Vec<crate::sync::thread::JoinHandle<()>>) {
    for worker in workers.drain(..) {
        worker.join().expect("a worker panicked");
    }
}

/// An ordered map built from `submit`: each job sends back its input's index with the result,
/// and the caller puts each result in its slot. Workers finish in any order; the index, not
/// the arrival order, decides where a result goes.
pub fn map_by_submit<P: Pool>(pool: &P, inputs: &[u64], f: fn(u64) -> u64) -> Vec<u64> {
    let (tx, rx) = crossbeam_channel::unbounded();
    for (index, &x) in inputs.iter().enumerate() {
        let tx = tx.clone();
        pool.submit(Box::new(move || {
            tx.send((index, f(x))).expect("the caller waits for every result");
        }));
    }
    drop(tx);
    let mut slots = vec![None; inputs.len()];
    for _ in 0..inputs.len() {
        let (index, y) = rx.recv().expect("every job sends its result before dropping its sender");
        slots[index] = Some(y);
    }
    slots.into_iter().map(|y| y.expect("each index is filled exactly once")).collect()
}

/// The seeds' task: `n * n`.
pub fn square(n: u64) -> u64 {
    n * n
}

/// `rounds` steps of busy work the compiler cannot remove: 1 is an (almost) empty task.
pub fn busy(rounds: usize) -> u64 {
    let mut x = 0u64;
    for _ in 0..rounds {
        x = black_box(x).wrapping_add(1);
    }
    x
}

/// The seeds' program against pool `P`: map `square` over `0..ops`, submit `ops` tasks that
/// each do `limit` rounds of busy work and record that they ran, then shut down. The timed
/// region runs from the pool's first job to the end of shutdown; starting the workers is
/// outside it.
pub fn run_pool<P: Pool>(params: &Params) -> Run {
    drive::<P>(params, Ending::Shutdown)
}

/// As [`run_pool`], but the pool is dropped without `shutdown`: its `Drop` must finish the
/// work and join the threads as `shutdown` does (the outcome names it shutdown all the
/// same, and the one check judges it).
pub fn run_pool_dropped<P: Pool>(params: &Params) -> Run {
    drive::<P>(params, Ending::Drop)
}

/// How the driver ends a pool.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Shutdown,
    Drop,
}

fn drive<P: Pool>(params: &Params, ending: Ending) -> Run {
    let mut pool = P::new(params.threads);
    let threads = pool.threads().clone();
    let (ops, rounds) = (params.ops, params.limit);
    let ran: Arc<Vec<AtomicUsize>> = Arc::new((0..ops).map(|_| AtomicUsize::new(0)).collect());
    let inputs: Vec<u64> = (0..ops as u64).collect();

    let start = Instant::now();
    let mapped = pool.map(&inputs, square);
    for task in 0..ops {
        let ran = ran.clone();
        pool.submit(Box::new(move || {
            black_box(busy(rounds));
            ran[task].fetch_add(1, Ordering::Relaxed);
        }));
    }
    match ending {
        Ending::Shutdown => pool.shutdown(),
        Ending::Drop => drop(pool),
    }
    let elapsed = start.elapsed();
    let still_running = threads.running();

    // Every job's effect is visible here: each worker's end happens-before its join.
    let runs: Vec<usize> = ran.iter().map(|r| r.load(Ordering::Relaxed)).collect();
    let count = |pred: fn(usize) -> bool| runs.iter().filter(|&&n| pred(n)).count() as u64;
    let in_order =
        mapped.iter().enumerate().filter(|&(i, &y)| y == square(i as u64)).count() as u64;
    let mut outcome = Outcome::default()
        .with("mapped", mapped.len() as u64)
        .with("mapped_in_order", in_order)
        .with("ran_once", count(|n| n == 1))
        .with("never_ran", count(|n| n == 0))
        .with("ran_twice_or_more", count(|n| n > 1))
        .with("threads_started", threads.started() as u64)
        .with("threads_expected", P::THREADS.count(params.threads, 2 * ops) as u64)
        .with("threads_running_after_shutdown", still_running as u64);
    if mapped.len() <= 32 {
        let shown: Vec<String> = mapped.iter().map(u64::to_string).collect();
        outcome.order = Some(shown.join(","));
    }
    Run { outcome, elapsed }
}

/// The invariant: map gives `f(x)` for every x in input order; every submitted task ran
/// exactly once; the pool started as many threads as it is sized for ([`Pool::THREADS`]),
/// and none of them is still running when shutdown returns (each thread counts itself in
/// and out, see [`Lifetimes`]).
fn check(params: &Params, outcome: &Outcome) -> Check {
    let ops = params.ops as u64;
    let get = |name| outcome.get(name).unwrap_or(u64::MAX);
    let mut problems = Problems::default();
    if get("mapped") != ops || get("mapped_in_order") != ops {
        problems.push(
            MissingResult,
            format!(
                "map returned {} results, {} of them f(x) in input order (expected {ops})",
                get("mapped"),
                get("mapped_in_order")
            ),
        );
    }
    if get("never_ran") != 0 {
        problems
            .push(LostWork, format!("lost work: {} submitted task(s) never ran", get("never_ran")));
    }
    if get("ran_twice_or_more") != 0 {
        problems.push(LostWork, format!("{} task(s) ran more than once", get("ran_twice_or_more")));
    }
    if get("ran_once") != ops && problems.is_empty() {
        problems.push(LostWork, format!("{} of {ops} tasks ran exactly once", get("ran_once")));
    }
    if get("threads_started") != get("threads_expected") {
        problems.push(
            LostWork,
            format!(
                "the pool's threads counted {} started, its size is {}",
                get("threads_started"),
                get("threads_expected")
            ),
        );
    }
    if get("threads_running_after_shutdown") != 0 {
        problems.push(
            LostWork,
            format!(
                "{} of {} threads the pool started were still running after shutdown",
                get("threads_running_after_shutdown"),
                get("threads_started")
            ),
        );
    }
    problems.into_check()
}

const fn params(workers: usize, tasks: usize, rounds: usize) -> Params {
    Params { threads: workers, ops: tasks, limit: rounds }
}

fn elements(params: &Params) -> u64 {
    2 * params.ops as u64 // ops mapped + ops submitted
}

/// Busy rounds per task for the second bench, chosen to make a task of about a
/// microsecond on the machine where it was chosen (a round's cost varies by machine; the
/// bench reports the time per task it measured).
pub const ONE_MICROSECOND_ROUNDS: usize = 650;

/// The second bench: the same pools with tasks of [`ONE_MICROSECOND_ROUNDS`] instead of
/// empty ones.
pub static ONE_MICROSECOND_TASKS: BenchConfig = BenchConfig {
    params: params(1, 1_000, ONE_MICROSECOND_ROUNDS),
    thread_counts: &[1, 2, 4, 8],
    elements,
};

/// Every strategy's bound.
const BOUND: Option<Bound> =
    Some(Bound { probe: BoundingProbe::ChannelHandOff, why: "each task is handed to a worker" });

/// The pools whose `Drop` finishes the work and joins the threads as `shutdown` does, each
/// as its strategy with the seeds' program ending in that drop ([`run_pool_dropped`]): the
/// catalogue's driver always calls `shutdown`, so this is how a model checker reaches
/// `Drop`. `spawn_per_task` is not here: it has no `Drop`, and dropping it detaches its
/// task threads.
pub static DROPPED_WITHOUT_SHUTDOWN: &[Strategy] = &[
    Strategy {
        name: "lossy_shutdown (dropped)",
        run: run_pool_dropped::<lossy_shutdown::LossyPool>,
        ..lossy_shutdown::STRATEGY
    },
    Strategy {
        name: "channel_pool (dropped)",
        run: run_pool_dropped::<channel_pool::ChannelPool>,
        ..channel_pool::STRATEGY
    },
    Strategy {
        name: "mpsc_pool (dropped)",
        run: run_pool_dropped::<mpsc_pool::MpscPool>,
        ..mpsc_pool::STRATEGY
    },
    Strategy {
        name: "rayon (dropped)",
        run: run_pool_dropped::<rayon::RayonPool>,
        ..rayon::STRATEGY
    },
];

pub static SCENARIO: Scenario = Scenario {
    name: "thread_pool",
    title: "Thread pool: map and submit on a fixed set of workers",
    seeds: "001 (ThreadPoolExecutor(max_workers=5), executor.map(task, range(10)), n*n), \
            004 example 6 (max_workers=3, submit(worker, i) for 5 tasks)",
    lesson: "A pool reuses a few threads for many tasks. It must give map's results back in \
             input order whatever order the workers finish in, and its shutdown must run \
             what was queued and join every worker, or work silently disappears.",
    invariant: "map returns f(x) for every x in input order; every submitted task runs \
                exactly once; no thread the pool started is still running when shutdown returns",
    params: ParamSpec {
        threads: "worker threads in the pool",
        ops: "inputs mapped (0..ops, n*n), and as many tasks submitted",
        limit: Some(LimitSpec {
            name: "task size",
            unit: "busy rounds",
            meaning: "busy work per submitted task (1 = an empty task; 650 was chosen as \
                      about 1 us where it was chosen: a round's cost depends on the machine)",
            sleeps: None,
        }),
        defaults: params(4, 1_000, 1),
        max: params(256, 10_000_000, 100_000_000),
    },
    presets: &[
        Preset {
            name: "seed-001",
            params: params(5, 10, 1),
            source: "seed 001: max_workers=5, executor.map(task, range(10)) returns the squares",
        },
        Preset {
            name: "seed-004",
            params: params(3, 5, 1),
            source: "seed 004 example 6: max_workers=3, submit(worker, i) for i in range(5)",
        },
    ],
    loom: LoomConfig {
        params: params(2, 1, 1),
        preemption_bound: Some(3),
        why: "2 workers, one mapped input, one submitted task: main + 2 workers, so that two \
              workers race for the queue. Bounded at 3 preemptions, which keeps every pool's \
              search to seconds; the unbounded search was not tried",
        // Within loom's 5 threads: spawn_per_task's thread per input and per task: ops <= 2.
        depth: Some(DepthLadder { sizes: &[(2, 1), (2, 2), (3, 1), (3, 2), (4, 1), (4, 2)] }),
    },
    stress: StressConfig { params: params(2, 4, 1), interesting: nothing_interesting },
    bench: BenchConfig { params: params(1, 1_000, 1), thread_counts: &[1, 2, 4, 8], elements },
    strategies: &[
        lossy_shutdown::STRATEGY,
        spawn_per_task::STRATEGY,
        channel_pool::STRATEGY,
        mpsc_pool::STRATEGY,
        rayon::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/thread_pool/mod.rs", "scenarios/src/thread_pool/lifetimes.rs"],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn every_correct_pool_maps_the_seed_001_squares_in_order() {
        let params = SCENARIO.preset("seed-001").unwrap().params;
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.order.as_deref(), Some("0,1,4,9,16,25,36,49,64,81"));
        }
    }

    #[test]
    fn every_correct_pool_runs_each_seed_004_task_once_and_joins_its_workers() {
        let params = SCENARIO.preset("seed-004").unwrap().params;
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("ran_once"), Some(5), "{}", strategy.name);
            assert!(run.outcome.get("threads_started") >= Some(3), "{}", strategy.name);
            assert_eq!(run.outcome.get("threads_started"), run.outcome.get("threads_expected"));
            assert_eq!(run.outcome.get("threads_running_after_shutdown"), Some(0));
        }
    }

    /// A pool dropped without `shutdown` still runs its queued job and joins its workers
    /// before the drop returns: the job sleeps, so a `Drop` that stopped joining would
    /// return before the job had set its flag.
    fn dropping_joins<P: Pool>() {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let pool = P::new(2);
        let flag = done.clone();
        pool.submit(Box::new(move || {
            std::thread::sleep(Duration::from_millis(100));
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }));
        drop(pool);
        assert!(done.load(std::sync::atomic::Ordering::SeqCst), "drop returned before the job ran");
        assert_eq!(std::sync::Arc::strong_count(&done), 1, "a worker still holds the job");
    }

    #[test]
    fn a_hand_written_pool_dropped_without_shutdown_joins_its_workers() {
        dropping_joins::<mpsc_pool::MpscPool>();
        dropping_joins::<channel_pool::ChannelPool>();
    }

    #[test]
    fn every_correct_pool_dropped_without_shutdown_runs_the_seed_004_tasks_and_joins() {
        let params = SCENARIO.preset("seed-004").unwrap().params;
        let correct = DROPPED_WITHOUT_SHUTDOWN.iter().filter(|s| !s.expectation.is_broken());
        assert!(correct.clone().count() >= 3);
        for strategy in correct {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("ran_once"), Some(5), "{}", strategy.name);
        }
    }

    #[test]
    fn a_rayon_pool_dropped_without_shutdown_waits_for_its_jobs_and_joins() {
        dropping_joins::<rayon::RayonPool>();
    }

    /// Map results come back in input order even when late inputs finish first.
    #[test]
    fn map_keeps_input_order_when_workers_finish_out_of_order() {
        fn slow_for_small(n: u64) -> u64 {
            std::thread::sleep(Duration::from_millis(8u64.saturating_sub(n)));
            n + 100
        }
        let inputs: Vec<u64> = (0..8).collect();
        let expected: Vec<u64> = (100..108).collect();
        let mut pool = channel_pool::ChannelPool::new(4);
        assert_eq!(pool.map(&inputs, slow_for_small), expected);
        pool.shutdown();
        let mut pool = mpsc_pool::MpscPool::new(4);
        assert_eq!(pool.map(&inputs, slow_for_small), expected);
        pool.shutdown();
    }

    /// Dropping the pool (no explicit shutdown) still waits for queued work.
    #[test]
    fn dropping_a_channel_pool_runs_queued_work_and_joins() {
        let done = Arc::new(AtomicUsize::new(0));
        {
            let pool = channel_pool::ChannelPool::new(1);
            for _ in 0..3 {
                let done = done.clone();
                pool.submit(Box::new(move || {
                    std::thread::sleep(Duration::from_millis(5));
                    done.fetch_add(1, Ordering::Relaxed);
                }));
            }
        }
        assert_eq!(done.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn the_lossy_pool_really_drops_queued_work() {
        // One worker busy on a slow job while three more wait in the queue: shutdown now.
        let done = Arc::new(AtomicUsize::new(0));
        let mut pool = lossy_shutdown::LossyPool::new(1);
        for _ in 0..4 {
            let done = done.clone();
            pool.submit(Box::new(move || {
                std::thread::sleep(Duration::from_millis(20));
                done.fetch_add(1, Ordering::Relaxed);
            }));
        }
        std::thread::sleep(Duration::from_millis(5));
        pool.shutdown();
        assert_eq!(pool.threads().running(), 0);
        assert!(done.load(Ordering::Relaxed) < 4, "the queued jobs should have been dropped");
    }

    #[test]
    fn check_names_lost_work_and_unjoined_threads() {
        let params = params(2, 3, 1);
        let good = Outcome::default()
            .with("mapped", 3)
            .with("mapped_in_order", 3)
            .with("ran_once", 3)
            .with("never_ran", 0)
            .with("ran_twice_or_more", 0)
            .with("threads_started", 2)
            .with("threads_expected", 2)
            .with("threads_running_after_shutdown", 0);
        assert_eq!(check(&params, &good), Check::Holds);
        let lost = good.clone().with("ran_once", 2).with("never_ran", 1);
        assert!(
            matches!(check(&params, &lost), Check::Violated(w) if w.kind == LostWork && w.text.contains("lost work"))
        );
        let unjoined = good.clone().with("threads_running_after_shutdown", 1);
        assert!(
            matches!(check(&params, &unjoined), Check::Violated(w) if w.text.contains("still running"))
        );
        for started in [0, 1, 3] {
            let miscounted = good.clone().with("threads_started", started);
            assert!(
                matches!(check(&params, &miscounted), Check::Violated(w) if w.kind == LostWork && w.text.contains("its size is 2")),
                "{started} threads started"
            );
        }
        let shuffled = good.with("mapped_in_order", 1);
        assert!(!check(&params, &shuffled).holds());
    }
}
