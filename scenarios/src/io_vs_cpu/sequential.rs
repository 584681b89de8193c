//! `wait_sequential` / `cpu_sequential`: the baseline, one task after another on the
//! calling thread. Every speedup in this scenario is measured against these two runs.

use std::time::Instant;

use super::{Work, executor};
use crate::catalogue::{Params, Run, Strategy};

fn run(work: Work, params: &Params) -> Run {
    let start = Instant::now();
    let values: Vec<u64> = (0..params.ops).map(|i| work.task(params, i)).collect();
    let elapsed = start.elapsed();
    Run { outcome: work.outcome(params, &values), elapsed }
}

/// Both strategies of this file live here.
const SOURCE: &str = file!();

pub const WAIT: Strategy = executor(
    SOURCE,
    "wait_sequential",
    "waiting tasks one after another: the time is the sum of the waits",
    |p| run(Work::Waiting, p),
);

pub const CPU: Strategy =
    executor(SOURCE, "cpu_sequential", "computing tasks one after another on one core", |p| {
        run(Work::Computing, p)
    });
