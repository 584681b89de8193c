//! Tasks per second (mapped + submitted) for every thread_pool strategy by worker count,
//! once with empty tasks and once with ~1 us tasks.

use criterion::{Criterion, criterion_group};

use scenarios::thread_pool::{ONE_MICROSECOND_TASKS, SCENARIO};

fn thread_pool(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &SCENARIO);
    let group = format!("{}_1us", SCENARIO.name);
    harness::bench::bench_scenario_with(c, &SCENARIO, &group, &ONE_MICROSECOND_TASKS);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = thread_pool
}

fn main() {
    benches();
    harness::bench::finish();
}
