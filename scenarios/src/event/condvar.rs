//! `condvar`: `Mutex<Signal>` + `Condvar`, the shape of Python's own `threading.Event`.
//!
//! The flag and the data live inside the mutex. The waiter checks the flag *while holding
//! the lock* and `Condvar::wait` releases the lock and goes to sleep as one step, so a
//! setter (which must take the same lock to set the flag) cannot slip its `notify` in
//! between the check and the sleep: no lost wakeup. The `while` loop re-checks after every
//! wakeup, so a spurious wakeup only costs another wait. The mutex's unlock/lock pair
//! carries the data to the waiter. Correct.

use super::Event;
use crate::catalogue::{Expectation, LoomModel, Strategy};
use crate::sync::{Condvar, Mutex};

struct Signal {
    set: bool,
    data: u64,
}

pub struct CondvarEvent {
    signal: Mutex<Signal>,
    cond: Condvar,
}

impl Event for CondvarEvent {
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
}

pub const STRATEGY: Strategy = Strategy {
    name: "condvar",
    sources: &["scenarios/src/event/condvar.rs"],
    bound: super::BOUND,
    summary: "Mutex<{set, data}> + Condvar: check under the lock, wait in a loop",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
    run: super::run_event::<CondvarEvent>,
    run_batch: Some(super::run_event_batch::<CondvarEvent>),
    run_for: None,
};
