//! Criterion benchmarks generated from the catalogue.
//!
//! A bench target names a scenario and calls [`bench_scenario`]; every strategy of that
//! scenario is then measured at every thread count, so a new strategy is benchmarked
//! without new bench code. Each iteration is one [`scenarios::Run`]: its workers are spawned
//! and parked before the clock starts, and only the region from their release to the last
//! finish is timed (`iter_custom`). The outcome is checked after every iteration, outside
//! the timed region: a Correct strategy that breaks its invariant aborts the benchmark, and
//! a Broken one has its violations counted and printed.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};

use scenarios::{BenchConfig, Params, Scenario};

/// Criterion settings shared by every threadlab bench target.
pub fn criterion_config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args()
}

/// Benchmark every strategy of `scenario` at each of its thread counts.
pub fn bench_scenario(c: &mut Criterion, scenario: &'static Scenario) {
    bench_scenario_with(c, scenario, scenario.name, &scenario.bench);
}

/// As [`bench_scenario`], with another configuration under another group name (e.g. the
/// same pools with empty and with ~1 us tasks).
pub fn bench_scenario_with(
    c: &mut Criterion,
    scenario: &'static Scenario,
    group_name: &str,
    bench: &BenchConfig,
) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group(group_name);
    for strategy in scenario.strategies {
        for &threads in bench.thread_counts {
            let params = Params { threads, ..bench.params };
            group.throughput(Throughput::Elements((bench.elements)(&params)));
            let mut runs = 0u64;
            let mut violations = 0u64;
            let mut last_violation = None;
            group.bench_with_input(
                BenchmarkId::new(strategy.name, threads),
                &params,
                |b, params| {
                    b.iter_custom(|iters| {
                        let mut timed = Duration::ZERO;
                        for _ in 0..iters {
                            let (run, check) = scenario.run_checked(strategy, params);
                            timed += run.elapsed;
                            runs += 1;
                            if let scenarios::Check::Violated(why) = check {
                                assert!(
                                    strategy.expectation.is_broken(),
                                    "{}/{} at {threads} threads broke its invariant: {why}",
                                    scenario.name,
                                    strategy.name
                                );
                                violations += 1;
                                last_violation = Some(why);
                            }
                        }
                        timed
                    })
                },
            );
            if threads > cores {
                println!("  note: {threads} threads on {cores} cores: oversubscribed");
            }
            if strategy.expectation.is_broken() {
                println!(
                    "  {}/{} at {threads} threads (broken on purpose): invariant violated in {violations} of {runs} runs{}",
                    scenario.name,
                    strategy.name,
                    last_violation.map(|w| format!(", e.g. {w}")).unwrap_or_default()
                );
            }
        }
    }
    group.finish();
}
