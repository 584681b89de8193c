//! `wait_pool` / `cpu_pool`: K threads (`threads`), the tasks dealt out round-robin, the
//! shape of `ThreadPoolExecutor(max_workers=K)` without a queue: worker w runs tasks w,
//! w + K, w + 2K, ... and returns their values through its join handle.
//!
//! Waiting work: K waits overlap at a time, so the speedup is about K (ops / K rounds of
//! waits), whatever the core count. Computing work: about min(K, cores). The seeds' Python
//! `ThreadPoolExecutor` gets the first but not the second; `scripts/gil_check.py` shows it.
//! Starting the K threads is inside the timed region (K thread starts, small against the
//! tasks: the calibration's thread-spawn probe says how small on this machine).

use std::time::Instant;

use super::{Work, executor};
use crate::catalogue::{Params, Run, Strategy};
use crate::sync::thread;

fn run(work: Work, params: &Params) -> Run {
    let p = *params;
    let k = p.threads.min(p.ops).max(1);
    let start = Instant::now();
    let workers: Vec<_> = (0..k)
        .map(|w| {
            thread::spawn(move || {
                (w..p.ops).step_by(k).map(|i| work.task(&p, i)).collect::<Vec<u64>>()
            })
        })
        .collect();
    let values: Vec<u64> =
        workers.into_iter().flat_map(|h| h.join().expect("a worker panicked")).collect();
    let elapsed = start.elapsed();
    Run { outcome: work.outcome(params, &values), elapsed }
}

/// Both strategies of this file live here.
const SOURCE: &str = file!();

pub const WAIT: Strategy = executor(
    SOURCE,
    "wait_pool",
    "K threads share the waiting tasks: about K waits at a time",
    |p| run(Work::Waiting, p),
);

pub const CPU: Strategy = executor(
    SOURCE,
    "cpu_pool",
    "K threads share the computing tasks: speedup up to min(K, cores)",
    |p| run(Work::Computing, p),
);
