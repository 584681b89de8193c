//! The kinds of violation threadlab's Broken strategies exist to teach.
//!
//! A Broken strategy names one kind in the catalogue; every tier classifies what it found
//! into one kind, and a finding counts as the lesson's bug only when the two are equal.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViolationKind {
    /// Two read-modify-write sequences overlapped and one update vanished.
    LostUpdate,
    /// A thread waits for something that can no longer happen (or did not within its
    /// deadline, on real hardware).
    DeadlockOrHang,
    /// Unsynchronised access to plain memory, or a read that saw a write it had no
    /// happens-before edge to (loom's causality violation).
    DataRace,
    /// More workers inside a bounded region than its limit allows.
    OverAdmission,
    /// Work that was accepted never ran.
    LostWork,
    /// A cancelled action ran anyway, or cancel reported a win it did not have.
    RanAfterCancel,
    /// A line of output was split by another thread's output.
    TornLine,
    /// A result a thread produced is missing where it was read.
    MissingResult,
    /// A delayed action ran before its delay had passed.
    FiredEarly,
}

impl ViolationKind {
    pub const ALL: [ViolationKind; 9] = [
        ViolationKind::LostUpdate,
        ViolationKind::DeadlockOrHang,
        ViolationKind::DataRace,
        ViolationKind::OverAdmission,
        ViolationKind::LostWork,
        ViolationKind::RanAfterCancel,
        ViolationKind::TornLine,
        ViolationKind::MissingResult,
        ViolationKind::FiredEarly,
    ];

    /// Whether a finding of this kind shows the bug a lesson about `lesson` teaches: the
    /// same kind, or, for a data race, the wrong value it leaves behind (a tool that sees
    /// only outcomes, as stress and shuttle do, sees a race through what it broke; a hang
    /// is not such a value).
    pub fn shows(self, lesson: ViolationKind) -> bool {
        self == lesson
            || (lesson == ViolationKind::DataRace && self != ViolationKind::DeadlockOrHang)
    }

    /// The kind whose [`ViolationKind::slug`] is `slug`.
    pub fn from_slug(slug: &str) -> Option<ViolationKind> {
        ViolationKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The name used in files and on the command line, e.g. `lost-update`.
    pub fn slug(self) -> &'static str {
        match self {
            ViolationKind::LostUpdate => "lost-update",
            ViolationKind::DeadlockOrHang => "deadlock-or-hang",
            ViolationKind::DataRace => "data-race",
            ViolationKind::OverAdmission => "over-admission",
            ViolationKind::LostWork => "lost-work",
            ViolationKind::RanAfterCancel => "ran-after-cancel",
            ViolationKind::TornLine => "torn-line",
            ViolationKind::MissingResult => "missing-result",
            ViolationKind::FiredEarly => "fired-early",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ViolationKind::LostUpdate => "lost update",
            ViolationKind::DeadlockOrHang => "deadlock or hang",
            ViolationKind::DataRace => "data race or causality violation",
            ViolationKind::OverAdmission => "over-admission",
            ViolationKind::LostWork => "lost work",
            ViolationKind::RanAfterCancel => "ran after cancel",
            ViolationKind::TornLine => "torn line",
            ViolationKind::MissingResult => "missing result",
            ViolationKind::FiredEarly => "fired before its delay",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_written_as_its_slug() {
        for kind in ViolationKind::ALL {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.slug()));
        }
    }

    #[test]
    fn a_race_shows_through_a_wrong_value_and_other_lessons_only_through_their_own_kind() {
        use ViolationKind::*;
        assert!(LostUpdate.shows(LostUpdate) && !DataRace.shows(LostUpdate));
        assert!(LostUpdate.shows(DataRace) && MissingResult.shows(DataRace));
        assert!(!DeadlockOrHang.shows(DataRace) && !LostUpdate.shows(MissingResult));
        for kind in ViolationKind::ALL {
            assert_eq!(ViolationKind::from_slug(kind.slug()), Some(kind));
        }
    }
}
