//! A scenario that exists only to test the stress machinery: its strategies finish, hang,
//! spin forever, crash, or break a "correct" promise on demand.
//!
//! It is not in the catalogue (nobody should study it); the hidden worker subcommand finds it
//! by its name, [`NAME`], so the watchdog can be tested against real worker processes without
//! waiting on a real strategy's rare bug.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use scenarios::catalogue::About;
use scenarios::catalogue::nothing_interesting;
use scenarios::{
    BenchConfig, BenchMeasure, Check, Expectation, LoomConfig, LoomModel, Outcome, ParamSpec,
    Params, Run, Scenario, Strategy, StressConfig, ViolationKind,
};

pub const NAME: &str = "__synthetic";

fn value(v: u64) -> Outcome {
    Outcome::default().with("value", v)
}

/// The invariant: every sample reports `value=1`.
fn check(_: &Params, outcome: &Outcome) -> Check {
    match outcome.get("value") {
        Some(1) => Check::Holds,
        other => {
            Check::violated(ViolationKind::MissingResult, format!("value {other:?} instead of 1"))
        }
    }
}

fn finishes(_: &Params, batch: usize) -> Vec<Outcome> {
    vec![value(1); batch]
}

/// Correct but slow: each trial takes 400 ms, longer than a tight deadline.
fn slow(params: &Params, batch: usize) -> Vec<Outcome> {
    std::thread::sleep(std::time::Duration::from_millis(400));
    finishes(params, batch)
}

/// Blocks forever, as a lost wakeup does.
fn hangs(_: &Params, _: usize) -> Vec<Outcome> {
    loop {
        std::thread::park();
    }
}

/// Finishes batches of up to four instances and hangs on larger ones: after one hang the
/// supervisor must cap the batch size and carry on without hanging again.
fn hangs_above_four(params: &Params, batch: usize) -> Vec<Outcome> {
    if batch > 4 { hangs(params, batch) } else { finishes(params, batch) }
}

/// Spins forever on two threads, as a livelock does: the reason hung trials must not be
/// left running in the process that times the next trial.
fn spins(_: &Params, _: usize) -> Vec<Outcome> {
    static STOP: AtomicBool = AtomicBool::new(false);
    std::thread::spawn(|| {
        while !STOP.load(Ordering::Relaxed) {
            std::hint::spin_loop();
        }
    });
    while !STOP.load(Ordering::Relaxed) {
        std::hint::spin_loop();
    }
    unreachable!("nobody sets STOP")
}

fn panics(_: &Params, _: usize) -> Vec<Outcome> {
    panic!("synthetic strategy panicked on purpose")
}

/// Every third sample of a worker process violates the invariant, though the strategy
/// claims to be correct.
fn sometimes_wrong(_: &Params, batch: usize) -> Vec<Outcome> {
    static SAMPLES: AtomicUsize = AtomicUsize::new(0);
    (0..batch)
        .map(|_| {
            let i = SAMPLES.fetch_add(1, Ordering::Relaxed);
            value(if i % 3 == 2 { 0 } else { 1 })
        })
        .collect()
}

/// Every sample violates the invariant (`value=0`, a missing result).
fn always_wrong(_: &Params, batch: usize) -> Vec<Outcome> {
    vec![value(0); batch]
}

fn single(params: &Params) -> Run {
    Run { outcome: finishes(params, 1).remove(0), elapsed: std::time::Duration::ZERO }
}

const fn strategy(
    name: &'static str,
    expectation: Expectation,
    run_batch: fn(&Params, usize) -> Vec<Outcome>,
) -> Strategy {
    Strategy::from_fn(
        About {
            name,
            source: file!(),
            summary: "synthetic, for the stress machinery's tests",
            expectation,
            loom: LoomModel::NotModelled("synthetic"),
        },
        single,
    )
    .batch(run_batch)
}

const PARAMS: Params = Params { threads: 1, ops: 1, limit: 0 };

pub static SCENARIO: Scenario = Scenario {
    name: NAME,
    title: "synthetic scenario for the stress tests",
    seeds: "none",
    lesson: "none",
    invariant: "value == 1",
    params: ParamSpec {
        threads: "unused",
        ops: "unused",
        limit: None,
        defaults: PARAMS,
        max: Params { threads: 64, ops: 64, limit: 0 },
    },
    presets: &[],
    loom: LoomConfig { params: PARAMS, preemption_bound: None, why: "a test double", depth: None },
    bench: BenchConfig {
        params: PARAMS,
        thread_counts: &[1],
        elements: |_| 1,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    stress: StressConfig { params: PARAMS, interesting: nothing_interesting },
    strategies: &[
        strategy("finishes", Expectation::Correct, finishes),
        strategy(
            "hangs",
            Expectation::Broken { kind: ViolationKind::DeadlockOrHang, bug: "never finishes" },
            hangs,
        ),
        strategy(
            "hangs_above_four",
            Expectation::Broken {
                kind: ViolationKind::DeadlockOrHang,
                bug: "hangs on big batches",
            },
            hangs_above_four,
        ),
        strategy(
            "spins",
            Expectation::Broken { kind: ViolationKind::DeadlockOrHang, bug: "spins forever" },
            spins,
        ),
        strategy(
            "panics",
            Expectation::Broken { kind: ViolationKind::MissingResult, bug: "panics" },
            panics,
        ),
        strategy("sometimes_wrong", Expectation::Correct, sometimes_wrong),
        strategy(
            "always_wrong",
            Expectation::Broken { kind: ViolationKind::MissingResult, bug: "value is 0" },
            always_wrong,
        ),
        strategy(
            "wrong_kind",
            Expectation::Broken { kind: ViolationKind::LostUpdate, bug: "claims lost updates" },
            always_wrong,
        ),
        strategy("slow", Expectation::Correct, slow),
    ],
    check,
    shared_sources: &[],
    speedup_summary: None,
    timing: scenarios::Timing::NONE,
    python_twin: None,
};
