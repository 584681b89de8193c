//! `condvar`: wait on a condition variable with a timeout; cancel wakes the timer at once.
//!
//! The timer's decision (Pending, Fired, Cancelled) lives under a `Mutex`, and the timer thread
//! sleeps in `Condvar::wait_timeout` instead of `sleep`. `cancel` changes Pending to
//! Cancelled under the lock and notifies, so the timer thread wakes immediately, sees
//! Cancelled and exits: a cancelled timer frees its thread at once (state_cas keeps it
//! asleep for the whole delay). When the deadline passes, the timer changes Pending to Fired
//! under the same lock and runs the action after releasing it. Both decisions are made
//! holding the one lock, so exactly one wins. Spurious wake-ups and early returns are
//! harmless: the thread re-checks the decision and the deadline every time it wakes. Correct.
//!
//! loom: `wait_timeout` never times out there, so a modelled clock thread takes the lock,
//! sets `time_up` and notifies, at a point loom chooses (see [`crate::sync::time`]).
//!
//! Contract: decisive (cancel says whether it won; both sides never win).

use std::time::{Duration, Instant};

use super::{Action, Timer};
use crate::catalogue::{About, CancelContract, Expectation, LoomModel, Strategy};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, Condvar, Mutex, time};

#[derive(Clone, Copy, PartialEq, Eq)]
/// Who has won the race between the deadline and `cancel`.
enum Decision {
    Pending,
    Fired,
    Cancelled,
}

struct State {
    decision: Decision,
    time_up: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

pub struct CondvarTimer {
    shared: Arc<Shared>,
    thread: JoinHandle<()>,
    clock: Option<JoinHandle<()>>,
}

fn wait_then_decide(shared: &Shared, deadline: Instant) -> bool {
    let mut state = shared.state.lock().expect("never poisoned");
    loop {
        if state.decision == Decision::Cancelled {
            return false;
        }
        if state.time_up {
            state.decision = Decision::Fired;
            return true;
        }
        match time::until(deadline) {
            None => state.time_up = true,
            Some(left) => {
                state = shared.wake.wait_timeout(state, left).expect("never poisoned").0;
            }
        }
    }
}

impl Timer for CondvarTimer {
    const CONTRACT: CancelContract = CancelContract::Decisive;

    fn start(delay: Duration, action: Action) -> Self {
        let shared = Arc::new(Shared {
            state: Mutex::new(State { decision: Decision::Pending, time_up: false }),
            wake: Condvar::new(),
        });
        let deadline = Instant::now() + delay;
        let mine = shared.clone();
        let thread = thread::spawn(move || {
            if wait_then_decide(&mine, deadline) {
                action(); // after the lock is released: the decision is already final
            }
        });
        let clock_side = shared.clone();
        let clock = time::model_clock(move || {
            clock_side.state.lock().expect("never poisoned").time_up = true;
            clock_side.wake.notify_all();
        });
        Self { shared, thread, clock }
    }

    fn cancel(&self) -> Option<bool> {
        let mut state = self.shared.state.lock().expect("never poisoned");
        if state.decision != Decision::Pending {
            return Some(false);
        }
        state.decision = Decision::Cancelled;
        drop(state);
        self.shared.wake.notify_all();
        Some(true)
    }

    fn join(self) {
        self.thread.join().expect("the timer thread does not panic");
        if let Some(clock) = self.clock {
            clock.join().expect("the model clock does not panic");
        }
    }
}

pub const STRATEGY: Strategy = super::strategy::<CondvarTimer>(About {
    name: "condvar",
    source: file!(),
    summary: "Mutex<decision> + Condvar::wait_timeout; cancel flips the decision and wakes the timer",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "loom has no clock and its wait_timeout never times out: a modelled clock thread \
         announces time is up (sets the flag under the lock and notifies) at any point",
    ),
})
.bound(super::BOUND);
