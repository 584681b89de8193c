//! `scoped`: `std::thread::scope`, threads that borrow the caller's inputs and outputs.
//!
//! Answers the seeds' start-then-join loop (000, 002, 004) with the join made impossible to
//! forget: the scope does not return until every thread spawned in it has finished, so the
//! threads may borrow from the caller's stack. Here each thread borrows its input and a
//! `&mut` to its own output slot; no `Arc`, no channel, no `move` of owned data. Correct:
//! the scope's implicit join is the happens-before edge that makes every slot's write
//! visible to main.
//!
//! Not modelled by loom: loom 0.7 has no `thread::scope` and its `spawn` needs `'static`
//! closures; shuttle has no scoped threads either. This strategy's own evidence is the
//! Miri tier, which runs this very code (weak memory and data races included, on the
//! seeds Miri tried), ThreadSanitizer's native runs and the stress runs. `closure` and
//! `worker` run a similar spawn-all-then-join-all algorithm under loom, which says nothing
//! about this file; the borrowing is checked by the compiler.

use super::{double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};
use crate::sync::scoped::scope;

fn one_round(n: usize) -> Vec<u64> {
    let inputs: Vec<u64> = (0..n as u64).collect();
    let mut outputs = vec![0u64; n];
    scope(|s| {
        for (input, output) in inputs.iter().zip(outputs.iter_mut()) {
            s.spawn(move || *output = double(*input));
        }
    });
    outputs
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "scoped",
        source: file!(),
        summary: "std::thread::scope: threads borrow their input and output slot; the scope joins",
        expectation: Expectation::Correct,
        loom: LoomModel::NotModelled(
            "loom 0.7 has no thread::scope (its spawn needs 'static closures); this code's own \
         evidence is its Miri, ThreadSanitizer and stress results, not loom's",
        ),
    },
    run,
)
.bound(super::BOUND);
