//! `threadlab report`: render the result files into `reports/index.html` and SVG charts.
//!
//! The report computes no verdict and invents no number. It shows what the loom suite, the
//! stress mode and criterion wrote; a missing result reads "not run", and a file that cannot
//! be parsed is named in a warning and skipped.

mod badge;
mod cells;
mod charts;
mod claim;
mod figures;
mod page;
pub mod percent;
mod proof_depth;
mod publish;
mod sections;
pub mod seeds_text;
mod site;
mod stepper;
pub mod trace_table;
mod unknown;
mod view;
pub use view::freshness::{Freshness, TreeSources};
mod words;

use std::path::{Path, PathBuf};

use anyhow::Result;
use scenarios::{Scenario, Strategy};

use threadlab_results::calibration::Calibration;
use threadlab_results::fairness::FairnessFile;
use threadlab_results::machine::Machine;
use threadlab_results::proof_depth::DepthFile;
use threadlab_results::seeds::SeedsFile;
use threadlab_results::speedup::SpeedupFile;
use threadlab_results::stress::StressFile;
use threadlab_results::{Loaded, ResultSet, criterion, deep, loom};

/// Which scenario and strategy a seeds row (by its id, e.g. `001-5`) reproduces, `None` for a
/// program no longer in the table. The seed programs' table belongs to `threadlab seeds`,
/// which hands this in.
pub type SeedPrograms = fn(&str) -> Option<(&'static Scenario, &'static Strategy)>;

/// Everything read from one result set.
pub struct SetData {
    pub set: ResultSet,
    pub loom: Loaded<loom::LoomVerdict>,
    pub bench: Loaded<criterion::BenchPoint>,
    /// `None` when `threadlab calibrate` has not run for this set.
    pub calibration: Option<Calibration>,
    pub fairness: Vec<FairnessFile>,
    /// The harness's own cost per benchmark group (`<results>/harness-cost/`).
    pub harness_cost: Vec<threadlab_results::harness_cost::HarnessCostFile>,
    /// The speedup verdicts `threadlab run io_vs_cpu` wrote.
    pub speedup: Vec<SpeedupFile>,
    pub stress: Vec<StressFile>,
    pub other_warnings: Vec<String>,
    /// Miri, ThreadSanitizer and shuttle verdicts (`<results>/{miri,tsan,shuttle}/`).
    pub deep: Loaded<deep::DeepVerdict>,
    /// loom at growing sizes (`<results>/depth/`).
    pub depth: Loaded<DepthFile>,
    /// `threadlab seeds`' table (`<results>/seeds.json`); `None` when it has not run.
    pub seeds: Option<SeedsFile>,
}

impl SetData {
    pub fn load(set: ResultSet) -> Self {
        let mut other_warnings = Vec::new();
        let calibration = set.calibration().unwrap_or_else(|w| {
            other_warnings.push(w);
            None
        });
        let seeds = set.seeds().unwrap_or_else(|w| {
            other_warnings.push(w);
            None
        });
        let fairness = set.fairness();
        other_warnings.extend(fairness.warnings);
        let stress = set.stress();
        other_warnings.extend(stress.warnings);
        let harness_cost = set.harness_cost();
        other_warnings.extend(harness_cost.warnings);
        let speedup = set.speedup();
        other_warnings.extend(speedup.warnings);
        let loom = set.loom();
        other_warnings.extend(unknown::unknown_loom_verdicts(&loom.items, &set.root.join("loom")));
        SetData {
            harness_cost: harness_cost.items,
            fairness: fairness.items,
            speedup: speedup.items,
            stress: stress.items,
            loom,
            bench: set.criterion(),
            calibration,
            other_warnings,
            deep: set.deep(),
            depth: set.depth(),
            seeds,
            set,
        }
    }

    pub fn warnings(&self) -> impl Iterator<Item = &String> {
        self.loom
            .warnings
            .iter()
            .chain(&self.bench.warnings)
            .chain(&self.other_warnings)
            .chain(&self.deep.warnings)
            .chain(&self.depth.warnings)
    }
}

pub struct ReportSummary {
    pub index: PathBuf,
    pub charts: usize,
    pub warnings: Vec<String>,
    /// Which results shown are stale, missing or of unknown freshness.
    pub audit: view::freshness::Audit,
}

/// Render every result set into `out_dir`.
pub fn render(
    out_dir: &Path,
    sets: Vec<ResultSet>,
    seed_programs: SeedPrograms,
) -> Result<ReportSummary> {
    render_after(out_dir, sets, &[], seed_programs)
}

