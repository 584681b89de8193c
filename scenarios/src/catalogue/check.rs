//! The invariant's answer for one outcome, with the kind of each violation.

use std::fmt;

use super::ViolationKind;

/// The invariant's answer for one outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The invariant holds for this outcome.
    Holds,
    /// It does not: what was violated, and how.
    Violated(Violation),
}

impl Check {
    /// A violation of one kind, described by `text`.
    pub fn violated(kind: ViolationKind, text: impl Into<String>) -> Check {
        Check::Violated(Violation { kind, text: text.into() })
    }

    /// Whether the invariant held.
    pub fn holds(&self) -> bool {
        matches!(self, Check::Holds)
    }

    /// The violation, if the invariant does not hold.
    pub fn violation(&self) -> Option<&Violation> {
        match self {
            Check::Holds => None,
            Check::Violated(violation) => Some(violation),
        }
    }
}

/// What broke: its kind, and the scenario's words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which kind of violation.
    pub kind: ViolationKind,
    /// What was seen, in words (counts included).
    pub text: String,
}

/// The text alone (the kind is a separate field wherever a violation is recorded).
impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The problems one check finds, most telling first. A check with several findings
/// reports them in one text; the kind is the first one's.
#[derive(Debug, Default)]
pub struct Problems(Vec<Violation>);

impl Problems {
    /// Record one violation of `kind`.
    pub fn push(&mut self, kind: ViolationKind, text: impl Into<String>) {
        self.0.push(Violation { kind, text: text.into() });
    }

    /// Whether no violation was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Holds` when nothing was found; otherwise every text joined by `; `.
    pub fn into_check(self) -> Check {
        let Some(first) = self.0.first() else { return Check::Holds };
        let kind = first.kind;
        let text = self.0.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("; ");
        Check::Violated(Violation { kind, text })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_problems_read_as_one_and_keep_the_first_kind() {
        let mut problems = Problems::default();
        assert_eq!(Problems::default().into_check(), Check::Holds);
        problems.push(ViolationKind::OverAdmission, "3 inside");
        problems.push(ViolationKind::DeadlockOrHang, "1 stuck");
        let check = problems.into_check();
        assert!(!check.holds());
        let violation = check.violation().unwrap();
        assert_eq!(violation.kind, ViolationKind::OverAdmission);
        assert_eq!(violation.to_string(), "3 inside; 1 stuck");
    }
}
