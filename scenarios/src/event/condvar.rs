//! `condvar`: `Mutex<Signal>` + `Condvar`, the shape of Python's own `threading.Event`.
//!
//! Teaches the check-under-the-lock discipline. The flag and the data live inside the
//! mutex. A waiter checks the flag *while holding the lock*, and `Condvar::wait` releases
//! the lock and goes to sleep as one step, so a setter (which must take the same lock to
//! set the flag) cannot slip its notification in between the check and the sleep: no lost
//! wakeup. The `while` loop re-checks after every wakeup, so a spurious wakeup only costs
//! another wait. The mutex's unlock/lock pair carries the data to the waiter.
//!
//! Offers all of Python's Event: `set` calls `notify_all`, so every sleeping waiter wakes
//! (with `notify_one` the others would sleep on: the loom suite checks that mutant); the
//! flag stays true until `clear` sets it false under the same lock; `wait_timeout` waits
//! on the condvar until a deadline and answers from the flag. Correct: loom checks every
//! interleaving with at most 2 preemptions (the scenario's bound: the unbounded search of
//! two waiters and a setter over two rounds does not finish in minutes) of set waking both
//! waiters, the re-wait after set, the wait after clear, and a timed wait set in time; the
//! timed wait that runs out needs a clock, which loom lacks, and is checked in real runs.

use std::time::{Duration, Instant};

use super::{Event, NotOffered};
use crate::catalogue::{About, EventOffers, Expectation, LoomModel, Strategy};
use crate::sync::{Condvar, Mutex, time};

struct Signal {
    set: bool,
    data: u64,
}

pub struct CondvarEvent {
    signal: Mutex<Signal>,
    cond: Condvar,
}

impl Event for CondvarEvent {
    const OFFERS: EventOffers = EventOffers::ALL;

    fn new() -> Self {
        Self { signal: Mutex::new(Signal { set: false, data: 0 }), cond: Condvar::new() }
    }

    fn set(&self, data: u64) {
        let mut signal = self.signal.lock().expect("no thread panics holding the lock");
        signal.data = data;
        signal.set = true;
        drop(signal);
        self.cond.notify_all();
    }

    fn wait(&self) -> Option<u64> {
        let mut signal = self.signal.lock().expect("no thread panics holding the lock");
        while !signal.set {
            signal = self.cond.wait(signal).expect("no thread panics holding the lock");
        }
        Some(signal.data)
    }

    fn clear(&self) -> Result<(), NotOffered> {
        self.signal.lock().expect("no thread panics holding the lock").set = false;
        Ok(())
    }

    fn wait_timeout(&self, timeout: Duration) -> Result<Option<u64>, NotOffered> {
        let deadline = Instant::now() + timeout;
        let mut signal = self.signal.lock().expect("no thread panics holding the lock");
        while !signal.set {
            let Some(left) = time::until(deadline) else { return Ok(None) };
            let (woken, _) =
                self.cond.wait_timeout(signal, left).expect("no thread panics holding the lock");
            signal = woken;
        }
        Ok(Some(signal.data))
    }
}

pub const STRATEGY: Strategy = super::strategy::<CondvarEvent>(About {
    name: "condvar",
    source: file!(),
    summary: "Mutex<{set, data}> + Condvar: check under the lock, wait in a loop, notify_all",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
})
.bound(super::BOUND);
