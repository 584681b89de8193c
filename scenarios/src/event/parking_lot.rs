//! `parking_lot`: the `condvar` algorithm with parking_lot's `Mutex` and `Condvar`.
//!
//! Teaches that the discipline, not the library, makes the event correct: check under the
//! lock, wait in a loop, wake everyone. parking_lot's condvar takes the guard by `&mut` and
//! cannot be poisoned; its mutex spins briefly before parking, which matters when the
//! other side answers within microseconds.
//!
//! Offers all of Python's Event, as `condvar` does (`notify_all`, a flag that stays true
//! until `clear`, `wait_for` with a deadline). Correct for the same reasons. loom cannot see
//! inside parking_lot: loom's `Mutex` and `Condvar` stand in, so the verdict checks the
//! algorithm, with at most 2 preemptions (the scenario's bound, as for `condvar`); the
//! timed wait that runs out needs a clock, which loom lacks, and is checked in real runs.

use std::time::{Duration, Instant};

use super::{Event, NotOffered};
use crate::catalogue::{About, EventOffers, Expectation, LoomModel, Strategy};
use crate::sync::parking_lot::{Condvar, Mutex};
use crate::sync::time;

struct Signal {
    set: bool,
    data: u64,
}

pub struct ParkingLotEvent {
    signal: Mutex<Signal>,
    cond: Condvar,
}

impl Event for ParkingLotEvent {
    const OFFERS: EventOffers = EventOffers::ALL;

    fn new() -> Self {
        Self { signal: Mutex::new(Signal { set: false, data: 0 }), cond: Condvar::new() }
    }

    fn set(&self, data: u64) {
        let mut signal = self.signal.lock();
        signal.data = data;
        signal.set = true;
        drop(signal);
        self.cond.notify_all();
    }

    fn wait(&self) -> Option<u64> {
        let mut signal = self.signal.lock();
        while !signal.set {
            self.cond.wait(&mut signal);
        }
        Some(signal.data)
    }

    fn clear(&self) -> Result<(), NotOffered> {
        self.signal.lock().set = false;
        Ok(())
    }

    fn wait_timeout(&self, timeout: Duration) -> Result<Option<u64>, NotOffered> {
        let deadline = Instant::now() + timeout;
        let mut signal = self.signal.lock();
        while !signal.set {
            let Some(left) = time::until(deadline) else { return Ok(None) };
            self.cond.wait_for(&mut signal, left);
        }
        Ok(Some(signal.data))
    }
}

pub const STRATEGY: Strategy = super::strategy::<ParkingLotEvent>(About {
    name: "parking_lot",
    source: file!(),
    summary: "parking_lot Mutex<{set, data}> + Condvar: the condvar discipline, no poisoning",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with loom's Mutex and Condvar standing in for parking_lot's",
    ),
})
.bound(super::BOUND);
