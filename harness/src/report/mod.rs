//! `threadlab report`: render the result files into `reports/index.html` and SVG charts.
//!
//! The report computes no verdict and invents no number. It shows what the loom suite, the
//! stress mode and criterion wrote; a missing result reads "not run", and a file that cannot
//! be parsed is named in a warning and skipped.

mod charts;
mod page;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::files::write_atomically;
use crate::results::{Loaded, ResultSet, criterion, deep, loom};

/// Everything read from one result set.
pub struct SetData {
    pub set: ResultSet,
    pub loom: Loaded<loom::LoomVerdict>,
    pub bench: Loaded<criterion::BenchPoint>,
    /// Miri, ThreadSanitizer and shuttle verdicts (`<results>/{miri,tsan,shuttle}/`).
    pub deep: Loaded<deep::DeepVerdict>,
}

impl SetData {
    pub fn load(set: ResultSet) -> Self {
        SetData {
            loom: loom::load(&set.loom_dir),
            bench: criterion::load(&set.criterion_dir),
            deep: deep::load(&deep::root_of(&set)),
            set,
        }
    }

    pub fn warnings(&self) -> impl Iterator<Item = &String> {
        self.loom.warnings.iter().chain(&self.bench.warnings).chain(&self.deep.warnings)
    }
}

pub struct ReportSummary {
    pub index: PathBuf,
    pub charts: usize,
    pub warnings: Vec<String>,
}

/// Render every result set into `out_dir`.
pub fn render(out_dir: &Path, sets: Vec<ResultSet>) -> Result<ReportSummary> {
    let data: Vec<SetData> = sets.into_iter().map(SetData::load).collect();
    let warnings: Vec<String> = data.iter().flat_map(|d| d.warnings().cloned()).collect();
    let charts_dir = out_dir.join("charts");
    std::fs::create_dir_all(&charts_dir)
        .with_context(|| format!("cannot create {}", charts_dir.display()))?;

    let rendered = page::render(&data, out_dir, &warnings)?;
    for chart in &rendered.charts {
        write_atomically(&out_dir.join(&chart.path), chart.svg.as_bytes())
            .with_context(|| format!("cannot write {}", chart.path))?;
    }
    let index = out_dir.join("index.html");
    write_atomically(&index, rendered.html.as_bytes())
        .with_context(|| format!("cannot write {}", index.display()))?;
    Ok(ReportSummary { index, charts: rendered.charts.len(), warnings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::loom::{LoomVerdict, Verdict};

    fn verdict(strategy: &str, verdict: Verdict) -> LoomVerdict {
        LoomVerdict {
            scenario: "shared_counter".into(),
            strategy: strategy.into(),
            expectation: "correct".into(),
            verdict,
            model: "real".into(),
            threads: 2,
            ops: 2,
            limit: 0,
            preemption_bound: None,
            executions: 810,
            seconds: 0.2,
            violation: None,
            loom_version: "0.7".into(),
        }
    }

    #[test]
    fn missing_results_read_not_run_and_corrupt_ones_are_named() {
        let root = std::env::temp_dir().join(format!("threadlab-report-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let results = root.join("results");
        verdict("atomic", Verdict::Proved).write_to(&results.join("loom")).unwrap();
        let truncated = results.join("loom").join("shared_counter.spin.json");
        std::fs::write(&truncated, "{\"scenario\": \"shared_cou").unwrap();

        let out = root.join("out");
        let summary = render(&out, vec![ResultSet::from_dir(&results)]).unwrap();
        let html = std::fs::read_to_string(&summary.index).unwrap();

        assert!(html.contains("810 executions"), "the proved verdict is rendered");
        assert!(html.contains("not run"), "strategies without a verdict read not run");
        assert!(html.contains("benchmarks: not run"));
        assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
        assert!(summary.warnings[0].contains("shared_counter.spin.json"));
        assert!(html.contains("shared_counter.spin.json"), "the page names the corrupt file");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
