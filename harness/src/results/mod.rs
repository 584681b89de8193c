//! Reading the result files that runs left behind. Nothing here computes a verdict or a
//! number: it parses what the loom suite, the stress mode and criterion wrote, and names
//! every file it could not read.

pub mod criterion;
pub mod deep;
pub mod loom;

use std::path::{Path, PathBuf};

/// Where one set of results lives (this machine's run, or a sample from another machine).
#[derive(Debug, Clone)]
pub struct ResultSet {
    /// How the report labels this set, e.g. `this machine` or a sample's directory name.
    pub label: String,
    /// The directory holding `loom/`, `stress/` and `calibration.json`.
    pub root: PathBuf,
    pub loom_dir: PathBuf,
    pub stress_dir: PathBuf,
    pub criterion_dir: PathBuf,
}

impl ResultSet {
    /// This workspace's own results: `target/threadlab/{loom,stress}` and `target/criterion`.
    pub fn local(workspace: &Path) -> Self {
        let threadlab = std::env::var_os("THREADLAB_RESULTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target").join("threadlab"));
        ResultSet {
            label: "this machine".to_owned(),
            root: threadlab.clone(),
            loom_dir: threadlab.join("loom"),
            stress_dir: threadlab.join("stress"),
            criterion_dir: workspace.join("target").join("criterion"),
        }
    }

    /// A self-contained results directory: `DIR/loom`, `DIR/stress`, `DIR/criterion`.
    pub fn from_dir(dir: &Path) -> Self {
        ResultSet {
            label: dir
                .file_name()
                .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned()),
            root: dir.to_path_buf(),
            loom_dir: dir.join("loom"),
            stress_dir: dir.join("stress"),
            criterion_dir: dir.join("criterion"),
        }
    }
}

/// What the report renders by default: this workspace's own results, then every sample
/// kept under `reports/samples/` (results copied back from other machines), oldest first.
pub fn default_sets(workspace: &Path) -> Vec<ResultSet> {
    let mut sets = vec![ResultSet::local(workspace)];
    if let Ok(entries) = std::fs::read_dir(workspace.join("reports").join("samples")) {
        let mut dirs: Vec<PathBuf> =
            entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        sets.extend(dirs.iter().map(|d| ResultSet::from_dir(d)));
    }
    sets
}

/// Parsed items plus one warning per file that exists but could not be read.
#[derive(Debug)]
pub struct Loaded<T> {
    pub items: Vec<T>,
    pub warnings: Vec<String>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded { items: Vec::new(), warnings: Vec::new() }
    }
}

/// Parse every `*.json` file directly inside `dir` (a missing directory is simply empty).
pub(crate) fn load_json_dir<T: serde::de::DeserializeOwned>(dir: &Path) -> Loaded<T> {
    let mut loaded = Loaded::default();
    let Ok(entries) = std::fs::read_dir(dir) else { return loaded };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        match read_json(&path) {
            Ok(item) => loaded.items.push(item),
            Err(warning) => loaded.warnings.push(warning),
        }
    }
    loaded
}

pub(crate) fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read ({e}); skipped", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: corrupt result file ({e}); skipped", path.display()))
}
