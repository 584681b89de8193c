//! Pattern 3: one thread waits until another says go.
//!
//! Seed 001 starts a waiter that blocks in `event.wait()` and a setter that calls
//! `event.set()` after two seconds. Python's `Event` hides two promises that every Rust
//! version has to keep by hand: the waiter must not miss a `set` that happens while it is
//! deciding to sleep (or it sleeps forever), and it must see everything the setter wrote
//! before `set` (or the signal arrives without its data).
//!
//! Every strategy implements the one-shot [`Event`], which carries the data written before
//! `set`. The driver plays ping-pong, which is also the benchmark (signal round-trip
//! latency): in each round the pinger publishes a value with `set` on a fresh "ping" event
//! and waits on a fresh "pong" event; the ponger waits on the ping, checks the value, and
//! answers on the pong. Values are never 0, the value of data nobody wrote, so a waiter that
//! proceeds before `set` or does not see the data written before it is counted as `stale`.

mod channel;
mod condvar;
mod lost_wakeup;
mod park;
mod parking_lot;
mod relaxed_publish;
mod spin;
mod timeline;

use std::time::{Duration, Instant};

use crate::catalogue::ViolationKind::{DataRace, DeadlockOrHang, MissingResult};
use crate::catalogue::*;
use crate::sync::untracked::Arc;
use crate::sync::{StartLine, thread};

/// A one-shot event that carries the data written before it was set.
pub trait Event: Send + Sync + Sized + 'static {
    fn new() -> Self;
    /// Write `data`, then set the event. Called once, by one thread.
    fn set(&self, data: u64);
    /// Block until the event is set and return the data published with it. `None` means
    /// the waiter gave up: only `lost_wakeup` bounds its wait, to report a lost wakeup
    /// instead of sleeping forever.
    fn wait(&self) -> Option<u64>;
}

/// What round `round` sends in each direction. Never 0, the value of unwritten data.
fn ping_value(round: usize) -> u64 {
    2 * round as u64 + 1
}
fn pong_value(round: usize) -> u64 {
    2 * round as u64 + 2
}

/// What one worker observed in one instance.
#[derive(Default, Clone, Copy)]
struct Tally {
    rounds: u64,
    stale: u64,
    hung: u64,
}

