//! `rayon`: no thread per task at all; a pool of `n` threads, reused every round.
//!
//! The seeds start a fresh thread per call; rayon keeps its threads and hands them tasks,
//! so a round costs a few queue operations instead of `n` thread creations (what one
//! spawn+join costs is `threadlab calibrate`'s to measure). `par_iter().map().collect()` returns the results in input
//! order once every task has finished: the join is inside `collect`. The pool is built
//! before the clock starts and each round runs inside `install`, so the measurement covers
//! rayon's scheduling, not a cold entry into the pool. Correct.
//!
//! Not modelled by loom: rayon's pool runs its own std threads and crossbeam-deque queues,
//! which loom cannot schedule.

use rayon::prelude::*;

use super::{double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};

fn run(params: &Params) -> Run {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(params.threads)
        .build()
        .expect("a rayon pool of a validated size can be built");
    run_rounds(params, |n| {
        pool.install(|| (0..n as u64).into_par_iter().map(double).collect::<Vec<_>>())
    })
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "rayon",
        source: file!(),
        summary: "a reused rayon pool of n threads: par_iter().map(double).collect()",
        expectation: Expectation::Correct,
        loom: LoomModel::NotModelled(
        "rayon's pool runs its own threads and work-stealing deques, which loom cannot schedule",
    ),
    },
    run,
)
.bound(super::BOUND);
