//! A scenario of the user's own: `running_max`. Threads offer numbers to one shared
//! maximum; the maximum kept must be the largest number offered. Its trait, driver and
//! check live here; its strategies, one file each, say how they keep the maximum.

pub mod fetch_max;
pub mod load_store;

use scenarios::catalogue::ViolationKind::MissingResult;
use scenarios::catalogue::*;
use scenarios::sync::Arc;
use scenarios::workers::run_workers;

/// This scenario's own kind of violation, beside threadlab's built-in ones: the maximum
/// kept is below a number that was offered. Its check reports it, and `load_store` is
/// Broken with it; files name it by its slug.
pub const MAX_WENT_BACKWARDS: ViolationKind =
    ViolationKind::User(UserKind { slug: "max-went-backwards", title: "maximum went backwards" });

/// A maximum that threads offer numbers to concurrently.
pub trait Maximum: Send + Sync + Sized + 'static {
    /// A maximum of nothing yet (0).
    fn new() -> Self;
    /// Keep `value` if it is larger than the maximum so far.
    fn offer(&self, value: u64);
    /// Called once every worker has been joined: the maximum kept.
    fn finish(self) -> u64;
}

/// Worker `slot` of `threads` offers `i * threads + slot + 1` for each `i` in `0..ops`, so
/// the numbers offered are exactly 1 to threads x ops.
fn run_max<M: Maximum>(params: &Params) -> Run {
    let max = Arc::new(M::new());
    let (threads, ops) = (params.threads as u64, params.ops as u64);
    let finished = run_workers(params.threads, max.clone(), move |m: &M, slot| {
        for i in 0..ops {
            m.offer(i * threads + slot as u64 + 1);
        }
    });
    let Ok(max) = Arc::try_unwrap(max) else {
        unreachable!("every worker has been joined, so the driver holds the only reference")
    };
    Run { outcome: Outcome::default().with("max", max.finish()), elapsed: finished.elapsed }
}

/// The catalogue entry of maximum `M`: its [`About`] with the driver for `M`.
pub const fn strategy<M: Maximum>(about: About) -> Strategy {
    Strategy::from_fn(about, run_max::<M>)
}

/// The invariant: the maximum kept is the largest number offered, threads x ops.
fn check(params: &Params, outcome: &Outcome) -> Check {
    let largest = (params.threads * params.ops) as u64;
    match outcome.get("max") {
        Some(max) if max == largest => Check::Holds,
        Some(max) => Check::violated(
            MAX_WENT_BACKWARDS,
            format!("kept {max}, but {largest} was offered: a larger offer was overwritten"),
        ),
        None => Check::violated(MissingResult, "the outcome has no max"),
    }
}

const fn params(threads: usize, ops: usize) -> Params {
    Params { threads, ops, limit: 0 }
}

/// The scenario's catalogue entry; its strategies are registered in `main.rs`.
pub static SCENARIO: Scenario = Scenario {
    name: "running_max",
    title: "Running maximum: threads offer numbers, the largest must be kept",
    seeds: "none: a scenario of the user's own crate",
    lesson: "Keeping a maximum is a read-modify-write: comparing and storing in two steps \
             lets a smaller offer overwrite a larger one; fetch_max does it in one.",
    invariant: "the maximum kept == the largest number offered (threads x ops)",
    params: ParamSpec {
        threads: "threads offering numbers",
        ops: "numbers each thread offers",
        limit: None,
        defaults: params(2, 1000),
        max: params(64, 10_000_000),
    },
    presets: &[],
    loom: LoomConfig {
        params: params(2, 2),
        preemption_bound: None,
        why: "two threads, so that a smaller offer can overwrite a larger one, two offers \
              each; no bound: every interleaving at this size is cheap",
        depth: None,
    },
    bench: BenchConfig {
        params: params(1, 10_000),
        thread_counts: &[1, 2],
        elements: |p| (p.threads * p.ops) as u64,
        measure: BenchMeasure::Runs,
        variants: &[],
    },
    stress: StressConfig { params: params(2, 5), interesting: nothing_interesting },
    strategies: &[],
    check,
    shared_sources: &["src/running_max/mod.rs"],
    speedup_summary: None,
    timing: Timing { timeline: None, limit_ms_at_seed_pace: None },
    python_twin: None,
};
