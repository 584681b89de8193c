//! `sleep_flag`: BROKEN ON PURPOSE. Sleep, check a "cancelled" flag, then act.
//!
//! The natural first try at seed 003's `Timer`: the timer thread sleeps, reads an
//! `AtomicBool` and, if nobody cancelled, runs the action and marks itself fired; `cancel`
//! sets the flag and reports success unless the timer has already marked itself fired.
//! Every access is atomic, yet the check and the action are two steps: a cancel that lands
//! after the timer's check but before its action sets the flag, sees "not fired yet" and
//! returns true, and then the action runs anyway. loom finds that schedule. (Fix: make the
//! decision one step, as `state_cas` does.)
//!
//! Contract claimed: decisive (cancel says whether it won), and broken: a `true` from
//! cancel does not stop the action. (`python_like` has the same window, but claims nothing.)

use std::time::Duration;

use super::{Action, Timer};
use crate::catalogue::{About, CancelContract, Expectation, LoomModel, Strategy, ViolationKind};
use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::{Arc, time};

struct Flags {
    cancelled: AtomicBool,
    fired: AtomicBool,
}

pub struct SleepFlagTimer {
    flags: Arc<Flags>,
    thread: JoinHandle<()>,
}

impl Timer for SleepFlagTimer {
    const CONTRACT: CancelContract = CancelContract::Decisive;

    fn start(delay: Duration, action: Action) -> Self {
        let flags =
            Arc::new(Flags { cancelled: AtomicBool::new(false), fired: AtomicBool::new(false) });
        let mine = flags.clone();
        let thread = thread::spawn(move || {
            time::sleep(delay);
            if !mine.cancelled.load(Ordering::SeqCst) {
                // A cancel landing here reports success, and the action still runs.
                action();
                mine.fired.store(true, Ordering::SeqCst);
            }
        });
        Self { flags, thread }
    }

    fn cancel(&self) -> Option<bool> {
        self.flags.cancelled.store(true, Ordering::SeqCst);
        Some(!self.flags.fired.load(Ordering::SeqCst))
    }

    fn join(self) {
        self.thread.join().expect("the timer thread does not panic");
    }
}

pub const STRATEGY: Strategy = super::strategy::<SleepFlagTimer>(About {
    name: "sleep_flag",
    source: file!(),
    summary: "sleep, check an AtomicBool, then fire: a cancel between check and act is lost",
    expectation: Expectation::Broken {
        kind: ViolationKind::RanAfterCancel,
        bug: "cancel() returned true but the action ran anyway (check-then-act window)",
    },
    loom: LoomModel::StandIn(
        "loom has no clock: the sleep is a no-op and the timer's wake-up (time is up) races \
         with cancel at every point loom can schedule",
    ),
})
.bound(super::BOUND);
