//! `spin`: a hand-written test-and-test-and-set lock guarding a plain `u64`.
//!
//! A waiter first only *reads* the flag until it looks free (the "test"), spinning on its
//! own cached copy of the line instead of bouncing it between cores with writes, and only
//! then tries `compare_exchange(false, true, Acquire)` (the "test-and-set"). `store(false, Release)` frees it. Acquire/Release make the
//! previous holder's write to the total visible to the next holder; loom checks exactly that
//! through its `UnsafeCell`. Correct, but a waiter burns its core: on an oversubscribed
//! machine a preempted holder makes everyone spin for a whole time slice.

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::Backoff;
use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::cell::UnsafeCell;

pub struct SpinCounter {
    locked: AtomicBool,
    total: UnsafeCell<u64>,
}

// SAFETY: `total` is only touched between `lock` and `unlock`, and the lock admits one
// thread at a time, with Acquire/Release ordering between consecutive holders.
unsafe impl Sync for SpinCounter {}

impl SpinCounter {
    fn lock(&self) {
        loop {
            // Test: wait, only reading, until the lock looks free. `spin` never yields the
            // core: this lock keeps burning it (the lesson), only less often as it waits.
            let mut backoff = Backoff::new();
            while self.locked.load(Ordering::Relaxed) {
                backoff.spin();
            }
            // Test-and-set: try to take it. Another waiter may win; then wait again.
            if self
                .locked
                .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
        }
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}

impl Counter for SpinCounter {
    fn new(_threads: usize) -> Self {
        Self { locked: AtomicBool::new(false), total: UnsafeCell::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        self.lock();
        // SAFETY: we hold the lock, so no other thread reads or writes `total` now.
        self.total.with_mut(|total| unsafe { *total += 1 });
        self.unlock();
    }

    fn finish(self) -> u64 {
        self.total.into_inner()
    }
}

pub const STRATEGY: Strategy = super::strategy::<SpinCounter>(About {
    name: "spin",
    source: file!(),
    summary: "hand-written test-and-test-and-set spin lock around a plain u64",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::SHARED_LINE);
