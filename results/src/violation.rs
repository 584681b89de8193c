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
}

impl ViolationKind {
    pub const ALL: [ViolationKind; 8] = [
        ViolationKind::LostUpdate,
        ViolationKind::DeadlockOrHang,
        ViolationKind::DataRace,
        ViolationKind::OverAdmission,
        ViolationKind::LostWork,
        ViolationKind::RanAfterCancel,
        ViolationKind::TornLine,
        ViolationKind::MissingResult,
    ];

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
}