/// Render as [`render`] does, after a job in which `failed_steps` (with why) failed: the page
/// says so at the top, since their results are missing or left from an earlier run.
pub fn render_after(
    out_dir: &Path,
    sets: Vec<ResultSet>,
    failed_steps: &[String],
    seed_programs: SeedPrograms,
) -> Result<ReportSummary> {
    let data: Vec<SetData> = sets.into_iter().map(SetData::load).collect();
    let warnings: Vec<String> = data.iter().flat_map(|d| d.warnings().cloned()).collect();
    let tree = view::freshness::TreeSources::scan_current();
    let audit = view::freshness::audit(
        &view::matrix::matrix_against(&data, &tree),
        &data,
        &tree,
        seed_programs,
    );
    let rendered = page::render(&data, out_dir, &warnings, failed_steps, &audit, seed_programs)?;
    let mut files: Vec<publish::Output<'_>> = rendered
        .charts
        .iter()
        .map(|chart| publish::Output { path: &chart.path, bytes: chart.svg.as_bytes() })
        .collect();
    for (name, contents) in &rendered.assets {
        files.push(publish::Output { path: name, bytes: contents.as_bytes() });
    }
    for (name, html) in &rendered.pages {
        files.push(publish::Output { path: name, bytes: html.as_bytes() });
    }
    publish::publish(out_dir, &files)?;
    let index = out_dir.join("index.html");
    Ok(ReportSummary { index, charts: rendered.charts.len(), warnings, audit })
}

impl SetData {
    /// The machine this set was measured on, as its result files recorded it (calibration
    /// first, then any stress file). `None` when no file recorded one.
    pub fn machine(&self) -> Option<&Machine> {
        self.calibration
            .as_ref()
            .map(|c| &c.machine)
            .or_else(|| self.stress.first().map(|s| &s.machine))
    }
}

/// A machine record for tests (the probe itself is harness's `machine::describe`).
#[cfg(test)]
pub(crate) fn test_machine() -> Machine {
    Machine {
        cpu_model: "test cpu".into(),
        cores: 2,
        logical_cpus: Some(2),
        memory_bytes: None,
        os: "test os".into(),
        arch: "x86_64".into(),
        rustc: "rustc test".into(),
        load_average: None,
    }
}

/// No seed programs: for tests whose result sets hold no seeds file.
pub fn no_seed_programs(_: &str) -> Option<(&'static Scenario, &'static Strategy)> {
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use threadlab_results::ResultFile;
    use threadlab_results::loom::{LoomVerdict, Verdict};

    pub(crate) fn verdict(strategy: &str, verdict: Verdict) -> LoomVerdict {
        LoomVerdict {
            scenario: "shared_counter".into(),
            strategy: strategy.into(),
            expectation: "correct".into(),
            expected: None,
            model_kind: None,
            verdict,
            model: "real".into(),
            threads: 2,
            ops: 2,
            limit: 0,
            preemption_bound: None,
            executions: 810,
            seconds: 0.2,
            violation: None,
            violation_kind: None,
            blocked: Vec::new(),
            loom_version: "0.7".into(),
            ignored_env: Vec::new(),
            provenance: None,
            counter_example: None,
        }
    }

    #[test]
    fn missing_results_read_not_run_and_corrupt_ones_are_named() {
        let root = std::env::temp_dir().join(format!("threadlab-report-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let results = root.join("results");
        verdict("atomic", Verdict::Proved).write_under(&results).unwrap();
        verdict("retired", Verdict::Proved).write_under(&results).unwrap();
        let truncated = results.join("loom").join("shared_counter.spin.json");
        std::fs::write(&truncated, "{\"scenario\": \"shared_cou").unwrap();

        let out = root.join("out");
        let summary = render(&out, vec![ResultSet::from_dir(&results)], no_seed_programs).unwrap();
        let html = std::fs::read_to_string(out.join("shared_counter.html")).unwrap();

        assert!(html.contains("810 executions"), "the proved verdict is rendered");
        assert!(html.contains("not run"), "strategies without a verdict read not run");
        assert!(html.contains("benchmarks: not run"));
        for page in scenarios::catalogue::reported()
            .iter()
            .map(|s| format!("{}.html", s.name))
            .chain(["machine.html", "proof.html", "seeds.html"].map(String::from))
        {
            let text = std::fs::read_to_string(out.join(&page)).expect(&page);
            assert!(text.contains("href=\"index.html\""), "{page} links back to the answer");
        }
        assert_eq!(summary.warnings.len(), 2, "{:?}", summary.warnings);
        assert!(summary.warnings.iter().any(|w| w.contains("shared_counter.spin.json")));
        let unknown = "shared_counter.retired.json: a loom verdict of shared_counter/retired, \
                       which is not in the catalogue; not shown";
        assert!(summary.warnings.iter().any(|w| w.ends_with(unknown)), "{:?}", summary.warnings);
        let index = std::fs::read_to_string(&summary.index).unwrap();
        assert!(index.contains("shared_counter.spin.json"), "the answer names the corrupt file");
        assert!(!index.contains("failed-steps"), "no job failed, so no failed-steps box");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_page_rendered_after_a_failed_step_says_so_at_the_top() {
        let root = std::env::temp_dir().join(format!("threadlab-failed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let why = "step `benchmarks` failed (exit status: 101)".to_owned();
        let summary = render_after(
            &root.join("out"),
            vec![ResultSet::from_dir(&root)],
            &[why],
            no_seed_programs,
        )
        .unwrap();
        let html = std::fs::read_to_string(&summary.index).unwrap();
        let failed_box = html.find("id=\"failed-steps\"").expect("the failed-steps box");
        assert!(failed_box < html.find("class=\"grid\"").unwrap(), "it comes before the grid");
        assert!(html.contains("step `benchmarks` failed (exit status: 101)"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
