//! Tasks per second for every io_vs_cpu strategy, by pool size K (1, 2, 4, 8); only the
//! `*_pool` strategies use K, the others are the same run at each K, which shows the noise.
//! Speedup over sequential = a strategy's throughput / its kind's `*_sequential` throughput.

use criterion::{Criterion, criterion_group, criterion_main};

fn io_vs_cpu(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &scenarios::io_vs_cpu::SCENARIO);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = io_vs_cpu
}
criterion_main!(benches);
