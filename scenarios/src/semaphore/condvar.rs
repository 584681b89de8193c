//! `condvar`: a counting semaphore from `Mutex<usize>` + `Condvar`, since std has none.
//!
//! The mutex guards the number of free permits. `acquire` waits in a loop while none is
//! free and takes one *while still holding the lock*, so checking and taking are one step;
//! `release` gives one back under the lock and wakes one waiter. A waiter that wakes to
//! find the permit already taken (by a thread that arrived in between, or a spurious
//! wakeup) simply waits again. Correct.

use super::Semaphore;
use crate::catalogue::{About, Expectation, LoomModel, Strategy};
use crate::sync::{Condvar, Mutex};

pub struct CondvarSemaphore {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Semaphore for CondvarSemaphore {
    fn new(limit: usize) -> Self {
        Self { free: Mutex::new(limit), freed: Condvar::new() }
    }

    fn acquire(&self) {
        let mut free = self.free.lock().expect("no worker panics holding the lock");
        while *free == 0 {
            free = self.freed.wait(free).expect("no worker panics holding the lock");
        }
        *free -= 1;
    }

    fn release(&self) {
        *self.free.lock().expect("no worker panics holding the lock") += 1;
        self.freed.notify_one();
    }
}

pub const STRATEGY: Strategy = super::strategy::<CondvarSemaphore>(About {
    name: "condvar",
    source: file!(),
    summary: "Mutex<usize> of free permits + Condvar: check and take under one lock",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::BOUND);
