//! The harness's own cost per element: an empty workload run through the benchmark's
//! steps (workers at the start line, released, joined, one outcome allocated and checked)
//! at each thread count. A bench-only stand-in, never a catalogue strategy, so no
//! consumer lists or verifies it.

use std::time::{Duration, Instant};

use scenarios::sync::Arc;
use scenarios::workers::run_workers;
use scenarios::{BenchConfig, Outcome, Params, Run, Scenario};
use threadlab_results::harness_cost::{HarnessCost, HarnessCostFile};
use threadlab_results::noise::NoiseSampler;

/// What the empty workload does, in the file's words.
pub const WORKLOAD: &str = "empty workers: start line, release, join, one outcome allocated \
    and checked by the scenario's check (its verdict ignored)";

/// At least this many runs per thread count, however short the budget.
const MIN_RUNS: usize = 5;

/// One run of the empty workload: each worker returns its slot, nothing else.
fn empty_run(params: &Params) -> Run {
    let finished = run_workers(params.threads, Arc::new(()), |_: &(), slot| slot as u64);
    let outcome = Outcome::default().with("total", finished.results.iter().sum());
    Run { outcome, elapsed: finished.elapsed }
}

/// The empty workload at each of `thread_counts`, for about `budget` each.
pub fn measure(
    scenario: &Scenario,
    group: &str,
    bench: &BenchConfig,
    thread_counts: &[usize],
    budget: Duration,
) -> HarnessCostFile {
    let entries = thread_counts
        .iter()
        .map(|&threads| {
            let params = Params { threads, ..bench.params };
            at(scenario, &params, (bench.elements)(&params), budget)
        })
        .collect();
    HarnessCostFile {
        group: group.to_owned(),
        workload: WORKLOAD.to_owned(),
        entries,
        provenance: Some(crate::files::provenance("harness-cost", None, None)),
    }
}

fn at(scenario: &Scenario, params: &Params, elements: u64, budget: Duration) -> HarnessCost {
    let sampler = NoiseSampler::start();
    let (mut timed, mut whole) = (Vec::new(), Vec::new());
    let started = Instant::now();
    while timed.len() < MIN_RUNS || started.elapsed() < budget {
        let begun = Instant::now();
        let run = empty_run(params);
        let _ = (scenario.check)(params, &run.outcome);
        whole.push(begun.elapsed().as_nanos() as f64);
        timed.push(run.elapsed.as_nanos() as f64);
    }
    let noise = sampler.finish(&timed);
    timed.sort_by(f64::total_cmp);
    whole.sort_by(f64::total_cmp);
    HarnessCost {
        threads: params.threads,
        elements,
        runs: timed.len(),
        timed_min_ns: timed[0],
        timed_median_ns: timed[timed.len() / 2],
        whole_median_ns: whole[whole.len() / 2],
        noise,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_workload_costs_something_and_less_than_a_real_strategy() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let file = measure(scenario, "shared_counter", &scenario.bench, &[1, 2], Duration::ZERO);
        assert_eq!(file.entries.len(), 2);
        for e in &file.entries {
            assert!(e.runs >= MIN_RUNS, "{e:?}");
            assert!(e.timed_min_ns > 0.0 && e.timed_min_ns <= e.timed_median_ns, "{e:?}");
            assert!(e.whole_median_ns >= e.timed_min_ns, "{e:?}");
            assert!(e.elements > 0 && e.ns_per_element() > 0.0, "{e:?}");
        }
        // A real strategy does the same steps plus its work: the harness's run is shorter
        // than the slowest correct counter's at the same size.
        let strategy = scenario.strategy("std_mutex").unwrap();
        let params = Params { threads: 2, ..scenario.bench.params };
        let real = (0..5).map(|_| (strategy.run)(&params).elapsed).min().unwrap();
        let empty = file.at(2).unwrap().timed_min_ns;
        assert!(empty < real.as_nanos() as f64, "empty {empty} ns, std_mutex {real:?}");
    }
}
