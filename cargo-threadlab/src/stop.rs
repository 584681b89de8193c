//! Ctrl-C: the step running gets it too (the terminal signals the whole foreground group)
//! and stops as it would alone; the job then runs no further step and exits 130.

use std::sync::atomic::{AtomicBool, Ordering};

static STOPPING: AtomicBool = AtomicBool::new(false);

/// Note a stop signal instead of dying of it, so the running step can end first.
pub fn install() {
    // Without a handler the default (dying at once) stands: not worth failing the run for.
    let _ = ctrlc::set_handler(|| STOPPING.store(true, Ordering::SeqCst));
}

/// Whether a stop signal came.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}
