//! The standard error stream under a model checker: std's process-wide stream lock is
//! stood in for by a modelled `Mutex` (the checker cannot see inside std's lock), and the
//! bytes written go nowhere.

use crate::sync::model;

/// A handle on the stream; `lock()` holds the stand-in lock for several writes.
pub struct StdErr {
    lock: model::Mutex<()>,
}

impl Default for StdErr {
    fn default() -> Self {
        Self::new()
    }
}

impl StdErr {
    pub fn new() -> Self {
        Self { lock: model::Mutex::new(()) }
    }

    pub fn lock(&self) -> StandInLock<'_> {
        StandInLock(self.lock.lock().unwrap())
    }
}

/// Holds the stand-in lock; written bytes are discarded.
pub struct StandInLock<'a>(#[allow(dead_code)] model::MutexGuard<'a, ()>);

impl std::io::Write for StandInLock<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
