//! Seed 001's event program at its own pace, scaled: a waiter prints "Waiting for event"
//! and blocks in `event.wait()`; a setter sleeps two seconds, prints "Setting event" and
//! sets it; only then does the waiter print "Event received". What the seed shows is the
//! pause: the waiter sits still for the setter's two seconds. The event is the `condvar`
//! strategy's, used through the [`Event`] trait's `new`, `set` and `wait` only.

use super::Event;
use super::condvar::CondvarEvent;
use crate::catalogue::*;
use crate::sync::Arc;
use crate::sync::thread;
use crate::sync::time::{Duration, Instant, sleep};

/// The scenario's timing facts: seed 001's program, re-enacted.
pub const TIMING: Timing = Timing {
    timeline: Some(TimelineHook {
        strategy: STRATEGY,
        presets: &["seed-001"],
        source: "scenarios/src/event/timeline.rs",
        run: seed_program::<CondvarEvent>,
    }),
    limit_ms_at_seed_pace: None,
};

/// The strategy whose event the timeline uses.
const STRATEGY: &str = "condvar";

/// The seed's `time.sleep(2)` before `event.set()`.
const PAUSE_SEED_S: f64 = 2.0;

/// The value the setter publishes with `set` (any nonzero value would do).
const DATA: u64 = 42;

/// When things happened, for the shape and the tests.
struct Times {
    waiting: Duration,
    setting: Duration,
    received: Option<Duration>,
}

fn seed_program<E: Event>(_: &Params, scale: TimeScale, _: &str) -> Timeline {
    enact::<E>(scale).0
}

fn enact<E: Event>(scale: TimeScale) -> (Timeline, Times) {
    let event = Arc::new(E::new());
    let pause = scale.of(PAUSE_SEED_S);
    let start = Instant::now();
    let waiter = {
        let event = event.clone();
        thread::spawn(move || {
            let waiting = start.elapsed();
            let got = event.wait();
            (waiting, start.elapsed(), got)
        })
    };
    let setter = thread::spawn(move || {
        sleep(pause);
        let setting = start.elapsed();
        event.set(DATA);
        setting
    });
    let (waiting, woke, got) = waiter.join().expect("the waiter panicked");
    let setting = setter.join().expect("the setter panicked");
    let received = (got == Some(DATA)).then_some(woke);
    let mut timeline = Timeline::new(STRATEGY, scale);
    timeline.record(waiting, "waiter", "Waiting for event");
    timeline.record(setting, "setter", "Setting event");
    match received {
        Some(at) => timeline.record(at, "waiter", "Event received"),
        None => timeline.record(woke, "waiter", format!("woke without the event: {got:?}")),
    }
    let times = Times { waiting, setting, received };
    timeline.shape = describe(&times, pause, scale);
    (timeline, times)
}

/// How long the waiter waited, beside the setter's pause.
fn describe(times: &Times, pause: Duration, scale: TimeScale) -> String {
    let Some(at) = times.received else {
        return "the waiter did not receive the event".to_owned();
    };
    let waited = at.saturating_sub(times.waiting);
    format!(
        "the waiter waited {:.0} ms (the seed's {:.2} s) for the setter's pause of {:.0} ms \
         (the seed's {PAUSE_SEED_S} s), and went on {:.2} ms after the set",
        waited.as_secs_f64() * 1e3,
        scale.to_seed_seconds(waited),
        pause.as_secs_f64() * 1e3,
        at.saturating_sub(times.setting).as_secs_f64() * 1e3,
    )
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn the_waiter_sits_out_the_setters_pause_and_goes_on_after_the_set() {
        let scale = TimeScale::new(0.02).unwrap();
        let (timeline, times) = enact::<CondvarEvent>(scale);
        let received = times.received.expect("the waiter received the event");
        assert!(times.setting >= scale.of(PAUSE_SEED_S), "{}", timeline.to_text());
        assert!(received >= times.setting, "{}", timeline.to_text());
        assert!(times.waiting < times.setting, "{}", timeline.to_text());
        let whats: Vec<&str> = timeline.moments.iter().map(|m| m.what.as_str()).collect();
        assert_eq!(whats, ["Waiting for event", "Setting event", "Event received"]);
    }
}