impl Tally {
    fn received(&mut self, got: Option<u64>, expected: u64) {
        match got {
            Some(value) if value == expected => {}
            Some(_) => self.stale += 1,
            None => self.hung += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        self.rounds += other.rounds;
        self.stale += other.stale;
        self.hung += other.hung;
    }

    fn outcome(&self) -> Outcome {
        Outcome::default()
            .with("rounds", self.rounds)
            .with("stale", self.stale)
            .with("hung", self.hung)
    }
}

/// `instances` independent ping-pong games of `params.ops` rounds for each of
/// `params.threads` pairs, played by one set of `2 * pairs` threads in turn.
///
/// Not [`crate::workers::run_workers`]: a broken event deadlocks under loom, and loom can
/// only report a deadlock if no blocked thread holds a loom `Arc` (see
/// [`crate::sync::untracked`]). The threads wait at a start line as in `run_workers`, and
/// the timed region runs from the first release to the last finish.
fn ping_pong<E: Event>(params: &Params, instances: usize) -> (Vec<Outcome>, Duration) {
    let (pairs, rounds) = (params.threads, params.ops);
    let per_instance = pairs * rounds * 2;
    let threads = 2 * pairs;
    let events: Arc<Vec<E>> = Arc::new((0..instances * per_instance).map(|_| E::new()).collect());
    let start = Arc::new(StartLine::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|slot| {
            let (events, start) = (events.clone(), start.clone());
            let role = if slot.is_multiple_of(2) { "pinger" } else { "ponger" };
            thread::spawn_as(
                move || format!("{role} {}", slot / 2),
                move || {
                    start.wait();
                    let released = Instant::now();
                    let tallies = play(&events, slot, instances, per_instance, rounds);
                    (tallies, released, Instant::now())
                },
            )
        })
        .collect();
    let mut totals = vec![Tally::default(); instances];
    let (mut first_release, mut last_finish) = (None::<Instant>, None::<Instant>);
    for handle in handles {
        let (tallies, released, finished) = handle.join().expect("a player does not panic");
        first_release = Some(first_release.map_or(released, |t| t.min(released)));
        last_finish = Some(last_finish.map_or(finished, |t| t.max(finished)));
        for (total, tally) in totals.iter_mut().zip(tallies) {
            total.merge(tally);
        }
    }
    let elapsed = match (first_release, last_finish) {
        (Some(start), Some(end)) => end.saturating_duration_since(start),
        _ => Duration::ZERO,
    };
    (totals.iter().map(Tally::outcome).collect(), elapsed)
}

/// One player's games: slot 2p pings and slot 2p+1 pongs for pair p, in every instance.
fn play<E: Event>(
    events: &[E],
    slot: usize,
    instances: usize,
    per_instance: usize,
    rounds: usize,
) -> Vec<Tally> {
    let (pair, pinger) = (slot / 2, slot.is_multiple_of(2));
    let mut tallies = vec![Tally::default(); instances];
    for (instance, tally) in tallies.iter_mut().enumerate() {
        let base = instance * per_instance + pair * rounds * 2;
        for round in 0..rounds {
            let (ping, pong) = (&events[base + 2 * round], &events[base + 2 * round + 1]);
            if pinger {
                ping.set(ping_value(round));
                tally.received(pong.wait(), pong_value(round));
                tally.rounds += 1;
            } else {
                tally.received(ping.wait(), ping_value(round));
                pong.set(pong_value(round));
            }
        }
    }
    tallies
}

fn run_event<E: Event>(params: &Params) -> Run {
    let (mut outcomes, elapsed) = ping_pong::<E>(params, 1);
    Run { outcome: outcomes.remove(0), elapsed }
}

fn run_event_batch<E: Event>(params: &Params, batch: usize) -> Vec<Outcome> {
    ping_pong::<E>(params, batch).0
}

fn round_trips(params: &Params) -> u64 {
    (params.threads * params.ops) as u64
}

/// The invariant: every wait ended, after its `set`, seeing the data written before it.
fn check(params: &Params, outcome: &Outcome) -> Check {
    let expected = round_trips(params);
    let (Some(rounds), Some(stale), Some(hung)) =
        (outcome.get("rounds"), outcome.get("stale"), outcome.get("hung"))
    else {
        return Check::violated(MissingResult, "the outcome lacks rounds/stale/hung");
    };
    let mut problems = Problems::default();
    if hung > 0 {
        problems.push(
            DeadlockOrHang,
            format!(
                "{hung} waits never woke although the event was set: lost wakeup (they would \
             have slept forever; the waiter gave up after {} ms)",
                lost_wakeup::PATIENCE.as_millis()
            ),
        );
    }
    if stale > 0 {
        problems.push(
            DataRace,
            format!(
                "{stale} waits returned without the data written before set (early or unpublished)"
            ),
        );
    }
    if rounds != expected {
        problems.push(DeadlockOrHang, format!("{rounds} of {expected} round trips completed"));
    }
    problems.into_check()
}

const fn params(threads: usize, ops: usize) -> Params {
    Params { threads, ops, limit: 0 }
}

/// Every strategy's bound.
const BOUND: Option<Bound> = Some(Bound {
    probe: BoundingProbe::ParkUnparkRoundTrip,
    why: "a signal that wakes a sleeping thread",
});

pub static SCENARIO: Scenario = Scenario {
    name: "event",
    title: "Event: one thread waits until another says go",
    seeds: "001 (event.wait() in a waiter, event.set() after 2 s in a setter)",
    lesson: "A waiter must decide to sleep and start sleeping as one step with respect to the \
             setter (a lock, a park token or a channel makes it so), and the signal must \
             publish the data written before it (Release paired with Acquire).",
    invariant: "every waiter proceeds only after set, sees the data written before set, and \
                never sleeps forever",
    params: ParamSpec {
        threads: "pairs of threads playing ping-pong (2 x pairs threads; each pair swaps \
                  setter and waiter roles every round)",
        ops: "round trips per pair: each is two one-shot events, ping and pong",
        limit: None,
        defaults: params(1, 1000),
        max: params(64, 1_000_000),
    },
    presets: &[Preset {
        name: "seed-001",
        params: params(1, 1),
        source: "seed 001: one waiter, one setter that sets after 2 s (its timeline keeps the pause)",
    }],
    loom: LoomConfig {
        params: params(1, 2),
        preemption_bound: None,
        // Within loom's 5 threads: two threads per pair: at most 2 pairs.
        depth: Some(DepthLadder { sizes: &[(1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (2, 3)] }),
    },
    stress: StressConfig { params: params(1, 1), interesting: nothing_interesting },
    bench: BenchConfig { params: params(1, 200), thread_counts: &[1], elements: round_trips },
    strategies: &[
        lost_wakeup::STRATEGY,
        relaxed_publish::STRATEGY,
        condvar::STRATEGY,
        parking_lot::STRATEGY,
        park::STRATEGY,
        channel::STRATEGY,
        spin::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/event/mod.rs"],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn every_correct_event_delivers_every_round_trip_with_its_data() {
        let params = params(1, 2000);
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.get("rounds"), Some(2000), "{}", strategy.name);
        }
    }

