//! The one backoff every spin loop uses.
//!
//! Shaped after crossbeam-utils' `Backoff`, with its two uses: [`Backoff::snooze`] when
//! waiting for another thread to act, [`Backoff::spin`] when retrying a contended
//! read-modify-write. Under a model checker every call of either is exactly one yield to
//! the checker's scheduler (see `spin_hints` in `model.rs`): loom needs a yield in every
//! spin loop.
//!
//! One difference from crossbeam: `snooze` looks at the awaited value after every single
//! hint instead of doubling the hints between looks. The stress mode's actors meet before
//! every sample ([`crate::workers::run_workers_in_step`]), and a waiter that looked only
//! every 64 hints found its partner's racy increments done before it got going: with
//! crossbeam's doubling, shared_counter's `unsync` lost updates in an order of magnitude
//! fewer stress samples when this was tried (`threadlab stress shared_counter` shows the
//! rate on your machine). [`PATIENCE`] is one number for every waiter (the five loops
//! it replaced waited 64, 1,000, 4,096 and 10,000 looks, or none, before yielding): long
//! enough for a meeting point, short enough not to slow down ten semaphore workers on two
//! cores.

use super::{thread, world};

/// Looks [`Backoff::snooze`] spins (one hint each) before it starts yielding.
pub const PATIENCE: u32 = 1 << 8;

/// The last turn of [`Backoff::spin`] that doubles: a turn spins at most 2^6 = 64 hints.
pub const SPIN_LIMIT: u32 = 6;

/// Backoff state for one wait: create it before the loop, call it once per failed look.
#[derive(Debug, Default)]
pub struct Backoff {
    turn: u32,
}

impl Backoff {
    /// A backoff at its first, shortest step.
    pub fn new() -> Self {
        Self::default()
    }

    /// For a loop that waits for another thread to act (set a flag, arrive at a meeting
    /// point, free a permit): one spin-loop hint per look for the first `PATIENCE`
    /// looks, so the change is seen within a hint of happening, then a yield per look, so
    /// that a preempted thread the loop waits for gets to run on an oversubscribed machine.
    pub fn snooze(&mut self) {
        if self.turn < PATIENCE {
            world::spin_hints(1);
            self.turn += 1;
        } else {
            thread::yield_now();
        }
    }

    /// For a loop that retries a contended read-modify-write and keeps its core whatever
    /// happens (a spin lock whose lesson is that it burns the core): spin 1, 2, 4, ...
    /// hints, then 64 on every later turn, to keep off the contended cache line a little
    /// longer each time; never yields in a real run.
    pub fn spin(&mut self) {
        world::spin_hints(1 << self.turn.min(SPIN_LIMIT));
        if self.turn < SPIN_LIMIT {
            self.turn += 1;
        }
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn snooze_spins_for_its_patience_then_keeps_yielding() {
        let mut backoff = Backoff::new();
        for look in 0..PATIENCE {
            assert_eq!(backoff.turn, look);
            backoff.snooze();
        }
        assert_eq!(backoff.turn, PATIENCE);
        backoff.snooze();
        assert_eq!(backoff.turn, PATIENCE, "a yielding turn stays a yielding turn");
    }

    #[test]
    fn spin_never_passes_the_limit() {
        let mut backoff = Backoff::new();
        for _ in 0..3 * SPIN_LIMIT {
            backoff.spin();
        }
        assert_eq!(backoff.turn, SPIN_LIMIT);
    }
}
