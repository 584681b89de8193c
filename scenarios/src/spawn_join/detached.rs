//! `detached`: BROKEN ON PURPOSE. Results read before the threads have finished: the Rust
//! analogue of a Python daemon thread cut off when the program ends.
//!
//! Not what the seeds' programs do. Seed 000 with its `join` commented out and seed 004's
//! first example still print every result, because Python's interpreter waits for every
//! non-daemon thread before it exits (`scripts/daemon_check.py` shows it). Rust's spawned
//! threads behave like Python's *daemon* threads: nothing waits for them, and when main
//! returns the process ends and they are cut off wherever they are. Reading shared results
//! before the threads are joined loses them in either language; this strategy does exactly
//! that. Each task pushes its result into a shared `Mutex<Vec<u64>>`; main drops the
//! `JoinHandle`s (detaching the threads) and reads the vector as soon as it has spawned
//! them, as a program would at its last line, or like seed 002's "Main flow" printed before
//! its joins. The mutex makes every access safe, so there is no data race and no undefined
//! behaviour, yet nothing orders main's read after the tasks' writes: main sees whatever
//! subset has landed so far (often none). loom finds the interleaving where main reads
//! before a task has pushed ("missing ... results"); on real hardware how many are missing
//! depends on the scheduler.
//!
//! The results are shared through [`crate::sync::untracked::Arc`]: when loom reports the
//! violation, the detached threads may not have run yet, and loom 0.7 aborts the process
//! if it has to drop a loom `Arc` while tearing such threads down.

use super::run_rounds;
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy, ViolationKind};
use crate::sync::untracked::Arc;
use crate::sync::{Mutex, thread};

fn one_round(n: usize) -> Vec<u64> {
    let results = Arc::new(Mutex::new(Vec::with_capacity(n)));
    for number in 0..n as u64 {
        let results = results.clone();
        // The handle is dropped at once: the thread is detached and never joined.
        drop(thread::spawn(move || {
            results.lock().expect("no task panics holding the lock").push(super::double(number));
        }));
    }
    // Main reads right away, as if the tasks were done.
    results.lock().expect("no task panics holding the lock").clone()
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "detached",
        source: file!(),
        summary: "spawn, drop the JoinHandles, read shared results at once (a daemon cut off at exit)",
        expectation: Expectation::Broken {
        kind: ViolationKind::MissingResult,
        bug: "lost result: main reads before the detached tasks have written theirs",
    },
        loom: LoomModel::Real,
    },
    run,
)
.bound(super::BOUND)
.also_reads(&["scenarios/src/spawn_join/python_check.rs"]);
