//! The standard error stream under a model checker: std's process-wide stream lock is
//! stood in for by a modelled `Mutex` (the checker cannot see inside std's lock), and the
//! bytes written are kept in the buffer that lock guards, in the order the stream took
//! them, instead of reaching the terminal.
//!
//! So what a reader of the stream would see is exactly what the stand-in lock serialised:
//! two writes made under one `lock()` stay together, and two writes made under two
//! `lock()`s can have another thread's write between them, in the executions where loom
//! schedules that thread's lock in between. Under loom each write is also a step of the
//! trace (`write` on `stderr`, with the text written), so a torn line reads as a story.

use std::panic::Location;

use crate::sync::model;

/// A handle on the stream; `lock()` holds the stand-in lock for several writes.
pub struct StdErr {
    lock: model::Mutex<Vec<u8>>,
}

impl Default for StdErr {
    fn default() -> Self {
        Self::new()
    }
}

impl StdErr {
    pub fn new() -> Self {
        Self { lock: model::Mutex::new(Vec::new()) }
    }

    /// Take the stand-in stream lock (recorded where it is called).
    #[track_caller]
    pub fn lock(&self) -> StandInLock<'_> {
        StandInLock { written: self.lock.lock().unwrap(), at: Location::caller() }
    }

    /// Everything written through this handle, in the order the stream received it.
    pub fn written(self) -> String {
        String::from_utf8_lossy(&self.lock.into_inner().unwrap()).into_owned()
    }
}

/// Holds the stand-in lock; each write appends to the stream's buffer.
pub struct StandInLock<'a> {
    written: model::MutexGuard<'a, Vec<u8>>,
    /// Where the lock was taken: the trace's location for the writes made under it.
    #[cfg_attr(not(loom), allow(dead_code))]
    at: &'static Location<'static>,
}

impl std::io::Write for StandInLock<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        #[cfg(loom)]
        crate::sync::trace::record_value(
            "write",
            || "stderr".to_owned(),
            || Some(format!("{:?}", String::from_utf8_lossy(buf))),
            None,
            self.at,
        );
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
