//! What a real run does to stand in for the OS scheduler and for work, and a model checker
//! must not do: the checker already tries a preemption at every synchronisation point, has
//! no time to spend, and would only multiply its schedules.

use super::{thread, world};

/// Give the core away here in a real run, as an untimely preemption would; nothing under a
/// model checker, which preempts wherever it likes.
pub fn preemption_point() {
    if !world::UNDER_MODEL_CHECKER {
        thread::yield_now();
    }
}

/// Keep the core busy for `hints` spin-loop hints in a real run (work done while holding
/// something); nothing under a model checker.
pub fn busy_work(hints: u32) {
    if !world::UNDER_MODEL_CHECKER {
        world::spin_hints(hints);
    }
}
