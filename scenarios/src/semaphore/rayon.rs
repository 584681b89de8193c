//! `rayon`: no semaphore at all; a pool of exactly K threads runs every worker's passes.
//!
//! The seed bounds concurrency with a semaphore because Python starts a thread per
//! worker. Give the work to a pool of K threads instead and at most K bodies can run at
//! once, by construction: the bound is the number of threads, not a counter anyone could
//! get wrong. The caller blocks in `install` and runs nothing itself. The pool is built
//! before the clock starts. Correct (the gauge still measures it).
//!
//! Not modelled by loom: rayon's pool runs its own std threads and crossbeam-deque queues,
//! which loom cannot schedule.

use std::time::Instant;

use rayon::prelude::*;

use super::{Gauge, passes};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};

fn run(params: &Params) -> Run {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(params.limit)
        .build()
        .expect("a rayon pool of a validated size can be built");
    let gauge = Gauge::default();
    let start = Instant::now();
    pool.install(|| {
        (0..params.threads).into_par_iter().for_each(|_| {
            for _ in 0..params.ops {
                gauge.occupy();
            }
        })
    });
    let elapsed = start.elapsed();
    debug_assert_eq!(gauge.outcome().get("entries"), Some(passes(params)));
    Run { outcome: gauge.outcome(), elapsed }
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "rayon",
        source: file!(),
        summary: "a rayon pool of K threads runs the workers: the pool size is the bound",
        expectation: Expectation::Correct,
        loom: LoomModel::NotModelled(
        "rayon's pool runs its own threads and work-stealing deques, which loom cannot schedule",
    ),
    },
    run,
)
.bound(super::BOUND);
