//! The per-execution log of steps, and the switch that turns recording on.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::panic::Location;

use threadlab_results::loom::TraceStep;

// One log per OS thread: loom runs every modelled thread of a model on the OS thread that
// called `check`, while the test runner checks several models at once on other threads.
thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static LATEST_READS: Cell<bool> = const { Cell::new(false) };
    static LOG: RefCell<Vec<TraceStep>> = const { RefCell::new(Vec::new()) };
    /// The modelled threads inside a stand-in's operation: their inner steps stay out of the
    /// log, which shows the operation as the one step the crate's API is.
    static QUIET: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The value each atomic (by name) last had written in this execution, in log order.
    static LATEST: RefCell<Option<HashMap<String, String>>> = const { RefCell::new(None) };
}

/// Switch recording on or off (off by default: proofs run without it).
pub fn switch(on: bool) {
    ON.with(|cell| cell.set(on));
}

/// Make every recorded atomic load read the latest value written (by a read-modify-write
/// that writes back what it read), or stop doing so. Off by default: proofs and the plain
/// search explore every value loom's memory model allows. The counter-example search turns
/// it on to find a failure that is a plain interleaving, with no weak-memory read, where
/// one exists: each such execution is one the real program can have (a load is always
/// allowed to see the latest store), so the trace it finds is a real one.
pub fn read_latest(on: bool) {
    LATEST_READS.with(|cell| cell.set(on));
}

/// Whether loads read the latest value (see [`read_latest`]).
pub(crate) fn reading_latest() -> bool {
    LATEST_READS.with(Cell::get)
}

/// Whether recording is on.
pub fn recording() -> bool {
    ON.with(Cell::get)
}

/// Start a new execution: forget the steps and the thread names of the last one.
pub fn reset() {
    LOG.with(|log| log.borrow_mut().clear());
    QUIET.with(|quiet| quiet.borrow_mut().clear());
    LATEST.with(|latest| *latest.borrow_mut() = None);
    super::names::reset_threads();
}

/// The steps recorded since the last [`reset`].
pub fn take() -> Vec<TraceStep> {
    LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
}

/// Record one step of the current modelled thread, when recording is on.
pub(crate) fn record(op: &str, object: impl FnOnce() -> String, at: &'static Location<'static>) {
    record_value(op, object, || None, None, at);
}

/// Record one step with a value and an ordering, when recording is on. Nothing is recorded
/// while a thread unwinds (loom may be tearing the execution down after a deadlock).
pub(crate) fn record_value(
    op: &str,
    object: impl FnOnce() -> String,
    value: impl FnOnce() -> Option<String>,
    ordering: Option<std::sync::atomic::Ordering>,
    at: &'static Location<'static>,
) {
    if !recording() || std::thread::panicking() {
        return;
    }
    let thread = super::names::current_thread();
    if QUIET.with(|quiet| quiet.borrow().contains(&thread)) {
        return;
    }
    let mut step = TraceStep {
        step: 0,
        thread,
        op: op.to_owned(),
        object: object(),
        value: value(),
        ordering: ordering.map(|o| format!("{o:?}")),
        location: format!("{}:{}", at.file(), at.line()),
    };
    LOG.with(|log| {
        let mut log = log.borrow_mut();
        step.step = log.len() + 1;
        log.push(step);
    });
}

/// Record `op` on `object` as one step, then run `f` (the stand-in's own locks and
/// condvars) with this modelled thread's steps kept out of the log: a crate's operation is
/// one step of the story, as it would be without the stand-in.
pub(crate) fn one_step<R>(
    op: &str,
    object: impl FnOnce() -> String,
    at: &'static Location<'static>,
    f: impl FnOnce() -> R,
) -> R {
    record(op, object, at);
    quietly(f)
}

/// Run `f` with this modelled thread's steps kept out of the log (a stand-in's own
/// bookkeeping: cloning or dropping a channel end).
pub(crate) fn quietly<R>(f: impl FnOnce() -> R) -> R {
    if !recording() {
        return f();
    }
    let me = super::names::current_thread();
    QUIET.with(|quiet| quiet.borrow_mut().push(me.clone()));
    let result = f();
    QUIET.with(|quiet| {
        let mut quiet = quiet.borrow_mut();
        if let Some(i) = quiet.iter().position(|t| *t == me) {
            quiet.remove(i);
        }
    });
    result
}

/// Note that `value` was written to the atomic `object` (when recording).
pub(crate) fn note_write(object: impl FnOnce() -> String, value: String) {
    if recording() {
        let object = object();
        LATEST.with(|latest| {
            latest.borrow_mut().get_or_insert_with(HashMap::new).insert(object, value)
        });
    }
}

/// A load's value as the trace shows it: `seen`, and where the latest value written to
/// `object` in the log's order differs, that too (a weak-memory read: loom let this load
/// see an older store, as `Relaxed` allows).
pub(crate) fn as_seen(object: &str, seen: String) -> String {
    let newest =
        LATEST.with(|latest| latest.borrow().as_ref().and_then(|m| m.get(object).cloned()));
    match newest {
        Some(newest) if newest != seen => format!("{seen} (stale: latest write {newest})"),
        _ => seen,
    }
}

/// Whether a load in the log so far read a stale value (see [`as_seen`]).
pub fn stale_read_so_far() -> bool {
    LOG.with(|log| {
        log.borrow().iter().any(|s| s.value.as_deref().is_some_and(|v| v.contains("(stale")))
    })
}
