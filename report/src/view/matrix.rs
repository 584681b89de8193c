//! The verdict matrix: one row per catalogue strategy, and for each result set its loom
//! verdict, one cell per deeper tier and its stress result, each found once here.

use scenarios::{Scenario, Strategy};

use crate::SetData;
use crate::figures::stress_results;
use crate::view::freshness::{Freshness, TreeSources};
use threadlab_results::deep::{self, DeepVerdict, Tier};
use threadlab_results::loom::{CounterExample, LoomVerdict};
use threadlab_results::stress::StrategyVerdict;

/// The whole matrix.
pub struct Matrix<'a> {
    /// The result sets' labels, in column order.
    pub labels: Vec<&'a str>,
    pub rows: Vec<MatrixRow<'a>>,
}

/// One strategy's row.
pub struct MatrixRow<'a> {
    pub scenario: &'static Scenario,
    pub strategy: &'static Strategy,
    /// On the first row of a scenario: how many table rows its name spans (its strategies'
    /// rows and the counter-example row under each refuted one); `None` on the others.
    pub scenario_rowspan: Option<usize>,
    /// Whether the strategy is the user crate's own (the other rows are reference rows).
    pub from_user: bool,
    /// One entry per result set, in column order.
    pub sets: Vec<SetCells<'a>>,
}

/// What one result set recorded about one strategy.
pub struct SetCells<'a> {
    pub loom: Option<&'a LoomVerdict>,
    /// Whether `loom` was recorded from the code in the tree (meaningless where `None`).
    pub loom_freshness: Freshness,
    /// One per tier of [`Tier::ALL`], in that order; `None` where the tier left no verdict.
    pub deep: Vec<Option<DeepCell<'a>>>,
    pub stress: Option<StressCell>,
}

/// One tier's verdict with its counts put into words.
pub struct DeepCell<'a> {
    pub verdict: &'a DeepVerdict,
    /// e.g. `3 of 16 seeds failed`, `1000 executions`.
    pub runs: String,
    /// e.g. `2x4 ops`.
    pub size: String,
    pub freshness: Freshness,
}

/// The stress result of one strategy, graded for display.
pub struct StressCell {
    pub verdict: StrategyVerdict,
    /// The CSS class: `proved`, `bad`, `refuted` or `not-modelled`.
    pub class: &'static str,
    pub text: String,
    pub samples: u64,
    pub threads: usize,
    pub ops: usize,
    pub hung_batches: u64,
    pub freshness: Freshness,
}

/// The matrix over every catalogue strategy and every result set.
pub fn matrix(data: &[SetData]) -> Matrix<'_> {
    matrix_against(data, &TreeSources::scan_current())
}

/// The matrix, each result's freshness judged against `tree`.
pub fn matrix_against<'a>(data: &'a [SetData], tree: &TreeSources) -> Matrix<'a> {
    let mut rows = Vec::new();
    for scenario in scenarios::catalogue::reported() {
        let first = rows.len();
        for strategy in scenario.strategies {
            rows.push(MatrixRow {
                scenario,
                strategy,
                scenario_rowspan: None,
                from_user: scenarios::catalogue::from_user(scenario.name, strategy.name),
                sets: data.iter().map(|d| set_cells(d, scenario, strategy, tree)).collect(),
            });
        }
        let span = rows[first..].iter().map(|r| 1 + r.counter_examples().count()).sum();
        if let Some(row) = rows.get_mut(first) {
            row.scenario_rowspan = Some(span);
        }
    }
    Matrix { labels: data.iter().map(|d| d.set.label.as_str()).collect(), rows }
}

impl Matrix<'_> {
    /// How many columns the table has: scenario, strategy, expectation, then per result set
    /// loom, each deeper tier and stress.
    pub fn columns(&self) -> usize {
        3 + self.labels.len() * (2 + Tier::ALL.len())
    }
}

