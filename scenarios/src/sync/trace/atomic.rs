//! loom's atomics, each operation recorded with the value read or written and its
//! ordering; the object is named after its declaration (see `names.rs`).

use std::panic::Location;

pub use loom::sync::atomic::Ordering;

use super::{as_seen, names, note_write, record_value};

macro_rules! recorded_atomic {
    ($name:ident, $int:ty, $kind:literal, $identity_rmw:ident($identity:expr)) => {
        #[doc = concat!("loom's `", stringify!($name), "`, recording each operation.")]
        #[derive(Debug)]
        pub struct $name {
            inner: loom::sync::atomic::$name,
            declared: &'static Location<'static>,
            instance: u32,
        }

        impl Default for $name {
            #[track_caller]
            fn default() -> Self {
                Self::new(<$int>::default())
            }
        }

        impl $name {
            #[track_caller]
            pub fn new(value: $int) -> Self {
                let declared = Location::caller();
                let instance = names::instance(declared);
                let made =
                    Self { inner: loom::sync::atomic::$name::new(value), declared, instance };
                note_write(|| made.name(), format!("{value}"));
                made
            }

            fn name(&self) -> String {
                names::object($kind, self.declared, self.instance)
            }

            #[track_caller]
            pub fn load(&self, order: Ordering) -> $int {
                // A read-modify-write that writes back what it read always reads the latest
                // value: the plain-interleaving search asks for that (see `read_latest`).
                let seen = if super::reading_latest() {
                    self.inner.$identity_rmw($identity, order)
                } else {
                    self.inner.load(order)
                };
                let name = || self.name();
                record_value(
                    "load",
                    name,
                    || Some(as_seen(&name(), format!("{seen}"))),
                    Some(order),
                    Location::caller(),
                );
                seen
            }

            #[track_caller]
            pub fn store(&self, value: $int, order: Ordering) {
                self.inner.store(value, order);
                note_write(|| self.name(), format!("{value}"));
                record_value(
                    "store",
                    || self.name(),
                    || Some(format!("{value}")),
                    Some(order),
                    Location::caller(),
                );
            }

            /// Record a read-modify-write `op` that turned `old` into `new`.
            fn record_rmw(
                &self,
                op: &str,
                old: $int,
                new: $int,
                order: Ordering,
                at: &'static Location<'static>,
            ) {
                note_write(|| self.name(), format!("{new}"));
                record_value(
                    op,
                    || self.name(),
                    || Some(format!("{old} -> {new}")),
                    Some(order),
                    at,
                );
            }

            #[track_caller]
            pub fn swap(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.swap(value, order);
                self.record_rmw("swap", old, value, order, Location::caller());
                old
            }

            #[track_caller]
            pub fn compare_exchange(
                &self,
                current: $int,
                new: $int,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$int, $int> {
                let result = self.inner.compare_exchange(current, new, success, failure);
                let (value, order) = match result {
                    Ok(old) => {
                        note_write(|| self.name(), format!("{new}"));
                        (format!("{old} -> {new}"), success)
                    }
                    Err(seen) => (format!("{seen} (wanted {current}): unchanged"), failure),
                };
                record_value(
                    "compare_exchange",
                    || self.name(),
                    || Some(value),
                    Some(order),
                    Location::caller(),
                );
                result
            }

            #[track_caller]
            pub fn compare_exchange_weak(
                &self,
                current: $int,
                new: $int,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$int, $int> {
                self.compare_exchange(current, new, success, failure)
            }

            pub fn into_inner(self) -> $int {
                self.inner.into_inner()
            }
        }
    };
}

macro_rules! recorded_integer {
    ($name:ident, $int:ty, $kind:literal) => {
        recorded_atomic!($name, $int, $kind, fetch_add(0));

        impl $name {
            #[track_caller]
            pub fn fetch_add(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_add(value, order);
                let new = old.wrapping_add(value);
                self.record_rmw("fetch_add", old, new, order, Location::caller());
                old
            }

            #[track_caller]
            pub fn fetch_max(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_max(value, order);
                let new = old.max(value);
                self.record_rmw("fetch_max", old, new, order, Location::caller());
                old
            }

            #[track_caller]
            pub fn fetch_sub(&self, value: $int, order: Ordering) -> $int {
                let old = self.inner.fetch_sub(value, order);
                let new = old.wrapping_sub(value);
                self.record_rmw("fetch_sub", old, new, order, Location::caller());
                old
            }
        }
    };
}

recorded_atomic!(AtomicBool, bool, "AtomicBool", fetch_or(false));
recorded_integer!(AtomicU64, u64, "AtomicU64");
recorded_integer!(AtomicUsize, usize, "AtomicUsize");
