//! The harness's own cost: `<results>/harness-cost/<group>.json`, one per benchmark group.
//!
//! A benchmark times a strategy through threadlab's harness: workers held at a start line,
//! released together, joined, then an outcome allocated and checked. The bench runs an
//! empty workload through those same steps (a bench-only stand-in, not a catalogue
//! strategy) at each thread count, so the report can show how much of a strategy's cost
//! per element is the harness's.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

use crate::noise::Noise;

/// The empty workload at one thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HarnessCost {
    pub threads: usize,
    /// The elements one run of the group's strategies declares (its throughput), which
    /// the per-element costs divide by.
    pub elements: u64,
    /// Empty runs timed.
    pub runs: usize,
    /// The timed region of one run (release to the last worker's finish), the part of the
    /// harness inside criterion's numbers: fastest and median run, nanoseconds.
    pub timed_min_ns: f64,
    pub timed_median_ns: f64,
    /// A whole run, spawning, start line, join, outcome and check: median, nanoseconds
    /// (outside criterion's numbers except for the timed region).
    pub whole_median_ns: f64,
    /// The outside CPU share meanwhile and the spread of the timed regions.
    pub noise: Noise,
}

impl HarnessCost {
    /// The timed region's median over the group's elements: what the harness adds to each
    /// element of a strategy's cost.
    pub fn ns_per_element(&self) -> f64 {
        self.timed_median_ns / self.elements.max(1) as f64
    }
}

/// `<results>/harness-cost/<group>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HarnessCostFile {
    /// criterion's group id (the scenario, or the scenario and what the group measures).
    pub group: String,
    /// What the empty workload does, in words.
    pub workload: String,
    pub entries: Vec<HarnessCost>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

impl HarnessCostFile {
    /// The entry at `threads`, if measured.
    pub fn at(&self, threads: usize) -> Option<&HarnessCost> {
        self.entries.iter().find(|e| e.threads == threads)
    }
}

impl crate::Format for HarnessCostFile {
    const NAME: &'static str = "harness cost";
    const VERSION: u32 = 1;
}

impl ResultFile for HarnessCostFile {
    const PLACE: Place = Place::Folders(&["harness-cost"]);
    fn relative_path(&self) -> PathBuf {
        Path::new("harness-cost").join(format!("{}.json", self.group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_groups_harness_cost_survives_a_write_and_load() {
        let root = std::env::temp_dir().join(format!("threadlab-hcost-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let file = HarnessCostFile {
            group: "shared_counter".into(),
            workload: "empty".into(),
            entries: vec![HarnessCost {
                threads: 2,
                elements: 1000,
                runs: 50,
                timed_min_ns: 8_000.0,
                timed_median_ns: 10_000.0,
                whole_median_ns: 60_000.0,
                noise: Noise::judge(Some(0.01), Some(1.25), 0.1),
            }],
            provenance: None,
        };
        let path = file.write_under(&root).unwrap();
        assert_eq!(path, root.join("harness-cost/shared_counter.json"));
        let loaded = HarnessCostFile::load_under(&root);
        assert_eq!(loaded.items, vec![file.clone()]);
        assert_eq!(loaded.items[0].at(2).map(HarnessCost::ns_per_element), Some(10.0));
        assert!(loaded.items[0].at(1).is_none());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
