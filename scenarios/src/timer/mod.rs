//! Pattern 6: run later unless cancelled.
//!
//! Seed 003 starts two `threading.Timer`s, at 0.5 s and 0.7 s, and cancels the second at
//! 0.6 s: the first prints, the second never does. Every strategy here implements [`Timer`],
//! and one driver replays the seed's schedule against each. The hard part is the race the
//! seed never shows: a cancel that lands just as the time runs out. Either the cancel wins
//! (it returns true and the action never runs) or the timer wins (cancel returns false and
//! the action runs once); a correct timer never lets both sides believe they won.
//!
//! That is the decisive contract most strategies here keep. CPython's own `Timer` keeps a
//! weaker one (see [`CancelContract`]): its `cancel` returns nothing, and a cancel that
//! lands after the timer's check still lets the action run. Each timer declares its
//! contract ([`Timer::CONTRACT`]); the one check judges each answer by the contract that
//! gave it.
//!
//! loom has no clock (see [`crate::sync::time`]): sleeps end at a point loom chooses, timed
//! waits never time out by themselves, and a modelled clock thread says "time is up".

mod channel;
mod condvar;
mod parking_lot;
mod python_like;
mod sleep_flag;
mod state_cas;
mod timeline;

use std::time::{Duration, Instant};

use crate::catalogue::ViolationKind::{FiredEarly, LostWork, RanAfterCancel};
use crate::catalogue::*;
use crate::sync::Arc;
use crate::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// What a timer does when it fires.
pub type Action = Box<dyn FnOnce() + Send + 'static>;

pub trait Timer: Sized + 'static {
    /// What this timer's `cancel` promises.
    const CONTRACT: CancelContract;
    /// Start a timer thread that runs `action` once `delay` has passed, unless cancelled.
    fn start(delay: Duration, action: Action) -> Self;
    /// Under [`CancelContract::Decisive`]: `Some(true)`, the action has not run and never
    /// will; `Some(false)`, too late, the action has run or is running, exactly once. Under
    /// [`CancelContract::Python`]: always `None` (Python's `cancel` returns nothing).
    fn cancel(&self) -> Option<bool>;
    /// Wait for the timer's thread to end.
    fn join(self);
}

/// How one timer of the schedule ended, as the driver saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Not cancelled; ran once.
    Fired,
    /// cancel() returned true; never ran.
    Cancelled,
    /// cancel() returned false (too late), or (Python's contract) returned nothing and the
    /// action had already started; ran once. Correct, but a near miss.
    CancelTooLate,
    /// Python's contract only: cancel() returned nothing, and the action started after it
    /// had returned (the cancel landed after the timer's check). Allowed by that contract;
    /// the check-then-act window it admits.
    FiredAfterCancelReturned,
    /// cancel() returned true, yet the action ran: the bug.
    RanAfterCancel,
    /// Ran more than once.
    RanTwice,
    /// Not (successfully) cancelled, yet never ran.
    Missed,
}

impl Fate {
    /// `cancel`: `None` if not cancelled, else what cancel() returned. `after_cancel`:
    /// whether the action started after cancel() had returned.
    fn of(cancel: Option<Option<bool>>, runs: usize, after_cancel: bool) -> Self {
        match (cancel, runs) {
            (_, n) if n > 1 => Fate::RanTwice,
            (Some(Some(true) | None), 0) => Fate::Cancelled,
            (Some(Some(true)), _) => Fate::RanAfterCancel,
            (Some(Some(false)), 1) => Fate::CancelTooLate,
            (Some(None), 1) if after_cancel => Fate::FiredAfterCancelReturned,
            (Some(None), 1) => Fate::CancelTooLate,
            (None, 1) => Fate::Fired,
            (_, _) => Fate::Missed,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Fate::Fired => "fired",
            Fate::Cancelled => "cancelled",
            Fate::CancelTooLate => "fired-cancel-too-late",
            Fate::FiredAfterCancelReturned => "fired-after-cancel-returned",
            Fate::RanAfterCancel => "RAN-AFTER-CANCEL",
            Fate::RanTwice => "RAN-TWICE",
            Fate::Missed => "MISSED",
        }
    }
}

