//! Cost per task for n tasks (spawn + join inside the timed region) for every spawn_join strategy at n = 1, 2, 4 and 8.

use criterion::{Criterion, criterion_group, criterion_main};

fn spawn_join(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &scenarios::spawn_join::SCENARIO);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = spawn_join
}
criterion_main!(benches);
