//! `fetch_max`: one atomic read-modify-write per offer. Correct.

use super::Maximum;
use scenarios::sync::atomic::{AtomicU64, Ordering};
use scenarios::{About, Expectation, LoomModel, Strategy};

pub struct FetchMax(AtomicU64);

impl Maximum for FetchMax {
    fn new() -> Self {
        FetchMax(AtomicU64::new(0))
    }

    fn offer(&self, value: u64) {
        self.0.fetch_max(value, Ordering::Relaxed);
    }

    fn finish(self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

pub const FETCH_MAX: Strategy = super::strategy::<FetchMax>(About {
    name: "fetch_max",
    source: file!(),
    summary: "fetch_max(value, Relaxed): compare and store as one step",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
});
