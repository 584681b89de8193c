//! `load_store`: BROKEN ON PURPOSE. Each offer loads the maximum and stores its value if
//! larger, in two steps: between them another thread may store a larger value, which this
//! store then overwrites.

use super::Maximum;
use scenarios::sync::atomic::{AtomicU64, Ordering};
use scenarios::{About, Expectation, LoomModel, Strategy};

pub struct LoadStore(AtomicU64);

impl Maximum for LoadStore {
    fn new() -> Self {
        LoadStore(AtomicU64::new(0))
    }

    fn offer(&self, value: u64) {
        if value > self.0.load(Ordering::Relaxed) {
            // Another thread may store a larger value here: ours overwrites it.
            self.0.store(value, Ordering::Relaxed);
        }
    }

    fn finish(self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

pub const LOAD_STORE: Strategy = super::strategy::<LoadStore>(About {
    name: "load_store",
    source: file!(),
    summary: "load, compare, then store: a smaller offer can overwrite a larger one",
    expectation: Expectation::Broken {
        kind: super::MAX_WENT_BACKWARDS,
        bug: "maximum went backwards: a larger maximum is overwritten by a smaller offer",
    },
    loom: LoomModel::Real,
});
