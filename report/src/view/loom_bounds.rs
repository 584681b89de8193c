//! Each scenario's loom configuration, its bound and the reason for both (from the
//! catalogue's `LoomConfig`), beside the execution counts its verdict files measured there.

use maud::{Markup, html};
use scenarios::Scenario;
use threadlab_results::loom::LoomVerdict;

use crate::SetData;

/// One scenario's row.
pub struct BoundRow {
    pub scenario: &'static str,
    /// `2x2`, with the third knob where the scenario has one (`3x1, K 2`).
    pub size: String,
    /// `unbounded` or `at most N preemptions`.
    pub bound: String,
    pub why: &'static str,
    /// (strategy, executions, seconds) of each verdict recorded at this configuration.
    pub measured: Vec<(String, u64, f64)>,
    /// Verdicts recorded at another size or bound (an older catalogue): not counted above.
    pub elsewhere: usize,
    /// Verdicts at this size that explored nothing (strategies loom does not model).
    pub unexplored: usize,
}

/// A row per scenario, in catalogue order, with the counts of the first set that ran loom.
pub fn bound_rows(data: &[SetData]) -> Vec<BoundRow> {
    let verdicts: &[LoomVerdict] =
        data.iter().find(|d| !d.loom.items.is_empty()).map_or(&[], |d| &d.loom.items[..]);
    scenarios::catalogue::reported().iter().map(|s| row(s, verdicts)).collect()
}

fn row(scenario: &'static Scenario, verdicts: &[LoomVerdict]) -> BoundRow {
    let config = &scenario.loom;
    let p = &config.params;
    let limit = scenario.params.limit.map(|l| format!(", {} {}", l.name, p.limit));
    let here = |v: &LoomVerdict| {
        v.threads == p.threads
            && v.ops == p.ops
            && (scenario.params.limit.is_none() || v.limit == p.limit)
    };
    let own: Vec<&LoomVerdict> = verdicts.iter().filter(|v| v.scenario == scenario.name).collect();
    // A strategy's own bound (`RealBounded`) may differ from the scenario's; its count is
    // still this configuration's, and the bound it ran under is in the verdict file.
    let measured: Vec<(String, u64, f64)> = scenario
        .strategies
        .iter()
        .filter_map(|st| own.iter().find(|v| here(v) && v.strategy == st.name))
        .filter(|v| v.executions > 0)
        .map(|v| (v.strategy.clone(), v.executions, v.seconds))
        .collect();
    BoundRow {
        scenario: scenario.name,
        size: format!("{}x{}{}", p.threads, p.ops, limit.unwrap_or_default()),
        bound: match config.preemption_bound {
            None => "unbounded".to_owned(),
            Some(n) => format!("at most {n} preemptions"),
        },
        why: config.why,
        measured,
        elsewhere: own.iter().filter(|v| !here(v)).count(),
        unexplored: own.iter().filter(|v| here(v) && v.executions == 0).count(),
    }
}

/// The table, after the cost-of-proof chart.
pub fn bounds_table(rows: &[BoundRow]) -> Markup {
    html! {
        h3 { "How far each proof goes, and why" }
        p.small {
            "Each scenario's loom configuration and preemption bound, with the reason the "
            "catalogue gives for them (" code { "threadlab list" } " prints the same), and the "
            "executions each strategy's verdict file measured at that configuration."
        }
        table {
            tr { th { "scenario" } th { "size" } th { "bound" } th { "why" } th { "executions measured" } }
            @for r in rows {
                tr {
                    td { (r.scenario) }
                    td { (r.size) }
                    td { (r.bound) }
                    td.small { (r.why) }
                    td.small {
                        @if r.measured.is_empty() && r.unexplored == 0 { span.not-run { "no verdict at this size" } }
                        @if r.measured.is_empty() && r.unexplored > 0 { span.not-run { "nothing explored: not modelled" } }
                        @for (strategy, executions, seconds) in &r.measured {
                            (strategy) ": " (executions) " (" (format!("{seconds:.2}")) " s)" br;
                        }
                        @if r.elsewhere > 0 {
                            span.not-run { (r.elsewhere) " recorded at another size, not counted" }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(strategy: &str, threads: usize, executions: u64) -> LoomVerdict {
        let counter = scenarios::scenario("shared_counter").unwrap();
        let json = serde_json::json!({
            "scenario": counter.name, "strategy": strategy, "expectation": "correct",
            "verdict": "proved", "model": "real", "threads": threads,
            "ops": counter.loom.params.ops, "limit": 0, "preemption_bound": null,
            "executions": executions, "seconds": 0.25, "loom_version": "0.7",
        });
        serde_json::from_value(json).expect("a verdict")
    }

    #[test]
    fn a_row_gives_the_catalogue_s_reason_beside_the_counts_measured_at_its_size() {
        let counter = scenarios::scenario("shared_counter").unwrap();
        let at_size = counter.loom.params.threads;
        let verdicts = [verdict("atomic", at_size, 810), verdict("std_mutex", at_size + 1, 99_999)];
        let r = row(counter, &verdicts);
        assert_eq!(r.why, counter.loom.why);
        assert_eq!(r.measured, [("atomic".to_owned(), 810, 0.25)]);
        assert_eq!(r.elsewhere, 1, "the other size is named, not counted");
        let html = bounds_table(&[r]).into_string();
        assert!(html.contains("atomic: 810 (0.25 s)") && html.contains("unbounded"), "{html}");
        assert!(html.contains("1 recorded at another size"), "{html}");
        let none = row(counter, &[]);
        assert!(bounds_table(&[none]).into_string().contains("no verdict at this size"));
    }
}
