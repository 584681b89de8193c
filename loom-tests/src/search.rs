//! The loom runner owns its search: every limit loom would otherwise take from the
//! environment (`LOOM_MAX_PERMUTATIONS`, `LOOM_MAX_DURATION`, `LOOM_MAX_PREEMPTIONS`,
//! `LOOM_CHECKPOINT_FILE`, ...) is set here, so a verdict never reads "proved" after a search
//! that a leftover variable cut short. The variables found are recorded in each verdict as
//! ignored.

use std::sync::OnceLock;

/// Every variable loom 0.7's `Builder::new` reads.
pub const LOOM_VARIABLES: [&str; 8] = [
    "LOOM_MAX_BRANCHES",
    "LOOM_MAX_PERMUTATIONS",
    "LOOM_MAX_DURATION",
    "LOOM_MAX_PREEMPTIONS",
    "LOOM_CHECKPOINT_FILE",
    "LOOM_CHECKPOINT_INTERVAL",
    "LOOM_LOCATION",
    "LOOM_LOG",
];

/// Thread switches allowed in one execution before loom gives up on the model (loom's own
/// default, stated here so the environment cannot change it).
pub const MAX_BRANCHES: usize = 1_000;

/// How a parent hands its findings to the child process running one check (a JSON list
/// of `NAME=value`): the child's own environment no longer holds them.
pub const INHERITED_VAR: &str = "THREADLAB_LOOM_IGNORED_ENV";

static FOUND: OnceLock<Vec<String>> = OnceLock::new();

/// The `LOOM_*` variables set when the suite started, as `NAME=value`: recorded in every
/// verdict, obeyed by none.
pub fn ignored_environment() -> Vec<String> {
    FOUND.get_or_init(read_environment).clone()
}

fn read_environment() -> Vec<String> {
    if let Some(list) = inherited() {
        return list;
    }
    LOOM_VARIABLES
        .iter()
        .filter_map(|name| {
            std::env::var_os(name).map(|v| format!("{name}={}", v.to_string_lossy()))
        })
        .collect()
}

/// The list a parent process handed down, if this is a child.
fn inherited() -> Option<Vec<String>> {
    serde_json::from_str(&std::env::var(INHERITED_VAR).ok()?).ok()
}

/// The `(name, value)` that hands [`ignored_environment`] down to a child process.
pub fn inheritance() -> (&'static str, String) {
    let list = serde_json::to_string(&ignored_environment()).unwrap_or_else(|_| "[]".into());
    (INHERITED_VAR, list)
}

/// Record the `LOOM_*` variables, then remove them from this process, so that loom's
/// `Builder::new` cannot read them (it panics on a malformed one).
///
/// # Safety
/// Call it first thing in `main`, before any other thread exists: removing an environment
/// variable while another thread may read the environment is undefined behaviour.
pub unsafe fn take_environment() {
    let found = ignored_environment();
    if !found.is_empty() && inherited().is_none() {
        eprintln!(
            "loom-tests: ignoring {} (the runner sets its own search limits)",
            found.join(" ")
        );
    }
    for name in LOOM_VARIABLES {
        // SAFETY: the caller guarantees no other thread exists yet.
        unsafe { std::env::remove_var(name) };
    }
}

/// A loom builder whose every search limit is the runner's: `preemption_bound` as the
/// catalogue says, no permutation or time limit, no checkpoint, no location tracking or
/// log, loom's default branch limit.
#[cfg(loom)]
pub fn builder(preemption_bound: Option<usize>) -> loom::model::Builder {
    // Record what the environment held before loom reads it.
    let _ = ignored_environment();
    let mut builder = loom::model::Builder::new();
    builder.max_branches = MAX_BRANCHES;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.preemption_bound = preemption_bound;
    builder.checkpoint_file = None;
    builder.location = false;
    builder.log = false;
    builder
}
