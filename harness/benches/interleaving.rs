//! Lines per second for every interleaving strategy at 1, 2 and 4 writer threads.
//! `stdout_lock` prints its lines to the real stderr: redirect it (`2>/dev/null`) if the
//! terminal matters.

use criterion::{Criterion, criterion_group, criterion_main};

fn interleaving(c: &mut Criterion) {
    harness::bench::bench_scenario(c, &scenarios::interleaving::SCENARIO);
}

criterion_group! {
    name = benches;
    config = harness::bench::criterion_config();
    targets = interleaving
}
criterion_main!(benches);
