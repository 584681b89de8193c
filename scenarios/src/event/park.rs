//! `park`: an atomic state plus `thread::park` / `Thread::unpark`, no lock at all.
//!
//! Teaches the lock-free one-shot, the shape of std's own one-shot primitives.
//!
//! The waiter stores its own thread handle, then moves the state EMPTY -> WAITING with a
//! compare-exchange, and parks until the state is SET. The setter writes the data and
//! swaps the state to SET; if it finds WAITING, it unparks the handle the waiter stored.
//! No wakeup can be lost because `unpark` leaves a token: if it lands before the waiter's
//! `park`, that `park` returns at once. The loop re-checks the state, so spurious returns
//! from `park` are harmless. Ordering: the waiter's handle write is published by its
//! Release compare-exchange and read by the setter after an Acquire swap that saw WAITING;
//! the data write is published by the setter's Release swap and read by the waiter after an
//! Acquire load that saw SET. loom checks both hand-overs through its `UnsafeCell`, in
//! every interleaving with at most 2 preemptions (the scenario's bound). Correct.
//!
//! Offers only "stays set" of Python's Event: the state stays SET, so a later wait returns
//! at once. It has one slot for one waiter's handle, so it cannot serve several waiters (a
//! second waiter would overwrite the first one's handle, find WAITING, and read the data
//! before SET); it has no way back from
//! SET (no `clear`: a waiter may be between its load and its compare-exchange); and no
//! timed wait here (`park_timeout` has no model in loom). The driver sets one event per
//! waiter instead.

use super::Event;
use crate::catalogue::{About, EventOffers, EventPart, Expectation, LoomModel, Strategy};
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::cell::UnsafeCell;
use crate::sync::thread;
use crate::sync::thread_handle::Thread;

const EMPTY: usize = 0;
const WAITING: usize = 1;
const SET: usize = 2;

pub struct ParkEvent {
    state: AtomicUsize,
    /// Written by the waiter before EMPTY -> WAITING; read by the setter only after it saw
    /// WAITING.
    waiter: UnsafeCell<Option<Thread>>,
    /// Written by the setter before -> SET; read by the waiter only after it saw SET.
    data: UnsafeCell<u64>,
}

// SAFETY: `waiter` and `data` each have one writer, and each reader reads only after an
// Acquire operation that observed the writer's Release publication (see the module docs).
unsafe impl Sync for ParkEvent {}

impl Event for ParkEvent {
    const OFFERS: EventOffers = EventOffers::NOTHING_MORE.and(EventPart::StaysSet);

    fn new() -> Self {
        Self {
            state: AtomicUsize::new(EMPTY),
            waiter: UnsafeCell::new(None),
            data: UnsafeCell::new(0),
        }
    }

    fn set(&self, data: u64) {
        // SAFETY: only the setter writes `data`, and the waiter reads it only after seeing
        // SET, which the swap below publishes with Release.
        self.data.with_mut(|slot| unsafe { *slot = data });
        if self.state.swap(SET, Ordering::AcqRel) == WAITING {
            // SAFETY: the waiter wrote its handle before its Release EMPTY -> WAITING, which
            // this Acquire swap observed; it never writes the handle again.
            let waiter = self.waiter.with(|slot| unsafe { (*slot).clone() });
            waiter.expect("a WAITING event has a waiter").unpark();
        }
    }

    fn wait(&self) -> Option<u64> {
        if self.state.load(Ordering::Acquire) != SET {
            // SAFETY: the setter reads `waiter` only after seeing WAITING, which is
            // published after this write; before that nobody else touches it.
            self.waiter.with_mut(|slot| unsafe { *slot = Some(thread::current()) });
            if self
                .state
                .compare_exchange(EMPTY, WAITING, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                while self.state.load(Ordering::Acquire) != SET {
                    thread::park();
                }
            }
        }
        // SAFETY: the state is SET and was read with Acquire, so the setter's write to
        // `data` happened before this read, and the setter writes it only once.
        Some(self.data.with(|slot| unsafe { *slot }))
    }
}

pub const STRATEGY: Strategy = super::strategy::<ParkEvent>(About {
    name: "park",
    source: file!(),
    summary: "atomic EMPTY/WAITING/SET state + park/unpark: the unpark token cannot be lost",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::BOUND);
