//! The proof-depth file: `<results>/depth/<scenario>.<strategy>.json`, one Correct
//! strategy's loom model checked at growing sizes within a shared time budget.
//!
//! A size is `proved` only when loom finished its search; a search the budget cut short is
//! `not-finished`, however many executions it got through.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::file::{Place, ResultFile};

/// How the check of one size ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SizeStatus {
    /// loom explored every execution (under the file's preemption bound, if any) and the
    /// invariant held in each.
    Proved,
    /// The budget ran out before loom finished: no proof at this size.
    NotFinished,
    /// The invariant failed at this size: a Correct strategy's bug (the message says what).
    Violated,
    /// loom gave up on the model (its branch or thread limit): no verdict.
    LoomLimit,
    /// Not tried: a smaller size before it did not prove.
    NotTried,
}

/// `proved`, `not finished`, `violated`, `loom's limit`, `not tried`.
impl std::fmt::Display for SizeStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SizeStatus::Proved => "proved",
            SizeStatus::NotFinished => "not finished",
            SizeStatus::Violated => "violated",
            SizeStatus::LoomLimit => "loom's limit",
            SizeStatus::NotTried => "not tried",
        })
    }
}

/// One size of the ladder and what its check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepthSize {
    pub threads: usize,
    pub ops: usize,
    pub limit: usize,
    pub status: SizeStatus,
    /// Executions loom ran (all of them for `proved`; those it got through otherwise).
    pub executions: u64,
    pub seconds: f64,
    /// The time this size was allowed (its share of what was left of the step's budget).
    pub allowed_seconds: f64,
    /// What failed, for `violated` and `loom-limit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl DepthSize {
    /// `2x3`: threads x ops.
    pub fn label(&self) -> String {
        format!("{}x{}", self.threads, self.ops)
    }
}

/// One strategy's ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepthFile {
    pub scenario: String,
    pub strategy: String,
    /// `real` or `stand-in: <what stands in>`, as in the loom verdict.
    pub model: String,
    /// `None`: every size searched exhaustively; `Some(n)`: at most n preemptions per
    /// execution, so a `proved` size is proved up to that bound.
    pub preemption_bound: Option<usize>,
    /// The whole step's budget, shared out across every strategy.
    pub step_budget_seconds: f64,
    /// Every size of the scenario's ladder, smallest first.
    pub sizes: Vec<DepthSize>,
    pub loom_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

impl DepthFile {
    pub fn file_name(scenario: &str, strategy: &str) -> String {
        format!("{scenario}.{strategy}.json")
    }

    /// The largest size proved with every size before it proved too; `None` when the first
    /// size did not prove.
    pub fn largest_proved(&self) -> Option<&DepthSize> {
        self.sizes.iter().take_while(|s| s.status == SizeStatus::Proved).last()
    }

    /// The first size that did not prove (where the ladder stopped); `None` when every size
    /// proved.
    pub fn stopped_at(&self) -> Option<&DepthSize> {
        self.sizes.iter().find(|s| s.status != SizeStatus::Proved)
    }
}

impl crate::Format for DepthFile {
    const NAME: &'static str = "proof-depth";
    const VERSION: u32 = 1;
}

impl ResultFile for DepthFile {
    const PLACE: Place = Place::Folders(&["depth"]);
    fn relative_path(&self) -> PathBuf {
        Path::new("depth").join(Self::file_name(&self.scenario, &self.strategy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(threads: usize, ops: usize, status: SizeStatus) -> DepthSize {
        DepthSize {
            threads,
            ops,
            limit: 0,
            status,
            executions: 10,
            seconds: 0.1,
            allowed_seconds: 1.0,
            message: None,
        }
    }

    fn file(sizes: Vec<DepthSize>) -> DepthFile {
        DepthFile {
            scenario: "s".into(),
            strategy: "t".into(),
            model: "real".into(),
            preemption_bound: Some(2),
            step_budget_seconds: 15.0,
            sizes,
            loom_version: "0.7.3".into(),
            provenance: None,
        }
    }

    #[test]
    fn a_size_after_an_unfinished_one_is_never_the_largest_proved() {
        use SizeStatus::*;
        let f = file(vec![size(2, 1, Proved), size(2, 2, NotFinished), size(3, 1, Proved)]);
        assert_eq!(f.largest_proved().map(DepthSize::label).as_deref(), Some("2x1"));
        assert_eq!(f.stopped_at().map(DepthSize::label).as_deref(), Some("2x2"));
        let none = file(vec![size(2, 1, NotFinished)]);
        assert!(none.largest_proved().is_none());
        let all = file(vec![size(2, 1, Proved), size(2, 2, Proved)]);
        assert_eq!(all.largest_proved().map(DepthSize::label).as_deref(), Some("2x2"));
        assert!(all.stopped_at().is_none());
    }

    #[test]
    fn a_depth_file_survives_a_write_and_read() {
        let root = std::env::temp_dir().join(format!("threadlab-depth-{}", std::process::id()));
        let mut f = file(vec![size(2, 1, SizeStatus::Proved), size(2, 2, SizeStatus::NotTried)]);
        f.sizes[0].message = Some("x".into());
        f.write_under(&root).unwrap();
        let loaded = DepthFile::load_under(&root);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.items, vec![f]);
        let text = std::fs::read_to_string(root.join("depth/s.t.json")).unwrap();
        assert!(text.contains("\"not-tried\""), "{text}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
