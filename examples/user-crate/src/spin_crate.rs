//! `spin_crate`: the total behind the third-party `spin` crate's `Mutex`. Correct (the
//! crate's lock is sound), but loom cannot check it: `spin` is built on `core`'s atomics,
//! not on the facade, so under loom its spinning is invisible to the model's scheduler.
//! It still gets stress (and benchmarks, Miri and TSan, which see real atomics).

use scenarios::shared_counter::{self, Counter};
use scenarios::{About, Expectation, LoomModel, Strategy};

pub struct SpinCrateCounter(spin::Mutex<u64>);

impl Counter for SpinCrateCounter {
    fn new(_threads: usize) -> Self {
        SpinCrateCounter(spin::Mutex::new(0))
    }

    fn add_one(&self, _slot: usize) {
        *self.0.lock() += 1;
    }

    fn finish(self) -> u64 {
        self.0.into_inner()
    }
}

pub const SPIN_CRATE: Strategy = shared_counter::strategy::<SpinCrateCounter>(About {
    name: "spin_crate",
    source: file!(),
    summary: "the spin crate's Mutex<u64>: a third-party lock loom cannot see into",
    expectation: Expectation::Correct,
    loom: LoomModel::NotModelled(
        "spin::Mutex spins on core atomics, not loom's: the model cannot schedule its waits",
    ),
});
