//! Seed 004's example 2 at its own pace, scaled: one thread prints `Number: 0` to
//! `Number: 4`, another `Letter: A` to `Letter: E`, each sleeping one second before every
//! line. With the sleep kept, what the seed shows is the alternation: a number and a letter
//! every second, in either order within the second. The lines go through the
//! `locked_lines` strategy's printer; the order is read back from its transcript.
//!
//! Each thread sleeps until its next whole (scaled) second since the start rather than
//! for one second after its last line, so a late wake-up does not push every later line
//! back: the seed's rhythm, without drift piling up on a busy machine.

use super::Printer;
use super::locked_lines::LockedLines;
use crate::catalogue::*;
use crate::sync::Arc;
use crate::sync::thread;
use crate::sync::time::{Duration, Instant, sleep};

/// The scenario's timing facts: seed 004's example 2, re-enacted.
pub const TIMING: Timing = Timing {
    timeline: Some(TimelineHook {
        strategy: STRATEGY,
        presets: &["seed-004"],
        source: "scenarios/src/interleaving/timeline.rs",
        run: seed_program::<LockedLines>,
    }),
    limit_ms_at_seed_pace: None,
};

/// The strategy whose printer the timeline uses.
const STRATEGY: &str = "locked_lines";

/// The seed's `time.sleep(1)` before each line.
const PERIOD_SEED_S: f64 = 1.0;

/// What thread `thread` prints as its line `k`, in the seed's words for the first two.
fn words(thread: usize, k: usize) -> String {
    match thread {
        0 => format!("Number: {k}"),
        1 => format!("Letter: {}", char::from(b'A' + (k % 26) as u8)),
        other => format!("Item {other}.{k}"),
    }
}

fn seed_program<P: Printer>(params: &Params, scale: TimeScale, _: &str) -> Timeline {
    enact::<P>(params, scale).0
}

/// `threads` threads print `ops` lines each, one per scaled second. Returns the timeline and
/// the transcript's order as (thread, line) pairs.
fn enact<P: Printer>(params: &Params, scale: TimeScale) -> (Timeline, Vec<(usize, usize)>) {
    let printer = Arc::new(P::new());
    let period = scale.of(PERIOD_SEED_S);
    let (ops, start) = (params.ops, Instant::now());
    let writers: Vec<_> = (0..params.threads)
        .map(|t| {
            let printer = printer.clone();
            thread::spawn(move || {
                let mut printed = Vec::new();
                for k in 0..ops {
                    let due = period * (k as u32 + 1);
                    sleep(due.saturating_sub(start.elapsed()));
                    printer.print_line(t, k);
                    printed.push((start.elapsed(), k));
                }
                printed
            })
        })
        .collect();
    let mut timeline = Timeline::new(STRATEGY, scale);
    for (t, writer) in writers.into_iter().enumerate() {
        for (at, k) in writer.join().expect("a writer panicked") {
            timeline.record(at, format!("thread{}", t + 1), words(t, k));
        }
    }
    let Ok(printer) = Arc::try_unwrap(printer) else {
        unreachable!("every writer has been joined, so the driver holds the only reference")
    };
    let order: Vec<(usize, usize)> =
        printer.finish().lines().filter_map(super::parse_line).collect();
    timeline.shape = shape(params.threads, &order, period);
    (timeline, order)
}

/// How many of the rounds (one line of every thread per scaled second) arrived whole, and
/// the order of each round, e.g. `5 of 5 rounds alternate: NL LN NL NL LN`.
fn shape(threads: usize, order: &[(usize, usize)], period: Duration) -> String {
    let rounds: Vec<&[(usize, usize)]> = order.chunks(threads.max(1)).collect();
    let whole = rounds.iter().enumerate().filter(|(k, round)| is_round(threads, *k, round)).count();
    let letters: Vec<String> =
        rounds.iter().map(|round| round.iter().map(|&(t, _)| initial(t)).collect()).collect();
    format!(
        "{whole} of {} rounds alternate, one line of each thread every {:.0} ms (the seed's \
         {PERIOD_SEED_S} s): {}",
        rounds.len(),
        period.as_secs_f64() * 1e3,
        letters.join(" ")
    )
}

/// Round `k` holds line `k` of every thread, once each, in any order.
fn is_round(threads: usize, k: usize, round: &[(usize, usize)]) -> bool {
    let mut seen = vec![false; threads];
    round.len() == threads
        && round
            .iter()
            .all(|&(t, line)| line == k && t < threads && !std::mem::replace(&mut seen[t], true))
}

fn initial(thread: usize) -> char {
    match thread {
        0 => 'N',
        1 => 'L',
        other => char::from_digit(other as u32 % 10, 10).unwrap_or('?'),
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn seed_004_numbers_and_letters_take_turns() {
        let params = super::super::SCENARIO.preset("seed-004").unwrap().params;
        // The rhythm is real time: on a busy machine one wake-up can be a period late, so
        // the structure gets three tries, each with periods three times longer, before the
        // test gives up.
        let attempts: Vec<_> = [0.03, 0.1, 0.3]
            .into_iter()
            .map(|scale| enact::<LockedLines>(&params, TimeScale::new(scale).unwrap()))
            .take_while(|(_, order)| !(0..5).all(|k| is_round(2, k, &order[2 * k..2 * k + 2])))
            .collect();
        assert!(attempts.len() < 3, "{}", attempts[2].0.to_text());
    }

    #[test]
    fn a_round_is_one_line_of_each_thread() {
        assert!(is_round(2, 1, &[(1, 1), (0, 1)]));
        assert!(!is_round(2, 1, &[(0, 1), (0, 2)]));
        assert!(!is_round(2, 0, &[(0, 0), (0, 0)]));
        let text = shape(2, &[(0, 0), (1, 0), (1, 1), (0, 1)], Duration::from_millis(50));
        assert!(text.starts_with("2 of 2 rounds alternate"), "{text}");
        assert!(text.ends_with("NL LN"), "{text}");
    }
}
