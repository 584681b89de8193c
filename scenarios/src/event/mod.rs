//! Pattern 3: threads wait until another says go.
//!
//! Seed 001 starts a waiter that blocks in `event.wait()` and a setter that calls
//! `event.set()` after two seconds. Python's `Event` hides two promises that every Rust
//! version has to keep by hand: a waiter must not miss a `set` that happens while it is
//! deciding to sleep (or it sleeps forever), and it must see everything the setter wrote
//! before `set` (or the signal arrives without its data). It also does more than one
//! waiter and one set: `set` wakes every waiter, the event stays set, `clear` unsets it,
//! and `wait` takes a timeout.
//!
//! Every strategy implements [`Event`], which carries the data written before `set`, and
//! declares which of those further parts it offers ([`Event::OFFERS`], an
//! [`EventOffers`]: a channel's message goes to one receiver and cannot be taken back, so
//! a channel offers neither many waiters nor clear). The driver (`driver.rs`) broadcasts
//! from one setter to `threads` waiters, round after round, exercising exactly the parts
//! offered; the check (`invariant.rs`) judges exactly those. The rounds are also the
//! benchmark: signal latency, from `set` to every waiter's answer.

mod channel;
mod condvar;
mod driver;
mod invariant;
mod lost_wakeup;
mod park;
mod parking_lot;
mod relaxed_publish;
mod spin;
mod timeline;

use std::time::Duration;

use crate::catalogue::*;

pub use driver::run_event;
use driver::run_event_batch;
use invariant::{Tally, check};

/// An event that carries the data written before it was set.
pub trait Event: Send + Sync + Sized + 'static {
    /// Which parts of Python's `Event` beyond one waiter and one set this strategy offers;
    /// the driver calls [`Event::clear`] and [`Event::wait_timeout`] only where offered.
    const OFFERS: EventOffers;
    /// A fresh, unset event.
    fn new() -> Self;
    /// Write `data`, then set the event. Called by one thread, once (once per `clear`).
    fn set(&self, data: u64);
    /// Block until the event is set and return the data published with it. `None` means
    /// the waiter gave up: only `lost_wakeup` bounds its wait, to report a lost wakeup
    /// instead of sleeping forever.
    fn wait(&self) -> Option<u64>;
    /// Unset the event: later waits block until the next `set`.
    fn clear(&self) -> Result<(), NotOffered> {
        Err(NotOffered)
    }
    /// Wait at most `timeout`: `Some(data)` if the event was set in time, `None` if not.
    fn wait_timeout(&self, timeout: Duration) -> Result<Option<u64>, NotOffered> {
        let _ = timeout;
        Err(NotOffered)
    }
}

/// A part of the Event this strategy does not offer was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotOffered;

/// The catalogue entry of event `E`: its [`About`], with the driver's `run` and
/// `run_batch` for `E`, and the parts it offers ([`Event::OFFERS`]).
pub const fn strategy<E: Event>(about: About) -> Strategy {
    Strategy::from_fn(about, run_event::<E>).batch(run_event_batch::<E>).offering(E::OFFERS)
}

/// Elements of one game: waits answered (every waiter, every round).
fn answers(params: &Params) -> u64 {
    (params.threads * params.ops) as u64
}

const fn params(threads: usize, ops: usize) -> Params {
    Params { threads, ops, limit: 0 }
}

/// Every strategy's bound.
const BOUND: Option<Bound> = Some(Bound {
    probe: BoundingProbe::ParkUnparkRoundTrip,
    why: "a signal that wakes a sleeping thread",
});

/// The event scenario's catalogue entry.
pub static SCENARIO: Scenario = Scenario {
    name: "event",
    title: "Event: threads wait until another says go",
    seeds: "001 (event.wait() in a waiter, event.set() after 2 s in a setter)",
    lesson: "A waiter must decide to sleep and start sleeping as one step with respect to the \
             setter (a lock, a park token or a channel makes it so), and the signal must \
             publish the data written before it (Release paired with Acquire). Python's Event \
             also wakes every waiter, stays set, can be cleared and waits with a timeout; not \
             every Rust design offers all of that, and each strategy says which parts it does.",
    invariant: "every waiter proceeds only after set, sees the data written before set, and \
                never sleeps forever; where offered, one set wakes every waiter, a wait after \
                set returns at once, a wait after clear blocks until the next set, and a timed \
                wait returns the data when set in time and \"not set\" when nobody sets",
    params: ParamSpec {
        threads: "waiters (one more thread sets); each round one set must reach them all",
        ops: "rounds: the setter sets, every waiter waits and answers on its own event",
        limit: None,
        defaults: params(2, 1000),
        max: params(64, 1_000_000),
    },
    presets: &[Preset {
        name: "seed-001",
        params: params(1, 1),
        source: "seed 001: one waiter, one setter that sets after 2 s (its timeline keeps the pause)",
    }],
    loom: LoomConfig {
        params: params(2, 2),
        preemption_bound: Some(2),
        why: "two waiters, so that one set must wake both, and two rounds, so that a wait after \
              clear needs the next set: main, a setter and 2 waiters, within loom's 5 threads. \
              Bounded at 2 preemptions: unbounded, condvar alone ran for minutes without \
              finishing when tried. The broken strategies are refuted with no preemption, and \
              the notify_one mutant of condvar within the same bound \
              (loom-tests/tests/event.rs)",
        // Within loom's 5 threads: main + setter + waiters, so at most 3 waiters.
        depth: Some(DepthLadder {
            sizes: &[(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (2, 3), (3, 2)],
        }),
    },
    stress: StressConfig { params: params(2, 2), interesting: nothing_interesting },
    bench: BenchConfig {
        params: params(1, 200),
        thread_counts: &[1, 2],
        elements: answers,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    strategies: &[
        lost_wakeup::STRATEGY,
        relaxed_publish::STRATEGY,
        condvar::STRATEGY,
        parking_lot::STRATEGY,
        park::STRATEGY,
        channel::STRATEGY,
        spin::STRATEGY,
    ],
    check,
    shared_sources: &[
        "scenarios/src/event/mod.rs",
        "scenarios/src/event/driver.rs",
        "scenarios/src/event/invariant.rs",
        "scenarios/src/event/tests.rs",
    ],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests;
