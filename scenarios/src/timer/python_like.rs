//! `python_like`: CPython's `threading.Timer`, step for step. Keeps Python's contract, not
//! the decisive one.
//!
//! CPython's Timer thread waits on an `Event` with the delay as its timeout, then checks
//! whether the event is set, then (if not) runs the action and sets the event; `cancel`
//! only sets the event and returns nothing. This is the seed's semantics: seed 003's
//! second timer is cancelled while it is still waiting, so it never runs. The check and
//! the action are two steps, the same check-then-act window `sleep_flag` is broken by: a
//! cancel that lands after the check is too late, though the action has not started.
//! Python's contract allows exactly that ([`CancelContract::Python`]: cancel claims
//! nothing, works only while the timer waits, and the action runs at most once), so under
//! that contract this strategy is correct; loom shows both that the window exists (the
//! action starting after cancel has returned) and that the contract still holds.
//!
//! loom: the event's timed wait never times out there, so a modelled clock thread sets
//! `time_up` and notifies at a point loom chooses (see [`crate::sync::time`]).

use std::time::{Duration, Instant};

use super::{Action, Timer};
use crate::catalogue::{About, CancelContract, Expectation, LoomModel, Strategy};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, Condvar, Mutex, time};

/// Python's `Event` as the Timer uses it: a flag under a lock, waited on with a timeout.
struct Event {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    set: bool,
    /// Set by the modelled clock under a model checker; the real clock ends real waits.
    time_up: bool,
}

impl Event {
    /// `Event.wait(timeout)`: return once the flag is set or the deadline has passed.
    fn wait_until(&self, deadline: Instant) {
        let mut state = self.state.lock().expect("never poisoned");
        while !state.set && !state.time_up {
            match time::until(deadline) {
                None => break,
                Some(left) => {
                    state = self.changed.wait_timeout(state, left).expect("never poisoned").0;
                }
            }
        }
    }

    /// `Event.is_set()`.
    fn is_set(&self) -> bool {
        self.state.lock().expect("never poisoned").set
    }

    /// `Event.set()`: set the flag and wake every waiter.
    fn set(&self) {
        self.state.lock().expect("never poisoned").set = true;
        self.changed.notify_all();
    }
}

pub struct PythonLikeTimer {
    finished: Arc<Event>,
    thread: JoinHandle<()>,
    clock: Option<JoinHandle<()>>,
}

impl Timer for PythonLikeTimer {
    const CONTRACT: CancelContract = CancelContract::Python;

    fn start(delay: Duration, action: Action) -> Self {
        let finished = Arc::new(Event {
            state: Mutex::new(State { set: false, time_up: false }),
            changed: Condvar::new(),
        });
        let deadline = Instant::now() + delay;
        let mine = finished.clone();
        let thread = thread::spawn(move || {
            mine.wait_until(deadline);
            if !mine.is_set() {
                // A cancel landing here returns, and the action still runs: Python's
                // contract allows it.
                action();
            }
            mine.set();
        });
        let clock_side = finished.clone();
        let clock = time::model_clock(move || {
            clock_side.state.lock().expect("never poisoned").time_up = true;
            clock_side.changed.notify_all();
        });
        Self { finished, thread, clock }
    }

    fn cancel(&self) -> Option<bool> {
        self.finished.set();
        None
    }

    fn join(self) {
        self.thread.join().expect("the timer thread does not panic");
        if let Some(clock) = self.clock {
            clock.join().expect("the model clock does not panic");
        }
    }
}

pub const STRATEGY: Strategy = super::strategy::<PythonLikeTimer>(About {
    name: "python_like",
    source: file!(),
    summary: "CPython's Timer: Event.wait(delay), then is_set(), then act; cancel sets the event \
              (Python's contract)",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "loom has no clock and its wait_timeout never times out: a modelled clock thread \
         announces time is up (sets the flag under the lock and notifies) at any point; \
         judged by Python's contract",
    ),
})
.bound(super::BOUND);
