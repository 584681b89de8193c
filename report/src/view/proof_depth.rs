//! The proof-depth section's content: per result set, each Correct modelled strategy's
//! largest proved size and where the budget stopped it, and per scenario the executions at
//! each size of its ladder, all read from the depth files. A depth file recorded from other
//! code than the tree's is marked stale, as loom verdicts are.

use scenarios::{Expectation, LoomModel, Scenario, Strategy};
use threadlab_results::proof_depth::{DepthFile, DepthSize, SizeStatus};

use crate::SetData;
use crate::view::freshness::{Freshness, TreeSources};

/// One set's proof-depth results.
pub struct DepthView<'a> {
    pub label: &'a str,
    /// The step's budget as the files recorded it (the first file's).
    pub step_budget_seconds: Option<f64>,
    pub scenarios: Vec<ScenarioDepth<'a>>,
}

/// One scenario: its ladder and the strategies that climb it.
pub struct ScenarioDepth<'a> {
    pub scenario: &'static Scenario,
    /// The ladder's sizes, `2x1` ..., the chart's x axis.
    pub ladder: Vec<String>,
    pub rows: Vec<DepthRow<'a>>,
}

/// One strategy's climb, or `file: None` when the step has not run for it.
pub struct DepthRow<'a> {
    pub strategy: &'static Strategy,
    pub file: Option<&'a DepthFile>,
    pub freshness: Freshness,
}

impl DepthRow<'_> {
    /// `exhaustive` or `preemption bound n`, as the file recorded it.
    pub fn bound(&self) -> Option<String> {
        let file = self.file?;
        Some(match file.preemption_bound {
            None => "exhaustive".to_owned(),
            Some(n) => format!("preemption bound {n}"),
        })
    }

    /// Every size the climb reached, as (index on the ladder, size).
    pub fn points(&self, ladder: &[String]) -> Vec<(usize, &DepthSize)> {
        let Some(file) = self.file else { return Vec::new() };
        file.sizes
            .iter()
            .filter(|s| s.status != SizeStatus::NotTried)
            .filter_map(|s| Some((ladder.iter().position(|l| *l == s.label())?, s)))
            .collect()
    }
}

/// The strategies the proof-depth step climbs: Correct, modelled by loom, in a scenario
/// with a ladder (the same facts the step reads).
fn climbs(scenario: &Scenario) -> impl Iterator<Item = &'static Strategy> + '_ {
    let has_ladder = scenario.loom.depth.is_some();
    scenario.strategies.iter().filter(move |s| {
        has_ladder
            && s.expectation == Expectation::Correct
            && !matches!(s.loom, LoomModel::NotModelled(_))
    })
}

/// One view per set that holds any depth file; empty when none does.
pub fn depth_views<'a>(data: &'a [SetData], tree: &TreeSources) -> Vec<DepthView<'a>> {
    data.iter()
        .filter(|d| !d.depth.items.is_empty())
        .map(|d| DepthView {
            label: &d.set.label,
            step_budget_seconds: d.depth.items.first().map(|f| f.step_budget_seconds),
            scenarios: scenarios::catalogue::reported()
                .iter()
                .filter_map(|&scenario| {
                    let ladder = scenario.loom.depth.as_ref()?;
                    let rows: Vec<DepthRow> = climbs(scenario)
                        .map(|strategy| {
                            let file = d.depth.items.iter().find(|f| {
                                f.scenario == scenario.name && f.strategy == strategy.name
                            });
                            let provenance = file.and_then(|f| f.provenance.as_ref());
                            let freshness = tree.freshness(scenario, strategy, provenance);
                            DepthRow { strategy, file, freshness }
                        })
                        .collect();
                    let ladder = ladder
                        .sizes(scenario.loom.params.limit)
                        .iter()
                        .map(|p| format!("{}x{}", p.threads, p.ops))
                        .collect();
                    (!rows.is_empty()).then_some(ScenarioDepth { scenario, ladder, rows })
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_results::ResultSet;

    fn size(threads: usize, ops: usize, status: SizeStatus, executions: u64) -> DepthSize {
        DepthSize {
            threads,
            ops,
            limit: 0,
            status,
            executions,
            seconds: 0.1,
            allowed_seconds: 1.0,
            message: None,
        }
    }

    #[test]
    fn each_climbing_strategy_gets_a_row_and_its_reached_sizes_sit_on_the_ladder() {
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let file = DepthFile {
            scenario: "shared_counter".into(),
            strategy: "atomic".into(),
            model: "real".into(),
            preemption_bound: None,
            step_budget_seconds: 15.0,
            sizes: vec![
                size(2, 1, SizeStatus::Proved, 3),
                size(2, 2, SizeStatus::NotFinished, 500),
                size(3, 1, SizeStatus::NotTried, 0),
            ],
            loom_version: "0.7.3".into(),
            provenance: None,
        };
        let mut data = SetData::load(ResultSet::from_dir(std::path::Path::new("/nonexistent")));
        data.depth.items.push(file);
        let data = [data];
        let views = depth_views(&data, &TreeSources::scan_current());
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].step_budget_seconds, Some(15.0));
        let counter = views[0].scenarios.iter().find(|s| s.scenario.name == scenario.name);
        let counter = counter.expect("shared_counter has a ladder");
        let names: Vec<&str> = counter.rows.iter().map(|r| r.strategy.name).collect();
        assert!(names.contains(&"atomic") && !names.contains(&"unsync"), "{names:?}");
        let atomic = counter.rows.iter().find(|r| r.strategy.name == "atomic").unwrap();
        let points: Vec<usize> = atomic.points(&counter.ladder).iter().map(|p| p.0).collect();
        assert_eq!(points, [0, 1], "not-tried sizes are not drawn");
        assert_eq!(atomic.freshness, Freshness::Unknown, "no provenance");
        let other = counter.rows.iter().find(|r| r.strategy.name == "std_mutex").unwrap();
        assert!(other.file.is_none(), "not run");
    }
}
