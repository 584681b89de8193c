//! Seed 001's semaphore program at its own pace, scaled: ten workers, `Semaphore(3)`, each
//! holding it for two seconds. With the sleep kept, what the seed shows is waves: three
//! enter, two seconds later three more, and so on (four waves: 3, 3, 3, 1). The permits
//! come from the `condvar` strategy's semaphore; the waves are read off the times the
//! workers entered.

use super::Semaphore;
use super::condvar::CondvarSemaphore;
use crate::catalogue::*;
use crate::sync::Arc;
use crate::sync::thread;
use crate::sync::time::{Duration, Instant, sleep};

/// The scenario's timing facts: seed 001's program, re-enacted.
pub const TIMING: Timing = Timing {
    timeline: Some(TimelineHook {
        strategy: STRATEGY,
        presets: &["seed-001"],
        source: "scenarios/src/semaphore/timeline.rs",
        run: seed_program::<CondvarSemaphore>,
    }),
    limit_ms_at_seed_pace: None,
};

/// The strategy whose semaphore the timeline uses.
const STRATEGY: &str = "condvar";

/// The seed's `time.sleep(2)` inside the semaphore.
const HOLD_SEED_S: f64 = 2.0;

/// What one worker did: (when, what), in its own order.
type Diary = Vec<(Duration, String)>;

/// `threads` workers (the seed's `Thread-0` ...), each entering `ops` times through a
/// semaphore of `limit` permits and holding it for the scaled two seconds.
fn seed_program<S: Semaphore>(params: &Params, scale: TimeScale, _: &str) -> Timeline {
    enact::<S>(params, scale).0
}

/// The timeline, and the waves of entries it shows.
fn enact<S: Semaphore>(params: &Params, scale: TimeScale) -> (Timeline, Vec<usize>) {
    let semaphore = Arc::new(S::new(params.limit));
    let hold = scale.of(HOLD_SEED_S);
    let (ops, start) = (params.ops, Instant::now());
    let workers: Vec<_> = (0..params.threads)
        .map(|_| {
            let semaphore = semaphore.clone();
            thread::spawn(move || {
                let mut diary = Diary::new();
                for _ in 0..ops {
                    semaphore.acquire();
                    diary.push((start.elapsed(), "acquired semaphore".to_owned()));
                    sleep(hold);
                    diary.push((start.elapsed(), "releasing semaphore".to_owned()));
                    semaphore.release();
                }
                diary
            })
        })
        .collect();
    let mut timeline = Timeline::new(STRATEGY, scale);
    let mut entries = Vec::new();
    for (i, worker) in workers.into_iter().enumerate() {
        for (at, what) in worker.join().expect("a worker panicked") {
            if what.starts_with("acquired") {
                entries.push(at);
            }
            timeline.record(at, format!("Thread-{i}"), what);
        }
    }
    let sizes = waves(&entries, hold);
    timeline.shape = format!(
        "{} (K = {}, each inside for {:.0} ms = the seed's {HOLD_SEED_S} s); at most {} inside at once",
        describe_waves("wave", &sizes),
        params.limit,
        hold.as_secs_f64() * 1e3,
        most_inside(&timeline),
    );
    (timeline, sizes)
}

/// The most workers between "acquired" and "releasing" at any moment of the timeline.
fn most_inside(timeline: &Timeline) -> usize {
    let (mut inside, mut most) = (0usize, 0usize);
    for moment in &timeline.moments {
        if moment.what.starts_with("acquired") {
            inside += 1;
            most = most.max(inside);
        } else {
            inside = inside.saturating_sub(1);
        }
    }
    most
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn seed_001_enters_in_waves_of_at_most_three() {
        let params = super::super::SCENARIO.preset("seed-001").unwrap().params;
        let (timeline, sizes) = enact::<CondvarSemaphore>(&params, TimeScale::new(0.02).unwrap());
        assert_eq!(sizes.iter().sum::<usize>(), 10, "{}", timeline.to_text());
        assert!(sizes.iter().all(|&n| n <= 3), "{}", timeline.to_text());
        assert!(sizes.len() >= 4, "{}", timeline.to_text());
        assert!(most_inside(&timeline) <= 3, "{}", timeline.to_text());
        assert_eq!(timeline.moments.len(), 20);
        assert!(timeline.shape.contains("waves"), "{}", timeline.shape);
    }

    #[test]
    fn the_waves_show_an_over_admitting_semaphore() {
        // The same reading, fed the broken check_then_act semaphore: some wave (or moment)
        // holds more than K, so the structure assertions above can fail.
        use super::super::check_then_act::CheckThenActSemaphore;
        let params = super::super::SCENARIO.preset("seed-001").unwrap().params;
        let scale = TimeScale::new(0.02).unwrap();
        let caught = (0..20).any(|_| {
            let (timeline, sizes) = enact::<CheckThenActSemaphore>(&params, scale);
            sizes.iter().any(|&n| n > 3) || most_inside(&timeline) > 3
        });
        assert!(caught, "20 timelines of check_then_act never showed more than 3 inside");
    }
}
