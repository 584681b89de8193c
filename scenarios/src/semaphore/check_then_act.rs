//! `check_then_act`: BROKEN ON PURPOSE. Load the count, compare it with K, then increment.
//!
//! Each step is atomic, but the three together are not: two workers that both load K-1
//! both see room, both increment, and K+1 are inside. This is the semaphore written the
//! way one would say it ("if there is room, go in"), and the same lost-update shape as
//! shared_counter's `unsync`. loom finds the interleaving; the gauge records `max_inside`
//! = K+1. On real hardware the window is a few nanoseconds wide, so how often it bites
//! depends on how many workers are queued at the door when a permit comes back: the seed's
//! ten workers for three permits, with a little work inside, make it visible.

use super::{Semaphore, back_off};
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::atomic::{AtomicUsize, Ordering};

pub struct CheckThenActSemaphore {
    holders: AtomicUsize,
    limit: usize,
}

impl Semaphore for CheckThenActSemaphore {
    fn new(limit: usize) -> Self {
        Self { holders: AtomicUsize::new(0), limit }
    }

    fn acquire(&self) {
        let mut spins = 0;
        // Check...
        while self.holders.load(Ordering::Acquire) >= self.limit {
            back_off(&mut spins);
        }
        // ...then act: another worker may have taken the last permit in between.
        self.holders.fetch_add(1, Ordering::Acquire);
    }

    fn release(&self) {
        self.holders.fetch_sub(1, Ordering::Release);
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "check_then_act",
    summary: "wait until holders < K, then fetch_add: two workers can take the last permit",
    expectation: Expectation::Broken { bug: "over-admission: K+1 workers inside at once" },
    loom: LoomModel::Real,
    run: super::run_semaphore::<CheckThenActSemaphore>,
    run_batch: None,
};
