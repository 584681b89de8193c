//! `parking_lot`: the `condvar` semaphore with parking_lot's `Mutex` and `Condvar`.
//!
//! Same algorithm, so correct for the same reason; no poisoning to unwrap, and a mutex that
//! spins briefly before parking. loom cannot see inside parking_lot: loom's `Mutex` and
//! `Condvar` stand in.

use super::Semaphore;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::parking_lot::{Condvar, Mutex};

pub struct ParkingLotSemaphore {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Semaphore for ParkingLotSemaphore {
    fn new(limit: usize) -> Self {
        Self { free: Mutex::new(limit), freed: Condvar::new() }
    }

    fn acquire(&self) {
        let mut free = self.free.lock();
        while *free == 0 {
            self.freed.wait(&mut free);
        }
        *free -= 1;
    }

    fn release(&self) {
        *self.free.lock() += 1;
        self.freed.notify_one();
    }
}

pub const STRATEGY: Strategy = super::strategy::<ParkingLotSemaphore>(About {
    name: "parking_lot",
    source: file!(),
    summary: "parking_lot Mutex<usize> + Condvar: the condvar semaphore, no poisoning",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with loom's Mutex and Condvar standing in for parking_lot's",
    ),
})
.bound(super::BOUND);
