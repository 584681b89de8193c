//! Start N worker threads together and time them from release to the last finish.
//!
//! Threads are spawned and held at a start line *before* the clock starts, so thread
//! creation is never part of a measurement. Each worker records when it was released and
//! when it finished; the elapsed time is `max(finish) - min(release)`.

use std::time::{Duration, Instant};

use crate::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use crate::sync::time::sleep;
use crate::sync::{Arc, Backoff, StartLine, thread};

/// What a group of workers produced, and how long the timed region took.
pub struct Finished<T> {
    /// One result per worker, in worker order.
    pub results: Vec<T>,
    /// From the workers' release to the last one's finish.
    pub elapsed: Duration,
}

/// Run `work(slot)` on `threads` new threads released together, and join them all.
///
/// Under a model checker there is no start line (see [`StartLine`]) and the elapsed time
/// is meaningless.
pub fn run_workers<S, T, F>(threads: usize, shared: Arc<S>, work: F) -> Finished<T>
where
    S: Send + Sync + 'static,
    T: Send + 'static,
    F: Fn(&S, usize) -> T + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let gate = Arc::new(StartLine::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|slot| {
            let (shared, work, gate) = (shared.clone(), work.clone(), gate.clone());
            thread::spawn_as(
                move || format!("worker {slot}"),
                move || {
                    gate.wait();
                    let released = Instant::now();
                    let result = work(&shared, slot);
                    (result, released, Instant::now())
                },
            )
        })
        .collect();

    let mut results = Vec::with_capacity(threads);
    let mut first_release: Option<Instant> = None;
    let mut last_finish: Option<Instant> = None;
    for handle in handles {
        // A worker's panic goes on with its own payload, so whoever reports it names the
        // strategy's message and place, not this join.
        let (result, released, finished) =
            handle.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        first_release = Some(first_release.map_or(released, |t| t.min(released)));
        last_finish = Some(last_finish.map_or(finished, |t| t.max(finished)));
        results.push(result);
    }
    let elapsed = match (first_release, last_finish) {
        (Some(start), Some(end)) => end.saturating_duration_since(start),
        _ => Duration::ZERO,
    };
    Finished { results, elapsed }
}

/// Run `work(instance, slot)` on every instance, with `threads` workers that meet before
/// each instance, so they race on every one instead of drifting apart (the stress mode's
/// sampling, in the style of jcstress's actors). The meeting point backs off with
/// [`Backoff::snooze`], so it stays cheap when workers do not outnumber cores and still
/// progresses when they do.
pub fn run_workers_in_step<I, F>(threads: usize, instances: Arc<Vec<I>>, work: F)
where
    I: Send + Sync + 'static,
    F: Fn(&I, usize) + Send + Sync + 'static,
{
    let arrivals: Arc<Vec<AtomicUsize>> =
        Arc::new((0..instances.len()).map(|_| AtomicUsize::new(0)).collect());
    let shared = Arc::new((instances, arrivals));
    run_workers(threads, shared, move |shared: &(Arc<Vec<I>>, Arc<Vec<AtomicUsize>>), slot| {
        let (instances, arrivals) = shared;
        for (instance, arrived) in instances.iter().zip(arrivals.iter()) {
            arrived.fetch_add(1, Ordering::AcqRel);
            let mut backoff = Backoff::new();
            while arrived.load(Ordering::Acquire) < threads {
                backoff.snooze();
            }
            work(instance, slot);
        }
    });
}

/// Like [`run_workers`], but the workers run until `duration` has passed: `work` receives a
/// stop flag that a timekeeper thread raises after `duration` (counted from the release).
pub fn run_workers_for<S, T, F>(
    threads: usize,
    shared: Arc<S>,
    duration: Duration,
    work: F,
) -> Finished<T>
where
    S: Send + Sync + 'static,
    T: Send + 'static,
    F: Fn(&S, usize, &AtomicBool) -> T + Send + Sync + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let started = Arc::new(AtomicBool::new(false));
    let timekeeper = {
        let (stop, started) = (stop.clone(), started.clone());
        thread::spawn_as(
            || "timekeeper".to_owned(),
            move || {
                let mut backoff = Backoff::new();
                while !started.load(Ordering::Acquire) {
                    backoff.snooze();
                }
                sleep(duration);
                stop.store(true, Ordering::Relaxed);
            },
        )
    };
    let flags = Arc::new((stop, started));
    let finished = run_workers(threads, shared, move |shared: &S, slot| {
        flags.1.store(true, Ordering::Release);
        work(shared, slot, &flags.0)
    });
    timekeeper.join().expect("the timekeeper does not panic");
    finished
}
