//! Where this binary's workspace is, and the provenance its writers record. (Every file
//! threadlab writes goes through `threadlab_results::file::write` / `write_atomically`; its
//! format lives there too.)

use std::path::{Path, PathBuf};

use threadlab_results::Provenance;
use threadlab_results::provenance::THREADLAB_VERSION;

/// The workspace this binary was built from (where `target/threadlab` and `reports/` live
/// by default).
pub fn build_workspace() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    dir.canonicalize().unwrap_or(dir)
}

/// The provenance of a result this binary records now with `tool` (`stress`, `calibrate`,
/// `fairness`, `criterion`) at `tool_version` (threadlab's own where `None`), for code
/// hashed `source_hash`.
pub fn provenance(
    tool: &str,
    tool_version: Option<&str>,
    source_hash: Option<String>,
) -> Provenance {
    let workspace = threadlab_results::paths::current_workspace();
    Provenance::record(
        workspace.as_deref(),
        tool,
        tool_version.unwrap_or(THREADLAB_VERSION),
        source_hash,
        Default::default(),
    )
}
