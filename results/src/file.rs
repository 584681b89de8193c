//! One result file: its format's version, where it lives under a results root, and the one
//! write and the one read every writer and consumer goes through.
//!
//! A file is written as its value with `format_version` first. Reading checks the version
//! before anything else: a file from a newer format is refused with an error naming it, its
//! version and the version this build reads; a file without a version (written before
//! every format carried one) is read as version 1.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::load::Loaded;

/// A format threadlab writes: a type stored as one JSON file.
pub trait Format: Serialize + DeserializeOwned {
    /// What a message calls a file of this format (`stress result`).
    const NAME: &'static str;
    /// The version this build writes and reads; raised when a field changes meaning.
    const VERSION: u32;
}

/// Where the files of a format live under a results root.
pub enum Place {
    /// Every `*.json` file directly inside these folders.
    Folders(&'static [&'static str]),
    /// One file at the root.
    File(&'static str),
}

/// A format stored under a results root.
pub trait ResultFile: Format {
    const PLACE: Place;

    /// This file's path relative to the results root.
    fn relative_path(&self) -> PathBuf;

    /// Write this file under `root` (atomically), returning its path.
    fn write_under(&self, root: &Path) -> std::io::Result<PathBuf> {
        let path = root.join(self.relative_path());
        write(&path, self)?;
        Ok(path)
    }

    /// Every file of this format under `root`; each one that cannot be read, is from a
    /// newer format or holds another file's result is named in a warning and skipped, as
    /// is a folder that cannot be read.
    fn load_under(root: &Path) -> Loaded<Self> {
        let read_here = |path: &Path| {
            let item: Self = read(path)?;
            let belongs = root.join(item.relative_path());
            if belongs != path {
                return Err(ReadError::Misplaced { path: path.to_owned(), belongs });
            }
            Ok(item)
        };
        let mut loaded = Loaded::default();
        match Self::PLACE {
            Place::Folders(folders) => {
                for folder in folders {
                    loaded.extend(crate::load::load_dir(&root.join(folder), read_here));
                }
            }
            Place::File(name) => match read_if_present(&root.join(name)) {
                Ok(item) => loaded.items.extend(item),
                Err(e) => loaded.warnings.push(format!("{e}; skipped")),
            },
        }
        loaded
    }

    /// Before the work that rewrites the one file of a [`Place::File`] format under `root`:
    /// refuse when the stored one cannot be read or is from a newer format
    /// ([`check_overwritable`]).
    fn check_overwritable_under(root: &Path) -> Result<(), String> {
        match Self::PLACE {
            Place::File(name) => check_overwritable::<Self>(&root.join(name)),
            Place::Folders(_) => Ok(()),
        }
    }

    /// The one file of a [`Place::File`] format: `Ok(None)` when it was never written, a
    /// warning naming it when it cannot be read.
    fn read_under(root: &Path) -> Result<Option<Self>, String> {
        let mut loaded = Self::load_under(root);
        match loaded.warnings.pop() {
            Some(warning) => Err(warning),
            None => Ok(loaded.items.pop()),
        }
    }
}

/// Why a result file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Unreadable { path: PathBuf, what: &'static str, source: std::io::Error },
    Corrupt { path: PathBuf, what: &'static str, found: u32, reads: u32, error: String },
    Newer { path: PathBuf, what: &'static str, found: u32, reads: u32 },
    Misplaced { path: PathBuf, belongs: PathBuf },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unreadable { path, what, source } => {
                write!(f, "{}: cannot read the {what} file ({source})", path.display())
            }
            ReadError::Corrupt { path, what, found, reads, error } if found < reads => write!(
                f,
                "{}: a {what} file of format version {found}, which this threadlab (version {reads}) cannot read ({error})",
                path.display()
            ),
            ReadError::Corrupt { path, what, error, .. } => {
                write!(f, "{}: corrupt {what} file ({error})", path.display())
            }
            ReadError::Newer { path, what, found, reads } => write!(
                f,
                "{}: a {what} file of format version {found}, newer than this threadlab reads (version {reads})",
                path.display()
            ),
            ReadError::Misplaced { path, belongs } => {
                write!(
                    f,
                    "{}: holds the result that belongs in {}",
                    path.display(),
                    belongs.display()
                )
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// The file it is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Unreadable { path, .. }
            | ReadError::Corrupt { path, .. }
            | ReadError::Newer { path, .. }
            | ReadError::Misplaced { path, .. } => path,
        }
    }
}

