//! `cas_once`: BROKEN ON PURPOSE. Each increment loads the total and tries one
//! `compare_exchange(seen, seen + 1)`; when another thread got there first the exchange
//! fails and is never retried, so that increment is lost.

use scenarios::shared_counter::{self, Counter};
use scenarios::sync::atomic::{AtomicU64, Ordering};
use scenarios::{About, Expectation, LoomModel, Strategy, ViolationKind};

pub struct CasOnceCounter(AtomicU64);

impl Counter for CasOnceCounter {
    fn new(_threads: usize) -> Self {
        CasOnceCounter(AtomicU64::new(0))
    }

    fn add_one(&self, _slot: usize) {
        let seen = self.0.load(Ordering::Relaxed);
        // The bug: a failed exchange is dropped instead of retried with the value it saw.
        let _ = self.0.compare_exchange(seen, seen + 1, Ordering::Relaxed, Ordering::Relaxed);
    }

    fn finish(self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

pub const CAS_ONCE: Strategy = shared_counter::strategy::<CasOnceCounter>(About {
    name: "cas_once",
    source: file!(),
    summary: "load, then one compare_exchange never retried: a lost race loses the update",
    expectation: Expectation::Broken {
        kind: ViolationKind::LostUpdate,
        bug: "lost update: a failed compare_exchange is not retried",
    },
    loom: LoomModel::Real,
});
