//! The one backoff every spin loop uses: spin a little longer on each turn, then, if
//! waiting for another thread, start giving the core away.
//!
//! Shaped after crossbeam-utils' `Backoff`: turn n spins 2^n spin-loop hints, doubling up
//! to 2^[`SPIN_LIMIT`]. The cap keeps the gap between two looks at the awaited value short
//! (a waiter notices the change within 64 hints), and the doubling keeps a waiter that only
//! waits a moment off the cache line the other thread is writing. Under a model checker
//! every call is exactly one yield to the checker's scheduler (see `spin_hints` in
//! `model.rs`): loom needs a yield in every spin loop.

use super::{thread, world};

/// The last turn that doubles: a turn spins at most 2^SPIN_LIMIT = 64 hints.
pub const SPIN_LIMIT: u32 = 6;

/// Backoff state for one wait: create it before the loop, call it once per failed look.
#[derive(Debug, Default)]
pub struct Backoff {
    turn: u32,
}

impl Backoff {
    pub fn new() -> Self {
        Self::default()
    }

    /// For a loop that waits for another thread to act (set a flag, arrive, free a
    /// permit): spin 1, 2, 4, ... 64 hints on the first seven turns (127 in all), then
    /// yield the core on every later turn, so that a preempted thread the loop waits for
    /// gets to run on an oversubscribed machine.
    pub fn snooze(&mut self) {
        if self.turn <= SPIN_LIMIT {
            world::spin_hints(1 << self.turn);
            self.turn += 1;
        } else {
            thread::yield_now();
        }
    }

    /// For a loop that keeps its core whatever happens (a spin lock whose lesson is that
    /// it burns the core): spin 1, 2, 4, ... hints, then 64 on every later turn, never
    /// yielding in a real run.
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
    fn snooze_doubles_up_to_the_limit_then_keeps_yielding() {
        let mut backoff = Backoff::new();
        for turn in 0..=SPIN_LIMIT {
            assert_eq!(backoff.turn, turn);
            backoff.snooze();
        }
        let yielding = backoff.turn;
        assert_eq!(yielding, SPIN_LIMIT + 1);
        backoff.snooze();
        assert_eq!(backoff.turn, yielding, "a yielding turn stays a yielding turn");
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
