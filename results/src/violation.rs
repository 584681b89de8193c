//! The kinds of violation threadlab's Broken strategies exist to teach.
//!
//! A Broken strategy names one kind in the catalogue; every tier classifies what it found
//! into one kind, and a finding counts as the lesson's bug only when the two are equal.
//!
//! Nine kinds are built in ([`ViolationKind::ALL`]). A user crate's own scenario may
//! declare kinds of its own, [`ViolationKind::User`] with a [`UserKind`], for its check
//! to report and its Broken strategies to teach. A kind is identified by its slug alone:
//! every file and protocol line writes the slug, two kinds with the same slug are the same
//! kind, and a slug this binary does not know reads back as [`ViolationKind::Unknown`],
//! slug kept, rather than failing the file (see [`user`]).

pub mod user;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use user::{KindError, UnknownKind, UserKind};

/// One kind of violation: a built-in one, a user crate's own, or one this binary does not
/// know. Written everywhere as its [`ViolationKind::slug`]; compared, ordered and hashed
/// by it (built-in kinds first, in [`ViolationKind::ALL`]'s order, then the others by slug).
#[derive(Debug, Clone, Copy)]
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
    /// A kind a user crate declared for its own scenario (its slug must not be a built-in
    /// one's: [`user::register`] refuses that).
    User(UserKind),
    /// A slug this binary does not know, read from a file or a child process's line (a
    /// user kind of a crate that did not register here, or a newer threadlab's kind).
    Unknown(UnknownKind),
}

impl ViolationKind {
    /// The built-in kinds (never a user or unknown one).
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
    /// is not such a value). A user or unknown kind is a wrong value a check reported, so
    /// it shows a data-race lesson too, and any other lesson only when it is that lesson's
    /// kind (the same slug).
    pub fn shows(self, lesson: ViolationKind) -> bool {
        self == lesson
            || (lesson == ViolationKind::DataRace && self != ViolationKind::DeadlockOrHang)
    }

    /// The kind whose [`ViolationKind::slug`] is `slug`: a built-in kind, else a user kind
    /// registered in this process ([`user::register`]), else an unknown kind that keeps
    /// the slug. `None` only for text that is not a slug at all (see [`user::is_slug`]).
    pub fn from_slug(slug: &str) -> Option<ViolationKind> {
        if let Some(kind) = ViolationKind::built_in(slug) {
            return Some(kind);
        }
        if let Some(kind) = user::registered(slug) {
            return Some(ViolationKind::User(kind));
        }
        user::is_slug(slug).then(|| ViolationKind::Unknown(UnknownKind::intern(slug)))
    }

    /// The built-in kind whose slug is `slug`, if one is.
    pub fn built_in(slug: &str) -> Option<ViolationKind> {
        ViolationKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Whether this is one of [`ViolationKind::ALL`].
    pub fn is_built_in(self) -> bool {
        !matches!(self, ViolationKind::User(_) | ViolationKind::Unknown(_))
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
            ViolationKind::User(kind) => kind.slug,
            ViolationKind::Unknown(kind) => kind.slug(),
        }
    }

    /// The order kinds sort in: built-in ones by their place in [`ViolationKind::ALL`],
    /// then every other slug.
    fn key(self) -> (usize, &'static str) {
        let slug = self.slug();
        let place = ViolationKind::ALL.iter().position(|k| k.slug() == slug);
        (place.unwrap_or(ViolationKind::ALL.len()), slug)
    }
}

impl PartialEq for ViolationKind {
    fn eq(&self, other: &Self) -> bool {
        self.slug() == other.slug()
    }
}

impl Eq for ViolationKind {}

impl Hash for ViolationKind {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.slug().hash(state);
    }
}

impl PartialOrd for ViolationKind {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ViolationKind {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// Written as its slug.
impl Serialize for ViolationKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.slug())
    }
}

/// Read from its slug; a slug this binary does not know is an [`ViolationKind::Unknown`]
/// kind, so a file naming a user crate's kind stays readable anywhere. Only text that is
/// not a slug is refused.
impl<'de> Deserialize<'de> for ViolationKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let slug = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        ViolationKind::from_slug(&slug).ok_or_else(|| {
            serde::de::Error::custom(format!("`{slug}` is not a violation kind's slug"))
        })
    }
}

/// The kind in words: a built-in kind's own, a user kind's title, an unknown kind's slug.
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
            ViolationKind::User(kind) => kind.title,
            ViolationKind::Unknown(kind) => kind.slug(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BACKWARDS: UserKind =
        UserKind { slug: "went-backwards-in-test", title: "the maximum went backwards" };

    #[test]
    fn every_kind_is_written_as_its_slug() {
        for kind in ViolationKind::ALL {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.slug()));
        }
        let user = ViolationKind::User(BACKWARDS);
        assert_eq!(serde_json::to_string(&user).unwrap(), r#""went-backwards-in-test""#);
    }

    #[test]
    fn a_race_shows_through_a_wrong_value_and_other_lessons_only_through_their_own_kind() {
        use ViolationKind::*;
        assert!(LostUpdate.shows(LostUpdate) && !DataRace.shows(LostUpdate));
        assert!(LostUpdate.shows(DataRace) && MissingResult.shows(DataRace));
        assert!(!DeadlockOrHang.shows(DataRace) && !LostUpdate.shows(MissingResult));
        for kind in ViolationKind::ALL {
            assert_eq!(ViolationKind::from_slug(kind.slug()), Some(kind));
            assert!(kind.is_built_in());
        }
        let user = User(BACKWARDS);
        assert!(user.shows(user) && user.shows(DataRace) && !user.shows(LostUpdate));
        assert!(!LostUpdate.shows(user) && !user.is_built_in());
    }

    #[test]
    fn an_unknown_slug_reads_back_as_an_unknown_kind_that_keeps_it() {
        let kind: ViolationKind = serde_json::from_str(r#""not-known-here""#).unwrap();
        assert!(matches!(kind, ViolationKind::Unknown(u) if u.slug() == "not-known-here"));
        assert_eq!(serde_json::to_string(&kind).unwrap(), r#""not-known-here""#);
        assert_eq!(kind.to_string(), "not-known-here");
        // The same slug is the same kind, whoever declared it; it sorts after the built-ins.
        let declared = ViolationKind::User(UserKind { slug: "not-known-here", title: "x" });
        assert_eq!(kind, declared);
        assert!(ViolationKind::FiredEarly < kind);
        assert!(serde_json::from_str::<ViolationKind>(r#""Not A Slug""#).is_err());
    }
}
