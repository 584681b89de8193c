//! One judgement for every tier: what a strategy was expected to show, what a tier found,
//! and what the two together mean.
//!
//! loom, Miri, ThreadSanitizer, shuttle and stress each turn their own output into a
//! [`Finding`]; [`judge`] alone decides what a finding means for a strategy's [`Expected`]
//! behaviour. The tiers keep their own words for the result (loom "proved", stress "clean",
//! Miri "caught"), but the words are read off a [`Judgement`], never decided again.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::violation::ViolationKind;

/// What a strategy is expected to show, as every result file stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expected {
    /// The invariant holds: no tier may find a violation.
    Correct,
    /// Broken on purpose: it counts as caught only by a violation of this kind.
    Broken(ViolationKind),
}

impl Expected {
    /// From the catalogue's form: `None` for a Correct strategy, the lesson's kind otherwise.
    pub fn from_kind(kind: Option<ViolationKind>) -> Expected {
        kind.map_or(Expected::Correct, Expected::Broken)
    }

    /// The lesson's kind; `None` for a Correct strategy.
    pub fn kind(self) -> Option<ViolationKind> {
        match self {
            Expected::Correct => None,
            Expected::Broken(kind) => Some(kind),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Correct => f.write_str("correct"),
            Expected::Broken(kind) => write!(f, "broken: {kind}"),
        }
    }
}

/// How a tier sees a violation: in the memory accesses themselves (loom, Miri,
/// ThreadSanitizer), or only through the values a run produced (stress, shuttle, whose
/// atomics are all sequentially consistent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// The tool reports the access itself: a finding's kind is what happened.
    Accesses,
    /// The tier sees only outcomes: a data race shows up as the wrong value it leaves.
    OutcomesOnly,
}

/// What one tier found in one strategy's runs, before it is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The tier looked and found violations of these kinds (empty: nothing went wrong),
    /// plus anything no kind fits (a panic in the strategy's own code, a crashed worker, an
    /// abort), in words.
    Looked { kinds: BTreeSet<ViolationKind>, unclassified: Vec<String>, sight: Sight },
    /// The tier did not look, for this reason (not modelled, no sample completed, the tool
    /// cannot run this code).
    NotLooked(String),
    /// The tool gave up before it could say anything (its own limit, a build failure, a
    /// timeout of the tool itself), in words.
    GaveUp(String),
}

impl Finding {
    /// Nothing went wrong in what the tier looked at.
    pub fn nothing(sight: Sight) -> Finding {
        Finding::Looked { kinds: BTreeSet::new(), unclassified: Vec::new(), sight }
    }

    /// One violation of `kind`.
    pub fn violation(kind: ViolationKind, sight: Sight) -> Finding {
        Finding::Looked { kinds: BTreeSet::from([kind]), unclassified: Vec::new(), sight }
    }

    /// Something went wrong that no kind fits, described by `what`.
    pub fn unclassified(what: impl Into<String>, sight: Sight) -> Finding {
        Finding::Looked { kinds: BTreeSet::new(), unclassified: vec![what.into()], sight }
    }
}

/// What a finding means for a strategy, the same for every tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "judgement", rename_all = "kebab-case")]
pub enum Judgement {
    /// A Correct strategy where nothing went wrong, or a Broken one caught by exactly the
    /// kind of violation it teaches.
    AsExpected,
    /// A finding the expectation does not allow: any violation of a Correct strategy, a
    /// Broken one's violation of another kind, or anything no kind fits. `kinds` are the
    /// classified findings (empty when only unclassified ones were found), `what` says it in
    /// words.
    Unexpected { kinds: Vec<ViolationKind>, what: String },
    /// A Broken strategy whose bug this tier did not see: never a pass, never a proof.
    Inconclusive,
    /// The tier did not look (the reason is in `why`).
    NotApplicable { why: String },
    /// The tool gave up: no judgement either way (`why` says what happened).
    Error { why: String },
}

impl Judgement {
    /// Whether the result is what the expectation asks for (an inconclusive or
    /// not-applicable result is not a failure of the strategy, but not a confirmation).
    pub fn is_as_expected(&self) -> bool {
        matches!(self, Judgement::AsExpected)
    }

    /// Whether the result must fail the run that produced it: an unexpected finding or a
    /// tool that gave up.
    pub fn is_failure(&self) -> bool {
        matches!(self, Judgement::Unexpected { .. } | Judgement::Error { .. })
    }
}

