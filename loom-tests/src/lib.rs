//! Model checks of the catalogue with loom, and the verdict files they leave behind.
//!
//! The tests in `tests/` (built only with `RUSTFLAGS="--cfg loom"`) call [`check::verify`]
//! once per strategy. Each call writes a [`verdict::LoomVerdict`] under
//! `target/threadlab/loom/`, which the report renders; the format lives here so the writer
//! and the readers cannot drift apart.

#[cfg(loom)]
pub mod check;
pub mod deep;
pub mod verdict;
