//! Whether a result is current: its recorded `source_hash` against the same hash of the
//! files in the tree now (`threadlab_results::source_hash`, the function the build used).
//! A result whose code changed since is stale; one without provenance, or read where the
//! report has no sources, is unknown, never current.

use scenarios::{Scenario, Strategy};
use threadlab_results::Provenance;
use threadlab_results::source_hash::{SourceEntry, scan};

use crate::SetData;
use crate::view::matrix::Matrix;

/// How a result relates to the code in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// Recorded from the code the tree holds now.
    Current,
    /// Recorded from other code; the label names the commit it came from.
    Stale(String),
    /// No provenance, or no sources to compare with.
    Unknown,
}

/// The tree's sources, hashed once per report.
pub struct TreeSources {
    /// `None` outside a workspace (a copied binary rendering a sample): nothing to compare.
    table: Option<Vec<SourceEntry>>,
}

impl TreeSources {
    /// Hash `scenarios/src` of the workspace the report runs in.
    pub fn scan_current() -> Self {
        let table = threadlab_results::paths::current_workspace()
            .map(|w| scan(&w))
            .filter(|t| !t.is_empty());
        TreeSources { table }
    }

    /// How a result of `strategy` with `provenance` relates to the tree.
    pub fn freshness(
        &self,
        scenario: &Scenario,
        strategy: &Strategy,
        provenance: Option<&Provenance>,
    ) -> Freshness {
        let Some(p) = provenance else { return Freshness::Unknown };
        let Some(recorded) = p.source_hash.as_deref() else { return Freshness::Unknown };
        let Some(table) = &self.table else { return Freshness::Unknown };
        match scenario.source_hash_in(strategy, table) {
            Some(now) if now == recorded => Freshness::Current,
            Some(_) => Freshness::Stale(p.commit_label()),
            None => Freshness::Unknown,
        }
    }

    /// The strategy's freshness, looked up by name (for results that name it).
    pub fn by_name(
        &self,
        scenario: &Scenario,
        strategy: &str,
        provenance: Option<&Provenance>,
    ) -> Freshness {
        match scenario.strategy(strategy) {
            Ok(strategy) => self.freshness(scenario, strategy, provenance),
            Err(_) => Freshness::Unknown,
        }
    }
}

/// Every result the report shows that is not current: what `--strict` refuses.
#[derive(Debug, Default)]
pub struct Audit {
    /// How many results are current.
    pub current: usize,
    /// `set: scenario/strategy tool (from commit)`, one per stale result.
    pub stale: Vec<String>,
    /// `set: scenario/strategy tool`, one per result not run.
    pub missing: Vec<String>,
    /// `set: scenario/strategy tool`, one per result without provenance or sources.
    pub unknown: Vec<String>,
}

impl Audit {
    /// Whether every result shown is current (what `threadlab report --strict` asks).
    pub fn all_current(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.unknown.is_empty()
    }

    fn note(&mut self, what: String, freshness: Option<&Freshness>) {
        match freshness {
            None => self.missing.push(what),
            Some(Freshness::Current) => self.current += 1,
            Some(Freshness::Stale(commit)) => self.stale.push(format!("{what} (from {commit})")),
            Some(Freshness::Unknown) => self.unknown.push(what),
        }
    }
}

/// The audit of the matrix's cells, plus every benchmark and fairness entry of `data`.
pub fn audit(matrix: &Matrix, data: &[SetData], tree: &TreeSources) -> Audit {
    let mut audit = Audit::default();
    for row in &matrix.rows {
        let name = format!("{}/{}", row.scenario.name, row.strategy.name);
        for (label, set) in matrix.labels.iter().zip(&row.sets) {
            let at = |tool: &str| format!("{label}: {name} {tool}");
            audit.note(at("loom"), set.loom.map(|_| &set.loom_freshness));
            for (tier, cell) in threadlab_results::deep::Tier::ALL.iter().zip(&set.deep) {
                audit.note(at(tier.name()), cell.as_ref().map(|c| &c.freshness));
            }
            audit.note(at("stress"), set.stress.as_ref().map(|c| &c.freshness));
        }
    }
    for d in data {
        for &scenario in scenarios::catalogue() {
            for point in d.bench.items.iter().filter(|p| p.belongs_to(scenario.name)) {
                let what = format!("{}: {}/{} criterion", d.set.label, point.group, point.strategy);
                let f = tree.by_name(scenario, &point.strategy, point.provenance.as_ref());
                audit.note(format!("{what} at {}", point.value), Some(&f));
            }
            for file in d.fairness.iter().filter(|f| f.scenario == scenario.name) {
                for e in &file.entries {
                    let what =
                        format!("{}: {}/{} fairness", d.set.label, scenario.name, e.strategy);
                    let f = tree.by_name(scenario, &e.strategy, e.provenance.as_ref());
                    audit.note(format!("{what} at {} threads", e.threads), Some(&f));
                }
            }
        }
    }
    audit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_current_stale_or_unknown_by_its_recorded_hash() {
        let tree = TreeSources::scan_current();
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let atomic = scenario.strategy("atomic").unwrap();
        let mut p = Provenance::record(None, "stress", "0", None, Default::default());
        assert_eq!(tree.freshness(scenario, atomic, Some(&p)), Freshness::Unknown);
        assert_eq!(tree.freshness(scenario, atomic, None), Freshness::Unknown);
        p.source_hash = scenario.built_source_hash(atomic);
        assert_eq!(tree.freshness(scenario, atomic, Some(&p)), Freshness::Current);
        p.source_hash = Some("0".repeat(64));
        p.commit = Some("abcdef0123456789".into());
        assert_eq!(
            tree.freshness(scenario, atomic, Some(&p)),
            Freshness::Stale("abcdef0123".into())
        );
        let outside = TreeSources { table: None };
        p.source_hash = scenario.built_source_hash(atomic);
        assert_eq!(outside.freshness(scenario, atomic, Some(&p)), Freshness::Unknown);
    }
}
