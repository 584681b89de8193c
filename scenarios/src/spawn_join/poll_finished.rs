//! `poll_finished`: check a thread without blocking, and wait for it with a timeout.
//!
//! Answers seed 003's "check the thread's state yourself instead of blocking in `join`":
//! Python asks `is_alive()` and can call `join(timeout)`, which returns after the timeout
//! whether or not the thread ended. Rust's `JoinHandle::is_finished` is the non-blocking
//! check; Rust has no timed join, so the idiom is [`join_within`]: poll `is_finished` until a
//! deadline, join only once it says yes, and otherwise hand the handle back. Main here goes
//! round its outstanding threads, giving each a short wait, until every result is in.
//!
//! Its own invariant, beside the scenario's: main never calls `join` on a thread that has
//! not finished ([`join_finished`] counts every such join as `blocking_joins`, and the
//! scenario's check rejects any). A test double that joins without asking first breaks it.
//! Correct: `is_finished` stays true once true, so the join after it returns at once.
//!
//! Under a model checker the handles' `is_finished` is a flag the thread sets as it ends
//! (see `crate::sync::Watched`), and the deadline never passes by itself.

use super::{Round, double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};
use crate::sync::time::{self, Duration, Instant};
use crate::sync::{Backoff, Watched, spawn_watched};

/// How long main waits for one thread before it moves on to the next.
const WAIT: Duration = Duration::from_micros(200);

/// Join `handle`, counting the join as blocking if the thread had not finished.
fn join_finished(handle: Watched<u64>, round: &mut Round) -> u64 {
    if !handle.is_finished() {
        *round.blocking_joins.get_or_insert(0) += 1;
    }
    handle.join().expect("a doubler does not panic")
}

/// The timed join Rust lacks: wait up to `timeout` for the thread to finish, then join it;
/// if it has not finished by then, give the handle back unjoined.
fn join_within(
    handle: Watched<u64>,
    timeout: Duration,
    round: &mut Round,
) -> Result<u64, Watched<u64>> {
    let deadline = Instant::now() + timeout;
    let mut backoff = Backoff::new();
    while !handle.is_finished() {
        if time::until(deadline).is_none() {
            return Err(handle);
        }
        backoff.snooze();
    }
    Ok(join_finished(handle, round))
}

fn one_round(n: usize) -> Round {
    let mut pending: Vec<Watched<u64>> =
        (0..n as u64).map(|number| spawn_watched(move || double(number))).collect();
    let mut round = Round { blocking_joins: Some(0), ..Round::default() };
    while !pending.is_empty() {
        let mut still_running = Vec::with_capacity(pending.len());
        for handle in pending {
            match join_within(handle, WAIT, &mut round) {
                Ok(result) => round.results.push(result),
                Err(handle) => still_running.push(handle),
            }
        }
        pending = still_running;
    }
    round
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "poll_finished",
        source: file!(),
        summary: "is_finished() polls, a join only once finished; a deadline stands in for join(timeout)",
        expectation: Expectation::Correct,
        loom: LoomModel::StandIn(
        "loom's JoinHandle has no is_finished: a flag the thread sets (Release) as its closure \
         returns, read with Acquire, stands in for std's",
    ),
    },
    run,
)
.bound(super::BOUND)
.also_reads(&["scenarios/src/sync/finished.rs"]);

#[cfg(all(test, not(loom), not(shuttle)))]
mod tests {
    use super::super::{SCENARIO, Tally, params};
    use super::*;
    use crate::catalogue::ViolationKind;

    #[test]
    fn a_thread_still_running_is_handed_back_unjoined() {
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let handle = spawn_watched(move || {
            gate.recv().expect("the test releases the thread");
            double(21)
        });
        let mut round = Round::default();
        let handle = join_within(handle, Duration::from_millis(5), &mut round)
            .expect_err("a thread waiting for its gate has not finished");
        release.send(()).unwrap();
        assert_eq!(join_within(handle, Duration::from_secs(10), &mut round).ok(), Some(42));
        assert_eq!(round.blocking_joins, None, "no join blocked");
    }

    #[test]
    fn a_join_without_asking_first_breaks_the_invariant() {
        // The test double: join at once, as if the thread were done.
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let handle = spawn_watched(move || {
            gate.recv().expect("the test releases the thread");
            double(0)
        });
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            release.send(()).unwrap();
        });
        let mut round = Round { blocking_joins: Some(0), ..Round::default() };
        let result = join_finished(handle, &mut round);
        releaser.join().unwrap();
        round.results.push(result);
        let mut tally = Tally::default();
        tally.add_round(1, &round);
        let check = (SCENARIO.check)(&params(1, 1), &tally.outcome());
        let violation = check.violation().expect("a blocking join must be rejected");
        assert_eq!(violation.kind, ViolationKind::DeadlockOrHang, "{violation}");
        assert!(violation.text.contains("1 joins blocked"), "{violation}");
    }
}
