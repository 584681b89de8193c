//! Where results go, found from where the command runs (never from where it was built), so
//! a copied or installed binary writes where `threadlab report` looks.

use std::path::{Path, PathBuf};

/// The folder results go to outside any workspace, relative to the current directory.
pub const OUTSIDE_WORKSPACE: &str = "threadlab-results";

/// The nearest directory at or above `start` whose `Cargo.toml` declares `[workspace]`.
pub fn find_workspace(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| is_workspace(dir)).map(Path::to_path_buf)
}

fn is_workspace(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|text| text.lines().any(|l| l.trim() == "[workspace]"))
}

/// The workspace the current directory is in, if any.
pub fn current_workspace() -> Option<PathBuf> {
    find_workspace(&std::env::current_dir().ok()?)
}

/// The results root: `$THREADLAB_RESULTS` when set (an empty value is refused by
/// [`check_results_root`]); else `target/threadlab` of the workspace the command runs in;
/// else `./threadlab-results`.
pub fn results_root() -> PathBuf {
    match std::env::var_os("THREADLAB_RESULTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => match current_workspace() {
            Some(workspace) => workspace.join("target").join("threadlab"),
            None => PathBuf::from(OUTSIDE_WORKSPACE),
        },
    }
}

/// The results root, checked before any work: `THREADLAB_RESULTS` set but empty, or a
/// root (or one of its parents) that is a file, is refused with a message naming it.
pub fn check_results_root() -> Result<PathBuf, String> {
    if std::env::var_os("THREADLAB_RESULTS").is_some_and(|v| v.is_empty()) {
        return Err("THREADLAB_RESULTS is set but empty: unset it or name a folder".to_owned());
    }
    let root = results_root();
    if let Some(file) = root.ancestors().find(|p| p.is_file()) {
        return Err(format!(
            "results folder {}: {} is a file, not a folder (set THREADLAB_RESULTS to a folder)",
            root.display(),
            file.display()
        ));
    }
    if let Err(e) = std::fs::create_dir_all(&root) {
        return Err(format!("results folder {}: cannot create it ({e})", root.display()));
    }
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_the_nearest_cargo_toml_declaring_one() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let found = find_workspace(&here.join("src")).unwrap();
        assert_eq!(found, here.parent().unwrap(), "results/ is a member, not the workspace");
        assert_eq!(find_workspace(Path::new("/")), None);
    }
}
