//! Writing result and report files so that an interrupted run never leaves half a file.

use std::path::Path;

pub use threadlab_results::write_atomically;

/// The workspace this binary was built from (where `target/threadlab` and `reports/` live
/// by default).
pub fn build_workspace() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    dir.canonicalize().unwrap_or(dir)
}
