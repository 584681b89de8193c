//! What a strategy is expected to do, and the kind of bug a Broken one teaches.

use std::fmt;

pub use threadlab_results::violation::{UserKind, ViolationKind};

/// Whether a strategy should hold its scenario's invariant, and if not, which bug it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// The invariant holds in every interleaving.
    Correct,
    /// Broken on purpose, to teach the bug named here; every tier must find a violation of
    /// this `kind`.
    Broken {
        /// The kind of violation the lesson is about; a finding of another kind does not count.
        kind: ViolationKind,
        /// The bug in words, e.g. `lost update: the final total is below threads x ops`.
        bug: &'static str,
    },
}

impl Expectation {
    /// Whether the strategy is broken on purpose.
    pub fn is_broken(&self) -> bool {
        matches!(self, Expectation::Broken { .. })
    }

    /// The kind of violation a Broken strategy must show; `None` for a Correct one.
    pub fn violation_kind(&self) -> Option<ViolationKind> {
        match self {
            Expectation::Correct => None,
            Expectation::Broken { kind, .. } => Some(*kind),
        }
    }

    /// The one-word form (`correct` or `broken`), for tables and flags; [`fmt::Display`]
    /// gives the full form.
    pub fn word(&self) -> &'static str {
        match self {
            Expectation::Correct => "correct",
            Expectation::Broken { .. } => "broken",
        }
    }
}

/// `correct`, or `broken: <the bug>`: the words every result file and listing uses.
impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expectation::Correct => f.write_str("correct"),
            Expectation::Broken { bug, .. } => write!(f, "broken: {bug}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expectation_reads_as_its_word_and_its_bug() {
        let broken = Expectation::Broken { kind: ViolationKind::LostUpdate, bug: "lost update" };
        assert_eq!(broken.to_string(), "broken: lost update");
        assert_eq!(broken.word(), "broken");
        assert_eq!(broken.violation_kind(), Some(ViolationKind::LostUpdate));
        assert_eq!(Expectation::Correct.to_string(), "correct");
        assert_eq!(Expectation::Correct.violation_kind(), None);
    }
}
