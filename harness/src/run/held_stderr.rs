//! What a strategy writes to the real stderr while `run` runs it, held back and shown in its
//! own block: a strategy that prints for real (interleaving's `stdout_lock`) would otherwise
//! scatter its raw lines above everything `run` prints.

use std::io::Read;

/// Run `f` with the process's stderr redirected to a buffer; return what it wrote there
/// (`None` where nothing was written, or where stderr could not be redirected: another
/// redirect is in force, as when tests run side by side, and then the writes go through).
pub fn held<R>(f: impl FnOnce() -> R) -> (R, Option<String>) {
    let Ok(mut redirect) = gag::BufferRedirect::stderr() else {
        return (f(), None);
    };
    let result = f();
    let mut written = String::new();
    // A read that fails loses only the copy shown to the user, not the run.
    let read = redirect.read_to_string(&mut written);
    drop(redirect);
    (result, read.ok().filter(|_| !written.is_empty()).map(|_| written))
}
