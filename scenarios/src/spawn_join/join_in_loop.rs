//! `join_in_loop`: the join inside the start loop, so the threads run one at a time.
//!
//! Answers the comment beside seed 000's commented-out `join`: called inside the loop that
//! starts the threads, `join` makes main wait for each thread before it starts the next,
//! and the five doublers run in turn instead of together. Correct (every result comes back
//! through its join, exactly as in `closure`), but serial: each task pays a whole thread
//! start and join before the next can begin, with no overlap at all. Its time beside
//! `closure` in the report is the price of the misplaced line.

use super::{double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};
use crate::sync::thread;

fn one_round(n: usize) -> Vec<u64> {
    let mut results = Vec::with_capacity(n);
    for number in 0..n as u64 {
        let handle = thread::spawn(move || double(number));
        // The join right after the start: the next thread is not started until this one ends.
        results.push(handle.join().expect("a doubler does not panic"));
    }
    results
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "join_in_loop",
        source: file!(),
        summary: "spawn then join inside the start loop: correct, but one thread at a time",
        expectation: Expectation::Correct,
        loom: LoomModel::RealUnshared {
            why: "each thread is joined before the next is started, so main and one thread never \
              run at once: the join orders every access",
        },
    },
    run,
)
.bound(super::BOUND);
