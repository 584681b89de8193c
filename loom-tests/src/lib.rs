//! Model checks of the catalogue with loom, and the verdict files they leave behind.
//!
//! The tests in `tests/` (built only with `RUSTFLAGS="--cfg loom"`) call [`check::verify`]
//! once per strategy. Each call writes a `threadlab_results::loom::LoomVerdict` under
//! `target/threadlab/loom/`, which the report renders; the format lives in the
//! `threadlab-results` crate with every other.

#[cfg(loom)]
pub mod check;
