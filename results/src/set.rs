//! Where one set of results lives, and reading everything in it.
//!
//! A result set is this workspace's own run (`target/threadlab` and `target/criterion`) or
//! a self-contained directory copied back from another machine (`reports/samples/<name>`):
//! `loom/`, `depth/`, `stress/`, `fairness/`, `speedup/`, `miri/`, `tsan/`, `shuttle/`,
//! `harness-cost/`, `seeds.json`, `calibration.json` and
//! `criterion/` side by side.

use std::path::{Path, PathBuf};

use crate::calibration::Calibration;
use crate::criterion::BenchPoint;
use crate::deep::DeepVerdict;
use crate::fairness::FairnessFile;
use crate::file::ResultFile;
use crate::harness_cost::HarnessCostFile;
use crate::load::Loaded;
use crate::loom::LoomVerdict;
use crate::proof_depth::DepthFile;
use crate::seeds::SeedsFile;
use crate::speedup::SpeedupFile;
use crate::stress::StressFile;

/// Where one set of results lives (this machine's run, or a sample from another machine).
#[derive(Debug, Clone)]
pub struct ResultSet {
    /// How the report labels this set, e.g. `this machine` or a sample's directory name.
    pub label: String,
    /// The directory holding `loom/`, `stress/`, the deep tiers and `calibration.json`.
    pub root: PathBuf,
    pub criterion_dir: PathBuf,
}

impl ResultSet {
    /// This machine's own results under `root` (see [`crate::paths::results_root`]), with
    /// criterion's in the workspace's `target/criterion` (`<root>/criterion` outside one).
    pub fn local(root: PathBuf) -> Self {
        let criterion_dir = match crate::paths::current_workspace() {
            Some(workspace) => workspace.join("target").join("criterion"),
            None => root.join("criterion"),
        };
        ResultSet { label: "this machine".to_owned(), root, criterion_dir }
    }

    /// A self-contained results directory: `DIR/loom`, `DIR/stress`, `DIR/criterion`.
    pub fn from_dir(dir: &Path) -> Self {
        ResultSet {
            label: dir
                .file_name()
                .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned()),
            root: dir.to_path_buf(),
            criterion_dir: dir.join("criterion"),
        }
    }

    /// The loom verdicts.
    pub fn loom(&self) -> Loaded<LoomVerdict> {
        LoomVerdict::load_under(&self.root)
    }

    /// The Miri, ThreadSanitizer and shuttle verdicts, all tiers together.
    pub fn deep(&self) -> Loaded<DeepVerdict> {
        DeepVerdict::load_under(&self.root)
    }

    /// The proof-depth files: Correct strategies checked by loom at growing sizes.
    pub fn depth(&self) -> Loaded<DepthFile> {
        DepthFile::load_under(&self.root)
    }

    /// The stress files, normal and oversubscribed.
    pub fn stress(&self) -> Loaded<StressFile> {
        StressFile::load_under(&self.root)
    }

    /// The fairness files the benches wrote.
    pub fn fairness(&self) -> Loaded<FairnessFile> {
        FairnessFile::load_under(&self.root)
    }

    /// The speedup verdicts `threadlab run` wrote (io_vs_cpu's GIL claim).
    pub fn speedup(&self) -> Loaded<SpeedupFile> {
        SpeedupFile::load_under(&self.root)
    }

    /// The calibration, `Ok(None)` when it has not run; a warning when it cannot be read.
    pub fn calibration(&self) -> Result<Option<Calibration>, String> {
        Calibration::read_under(&self.root)
    }

    /// `threadlab seeds`' table, `Ok(None)` when it has not run.
    pub fn seeds(&self) -> Result<Option<SeedsFile>, String> {
        SeedsFile::read_under(&self.root)
    }

    /// The harness's own cost per benchmark group, as the benches measured it.
    pub fn harness_cost(&self) -> Loaded<HarnessCostFile> {
        HarnessCostFile::load_under(&self.root)
    }

    /// criterion's benchmarks.
    pub fn criterion(&self) -> Loaded<BenchPoint> {
        crate::criterion::load(&self.criterion_dir)
    }
}

/// What the report renders by default: this machine's results (the results root every
/// command uses, refused as [`crate::paths::existing_results_root`] says), then every sample
/// kept under the workspace's `reports/samples/` (results copied back from other machines),
/// in name order.
pub fn default_sets() -> Result<Vec<ResultSet>, String> {
    let mut sets = vec![ResultSet::local(crate::paths::existing_results_root()?)];
    if let Some(workspace) = crate::paths::current_workspace() {
        sets.extend(samples(&workspace));
    }
    Ok(sets)
}

/// The sample sets kept under `workspace/reports/samples/`, in name order.
pub fn samples(workspace: &Path) -> Vec<ResultSet> {
    let Ok(entries) = std::fs::read_dir(workspace.join("reports").join("samples")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs.iter().map(|d| ResultSet::from_dir(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_directory_holds_every_format_side_by_side() {
        let set = ResultSet::from_dir(Path::new("/tmp/sample"));
        assert_eq!(set.label, "sample");
        assert_eq!(set.root, Path::new("/tmp/sample"));
        assert_eq!(set.criterion_dir, Path::new("/tmp/sample/criterion"));
    }

    #[test]
    fn samples_are_in_name_order() {
        let workspace = std::env::temp_dir().join(format!("threadlab-sets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&workspace);
        for name in ["b-host", "a-host"] {
            std::fs::create_dir_all(workspace.join("reports/samples").join(name)).unwrap();
        }
        std::fs::write(workspace.join("reports/samples/README"), "not a set").unwrap();
        let labels: Vec<String> = samples(&workspace).into_iter().map(|s| s.label).collect();
        assert_eq!(labels, ["a-host", "b-host"]);
        std::fs::remove_dir_all(&workspace).unwrap();
    }
}
