//! Acquire/release throughput with K = 3 for every semaphore strategy at 1 to 8 threads.

use criterion::{Criterion, criterion_group, criterion_main};

fn semaphore(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &scenarios::semaphore::SCENARIO);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = semaphore
}
criterion_main!(benches);
