//! The driver: replays the schedule against one timer type, round after round, and
//! records each timer's [`Fate`].

use std::time::{Duration, Instant};

use super::Timer;
use super::fate::Fate;
use super::schedule::schedule;
use crate::catalogue::{CancelContract, Outcome, Params, Run};
use crate::sync::Arc;
use crate::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Replay the schedule `ops` times (one round after another) against timer `T`.
pub(super) fn run_timers<T: Timer>(params: &Params) -> Run {
    let tick = Duration::from_millis(params.limit as u64);
    let plan = schedule(params.threads, tick);
    let (mut fates, mut early) = (Vec::new(), 0);
    let start = Instant::now();
    for _ in 0..params.ops {
        let (fated, early_in_round) = round::<T>(&plan);
        fates.extend(fated);
        early += early_in_round;
    }
    let elapsed = start.elapsed();
    let mut outcome = Outcome::default().with("fired_early", early);
    for fate in [
        Fate::Fired,
        Fate::Cancelled,
        Fate::CancelTooLate,
        Fate::FiredAfterCancelReturned,
        Fate::RanAfterCancel,
        Fate::RanTwice,
        Fate::Missed,
    ] {
        outcome = outcome.with(fate.word(), fates.iter().filter(|&&f| f == fate).count() as u64);
    }
    let per_timer: Vec<&str> = fates.iter().take(params.threads).map(|f| f.word()).collect();
    if params.ops == 1 && params.threads <= 16 {
        outcome.order = Some(per_timer.join(","));
    }
    Run { outcome, elapsed }
}

/// What the driver learns about one timer's action.
#[derive(Default)]
struct Seen {
    runs: AtomicUsize,
    /// Runs that began after main's cancel() had returned.
    runs_after_cancel: AtomicUsize,
    cancel_returned: AtomicBool,
    /// Runs that began while the real clock still read before the timer's deadline
    /// (never, under a model checker: it has no clock).
    early: AtomicUsize,
}

/// One round of the schedule: each timer's fate, and how many actions ran before their
/// delay had passed. `started` is read before any timer starts, so a timer that keeps its
/// own deadline (its start + delay) can never run before `started + delay`.
fn round<T: Timer>(plan: &[(Duration, Option<Duration>)]) -> (Vec<Fate>, u64) {
    let seen: Arc<Vec<Seen>> = Arc::new(plan.iter().map(|_| Seen::default()).collect());
    let started = Instant::now();
    let timers: Vec<T> = plan
        .iter()
        .enumerate()
        .map(|(i, &(delay, _))| {
            let seen = seen.clone();
            T::start(
                delay,
                Box::new(move || {
                    if crate::sync::time::before(started + delay) {
                        seen[i].early.fetch_add(1, Ordering::Relaxed);
                    }
                    seen[i].runs.fetch_add(1, Ordering::Relaxed);
                    if seen[i].cancel_returned.load(Ordering::SeqCst) {
                        seen[i].runs_after_cancel.fetch_add(1, Ordering::Relaxed);
                    }
                }),
            )
        })
        .collect();
    // Cancel in time order, sleeping until each cancel time.
    let mut cancels: Vec<(Duration, usize)> =
        plan.iter().enumerate().filter_map(|(i, &(_, c))| c.map(|c| (c, i))).collect();
    cancels.sort();
    let mut answers = vec![None; plan.len()];
    for (at, i) in cancels {
        if let Some(wait) = crate::sync::time::until(started + at) {
            crate::sync::time::sleep(wait);
        }
        let answer = timers[i].cancel();
        seen[i].cancel_returned.store(true, Ordering::SeqCst);
        assert_eq!(
            answer.is_none(),
            T::CONTRACT == CancelContract::Python,
            "a timer's cancel answers as its declared contract says"
        );
        answers[i] = Some(answer);
    }
    for timer in timers {
        timer.join();
    }
    // Each action's effect happens-before its timer thread's join.
    let fates = (0..plan.len())
        .map(|i| {
            let runs = seen[i].runs.load(Ordering::Relaxed);
            let after = seen[i].runs_after_cancel.load(Ordering::Relaxed) > 0;
            Fate::of(answers[i], runs, after)
        })
        .collect();
    let early = seen.iter().map(|s| s.early.load(Ordering::Relaxed) as u64).sum();
    (fates, early)
}
