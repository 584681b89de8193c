//! The timer's catalogue entry.

use super::invariant::{check, interesting};
use super::{channel, condvar, parking_lot, python_like, sleep_flag, state_cas, timeline};
use crate::catalogue::*;

pub(super) const fn params(timers: usize, rounds: usize, tick_ms: usize) -> Params {
    Params { threads: timers, ops: rounds, limit: tick_ms }
}

/// Every strategy's bound.
pub(super) const BOUND: Option<Bound> =
    Some(Bound { probe: BoundingProbe::ParkUnparkRoundTrip, why: "cancel wakes the timer thread" });

/// The timer scenario's catalogue entry.
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
        measure: BenchMeasure::TimerProbes,
        variants: &[],
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
    shared_sources: &[
        "scenarios/src/timer/mod.rs",
        "scenarios/src/timer/driver.rs",
        "scenarios/src/timer/fate.rs",
        "scenarios/src/timer/invariant.rs",
        "scenarios/src/timer/probes.rs",
        "scenarios/src/timer/schedule.rs",
        "scenarios/src/timer/scenario.rs",
        "scenarios/src/timer/early.rs",
        "scenarios/src/timer/tests.rs",
    ],
    speedup_summary: None,
    timing: timeline::TIMING,
    python_twin: None,
};
