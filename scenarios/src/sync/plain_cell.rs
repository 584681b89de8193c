//! An `UnsafeCell` with loom's closure API (`with`, `with_mut`) that tracks nothing: what
//! real runs and shuttle use where loom uses its own cell. shuttle only schedules at
//! synchronisation points, so a data race on this cell is invisible to it.

/// std's `UnsafeCell` behind loom's closure API.
#[derive(Debug, Default)]
pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

impl<T> UnsafeCell<T> {
    /// A cell holding `value`.
    pub const fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    /// Read through a pointer to the value.
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Write through a pointer to the value.
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }

    /// The value, taking the cell.
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}
