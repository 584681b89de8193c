//! Pattern 7: what threads buy for waiting work and for computing work.
//!
//! Seeds 001, 002 and 004 say to use threads for I/O-bound work and, because of Python's
//! GIL, processes for CPU-bound work. Here the same batch of `ops` tasks runs four ways
//! (one after another, one thread per task, a pool of K = `threads` threads, rayon) for two
//! kinds of task: *waiting* (a sleep standing in for a network call: the thread holds no
//! CPU while it waits) and *computing* (a chain of 64-bit LCG steps that nothing can
//! shortcut). The speedup over the sequential run is measured, never assumed:
//! `threadlab run io_vs_cpu` reports it, next to the same computing job in Python threads
//! and Python processes (`scripts/gil_check.py`), which checks the seeds' GIL claim.
//!
//! No shared state: every task computes its own value and hands it back through its
//! thread's join handle (or rayon's collect). There is nothing for loom to check, and every
//! strategy's verdict says so.

mod pool;
mod rayon;
mod sequential;
mod thread_per_task;

use std::time::Duration;

use crate::catalogue::ViolationKind::MissingResult;
use crate::catalogue::*;

/// The two kinds of task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Sleep `limit` ms: a stand-in for waiting on the network.
    Waiting,
    /// `limit` x [`STEPS_PER_UNIT`] LCG steps.
    Computing,
}

/// LCG steps per unit of `limit` for computing tasks. Under Miri, which interprets every
/// step (thousands of times slower than native code), a unit is 100 times smaller, so the deep tier checks the same code
/// in seconds instead of minutes; the expected results use the same constant.
pub const STEPS_PER_UNIT: u64 = if cfg!(miri) { 1_000 } else { 100_000 };

/// Knuth's MMIX LCG constants; `scripts/gil_check.py` uses the same.
const LCG_A: u64 = 6_364_136_223_846_793_005;
const LCG_C: u64 = 1_442_695_040_888_963_407;

/// The computing job: `steps` dependent LCG steps from `seed`. Each step needs the previous
/// one, so the steps cannot run in parallel. `black_box` on every step keeps the optimiser
/// from composing several steps into one (unrolled, eight steps of `a*x + c` fold into one
/// multiply-add with other constants: without it a "step" cost a fraction of a cycle, which
/// is not the job Python is asked to do).
pub fn lcg_chain(seed: u64, steps: u64) -> u64 {
    let mut x = seed;
    for _ in 0..steps {
        x = std::hint::black_box(x).wrapping_mul(LCG_A).wrapping_add(LCG_C);
    }
    x
}

impl Work {
    fn steps(self, params: &Params) -> u64 {
        match self {
            Work::Waiting => 0,
            Work::Computing => params.limit as u64 * STEPS_PER_UNIT,
        }
    }

    /// Task `index`: wait or compute, then return its value.
    pub fn task(self, params: &Params, index: usize) -> u64 {
        match self {
            Work::Waiting => {
                crate::sync::time::sleep(Duration::from_millis(params.limit as u64));
                index as u64
            }
            Work::Computing => lcg_chain(index as u64, self.steps(params)),
        }
    }

    /// The outcome of a batch: how many tasks returned and the (wrapping) sum of their values.
    fn outcome(self, params: &Params, values: &[u64]) -> Outcome {
        Outcome::default()
            .with("tasks_done", values.len() as u64)
            .with("checksum", values.iter().fold(0u64, |a, &v| a.wrapping_add(v)))
            .with("steps_per_task", self.steps(params))
    }
}

/// The sum every correct run must produce, recomputed from scratch.
pub fn expected_checksum(params: &Params, steps_per_task: u64) -> u64 {
    (0..params.ops as u64).fold(0u64, |sum, i| {
        let value = if steps_per_task == 0 { i } else { lcg_chain(i, steps_per_task) };
        sum.wrapping_add(value)
    })
}