/// The seed's schedule, for `timers` timers and a tick of `tick`: timer i fires after
/// (5 + 2i) ticks; counting back from the last timer, every other one is cancelled one tick
/// before its deadline. Two timers and a 100 ms tick are seed 003 exactly: 0.5 s and 0.7 s,
/// the second cancelled at 0.6 s.
fn schedule(timers: usize, tick: Duration) -> Vec<(Duration, Option<Duration>)> {
    (0..timers)
        .map(|i| {
            let delay = tick * (5 + 2 * i as u32);
            let cancelled = (timers - 1 - i).is_multiple_of(2);
            (delay, cancelled.then(|| delay - tick))
        })
        .collect()
}

/// Replay the schedule `ops` times (one round after another) against timer `T`.
fn run_timers<T: Timer>(params: &Params) -> Run {
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

/// The invariant, each answer judged by the contract that gave it: cancel() returned true
/// => the action never ran; an uncancelled timer ran exactly once; no action ran twice.
/// Under Python's contract cancel() claims nothing, so a run after it is no violation.
/// Under every contract no action runs before its delay (a real run's clock says; a model
/// has no clock, so under loom this part is checked by the real runs only).
fn check(_params: &Params, outcome: &Outcome) -> Check {
    let bad = |fate: Fate| outcome.get(fate.word()).unwrap_or(0);
    let mut problems = Problems::default();
    if bad(Fate::RanAfterCancel) > 0 {
        problems.push(
            RanAfterCancel,
            format!(
                "cancel() returned true but the action ran anyway ({} timer(s))",
                bad(Fate::RanAfterCancel)
            ),
        );
    }
    if bad(Fate::RanTwice) > 0 {
        problems
            .push(RanAfterCancel, format!("{} action(s) ran more than once", bad(Fate::RanTwice)));
    }
    if bad(Fate::Missed) > 0 {
        problems.push(LostWork, format!("{} uncancelled timer(s) never fired", bad(Fate::Missed)));
    }
    let early = outcome.get("fired_early").unwrap_or(0);
    if early > 0 {
        problems.push(FiredEarly, format!("{early} action(s) ran before their delay had passed"));
    }
    problems.into_check()
}

/// A cancel that lost the race to the deadline is correct but worth a look.
fn interesting(_params: &Params, outcome: &Outcome) -> Option<&'static str> {
    if outcome.get(Fate::FiredAfterCancelReturned.word()).unwrap_or(0) > 0 {
        return Some("cancel() had returned, yet the action ran: Python's contract allows it");
    }
    (outcome.get(Fate::CancelTooLate.word()).unwrap_or(0) > 0).then_some(
        "a cancel arrived as the timer fired: the timer won (a decisive cancel said false)",
    )
}

const fn params(timers: usize, rounds: usize, tick_ms: usize) -> Params {
    Params { threads: timers, ops: rounds, limit: tick_ms }
}

