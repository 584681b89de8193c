//! The hash of the code each strategy was built from, embedded at build time
//! (`scenarios/build.rs`), so a result records the code that ran even from a copied binary.
//!
//! A user crate's own files are not in that table (this crate's build cannot see them):
//! they are hashed when the crate registers ([`super::register_user`]), and trusted as
//! the code built into the running binary only when none of them is newer than the
//! binary itself, the same test cargo makes before it rebuilds. Where one is newer, the
//! crate's strategies record no hash, so their results read as unknown, never current.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use threadlab_results::source_hash::{SourceEntry, scan, scan_crate};

use super::{Scenario, Strategy, UserCrate};

/// `(path relative to the workspace, SHA-256)` of every file under `scenarios/src` when
/// this crate was built.
pub const BUILT_SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// The threadlab workspace this crate was built from (the parent of `scenarios/`): where a
/// user crate's report finds the built-in sources to compare with.
pub const THREADLAB_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// [`BUILT_SOURCES`], then the registered crate's own files as the binary was built from
/// them (set at most once, by [`super::register_user`]).
static BUILT_WITH_USER: OnceLock<Vec<SourceEntry>> = OnceLock::new();

/// What `file!()` puts before the crate's own `src/...` paths: empty where the crate is its
/// own workspace, `member/` where it is a member of a larger one.
static USER_PREFIX: OnceLock<String> = OnceLock::new();

/// The user crate's files under `src/`, hashed, named as `file!()` names them there.
fn scan_user(user: &UserCrate) -> Vec<SourceEntry> {
    let mut own = scan_crate(Path::new(user.dir));
    let prefix = USER_PREFIX.get_or_init(|| file_prefix(user, &own));
    for (path, _) in &mut own {
        path.insert_str(0, prefix);
    }
    own
}

/// The prefix that turns a scanned `src/x.rs` into the `file!()` of a registered strategy
/// (found from the first strategy whose file was scanned; empty if none was).
fn file_prefix(user: &UserCrate, scanned: &[SourceEntry]) -> String {
    let sources = user.registered.iter().flat_map(|r| r.strategies).flat_map(|s| s.sources());
    for source in sources {
        for (path, _) in scanned {
            if let Some(prefix) = source.strip_suffix(path.as_str())
                && (prefix.is_empty() || prefix.ends_with('/'))
            {
                return prefix.to_owned();
            }
        }
    }
    String::new()
}

/// Record the user crate's files as built into this binary; `Err` says why they cannot
/// be trusted to be (a file newer than the binary, or an unreadable folder).
pub(super) fn record_user_sources(user: &UserCrate) -> Result<(), String> {
    let dir = Path::new(user.dir);
    let own = scan_user(user);
    if own.is_empty() {
        return Err(format!(
            "no source files found under {}/src: this crate's results record no source hash",
            user.dir
        ));
    }
    if let Some(newer) = newer_than_binary(dir, &own) {
        return Err(format!(
            "{newer} changed after this binary was built, so the binary may not hold it: \
             this run's results record no source hash (rebuild; `cargo run` does)"
        ));
    }
    let mut table: Vec<SourceEntry> =
        BUILT_SOURCES.iter().map(|(p, h)| ((*p).to_owned(), (*h).to_owned())).collect();
    table.extend(own);
    let _ = BUILT_WITH_USER.set(table);
    Ok(())
}

/// The first of `files` (paths under `dir`) modified after the running executable was.
fn newer_than_binary(dir: &Path, files: &[SourceEntry]) -> Option<String> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let binary: SystemTime = std::env::current_exe().ok().as_deref().and_then(modified)?;
    let prefix = USER_PREFIX.get().map_or("", String::as_str);
    files
        .iter()
        .map(|(path, _)| path.strip_prefix(prefix).unwrap_or(path))
        .find(|path| modified(&dir.join(path)).is_some_and(|m| m > binary))
        .map(str::to_owned)
}

/// The sources in the trees now, hashed with the one function: the threadlab workspace
/// `workspace` (`scenarios/src`) and, where a crate registered, that crate's own `src/`.
pub fn tree_now(workspace: Option<PathBuf>) -> Vec<SourceEntry> {
    let user = super::user_crate();
    let workspace = match (workspace, user) {
        // A user crate's workspace has no `scenarios/`: the built-in code it ran is the
        // checkout it depends on.
        (Some(w), _) if w.join("scenarios").join("src").is_dir() => Some(w),
        (_, Some(_)) => Some(PathBuf::from(THREADLAB_DIR)),
        (w, None) => w,
    };
    let mut table = workspace.map(|w| scan(&w)).unwrap_or_default();
    if let Some(user) = user {
        table.extend(scan_user(user));
    }
    table
}

impl Scenario {
    /// The `source_hash` of `strategy` as built into this binary: its files, this
    /// scenario's shared files, the facade, the catalogue and the worker code.
    pub fn built_source_hash(&self, strategy: &Strategy) -> Option<String> {
        match BUILT_WITH_USER.get() {
            Some(table) => self.source_hash_in(strategy, table),
            None => self.source_hash_in(strategy, BUILT_SOURCES),
        }
    }

    /// The `source_hash` of `strategy` read from `table` (e.g. a scan of the tree now).
    pub fn source_hash_in<P: AsRef<str>, H: AsRef<str>>(
        &self,
        strategy: &Strategy,
        table: &[(P, H)],
    ) -> Option<String> {
        threadlab_results::source_hash::strategy_hash(
            table,
            &strategy.sources(),
            self.shared_sources,
        )
    }
}

#[cfg(all(test, not(loom), not(shuttle)))]
mod tests {
    use super::*;
    use crate::catalogue::{Registered, Strategy, declare::workspace_relative};
    use crate::shared_counter::SCENARIO;

    #[test]
    fn a_built_in_file_named_absolutely_is_named_from_the_workspace() {
        let absolute = concat!(env!("CARGO_MANIFEST_DIR"), "/src/shared_counter/atomic.rs");
        assert_eq!(workspace_relative(absolute), "scenarios/src/shared_counter/atomic.rs");
        assert_eq!(workspace_relative("src/ticket.rs"), "src/ticket.rs");
    }

    #[test]
    fn a_member_crate_s_files_take_the_prefix_file_names_them_with() {
        let mine = |source| Strategy { source, also_sources: &[], ..SCENARIO.strategies[0] };
        let scanned = vec![("src/mine.rs".to_owned(), "h".to_owned())];
        for (source, prefix) in
            [("member/src/mine.rs", "member/"), ("src/mine.rs", ""), ("elsewhere.rs", "")]
        {
            let strategies: &'static [Strategy] = Box::leak(Box::new([mine(source)]));
            let registered: &'static [Registered] =
                Box::leak(Box::new([Registered { scenario: &SCENARIO, strategies }]));
            let user = UserCrate { dir: "/nowhere", registered };
            assert_eq!(file_prefix(&user, &scanned), prefix, "{source}");
        }
    }
}
