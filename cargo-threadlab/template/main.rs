//! Strategies of this crate for threadlab's scenarios, registered once with
//! `scenarios::threadlab_main!` at the end of this file.
//!
//! `cargo threadlab --quick` runs the whole job over them: loom (a proof, or a
//! counter-example with its trace), stress, benchmarks, and the report at
//! `reports/index.html`, beside the built-in strategies of the same scenario.
//! `cargo threadlab explain shared_counter/locked_total` tells a verdict step by step.
//!
//! Use the facade's `scenarios::sync` types (not `std::sync`'s) in a strategy: under
//! `--cfg loom` they are loom's, so the model checker sees every lock and atomic.

use scenarios::shared_counter::{self, Counter};
use scenarios::sync::Mutex;
use scenarios::{About, Expectation, LoomModel, Strategy};

/// A counter whose total lives inside a mutex: an increment can reach it only while
/// holding the lock, so no increment is lost.
pub struct LockedTotal {
    total: Mutex<u64>,
}

impl Counter for LockedTotal {
    fn new(_threads: usize) -> Self {
        LockedTotal { total: Mutex::new(0) }
    }

    fn add_one(&self, _slot: usize) {
        *self.total.lock().expect("no worker panics while holding the lock") += 1;
    }

    fn finish(self) -> u64 {
        self.total.into_inner().expect("no worker panicked while holding the lock")
    }
}

/// `shared_counter/locked_total`: declared correct, so loom must prove it.
pub const LOCKED_TOTAL: Strategy = shared_counter::strategy::<LockedTotal>(About {
    name: "locked_total",
    source: file!(),
    summary: "the total inside a facade Mutex<u64>, reached only through the lock",
    expectation: Expectation::Correct,
    loom: LoomModel::Real,
});

scenarios::threadlab_main!(scenarios::shared_counter::SCENARIO => [LOCKED_TOTAL]);
