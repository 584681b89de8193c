//! `std_mutex`: the seeds' `with lock: counter += 1`, in Rust.
//!
//! The total lives *inside* the mutex, so the type system refuses any access that does not
//! hold the lock, the mistake Python cannot prevent. Correct: the guard's release
//! happens-before the next acquire, so each increment sees the one before it.

use super::Counter;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::Mutex;

pub struct StdMutexCounter {
    total: Mutex<u64>,
}

impl Counter for StdMutexCounter {
    fn new(_threads: usize) -> Self {
        Self { total: Mutex::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        *self.total.lock().expect("no worker panics while holding the lock") += 1;
    }

    fn finish(self) -> u64 {
        self.total.into_inner().expect("no worker panicked while holding the lock")
    }
}

pub const STRATEGY: Strategy = super::strategy::<StdMutexCounter>(About {
    name: "std_mutex",
    source: file!(),
    summary: "std::sync::Mutex<u64>: the total can only be reached through the lock",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::SHARED_LINE);
