//! Every file format threadlab writes and reads, in one place.
//!
//! The loom suite (`loom-tests`), the deep tiers (`deep-tests`) and the `threadlab` binary
//! (`harness`) all write through this crate, and the report reads through it, so a writer
//! and its readers cannot drift apart. It depends on serde alone: nothing here knows how a
//! result was produced, only what its file says.

pub mod atomic;
pub mod deep;
pub mod loom;
pub mod violation;

pub use atomic::{write_atomically, write_json};
pub use violation::ViolationKind;

use std::path::{Path, PathBuf};

/// The results root: `$THREADLAB_RESULTS`, by default `<workspace>/target/threadlab`.
pub fn results_root() -> PathBuf {
    std::env::var_os("THREADLAB_RESULTS").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target").join("threadlab")
    })
}
