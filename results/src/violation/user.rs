//! Kinds beside the built-in ones: a user crate's own ([`UserKind`]), registered once per
//! process so that a slug read back from a file or a child's line finds its title, and the
//! slugs nobody registered ([`UnknownKind`]).
//!
//! How an unknown kind judges: like any kind, by its slug. A finding of an unknown kind
//! catches a Broken strategy whose lesson has the same slug, is unexpected for any other
//! lesson, and, being a wrong value a check reported, shows a data-race lesson to a tier
//! that sees outcomes only ([`super::ViolationKind::shows`]).

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Mutex, PoisonError, RwLock};

use super::ViolationKind;

/// A kind of violation a user crate declares for its own scenario, as a `const`:
///
/// ```
/// use threadlab_results::violation::{UserKind, ViolationKind};
///
/// /// The maximum kept is below a number that was offered.
/// pub const MAX_WENT_BACKWARDS: ViolationKind = ViolationKind::User(UserKind {
///     slug: "max-went-backwards",
///     title: "maximum went backwards",
/// });
/// assert_eq!(MAX_WENT_BACKWARDS.slug(), "max-went-backwards");
/// assert_eq!(MAX_WENT_BACKWARDS.to_string(), "maximum went backwards");
/// ```
///
/// The scenario's check reports it (`Check::violated(MAX_WENT_BACKWARDS, ..)`) and a
/// Broken strategy teaches it (`Expectation::Broken { kind: MAX_WENT_BACKWARDS, .. }`);
/// registering the crate registers every kind its Broken strategies name ([`register`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserKind {
    /// How files and the command line name it: lowercase letters, digits and `-`,
    /// starting with a letter (e.g. `max-went-backwards`); never a built-in kind's slug.
    pub slug: &'static str,
    /// The kind in words, as tables, the report and `explain` print it.
    pub title: &'static str,
}

/// A slug this binary does not know, kept as it was read (interned once per process, so
/// the kind stays `Copy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownKind(&'static str);

impl UnknownKind {
    /// The slug as it was read.
    pub fn slug(self) -> &'static str {
        self.0
    }

    /// The one copy of `slug` for this process (each distinct slug is stored once).
    pub(super) fn intern(slug: &str) -> UnknownKind {
        static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
        let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&kept) = seen.get(slug) {
            return UnknownKind(kept);
        }
        let kept: &'static str = Box::leak(slug.to_owned().into_boxed_str());
        seen.insert(kept);
        UnknownKind(kept)
    }
}

/// Why a user kind was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindError {
    /// The slug is a built-in kind's.
    BuiltIn {
        /// The slug asked for.
        slug: &'static str,
    },
    /// Another user kind with this slug, under another title, was registered first.
    Taken {
        /// The slug asked for.
        slug: &'static str,
        /// The title registered first.
        first: &'static str,
    },
    /// The slug is not lowercase letters, digits and `-` starting with a letter.
    NotASlug {
        /// The slug asked for.
        slug: &'static str,
    },
}

impl fmt::Display for KindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KindError::BuiltIn { slug } => write!(
                f,
                "user violation kind `{slug}` has a built-in kind's slug: give yours another"
            ),
            KindError::Taken { slug, first } => write!(
                f,
                "user violation kind `{slug}` is declared twice, the first as \"{first}\": \
                 give one another slug"
            ),
            KindError::NotASlug { slug } => write!(
                f,
                "user violation kind `{slug}`: a slug is lowercase letters, digits and `-`, \
                 starting with a letter"
            ),
        }
    }
}

impl std::error::Error for KindError {}

/// The user kinds registered in this process.
static REGISTERED: RwLock<Vec<UserKind>> = RwLock::new(Vec::new());

/// Register `kind` for this process, so that its slug reads back as this kind (title
/// included) from files and child processes. Registering the same kind again is a no-op;
/// a built-in kind's slug, a slug another user kind took, or text that is not a slug is
/// refused.
pub fn register(kind: UserKind) -> Result<(), KindError> {
    if !is_slug(kind.slug) {
        return Err(KindError::NotASlug { slug: kind.slug });
    }
    if ViolationKind::built_in(kind.slug).is_some() {
        return Err(KindError::BuiltIn { slug: kind.slug });
    }
    let mut all = REGISTERED.write().unwrap_or_else(PoisonError::into_inner);
    match all.iter().find(|k| k.slug == kind.slug) {
        Some(first) if *first == kind => Ok(()),
        Some(first) => Err(KindError::Taken { slug: kind.slug, first: first.title }),
        None => {
            all.push(kind);
            Ok(())
        }
    }
}

/// The user kind registered under `slug`, if one is.
pub fn registered(slug: &str) -> Option<UserKind> {
    REGISTERED
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|k| k.slug == slug)
        .copied()
}

/// Whether `text` is a slug: lowercase ASCII letters, digits and `-`, starting with a letter.
pub fn is_slug(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_kind_reads_back_with_its_title() {
        let kind = UserKind { slug: "queue-overflowed-in-test", title: "queue overflowed" };
        register(kind).unwrap();
        register(kind).unwrap();
        let read: ViolationKind = serde_json::from_str(r#""queue-overflowed-in-test""#).unwrap();
        assert!(matches!(read, ViolationKind::User(k) if k == kind));
        assert_eq!(read.to_string(), "queue overflowed");
    }

    #[test]
    fn a_built_in_slug_a_taken_slug_and_a_non_slug_are_refused_with_one_line() {
        let built_in = UserKind { slug: "lost-update", title: "mine" };
        assert_eq!(
            register(built_in).unwrap_err().to_string(),
            "user violation kind `lost-update` has a built-in kind's slug: give yours another"
        );
        register(UserKind { slug: "twice-in-test", title: "first" }).unwrap();
        let err = register(UserKind { slug: "twice-in-test", title: "second" }).unwrap_err();
        assert_eq!(err, KindError::Taken { slug: "twice-in-test", first: "first" });
        let bad = register(UserKind { slug: "Not a slug", title: "x" }).unwrap_err();
        assert!(!bad.to_string().contains('\n'), "{bad}");
        assert!(matches!(bad, KindError::NotASlug { .. }));
        assert!(is_slug("max-went-backwards") && !is_slug("") && !is_slug("-x"));
    }

    #[test]
    fn an_unknown_slug_is_stored_once() {
        let a = UnknownKind::intern("seen-twice-in-test");
        let b = UnknownKind::intern("seen-twice-in-test");
        assert!(std::ptr::eq(a.slug(), b.slug()));
    }
}
