//! Putting a rendered report into its output folder, so that no reader ever finds a page
//! pointing at a missing chart and no file the report did not write is lost.
//!
//! The report is written whole into a fresh sibling folder (`.<out>.staging-<pid>`) with a
//! manifest of its files ([`ReportManifest`]); the user's files in `<out>` (anything the
//! previous manifest does not list) are linked in beside it; then the two folders are
//! swapped in one `renameat2(RENAME_EXCHANGE)` where the file system has it (two renames
//! where it does not), and the old one is removed. All of it runs under a lock on `<out>`,
//! so two reports into one folder take turns. An interrupted report leaves `<out>` as it
//! was; what it left beside it (a staging folder, a half-swapped old one) is swept by the
//! next report, as are the `.<name>.<pid>.tmp` files earlier versions could leave inside.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use threadlab_results::report_manifest::{self, ReportManifest};

/// One file of the report: its path relative to the output folder (with `/`) and bytes.
pub struct Output<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
}

/// Write `files` as the whole report in `out`, replacing the files the previous report
/// wrote there and keeping every other file.
pub fn publish(out: &Path, files: &[Output<'_>]) -> Result<()> {
    let (parent, name) = split(out)?;
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    let result = threadlab_results::lock::with_lock(out, || {
        publish_locked(out, &parent, &name, files).map_err(std::io::Error::other)
    });
    result.map_err(|e| anyhow::anyhow!("{e}"))
}

/// The folder `out` is in and its name (`reports` for `./reports`).
fn split(out: &Path) -> Result<(PathBuf, String)> {
    let absolute = std::path::absolute(out)
        .with_context(|| format!("cannot resolve the output folder {}", out.display()))?;
    let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        bail!("{}: not a folder a report can be written to", out.display());
    };
    Ok((parent.to_path_buf(), name.to_string_lossy().into_owned()))
}

fn publish_locked(
    out: &Path,
    parent: &Path,
    name: &str,
    files: &[Output<'_>],
) -> Result<(), String> {
    sweep_beside(out, parent, name)?;
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let written = write_staging(&staging, files);
    let carried = written.and_then(|()| carry_users_files(out, &staging, files));
    if let Err(e) = carried {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(out, &staging, parent, name)
}

/// Remove what an interrupted report left beside `out`: a staging folder, or an old report
/// that was moved aside (put back first where `out` itself is missing).
fn sweep_beside(out: &Path, parent: &Path, name: &str) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    let (staging, retired) = (format!(".{name}.staging-"), format!(".{name}.retired-"));
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with(&retired) && !out.exists() {
            std::fs::rename(&path, out).map_err(|e| io_error("restore", &path, e))?;
        } else if file_name.starts_with(&staging) || file_name.starts_with(&retired) {
            std::fs::remove_dir_all(&path).map_err(|e| io_error("remove", &path, e))?;
        }
    }
    Ok(())
}

fn write_staging(staging: &Path, files: &[Output<'_>]) -> Result<(), String> {
    std::fs::create_dir(staging).map_err(|e| io_error("create", staging, e))?;
    for file in files {
        write_file(&staging.join(file.path), file.bytes)?;
    }
    let manifest = ReportManifest::new(files.iter().map(|f| f.path.to_owned()).collect());
    write_file(&staging.join(report_manifest::FILE_NAME), manifest.to_json().as_bytes())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    }
    let mut file = std::fs::File::create(path).map_err(|e| io_error("create", path, e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io_error("write", path, e))
}

/// Link (or copy) into `staging` every file in `out` that is not the previous report's: not
/// in its manifest, not written anew, and not a temporary an interrupted write left.
fn carry_users_files(out: &Path, staging: &Path, files: &[Output<'_>]) -> Result<(), String> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(format!("{}: a file, not a folder (name a folder with --out)", out.display()));
    }
    // An unreadable manifest owns nothing: every file is kept rather than guessed at.
    let previous = ReportManifest::read_in(out).ok().flatten();
    let ours = |relative: &str| {
        relative == report_manifest::FILE_NAME
            || files.iter().any(|f| f.path == relative)
            || previous.as_ref().is_some_and(|m| m.lists(relative))
    };
    carry_dir(out, staging, "", &ours)
}

fn carry_dir(
    from: &Path,
    to: &Path,
    prefix: &str,
    ours: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let entries = std::fs::read_dir(from).map_err(|e| io_error("read the folder", from, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error("read the folder", from, e))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{file_name}");
        let (source, target) = (entry.path(), to.join(&file_name));
        let kind = entry.file_type().map_err(|e| io_error("read", &source, e))?;
        if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| io_error("create", &target, e))?;
            carry_dir(&source, &target, &format!("{relative}/"), ours)?;
        } else if !ours(&relative) && !is_stale_temporary(&file_name) {
            if target.is_dir() {
                return Err(format!(
                    "{}: the report writes a folder of that name; move the file away",
                    source.display()
                ));
            }
            carry_file(&source, &target, kind.is_symlink())?;
        }
    }
    Ok(())
}

fn carry_file(source: &Path, target: &Path, symlink: bool) -> Result<(), String> {
    if symlink {
        let link = std::fs::read_link(source).map_err(|e| io_error("read the link", source, e))?;
        #[cfg(unix)]
        return std::os::unix::fs::symlink(link, target).map_err(|e| io_error("link", target, e));
        #[cfg(not(unix))]
        return std::fs::copy(source, target).map(drop).map_err(|e| io_error("copy", target, e));
    }
    std::fs::hard_link(source, target)
        .or_else(|_| std::fs::copy(source, target).map(drop))
        .map_err(|e| io_error("copy", source, e))
}

