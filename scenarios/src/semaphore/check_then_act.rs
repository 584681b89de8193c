//! `check_then_act`: BROKEN ON PURPOSE. Load the count, compare it with K, then increment.
//!
//! Each step is atomic, but the three together are not: two workers that both load K-1
//! both see room, both increment, and K+1 are inside. This is the semaphore written the
//! way one would say it ("if there is room, go in"), and the same lost-update shape as
//! shared_counter's `unsync`. loom finds the interleaving; the gauge records `max_inside`
//! = K+1.
//!
//! On real hardware the window between the check and the act is a few instructions wide,
//! so without help a run can easily miss the bug (`threadlab stress` measures how often it
//! shows). So that a single `threadlab run` shows the bug, the real-run code yields the
//! core between the check and the act, standing in for the untimely preemption that makes
//! this bug bite in production; the seed's ten workers and three permits then get more
//! than K inside far more often (the unit test still gives it 20 tries). The algorithm is
//! unchanged, only the window is wider; under a model checker the yield is left out, since
//! it explores the window anyway.
//! Its benchmark numbers include that extra yield per acquire and are not comparable with
//! the others.

use super::Semaphore;
use crate::catalogue::{About, Expectation, LoomModel, Strategy, ViolationKind};
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{Backoff, preemption_point};

pub struct CheckThenActSemaphore {
    holders: AtomicUsize,
    limit: usize,
}

impl Semaphore for CheckThenActSemaphore {
    fn new(limit: usize) -> Self {
        Self { holders: AtomicUsize::new(0), limit }
    }

    fn acquire(&self) {
        let mut backoff = Backoff::new();
        // Check...
        while self.holders.load(Ordering::Acquire) >= self.limit {
            backoff.snooze();
        }
        // The window: in real runs, give the core away here, as an untimely preemption
        // would (see the module docs). A model checker needs no help to find the window.
        preemption_point();
        // ...then act: another worker may have taken the last permit in between.
        self.holders.fetch_add(1, Ordering::Acquire);
    }

    fn release(&self) {
        self.holders.fetch_sub(1, Ordering::Release);
    }
}

pub const STRATEGY: Strategy = super::strategy::<CheckThenActSemaphore>(About {
    name: "check_then_act",
    source: file!(),
    summary: "wait until holders < K, then fetch_add: two workers can take the last permit",
    expectation: Expectation::Broken {
        kind: ViolationKind::OverAdmission,
        bug: "over-admission: K+1 workers inside at once",
    },
    loom: LoomModel::Real,
})
.bound(super::BOUND);
