//! Seed 000's lock counter, as the seed writes it: ten threads each call
//! `update_total(5)`, which adds 5 to the total under `lock.acquire()`/`release()` and
//! then prints the total *after* releasing the lock. The total always ends at 50 (the lock
//! makes each add one step), but the printed values need not be 5, 10, ..., 50 in order:
//! between a thread's release and its print another thread can add, so a value can be
//! printed twice and another never. The lock is the `std_mutex` strategy's (a `Mutex`
//! around the total); each thread adds its `ops` (the seed's `amount`) in one locked step.
//!
//! Python reads the global `total` without the lock; Rust cannot read a `Mutex`'s value
//! without taking it, so the print takes the lock again for the read alone. What the seed
//! shows is kept: the add and the print are two separate steps.

use crate::catalogue::*;
use crate::sync::thread;
use crate::sync::time::Instant;
use crate::sync::{Arc, Mutex};

/// The scenario's timing facts: seed 000's program, re-enacted.
pub const TIMING: Timing = Timing {
    timeline: Some(TimelineHook {
        strategy: STRATEGY,
        presets: &["seed-000"],
        source: "scenarios/src/shared_counter/timeline.rs",
        run: seed_program,
    }),
    limit_ms_at_seed_pace: None,
};

/// The strategy whose lock the timeline uses.
const STRATEGY: &str = "std_mutex";

/// `threads` threads each add `ops` under the lock, then print the total outside it.
fn seed_program(params: &Params, scale: TimeScale, _: &str) -> Timeline {
    enact(params, scale).0
}

/// The timeline, the printed values in print order, and the final total.
fn enact(params: &Params, scale: TimeScale) -> (Timeline, Vec<u64>, u64) {
    let total = Arc::new(Mutex::new(0u64));
    let amount = params.ops as u64;
    let start = Instant::now();
    let threads: Vec<_> = (0..params.threads)
        .map(|_| {
            let total = total.clone();
            thread::spawn(move || {
                *total.lock().expect("never poisoned") += amount;
                // The lock is released here; another thread may add before the print.
                let printed = *total.lock().expect("never poisoned");
                (start.elapsed(), printed)
            })
        })
        .collect();
    let mut timeline = Timeline::new(STRATEGY, scale);
    for (i, thread) in threads.into_iter().enumerate() {
        let (at, printed) = thread.join().expect("a thread panicked");
        timeline.record(at, format!("Thread-{}", i + 1), format!("print(total) -> {printed}"));
    }
    let printed: Vec<u64> =
        timeline.moments.iter().filter_map(|m| m.what.rsplit(' ').next()?.parse().ok()).collect();
    let final_total = *total.lock().expect("never poisoned");
    timeline.shape = describe(&printed, final_total, amount, params.threads as u64);
    (timeline, printed, final_total)
}

/// The final total against threads x amount, and what the prints showed.
fn describe(printed: &[u64], final_total: u64, amount: u64, threads: u64) -> String {
    let mut distinct = printed.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let in_steps = printed.iter().enumerate().all(|(i, &v)| v == amount * (i as u64 + 1));
    let list: Vec<String> = printed.iter().map(ToString::to_string).collect();
    format!(
        "final total {final_total} (expected {}); printed {}: {} distinct value(s) of {}{}",
        threads * amount,
        list.join(" "),
        distinct.len(),
        printed.len(),
        if in_steps {
            ", in steps of the amount this time"
        } else {
            ", not one per step: another thread added between an add and its print"
        },
    )
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn seed_000_ends_at_50_and_prints_what_it_read_after_the_lock() {
        let params = super::super::SCENARIO.preset("seed-000").unwrap().params;
        let (timeline, printed, total) = enact(&params, TimeScale::PRESET_DEFAULT);
        assert_eq!(total, 50, "{}", timeline.to_text());
        assert_eq!(printed.len(), 10, "{}", timeline.to_text());
        // Each print reads after its own add: at least 5, at most the final total, and
        // the largest value printed is the final one (the last add's print sees it).
        assert!(printed.iter().all(|&v| (5..=50).contains(&v) && v % 5 == 0), "{printed:?}");
        assert_eq!(printed.iter().max(), Some(&50), "{printed:?}");
    }

    #[test]
    fn the_description_tells_repeats_from_steps() {
        assert!(describe(&[5, 10, 15], 15, 5, 3).contains("in steps of the amount"));
        let text = describe(&[10, 10, 15], 15, 5, 3);
        assert!(
            text.contains("2 distinct value(s) of 3") && text.contains("not one per"),
            "{text}"
        );
    }
}
