//! The "Seeds side by side" section, shaped from `<results>/seeds.json`: one row per seed
//! program, in the words `threadlab seeds` prints (the same functions word both).

use threadlab_results::seeds::{Match, SeedRowResult, SeedsFile};

use crate::SeedPrograms;
use crate::seeds_text as text;
use crate::view::freshness::{Freshness, TreeSources};

/// One result set's seeds table.
pub struct SeedsView {
    /// Python's version, the time scale, when and where it ran, e.g. `Python 3.11.7; the
    /// seeds' sleeps x 0.05; recorded ... on AMD EPYC x2 ..., load 2.1/1.9`.
    pub header: String,
    pub rows: Vec<SeedRowView>,
}

/// One seed program and both runs of it, worded.
pub struct SeedRowView {
    pub id: String,
    /// The scenario whose run reproduces it (`None`: its program is no longer in the table).
    pub scenario: Option<&'static str>,
    pub title: String,
    pub shows: String,
    pub command: String,
    pub rust: String,
    pub python: String,
    /// The CSS class the verdict is drawn with (same, differs, not compared).
    pub verdict_class: &'static str,
    /// `same outcome (total equal)`, or why they differ or were not compared.
    pub verdict: String,
    pub times: String,
    pub differs: String,
}

/// Whether a row was recorded from the code its strategy has in the tree now (as loom
/// verdicts are judged): a row whose program is no longer in the table is of unknown
/// freshness.
pub(crate) fn row_freshness(
    row: &SeedRowResult,
    tree: &TreeSources,
    programs: SeedPrograms,
) -> Freshness {
    match programs(&text::id(row)) {
        Some((scenario, strategy)) => tree.freshness(scenario, strategy, row.provenance.as_ref()),
        None => Freshness::Unknown,
    }
}

/// The view of one set's file; `None` when `threadlab seeds` has not run for it. A row
/// recorded from older code than the tree's is greyed and says so before its outcome.
pub fn seeds_view(
    file: Option<&SeedsFile>,
    tree: &TreeSources,
    programs: SeedPrograms,
) -> Option<SeedsView> {
    let file = file?;
    let python = file
        .python_version
        .as_deref()
        .map_or_else(|| "Python not run (no interpreter)".to_owned(), |v| format!("Python {v}"));
    let recorded = file
        .provenance
        .as_ref()
        .map_or(String::new(), |p| format!("; recorded {} at {}", p.recorded_at, p.commit_label()));
    Some(SeedsView {
        header: format!(
            "{python}; the seeds' sleeps x {}{recorded}; on {}; times: one run of each side",
            file.time_scale,
            file.machine.summary()
        ),
        rows: file
            .rows
            .iter()
            .map(|row| SeedRowView {
                id: text::id(row),
                scenario: programs(&text::id(row)).map(|(s, _)| s.name),
                title: row.title.clone(),
                shows: row.shows.clone(),
                command: row.command.clone(),
                rust: text::side(&row.rust),
                python: text::side(&row.python),
                verdict_class: match (row_freshness(row, tree, programs), &row.verdict) {
                    (Freshness::Stale(_), _) => "stale",
                    (_, Match::Same { .. }) => "proved",
                    (_, Match::Differs { .. }) => "bad",
                    (_, Match::NotCompared { .. }) => "not-run",
                },
                verdict: match row_freshness(row, tree, programs) {
                    Freshness::Stale(commit) => format!(
                        "stale: recorded from older code ({commit}); {}",
                        text::verdict(&row.verdict)
                    ),
                    _ => text::verdict(&row.verdict),
                },
                times: text::times(row),
                differs: row.differs.clone(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scenarios::{Scenario, Strategy};
    use threadlab_results::seeds::{SeedRowResult, SideRun, Times};

    /// A table of one seed program, `001-5`: semaphore/condvar.
    fn one_program(id: &str) -> Option<(&'static Scenario, &'static Strategy)> {
        let scenario = scenarios::scenario("semaphore").ok()?;
        (id == "001-5").then(|| (scenario, scenario.strategy("condvar").unwrap()))
    }

    #[test]
    fn no_file_is_no_view_and_a_row_keeps_its_words_and_verdict() {
        let tree = TreeSources::scan_current();
        assert!(seeds_view(None, &tree, one_program).is_none());
        let row = SeedRowResult {
            seed: "001".into(),
            example: "5".into(),
            title: "Semaphore(3)".into(),
            shows: "at most 3 inside".into(),
            command: "threadlab run semaphore --strategy condvar --preset seed-001".into(),
            differs: "no sleeps".into(),
            seed_errors: Vec::new(),
            rust: SideRun::Ran {
                observed: "max_inside=3".into(),
                holds: true,
                values: Default::default(),
                seconds: Some(0.002),
            },
            python: SideRun::NotRun { reason: "python3 is not on the PATH".into() },
            verdict: Match::NotCompared { reason: "Python not run".into() },
            times: Times::NotCompared { reason: "mostly sleeps".into() },
            provenance: None,
        };
        let file = SeedsFile {
            machine: crate::test_machine(),
            time_scale: 0.05,
            python_version: None,
            rows: vec![row],
            provenance: None,
        };
        let view = seeds_view(Some(&file), &tree, one_program).unwrap();
        assert!(view.header.starts_with("Python not run"), "{}", view.header);
        let row = &view.rows[0];
        assert_eq!((row.id.as_str(), row.verdict_class), ("001-5", "not-run"));
        assert_eq!(row.python, "not run: python3 is not on the PATH");
        assert_eq!(row.rust, "max_inside=3 (2.000 ms)");
    }

    #[test]
    fn a_row_recorded_from_other_code_is_shown_stale() {
        let tree = TreeSources::scan_current();
        let (scenario, strategy) = one_program("001-5").unwrap();
        let current = scenario.built_source_hash(strategy);
        let row = |hash: Option<String>| SeedRowResult {
            seed: "001".into(),
            example: "5".into(),
            title: String::new(),
            shows: String::new(),
            command: String::new(),
            differs: String::new(),
            seed_errors: Vec::new(),
            rust: SideRun::NotRun { reason: "test".into() },
            python: SideRun::NotRun { reason: "test".into() },
            verdict: Match::NotCompared { reason: "test".into() },
            times: Times::NotCompared { reason: "test".into() },
            provenance: Some(threadlab_results::provenance::Provenance::record(
                None,
                "seeds",
                "test",
                hash,
                Default::default(),
            )),
        };
        let old = row(Some("0".repeat(64)));
        assert!(matches!(row_freshness(&old, &tree, one_program), Freshness::Stale(_)));
        let file = SeedsFile {
            machine: crate::test_machine(),
            time_scale: 0.05,
            python_version: None,
            rows: vec![old, row(current)],
            provenance: None,
        };
        let view = seeds_view(Some(&file), &tree, one_program).unwrap();
        assert_eq!(view.rows[0].verdict_class, "stale");
        assert!(view.rows[0].verdict.starts_with("stale: recorded from older code"));
        assert_ne!(view.rows[1].verdict_class, "stale", "{}", view.rows[1].verdict);
    }
}
