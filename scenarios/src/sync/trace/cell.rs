//! loom's `UnsafeCell` (which tracks every access and reports a causality violation when
//! two threads touch the value without a happens-before edge), recording each read and
//! write; the object is named after its declaration (see `names.rs`).

use std::panic::Location;

use super::{names, record};

/// loom's `UnsafeCell`, recording each access.
#[derive(Debug)]
pub struct UnsafeCell<T> {
    inner: loom::cell::UnsafeCell<T>,
    declared: &'static Location<'static>,
    instance: u32,
}

impl<T: Default> Default for UnsafeCell<T> {
    #[track_caller]
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> UnsafeCell<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        let declared = Location::caller();
        let instance = names::instance(declared);
        Self { inner: loom::cell::UnsafeCell::new(value), declared, instance }
    }

    fn name(&self) -> String {
        names::object("UnsafeCell", self.declared, self.instance)
    }

    /// Read through a pointer to the value (recorded before the access, which is where
    /// loom reports a causality violation).
    #[track_caller]
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        record("read (plain memory)", || self.name(), Location::caller());
        self.inner.with(f)
    }

    /// Write through a pointer to the value.
    #[track_caller]
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        record("write (plain memory)", || self.name(), Location::caller());
        self.inner.with_mut(f)
    }

    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}
