//! The report's manifest: `<out>/.threadlab-report.json`, the list of files a `threadlab
//! report` wrote into its output folder. The next report removes only those; anything else
//! in the folder (a logo, notes, a README) is the user's and is kept.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The manifest's name inside the output folder.
pub const FILE_NAME: &str = ".threadlab-report.json";

/// What one report wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportManifest {
    /// The threadlab version that wrote the report.
    pub written_by: String,
    /// Every file written, relative to the output folder with `/`, sorted (the manifest
    /// itself not included).
    pub files: Vec<String>,
}

impl crate::Format for ReportManifest {
    const NAME: &'static str = "report manifest";
    const VERSION: u32 = 1;
}

impl ReportManifest {
    /// The manifest of a report of `files`, written by this build.
    pub fn new(mut files: Vec<String>) -> Self {
        files.sort();
        files.dedup();
        ReportManifest { written_by: env!("CARGO_PKG_VERSION").to_owned(), files }
    }

    /// The manifest in `dir`: `Ok(None)` where there is none (a folder no report wrote, or
    /// one an older threadlab wrote); an unreadable, corrupt or newer one is an error naming
    /// the file, so that its files are kept rather than guessed at.
    pub fn read_in(dir: &Path) -> Result<Option<Self>, String> {
        crate::file::read_if_present(&dir.join(FILE_NAME)).map_err(|e| e.to_string())
    }

    /// Whether this manifest lists `relative` (a path with `/`).
    pub fn lists(&self, relative: &str) -> bool {
        self.files.binary_search_by(|f| f.as_str().cmp(relative)).is_ok()
    }

    pub fn to_json(&self) -> String {
        crate::file::to_text(self).expect("a manifest serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_round_trips_and_a_newer_or_corrupt_one_is_named() {
        let dir = std::env::temp_dir().join(format!("threadlab-manifest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(ReportManifest::read_in(&dir), Ok(None));
        let manifest = ReportManifest::new(vec!["index.html".into(), "charts/a.svg".into()]);
        std::fs::write(dir.join(FILE_NAME), manifest.to_json()).unwrap();
        let read = ReportManifest::read_in(&dir).unwrap().unwrap();
        assert_eq!(read, manifest);
        assert!(read.lists("charts/a.svg") && read.lists("index.html") && !read.lists("x"));
        let newer = manifest.to_json().replace("\"format_version\": 1", "\"format_version\": 999");
        std::fs::write(dir.join(FILE_NAME), newer).unwrap();
        let err = ReportManifest::read_in(&dir).unwrap_err();
        assert!(err.contains("newer") && err.contains(FILE_NAME), "{err}");
        std::fs::write(dir.join(FILE_NAME), "{").unwrap();
        assert!(ReportManifest::read_in(&dir).unwrap_err().contains("corrupt"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