/// `.<name>.<pid>.tmp`: what an atomic write that was interrupted leaves.
fn is_stale_temporary(file_name: &str) -> bool {
    let Some(stem) = file_name.strip_suffix(".tmp") else { return false };
    let pid = stem.rsplit('.').next().unwrap_or("");
    file_name.starts_with('.') && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
}

/// Put `staging` where `out` is, in one step where the file system can, and remove the old.
fn swap_in(out: &Path, staging: &Path, parent: &Path, name: &str) -> Result<(), String> {
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(|e| io_error("rename", staging, e));
    }
    if exchange(staging, out).is_ok() {
        return std::fs::remove_dir_all(staging).map_err(|e| io_error("remove", staging, e));
    }
    let retired = parent.join(format!(".{name}.retired-{}", std::process::id()));
    std::fs::rename(out, &retired).map_err(|e| io_error("rename", out, e))?;
    std::fs::rename(staging, out).map_err(|e| io_error("rename", staging, e))?;
    std::fs::remove_dir_all(&retired).map_err(|e| io_error("remove", &retired, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

fn io_error(operation: &str, path: &Path, e: std::io::Error) -> String {
    format!("cannot {operation} {} ({e})", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("threadlab-publish-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn report(charts: &[&str]) -> (String, Vec<String>) {
        let paths: Vec<String> = charts.iter().map(|c| format!("charts/{c}.svg")).collect();
        let html = paths.iter().map(|p| format!("<img src=\"{p}\">")).collect::<String>();
        (html, paths)
    }

    fn publish_report(out: &Path, charts: &[&str]) {
        let (html, paths) = report(charts);
        let mut files: Vec<Output<'_>> =
            paths.iter().map(|p| Output { path: p, bytes: b"<svg/>" }).collect();
        files.push(Output { path: "index.html", bytes: html.as_bytes() });
        publish(out, &files).unwrap();
    }

    /// Every chart the page names is there.
    fn assert_whole(out: &Path) {
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        for src in html.split("src=\"").skip(1) {
            let chart = src.split('"').next().unwrap();
            assert!(out.join(chart).is_file(), "the page names {chart}, which is missing");
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_report_replaces_only_what_the_last_one_wrote() {
        let root = scratch("owns");
        let out = root.join("reports");
        std::fs::create_dir_all(out.join("charts")).unwrap();
        std::fs::write(out.join("charts").join("my-logo.svg"), "logo").unwrap();
        std::fs::write(out.join("README.md"), "mine").unwrap();
        publish_report(&out, &["a", "b"]);
        publish_report(&out, &["b", "c"]);
        assert_whole(&out);
        assert_eq!(names(&out.join("charts")), ["b.svg", "c.svg", "my-logo.svg"]);
        assert_eq!(std::fs::read_to_string(out.join("charts/my-logo.svg")).unwrap(), "logo");
        assert_eq!(std::fs::read_to_string(out.join("README.md")).unwrap(), "mine");
        let manifest = ReportManifest::read_in(&out).unwrap().unwrap();
        assert_eq!(manifest.files, ["charts/b.svg", "charts/c.svg", "index.html"]);
        assert_eq!(names(&root), [".reports.lock", "reports"], "nothing left beside it");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn what_an_interrupted_report_left_is_swept_by_the_next() {
        let root = scratch("sweep");
        let out = root.join("reports");
        publish_report(&out, &["a"]);
        // An interrupted report: its staging folder beside, an old version's temporaries
        // inside; the page it did not replace still whole.
        std::fs::create_dir_all(root.join(".reports.staging-99999/charts")).unwrap();
        std::fs::write(out.join("charts").join(".1-a.svg.4242.tmp"), "half").unwrap();
        std::fs::write(out.join(".index.html.4242.tmp"), "half").unwrap();
        assert_whole(&out);
        publish_report(&out, &["a"]);
        assert_whole(&out);
        assert_eq!(names(&out.join("charts")), ["a.svg"]);
        assert_eq!(names(&out), [".threadlab-report.json", "charts", "index.html"]);
        assert_eq!(names(&root), [".reports.lock", "reports"]);
        // A swap cut between its two renames: the old report is put back, then replaced.
        std::fs::rename(&out, root.join(".reports.retired-99999")).unwrap();
        publish_report(&out, &["b"]);
        assert_whole(&out);
        assert_eq!(names(&root), [".reports.lock", "reports"]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn two_reports_at_once_into_one_folder_leave_a_whole_page() {
        let root = scratch("concurrent");
        let out = root.join("reports");
        std::thread::scope(|s| {
            for charts in [&["a", "b"][..], &["c"][..]] {
                let out = &out;
                s.spawn(move || {
                    for _ in 0..20 {
                        publish_report(out, charts);
                    }
                });
            }
        });
        assert_whole(&out);
        let charts = names(&out.join("charts"));
        assert!(charts == ["a.svg", "b.svg"] || charts == ["c.svg"], "{charts:?}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn only_an_interrupted_writes_temporaries_are_stale() {
        assert!(is_stale_temporary(".3-a.svg.123.tmp"));
        assert!(is_stale_temporary(".index.html.9.tmp"));
        assert!(!is_stale_temporary("notes.tmp"));
        assert!(!is_stale_temporary(".notes.tmp"));
    }
}
