//! `state_cas`: sleep, then settle the race with one compare-and-swap.
//!
//! The timer's state is one atomic word: Pending, Fired or Cancelled. When the sleep ends
//! the timer thread tries Pending -> Fired and runs the action only if that CAS succeeded;
//! `cancel` tries Pending -> Cancelled and reports whether *its* CAS succeeded. A CAS is one
//! indivisible read-modify-write, so exactly one of the two can move the state out of
//! Pending: both cannot win. Correct, under a contract stronger than seed 003's Python
//! `Timer` keeps (see `python_like`): cancel says whether it won. The cost: a
//! cancelled timer's thread still sleeps out its full delay (cancel latency = the delay), which
//! the condvar and channel strategies fix. loom: the sleep is a no-op, so the timer's wake-up
//! races with the cancel at every point.
//!
//! Contract: decisive (cancel says whether it won; both sides never win).

use std::time::Duration;

use super::{Action, Timer};
use crate::catalogue::{About, CancelContract, Expectation, LoomModel, Strategy};
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, time};

const PENDING: usize = 0;
const FIRED: usize = 1;
const CANCELLED: usize = 2;

pub struct StateCasTimer {
    state: Arc<AtomicUsize>,
    thread: JoinHandle<()>,
}

impl Timer for StateCasTimer {
    const CONTRACT: CancelContract = CancelContract::Decisive;

    fn start(delay: Duration, action: Action) -> Self {
        let state = Arc::new(AtomicUsize::new(PENDING));
        let mine = state.clone();
        let thread = thread::spawn(move || {
            time::sleep(delay);
            if mine.compare_exchange(PENDING, FIRED, Ordering::AcqRel, Ordering::Acquire).is_ok() {
                action();
            }
        });
        Self { state, thread }
    }

    fn cancel(&self) -> Option<bool> {
        Some(
            self.state
                .compare_exchange(PENDING, CANCELLED, Ordering::AcqRel, Ordering::Acquire)
                .is_ok(),
        )
    }

    fn join(self) {
        self.thread.join().expect("the timer thread does not panic");
    }
}

pub const STRATEGY: Strategy = super::strategy::<StateCasTimer>(About {
    name: "state_cas",
    source: file!(),
    summary: "sleep, then CAS Pending->Fired; cancel is CAS Pending->Cancelled",
    expectation: Expectation::Correct,
    loom: LoomModel::StandIn(
        "loom has no clock: the sleep is a no-op and the timer's wake-up (time is up) races \
         with cancel at every point loom can schedule",
    ),
})
.bound(super::BOUND);
