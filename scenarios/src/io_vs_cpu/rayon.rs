//! `wait_rayon` / `cpu_rayon`: rayon's `par_iter` over the tasks, on a pool of rayon's
//! default size (one thread per core), built before the clock starts; the work runs inside
//! `install`.
//!
//! For computing work this is the right tool: work stealing keeps every core busy. For
//! waiting work it is the wrong one, shown honestly: a sleeping task holds its rayon
//! thread, and there are only as many as there are cores, so the waits overlap only
//! cores-at-a-time; thread-per-task (or async I/O) does far better. Not modelled by loom
//! (rayon's own threads), and there is no shared state to model anyway.

use std::time::Instant;

use rayon::prelude::*;

use super::{Work, executor};
use crate::catalogue::{Params, Run, Strategy};

fn run(work: Work, params: &Params) -> Run {
    let p = *params;
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .expect("a rayon pool of the default size can be built");
    let (values, elapsed) = pool.install(|| {
        let start = Instant::now();
        let values: Vec<u64> = (0..p.ops).into_par_iter().map(|i| work.task(&p, i)).collect();
        (values, start.elapsed())
    });
    Run { outcome: work.outcome(params, &values), elapsed }
}

/// Both strategies of this file live here.
const SOURCE: &str = file!();

pub const WAIT: Strategy = executor(
    SOURCE,
    "wait_rayon",
    "par_iter over waiting tasks: blocks rayon's core-sized pool (the wrong tool)",
    |p| run(Work::Waiting, p),
);

pub const CPU: Strategy =
    executor(SOURCE, "cpu_rayon", "par_iter over computing tasks: every core busy", |p| {
        run(Work::Computing, p)
    });