    #[test]
    fn a_batch_gives_one_outcome_per_game() {
        let params = params(1, 10);
        for strategy in SCENARIO.strategies.iter().filter(|s| !s.expectation.is_broken()) {
            let outcomes = (strategy.run_batch.unwrap())(&params, 5);
            assert_eq!(outcomes.len(), 5, "{}", strategy.name);
            for outcome in &outcomes {
                assert!(check(&params, outcome).holds(), "{}: {outcome}", strategy.name);
            }
        }
    }

    #[test]
    fn check_calls_a_hung_wait_a_lost_wakeup_and_counts_stale_data() {
        let params = params(1, 3);
        let ok = Tally { rounds: 3, stale: 0, hung: 0 };
        assert_eq!(check(&params, &ok.outcome()), Check::Holds);
        let hung = Tally { rounds: 3, stale: 0, hung: 1 };
        let Check::Violated(why) = check(&params, &hung.outcome()) else { panic!() };
        assert!(why.text.contains("lost wakeup"), "{why}");
        assert_eq!(why.kind, DeadlockOrHang);
        let stale = Tally { rounds: 3, stale: 2, hung: 0 };
        let Check::Violated(why) = check(&params, &stale.outcome()) else { panic!() };
        assert!(why.text.contains("2 waits returned without the data"), "{why}");
        assert_eq!(why.kind, DataRace);
    }

    #[test]
    fn a_waiter_that_arrives_after_set_does_not_wait() {
        // The order where the setter wins outright: no strategy may sleep then.
        fn set_then_wait<E: Event>() -> Option<u64> {
            let event = E::new();
            event.set(7);
            event.wait()
        }
        assert_eq!(set_then_wait::<condvar::CondvarEvent>(), Some(7));
        assert_eq!(set_then_wait::<parking_lot::ParkingLotEvent>(), Some(7));
        assert_eq!(set_then_wait::<park::ParkEvent>(), Some(7));
        assert_eq!(set_then_wait::<channel::ChannelEvent>(), Some(7));
        assert_eq!(set_then_wait::<spin::SpinEvent>(), Some(7));
        assert_eq!(set_then_wait::<lost_wakeup::LostWakeupEvent>(), Some(7));
    }
}
