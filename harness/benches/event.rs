//! Signal round-trip latency (ping-pong) for every event strategy; elements are round trips.

use criterion::{Criterion, criterion_group, criterion_main};

fn event(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &scenarios::event::SCENARIO);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = event
}
criterion_main!(benches);