/// The invariant: every task ran and the values are right (recomputed sequentially).
fn check(params: &Params, outcome: &Outcome) -> Check {
    let (Some(done), Some(sum), Some(steps)) =
        (outcome.get("tasks_done"), outcome.get("checksum"), outcome.get("steps_per_task"))
    else {
        return Check::violated(
            MissingResult,
            "the outcome lacks tasks_done, checksum or steps_per_task",
        );
    };
    if done != params.ops as u64 {
        return Check::violated(MissingResult, format!("{done} of {} tasks returned", params.ops));
    }
    let expected = expected_checksum(params, steps);
    if sum != expected {
        return Check::violated(MissingResult, format!("checksum {sum}, expected {expected}"));
    }
    Check::Holds
}

const NO_SHARED_STATE: &str = "not applicable: no shared state; each task computes its own \
                               value and returns it through a join handle or rayon's collect, \
                               so there is no interleaving for loom to explore";

/// An executor strategy: correct, no loom model (no shared state), no batched or timed form.
const fn executor(
    sources: &'static [&'static str],
    name: &'static str,
    summary: &'static str,
    run: fn(&Params) -> Run,
) -> Strategy {
    Strategy {
        name,
        sources,
        bound: None,
        summary,
        expectation: Expectation::Correct,
        loom: LoomModel::NotModelled(NO_SHARED_STATE),
        run,
        run_batch: None,
        run_for: None,
    }
}

/// Speedups over the sequential strategy of the same kind, from one run of each strategy.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Speedup {
    pub strategy: &'static str,
    pub work: &'static str,
    pub seconds: f64,
    /// Sequential time of the same kind / this strategy's time.
    pub speedup: f64,
}

