//! The verdict grid that opens the report: one row per scenario, one cell per strategy,
//! each coloured by its verdict in every tier (loom, Miri, TSan, shuttle, stress) of the
//! first result set and marked with its speed rank among the scenario's Correct
//! strategies, at the largest benchmarked thread count that does not exceed the set's
//! cores. Shaped from the [`Matrix`] and the set's benchmark points; nothing recomputed.

use scenarios::{Expectation, Scenario};
use threadlab_results::deep::DeepStatus;
use threadlab_results::loom::Verdict;

use super::freshness::Freshness;
use super::matrix::{Matrix, SetCells};
use crate::SetData;

/// The grid.
pub struct Grid {
    /// The result set the grid shows (the first one).
    pub label: String,
    pub rows: Vec<GridRow>,
}

/// One scenario.
pub struct GridRow {
    pub scenario: &'static str,
    /// The thread count the ranks were taken at, if any benchmark ran.
    pub ranked_at: Option<usize>,
    pub cells: Vec<GridCell>,
}

/// One strategy.
pub struct GridCell {
    pub strategy: &'static str,
    /// Its row in the verdict matrix of its scenario's page (`shared_counter.html#row-...`).
    pub href: String,
    pub broken: bool,
    /// Whether the strategy is the user crate's own.
    pub from_user: bool,
    /// `(tier, CSS class, word)` for loom, Miri, TSan, shuttle and stress, in that order.
    pub marks: Vec<(&'static str, &'static str, &'static str)>,
    /// 1 = fastest Correct strategy; `None` for Broken ones or where nothing was measured.
    pub rank: Option<usize>,
}

/// The matrix row's anchor for a strategy.
pub fn anchor(scenario: &str, strategy: &str) -> String {
    format!("row-{scenario}-{strategy}")
}

/// The grid of the first result set (an empty grid without one).
pub fn grid(m: &Matrix, data: &[SetData]) -> Grid {
    let Some(first) = data.first() else { return Grid { label: String::new(), rows: Vec::new() } };
    let mut rows: Vec<GridRow> = Vec::new();
    let mut ranked: Vec<&'static str> = Vec::new();
    for row in &m.rows {
        if row.scenario_rowspan.is_some() {
            let (ranked_at, order) = ranks(row.scenario, first);
            ranked = order;
            rows.push(GridRow { scenario: row.scenario.name, ranked_at, cells: Vec::new() });
        }
        let cell = GridCell {
            strategy: row.strategy.name,
            href: format!(
                "{}#{}",
                crate::site::page_file(row.scenario.name),
                anchor(row.scenario.name, row.strategy.name)
            ),
            broken: matches!(row.strategy.expectation, Expectation::Broken { .. }),
            from_user: row.from_user,
            marks: row.sets.first().map(marks).unwrap_or_default(),
            rank: ranked.iter().position(|s| *s == row.strategy.name).map(|i| i + 1),
        };
        if let Some(last) = rows.last_mut() {
            last.cells.push(cell);
        }
    }
    Grid { label: first.set.label.clone(), rows }
}

/// A stale result's mark: greyed and named stale, never shown as current.
fn unless_stale(
    freshness: &Freshness,
    mark: (&'static str, &'static str),
) -> (&'static str, &'static str) {
    match freshness {
        Freshness::Stale(_) => ("stale", "stale"),
        _ => mark,
    }
}

fn marks(set: &SetCells) -> Vec<(&'static str, &'static str, &'static str)> {
    let loom = match set.loom.map(|v| v.verdict) {
        None => ("not-run", "not run"),
        Some(Verdict::Proved) => ("proved", "proved"),
        Some(Verdict::Refuted) => ("refuted", "refuted"),
        Some(Verdict::NotModelled) => ("not-modelled", "not modelled"),
        Some(_) => ("bad", "failed"),
    };
    let loom = unless_stale(&set.loom_freshness, loom);
    let mut out = vec![("loom", loom.0, loom.1)];
    for (tier, cell) in ["Miri", "TSan", "shuttle"].into_iter().zip(&set.deep) {
        let mark = match cell.as_ref().map(|c| c.verdict.status) {
            None => ("not-run", "not run"),
            Some(DeepStatus::Clean) => ("proved", "clean"),
            Some(DeepStatus::Caught) => ("refuted", "caught"),
            Some(DeepStatus::Missed) => ("not-modelled", "silent"),
            Some(DeepStatus::NotApplicable) => ("not-modelled", "n/a"),
            Some(_) => ("bad", "failed"),
        };
        let (class, word) = match cell {
            Some(c) => unless_stale(&c.freshness, mark),
            None => mark,
        };
        out.push((tier, class, word));
    }
    let stress = set.stress.as_ref().map_or(("not-run", "not run"), |s| {
        unless_stale(&s.freshness, (s.class, stress_word(s.class)))
    });
    out.push(("stress", stress.0, stress.1));
    out
}

/// The word of a stress cell's class (its colour) on the grid's mark.
fn stress_word(class: &'static str) -> &'static str {
    match class {
        "proved" => "clean",
        "refuted" => "caught",
        "not-modelled" => "silent or inconclusive",
        "bad" => "failed",
        _ => "see its row",
    }
}

/// The scenario's Correct strategies, fastest first (by cost per element in the main
/// benchmark group), at the largest thread count measured that the set's cores cover.
pub(crate) fn ranks(scenario: &Scenario, d: &SetData) -> (Option<usize>, Vec<&'static str>) {
    let cores = d.machine().map_or(usize::MAX, |m| m.cores);
    let points = || {
        d.bench
            .items
            .iter()
            .filter(|p| p.group == scenario.name && p.threads.is_some_and(|t| t <= cores))
    };
    let Some(top) = points().filter_map(|p| p.threads).max() else { return (None, Vec::new()) };
    let mut timed: Vec<(&'static str, f64)> = scenario
        .strategies
        .iter()
        .filter(|s| matches!(s.expectation, Expectation::Correct))
        .filter_map(|s| {
            let point = points().find(|p| p.strategy == s.name && p.threads == Some(top))?;
            Some((s.name, point.ns_per_element()?))
        })
        .collect();
    timed.sort_by(|a, b| a.1.total_cmp(&b.1));
    (Some(top), timed.into_iter().map(|(name, _)| name).collect())
}
