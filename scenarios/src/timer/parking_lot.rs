//! `parking_lot`: the condvar timer on parking_lot's `Mutex` and `Condvar::wait_for`.
//!
//! The same algorithm as `condvar` (decision under a lock, a timed wait, cancel flips the decision
//! and notifies), with parking_lot's types: no poisoning, `wait_for(&mut guard, timeout)`
//! instead of consuming and returning the guard, and a lock that is a single byte. Correct
//! for the same reason: both decisions are made under one lock, and the timer re-checks
//! decision and deadline on every wake-up.
//!
//! loom: the parking_lot names resolve to stand-ins on loom's Mutex and Condvar; loom's
//! timed wait never times out, so a modelled clock thread announces time is up.
//!
//! Contract: decisive (cancel says whether it won; both sides never win).

use std::time::{Duration, Instant};

use super::{Action, Timer};
use crate::catalogue::{About, CancelContract, Expectation, LoomModel, Strategy};
use crate::sync::parking_lot::{Condvar, Mutex};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, time};

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

pub struct ParkingLotTimer {
    shared: Arc<Shared>,
    thread: JoinHandle<()>,
    clock: Option<JoinHandle<()>>,
}

fn wait_then_decide(shared: &Shared, deadline: Instant) -> bool {
    let mut state = shared.state.lock();
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
                shared.wake.wait_for(&mut state, left);
            }
        }
    }
}

impl Timer for ParkingLotTimer {
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
            clock_side.state.lock().time_up = true;
            clock_side.wake.notify_all();
        });
        Self { shared, thread, clock }
    }

    fn cancel(&self) -> Option<bool> {
        let mut state = self.shared.state.lock();
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

pub const STRATEGY: Strategy = super::strategy::<ParkingLotTimer>(About {
    name: "parking_lot",
    source: file!(),
    summary: "parking_lot Mutex<decision> + Condvar::wait_for; cancel flips the decision and wakes the timer",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "algorithm checked with loom's Mutex and Condvar standing in for parking_lot's; loom \
         has no clock and its timed wait never times out, so a modelled clock thread \
         announces time is up (sets the flag under the lock and notifies) at any point",
    ),
})
.bound(super::BOUND);
