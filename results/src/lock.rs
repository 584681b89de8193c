//! An exclusive lock around a read-merge-write of one result file, so that two runs
//! writing the same file at once both keep their entries.
//!
//! The lock is std's `File::lock` on a separate file beside the result (`.<name>.lock`):
//! the result itself is replaced by a rename, which a lock on it would not survive.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The lock file guarding `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.lock"))
}

/// Run `f` holding the exclusive lock on `path`'s lock file; prints a "waiting for ..."
/// line when another process holds it. Where the file system cannot lock, the error names
/// the file and says so.
pub fn with_lock<T>(path: &Path, f: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let lock = lock_path(path);
    if let Some(dir) = lock.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(&lock)?;
    acquire(&file, &lock, path)?;
    let result = f();
    drop(file); // closing the file releases the lock
    result
}

fn acquire(file: &File, lock: &Path, path: &Path) -> io::Result<()> {
    let cannot = |e: io::Error| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot lock {} to write {} ({e}): this file system may not support file locks; set THREADLAB_RESULTS to a local folder",
                lock.display(),
                path.display()
            ),
        )
    };
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for {} (another threadlab run is writing {})",
                lock.display(),
                path.display()
            );
            file.lock().map_err(cannot)
        }
        Err(TryLockError::Error(e)) => Err(cannot(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn two_writers_under_the_lock_both_keep_their_entries() {
        let dir = std::env::temp_dir().join(format!("threadlab-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("merged.json");
        crate::write_atomically(&path, b"[]").unwrap();
        let start = Arc::new(Barrier::new(8));
        let writers: Vec<_> = (0..8)
            .map(|i| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    with_lock(&path, || {
                        let mut entries: Vec<String> =
                            serde_json::from_str(&std::fs::read_to_string(&path)?)?;
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        entries.push(format!("writer {i}"));
                        crate::write_atomically(&path, &serde_json::to_vec(&entries)?)
                    })
                    .unwrap();
                })
            })
            .collect();
        writers.into_iter().for_each(|w| w.join().unwrap());
        let entries: Vec<String> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(entries.len(), 8, "{entries:?}");
        assert_eq!(lock_path(&path), dir.join(".merged.json.lock"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