/// The version a file without `format_version` is read as.
const UNVERSIONED: u32 = 1;

/// Read one file of format `T`, checking its version first.
pub fn read<T: Format>(path: &Path) -> Result<T, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Unreadable {
        path: path.to_owned(),
        what: T::NAME,
        source,
    })?;
    let corrupt = |found, error: String| ReadError::Corrupt {
        path: path.to_owned(),
        what: T::NAME,
        found,
        reads: T::VERSION,
        error,
    };
    let mut value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| corrupt(T::VERSION, e.to_string()))?;
    let found = match value.as_object_mut().and_then(|map| map.remove("format_version")) {
        None => UNVERSIONED,
        Some(v) => v
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| corrupt(T::VERSION, format!("format_version {v} is not a version")))?,
    };
    if found > T::VERSION {
        return Err(ReadError::Newer {
            path: path.to_owned(),
            what: T::NAME,
            found,
            reads: T::VERSION,
        });
    }
    serde_json::from_value(value).map_err(|e| corrupt(found, e.to_string()))
}

/// [`read`] where the file exists: `Ok(None)` for a missing one.
pub fn read_if_present<T: Format>(path: &Path) -> Result<Option<T>, ReadError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        _ => read(path).map(Some),
    }
}

/// Refuse to overwrite the file at `path` when it exists but cannot be read or is from a
/// newer format: the message names it and says what to do.
pub fn check_overwritable<T: Format>(path: &Path) -> Result<(), String> {
    read_if_present::<T>(path).map(drop).map_err(|e| refusal(&e))
}

fn refusal(e: &ReadError) -> String {
    format!("{e}; threadlab will not overwrite it: move it away (or fix it) and run again")
}

/// Write `file` under `root` merged with the one stored at its place: `merge(&mut file,
/// stored)`, all under that file's lock, so a concurrent run's entries are kept. A stored
/// file that cannot be read, or is from a newer format, is never overwritten: the error
/// names it.
pub fn merge_under<T: ResultFile>(
    root: &Path,
    mut file: T,
    merge: impl FnOnce(&mut T, T) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let path = root.join(file.relative_path());
    crate::lock::with_lock(&path, || {
        let stored = read_if_present::<T>(&path).map_err(|e| std::io::Error::other(refusal(&e)))?;
        if let Some(stored) = stored {
            merge(&mut file, stored)?;
        }
        write(&path, &file)?;
        Ok(path.clone())
    })
}

#[derive(Serialize)]
struct Versioned<'a, T> {
    format_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// `value` as the text of its file: pretty JSON with its `format_version` first.
pub fn to_text<T: Format>(value: &T) -> serde_json::Result<String> {
    let mut text =
        serde_json::to_string_pretty(&Versioned { format_version: T::VERSION, body: value })?;
    text.push('\n');
    Ok(text)
}

/// Write `value` to `path` as [`to_text`] gives it, atomically.
pub fn write<T: Format>(path: &Path, value: &T) -> std::io::Result<()> {
    crate::write_atomically(path, to_text(value)?.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Note {
        text: String,
    }

    impl Format for Note {
        const NAME: &'static str = "note";
        const VERSION: u32 = 2;
    }

    #[test]
    fn a_file_carries_its_version_and_a_newer_or_unversioned_one_reads_as_it_should() {
        let dir = std::env::temp_dir().join(format!("threadlab-file-{}", std::process::id()));
        let path = dir.join("n.json");
        write(&path, &Note { text: "a".into() }).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"format_version\": 2,"), "{text}");
        assert_eq!(read::<Note>(&path).unwrap(), Note { text: "a".into() });
        std::fs::write(&path, r#"{"text": "old"}"#).unwrap();
        assert_eq!(read::<Note>(&path).unwrap().text, "old", "no version reads as version 1");
        std::fs::write(&path, r#"{"format_version": 3, "text": "new"}"#).unwrap();
        let err = read::<Note>(&path).unwrap_err().to_string();
        assert!(err.contains("n.json") && err.contains("version 3"), "{err}");
        assert!(err.contains("reads (version 2)"), "{err}");
        std::fs::write(&path, r#"{"format_version": 1, "words": "old"}"#).unwrap();
        let err = read::<Note>(&path).unwrap_err().to_string();
        assert!(err.contains("version 1, which this threadlab (version 2) cannot"), "{err}");
        assert!(matches!(read_if_present::<Note>(&dir.join("none.json")), Ok(None)));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