/// Turn (strategy, elapsed) pairs into speedups over each kind's `*_sequential` run.
pub fn speedups(runs: &[(&'static str, Duration)]) -> Vec<Speedup> {
    let baseline = |prefix: &str| {
        runs.iter().find(|(name, _)| *name == format!("{prefix}_sequential")).map(|(_, d)| *d)
    };
    runs.iter()
        .filter_map(|&(name, elapsed)| {
            let work = if name.starts_with("wait_") { "waiting" } else { "computing" };
            let base = baseline(if work == "waiting" { "wait" } else { "cpu" })?;
            Some(Speedup {
                strategy: name,
                work,
                seconds: elapsed.as_secs_f64(),
                speedup: base.as_secs_f64() / elapsed.as_secs_f64().max(1e-9),
            })
        })
        .collect()
}

const fn params(k: usize, tasks: usize, size: usize) -> Params {
    Params { threads: k, ops: tasks, limit: size }
}

pub static SCENARIO: Scenario = Scenario {
    name: "io_vs_cpu",
    title: "Waiting work and computing work: what threads buy",
    seeds: "001 (\"use threading for I/O-bound tasks\"; \"the GIL prevents true parallel \
            execution of CPU-bound code. Use multiprocessing\"), 002, 004 (\"threading is not \
            ideal for CPU-bound tasks (use multiprocessing for those)\")",
    lesson: "Threads overlap waiting, so waiting work can speed up with the number of \
             threads, cores or not; computing work only up to the number of free cores. The \
             seeds claim that in CPython the GIL keeps threads from speeding computing work \
             up and processes do: `threadlab run io_vs_cpu` measures it beside Rust threads \
             and records its verdict, shown with the numbers below.",
    invariant: "every task returns, and the results are right; the speedup is measured",
    params: ParamSpec {
        threads: "K, the size of the pool in the `*_pool` strategies",
        ops: "tasks in the batch",
        limit: Some(LimitSpec {
            name: "task size",
            unit: "ms of waiting, or 100,000-step units of computing",
            meaning: "a waiting task sleeps this many ms; a computing task runs this many x \
                      100,000 LCG steps",
            // The sequential waiting strategy sleeps every task in turn.
            sleeps: Some(|p| Duration::from_millis(p.ops as u64 * p.limit as u64)),
        }),
        // 30: 8 x 3 M LCG steps, tens of milliseconds in Rust and seconds in CPython: long
        // enough that a moment of load elsewhere on a shared machine does not decide the
        // speedup.
        defaults: params(2, 8, 30),
        max: params(256, 100_000, 100_000),
    },
    presets: &[Preset {
        name: "seed-001",
        params: params(5, 10, 10),
        source: "seed 001's pool shape: max_workers=5, ten tasks (its tasks sleep 1 s; here 10 ms)",
    }],
    loom: LoomConfig {
        params: params(2, 2, 1),
        preemption_bound: None,
        why: "no strategy shares state loom could check (each strategy's loom model says why); \
              the size is the one a model would run at",
        depth: None,
    },
    stress: StressConfig { params: params(2, 4, 1), interesting: nothing_interesting },
    bench: BenchConfig {
        params: params(1, 8, 2),
        thread_counts: &[1, 2, 4, 8],
        elements: |p| p.ops as u64,
    },
    strategies: &[
        sequential::WAIT,
        thread_per_task::WAIT,
        pool::WAIT,
        rayon::WAIT,
        sequential::CPU,
        thread_per_task::CPU,
        pool::CPU,
        rayon::CPU,
    ],
    check,
    shared_sources: &["scenarios/src/io_vs_cpu/mod.rs"],
    speedup_summary: Some(SpeedupSummary {
        sequential: "cpu_sequential",
        threaded: "cpu_pool",
        waiting: "wait_pool",
    }),
    timing: Timing::NONE,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_strategy_returns_every_value() {
        let params = params(3, 7, 1);
        for strategy in SCENARIO.strategies {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
        }
    }

    #[test]
    fn waiting_work_overlaps_in_threads_but_not_in_sequence() {
        // 6 tasks x 20 ms: one after another >= 120 ms; a thread each, about 20 ms.
        let params = params(2, 6, 20);
        let seq = (sequential::WAIT.run)(&params).elapsed;
        let per_task = (thread_per_task::WAIT.run)(&params).elapsed;
        assert!(seq >= Duration::from_millis(120), "{seq:?}");
        assert!(per_task < seq / 2, "thread per task {per_task:?} vs sequential {seq:?}");
    }

    #[test]
    fn the_lcg_chain_matches_the_python_script_constants() {
        // Two steps from 0, by hand: C, then C*A + C (mod 2^64).
        assert_eq!(lcg_chain(0, 1), LCG_C);
        assert_eq!(lcg_chain(0, 2), LCG_C.wrapping_mul(LCG_A).wrapping_add(LCG_C));
        let script = include_str!("../../../scripts/gil_check.py");
        assert!(script.contains(&LCG_A.to_string()) && script.contains(&LCG_C.to_string()));
    }

    #[test]
    fn a_wrong_checksum_or_a_missing_task_is_caught() {
        let params = params(2, 3, 1);
        let good = Work::Computing.outcome(&params, &[0, 1, 2].map(|i| lcg_chain(i, 100_000)));
        assert!(check(&params, &good).holds());
        let wrong = good.clone().with("checksum", 1);
        assert!(!check(&params, &wrong).holds());
        let short = Work::Computing.outcome(&params, &[lcg_chain(0, 100_000)]);
        assert!(!check(&params, &short).holds());
    }

    #[test]
    fn speedups_divide_each_kind_by_its_own_sequential_run() {
        let ms = Duration::from_millis;
        let s = speedups(&[
            ("wait_sequential", ms(80)),
            ("wait_pool", ms(40)),
            ("cpu_sequential", ms(10)),
            ("cpu_pool", ms(5)),
        ]);
        let of = |name| s.iter().find(|x| x.strategy == name).unwrap().speedup;
        assert!((of("wait_pool") - 2.0).abs() < 1e-9);
        assert!((of("cpu_pool") - 2.0).abs() < 1e-9);
        assert!((of("cpu_sequential") - 1.0).abs() < 1e-9);
    }
}
