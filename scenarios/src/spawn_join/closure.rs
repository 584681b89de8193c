//! `closure`: `thread::spawn(move || ...)`, the result returned through the `JoinHandle`.
//!
//! Answers seed 000 (`Thread(target=doubler, args=(i,))`) and seed 003's "function with
//! args": the `move` closure *is* the argument list, captured by value. Where Python threads
//! print their result and return nothing, a Rust thread returns a value and `join` hands it
//! back, so main cannot look at a result before the thread that computed it has finished:
//! the join is a happens-before edge and the value travels along it. Correct.

use super::{double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};
use crate::sync::thread;

fn one_round(n: usize) -> Vec<u64> {
    let handles: Vec<_> =
        (0..n as u64).map(|number| thread::spawn(move || double(number))).collect();
    handles.into_iter().map(|h| h.join().expect("a doubler does not panic")).collect()
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "closure",
        source: file!(),
        summary: "thread::spawn(move || 2*i); the result comes back through join()",
        expectation: Expectation::Correct,
        loom: LoomModel::Real,
    },
    run,
)
.bound(super::BOUND);
