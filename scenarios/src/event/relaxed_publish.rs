//! `relaxed_publish`: BROKEN ON PURPOSE. `spin` with the flag stored `Relaxed`.
//!
//! The waiter does its part (an `Acquire` load), but Acquire only synchronises with a
//! Release store (or stronger). With the flag stored `Relaxed` there is no happens-before
//! edge from the setter's data write to the waiter's read: the compiler and a weakly
//! ordered CPU (Arm, POWER) may make the flag visible before the data, so the waiter can
//! see the signal without what it announces. loom tracks the data through its
//! `UnsafeCell` and reports the unordered write and read as a *causality violation*.
//!
//! For real, this is a data race on a plain `u64`, i.e. undefined behaviour: that is the
//! lesson, and the reason only this strategy and its test ever run it. On x86-64 (strong
//! hardware ordering) it usually appears to work, which is what makes it dangerous.
//!
//! Offers what `spin` offers of Python's Event except the timed wait (which adds nothing
//! to the lesson): many waiters and stays set.

use super::Event;
use crate::catalogue::{
    About, EventOffers, EventPart, Expectation, LoomModel, Reordering, Strategy, ViolationKind,
};
use crate::sync::Backoff;
use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::cell::UnsafeCell;

pub struct RelaxedPublishEvent {
    set: AtomicBool,
    data: UnsafeCell<u64>,
}

// SAFETY: NOT actually sound, on purpose: the Relaxed store below does not order the data
// write before the waiter's read. This type exists to be caught by loom.
unsafe impl Sync for RelaxedPublishEvent {}

impl Event for RelaxedPublishEvent {
    const OFFERS: EventOffers =
        EventOffers::NOTHING_MORE.and(EventPart::ManyWaiters).and(EventPart::StaysSet);

    fn new() -> Self {
        Self { set: AtomicBool::new(false), data: UnsafeCell::new(0) }
    }

    fn set(&self, data: u64) {
        // SAFETY: broken on purpose (see the module docs): the write is not published.
        self.data.with_mut(|slot| unsafe { *slot = data });
        // The bug: Relaxed publishes nothing written before it.
        self.set.store(true, Ordering::Relaxed);
    }

    fn wait(&self) -> Option<u64> {
        let mut backoff = Backoff::new();
        while !self.set.load(Ordering::Acquire) {
            backoff.snooze();
        }
        // SAFETY: broken on purpose: nothing orders the setter's write before this read.
        Some(self.data.with(|slot| unsafe { *slot }))
    }
}

pub const STRATEGY: Strategy = super::strategy::<RelaxedPublishEvent>(About {
    name: "relaxed_publish",
    source: file!(),
    summary: "data written, flag stored Relaxed: the waiter can see the flag but not the data",
    expectation: Expectation::Broken {
        kind: ViolationKind::DataRace,
        bug: "causality violation: the data write is not ordered before the waiter's read",
    },
    loom: LoomModel::Real,
})
.bound(super::BOUND)
// The data write must become visible after the flag's store for the waiter to see stale data.
.needing(Reordering::StoreStore);
