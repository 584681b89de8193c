//! Model checks of the catalogue with loom, and the verdict files they leave behind.
//!
//! The test target `tests/verdicts.rs` is generated from the catalogue: one test per
//! strategy, named `scenario/strategy` (its kind is its cell in the verdict matrix), which
//! runs `check::verify` (built only with `RUSTFLAGS="--cfg loom"`) in a child process of
//! its own through [`isolate`], so that no strategy can take the suite down, and judges
//! the verdict with [`plan::Expected`].
//! Each call writes a `threadlab_results::loom::LoomVerdict` under
//! `target/threadlab/loom/`, which the report renders. Checks about a whole scenario rather
//! than one strategy are named tests beside it (`tests/interleaving.rs`, `tests/timer.rs`).
//!
//! The binary `threadlab-depth` (the main job's proof-depth step) checks each Correct
//! strategy at growing sizes within one time budget: [`proof_depth`] plans the climb,
//! `proof_depth_check` searches one size, and each strategy's ladder is written as a
//! `threadlab_results::proof_depth::DepthFile` under `target/threadlab/depth/`.

#[cfg(loom)]
pub mod check;
pub mod classify;
pub mod counter_example;
pub mod fresh;
pub mod isolate;
pub mod plan;
pub mod proof_depth;
#[cfg(loom)]
pub mod proof_depth_check;
pub mod search;
#[cfg(loom)]
pub mod user;
