//! Criterion benchmarks generated from the catalogue.
//!
//! The one bench target (`harness/benches/catalogue.rs`) calls [`bench_catalogued`] for
//! every scenario of the catalogue; every strategy of a scenario is then measured at every
//! thread count (or with its timer probes, where the scenario's bench says so), so a new
//! strategy or scenario is benchmarked without new bench code. Each iteration is one [`scenarios::Run`]: its workers are spawned
//! and parked before the clock starts, and only the region from their release to the last
//! finish is timed (`iter_custom`). The outcome is checked after every iteration, outside
//! the timed region: a Correct strategy that breaks its invariant aborts the benchmark, and
//! a Broken one has its violations counted and printed.
//!
//! Beside criterion's files each benchmark gets its noise ([`noise`]), and each group the
//! harness's own cost, measured with an empty workload ([`harness_cost`]).

pub mod harness_cost;
pub mod noise;
pub mod timer_probes;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};

use scenarios::catalogue::{BenchBudget, Mode};
use scenarios::{BenchConfig, BenchMeasure, Params, Scenario, Strategy};
use threadlab_results::ResultFile;
use threadlab_results::ResultSet;
use threadlab_results::criterion::write_sidecar;
use threadlab_results::fairness::FairnessFile;
use threadlab_results::file::merge_under;

/// Criterion settings shared by every threadlab bench target, from the budget table
/// ([`scenarios::catalogue::Budget`]). In quick mode criterion stops a benchmark once two
/// doublings agree within 5% after 100 ms, or at the measurement time, its cap.
pub fn criterion_config() -> Criterion {
    let budget = budget();
    Criterion::default()
        .warm_up_time(budget.warm_up)
        .measurement_time(budget.measurement)
        .sample_size(budget.samples)
        .configure_from_args()
}

/// Benchmark `scenario` as its [`BenchConfig`] says: its measure, then each variant.
pub fn bench_catalogued(c: &mut Criterion, scenario: &'static Scenario) {
    match scenario.bench.measure {
        BenchMeasure::Runs => bench_scenario(c, scenario),
        BenchMeasure::TimerProbes => timer_probes::bench_timer_probes(c, scenario),
    }
    for variant in scenario.bench.variants {
        let group = format!("{}_{}", scenario.name, variant.suffix);
        bench_scenario_with(c, scenario, &group, variant.config);
    }
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
    let mut fairness = Vec::new();
    let mut group = c.benchmark_group(group_name);
    for strategy in scenario.strategies {
        for threads in thread_counts(bench, cores) {
            let params = Params { threads, ..bench.params };
            group.throughput(Throughput::Elements((bench.elements)(&params)));
            let mut runs = 0u64;
            let mut violations = 0u64;
            let mut last_violation = None;
            let mut recorder = noise::NoiseRecorder::start();
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
                        recorder.record(iters, timed)
                    })
                },
            );
            if runs > 0 {
                write_provenance(scenario, strategy, group_name, &threads.to_string());
            }
            recorder.finish(group_name, strategy.name, &threads.to_string());
            if threads > cores {
                println!("  note: {threads} threads on {cores} cores: oversubscribed");
            }
            // Only where criterion actually timed this benchmark (not filtered out, not
            // --test/--list), and only where there is more than one thread to compare.
            let timed_run = runs > 0 && !criterion_is_only_listing_or_testing();
            let sampler = threadlab_results::noise::NoiseSampler::start();
            if timed_run
                && threads > 1
                && let Some(mut entry) =
                    crate::fairness::measure(strategy, &params, budget().fairness_run)
            {
                entry.noise = Some(sampler.finish(&[]));
                entry.provenance = Some(crate::files::provenance(
                    "fairness",
                    None,
                    scenario.built_source_hash(strategy),
                ));
                println!(
                    "  fairness over {} ms: per-thread ops min {} max {} (std dev {:.1}% of mean)",
                    entry.millis,
                    entry.min,
                    entry.max,
                    100.0 * entry.relative_spread()
                );
                fairness.push(entry);
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
    if !criterion_is_only_listing_or_testing() {
        record_harness_cost(scenario, group_name, bench, &thread_counts(bench, cores));
    }
    if !fairness.is_empty() {
        let root = local_set().root;
        let file = FairnessFile { scenario: scenario.name.to_owned(), entries: fairness };
        // A filtered run replaces only the strategies it measured.
        let merged = merge_under(&root, file, |file, stored| {
            file.merge_previous(stored);
            Ok(())
        });
        match merged {
            Ok(path) => println!("fairness: {}", path.display()),
            Err(e) => eprintln!("threadlab: cannot write the fairness file: {e}"),
        }
    }
}

