//! Pattern 8: the output order of concurrent threads.
//!
//! Seed 002 shows "output like the following" and warns the order differs from run to run;
//! seed 004 (example 2) prints numbers and letters from two threads; seed 000 prints thread
//! names. Each writer thread here writes `ops` lines, `<i:k:i>` for thread i and line k,
//! into one output. Which thread's line comes next is up to the scheduler, and that is fine:
//! the invariant is only that every line arrives whole and each thread's lines keep their
//! own order. The *order* of the lines is the observation: loom enumerates every possible
//! one for a small case, and the stress mode can histogram the ones hardware produces.
//!
//! Every line is written in two pieces, `<i:k` and `:i>\n`, to make the lesson visible: what
//! keeps a line whole is holding one lock across both writes (or handing the whole line to
//! a single owner), not the line being short. The output is an in-memory transcript, except
//! in `stdout_lock`, which is about the standard stream itself (see that file).

mod channel_printer;
mod locked_lines;
mod stdout_lock;
mod timeline;
mod torn_lines;

use crate::catalogue::ViolationKind::{MissingResult, TornLine};
use crate::catalogue::*;
use crate::sync::Arc;
use crate::workers::run_workers;

/// One shared output that several threads print lines to.
pub trait Printer: Send + Sync + Sized + 'static {
    /// A fresh printer.
    fn new() -> Self;
    /// Thread `thread` prints its line number `line`.
    fn print_line(&self, thread: usize, line: usize);
    /// Called once every writer has been joined: everything printed, in output order.
    fn finish(self) -> String;
}

/// The two pieces of line `line` of thread `thread`.
pub fn pieces(thread: usize, line: usize) -> (String, String) {
    (format!("<{thread}:{line}"), format!(":{thread}>\n"))
}

/// Run `params.threads` writers printing `params.ops` lines each into one `P`, and judge the
/// transcript (public for the loom suite's test doubles).
pub fn run_printer<P: Printer>(params: &Params) -> Run {
    let printer = Arc::new(P::new());
    let ops = params.ops;
    let finished = run_workers(params.threads, printer.clone(), move |p: &P, slot| {
        for line in 0..ops {
            p.print_line(slot, line);
        }
    });
    let Ok(printer) = Arc::try_unwrap(printer) else {
        unreachable!("every writer has been joined, so the driver holds the only reference")
    };
    Run { outcome: judge_transcript(params, &printer.finish()), elapsed: finished.elapsed }
}

fn run_printer_batch<P: Printer>(params: &Params, batch: usize) -> Vec<Outcome> {
    let printers: Arc<Vec<P>> = Arc::new((0..batch).map(|_| P::new()).collect());
    let ops = params.ops;
    run_workers(params.threads, printers.clone(), move |printers: &Vec<P>, slot| {
        for printer in printers {
            for line in 0..ops {
                printer.print_line(slot, line);
            }
        }
    });
    let Ok(printers) = Arc::try_unwrap(printers) else {
        unreachable!("every writer has been joined, so the driver holds the only reference")
    };
    printers.into_iter().map(|p| judge_transcript(params, &p.finish())).collect()
}

/// Parse `<i:k:i>`; `None` for a torn or garbled line.
fn parse_line(line: &str) -> Option<(usize, usize)> {
    let inner = line.strip_prefix('<')?.strip_suffix('>')?;
    let mut parts = inner.split(':');
    let (a, k, b) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || a != b {
        return None;
    }
    Some((a.parse().ok()?, k.parse().ok()?))
}

/// Read a transcript into counts and the order of the lines (thread ids; `~` for a torn
/// line).
fn judge_transcript(params: &Params, transcript: &str) -> Outcome {
    let mut next = vec![0usize; params.threads];
    let (mut whole, mut torn, mut out_of_order) = (0u64, 0u64, 0u64);
    let mut order = Vec::new();
    for line in transcript.split_terminator('\n') {
        match parse_line(line) {
            Some((thread, k)) if thread < params.threads => {
                whole += 1;
                // Backwards or repeated: out of order. A gap is not (a torn line of that
                // thread cannot be attributed); missing lines show in the whole-line count.
                if k < next[thread] {
                    out_of_order += 1;
                } else {
                    next[thread] = k + 1;
                }
                order.push(thread.to_string());
            }
            _ => {
                torn += 1;
                order.push("~".to_owned());
            }
        }
    }
    let separator = if params.threads <= 10 { "" } else { "," };
    let mut outcome = Outcome::default()
        .with("whole_lines", whole)
        .with("torn_lines", torn)
        .with("out_of_order", out_of_order);
    outcome.order = Some(order.join(separator));
    outcome
}

/// The invariant: every line whole, each thread's lines in its own order, none missing.
/// The catalogue entry of printer `P`: its [`About`], with the driver's `run` and
/// `run_batch` for `P`.
pub const fn strategy<P: Printer>(about: About) -> Strategy {
    Strategy::from_fn(about, run_printer::<P>).batch(run_printer_batch::<P>)
}

