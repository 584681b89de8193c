//! `racy_ptr`: BROKEN ON PURPOSE, and UNDEFINED BEHAVIOUR taught on purpose.
//!
//! The same two-step increment as [`unsync`](super::unsync), but on a plain `u64` reached
//! through a raw pointer instead of an atomic. That turns a logic bug into a *data race*:
//! two threads access the same non-atomic memory, at least one of them writes, and nothing
//! orders the accesses. In Rust (as in C and C++) a data race is undefined behaviour: the
//! program has no meaning at all, the lost update is only the most common symptom. This is
//! what Python's `counter += 1` without a lock (seed 004, example 5) becomes when written
//! with `unsafe` in a language without a global interpreter lock.
//!
//! Why keep it next to `unsync`: on x86-64 both compile to the same load and store, and the
//! stress mode sees the same lost updates, yet only this one is a data race. loom reports it
//! as a causality violation on its `UnsafeCell`; Miri and ThreadSanitizer report the data
//! race on the real code, while they stay silent about `unsync`, whose atomics make the lost
//! update a logic bug, not undefined behaviour. Nobody should read their silence about
//! `unsync` as proof.
//!
//! Running it for real (`threadlab run`, the benchmark, the stress mode) executes
//! undefined behaviour. We allow it, as a labelled demonstration: the accesses are
//! `read_volatile`/`write_volatile`, which keeps today's compiler from merging the loop into
//! one addition, so the machine code is the plain load-add-store the lesson is about. That is
//! an observation about one compiler, not a guarantee: nothing the run prints is promised by
//! the language.

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy, ViolationKind};
use crate::sync::cell::UnsafeCell;

pub struct RacyCounter {
    total: UnsafeCell<u64>,
}

// SAFETY: this is FALSE, on purpose: `add_one` writes `total` from several threads with no
// synchronisation. The impl exists so the lesson compiles; it is the bug the strategy teaches.
unsafe impl Sync for RacyCounter {}

impl Counter for RacyCounter {
    fn new(_threads: usize) -> Self {
        Self { total: UnsafeCell::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        self.total.with_mut(|total| {
            // SAFETY: NOT SAFE, on purpose. `total` points to a live, aligned u64, but other
            // workers read and write it concurrently: a data race, undefined behaviour. Miri,
            // ThreadSanitizer and loom are expected to report exactly this line.
            unsafe { total.write_volatile(total.read_volatile() + 1) }
        });
    }

    fn finish(self) -> u64 {
        // Every worker has been joined: the join orders all their writes before this read.
        self.total.into_inner()
    }
}

pub const STRATEGY: Strategy = super::strategy::<RacyCounter>(About {
    name: "racy_ptr",
    source: file!(),
    summary: "UNDEFINED BEHAVIOUR on purpose: plain u64 incremented through a raw pointer \
              by every thread, a data race (lost updates are one symptom)",
    expectation: Expectation::Broken {
        kind: ViolationKind::DataRace,
        bug: "data race (undefined behaviour): unsynchronised writes to a plain u64",
    },
    loom: LoomModel::Real,
})
.bound(super::SHARED_LINE)
.without_timed();