/// Measure and write the harness's own cost for `group`, and print it per thread count.
fn record_harness_cost(scenario: &Scenario, group: &str, bench: &BenchConfig, counts: &[usize]) {
    let file = harness_cost::measure(scenario, group, bench, counts, budget().harness_cost_run);
    for e in &file.entries {
        println!(
            "  {group}: the harness's own cost at {} thread(s) (empty workload, {} runs): \
             {:.2} ns/element ({:.2} us timed per run)",
            e.threads,
            e.runs,
            e.ns_per_element(),
            e.timed_median_ns / 1e3
        );
    }
    if let Err(e) = file.write_under(&local_set().root) {
        eprintln!("threadlab: cannot write the harness-cost file: {e}");
    }
}

/// This bench target's row of the budget table: quick where criterion runs in its quick
/// mode (`cargo bench -- --quick`, as `threadlab all --quick` runs it).
fn budget() -> &'static BenchBudget {
    &Mode::of_bench_args(std::env::args()).budget().bench
}

/// Write the provenance sidecar beside criterion's files for the benchmark
/// `group/strategy/value` that criterion just timed (nothing under `--test` or `--list`).
pub fn write_provenance(scenario: &Scenario, strategy: &Strategy, group: &str, value: &str) {
    if criterion_is_only_listing_or_testing() {
        return;
    }
    let provenance = crate::files::provenance(
        "criterion",
        criterion_version().as_deref(),
        scenario.built_source_hash(strategy),
    );
    if let Err(e) =
        write_sidecar(&local_set().criterion_dir, group, strategy.name, value, &provenance)
    {
        eprintln!("threadlab: cannot write the provenance beside criterion's: {e}");
    }
}

/// The workspace the bench runs in (cargo runs benches there), else the one it was built in.
fn workspace() -> std::path::PathBuf {
    threadlab_results::paths::current_workspace().unwrap_or_else(crate::files::build_workspace)
}

/// This machine's result set, where the benches write (the results root every command
/// uses); a bench run whose root is refused is ended with the reason.
pub(crate) fn local_set() -> ResultSet {
    match threadlab_results::check_results_root() {
        Ok(root) => ResultSet::local(root),
        Err(e) => {
            eprintln!("threadlab: {e}");
            std::process::exit(2)
        }
    }
}

/// criterion's version from the workspace's `Cargo.lock`.
fn criterion_version() -> Option<String> {
    threadlab_results::provenance::locked_version(&workspace(), "criterion")
}

/// The scenario's thread counts, plus every power of two up to this machine's cores (so a
/// 16-core host measures 16 threads), or exactly `$THREADLAB_THREADS` (e.g. `1,2,4,8,16`).
fn thread_counts(bench: &BenchConfig, cores: usize) -> Vec<usize> {
    if let Ok(list) = std::env::var("THREADLAB_THREADS") {
        let parsed: Result<Vec<usize>, _> = list.split(',').map(|t| t.trim().parse()).collect();
        match parsed {
            Ok(counts) if !counts.is_empty() && !counts.contains(&0) => return counts,
            _ => panic!(
                "THREADLAB_THREADS must be a comma-separated list of positive counts, got {list:?}"
            ),
        }
    }
    let mut counts = bench.thread_counts.to_vec();
    counts.extend((0..).map(|k| 1usize << k).take_while(|&t| t <= cores));
    counts.sort_unstable();
    counts.dedup();
    if budget().every_thread_count { counts } else { quick_counts(counts, cores) }
}

/// Quick mode's thread counts: only 1 and the core count, where the scenario has them
/// (else its smallest count).
pub fn quick_counts(counts: Vec<usize>, cores: usize) -> Vec<usize> {
    let smallest = counts.first().copied();
    let kept: Vec<usize> = counts.into_iter().filter(|&t| t == 1 || t == cores).collect();
    if kept.is_empty() { smallest.into_iter().collect() } else { kept }
}

/// `cargo bench -- --test` and `--list` run nothing worth a fairness measurement.
fn criterion_is_only_listing_or_testing() -> bool {
    std::env::args().any(|a| a == "--test" || a == "--list")
}

/// The end of every bench target's `main`: criterion's closing summary and the noise
/// warning. A bench target writes results only; `threadlab report` (which `threadlab all`
/// and `scripts/bench.sh` run once at the end) renders them.
pub fn finish() {
    Criterion::default().configure_from_args().final_summary();
    noise::warn_if_noisy();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_mode_keeps_one_thread_and_the_core_count() {
        assert_eq!(quick_counts(vec![1, 2, 4, 8], 2), [1, 2]);
        assert_eq!(quick_counts(vec![1, 2, 4, 8], 16), [1]);
        assert_eq!(quick_counts(vec![1], 2), [1]);
        assert_eq!(quick_counts(vec![2, 4], 4), [4]);
        assert_eq!(quick_counts(vec![3, 5], 2), [3], "neither: the smallest");
    }
}
