//! `panics`: declared correct, but its code panics on the second increment: a finding about
//! this strategy (its message and place), never a crash of the run.

use scenarios::shared_counter::{self, Counter};
use scenarios::sync::atomic::{AtomicU64, Ordering};
use scenarios::{About, Expectation, LoomModel, Strategy};

pub struct Panics(AtomicU64);

impl Counter for Panics {
    fn new(_threads: usize) -> Self {
        Panics(AtomicU64::new(0))
    }

    fn add_one(&self, _slot: usize) {
        if self.0.fetch_add(1, Ordering::Relaxed) == 1 {
            panic!("user code gave up on the second increment");
        }
    }

    fn finish(self) -> u64 {
        self.0.into_inner()
    }
}

pub const PANICS: Strategy = shared_counter::strategy::<Panics>(About {
    name: "panics",
    source: file!(),
    summary: "panics on its second increment (a fault on purpose)",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
});