/// The one judgement of a `finding` against what a strategy is `expected` to show.
///
/// A Broken strategy is caught only when every classified finding shows its lesson's kind
/// and nothing unclassified came up; for a tier that sees outcomes only, a data-race lesson
/// shows through any wrong value except a hang ([`ViolationKind::shows`]). Anything else
/// found is unexpected; a Broken strategy with nothing found is inconclusive.
pub fn judge(expected: Expected, finding: &Finding) -> Judgement {
    let (kinds, unclassified, sight) = match finding {
        Finding::NotLooked(why) => return Judgement::NotApplicable { why: why.clone() },
        Finding::GaveUp(why) => return Judgement::Error { why: why.clone() },
        Finding::Looked { kinds, unclassified, sight } => (kinds, unclassified, *sight),
    };
    if kinds.is_empty() && unclassified.is_empty() {
        return match expected {
            Expected::Correct => Judgement::AsExpected,
            Expected::Broken(_) => Judgement::Inconclusive,
        };
    }
    let shows_lesson = |found: ViolationKind| match (expected, sight) {
        (Expected::Correct, _) => false,
        (Expected::Broken(kind), Sight::Accesses) => found == kind,
        (Expected::Broken(kind), Sight::OutcomesOnly) => found.shows(kind),
    };
    if unclassified.is_empty() && kinds.iter().all(|&k| shows_lesson(k)) {
        return Judgement::AsExpected;
    }
    let mut words: Vec<String> =
        kinds.iter().filter(|&&k| !shows_lesson(k)).map(|k| format!("a {k}")).collect();
    words.extend(unclassified.iter().cloned());
    let what = match expected {
        Expected::Correct => format!("a correct strategy showed {}", words.join("; ")),
        Expected::Broken(kind) => {
            format!("found {} where the lesson is a {kind}", words.join("; "))
        }
    };
    Judgement::Unexpected { kinds: kinds.iter().copied().collect(), what }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ViolationKind::*;

    const LOST: Expected = Expected::Broken(LostUpdate);
    const RACE: Expected = Expected::Broken(DataRace);

    #[test]
    fn a_correct_strategy_passes_only_when_nothing_was_found() {
        assert_eq!(
            judge(Expected::Correct, &Finding::nothing(Sight::Accesses)),
            Judgement::AsExpected
        );
        let found = judge(Expected::Correct, &Finding::violation(LostUpdate, Sight::Accesses));
        assert!(matches!(&found, Judgement::Unexpected { kinds, .. } if kinds == &[LostUpdate]));
        assert!(found.is_failure());
        let panicked =
            judge(Expected::Correct, &Finding::unclassified("panicked: boom", Sight::Accesses));
        assert!(matches!(&panicked, Judgement::Unexpected { what, .. } if what.contains("boom")));
    }

    #[test]
    fn a_broken_strategy_is_caught_only_by_its_lessons_kind() {
        assert_eq!(
            judge(LOST, &Finding::violation(LostUpdate, Sight::Accesses)),
            Judgement::AsExpected
        );
        let other = judge(LOST, &Finding::violation(DeadlockOrHang, Sight::Accesses));
        assert!(
            matches!(&other, Judgement::Unexpected { what, .. } if what.contains("lost update"))
        );
        assert_eq!(judge(LOST, &Finding::nothing(Sight::OutcomesOnly)), Judgement::Inconclusive);
        let mut both = Finding::violation(LostUpdate, Sight::Accesses);
        if let Finding::Looked { kinds, .. } = &mut both {
            kinds.insert(DataRace);
        }
        assert!(judge(LOST, &both).is_failure(), "the lesson plus another kind is not caught");
        let plus_panic = Finding::Looked {
            kinds: BTreeSet::from([LostUpdate]),
            unclassified: vec!["worker crashed".into()],
            sight: Sight::OutcomesOnly,
        };
        assert!(judge(LOST, &plus_panic).is_failure());
    }

    #[test]
    fn a_race_shows_through_its_wrong_value_only_to_an_outcome_tier() {
        assert_eq!(
            judge(RACE, &Finding::violation(LostUpdate, Sight::OutcomesOnly)),
            Judgement::AsExpected
        );
        assert!(judge(RACE, &Finding::violation(LostUpdate, Sight::Accesses)).is_failure());
        assert!(judge(RACE, &Finding::violation(DeadlockOrHang, Sight::OutcomesOnly)).is_failure());
    }

    #[test]
    fn not_looking_and_giving_up_are_not_findings() {
        let not = judge(LOST, &Finding::NotLooked("not modelled: rayon's pool".into()));
        assert_eq!(not, Judgement::NotApplicable { why: "not modelled: rayon's pool".into() });
        assert!(!not.is_failure() && !not.is_as_expected());
        let gave_up = judge(Expected::Correct, &Finding::GaveUp("branch limit".into()));
        assert!(gave_up.is_failure());
    }

    #[test]
    fn an_expectation_reads_back_as_it_was_stored() {
        assert_eq!(serde_json::to_string(&Expected::Correct).unwrap(), r#""correct""#);
        for expected in [Expected::Correct, LOST] {
            let text = serde_json::to_string(&expected).unwrap();
            assert_eq!(serde_json::from_str::<Expected>(&text).unwrap(), expected);
        }
        assert_eq!(serde_json::to_string(&LOST).unwrap(), r#"{"broken":"lost-update"}"#);
        assert_eq!(Expected::from_kind(None), Expected::Correct);
        assert_eq!(LOST.to_string(), "broken: lost update");
    }

    #[test]
    fn a_user_kind_judges_by_its_slug_wherever_it_was_read() {
        use crate::violation::UserKind;
        let mine =
            ViolationKind::User(UserKind { slug: "max-went-backwards", title: "max went back" });
        let read_back: ViolationKind = serde_json::from_str(r#""max-went-backwards""#).unwrap();
        let lesson = Expected::Broken(mine);
        assert_eq!(
            judge(lesson, &Finding::violation(read_back, Sight::Accesses)),
            Judgement::AsExpected
        );
        let other = judge(lesson, &Finding::violation(LostUpdate, Sight::OutcomesOnly));
        assert!(
            matches!(&other, Judgement::Unexpected { what, .. } if what.contains("max went back"))
        );
        assert!(judge(Expected::Correct, &Finding::violation(mine, Sight::Accesses)).is_failure());
        assert_eq!(serde_json::to_string(&lesson).unwrap(), r#"{"broken":"max-went-backwards"}"#);
    }
}
