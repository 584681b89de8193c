//! The seed's schedule of starts and cancels, scaled to any number of timers.

use std::time::Duration;

/// The seed's schedule, for `timers` timers and a tick of `tick`: timer i fires after
/// (5 + 2i) ticks; counting back from the last timer, every other one is cancelled one tick
/// before its deadline. Two timers and a 100 ms tick are seed 003 exactly: 0.5 s and 0.7 s,
/// the second cancelled at 0.6 s.
pub(super) fn schedule(timers: usize, tick: Duration) -> Vec<(Duration, Option<Duration>)> {
    (0..timers)
        .map(|i| {
            let delay = tick * (5 + 2 * i as u32);
            let cancelled = (timers - 1 - i).is_multiple_of(2);
            (delay, cancelled.then(|| delay - tick))
        })
        .collect()
}
