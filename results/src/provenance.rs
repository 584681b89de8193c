//! Where a result came from: the record every verdict and every per-strategy entry carries.
//!
//! A writer fills it with [`Provenance::record`] (one call per writer side: the loom
//! runner, each deep tier, stress, calibration, the benches); the report compares its
//! `source_hash` with a hash of the files in the tree (see [`crate::source_hash`]) to tell
//! a current result from a stale one.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

/// The threadlab version every writer records (the workspace's, shared by all crates).
pub const THREADLAB_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where one result came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// When it was recorded, RFC 3339 in UTC (e.g. `2026-11-23T13:40:00Z`).
    pub recorded_at: String,
    /// The workspace's `git` commit when it was recorded; `None` outside a git checkout.
    pub commit: Option<String>,
    /// Whether the checkout had uncommitted changes then; `None` where unknown.
    pub dirty: Option<bool>,
    /// The hash of the code that ran (embedded in the binary when it was built; see
    /// [`crate::source_hash`]); `None` for a result not tied to one strategy (calibration).
    pub source_hash: Option<String>,
    pub threadlab_version: String,
    /// What produced it: `loom`, `miri`, `tsan`, `shuttle`, `stress`, `calibrate`,
    /// `criterion`, `fairness`.
    pub tool: String,
    /// The tool's version (loom's from `Cargo.lock`, Miri's nightly `rustc`, shuttle's...).
    pub tool_version: String,
    /// Environment settings that change the result (`NAME` to value); empty when none did.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
}

impl Provenance {
    /// A record made now, for `tool` at `tool_version`, of code hashed `source_hash`; the
    /// commit and dirty flag are read from `git` in `workspace` (when there is one).
    pub fn record(
        workspace: Option<&Path>,
        tool: &str,
        tool_version: &str,
        source_hash: Option<String>,
        env: BTreeMap<String, String>,
    ) -> Self {
        let (commit, dirty) = workspace.map(git_state).unwrap_or((None, None));
        Provenance {
            recorded_at: now_rfc3339(),
            commit,
            dirty,
            source_hash,
            threadlab_version: THREADLAB_VERSION.to_owned(),
            tool: tool.to_owned(),
            tool_version: tool_version.to_owned(),
            env,
        }
    }

    /// The commit, shortened, with `+dirty` where the checkout had changes: how the report
    /// names where a stale result came from.
    pub fn commit_label(&self) -> String {
        let commit = self.commit.as_deref().map_or("unknown commit", |c| &c[..c.len().min(10)]);
        if self.dirty == Some(true) { format!("{commit}+dirty") } else { commit.to_owned() }
    }
}

/// The version of crate `name` in `<workspace>/Cargo.lock` (the first one listed).
pub fn locked_version(workspace: &Path, name: &str) -> Option<String> {
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    let wanted = format!("name = \"{name}\"");
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines.next()?.strip_prefix("version = ")?;
            return Some(version.trim_matches('"').to_owned());
        }
    }
    None
}

/// The current time, RFC 3339, UTC, whole seconds.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// `(commit, dirty)` of the git checkout at `workspace`, `(None, None)` without git.
fn git_state(workspace: &Path) -> (Option<String>, Option<bool>) {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(workspace)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let Some(commit) = git(&["rev-parse", "HEAD"]) else { return (None, None) };
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).map(|s| !s.is_empty());
    (Some(commit), dirty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_names_its_tool_and_time_and_round_trips() {
        let record = Provenance::record(None, "loom", "0.7.3", Some("ab".into()), BTreeMap::new());
        assert_eq!(record.commit, None);
        assert_eq!(record.commit_label(), "unknown commit");
        assert!(record.recorded_at.ends_with('Z') && record.recorded_at.len() == 20);
        let text = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Provenance>(&text).unwrap(), record);
    }

    #[test]
    fn the_locked_version_is_read_from_the_workspaces_cargo_lock() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert!(locked_version(workspace, "serde").is_some_and(|v| v.starts_with("1.")));
        assert_eq!(locked_version(workspace, "no-such-crate"), None);
    }

    #[test]
    fn a_dirty_commit_says_so() {
        let mut record = Provenance::record(None, "stress", "0.1.0", None, BTreeMap::new());
        record.commit = Some("0123456789abcdef".into());
        record.dirty = Some(true);
        assert_eq!(record.commit_label(), "0123456789+dirty");
    }
}
