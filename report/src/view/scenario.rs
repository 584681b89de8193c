//! One scenario's section: per result set, its charts (drawn here), each strategy's cost
//! against the probe that bounds it, the fairness of the timed runs, the harness's own
//! cost, the numbers measured on a busy machine, and a link to criterion's own page.

use std::path::Path;

use anyhow::Result;

use scenarios::Scenario;

use crate::SetData;
use crate::figures::{self, BenchLabels, Chart};
use threadlab_results::calibration::ProbeResult;
use threadlab_results::criterion::BenchPoint;
use threadlab_results::fairness::FairnessFile;
use threadlab_results::harness_cost::HarnessCostFile;
use threadlab_results::noise::Noise;
use threadlab_results::speedup::SpeedupFile;

/// A scenario's section of the page.
pub struct ScenarioView<'a> {
    pub scenario: &'static Scenario,
    /// One part per result set, in column order.
    pub sets: Vec<SetPart<'a>>,
}

/// What one result set shows for the scenario.
pub struct SetPart<'a> {
    pub label: &'a str,
    /// The stress histogram's path, if the scenario was stressed.
    pub stress_chart: Option<String>,
    /// The benchmark charts' paths (empty when the benchmarks did not run).
    pub images: Vec<String>,
    pub distance: Distance<'a>,
    /// `None` when no fairness file was written for the scenario.
    pub fairness: Option<FairnessTable>,
    /// criterion's own page for the scenario, relative to the report.
    pub criterion_link: Option<String>,
    /// Where the scenario tests the seeds' GIL claim ([`Scenario::speedup_summary`]): the
    /// verdict the run wrote, `Some(None)` when it has not run.
    pub claim: Option<Option<&'a SpeedupFile>>,
    /// The harness's own cost, one per benchmark group of the scenario that measured it.
    pub harness_cost: Vec<&'a HarnessCostFile>,
    /// The noise records behind the benchmark charts, the stress chart and the fairness
    /// table (`None`: a result recorded before noise was measured), one badge each.
    pub noise: PartNoise<'a>,
}

/// The noise records of a scenario's results, by the chart or table that shows them.
pub struct PartNoise<'a> {
    pub bench: Vec<Option<&'a Noise>>,
    pub stress: Vec<Option<&'a Noise>>,
    pub fairness: Vec<Option<&'a Noise>>,
}

/// Each strategy's cost per element against its bounding probe.
pub enum Distance<'a> {
    /// The set has no calibration to compare with.
    CalibrationNotRun,
    /// No benchmark of the scenario varied the thread count.
    NoThreadedBenchmarks,
    Table(DistanceTable<'a>),
}

/// The distance table: a column per thread count, a row per strategy.
pub struct DistanceTable<'a> {
    pub threads: Vec<usize>,
    pub rows: Vec<DistanceRow<'a>>,
}

pub struct DistanceRow<'a> {
    pub strategy: &'static str,
    /// The bounding probe as measured, and why it bounds the strategy.
    pub probe: Option<(&'a ProbeResult, &'static str)>,
    /// One per thread count; `None` where there is no benchmark point or no probe.
    pub cells: Vec<Option<Ratio<'a>>>,
}

/// Cost per element over the probe's cost per operation.
pub struct Ratio<'a> {
    pub ratio: f64,
    pub ns_per_element: f64,
    /// The benchmark's noise record, when it says noisy (the cell is marked).
    pub noisy: Option<&'a Noise>,
}

/// Per-thread operation counts: a column per thread count, a row per strategy measured.
pub struct FairnessTable {
    pub threads: Vec<usize>,
    pub rows: Vec<FairnessRow>,
}

pub struct FairnessRow {
    pub strategy: &'static str,
    /// One per thread count; `None` where that count was not run.
    pub cells: Vec<Option<FairnessCell>>,
}

pub struct FairnessCell {
    /// Standard deviation as a percentage of the mean.
    pub spread_percent: f64,
    pub min: u64,
    pub max: u64,
    pub millis: u64,
}

/// Shape the section of `scenario`, pushing the charts it draws onto `charts`.
pub fn scenario_view<'a>(
    scenario: &'static Scenario,
    data: &'a [SetData],
    out_dir: &Path,
    charts: &mut Vec<Chart>,
) -> Result<ScenarioView<'a>> {
    let order: Vec<&str> = scenario.strategies.iter().map(|s| s.name).collect();
    let broken: Vec<&str> = scenario
        .strategies
        .iter()
        .filter(|s| matches!(s.expectation, scenarios::Expectation::Broken { .. }))
        .map(|s| s.name)
        .collect();
    let mut sets = Vec::new();
    for (set_index, d) in data.iter().enumerate() {
        let cores = d.machine().map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |m| m.cores,
        );
        let labels = BenchLabels { label: &d.set.label, set_index, cores };
        let mut groups: Vec<&str> = d
            .bench
            .items
            .iter()
            .filter(|p| p.belongs_to(scenario.name))
            .map(|p| p.group.as_str())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let mut images = Vec::new();
        for group in groups {
            let points: Vec<_> = d.bench.items.iter().filter(|p| p.group == group).collect();
            for chart in figures::bench_charts(group, &points, &order, &broken, &labels)? {
                images.push(chart.path.clone());
                charts.push(chart);
            }
        }
        let stress_chart = figures::stress_histogram(scenario, d, set_index)?.map(|chart| {
            let path = chart.path.clone();
            charts.push(chart);
            path
        });
        let criterion_page =
            d.set.criterion_dir.join(scenario.name).join("report").join("index.html");
        sets.push(SetPart {
            label: &d.set.label,
            stress_chart,
            images,
            distance: distance(scenario, d),
            fairness: fairness(scenario, d),
            claim: scenario
                .speedup_summary
                .map(|_| d.speedup.iter().find(|f| f.scenario == scenario.name)),
            criterion_link: criterion_page
                .exists()
                .then(|| relative_link(out_dir, &criterion_page))
                .flatten(),
            harness_cost: d.harness_cost.iter().filter(|f| belongs(&f.group, scenario)).collect(),
            noise: part_noise(scenario, d),
        });
    }
    Ok(ScenarioView { scenario, sets })
}

