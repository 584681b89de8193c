//! The bench's measurements of one timer type: how late it fires, and how long a cancel
//! takes to free its thread. [`super::strategy`] puts them in every timer strategy's
//! [`TimerProbes`].

use std::time::{Duration, Instant};

use super::Timer;
use crate::catalogue::TimerProbes;
use crate::sync::Arc;

/// The probes of timer `T`.
pub(super) const fn of<T: Timer>() -> TimerProbes {
    TimerProbes { lateness: lateness::<T>, cancel_latency: cancel_latency::<T> }
}

fn lateness<T: Timer>(delay: Duration) -> Duration {
    let fired_at = Arc::new(crate::sync::Mutex::new(None));
    let slot = fired_at.clone();
    let start = Instant::now();
    let timer = T::start(delay, Box::new(move || *slot.lock().unwrap() = Some(Instant::now())));
    timer.join();
    let fired = fired_at.lock().unwrap().expect("an uncancelled timer fires");
    fired.saturating_duration_since(start + delay)
}

pub(super) fn cancel_latency<T: Timer>(delay: Duration) -> Option<Duration> {
    let timer = T::start(delay, Box::new(|| {}));
    let start = Instant::now();
    let answer = timer.cancel();
    timer.join();
    (answer != Some(false)).then(|| start.elapsed())
}