impl<'a> MatrixRow<'a> {
    /// The counter-examples its result sets recorded, by set index, each shown in a row of
    /// its own under the strategy's.
    pub fn counter_examples(&self) -> impl Iterator<Item = (usize, &'a CounterExample)> + '_ {
        self.sets
            .iter()
            .enumerate()
            .filter_map(|(i, set)| Some((i, set.loom?.counter_example.as_ref()?)))
    }
}

fn set_cells<'a>(
    d: &'a SetData,
    scenario: &Scenario,
    strategy: &Strategy,
    tree: &TreeSources,
) -> SetCells<'a> {
    let fresh = |p: Option<&threadlab_results::Provenance>| tree.freshness(scenario, strategy, p);
    let loom =
        d.loom.items.iter().find(|v| v.scenario == scenario.name && v.strategy == strategy.name);
    SetCells {
        loom,
        loom_freshness: fresh(loom.and_then(|v| v.provenance.as_ref())),
        deep: Tier::ALL
            .into_iter()
            .map(|tier| {
                deep::find(&d.deep, tier, scenario.name, strategy.name)
                    .map(|v| deep_cell(v, fresh(v.provenance.as_ref())))
            })
            .collect(),
        stress: stress_results(d, scenario, strategy.name).map(|r| {
            let share = |n: u64| crate::percent::frequency(n, r.samples);
            let (class, text) = match r.verdict {
                StrategyVerdict::Clean => ("proved", "no forbidden outcome".to_owned()),
                StrategyVerdict::Failed => {
                    ("bad", format!("FORBIDDEN OUTCOMES: {} ({})", r.forbidden, share(r.forbidden)))
                }
                StrategyVerdict::BugObserved => {
                    ("refuted", format!("bug observed in {} of samples", share(r.forbidden)))
                }
                StrategyVerdict::Inconclusive => {
                    ("not-modelled", "no sample completed (inconclusive)".to_owned())
                }
                StrategyVerdict::BugNotObserved => {
                    let machine = d.stress.iter().find(|f| f.scenario == scenario.name);
                    let arch = machine.map_or("", |f| f.machine.arch.as_str());
                    let text = match strategy.needs_reordering {
                        Some(r) if r.never_on_hardware(arch) => format!(
                            "bug not observed (inconclusive): it needs a {} reordering, which \
                             this machine's CPU ({arch}, total store order) never makes; only a \
                             compiler reordering could show it here, loom and Miri show it",
                            r.words()
                        ),
                        _ => "bug not observed in this run (inconclusive)".to_owned(),
                    };
                    ("not-modelled", text)
                }
                StrategyVerdict::UnexpectedFinding => {
                    ("bad", "UNEXPECTED FINDING: not the lesson's bug".to_owned())
                }
            };
            StressCell {
                verdict: r.verdict,
                class,
                text,
                samples: r.samples,
                threads: r.settings.params.threads,
                ops: r.settings.params.ops,
                hung_batches: r.hung_batches,
                freshness: fresh(r.provenance.as_ref()),
            }
        }),
    }
}

fn deep_cell(v: &DeepVerdict, freshness: Freshness) -> DeepCell<'_> {
    let runs = match v.tier {
        Tier::Miri => format!("{} of {} seeds failed", v.failing_runs, v.runs),
        Tier::Tsan => format!("reported in {} of {} runs", v.failing_runs, v.runs),
        Tier::Shuttle => format!("{} executions", v.runs),
    };
    DeepCell { verdict: v, runs, size: format!("{}x{} ops", v.threads, v.ops), freshness }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_results::ResultSet;

    #[test]
    fn every_strategy_has_a_row_and_each_scenario_name_spans_its_own() {
        let empty = std::env::temp_dir().join(format!("threadlab-matrix-{}", std::process::id()));
        let data = vec![SetData::load(ResultSet::from_dir(&empty))];
        let m = matrix(&data);
        let total: usize = scenarios::catalogue().iter().map(|s| s.strategies.len()).sum();
        assert_eq!(m.rows.len(), total);
        assert_eq!(m.labels.len(), 1);
        let spans: usize = m.rows.iter().filter_map(|r| r.scenario_rowspan).sum();
        assert_eq!(spans, total, "nothing refuted: the name cells cover every strategy row once");
        let first = &m.rows[0];
        assert_eq!(first.scenario_rowspan, Some(first.scenario.strategies.len()));
        let cells = &first.sets[0];
        assert!(cells.loom.is_none() && cells.stress.is_none(), "nothing ran: nothing found");
        assert_eq!(cells.deep.len(), Tier::ALL.len());
    }

    #[test]
    fn a_scenario_name_spans_the_counter_example_rows_under_its_refuted_strategies() {
        use threadlab_results::loom::{TraceStep, Verdict};
        let dir = std::env::temp_dir().join(format!("threadlab-span-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let step = TraceStep {
            step: 1,
            thread: "worker 0".into(),
            op: "load".into(),
            object: "total".into(),
            value: Some("0".into()),
            ordering: None,
            location: "scenarios/src/shared_counter/unsync.rs:1".into(),
        };
        let example = CounterExample {
            threads: 2,
            ops: 1,
            limit: 0,
            preemptions: Some(1),
            executions: 3,
            violation: "total 1, expected 2".into(),
            blocked: Vec::new(),
            checkpoint: None,
            trace: vec![step],
            note: None,
        };
        let verdict = LoomVerdict {
            scenario: "shared_counter".into(),
            strategy: "unsync".into(),
            expectation: "broken".into(),
            expected: None,
            model_kind: None,
            verdict: Verdict::Refuted,
            model: "real".into(),
            threads: 2,
            ops: 1,
            limit: 0,
            preemption_bound: None,
            executions: 3,
            seconds: 0.1,
            violation: Some("total 1, expected 2".into()),
            violation_kind: None,
            blocked: Vec::new(),
            loom_version: "0.7".into(),
            ignored_env: Vec::new(),
            provenance: None,
            counter_example: Some(example),
        };
        threadlab_results::ResultFile::write_under(&verdict, &dir).unwrap();
        let data = vec![SetData::load(ResultSet::from_dir(&dir))];
        let m = matrix(&data);
        let scenario = scenarios::catalogue().iter().find(|s| s.name == "shared_counter").unwrap();
        let first = m.rows.iter().find(|r| r.scenario.name == "shared_counter").unwrap();
        assert_eq!(first.scenario_rowspan, Some(scenario.strategies.len() + 1));
        let html = crate::cells::verdict_matrix(&m, "shared_counter").into_string();
        assert!(html.contains(&format!("colspan=\"{}\"", m.columns() - 1)), "{html}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
