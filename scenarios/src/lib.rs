//! The scenarios under study: the threading patterns of the seed tutorials, each implemented
//! several ways in Rust, some of them broken on purpose.
//!
//! Start at [`catalogue()`]. Each scenario module holds one file per strategy; each strategy
//! file opens with what it teaches and why it is (or is not) correct.
//!
//! # Your own strategy
//!
//! A strategy is a type implementing its scenario's trait (e.g.
//! [`shared_counter::Counter`]), declared once with an [`About`] through the scenario's
//! `strategy::<T>` (e.g. [`shared_counter::strategy`]), which adds the drivers for the
//! type. Write the strategy's shared state with the [`sync`] facade, so the same code runs
//! for real, under loom (`--cfg loom`) and under shuttle (`--cfg shuttle`). The scenario's
//! check then judges it like any built-in one:
//!
//! ```
//! use scenarios::shared_counter::{self, Counter};
//! use scenarios::sync::atomic::{AtomicU64, Ordering};
//! use scenarios::{About, Expectation, LoomModel, Strategy};
//!
//! /// Every increment one `fetch_add`.
//! pub struct FetchAdd(AtomicU64);
//!
//! impl Counter for FetchAdd {
//!     fn new(_threads: usize) -> Self {
//!         FetchAdd(AtomicU64::new(0))
//!     }
//!     fn add_one(&self, _slot: usize) {
//!         self.0.fetch_add(1, Ordering::Relaxed);
//!     }
//!     fn finish(self) -> u64 {
//!         self.0.load(Ordering::Relaxed)
//!     }
//! }
//!
//! pub const FETCH_ADD: Strategy = shared_counter::strategy::<FetchAdd>(About {
//!     name: "fetch_add",
//!     source: file!(),
//!     summary: "one fetch_add per increment",
//!     expectation: Expectation::Correct,
//!     loom: LoomModel::Real,
//! });
//!
//! let scenario = scenarios::scenario("shared_counter").unwrap();
//! let (run, check) = scenario.run_checked(&FETCH_ADD, &scenario.stress.params);
//! assert!(check.holds(), "{}", run.outcome);
//! assert_eq!(run.outcome.get("total"), Some(10));
//! ```

// Tests may drive strategies with std's own threads, sleeps and flags; the library itself
// reaches them only through `sync` (scenarios/clippy.toml, checked by every clippy run of
// scripts/test.sh on the non-test build).
#![cfg_attr(test, allow(clippy::disallowed_types, clippy::disallowed_methods))]
// Every public item is documented for the real build (the one rustdoc shows); the loom and
// shuttle arms of the facade mirror its items and are not checked twice.
#![cfg_attr(not(any(loom, shuttle)), warn(missing_docs))]

pub mod catalogue;
pub mod event;
pub mod interleaving;
pub mod io_vs_cpu;
pub mod semaphore;
pub mod shared_counter;
pub mod spawn_join;
pub mod sync;
pub mod thread_pool;
pub mod timer;
pub mod workers;

pub use catalogue::{
    About, BenchConfig, BenchMeasure, BenchVariant, Bound, BoundingProbe, CatalogueError, Check,
    DepthLadder, Expectation, LimitSpec, LoomConfig, LoomModel, Outcome, ParamSpec, Params, Preset,
    Problems, PythonTwin, Run, Scenario, SpeedupSummary, Strategy, StressConfig, TimeScale,
    Timeline, TimelineHook, Timing, UserKind, Violation, ViolationKind,
};

/// Every scenario, in the order of the pattern catalogue, then the scenarios of a user's
/// crate; a built-in scenario a crate registered strategies for holds them after its own
/// (see [`catalogue::register_user`]).
pub fn catalogue() -> &'static [&'static Scenario] {
    catalogue::register::merged(BUILT_IN)
}

/// The scenarios threadlab ships, in the order of the pattern catalogue.
pub const BUILT_IN: &[&Scenario] = &[
    &spawn_join::SCENARIO,
    &shared_counter::SCENARIO,
    &event::SCENARIO,
    &semaphore::SCENARIO,
    &thread_pool::SCENARIO,
    &timer::SCENARIO,
    &io_vs_cpu::SCENARIO,
    &interleaving::SCENARIO,
];

/// Look a scenario up by name.
pub fn scenario(name: &str) -> Result<&'static Scenario, CatalogueError> {
    catalogue().iter().copied().find(|s| s.name == name).ok_or_else(|| {
        CatalogueError::UnknownScenario {
            name: name.to_owned(),
            known: catalogue::join_names(catalogue().iter().map(|s| s.name)),
        }
    })
}
