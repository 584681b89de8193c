//! `spin`: an `AtomicBool` set with Release and spun on with Acquire.
//!
//! Teaches Release/Acquire publication without any blocking. The setter writes the data, then stores the flag with `Release`; the waiter spins on an
//! `Acquire` load until it reads `true`. A Release store read by an Acquire load makes
//! everything written before the store visible after the load, so the waiter sees the
//! data; and a flag cannot be "missed" because the waiter never sleeps, it keeps looking.
//! Correct, and the lowest-latency signal when both threads have a core; when they do not,
//! the spinner burns the setter's time slice, so after a short spin it yields
//! ([`Backoff::snooze`]).
//! (`relaxed_publish` is this strategy with one ordering weakened.)
//!
//! Offers many waiters (every spinner reads the same flag), stays set (the flag is never
//! reset), and a timed wait (spin until a deadline). Not `clear`: the data is a plain cell
//! written once, and a `set` after a `clear` would rewrite it while a slow waiter of the
//! previous set may still be reading it, a data race; offering clear would need the data
//! in an atomic or behind a lock.
//!
//! Correct, and proved by loom for one waiter (every interleaving of the one-waiter game,
//! `loom-tests/tests/event.rs`); at the scenario's loom size two waiters spin at once and
//! loom cannot finish (see its loom model), so "set wakes every waiter" rests on the
//! argument above, shuttle's schedules and real runs. The timed wait that runs out needs a clock, which loom
//! lacks, and is checked in real runs.

use std::time::{Duration, Instant};

use super::{Event, NotOffered};
use crate::catalogue::{About, EventOffers, EventPart, Expectation, LoomModel, Strategy};
use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::cell::UnsafeCell;
use crate::sync::{Backoff, time};

pub struct SpinEvent {
    set: AtomicBool,
    data: UnsafeCell<u64>,
}

// SAFETY: `data` is written once by the setter before its Release store of `set`, and read
// only after an Acquire load of `set` returned true.
unsafe impl Sync for SpinEvent {}

impl Event for SpinEvent {
    const OFFERS: EventOffers = EventOffers::NOTHING_MORE
        .and(EventPart::ManyWaiters)
        .and(EventPart::StaysSet)
        .and(EventPart::TimedWait);

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

    fn wait_timeout(&self, timeout: Duration) -> Result<Option<u64>, NotOffered> {
        let deadline = Instant::now() + timeout;
        let mut backoff = Backoff::new();
        while !self.set.load(Ordering::Acquire) {
            if time::until(deadline).is_none() {
                return Ok(None);
            }
            backoff.snooze();
        }
        // SAFETY: as in `wait`: the Acquire load saw the Release store.
        Ok(Some(self.data.with(|slot| unsafe { *slot })))
    }
}

pub const STRATEGY: Strategy = super::strategy::<SpinEvent>(About {
    name: "spin",
    source: file!(),
    summary: "AtomicBool: data written, flag stored Release; waiter spins on an Acquire load",
    expectation: Expectation::Correct,
    loom: LoomModel::BeyondSearch(
        "at the event's loom size two waiters spin at once, and loom explores their unfair \
         alternation without end: the model exceeds loom's branch limit unbounded \
         and with 1 or 2 preemptions. The one-waiter game (publication, stays set, timed \
         wait set in time) is proved in loom-tests/tests/event.rs and by the proof-depth \
         climb's one-waiter sizes; shuttle runs it at full size",
    ),
})
.bound(super::BOUND);
