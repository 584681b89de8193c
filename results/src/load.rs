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

/// Parse every `*.json` file directly inside `dir`, in name order (a missing directory is
/// simply empty).
pub fn load_json_dir<T: serde::de::DeserializeOwned>(dir: &Path) -> Loaded<T> {
    let mut loaded = Loaded::default();
    let Ok(entries) = std::fs::read_dir(dir) else { return loaded };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        match read_json(&path) {
            Ok(item) => loaded.items.push(item),
            Err(warning) => loaded.warnings.push(warning),
        }
    }
    loaded
}

/// Parse one JSON file; the error is a warning naming the file.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read ({e}); skipped", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: corrupt result file ({e}); skipped", path.display()))
}

/// Parse `path` if it exists: `Ok(None)` for a missing file, a warning for a broken one.
pub fn read_json_if_present<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<Option<T>, String> {
    if path.exists() { read_json(path).map(Some) } else { Ok(None) }
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
        let loaded: Loaded<Vec<u32>> = load_json_dir(&dir);
        assert_eq!(loaded.items, vec![vec![1], vec![2]]);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("c.json"), "{:?}", loaded.warnings);
        let missing: Result<Option<Vec<u32>>, _> = read_json_if_present(&dir.join("none.json"));
        assert_eq!(missing, Ok(None));
        let absent: Loaded<u32> = load_json_dir(&dir.join("absent"));
        assert!(absent.items.is_empty() && absent.warnings.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
