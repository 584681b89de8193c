//! Pattern 6: run later unless cancelled.
//!
//! Seed 003 starts two `threading.Timer`s, at 0.5 s and 0.7 s, and cancels the second at
//! 0.6 s: the first prints, the second never does. Every strategy here implements [`Timer`],
//! and one driver replays the seed's schedule against each. The hard part is the race the
//! seed never shows: a cancel that lands just as the time runs out. Either the cancel wins
//! (it returns true and the action never runs) or the timer wins (cancel returns false and
//! the action runs once); a correct timer never lets both sides believe they won.
//!
//! That is the decisive contract most strategies here keep. CPython's own `Timer` keeps a
//! weaker one (see [`CancelContract`]): its `cancel` returns nothing, and a cancel that
//! lands after the timer's check still lets the action run. Each timer declares its
//! contract ([`Timer::CONTRACT`]); the one check judges each answer by the contract that
//! gave it.
//!
//! loom has no clock (see [`crate::sync::time`]): sleeps end at a point loom chooses, timed
//! waits never time out by themselves, and a modelled clock thread says "time is up".

mod channel;
mod condvar;
mod driver;
mod fate;
mod invariant;
mod parking_lot;
mod probes;
mod python_like;
mod scenario;
mod schedule;
mod sleep_flag;
mod state_cas;
mod timeline;

use std::time::Duration;

use crate::catalogue::{About, CancelContract, Strategy};

use scenario::BOUND;
pub use scenario::SCENARIO;

/// What a timer does when it fires.
pub type Action = Box<dyn FnOnce() + Send + 'static>;

/// A timer that runs an action once after a delay unless cancelled; a strategy of the
/// timer scenario (declare it with [`strategy`]).
pub trait Timer: Sized + 'static {
    /// What this timer's `cancel` promises.
    const CONTRACT: CancelContract;
    /// Start a timer thread that runs `action` once `delay` has passed, unless cancelled.
    fn start(delay: Duration, action: Action) -> Self;
    /// Under [`CancelContract::Decisive`]: `Some(true)`, the action has not run and never
    /// will; `Some(false)`, too late, the action has run or is running, exactly once. Under
    /// [`CancelContract::Python`]: always `None` (Python's `cancel` returns nothing).
    fn cancel(&self) -> Option<bool>;
    /// Wait for the timer's thread to end.
    fn join(self);
}

/// The catalogue entry of timer `T`: its [`About`], with the driver's `run` for `T` and
/// its bench measurements ([`crate::catalogue::TimerProbes`]).
pub const fn strategy<T: Timer>(about: About) -> Strategy {
    Strategy::from_fn(about, driver::run_timers::<T>).probed(probes::of::<T>())
}

#[cfg(all(test, not(loom)))]
mod early;
#[cfg(all(test, not(loom)))]
mod tests;
