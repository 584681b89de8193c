//! `crossbeam_scope`: crossbeam's scoped threads, the ancestor of `std::thread::scope`.
//!
//! Same lesson as `scoped` (the scope joins every thread before it returns, so threads may
//! borrow), with crossbeam's API: the spawned closure receives the scope (to spawn more
//! threads), and `scope` returns `Err` if any thread panicked instead of propagating the
//! panic. Kept because much existing code predates std's scope (Rust 1.63). Correct for
//! the same reason as `scoped`.
//!
//! Not modelled by loom: loom has no scoped threads and cannot see into crossbeam's, nor
//! can shuttle. This strategy's own evidence is the Miri tier, which runs this very code,
//! ThreadSanitizer's native runs and the stress runs.

use super::{double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};
use crate::sync::scoped::crossbeam_scope;

fn one_round(n: usize) -> Vec<u64> {
    let inputs: Vec<u64> = (0..n as u64).collect();
    let mut outputs = vec![0u64; n];
    crossbeam_scope(|s| {
        for (input, output) in inputs.iter().zip(outputs.iter_mut()) {
            s.spawn(move |_| *output = double(*input));
        }
    })
    .expect("no doubler panics");
    outputs
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "crossbeam_scope",
        source: file!(),
        summary: "crossbeam::scope: borrowing threads, panics returned as Err",
        expectation: Expectation::Correct,
        loom: LoomModel::NotModelled(
            "loom has no scoped threads and cannot schedule crossbeam's; this code's own \
         evidence is its Miri, ThreadSanitizer and stress results, not loom's",
        ),
    },
    run,
)
.bound(super::BOUND);
