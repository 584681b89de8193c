//! loom's `Mutex` and `Condvar`, recording lock, unlock, wait (and the wake-up that
//! re-locks) and notify. A step is recorded once the operation has taken effect, so the
//! log's order is the order in which things happened.

use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::sync::{LockResult, PoisonError};

use super::{names, record};

/// loom's lock, recording each lock and unlock.
#[derive(Debug)]
pub struct Mutex<T> {
    inner: loom::sync::Mutex<T>,
    declared: &'static Location<'static>,
    instance: u32,
}

/// The guard of [`Mutex`]; dropping it records the unlock.
pub struct MutexGuard<'a, T> {
    inner: Option<loom::sync::MutexGuard<'a, T>>,
    name: Named,
}

/// What a guard needs to name its lock when it unlocks: the lock's declaration, and the
/// line that locked it (a guard's drop has no caller of its own, so the unlock is recorded
/// at the line that took the lock).
#[derive(Clone, Copy)]
struct Named(&'static Location<'static>, &'static Location<'static>, u32);

impl Named {
    fn get(self) -> String {
        names::object("Mutex", self.0, self.2)
    }
}

impl<T> Mutex<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        let declared = Location::caller();
        let instance = names::instance(declared);
        Self { inner: loom::sync::Mutex::new(value), declared, instance }
    }

    #[track_caller]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let at = Location::caller();
        let name = Named(self.declared, at, self.instance);
        let wrap = |inner| {
            record("lock", || name.get(), at);
            MutexGuard { inner: Some(inner), name }
        };
        match self.inner.lock() {
            Ok(inner) => Ok(wrap(inner)),
            Err(poisoned) => Err(PoisonError::new(wrap(poisoned.into_inner()))),
        }
    }

    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }
}

impl<T: Default> Default for Mutex<T> {
    #[track_caller]
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.inner.as_ref().expect("the guard is held")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.inner.as_mut().expect("the guard is held")
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            drop(inner);
            record("unlock", || self.name.get(), self.name.1);
        }
    }
}

/// loom's condition variable, recording each wait and notification.
#[derive(Debug)]
pub struct Condvar {
    inner: loom::sync::Condvar,
    declared: &'static Location<'static>,
    instance: u32,
}

impl Default for Condvar {
    #[track_caller]
    fn default() -> Self {
        Self::new()
    }
}

impl Condvar {
    #[track_caller]
    pub fn new() -> Self {
        let declared = Location::caller();
        let instance = names::instance(declared);
        Self { inner: loom::sync::Condvar::new(), declared, instance }
    }

    fn name(&self) -> String {
        names::object("Condvar", self.declared, self.instance)
    }

    #[track_caller]
    pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let at = Location::caller();
        let held = guard.inner.take().expect("the guard is held");
        let name = guard.name;
        record("wait (unlocks)", || format!("{} / {}", self.name(), name.get()), at);
        let woken = |inner| {
            record("woken (relocked)", || format!("{} / {}", self.name(), name.get()), at);
            MutexGuard { inner: Some(inner), name: Named(name.0, at, name.2) }
        };
        match self.inner.wait(held) {
            Ok(inner) => Ok(woken(inner)),
            Err(poisoned) => Err(PoisonError::new(woken(poisoned.into_inner()))),
        }
    }

    /// The model has no clock: this never times out (see `sync::time`).
    #[track_caller]
    pub fn wait_timeout<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        _timeout: std::time::Duration,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        match self.wait(guard) {
            Ok(guard) => Ok((guard, WaitTimeoutResult)),
            Err(poisoned) => Err(PoisonError::new((poisoned.into_inner(), WaitTimeoutResult))),
        }
    }

    #[track_caller]
    pub fn notify_one(&self) {
        self.inner.notify_one();
        record("notify_one", || self.name(), Location::caller());
    }

    #[track_caller]
    pub fn notify_all(&self) {
        self.inner.notify_all();
        record("notify_all", || self.name(), Location::caller());
    }
}

/// The answer to "did the timed wait time out?": never, in a model.
#[derive(Debug, Clone, Copy)]
pub struct WaitTimeoutResult;

impl WaitTimeoutResult {
    pub fn timed_out(&self) -> bool {
        false
    }
}
