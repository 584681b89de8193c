//! Whether a folder can be written, found out before the work that would write there: a
//! small file is created, flushed and removed, and a failure names the folder, the
//! operation and the OS error.

use std::io::Write;
use std::path::Path;

/// Write a probe file in `dir`, or where `dir` does not exist yet, in the nearest folder
/// above it that does (creating nothing); the error is one line naming `dir` (as `what`,
/// e.g. "results folder"), what failed and why.
pub fn probe_writable(what: &str, dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    let existing = dir
        .ancestors()
        .map(|a| if a.as_os_str().is_empty() { Path::new(".") } else { a })
        .find(|a| a.exists())
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        return Err(format!("{what} {shown}: cannot create it ({} is a file)", existing.display()));
    }
    let probe = existing.join(format!(".threadlab-probe-{}", std::process::id()));
    let written = std::fs::File::create(&probe)
        .and_then(|mut file| file.write_all(b"probe").and_then(|()| file.sync_all()));
    let _ = std::fs::remove_file(&probe);
    written.map_err(|e| {
        if existing == dir {
            format!("{what} {shown}: cannot write a file in it ({e})")
        } else {
            format!(
                "{what} {shown}: cannot create it (cannot write in {}: {e})",
                existing.display()
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_cannot_be_written_is_named_with_the_error() {
        let dir = std::env::temp_dir().join(format!("threadlab-probe-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        probe_writable("results folder", &dir.join("new").join("sub")).unwrap();
        assert!(!dir.join("new").exists(), "the probe creates nothing");
        probe_writable("results folder", &dir).unwrap();
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "no probe is left");
        std::fs::write(dir.join("a-file"), "x").unwrap();
        let err = probe_writable("results folder", &dir.join("a-file").join("sub")).unwrap_err();
        assert!(err.starts_with("results folder ") && err.contains("is a file"), "{err}");
        let err = probe_writable("results folder", Path::new("/proc/x")).unwrap_err();
        assert!(err.contains("cannot create it") && err.contains("os error"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
