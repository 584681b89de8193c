//! parking_lot's `Mutex` and `Condvar` under a model checker: parking_lot's signatures (no
//! poisoning, `wait(&mut guard)`) over the model's std-style lock and condvar.

use crate::sync::model;

/// parking_lot's lock: `lock()` returns the guard itself, there is no poisoning.
pub struct Mutex<T>(model::Mutex<T>);

/// The guard of [`Mutex`]. It holds `None` only inside [`Condvar::wait`], which hands the
/// model's guard to the model's condvar and takes it back.
pub struct MutexGuard<'a, T>(Option<model::MutexGuard<'a, T>>);

impl<T> Mutex<T> {
    #[track_caller]
    pub fn new(value: T) -> Self {
        Self(model::Mutex::new(value))
    }

    #[track_caller]
    pub fn lock(&self) -> MutexGuard<'_, T> {
        MutexGuard(Some(self.0.lock().unwrap()))
    }

    pub fn into_inner(self) -> T {
        self.0.into_inner().unwrap()
    }
}

impl<T> std::ops::Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0.as_ref().expect("guard is present outside wait")
    }
}

impl<T> std::ops::DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.as_mut().expect("guard is present outside wait")
    }
}

/// parking_lot's condvar: waits take the guard by `&mut`.
#[derive(Default)]
pub struct Condvar(model::Condvar);

impl Condvar {
    #[track_caller]
    pub fn new() -> Self {
        Self(model::Condvar::new())
    }

    #[track_caller]
    pub fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) {
        let inner = guard.0.take().expect("guard is present");
        guard.0 = Some(self.0.wait(inner).unwrap());
    }

    /// Wait for a notification. The model has no clock and its timed waits never time
    /// out, so this is [`Condvar::wait`]: a modelled clock thread
    /// ([`crate::sync::time::model_clock`]) sends the notification when "time is up".
    #[track_caller]
    pub fn wait_for<T>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        _timeout: std::time::Duration,
    ) -> WaitTimeoutResult {
        self.wait(guard);
        WaitTimeoutResult(false)
    }

    #[track_caller]
    pub fn notify_one(&self) -> bool {
        self.0.notify_one();
        true
    }

    #[track_caller]
    pub fn notify_all(&self) -> usize {
        self.0.notify_all();
        0
    }
}

/// parking_lot's answer to "did the timed wait time out?" (never, in a model).
pub struct WaitTimeoutResult(bool);

impl WaitTimeoutResult {
    pub fn timed_out(&self) -> bool {
        self.0
    }
}
