//! `atomic`: one hardware read-modify-write per increment.
//!
//! `fetch_add` reads, adds and writes as one indivisible step, so no update can fall between
//! another thread's read and write. `Relaxed` is enough: the increments need no ordering
//! with other memory, and joining the workers makes every increment visible to the reader.
//! Correct, and the cheapest way to share one total, though every increment still pulls the
//! cache line to the incrementing core.

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::atomic::{AtomicU64, Ordering};

pub struct AtomicCounter {
    total: AtomicU64,
}

impl Counter for AtomicCounter {
    fn new(_threads: usize) -> Self {
        Self { total: AtomicU64::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        self.total.fetch_add(1, Ordering::Relaxed);
    }

    fn finish(self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}

pub const STRATEGY: Strategy = super::strategy::<AtomicCounter>(About {
    name: "atomic",
    source: file!(),
    summary: "fetch_add(1, Relaxed): the increment is one indivisible step",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::SHARED_LINE);
