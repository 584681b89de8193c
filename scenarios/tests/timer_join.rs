//! An uncancelled timer has run by the time `join` returns, for every timer strategy in the
//! catalogue. The scenario's own schedule cannot show this: main sleeps until its last
//! cancel, which comes after every uncancelled deadline, so a `join` that returned at once
//! would still find the action done. Here nothing waits but `join`. Real threads and the
//! real clock only (loom and shuttle builds skip it).
#![cfg(not(any(loom, shuttle)))]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use scenarios::timer::PROBES;

/// Long enough that a `join` which does not wait returns well before the deadline, even on
/// a busy machine; short enough to keep the test cheap.
const DELAY: Duration = Duration::from_millis(50);

#[test]
fn an_uncancelled_timer_has_run_when_join_returns() {
    let timers = scenarios::scenario("timer").unwrap();
    assert!(!timers.strategies.is_empty());
    let mut failed = Vec::new();
    for strategy in timers.strategies {
        // The bench's probes are the scenario's per-strategy entry points that start one
        // timer and join it; every strategy has one (a unit test of the timer module).
        let probe = PROBES
            .iter()
            .find(|p| p.strategy == strategy.name)
            .unwrap_or_else(|| panic!("{}: no probes", strategy.name));
        // `lateness` starts an uncancelled timer, joins it, and panics if the action has
        // not run by then; the action runs no earlier than its delay, so neither can the
        // join return earlier.
        let start = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| (probe.lateness)(DELAY))) {
            Ok(_) if start.elapsed() < DELAY => failed.push(format!(
                "{}: join returned {:?} after the start of a {DELAY:?} timer",
                strategy.name,
                start.elapsed()
            )),
            Ok(_) => {}
            Err(payload) => {
                let text = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failed.push(format!("{}: {text}", strategy.name));
            }
        }
    }
    assert!(failed.is_empty(), "join returned before the action ran: {failed:?}");
}
