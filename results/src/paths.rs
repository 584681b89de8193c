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

/// The workspace the current directory is in, if any: the one way threadlab finds it.
pub fn current_workspace() -> Option<PathBuf> {
    find_workspace(&std::env::current_dir().ok()?)
}

/// The results root, the same for every command: `$THREADLAB_RESULTS` when set (set but
/// empty is refused, with a line saying so); else `target/threadlab` of the workspace the
/// command runs in; else `./threadlab-results`.
pub fn results_root() -> Result<PathBuf, String> {
    match std::env::var_os(RESULTS_VAR) {
        Some(dir) if dir.is_empty() => {
            Err(format!("{RESULTS_VAR} is set but empty: unset it or name a folder"))
        }
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(match current_workspace() {
            Some(workspace) => workspace.join("target").join("threadlab"),
            None => PathBuf::from(OUTSIDE_WORKSPACE),
        }),
    }
}

/// The variable that names the results root.
pub const RESULTS_VAR: &str = "THREADLAB_RESULTS";

/// The results root for a command that writes, checked before any work: one that is (or
/// is under) a file, or cannot be created, is refused with a message naming it.
pub fn check_results_root() -> Result<PathBuf, String> {
    let root = results_root()?;
    if let Some(file) = root.ancestors().find(|p| p.is_file()) {
        return Err(format!(
            "results folder {}: {} is a file, not a folder (set {RESULTS_VAR} to a folder)",
            root.display(),
            file.display()
        ));
    }
    if let Err(e) = std::fs::create_dir_all(&root) {
        return Err(format!("results folder {}: cannot create it ({e})", root.display()));
    }
    Ok(root)
}

/// The results root for a command that only reads: a root `$THREADLAB_RESULTS` names that
/// does not exist is refused (no command wrote there), as is one that is not a folder.
pub fn existing_results_root() -> Result<PathBuf, String> {
    let root = results_root()?;
    let named = std::env::var_os(RESULTS_VAR).is_some();
    match std::fs::metadata(&root) {
        Ok(meta) if !meta.is_dir() => {
            Err(format!("results folder {}: not a folder", root.display()))
        }
        Err(e) if named && e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "{RESULTS_VAR}={}: no such folder (no command wrote results there)",
            root.display()
        )),
        _ => Ok(root),
    }
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
