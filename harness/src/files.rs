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

/// The results root, checked before any work: [`threadlab_results::check_results_root`],
/// then a probe that a file can be written in it and in each of `subfolders` (those the
/// command writes). The error names the folder, the operation and the OS error.
pub fn writable_results_root(subfolders: &[&str]) -> Result<PathBuf, String> {
    let root = threadlab_results::check_results_root()?;
    threadlab_results::probe::probe_writable("results folder", &root)?;
    for sub in subfolders {
        threadlab_results::probe::probe_writable("results folder", &root.join(sub))?;
    }
    Ok(root)
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
