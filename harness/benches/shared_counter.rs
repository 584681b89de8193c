//! Increments per second for every shared_counter strategy at 1, 2, 4 and 8 threads.

use criterion::{Criterion, criterion_group, criterion_main};

fn shared_counter(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &scenarios::shared_counter::SCENARIO);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = shared_counter
}
criterion_main!(benches);
