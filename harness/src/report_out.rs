//! Where `threadlab report` writes, checked before anything is read: the workspace's
//! `reports/` by default (from any folder inside it), or `--out`, which must be a folder of
//! its own (the report replaces it whole, keeping the files it did not write).

use std::path::{Path, PathBuf};

/// The output folder for `--out requested` (`None`: the default), or why it cannot be one.
pub fn resolve(requested: Option<&Path>) -> Result<PathBuf, String> {
    let Some(out) = requested else {
        let here =
            std::env::current_dir().map_err(|e| format!("cannot read the current folder ({e})"))?;
        let base = threadlab_results::paths::find_workspace(&here).unwrap_or(here);
        let out = base.join("reports");
        probe_beside(&out)?;
        return Ok(out);
    };
    let shown = out.display();
    if out.exists() && !out.is_dir() {
        return Err(format!("--out {shown}: a file, not a folder; name a folder for the report"));
    }
    if let (Ok(out), Ok(here)) = (out.canonicalize(), std::env::current_dir())
        && here.starts_with(&out)
    {
        return Err(format!(
            "--out {shown}: holds the current folder; the report replaces its folder whole, so name a folder of its own (e.g. reports)"
        ));
    }
    for marker in ["Cargo.toml", ".git"] {
        if out.join(marker).exists() {
            return Err(format!(
                "--out {shown}: holds {marker}, a project, not a report folder; name a folder of its own"
            ));
        }
    }
    probe_beside(out)?;
    Ok(out.to_path_buf())
}

/// The report is written into a fresh folder beside `out`: its parent must take a file.
fn probe_beside(out: &Path) -> Result<(), String> {
    let absolute = std::path::absolute(out).map_err(|e| format!("--out {}: {e}", out.display()))?;
    let parent = absolute.parent().unwrap_or(Path::new("/"));
    threadlab_results::probe::probe_writable("--out: the folder", parent)
}

/// What `report --strict` refuses in a rendered report, in one line: `None` where every
/// result shown is current and no file was skipped. Stale results are also printed, one
/// line each, strict or not.
pub fn strict_refusal(summary: &threadlab_report::ReportSummary) -> Option<String> {
    let audit = &summary.audit;
    for stale in &audit.stale {
        eprintln!("threadlab: stale: {stale}");
    }
    (!(audit.all_current() && summary.warnings.is_empty())).then(|| {
        format!(
            "--strict: {} stale, {} not run, {} of unknown freshness, {} file(s) skipped",
            audit.stale.len(),
            audit.missing.len(),
            audit.unknown.len(),
            summary.warnings.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_a_project_or_the_current_folder_is_refused_as_out() {
        let dir = std::env::temp_dir().join(format!("threadlab-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("project")).unwrap();
        std::fs::write(dir.join("a-file"), "x").unwrap();
        std::fs::write(dir.join("project").join("Cargo.toml"), "[workspace]").unwrap();
        let err = resolve(Some(&dir.join("a-file"))).unwrap_err();
        assert!(err.contains("a file, not a folder"), "{err}");
        let err = resolve(Some(&dir.join("project"))).unwrap_err();
        assert!(err.contains("holds Cargo.toml"), "{err}");
        let err = resolve(Some(Path::new("/"))).unwrap_err();
        assert!(err.contains("holds the current folder"), "{err}");
        assert_eq!(resolve(Some(&dir.join("new"))).unwrap(), dir.join("new"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_default_is_the_workspaces_reports_folder() {
        // Tests run in the crate's folder, a subfolder of the workspace.
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert_eq!(resolve(None).unwrap(), workspace.join("reports"));
    }
}
