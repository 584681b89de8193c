//! `wait_sequential` / `cpu_sequential`: the baseline, one task after another on the
//! calling thread. Every speedup in this scenario is measured against these two runs.

use std::time::Instant;

use super::{NO_SHARED_STATE, Work};
use crate::catalogue::{Expectation, LoomModel, Params, Run, Strategy};

fn run(work: Work, params: &Params) -> Run {
    let start = Instant::now();
    let values: Vec<u64> = (0..params.ops).map(|i| work.task(params, i)).collect();
    let elapsed = start.elapsed();
    Run { outcome: work.outcome(params, &values), elapsed }
}

pub const WAIT: Strategy = Strategy {
    name: "wait_sequential",
    summary: "waiting tasks one after another: the time is the sum of the waits",
    expectation: Expectation::Correct,
    loom: LoomModel::NotModelled(NO_SHARED_STATE),
    run: |p| run(Work::Waiting, p),
    run_batch: None,
    run_for: None,
};

pub const CPU: Strategy = Strategy {
    name: "cpu_sequential",
    summary: "computing tasks one after another on one core",
    expectation: Expectation::Correct,
    loom: LoomModel::NotModelled(NO_SHARED_STATE),
    run: |p| run(Work::Computing, p),
    run_batch: None,
    run_for: None,
};
