//! The scenarios under study: the threading patterns of the seed tutorials, each implemented
//! several ways in Rust, some of them broken on purpose.
//!
//! Start at [`catalogue()`]. Each scenario module holds one file per strategy; each strategy
//! file opens with what it teaches and why it is (or is not) correct.

// Tests may drive strategies with std's own threads, sleeps and flags; the library itself
// reaches them only through `sync` (scenarios/clippy.toml, checked by every clippy run of
// scripts/test.sh on the non-test build).
#![cfg_attr(test, allow(clippy::disallowed_types, clippy::disallowed_methods))]

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
    BenchConfig, BenchMeasure, BenchVariant, Bound, BoundingProbe, CatalogueError, Check,
    DepthLadder, Expectation, LimitSpec, LoomConfig, LoomModel, Outcome, ParamSpec, Params, Preset,
    Problems, PythonTwin, Run, Scenario, SpeedupSummary, Strategy, StressConfig, TimeScale,
    Timeline, TimelineHook, Timing, Violation, ViolationKind,
};

/// Every scenario, in the order of the pattern catalogue.
pub fn catalogue() -> &'static [&'static Scenario] {
    static CATALOGUE: &[&Scenario] = &[
        &spawn_join::SCENARIO,
        &shared_counter::SCENARIO,
        &event::SCENARIO,
        &semaphore::SCENARIO,
        &thread_pool::SCENARIO,
        &timer::SCENARIO,
        &io_vs_cpu::SCENARIO,
        &interleaving::SCENARIO,
    ];
    CATALOGUE
}

/// Look a scenario up by name.
pub fn scenario(name: &str) -> Result<&'static Scenario, CatalogueError> {
    catalogue().iter().copied().find(|s| s.name == name).ok_or_else(|| {
        CatalogueError::UnknownScenario {
            name: name.to_owned(),
            known: catalogue::join_names(catalogue().iter().map(|s| s.name)),
        }
    })
}
