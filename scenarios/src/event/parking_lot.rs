//! `parking_lot`: the `condvar` algorithm with parking_lot's `Mutex` and `Condvar`.
//!
//! Same discipline (check under the lock, wait in a loop), so correct for the same reason.
//! parking_lot's condvar takes the guard by `&mut` and cannot be poisoned; its mutex spins
//! briefly before parking, which matters for a ping-pong where the other side answers
//! within microseconds. loom cannot see inside parking_lot: loom's `Mutex` and `Condvar`
//! stand in.

use super::Event;
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::parking_lot::{Condvar, Mutex};

struct Signal {
    set: bool,
    data: u64,
}

pub struct ParkingLotEvent {
    signal: Mutex<Signal>,
    cond: Condvar,
}

impl Event for ParkingLotEvent {
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
}

pub const STRATEGY: Strategy = Strategy {
    name: "parking_lot",
    sources: &["scenarios/src/event/parking_lot.rs"],
    bound: super::BOUND,
    summary: "parking_lot Mutex<{set, data}> + Condvar: the condvar discipline, no poisoning",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with loom's Mutex and Condvar standing in for parking_lot's",
    ),
    run: super::run_event::<ParkingLotEvent>,
    run_batch: Some(super::run_event_batch::<ParkingLotEvent>),
    run_for: None,
};
