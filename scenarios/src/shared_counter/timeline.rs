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
//! shows is kept: the add and the print are two separate steps. The print is Python's too:
//! the text and the newline are two writes to one shared stream (a `Mutex<String>` standing
//! for stdout), so two threads' lines can glue (`2025`) or come out of order, and the
//! timeline counts both from the stream it wrote.

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

/// What the shared stream holds after the run, read as the seed's output.
struct Printed {
    /// Whole lines, as numbers, in the order the stream has them.
    values: Vec<u64>,
    /// Lines that are not one whole value (two glued, or empty).
    torn: Vec<String>,
}

/// The timeline, what the stream shows, and the final total.
fn enact(params: &Params, scale: TimeScale) -> (Timeline, Printed, u64) {
    let total = Arc::new(Mutex::new(0u64));
    let stdout = Arc::new(Mutex::new(String::new()));
    let amount = params.ops as u64;
    let start = Instant::now();
    let threads: Vec<_> = (0..params.threads)
        .map(|_| {
            let (total, stdout) = (total.clone(), stdout.clone());
            thread::spawn(move || {
                *total.lock().expect("never poisoned") += amount;
                // The lock is released here; another thread may add before the print.
                let read = *total.lock().expect("never poisoned");
                let at = start.elapsed();
                // print(total): the text, then the newline, as two writes.
                stdout.lock().expect("never poisoned").push_str(&read.to_string());
                stdout.lock().expect("never poisoned").push('\n');
                (at, read)
            })
        })
        .collect();
    let mut timeline = Timeline::without_sleeps(STRATEGY, scale);
    for (i, thread) in threads.into_iter().enumerate() {
        let (at, read) = thread.join().expect("a thread panicked");
        timeline.record(at, format!("Thread-{}", i + 1), format!("print(total) with {read}"));
    }
    let stream = stdout.lock().expect("never poisoned").clone();
    let mut printed = Printed { values: Vec::new(), torn: Vec::new() };
    let whole = |line: &str| line.parse::<u64>().ok().filter(|v| v % amount.max(1) == 0);
    for line in stream.lines() {
        match whole(line).filter(|&v| v <= amount * params.threads as u64) {
            Some(v) => printed.values.push(v),
            None => printed.torn.push(line.to_owned()),
        }
    }
    let final_total = *total.lock().expect("never poisoned");
    timeline.shape = describe(&printed, final_total, amount, params.threads as u64);
    (timeline, printed, final_total)
}

/// The final total against threads x amount, and what the stream showed.
fn describe(printed: &Printed, final_total: u64, amount: u64, threads: u64) -> String {
    let values = &printed.values;
    let mut distinct = values.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let out_of_order = values.windows(2).filter(|w| w[1] < w[0]).count();
    let in_steps = values.iter().enumerate().all(|(i, &v)| v == amount * (i as u64 + 1));
    let list: Vec<String> = values.iter().map(ToString::to_string).collect();
    format!(
        "final total {final_total} (expected {}); the stream shows {}: {} whole line(s), {} \
         distinct, {out_of_order} out of order, {} torn or glued{}{}",
        threads * amount,
        list.join(" "),
        values.len(),
        distinct.len(),
        printed.torn.len(),
        if printed.torn.is_empty() { String::new() } else { format!(" {:?}", printed.torn) },
        if in_steps && printed.torn.is_empty() {
            ", in steps of the amount this time"
        } else {
            ", not one per step: another thread added or wrote between an add and its print"
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
        // Every print writes one newline: ten lines, whole or torn.
        assert_eq!(printed.values.len() + printed.torn.len(), 10, "{}", timeline.shape);
        assert!(printed.values.iter().all(|&v| (5..=50).contains(&v) && v % 5 == 0));
        assert!(!timeline.to_text().contains("seed s"), "{}", timeline.to_text());
    }

    #[test]
    fn a_glued_line_is_counted_as_torn_not_read_as_a_value() {
        let printed = Printed { values: vec![5, 15], torn: vec!["2025".into(), String::new()] };
        let said = describe(&printed, 50, 5, 10);
        assert!(said.contains("2 torn or glued [\"2025\", \"\"]"), "{said}");
        assert!(said.contains("not one per step"), "{said}");
    }
}
