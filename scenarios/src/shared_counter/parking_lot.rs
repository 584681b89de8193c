//! `parking_lot`: the same lock discipline as `std_mutex`, with parking_lot's mutex.
//!
//! parking_lot's lock is one byte, spins briefly before parking, and has no poisoning.
//! The algorithm (total inside the lock) is identical to `std_mutex`, so it is correct for
//! the same reason. loom cannot see inside parking_lot: under loom, loom's `Mutex` stands in.

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::parking_lot::Mutex;

pub struct ParkingLotCounter {
    total: Mutex<u64>,
}

impl Counter for ParkingLotCounter {
    fn new(_threads: usize) -> Self {
        Self { total: Mutex::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        *self.total.lock() += 1;
    }

    fn finish(self) -> u64 {
        self.total.into_inner()
    }
}

pub const STRATEGY: Strategy = super::strategy::<ParkingLotCounter>(About {
    name: "parking_lot",
    source: file!(),
    summary: "parking_lot::Mutex<u64>: small, spins then parks, no poisoning",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with loom's Mutex standing in for parking_lot::Mutex",
    ),
})
.bound(super::SHARED_LINE);
