//! `atomic`: a lock-free semaphore, one compare-exchange per acquire.
//!
//! The count of holders is an atomic. `acquire` reads it and, if it is below K, tries to
//! replace exactly that value with value + 1: if another thread changed the count in
//! between, the compare-exchange fails and the loop reads again. Checking and taking are
//! thus one indivisible step, which is precisely what `check_then_act` lacks. Acquire on
//! success and Release on `release` order each holder's critical section after the previous
//! holder's. Correct; waiters busy-wait (spin, then yield), so it suits short sections.

use super::Semaphore;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::Backoff;
use crate::sync::atomic::{AtomicUsize, Ordering};

pub struct AtomicSemaphore {
    holders: AtomicUsize,
    limit: usize,
}

impl Semaphore for AtomicSemaphore {
    fn new(limit: usize) -> Self {
        Self { holders: AtomicUsize::new(0), limit }
    }

    fn acquire(&self) {
        let mut backoff = Backoff::new();
        loop {
            let holders = self.holders.load(Ordering::Relaxed);
            if holders < self.limit
                && self
                    .holders
                    .compare_exchange(holders, holders + 1, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
            {
                return;
            }
            backoff.snooze();
        }
    }

    fn release(&self) {
        self.holders.fetch_sub(1, Ordering::Release);
    }
}

pub const STRATEGY: Strategy = super::strategy::<AtomicSemaphore>(About {
    name: "atomic",
    source: file!(),
    summary: "AtomicUsize holders + compare_exchange(n, n+1) only while n < K",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::BOUND);
