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
use crate::depth::DepthFile;
use crate::fairness::FairnessFile;
use crate::load::{Loaded, load_json_dir};
use crate::loom::LoomVerdict;
use crate::stress::StressFile;

/// Where one set of results lives (this machine's run, or a sample from another machine).
#[derive(Debug, Clone)]
pub struct ResultSet {
    /// How the report labels this set, e.g. `this machine` or a sample's directory name.
    pub label: String,
    /// The directory holding `loom/`, `stress/`, the deep tiers and `calibration.json`.
    pub root: PathBuf,
    pub loom_dir: PathBuf,
    pub stress_dir: PathBuf,
    pub criterion_dir: PathBuf,
}

impl ResultSet {
    /// This workspace's own results: `$THREADLAB_RESULTS` (by default
    /// `target/threadlab`) and `target/criterion`.
    pub fn local(workspace: &Path) -> Self {
        let threadlab = match std::env::var_os("THREADLAB_RESULTS") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => workspace.join("target").join("threadlab"),
        };
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

    /// The loom verdicts.
    pub fn loom(&self) -> Loaded<LoomVerdict> {
        load_json_dir(&self.loom_dir)
    }

    /// The Miri, ThreadSanitizer and shuttle verdicts, all tiers together.
    pub fn deep(&self) -> Loaded<DeepVerdict> {
        crate::deep::load_under(&self.root)
    }

    /// The proof-depth files: Correct strategies checked by loom at growing sizes.
    pub fn depth(&self) -> Loaded<DepthFile> {
        crate::depth::load_under(&self.root)
    }

    /// The stress files, normal and oversubscribed.
    pub fn stress(&self) -> Loaded<StressFile> {
        crate::stress::load_dir(&self.stress_dir)
    }

    /// The fairness files the benches wrote.
    pub fn fairness(&self) -> Loaded<FairnessFile> {
        crate::fairness::load_under(&self.root)
    }

    /// The speedup verdicts `threadlab run` wrote (io_vs_cpu's GIL claim).
    pub fn speedup(&self) -> Loaded<crate::speedup::SpeedupFile> {
        crate::speedup::load_under(&self.root)
    }

    /// The calibration, `Ok(None)` when it has not run; a warning when it cannot be read.
    pub fn calibration(&self) -> Result<Option<Calibration>, String> {
        Calibration::read_under(&self.root)
    }

    /// The harness's own cost per benchmark group, as the benches measured it.
    pub fn harness_cost(&self) -> Loaded<crate::harness_cost::HarnessCostFile> {
        crate::harness_cost::load_under(&self.root)
    }

    /// criterion's benchmarks.
    pub fn criterion(&self) -> Loaded<BenchPoint> {
        crate::criterion::load(&self.criterion_dir)
    }
}

/// What the report renders by default: this workspace's own results, then every sample
/// kept under `reports/samples/` (results copied back from other machines), in name order.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_directory_holds_every_format_side_by_side() {
        let set = ResultSet::from_dir(Path::new("/tmp/sample"));
        assert_eq!(set.label, "sample");
        assert_eq!(set.loom_dir, Path::new("/tmp/sample/loom"));
        assert_eq!(set.criterion_dir, Path::new("/tmp/sample/criterion"));
    }

    #[test]
    fn samples_follow_the_local_set_in_name_order() {
        let workspace = std::env::temp_dir().join(format!("threadlab-sets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&workspace);
        for name in ["b-host", "a-host"] {
            std::fs::create_dir_all(workspace.join("reports/samples").join(name)).unwrap();
        }
        std::fs::write(workspace.join("reports/samples/README"), "not a set").unwrap();
        let labels: Vec<String> = default_sets(&workspace).into_iter().map(|s| s.label).collect();
        assert_eq!(labels, ["this machine", "a-host", "b-host"]);
        std::fs::remove_dir_all(&workspace).unwrap();
    }
}
