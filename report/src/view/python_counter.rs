//! The seeds' Python lock counter beside the Rust strategies: one row per Rust timing, the
//! preset's cells on the first row of each preset, and Python's cost over Rust's.

use threadlab_results::calibration::Calibration;
use threadlab_results::calibration::{RustTiming, SeedComparison};

/// One row of the comparison table.
pub struct SeedRow<'a> {
    /// On a preset's first row: the preset and how many rows it spans.
    pub preset: Option<(&'a SeedComparison, usize)>,
    pub rust: &'a RustTiming,
    /// Python's ns per increment over this strategy's; `None` when Python did not run.
    pub python_over_rust: Option<f64>,
}

/// Every row, presets in recorded order.
pub fn seed_rows(c: &Calibration) -> Vec<SeedRow<'_>> {
    c.seed_comparison
        .iter()
        .flat_map(|cmp| {
            cmp.rust.iter().enumerate().map(move |(i, rust)| SeedRow {
                preset: (i == 0).then_some((cmp, cmp.rust.len())),
                rust,
                python_over_rust: cmp.python_ns_per_increment.map(|p| p / rust.ns_per_increment),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_spans_its_rows_and_python_is_divided_by_each_rust_timing() {
        let timing = |strategy: &str, ns| RustTiming {
            strategy: strategy.into(),
            ns_per_increment: ns,
            invariant_holds: true,
        };
        let c = Calibration {
            machine: crate::test_machine(),
            probes: Vec::new(),
            seed_comparison: vec![
                SeedComparison {
                    preset: "a".into(),
                    threads: 2,
                    increments_per_thread: 10,
                    python_ns_per_increment: Some(300.0),
                    rust: vec![timing("atomic", 3.0), timing("std_mutex", 15.0)],
                },
                SeedComparison {
                    preset: "b".into(),
                    threads: 2,
                    increments_per_thread: 10,
                    python_ns_per_increment: None,
                    rust: vec![timing("atomic", 3.0)],
                },
            ],
            python_status: "measured".into(),
            noise: None,
            provenance: None,
        };
        let rows = seed_rows(&c);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].preset.map(|(p, span)| (p.preset.as_str(), span)), Some(("a", 2)));
        assert!(rows[1].preset.is_none());
        assert_eq!(rows[2].preset.map(|(_, span)| span), Some(1));
        assert_eq!(rows[0].python_over_rust, Some(100.0));
        assert_eq!(rows[1].python_over_rust, Some(20.0));
        assert_eq!(rows[2].python_over_rust, None, "Python did not run");
    }
}
