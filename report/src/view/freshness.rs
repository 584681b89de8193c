//! Whether a result is current: its recorded `source_hash` against the same hash of the
//! files in the tree now (`threadlab_results::source_hash`, the function the build used).
//! A result whose code changed since is stale; one without provenance, or read where the
//! report has no sources, is unknown, never current.

use scenarios::{Scenario, Strategy};
use threadlab_results::Provenance;
use threadlab_results::source_hash::SourceEntry;

use crate::view::matrix::Matrix;
use crate::{SeedPrograms, SetData};

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
        let table = Some(scenarios::catalogue::sources::tree_now(
            threadlab_results::paths::current_workspace(),
        ))
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

/// The audit of the matrix's cells, plus every benchmark, fairness, proof-depth and seeds
/// entry of `data` (depth rows of a set that holds depth files, seeds rows of a set with a
/// seeds table: the rows the page shows).
pub fn audit(
    matrix: &Matrix,
    data: &[SetData],
    tree: &TreeSources,
    programs: SeedPrograms,
) -> Audit {
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
        for scenario in scenarios::catalogue::reported() {
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
        for row in d.seeds.iter().flat_map(|file| &file.rows) {
            let f = crate::view::seeds::row_freshness(row, tree, programs);
            let what = format!("{}: seeds {}-{}", d.set.label, row.seed, row.example);
            audit.note(what, Some(&f));
        }
    }
    for view in crate::view::proof_depth::depth_views(data, tree) {
        for scenario in &view.scenarios {
            for row in &scenario.rows {
                let what = format!(
                    "{}: {}/{} proof depth",
                    view.label, scenario.scenario.name, row.strategy.name
                );
                audit.note(what, row.file.map(|_| &row.freshness));
            }
        }
    }
    audit
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One seed program, `001-5`: semaphore/condvar.
    fn one_program(id: &str) -> Option<(&'static Scenario, &'static Strategy)> {
        let scenario = scenarios::scenario("semaphore").ok()?;
        (id == "001-5").then(|| (scenario, scenario.strategy("condvar").unwrap()))
    }

    #[test]
    fn stale_proof_depth_and_seeds_rows_are_in_the_audit() {
        use threadlab_results::proof_depth::DepthFile;
        use threadlab_results::seeds::{Match, SeedRowResult, SeedsFile, SideRun, Times};
        let mut old = Provenance::record(None, "loom", "0", None, Default::default());
        old.source_hash = Some("0".repeat(64));
        old.commit = Some("abcdef0123456789".into());
        let mut d = crate::SetData::load(threadlab_results::ResultSet::from_dir(
            std::path::Path::new("/nonexistent"),
        ));
        d.depth.items.push(DepthFile {
            scenario: "shared_counter".into(),
            strategy: "atomic".into(),
            model: "real".into(),
            preemption_bound: None,
            step_budget_seconds: 1.0,
            sizes: Vec::new(),
            loom_version: "0.7".into(),
            provenance: Some(old.clone()),
        });
        let not_run = || SideRun::NotRun { reason: "test".into() };
        d.seeds = Some(SeedsFile {
            machine: crate::test_machine(),
            time_scale: 0.05,
            python_version: None,
            rows: vec![SeedRowResult {
                seed: "001".into(),
                example: "5".into(),
                title: String::new(),
                shows: String::new(),
                command: String::new(),
                differs: String::new(),
                seed_errors: Vec::new(),
                rust: not_run(),
                python: not_run(),
                verdict: Match::NotCompared { reason: "test".into() },
                times: Times::NotCompared { reason: "test".into() },
                provenance: Some(old),
            }],
            provenance: None,
        });
        let data = [d];
        let tree = TreeSources::scan_current();
        let matrix = crate::view::matrix::matrix_against(&data, &tree);
        let audit = audit(&matrix, &data, &tree, one_program);
        let label = &data[0].set.label;
        let depth = format!("{label}: shared_counter/atomic proof depth (from abcdef0123)");
        assert!(audit.stale.contains(&depth), "{:?}", audit.stale);
        let seeds = format!("{label}: seeds 001-5 (from abcdef0123)");
        assert!(audit.stale.contains(&seeds), "{:?}", audit.stale);
        // The other strategies the depth step climbs, shown as not run, are missing.
        assert!(audit.missing.iter().any(|m| m.ends_with("/std_mutex proof depth")));
        assert!(!audit.all_current());
    }

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
