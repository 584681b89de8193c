//! Where this binary's workspace is. (Every file threadlab writes goes through
//! `threadlab_results::write_json` / `write_atomically`; its format lives there too.)

use std::path::Path;

/// The workspace this binary was built from (where `target/threadlab` and `reports/` live
/// by default).
pub fn build_workspace() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    dir.canonicalize().unwrap_or(dir)
}
