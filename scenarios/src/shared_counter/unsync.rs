//! `unsync`: BROKEN ON PURPOSE. The seeds' warning made real.
//!
//! Each increment reads the total and then writes back the total plus one, in two separate
//! steps. Both steps are atomic, so there is no undefined behaviour, yet two threads that
//! read the same value both write value + 1 and one update is lost. This is exactly Python's
//! `counter += 1` without a lock (seed 004, example 5). loom finds an interleaving where the
//! total falls short; on real hardware the stress mode shows how often.

use super::Counter;
use crate::catalogue::{
    About, Bound, BoundingProbe, Expectation, LoomModel, Strategy, ViolationKind,
};
use crate::sync::atomic::{AtomicU64, Ordering};

pub struct UnsyncCounter {
    total: AtomicU64,
}

impl Counter for UnsyncCounter {
    fn new(_threads: usize) -> Self {
        Self { total: AtomicU64::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        let seen = self.total.load(Ordering::Relaxed);
        // Another thread may store here, between our load and our store: its update is lost.
        self.total.store(seen + 1, Ordering::Relaxed);
    }

    fn finish(self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}

pub const STRATEGY: Strategy = super::strategy::<UnsyncCounter>(About {
    name: "unsync",
    source: file!(),
    summary: "load, then store load+1: two steps, so concurrent updates are lost",
    expectation: Expectation::Broken {
        kind: ViolationKind::LostUpdate,
        bug: "lost update: the final total is below threads x ops",
    },
    loom: LoomModel::Real,
})
// One shared counter, but no locked read-modify-write: a plain load and store, whose
// floor is the uncontended add (the shared line still moves between cores).
.bound(Some(Bound {
    probe: BoundingProbe::UncontendedAdd,
    why: "a plain load and store of one shared counter, no locked read-modify-write: \
              the floor is an uncontended add, though the counter's line is shared",
}));
