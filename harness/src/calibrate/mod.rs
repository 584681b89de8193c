//! `threadlab calibrate`: what this machine can do at best, so every benchmark can say how
//! far it is from the hardware.
//!
//! Each probe is timed `SAMPLES` times; the result file keeps the median and the spread,
//! in nanoseconds per operation, under `target/threadlab/calibration.json`.

mod probes;
pub mod seed_python;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use probes::PROBES;

pub const SAMPLES: usize = 9;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProbeResult {
    pub name: String,
    pub operation: String,
    pub median_ns: f64,
    pub min_ns: f64,
    pub max_ns: f64,
    pub samples: usize,
    pub ops_per_sample: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Calibration {
    /// Where the probes ran.
    pub machine: crate::machine::Machine,
    pub probes: Vec<ProbeResult>,
    /// The seeds' Python lock counter against the Rust counter strategies, same run.
    pub seed_comparison: Vec<seed_python::SeedComparison>,
    /// `measured`, or `not run: <why>` for the Python side.
    pub python_status: String,
}

impl Calibration {
    pub fn probe(&self, name: &str) -> Option<&ProbeResult> {
        self.probes.iter().find(|p| p.name == name)
    }
}

/// Run one probe `samples` times (after one warm-up) and summarise.
pub fn run_probe(probe: &probes::Probe, samples: usize) -> ProbeResult {
    (probe.measure)(probe.ops_per_sample.div_ceil(10));
    let mut per_op: Vec<f64> = (0..samples)
        .map(|_| {
            (probe.measure)(probe.ops_per_sample).as_nanos() as f64 / probe.ops_per_sample as f64
        })
        .collect();
    per_op.sort_by(f64::total_cmp);
    ProbeResult {
        name: probe.name.to_owned(),
        operation: probe.operation.to_owned(),
        median_ns: per_op[per_op.len() / 2],
        min_ns: per_op[0],
        max_ns: per_op[per_op.len() - 1],
        samples,
        ops_per_sample: probe.ops_per_sample,
    }
}

/// Run every probe with a progress bar, write the result file, and return the results.
pub fn calibrate(
    workspace: &Path,
    results_root: &Path,
) -> anyhow::Result<(Calibration, std::path::PathBuf)> {
    let machine = crate::machine::describe();
    let bar = indicatif::ProgressBar::new(PROBES.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("calibrating [{bar:30}] {pos}/{len} {msg}")
            .expect("the template is valid"),
    );
    let mut results = Vec::new();
    for probe in PROBES {
        bar.set_message(probe.name);
        results.push(run_probe(probe, SAMPLES));
        bar.inc(1);
    }
    bar.set_message("seed counter: Python vs Rust");
    let (seed_comparison, python_status) = seed_python::compare(workspace);
    bar.finish_and_clear();
    let calibration = Calibration { machine, probes: results, seed_comparison, python_status };
    let path = file_path(results_root);
    crate::files::write_atomically(&path, serde_json::to_string_pretty(&calibration)?.as_bytes())?;
    Ok((calibration, path))
}

/// The probes as an aligned table.
pub fn table(calibration: &Calibration) -> String {
    let mut out = format!("machine: {}\n", calibration.machine.summary());
    out += &format!(
        "{:<26} {:>12} {:>12} {:>12}  {}\n",
        "PROBE", "MEDIAN ns", "MIN ns", "MAX ns", "ONE OPERATION"
    );
    for p in &calibration.probes {
        out.push_str(&format!(
            "{:<26} {:>12.2} {:>12.2} {:>12.2}  {}\n",
            p.name, p.median_ns, p.min_ns, p.max_ns, p.operation
        ));
    }
    out.push_str(&format!("\nseed lock counter, Python: {}\n", calibration.python_status));
    for c in &calibration.seed_comparison {
        let python = c.python_ns_per_increment;
        out.push_str(&format!(
            "{} ({} x {}): python {}\n",
            c.preset,
            c.threads,
            c.increments_per_thread,
            python.map_or("not run".to_owned(), |ns| format!("{ns:.1} ns/increment"))
        ));
        for r in &c.rust {
            let ratio = python
                .map(|p| format!("  ({:.0}x faster)", p / r.ns_per_increment))
                .unwrap_or_default();
            out.push_str(&format!(
                "    rust {:<12} {:>9.2} ns/increment{ratio}\n",
                r.strategy, r.ns_per_increment
            ));
        }
    }
    out
}

pub fn file_path(results_root: &Path) -> std::path::PathBuf {
    results_root.join("calibration.json")
}

/// The probe that bounds `strategy` (the catalogue's [`scenarios::Strategy::bound`]) by its
/// name in the calibration file, and why. The report divides a strategy's cost per element
/// by this probe's cost per operation.
pub fn bounding_probe(strategy: &scenarios::Strategy) -> Option<(&'static str, &'static str)> {
    strategy.bound.map(|bound| (bound.probe.name(), bound.why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bounding_probe_the_catalogue_names_is_measured() {
        for probe in scenarios::BoundingProbe::ALL {
            assert!(PROBES.iter().any(|p| p.name == probe.name()), "no probe {}", probe.name());
        }
        let counter = scenarios::scenario("shared_counter").unwrap();
        let sharded = bounding_probe(counter.strategy("sharded").unwrap()).unwrap();
        assert_eq!(sharded.0, "uncontended_add");
        let io = scenarios::scenario("io_vs_cpu").unwrap();
        assert!(io.strategies.iter().all(|s| bounding_probe(s).is_none()));
    }

    #[test]
    fn every_probe_measures_a_positive_cost() {
        for probe in PROBES {
            let small =
                probes::Probe { ops_per_sample: probe.ops_per_sample.div_ceil(100), ..*probe };
            let result = run_probe(&small, 3);
            assert!(result.median_ns > 0.0, "{}: {result:?}", probe.name);
            assert!(result.min_ns <= result.median_ns && result.median_ns <= result.max_ns);
        }
    }
}
