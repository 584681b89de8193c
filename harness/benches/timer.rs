//! Timers, per strategy (generated from the catalogue's strategy list):
//! - `timer_lateness`: how long after its 1 ms deadline a timer's action runs; the time
//!   criterion reports per iteration IS the lateness.
//! - `timer_cancel`: from `cancel()` on a 5 ms timer to its thread's end (joined); for the
//!   sleeping strategies that is the rest of the delay, for condvar/channel an immediate wake.
//!
//! The generic `bench_scenario` cannot measure these (a run's wall time is mostly the seed's
//! sleeps), so this target uses the scenario's `PROBES`, one per strategy.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group};

use scenarios::timer::{PROBES, SCENARIO};

fn probes(strategy: &str) -> &'static scenarios::timer::Probes {
    PROBES
        .iter()
        .find(|p| p.strategy == strategy)
        .unwrap_or_else(|| panic!("timer strategy `{strategy}` has no bench probes"))
}

fn timer(c: &mut Criterion) {
    let delay = Duration::from_millis(1);
    let mut group = c.benchmark_group("timer_lateness");
    for strategy in SCENARIO.strategies {
        let probe = probes(strategy.name);
        group.bench_function(BenchmarkId::new(strategy.name, "1ms"), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| (probe.lateness)(delay)).sum())
        });
    }
    group.finish();

    let delay = Duration::from_millis(5);
    let mut group = c.benchmark_group("timer_cancel");
    for strategy in SCENARIO.strategies {
        let probe = probes(strategy.name);
        group.bench_function(BenchmarkId::new(strategy.name, "5ms"), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| (probe.cancel_latency)(delay)).sum())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = timer
}

fn main() {
    benches();
    harness::bench::finish();
}
