//! What stress concluded about one strategy, from its graded outcomes and the kind of bug
//! it is meant to show.

use serde::{Deserialize, Serialize};

use super::{Grade, OutcomeCount, OutcomeKind};
use crate::judgement::{Expected, Finding, Judgement, Sight, judge};
use crate::violation::ViolationKind;

/// What stress concluded about one strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StrategyVerdict {
    /// A Correct strategy with no forbidden outcome (which proves nothing, but found nothing).
    Clean,
    /// A Correct strategy with at least one forbidden outcome: a real bug, or a deadline too
    /// short for this machine. The command exits non-zero.
    Failed,
    /// A Broken strategy whose bug showed up, as it should.
    BugObserved,
    /// A Broken strategy whose bug did not show up in this run: inconclusive, not a pass.
    BugNotObserved,
    /// No sample completed (a budget shorter than one trial): says nothing, and replaces
    /// no stored entry.
    Inconclusive,
    /// A finding that is not the lesson's bug: a crashed worker (for any strategy), or a
    /// Broken strategy's forbidden outcome of another kind than it teaches. A failure: the
    /// command exits non-zero.
    UnexpectedFinding,
}

impl StrategyVerdict {
    /// The verdict on a strategy that teaches `expected` (`None`: a Correct one) from its
    /// graded `outcomes` and the number of `samples` run, read off the one
    /// [`judge`](crate::judgement::judge).
    ///
    /// A crash is an unexpected finding for every strategy; a forbidden outcome of the
    /// expected kind is the bug observed; any other forbidden outcome fails a Correct
    /// strategy and is an unexpected finding for a Broken one.
    pub fn judge(expected: Option<ViolationKind>, outcomes: &[OutcomeCount], samples: u64) -> Self {
        let expected = Expected::from_kind(expected);
        let finding = finding(outcomes, samples);
        let crashed = outcomes.iter().any(|o| {
            o.kind == OutcomeKind::Crashed && o.grade == Grade::Forbidden && o.samples > 0
        });
        match (judge(expected, &finding), expected) {
            (Judgement::NotApplicable { .. } | Judgement::Error { .. }, _) => {
                StrategyVerdict::Inconclusive
            }
            (Judgement::AsExpected, Expected::Correct) => StrategyVerdict::Clean,
            (Judgement::AsExpected, Expected::Broken(_)) => StrategyVerdict::BugObserved,
            (Judgement::Inconclusive, _) => StrategyVerdict::BugNotObserved,
            (Judgement::Unexpected { .. }, Expected::Correct) if !crashed => {
                StrategyVerdict::Failed
            }
            (Judgement::Unexpected { .. }, _) => StrategyVerdict::UnexpectedFinding,
        }
    }

    /// Whether this verdict makes the command fail.
    pub fn is_failure(self) -> bool {
        matches!(self, StrategyVerdict::Failed | StrategyVerdict::UnexpectedFinding)
    }
}

/// What stress found, for the one [`judge`]: the kinds of the forbidden outcomes seen (stress
/// sees outcomes only), a crashed worker or a forbidden outcome no kind fits as unclassified,
/// and nothing looked at when no sample completed.
fn finding(outcomes: &[OutcomeCount], samples: u64) -> Finding {
    if samples == 0 {
        return Finding::NotLooked("no sample completed within the budget".to_owned());
    }
    let mut found = Finding::nothing(Sight::OutcomesOnly);
    let Finding::Looked { kinds, unclassified, .. } = &mut found else { unreachable!() };
    for outcome in outcomes.iter().filter(|o| o.grade == Grade::Forbidden && o.samples > 0) {
        match (outcome.kind, outcome.violation) {
            (OutcomeKind::Crashed, _) => unclassified.push(format!("a crash: {}", outcome.result)),
            (_, Some(kind)) => {
                kinds.insert(kind);
            }
            (_, None) => unclassified.push(format!("a forbidden outcome: {}", outcome.result)),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: OutcomeKind, grade: Grade, violation: Option<ViolationKind>) -> OutcomeCount {
        OutcomeCount {
            result: "r".to_owned(),
            kind,
            counts: Default::default(),
            order: None,
            grade,
            description: String::new(),
            samples: 1,
            violation,
        }
    }

    #[test]
    fn only_the_lessons_kind_is_the_bug_observed() {
        use StrategyVerdict::*;
        let lost = Some(ViolationKind::LostUpdate);
        let ok = row(OutcomeKind::Observed, Grade::Acceptable, None);
        let bug = row(OutcomeKind::Observed, Grade::Forbidden, lost);
        let hung = row(OutcomeKind::Hung, Grade::Forbidden, Some(ViolationKind::DeadlockOrHang));
        let crash = row(OutcomeKind::Crashed, Grade::Forbidden, None);
        let judge = |expected, rows: &[OutcomeCount]| StrategyVerdict::judge(expected, rows, 5);
        assert_eq!(judge(None, std::slice::from_ref(&ok)), Clean);
        assert_eq!(judge(None, &[ok.clone(), bug.clone()]), Failed);
        assert_eq!(judge(None, &[ok.clone(), crash.clone()]), UnexpectedFinding);
        assert_eq!(judge(lost, &[ok.clone(), bug.clone()]), BugObserved);
        assert_eq!(judge(lost, std::slice::from_ref(&ok)), BugNotObserved);
        assert_eq!(judge(lost, &[bug.clone(), hung.clone()]), UnexpectedFinding);
        assert_eq!(judge(lost, &[bug.clone(), crash.clone()]), UnexpectedFinding);
        assert_eq!(judge(Some(ViolationKind::DeadlockOrHang), &[hung]), BugObserved);
        assert_eq!(StrategyVerdict::judge(None, &[bug], 0), Inconclusive);
        assert!(UnexpectedFinding.is_failure() && Failed.is_failure() && !BugObserved.is_failure());
    }

    #[test]
    fn a_user_kind_read_back_from_a_worker_line_is_its_lessons_bug() {
        use crate::violation::UserKind;
        let mine =
            ViolationKind::User(UserKind { slug: "went-back-in-stress", title: "went back" });
        let sent = row(OutcomeKind::Observed, Grade::Forbidden, Some(mine));
        let read: OutcomeCount =
            serde_json::from_str(&serde_json::to_string(&sent).unwrap()).unwrap();
        assert_eq!(
            StrategyVerdict::judge(Some(mine), std::slice::from_ref(&read), 5),
            StrategyVerdict::BugObserved
        );
        let lost = Some(ViolationKind::LostUpdate);
        assert_eq!(StrategyVerdict::judge(lost, &[read], 5), StrategyVerdict::UnexpectedFinding);
    }
}