/// Measurements for the bench, one set per strategy: how late a timer fires, and how long
/// a cancel takes to free the timer's thread.
pub struct Probes {
    pub strategy: &'static str,
    /// Start a timer of `delay`; return how long after its deadline the action ran.
    pub lateness: fn(Duration) -> Duration,
    /// Start a timer of `delay`, cancel it at once; return the time from the cancel call
    /// until the timer's thread has ended (joined), or `None` when `cancel()` said the
    /// timer had already fired. "At once" is not a promise on a busy machine: if main or
    /// the timer thread is descheduled for longer than `delay`, the timer correctly wins.
    pub cancel_latency: fn(Duration) -> Option<Duration>,
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

fn cancel_latency<T: Timer>(delay: Duration) -> Option<Duration> {
    let timer = T::start(delay, Box::new(|| {}));
    let start = Instant::now();
    let answer = timer.cancel();
    timer.join();
    (answer != Some(false)).then(|| start.elapsed())
}

const fn probes<T: Timer>(strategy: &'static str) -> Probes {
    Probes { strategy, lateness: lateness::<T>, cancel_latency: cancel_latency::<T> }
}

/// One entry per strategy (a test checks that none is missing).
pub static PROBES: &[Probes] = &[
    probes::<sleep_flag::SleepFlagTimer>("sleep_flag"),
    probes::<state_cas::StateCasTimer>("state_cas"),
    probes::<condvar::CondvarTimer>("condvar"),
    probes::<parking_lot::ParkingLotTimer>("parking_lot"),
    probes::<channel::ChannelTimer>("channel"),
    probes::<python_like::PythonLikeTimer>("python_like"),
];

/// Every strategy's bound.
const BOUND: Option<Bound> =
    Some(Bound { probe: BoundingProbe::ParkUnparkRoundTrip, why: "cancel wakes the timer thread" });

pub static SCENARIO: Scenario = Scenario {
    name: "timer",
    title: "Timer: run later unless cancelled",
    seeds: "003 (Timer threads at 0.5 s and 0.7 s, the second cancelled at 0.6 s)",
    lesson: "Cancelling a timer races with its deadline. Exactly one side may win: one \
             atomic decision (a CAS, a state change under a lock, or one owner thread) \
             settles it; checking a flag and then acting leaves a window where both win.",
    invariant: "decisive contract: cancel() returned true => the action never runs, \
                otherwise it runs exactly once; Python's contract (cancel returns nothing): \
                the action runs at most once, and exactly once when not cancelled; never \
                before its delay (real runs: a model has no clock)",
    params: ParamSpec {
        threads: "timers; timer i fires after 5 + 2i ticks, and counting back from the last \
                  one every other timer is cancelled one tick before its deadline",
        ops: "rounds of the schedule, one after another",
        limit: Some(LimitSpec {
            name: "tick",
            unit: "ms",
            meaning: "the seed's 0.1 s scaled (100 = the seed's real times; --time-scale sets it)",
            // A round lasts until the last timer fires, 5 + 2(timers - 1) ticks.
            sleeps: Some(|p| {
                std::time::Duration::from_millis(
                    (p.ops as u64) * (3 + 2 * p.threads as u64) * p.limit as u64,
                )
            }),
        }),
        defaults: params(2, 1, 10),
        max: params(64, 1_000, 10_000),
    },
    presets: &[Preset {
        name: "seed-003",
        params: params(2, 1, 5),
        source: "seed 003: timers at 0.5 s and 0.7 s, the second cancelled at 0.6 s, at \
                 --time-scale 0.05 (a 5 ms tick: 25 ms, 35 ms, cancel at 30 ms)",
    }],
    loom: LoomConfig {
        params: params(1, 1, 10),
        preemption_bound: Some(3),
        why: "one timer, cancelled by main: main + the timer + (for timed waits) a modelled \
              clock. Bounded at 3 preemptions: unbounded, the channel stand-in's search took \
              over a minute when the bound was chosen",
        // Within loom's 5 threads: a thread per timer per round, and a modelled clock.
        depth: Some(DepthLadder { sizes: &[(1, 1), (1, 2), (2, 1)] }),
    },
    stress: StressConfig { params: params(2, 1, 1), interesting },
    bench: BenchConfig {
        params: params(2, 1, 1),
        thread_counts: &[2],
        elements: |p| p.threads as u64,
    },
    strategies: &[
        sleep_flag::STRATEGY,
        state_cas::STRATEGY,
        condvar::STRATEGY,
        parking_lot::STRATEGY,
        channel::STRATEGY,
        python_like::STRATEGY,
    ],
    check,
    shared_sources: &["scenarios/src/timer/mod.rs", "scenarios/src/timer/early.rs"],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};

#[cfg(all(test, not(loom)))]
mod early;
#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_seed_003_schedule_is_half_and_seven_tenths_with_the_second_cancelled() {
        let plan = schedule(2, Duration::from_millis(100));
        assert_eq!(plan[0], (Duration::from_millis(500), None));
        assert_eq!(plan[1], (Duration::from_millis(700), Some(Duration::from_millis(600))));
    }

    #[test]
    fn every_strategy_fires_the_first_seed_timer_and_cancels_the_second() {
        // A 50 ms tick: the cancel comes 50 ms before the second deadline, so only a stall
        // that long on a busy VM lets the timer win (which would be correct, but not this
        // test's point).
        let params = params(2, 1, 50);
        for strategy in SCENARIO.strategies {
            let (run, check) = SCENARIO.run_checked(strategy, &params);
            assert_eq!(check, Check::Holds, "{}: {}", strategy.name, run.outcome);
            assert_eq!(run.outcome.order.as_deref(), Some("fired,cancelled"), "{}", strategy.name);
        }
    }

    #[test]
    fn a_condvar_or_channel_cancel_frees_the_timer_thread_at_once() {
        let long = Duration::from_secs(10);
        for (name, latency) in [
            ("condvar", cancel_latency::<condvar::CondvarTimer>(long)),
            ("parking_lot", cancel_latency::<parking_lot::ParkingLotTimer>(long)),
            ("channel", cancel_latency::<channel::ChannelTimer>(long)),
        ] {
            let latency = latency.unwrap_or_else(|| panic!("{name}: a 10 s timer fired first"));
            assert!(latency < Duration::from_secs(1), "{name} took {latency:?} to cancel");
        }
    }

    #[test]
    fn a_sleeping_timer_keeps_its_thread_until_the_deadline_even_when_cancelled() {
        // 200 ms: the timer wins the race only if this test is stalled for that long.
        let latency = cancel_latency::<state_cas::StateCasTimer>(Duration::from_millis(200))
            .expect("a 200 ms timer cancelled at once has not fired");
        assert!(latency >= Duration::from_millis(150), "{latency:?}");
    }

    #[test]
    fn every_strategy_has_bench_probes() {
        for strategy in SCENARIO.strategies {
            assert!(PROBES.iter().any(|p| p.strategy == strategy.name), "{}", strategy.name);
        }
    }

    #[test]
    fn check_rejects_an_action_that_ran_after_a_successful_cancel() {
        let mut outcome = Outcome::default().with("fired", 1).with("cancelled", 1);
        assert!(check(&params(2, 1, 1), &outcome).holds());
        outcome = outcome.with("RAN-AFTER-CANCEL", 1);
        assert!(matches!(
            check(&params(2, 1, 1), &outcome),
            Check::Violated(w) if w.kind == RanAfterCancel && w.text.contains("returned true but the action ran")
        ));
        assert_eq!(Fate::of(Some(Some(false)), 1, true), Fate::CancelTooLate);
        assert_eq!(Fate::of(None, 0, false), Fate::Missed);
    }

    #[test]
    fn each_answer_is_judged_by_the_contract_that_gave_it() {
        // Decisive: a cancel that said it won and then saw the action run is the bug.
        assert_eq!(Fate::of(Some(Some(true)), 1, true), Fate::RanAfterCancel);
        // Python's: cancel said nothing, so the same run is the window the contract allows.
        let window = Fate::of(Some(None), 1, true);
        assert_eq!(window, Fate::FiredAfterCancelReturned);
        let outcome = Outcome::default().with(window.word(), 1);
        assert!(check(&params(1, 1, 1), &outcome).holds());
        // Python's contract still forbids a second run and a lost uncancelled timer.
        assert_eq!(Fate::of(Some(None), 2, true), Fate::RanTwice);
        let twice = Outcome::default().with(Fate::RanTwice.word(), 1);
        assert!(!check(&params(1, 1, 1), &twice).holds());
    }
}
