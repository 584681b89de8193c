//! The one place a loom finding becomes a [`ViolationKind`].
//!
//! The scenario's check reports the kind of a violated invariant itself; a panic that did
//! not come from the check is loom's own: its deadlock detector ("deadlock; threads = ...")
//! or its causality checker on an `UnsafeCell` ("Causality violation: ...").

use threadlab_results::violation::ViolationKind;

/// The kind of one finding: `from_check` where the invariant check failed, otherwise read
/// from loom's panic message; `None` for a panic nobody classifies (a strategy's own
/// `expect`, say).
pub fn classify(from_check: Option<ViolationKind>, message: &str) -> Option<ViolationKind> {
    if from_check.is_some() {
        return from_check;
    }
    if message.starts_with("deadlock") {
        Some(ViolationKind::DeadlockOrHang)
    } else if message.contains("Causality violation") {
        Some(ViolationKind::DataRace)
    } else {
        None
    }
}

/// Whether a panic is loom giving up on the model (its branch limit), not a finding about
/// the strategy: such a run is an error, never a refutation.
pub fn is_loom_limit(message: &str) -> bool {
    message.contains("Model exceeded maximum number of branches")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_decides_where_it_reported() {
        let kind = classify(Some(ViolationKind::LostUpdate), "invariant violated: lost 2 of 4");
        assert_eq!(kind, Some(ViolationKind::LostUpdate));
        let mine = ViolationKind::User(threadlab_results::violation::UserKind {
            slug: "max-went-backwards",
            title: "maximum went backwards",
        });
        assert_eq!(classify(Some(mine), "invariant violated: kept 3 of 4"), Some(mine));
    }

    #[test]
    fn loom_deadlocks_and_causality_violations_have_their_kinds() {
        let deadlock = "deadlock; threads = [(Id(0), Blocked(Location(None)))]";
        assert_eq!(classify(None, deadlock), Some(ViolationKind::DeadlockOrHang));
        let race = "Causality violation: Concurrent write accesses to `UnsafeCell`.";
        assert_eq!(classify(None, race), Some(ViolationKind::DataRace));
        assert_eq!(classify(None, "a worker panicked"), None);
    }

    #[test]
    fn loom_giving_up_is_a_limit_not_a_finding() {
        let limit = "Model exceeded maximum number of branches. This is often caused by an \
                     algorithm requiring the processor to make progress";
        assert!(is_loom_limit(limit));
        assert!(!is_loom_limit("invariant violated: lost 2 of 4 updates"));
        assert_eq!(classify(None, limit), None);
    }
}