fn distance<'a>(scenario: &Scenario, d: &'a SetData) -> Distance<'a> {
    let Some(c) = &d.calibration else { return Distance::CalibrationNotRun };
    let points: Vec<&BenchPoint> =
        d.bench.items.iter().filter(|p| p.group == scenario.name && p.threads.is_some()).collect();
    if points.is_empty() {
        return Distance::NoThreadedBenchmarks;
    }
    let mut threads: Vec<usize> = points.iter().filter_map(|p| p.threads).collect();
    threads.sort_unstable();
    threads.dedup();
    let rows = scenario
        .strategies
        .iter()
        .map(|strategy| {
            let probe = strategy
                .bound
                .map(|bound| (bound.probe.name(), bound.why))
                .and_then(|(name, why)| c.probe(name).map(|p| (p, why)));
            let cells = threads
                .iter()
                .map(|t| {
                    let point = points
                        .iter()
                        .find(|x| x.strategy == strategy.name && x.threads == Some(*t));
                    let ns = point.and_then(|x| x.ns_per_element())?;
                    let (p, _) = probe?;
                    let noisy = point.and_then(|x| x.noise.as_ref()).filter(|n| n.noisy);
                    Some(Ratio { ratio: ns / p.min_ns, ns_per_element: ns, noisy })
                })
                .collect();
            DistanceRow { strategy: strategy.name, probe, cells }
        })
        .collect();
    Distance::Table(DistanceTable { threads, rows })
}

/// Whether criterion's `group` is `scenario`'s (its name, or its name and `_` and more).
fn belongs(group: &str, scenario: &Scenario) -> bool {
    group.strip_prefix(scenario.name).is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
}

/// The noise records of the scenario's benchmark, stress and fairness results.
fn part_noise<'a>(scenario: &Scenario, d: &'a SetData) -> PartNoise<'a> {
    PartNoise {
        bench: d
            .bench
            .items
            .iter()
            .filter(|p| p.belongs_to(scenario.name))
            .map(|p| p.noise.as_ref())
            .collect(),
        stress: stress_results(scenario, d).map(|s| s.noise.as_ref()).collect(),
        fairness: fairness_entries(scenario, d).map(|e| e.noise.as_ref()).collect(),
    }
}

fn fairness_entries<'a>(
    scenario: &Scenario,
    d: &'a SetData,
) -> impl Iterator<Item = &'a threadlab_results::fairness::FairnessEntry> {
    let name = scenario.name;
    d.fairness.iter().filter(move |f| f.scenario == name).flat_map(|f| &f.entries)
}

fn stress_results<'a>(
    scenario: &Scenario,
    d: &'a SetData,
) -> impl Iterator<Item = &'a threadlab_results::stress::StrategyResult> {
    let name = scenario.name;
    d.stress.iter().filter(move |f| f.scenario == name).flat_map(|f| &f.strategies)
}

fn fairness(scenario: &Scenario, d: &SetData) -> Option<FairnessTable> {
    let file: &FairnessFile = d.fairness.iter().find(|f| f.scenario == scenario.name)?;
    let mut threads: Vec<usize> = file.entries.iter().map(|e| e.threads).collect();
    threads.sort_unstable();
    threads.dedup();
    let rows = scenario
        .strategies
        .iter()
        .filter(|strategy| file.entries.iter().any(|e| e.strategy == strategy.name))
        .map(|strategy| FairnessRow {
            strategy: strategy.name,
            cells: threads
                .iter()
                .map(|t| {
                    let e = file
                        .entries
                        .iter()
                        .find(|e| e.strategy == strategy.name && e.threads == *t)?;
                    Some(FairnessCell {
                        spread_percent: 100.0 * e.relative_spread(),
                        min: e.min,
                        max: e.max,
                        millis: e.millis,
                    })
                })
                .collect(),
        })
        .collect();
    Some(FairnessTable { threads, rows })
}

fn relative_link(from_dir: &Path, target: &Path) -> Option<String> {
    let from = std::path::absolute(from_dir).ok()?;
    let to = std::path::absolute(target).ok()?;
    let rel = pathdiff::diff_paths(to, from)?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}
