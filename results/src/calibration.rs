//! The calibration file: `<results>/calibration.json`, what this machine can do at best.
//!
//! `threadlab calibrate` writes it; the report divides each strategy's cost by the probe
//! that bounds it. Costs are nanoseconds per operation: the median of several samples,
//! with their spread.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

use crate::machine::Machine;

/// One probe's cost per operation over its samples. Each sample runs for a fixed window
/// shorter than a scheduler time slice: `min_ns` is the machine's limit (the sample no
/// other process disturbed), `median_ns` what a run usually gets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProbeResult {
    pub name: String,
    /// What one operation of the probe is, in words.
    pub operation: String,
    pub median_ns: f64,
    pub min_ns: f64,
    pub max_ns: f64,
    pub samples: usize,
    /// Operations in the median sample.
    pub ops_per_sample: u64,
    /// How long each sample ran, in microseconds (absent in files from before time-boxed
    /// samples, which timed a fixed operation count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_us: Option<u64>,
    /// Two-thread probes: whether every sample ran with its threads pinned to distinct
    /// cores (`None` for one-thread probes and older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    /// The outside CPU share while this probe ran and its samples' spread (median over
    /// min); `None` in files from before noise was measured ("noise unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<crate::noise::Noise>,
}

/// One seed preset: Python's time per increment and each Rust strategy's, same run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeedComparison {
    pub preset: String,
    pub threads: usize,
    pub increments_per_thread: usize,
    /// `None` when python3 is missing or the script failed (see `python_status`).
    pub python_ns_per_increment: Option<f64>,
    pub rust: Vec<RustTiming>,
}

/// One Rust counter strategy at a seed preset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RustTiming {
    pub strategy: String,
    pub ns_per_increment: f64,
    pub invariant_holds: bool,
}

/// `<results>/calibration.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Calibration {
    /// Where the probes ran.
    pub machine: Machine,
    pub probes: Vec<ProbeResult>,
    /// The seeds' Python lock counter against the Rust counter strategies, same run.
    pub seed_comparison: Vec<SeedComparison>,
    /// `measured`, or `not run: <why>` for the Python side.
    pub python_status: String,
    /// The outside CPU share over the whole calibration, judged with the largest probe
    /// spread; `None` in files from before noise was measured ("noise unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<crate::noise::Noise>,
    /// Where this result came from (`None` in files written before provenance existed:
    /// the report calls those "unknown").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

impl Calibration {
    /// The probe called `name`, if this calibration ran it.
    pub fn probe(&self, name: &str) -> Option<&ProbeResult> {
        self.probes.iter().find(|p| p.name == name)
    }
}

impl crate::Format for Calibration {
    const NAME: &'static str = "calibration";
    const VERSION: u32 = 1;
}

impl ResultFile for Calibration {
    const PLACE: Place = Place::File("calibration.json");
    fn relative_path(&self) -> PathBuf {
        PathBuf::from("calibration.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calibration_survives_a_write_and_read_and_finds_its_probes() {
        let root = std::env::temp_dir().join(format!("threadlab-calib-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(Calibration::read_under(&root), Ok(None));
        let calibration = Calibration {
            machine: crate::machine::example(),
            probes: vec![ProbeResult {
                name: "uncontended_add".into(),
                operation: "one fetch_add".into(),
                median_ns: 2.0,
                min_ns: 1.9,
                max_ns: 2.5,
                samples: 9,
                ops_per_sample: 1000,
                window_us: Some(1000),
                pinned: None,
                noise: Some(crate::noise::Noise::judge(Some(0.4), Some(1.1), 0.05)),
            }],
            seed_comparison: vec![],
            python_status: "measured".into(),
            noise: Some(crate::noise::Noise::judge(Some(0.4), Some(1.1), 1.0)),
            provenance: None,
        };
        let path = calibration.write_under(&root).unwrap();
        assert_eq!(path, root.join("calibration.json"));
        let back = Calibration::read_under(&root).unwrap().unwrap();
        assert_eq!(back, calibration);
        assert_eq!(back.probe("uncontended_add").map(|p| p.median_ns), Some(2.0));
        assert!(back.probe("spawn_join").is_none());
        assert!(back.noise.as_ref().is_some_and(|n| n.noisy), "{back:?}");
        // A file from before noise was measured still loads, and says so.
        let mut old = serde_json::to_value(&calibration).unwrap();
        old.as_object_mut().unwrap().remove("noise");
        old["probes"][0].as_object_mut().unwrap().remove("noise");
        std::fs::write(&path, old.to_string()).unwrap();
        let old = Calibration::read_under(&root).unwrap().unwrap();
        assert_eq!((old.noise.as_ref(), old.probes[0].noise.as_ref()), (None, None));
        assert_eq!(crate::noise::Noise::describe(old.noise.as_ref()), "noise unknown");
        std::fs::write(&path, "{\"machine\": ").unwrap();
        assert!(Calibration::read_under(&root).unwrap_err().contains("calibration.json"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
