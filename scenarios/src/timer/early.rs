//! A timer that fires before its delay is caught: a test double whose deadline is computed
//! as now *minus* the delay (the mistake loom cannot see, having no clock) fires at once,
//! and the real run's check names it.

use std::time::{Duration, Instant};

use super::driver::run_timers;
use super::{Action, Timer};
use crate::catalogue::ViolationKind::FiredEarly;
use crate::catalogue::{CancelContract, Check, Params};
use crate::sync::thread::{self, JoinHandle};
use crate::sync::time;

/// Waits for a deadline in the past, so runs its action at once; never cancels.
struct Hasty(JoinHandle<()>);

impl Timer for Hasty {
    const CONTRACT: CancelContract = CancelContract::Decisive;

    fn start(delay: Duration, action: Action) -> Self {
        let now = Instant::now();
        let deadline = now.checked_sub(delay).unwrap_or(now);
        Hasty(thread::spawn(move || {
            if let Some(left) = time::until(deadline) {
                time::sleep(left);
            }
            action();
        }))
    }

    /// Too late, always: the action runs (or has run) exactly once.
    fn cancel(&self) -> Option<bool> {
        Some(false)
    }

    fn join(self) {
        self.0.join().expect("the timer thread does not panic");
    }
}

#[test]
fn a_timer_whose_deadline_is_now_minus_the_delay_fires_early_and_is_caught() {
    // Two timers of 50 and 70 ms (10 ms ticks), the second cancelled too late.
    let params = Params { threads: 2, ops: 1, limit: 10 };
    let run = run_timers::<Hasty>(&params);
    assert_eq!(run.outcome.get("fired_early"), Some(2), "{}", run.outcome);
    let Check::Violated(why) = (super::SCENARIO.check)(&params, &run.outcome) else {
        panic!("a timer that fired early passed: {}", run.outcome)
    };
    assert_eq!(why.kind, FiredEarly, "{why}");
    assert!(why.text.contains("2 action(s) ran before their delay"), "{why}");
}

#[test]
fn no_correct_timer_fires_early() {
    let params = Params { threads: 2, ops: 2, limit: 10 };
    for strategy in super::SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
        let run = (strategy.run)(&params);
        assert_eq!(run.outcome.get("fired_early"), Some(0), "{}: {}", strategy.name, run.outcome);
    }
}
