//! `rayon`: map-reduce, no shared state at all.
//!
//! Each task counts in a local variable and rayon's `sum` combines the partial totals.
//! Nothing is shared while counting, so nothing can race: the lesson is that the best lock
//! is the one you do not need. The pool is built before the clock starts, and the work runs
//! inside `install` so the timing covers rayon's own scheduling, not a cold entry.
//!
//! Not modelled by loom: rayon's pool runs its own std threads and crossbeam-deque queues,
//! which loom cannot see or schedule.

use std::hint::black_box;
use std::time::Instant;

use rayon::prelude::*;

use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};

fn count_locally(ops: usize) -> u64 {
    let mut local = 0u64;
    for _ in 0..ops {
        // black_box keeps the compiler from replacing the loop with `local = ops`.
        local = black_box(local) + 1;
    }
    local
}

fn run(params: &Params) -> Run {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(params.threads)
        .build()
        .expect("a rayon pool of a validated size can be built");
    let (total, elapsed) = pool.install(|| {
        let start = Instant::now();
        let total: u64 =
            (0..params.threads).into_par_iter().map(|_| count_locally(params.ops)).sum();
        (total, start.elapsed())
    });
    Run { outcome: super::counter_outcome(total), elapsed }
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "rayon",
        source: file!(),
        summary: "rayon map-reduce: each task counts locally, `sum` combines them",
        expectation: Expectation::Correct,
        loom: LoomModel::NotModelled(
        "rayon's pool runs its own threads and work-stealing deques, which loom cannot schedule",
    ),
    },
    run,
)
.bound(super::OWN_MEMORY);
