//! The "Seeds side by side" section, shaped from `<results>/seeds.json`: one row per seed
//! program, in the words `threadlab seeds` prints (the same functions word both).

use threadlab_results::seeds::{Match, SeedsFile};

use crate::seeds::text;

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

/// The view of one set's file; `None` when `threadlab seeds` has not run for it.
pub fn seeds_view(file: Option<&SeedsFile>) -> Option<SeedsView> {
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
                title: row.title.clone(),
                shows: row.shows.clone(),
                command: row.command.clone(),
                rust: text::side(&row.rust),
                python: text::side(&row.python),
                verdict_class: match row.verdict {
                    Match::Same { .. } => "proved",
                    Match::Differs { .. } => "bad",
                    Match::NotCompared { .. } => "not-run",
                },
                verdict: text::verdict(&row.verdict),
                times: text::times(row),
                differs: row.differs.clone(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_results::seeds::{SeedRowResult, SideRun, Times};

    #[test]
    fn no_file_is_no_view_and_a_row_keeps_its_words_and_verdict() {
        assert!(seeds_view(None).is_none());
        let row = SeedRowResult {
            seed: "001".into(),
            example: "5".into(),
            title: "Semaphore(3)".into(),
            shows: "at most 3 inside".into(),
            command: "threadlab run semaphore --strategy condvar --preset seed-001".into(),
            differs: "no sleeps".into(),
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
            machine: crate::machine::describe(),
            time_scale: 0.05,
            python_version: None,
            rows: vec![row],
            provenance: None,
        };
        let view = seeds_view(Some(&file)).unwrap();
        assert!(view.header.starts_with("Python not run"), "{}", view.header);
        let row = &view.rows[0];
        assert_eq!((row.id.as_str(), row.verdict_class), ("001-5", "not-run"));
        assert_eq!(row.python, "not run: python3 is not on the PATH");
        assert_eq!(row.rust, "max_inside=3 (2.000 ms)");
    }
}
