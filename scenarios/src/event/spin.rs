//! `spin`: an `AtomicBool` set with Release and spun on with Acquire.
//!
//! The setter writes the data, then stores the flag with `Release`; the waiter spins on an
//! `Acquire` load until it reads `true`. A Release store read by an Acquire load makes
//! everything written before the store visible after the load, so the waiter sees the
//! data; and a flag cannot be "missed" because the waiter never sleeps, it keeps looking.
//! Correct, and the lowest-latency signal when both threads have a core; when they do not,
//! the spinner burns the setter's time slice, so after a short spin it yields
//! ([`Backoff::snooze`]).
//! (`relaxed_publish` is this strategy with one ordering weakened.)

use super::Event;
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::Backoff;
use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::cell::UnsafeCell;

pub struct SpinEvent {
    set: AtomicBool,
    data: UnsafeCell<u64>,
}

// SAFETY: `data` is written once by the setter before its Release store of `set`, and read
// only after an Acquire load of `set` returned true.
unsafe impl Sync for SpinEvent {}

impl Event for SpinEvent {
    fn new() -> Self {
        Self { set: AtomicBool::new(false), data: UnsafeCell::new(0) }
    }

    fn set(&self, data: u64) {
        // SAFETY: the only write; readers wait for the Release store below.
        self.data.with_mut(|slot| unsafe { *slot = data });
        self.set.store(true, Ordering::Release);
    }

    fn wait(&self) -> Option<u64> {
        let mut backoff = Backoff::new();
        while !self.set.load(Ordering::Acquire) {
            backoff.snooze();
        }
        // SAFETY: the Acquire load saw the setter's Release store, so its write to `data`
        // happened before this read.
        Some(self.data.with(|slot| unsafe { *slot }))
    }
}

pub const STRATEGY: Strategy = Strategy {
    name: "spin",
    sources: &["scenarios/src/event/spin.rs"],
    bound: super::BOUND,
    summary: "AtomicBool: data written, flag stored Release; waiter spins on an Acquire load",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
    run: super::run_event::<SpinEvent>,
    run_batch: Some(super::run_event_batch::<SpinEvent>),
    run_for: None,
};
