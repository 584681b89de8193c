//! `wait_thread_per_task` / `cpu_thread_per_task`: one OS thread per task, the seeds'
//! `threading.Thread` per job.
//!
//! For waiting work this is the seeds' advice made real: all waits overlap, so the batch
//! takes about one wait, however few cores there are (until thread start-ups, which the
//! calibration's thread-spawn probe prices, add up). For computing work the threads share the cores: the speedup stops at the
//! core count, and more threads than cores only add switching. Thread creation is inside
//! the timed region because it is part of what this strategy costs.

use std::time::Instant;

use super::{Work, executor};
use crate::catalogue::{Params, Run, Strategy};
use crate::sync::thread;

fn run(work: Work, params: &Params) -> Run {
    let p = *params;
    let start = Instant::now();
    let handles: Vec<_> = (0..p.ops).map(|i| thread::spawn(move || work.task(&p, i))).collect();
    let values: Vec<u64> =
        handles.into_iter().map(|h| h.join().expect("a task panicked")).collect();
    let elapsed = start.elapsed();
    Run { outcome: work.outcome(params, &values), elapsed }
}

/// Both strategies of this file live here.
const SOURCE: &str = file!();

pub const WAIT: Strategy =
    executor(SOURCE, "wait_thread_per_task", "a thread per waiting task: the waits overlap", |p| {
        run(Work::Waiting, p)
    });

pub const CPU: Strategy = executor(
    SOURCE,
    "cpu_thread_per_task",
    "a thread per computing task: as fast as the cores allow, no faster",
    |p| run(Work::Computing, p),
);
