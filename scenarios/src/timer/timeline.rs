//! Seed 003's timer program at its own pace, scaled: two timers start together, due at
//! 0.5 s and 0.7 s; main sleeps 0.6 s and cancels the second. What the seed shows is the
//! first action running at 0.5 s and the second never running. The timers are the
//! `python_like` strategy's (Python's own contract: wait, check the flag, then act); the
//! moments are the times the actions ran and main cancelled, as this run measured them.

use std::time::{Duration, Instant};

use super::Timer;
use super::python_like::PythonLikeTimer;
use crate::catalogue::*;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicU64, Ordering};
use crate::sync::time::sleep;

/// The scenario's timing facts: seed 003's program, re-enacted; the tick follows the scale.
pub const TIMING: Timing = Timing {
    timeline: Some(TimelineHook {
        strategy: STRATEGY,
        presets: &["seed-003"],
        source: "scenarios/src/timer/timeline.rs",
        run: seed_program::<PythonLikeTimer>,
    }),
    limit_ms_at_seed_pace: Some(100.0),
};

/// The strategy whose timers the timeline uses.
const STRATEGY: &str = "python_like";

/// The seed's schedule, in its seconds.
const FIRST_SEED_S: f64 = 0.5;
const SECOND_SEED_S: f64 = 0.7;
const CANCEL_SEED_S: f64 = 0.6;
/// How long past the second deadline main looks before it says the second never ran.
const LOOK_PAST_SEED_S: f64 = 0.1;

/// Not yet run, in an action's slot.
const NEVER: u64 = u64::MAX;

/// When things happened.
struct Times {
    first: Option<Duration>,
    second: Option<Duration>,
    cancelled: Duration,
    looked: Duration,
}

fn seed_program<T: Timer>(_: &Params, scale: TimeScale, _: &str) -> Timeline {
    enact::<T>(scale).0
}

fn enact<T: Timer>(scale: TimeScale) -> (Timeline, Times) {
    let ran: Arc<[AtomicU64; 2]> = Arc::new([AtomicU64::new(NEVER), AtomicU64::new(NEVER)]);
    let start = Instant::now();
    let action = |slot: usize| {
        let ran = ran.clone();
        Box::new(move || {
            ran[slot].store(start.elapsed().as_nanos() as u64, Ordering::SeqCst);
        })
    };
    let first = T::start(scale.of(FIRST_SEED_S), action(0));
    let second = T::start(scale.of(SECOND_SEED_S), action(1));
    sleep(scale.of(CANCEL_SEED_S));
    second.cancel();
    let cancelled = start.elapsed();
    first.join();
    second.join();
    sleep(scale.of(SECOND_SEED_S + LOOK_PAST_SEED_S).saturating_sub(start.elapsed()));
    let looked = start.elapsed();
    let at = |slot: usize| match ran[slot].load(Ordering::SeqCst) {
        NEVER => None,
        nanos => Some(Duration::from_nanos(nanos)),
    };
    let times = Times { first: at(0), second: at(1), cancelled, looked };
    let mut timeline = Timeline::new(STRATEGY, scale);
    timeline.record(Duration::ZERO, "main", "Timer(0.5) and Timer(0.7) started");
    if let Some(at) = times.first {
        timeline.record(at, "first", "the 0.5 s timer's action runs");
    }
    timeline.record(cancelled, "main", "second.cancel()");
    match times.second {
        Some(at) => timeline.record(at, "second", "the 0.7 s timer's action runs"),
        None => timeline.record(looked, "main", "0.7 s passed: the second action never ran"),
    }
    timeline.shape = describe(&times, scale);
    (timeline, times)
}

/// The seed's times beside the ones this run measured.
fn describe(times: &Times, scale: TimeScale) -> String {
    let seed = |at: Duration| format!("{:.2} s", scale.to_seed_seconds(at));
    let first =
        times.first.map_or_else(|| "never fired".to_owned(), |at| format!("fired at {}", seed(at)));
    let second = match times.second {
        None => format!("never ran (looked at {})", seed(times.looked)),
        Some(at) => format!("RAN at {} although cancelled", seed(at)),
    };
    format!(
        "the 0.5 s timer {first}; cancel at {}; the 0.7 s timer {second}",
        seed(times.cancelled)
    )
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn the_first_timer_fires_after_its_delay_and_the_cancelled_one_never_runs() {
        let scale = TimeScale::new(0.2).unwrap();
        let (timeline, times) = enact::<PythonLikeTimer>(scale);
        let first = times.first.expect("the first timer fired");
        assert!(first >= scale.of(FIRST_SEED_S), "{}", timeline.to_text());
        assert!(times.cancelled >= scale.of(CANCEL_SEED_S), "{}", timeline.to_text());
        assert_eq!(times.second, None, "{}", timeline.to_text());
        assert!(times.looked >= scale.of(SECOND_SEED_S), "{}", timeline.to_text());
        assert!(timeline.shape.contains("never ran"), "{}", timeline.shape);
    }
}
