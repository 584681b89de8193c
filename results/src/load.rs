//! Reading result files back: every file that exists but cannot be read is named in a
//! warning and skipped, never fatal, so one corrupt file costs only itself.

use std::path::{Path, PathBuf};

/// Parsed items plus one warning per file that exists but could not be read.
#[derive(Debug)]
pub struct Loaded<T> {
    pub items: Vec<T>,
    pub warnings: Vec<String>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded { items: Vec::new(), warnings: Vec::new() }
    }
}

impl<T> Loaded<T> {
    /// Add `other`'s items and warnings to these.
    pub fn extend(&mut self, other: Loaded<T>) {
        self.items.extend(other.items);
        self.warnings.extend(other.warnings);
    }
}

/// Read every `*.json` file directly inside `dir` with `read`, in name order. A missing
/// directory is simply empty; one that cannot be read is named in a warning.
pub fn load_dir<T, E: std::fmt::Display>(
    dir: &Path,
    read: impl Fn(&Path) -> Result<T, E>,
) -> Loaded<T> {
    let mut loaded = Loaded::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return loaded,
        Err(e) => {
            loaded.warnings.push(format!(
                "{}: cannot read the folder ({e}); its results are not shown",
                dir.display()
            ));
            return loaded;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        match read(&path) {
            Ok(item) => loaded.items.push(item),
            Err(e) => loaded.warnings.push(format!("{e}; skipped")),
        }
    }
    loaded
}

/// Parse one JSON file of another tool's (criterion's); the error is a warning naming it.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read ({e})", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: corrupt result file ({e})", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_loads_its_json_files_and_names_the_unreadable_one() {
        let dir = std::env::temp_dir().join(format!("threadlab-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("b.json"), "[2]").unwrap();
        std::fs::write(dir.join("a.json"), "[1]").unwrap();
        std::fs::write(dir.join("c.json"), "[3, ").unwrap();
        std::fs::write(dir.join("notes.txt"), "not a result").unwrap();
        let read = |p: &Path| read_json::<Vec<u32>>(p);
        let loaded = load_dir(&dir, read);
        assert_eq!(loaded.items, vec![vec![1], vec![2]]);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("c.json"), "{:?}", loaded.warnings);
        let absent = load_dir(&dir.join("absent"), read);
        assert!(absent.items.is_empty() && absent.warnings.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