fn check(params: &Params, outcome: &Outcome) -> Check {
    let expected = (params.threads * params.ops) as u64;
    let get = |name| outcome.get(name).unwrap_or(u64::MAX);
    let mut problems = Problems::default();
    if get("torn_lines") != 0 {
        problems.push(
            TornLine,
            format!("{} torn line(s): pieces of lines interleaved", get("torn_lines")),
        );
    }
    if get("out_of_order") != 0 {
        problems
            .push(TornLine, format!("{} line(s) out of their thread's order", get("out_of_order")));
    }
    if get("whole_lines") != expected && problems.is_empty() {
        problems.push(
            MissingResult,
            format!("{} whole lines, expected {expected}", get("whole_lines")),
        );
    }
    problems.into_check()
}

/// How many orders of whole lines are possible: the multinomial (threads x ops)! / (ops!)^threads
/// (each thread's lines keep their own order; only the merge varies).
pub fn possible_orders(params: &Params) -> u128 {
    let mut count: u128 = 1;
    let mut placed: u128 = 0;
    for _ in 0..params.threads {
        for k in 1..=params.ops as u128 {
            placed += 1;
            count = count * placed / k;
        }
    }
    count
}

/// An order where threads actually overlapped (not one thread's lines, then the next's) is
/// the rarer sight when threads are started one after another: worth a look.
fn interesting(_params: &Params, outcome: &Outcome) -> Option<&'static str> {
    let order = outcome.order.as_deref()?;
    let ids: Vec<char> = order.chars().collect();
    let switches = ids.windows(2).filter(|w| w[0] != w[1]).count();
    let threads_seen = {
        let mut seen = ids.clone();
        seen.sort();
        seen.dedup();
        seen.len()
    };
    (switches >= threads_seen).then_some("the threads' lines interleave (they overlapped)")
}

const fn params(threads: usize, lines: usize) -> Params {
    Params { threads, ops: lines, limit: 0 }
}

/// Every strategy's bound.
const BOUND: Option<Bound> =
    Some(Bound { probe: BoundingProbe::StdMutexUncontended, why: "each line is one lock round" });

/// The interleaving scenario's catalogue entry.
pub static SCENARIO: Scenario = Scenario {
    name: "interleaving",
    title: "Interleaving: the output order of concurrent threads",
    seeds: "002 (\"output like the following\": the order differs run to run), \
            004 example 2 (numbers and letters printed by two threads), 000 (thread names)",
    lesson: "The order in which threads' lines appear is not yours to choose, and needs no \
             fixing; a line torn in half by another thread's output does. One lock held \
             for the whole line, or one printer thread, keeps every line whole.",
    invariant: "every line whole; each thread's own lines in its own order",
    params: ParamSpec {
        threads: "writer threads",
        ops: "lines per thread",
        limit: None,
        defaults: params(2, 5),
        max: params(64, 1_000_000),
    },
    presets: &[Preset {
        name: "seed-004",
        params: params(2, 5),
        source: "seed 004 example 2: two threads printing five items each",
    }],
    loom: LoomConfig {
        params: params(2, 2),
        preemption_bound: Some(2),
        why: "2 threads x 2 lines: C(4, 2) = 6 possible orders. Bounded at 2 preemptions: the \
              channel printer (main, 2 writers, the printer, a Mutex+Condvar channel stand-in) \
              did not finish in minutes unbounded, and took tens of seconds at 3. The order \
              test checks that all 6 orders are still reached within the bound",
        // Within loom's 5 threads: at most 3 writers beside a printer thread.
        depth: Some(DepthLadder { sizes: &[(2, 1), (2, 2), (3, 1), (2, 3), (3, 2), (3, 3)] }),
    },
    stress: StressConfig { params: params(2, 3), interesting },
    bench: BenchConfig {
        params: params(1, 1_000),
        thread_counts: &[1, 2, 4],
        elements: |p| (p.threads * p.ops) as u64,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    strategies: &[
        torn_lines::STRATEGY,
        locked_lines::STRATEGY,
        channel_printer::STRATEGY,
        stdout_lock::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/interleaving/mod.rs"],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_correct_printer_keeps_lines_whole_and_in_thread_order() {
        let params = params(3, 4);
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.order.as_ref().map(String::len), Some(12), "{}", strategy.name);
        }
    }

    #[test]
    fn a_torn_transcript_is_caught_and_marked_in_the_order() {
        let params = params(2, 1);
        let torn = "<0:0<1:0:0>\n:1>\n";
        let outcome = judge_transcript(&params, torn);
        assert_eq!(outcome.order.as_deref(), Some("~~"));
        assert!(
            matches!(check(&params, &outcome), Check::Violated(w) if w.kind == TornLine && w.text.contains("torn"))
        );
    }

    #[test]
    fn a_thread_whose_lines_swap_is_caught() {
        let params = params(1, 2);
        let outcome = judge_transcript(&params, "<0:1:0>\n<0:0:0>\n");
        assert!(matches!(check(&params, &outcome), Check::Violated(w) if w.text.contains("order")));
    }

    #[test]
    fn possible_orders_is_the_multinomial() {
        assert_eq!(possible_orders(&params(2, 2)), 6);
        assert_eq!(possible_orders(&params(2, 3)), 20);
        assert_eq!(possible_orders(&params(3, 1)), 6);
        assert_eq!(possible_orders(&params(3, 2)), 90);
    }

    #[test]
    fn overlapping_threads_are_interesting_and_one_after_another_is_not() {
        let p = params(2, 2);
        let with = |order: &str| Outcome { order: Some(order.into()), ..Outcome::default() };
        assert!(interesting(&p, &with("0011")).is_none());
        assert!(interesting(&p, &with("0101")).is_some());
    }
}
