//! The answer to "which one should I use?", per scenario, from the first result set: the
//! fastest Correct strategy that every tier which ran on it proved or found clean, at the
//! largest benchmarked thread count this machine's cores cover, with its cost per element
//! and the size of its loom proof; and each Broken strategy with what found its bug.

use scenarios::{Expectation, Scenario};
use threadlab_results::deep::DeepStatus;
use threadlab_results::loom::Verdict;
use threadlab_results::stress::StrategyVerdict;

use super::freshness::Freshness;
use super::grid::ranks;
use super::matrix::{Matrix, MatrixRow, SetCells};
use crate::SetData;
use crate::figures::bound_text;
use crate::words::plural;

/// One scenario's recommendation.
pub struct Recommendation {
    pub scenario: &'static str,
    /// The sentence: which strategy, why, at what cost.
    pub line: String,
    /// One line per Broken strategy: its bug and which tiers found it.
    pub broken: Vec<(&'static str, String)>,
}

/// A recommendation per scenario of the catalogue (none without a result set).
pub fn recommendations(m: &Matrix, data: &[SetData]) -> Vec<Recommendation> {
    let Some(first) = data.first() else { return Vec::new() };
    scenarios::catalogue::reported()
        .iter()
        .map(|&scenario| {
            let rows: Vec<&MatrixRow> =
                m.rows.iter().filter(|r| r.scenario.name == scenario.name).collect();
            recommend(scenario, &rows, first)
        })
        .collect()
}

fn recommend(scenario: &'static Scenario, rows: &[&MatrixRow], d: &SetData) -> Recommendation {
    let passed: Vec<(&MatrixRow, Vec<&'static str>)> = rows
        .iter()
        .filter(|r| matches!(r.strategy.expectation, Expectation::Correct))
        .filter_map(|r| Some((*r, passing_tiers(r.sets.first()?)?)))
        .collect();
    let (at, order) = ranks(scenario, d);
    // A scenario whose strategies do different work (waiting or computing) has no one
    // fastest: its speed-up summary names the threaded form of each.
    if let Some(summary) = scenario.speedup_summary {
        let line = format!(
            "No one recommendation: its strategies do different work, so their speeds do not \
             rank against each other. Threads for waiting work: {}; for computing work: {} \
             (against {}, the sequential run); see the speed-ups on its page.",
            summary.waiting, summary.threaded, summary.sequential
        );
        return Recommendation { scenario: scenario.name, line, broken: broken_lines(rows) };
    }
    let fastest =
        order.iter().find_map(|name| passed.iter().find(|(r, _)| r.strategy.name == *name));
    let line = match (fastest, at) {
        (Some((row, tiers)), Some(threads)) => {
            let cost = d
                .bench
                .items
                .iter()
                .find(|p| {
                    p.group == scenario.name
                        && p.strategy == row.strategy.name
                        && p.threads == Some(threads)
                })
                .and_then(|p| p.ns_per_element())
                .map_or_else(String::new, |ns| format!(", {} per operation", ns_text(ns)));
            format!(
                "Use {}: the fastest proved or clean in every tier that ran ({}), at {}{}{}.",
                row.strategy.name,
                tiers.join(", "),
                plural(threads, "thread"),
                cost,
                proof_size(row.sets.first()),
            )
        }
        (None, _) if passed.is_empty() => {
            "No correct strategy is proved or clean in every tier that ran: nothing to recommend yet."
                .to_owned()
        }
        _ => format!(
            "No benchmark at a thread count this machine's cores cover ranks them; proved or \
             clean in every tier that ran: {}.",
            passed.iter().map(|(r, _)| r.strategy.name).collect::<Vec<_>>().join(", ")
        ),
    };
    let broken = broken_lines(rows);
    Recommendation { scenario: scenario.name, line, broken }
}

/// One line per Broken strategy: its bug's name and which tiers found it.
fn broken_lines(rows: &[&MatrixRow]) -> Vec<(&'static str, String)> {
    rows.iter()
        .filter_map(|r| match r.strategy.expectation {
            Expectation::Broken { bug, .. } => {
                // The bug's name, before its explanation (`lost update: the total...`).
                let name = bug.split(':').next().unwrap_or(bug);
                Some((r.strategy.name, format!("{name}; {}", found_by(r.sets.first()))))
            }
            Expectation::Correct => None,
        })
        .collect()
}

/// The tiers that proved or found the strategy clean, when none that ran said otherwise
/// (a tier that cannot check it, not modelled or n/a, did not run on it); `None` when one
/// did, when a result is stale, or when no tier ran.
fn passing_tiers(set: &SetCells) -> Option<Vec<&'static str>> {
    let mut tiers = Vec::new();
    match set.loom.map(|v| v.verdict) {
        Some(Verdict::Proved) if !stale(&set.loom_freshness) => tiers.push("loom"),
        Some(Verdict::NotModelled) | None => {}
        Some(_) => return None,
    }
    for (tier, cell) in ["Miri", "TSan", "shuttle"].into_iter().zip(&set.deep) {
        match cell.as_ref().map(|c| (c.verdict.status, stale(&c.freshness))) {
            Some((DeepStatus::Clean, false)) => tiers.push(tier),
            Some((DeepStatus::NotApplicable, _)) | None => {}
            Some(_) => return None,
        }
    }
    match &set.stress {
        Some(s) if s.verdict == StrategyVerdict::Clean && !stale(&s.freshness) => {
            tiers.push("stress");
        }
        None => {}
        Some(_) => return None,
    }
    (!tiers.is_empty()).then_some(tiers)
}

fn stale(f: &Freshness) -> bool {
    matches!(f, Freshness::Stale(_))
}

/// `; loom's proof covers 2 threads x 2 ops, every interleaving`, or nothing without one.
fn proof_size(set: Option<&SetCells>) -> String {
    match set.and_then(|s| s.loom).filter(|v| v.verdict == Verdict::Proved) {
        Some(v) => format!(
            "; loom's proof: {} x {}, {}",
            plural(v.threads, "thread"),
            plural(v.ops, "op"),
            if v.preemption_bound.is_none() {
                "every interleaving".to_owned()
            } else {
                bound_text(v)
            }
        ),
        None => String::new(),
    }
}

/// `found by loom, Miri` or `not yet found by a tier that ran`.
fn found_by(set: Option<&SetCells>) -> String {
    let Some(set) = set else { return "no tier ran".to_owned() };
    let mut tiers = Vec::new();
    if set.loom.is_some_and(|v| v.verdict == Verdict::Refuted) {
        tiers.push("loom");
    }
    for (tier, cell) in ["Miri", "TSan", "shuttle"].into_iter().zip(&set.deep) {
        if cell.as_ref().is_some_and(|c| c.verdict.status == DeepStatus::Caught) {
            tiers.push(tier);
        }
    }
    if set.stress.as_ref().is_some_and(|s| s.verdict == StrategyVerdict::BugObserved) {
        tiers.push("stress");
    }
    if tiers.is_empty() {
        "not found by any tier that ran".to_owned()
    } else {
        format!("found by {}", tiers.join(", "))
    }
}

/// `2.4 ns`, `1.3 us`, `12 ms`.
fn ns_text(ns: f64) -> String {
    match ns {
        n if n < 1e3 => format!("{n:.1} ns"),
        n if n < 1e6 => format!("{:.1} us", n / 1e3),
        n => format!("{:.1} ms", n / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::verdict;
    use threadlab_results::ResultSet;
    use threadlab_results::criterion::BenchPoint;

    fn point(strategy: &str, threads: usize, median_ns: f64) -> BenchPoint {
        BenchPoint {
            group: "shared_counter".into(),
            strategy: strategy.into(),
            value: threads.to_string(),
            threads: Some(threads),
            elements: Some(1000),
            median_ns,
            median_low_ns: median_ns,
            median_high_ns: median_ns,
            dir: std::path::PathBuf::new(),
            provenance: None,
            noise: None,
        }
    }

    #[test]
    fn the_fastest_strategy_proved_everywhere_it_ran_is_recommended_and_a_refuted_one_is_not() {
        let empty =
            std::env::temp_dir().join(format!("threadlab-recommend-{}", std::process::id()));
        let mut d = SetData::load(ResultSet::from_dir(&empty));
        d.loom.items =
            vec![verdict("atomic", Verdict::Proved), verdict("std_mutex", Verdict::Proved)];
        // spin is fastest but loom's verdict on it is an error: it is not recommended.
        let mut spin = verdict("spin", Verdict::Error);
        spin.executions = 0;
        d.loom.items.push(spin);
        d.bench.items = vec![
            point("atomic", 1, 5000.0),
            point("atomic", 2, 9000.0),
            point("std_mutex", 2, 4000.0),
            point("spin", 2, 1000.0),
        ];
        let data = vec![d];
        let m = crate::view::matrix::matrix(&data);
        let all = recommendations(&m, &data);
        let r = all.iter().find(|r| r.scenario == "shared_counter").unwrap();
        assert!(r.line.starts_with("Use std_mutex: "), "{}", r.line);
        assert!(r.line.contains("(loom), at 2 threads, 4.0 ns per operation"), "{}", r.line);
        assert!(
            r.line.contains("loom's proof: 2 threads x 2 ops, every interleaving"),
            "{}",
            r.line
        );
        let unsync = r.broken.iter().find(|(n, _)| *n == "unsync").unwrap();
        assert_eq!(unsync.1, "lost update; not found by any tier that ran");
        // io_vs_cpu's strategies wait or compute: no one of them is "the fastest".
        let mixed = all.iter().find(|r| r.scenario == "io_vs_cpu").unwrap();
        assert!(mixed.line.starts_with("No one recommendation: "), "{}", mixed.line);
    }
}
