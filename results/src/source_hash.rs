//! The one hash of source code threadlab uses, at build time and in the report alike.
//!
//! Each file is hashed as raw bytes with SHA-256 (the `sha2` crate, RustCrypto's; chosen
//! because SHA-256 is a fixed standard: `sha256sum` on one file prints the same hex). A
//! strategy's `source_hash` is the SHA-256 of the lines `<file hash>  <path>\n`, sorted by
//! path (byte order), over its own files, its scenario's shared files and the files every strategy
//! depends on ([`is_common`]): what `sha256sum FILES | sort -k2 | sha256sum` prints.
//!
//! `scenarios/build.rs` includes this file by path (so it depends on `sha2` alone, and
//! names nothing else in this crate) and embeds [`scan`]'s table in the binary; the report
//! scans the tree with the same [`scan`] and compares.

use std::path::Path;

use sha2::{Digest, Sha256};

/// One source file: its path relative to the workspace root (with `/`), and its hash.
pub type SourceEntry = (String, String);

/// Lowercase hex SHA-256 of `bytes`.
pub fn hash_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether every strategy depends on this file: the sync facade (`sync.rs` or `sync/`),
/// the catalogue and the shared worker code.
pub fn is_common(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("scenarios/src/") else { return false };
    matches!(rest, "sync.rs" | "workers.rs")
        || rest.starts_with("sync/")
        || rest.starts_with("catalogue/")
}

/// Every `.rs` file under `<workspace>/scenarios/src`, hashed, sorted by path. An
/// unreadable directory or file is left out (a strategy needing it then has no hash). A
/// symlinked folder is not followed (a link to `.` would loop), so each file is read once.
pub fn scan(workspace: &Path) -> Vec<SourceEntry> {
    scan_under(workspace, &workspace.join("scenarios").join("src"))
}

/// Every `.rs` file under a user crate's `<dir>/src`, hashed, its paths relative to `dir`
/// (`src/ticket.rs`), as `file!()` names them in that crate.
pub fn scan_crate(dir: &Path) -> Vec<SourceEntry> {
    scan_under(dir, &dir.join("src"))
}

fn scan_under(root: &Path, dir: &Path) -> Vec<SourceEntry> {
    let mut entries = Vec::new();
    walk(root, dir, &mut entries);
    entries.sort();
    entries
}

fn walk(workspace: &Path, dir: &Path, into: &mut Vec<SourceEntry>) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        // `DirEntry::file_type` does not follow a symlink: a linked folder reads as a link.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_symlink() && path.is_dir() {
            continue;
        }
        if kind.is_dir() {
            walk(workspace, &path, into);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let (Ok(bytes), Ok(relative)) = (std::fs::read(&path), path.strip_prefix(workspace))
            else {
                continue;
            };
            let name: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into()).collect();
            into.push((name.join("/"), hash_bytes(&bytes)));
        }
    }
}

/// The `source_hash` of a strategy whose own files are `sources` and whose scenario shares
/// `shared`, read from `table` (an embedded or a freshly scanned one). `None` when a named
/// file is not in the table: then nobody can say whether the code changed.
pub fn strategy_hash<P: AsRef<str>, H: AsRef<str>>(
    table: &[(P, H)],
    sources: &[&str],
    shared: &[&str],
) -> Option<String> {
    for named in sources.iter().chain(shared) {
        if !table.iter().any(|(p, _)| p.as_ref() == *named) {
            return None;
        }
    }
    let mut lines: Vec<String> = table
        .iter()
        .filter(|(p, _)| {
            let p = p.as_ref();
            is_common(p) || sources.contains(&p) || shared.contains(&p)
        })
        .map(|(p, h)| format!("{}  {}\n", h.as_ref(), p.as_ref()))
        .collect();
    lines.sort_by(|a, b| a.split_once("  ").map(|x| x.1).cmp(&b.split_once("  ").map(|x| x.1)));
    Some(hash_bytes(lines.concat().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(a: &str, facade: &str) -> Vec<(String, String)> {
        [
            ("scenarios/src/sync.rs", facade),
            ("scenarios/src/s/a.rs", a),
            ("scenarios/src/s/b.rs", "b"),
            ("scenarios/src/s/mod.rs", "m"),
        ]
        .iter()
        .map(|(p, h)| (p.to_string(), hash_bytes(h.as_bytes())))
        .collect()
    }

    fn hashes(table: &[(String, String)]) -> (Option<String>, Option<String>) {
        let shared = ["scenarios/src/s/mod.rs"];
        (
            strategy_hash(table, &["scenarios/src/s/a.rs"], &shared),
            strategy_hash(table, &["scenarios/src/s/b.rs"], &shared),
        )
    }

    #[test]
    fn a_strategy_file_changes_its_hash_alone_and_the_facade_changes_all() {
        let (a, b) = hashes(&table("a", "f"));
        let (a2, b2) = hashes(&table("a // a comment", "f"));
        assert!(a != a2 && b == b2);
        let (a3, b3) = hashes(&table("a", "f2"));
        assert!(a != a3 && b != b3);
        assert_eq!(strategy_hash(&table("a", "f"), &["scenarios/src/s/gone.rs"], &[]), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_is_not_followed_and_each_file_is_read_once() {
        let root =
            std::env::temp_dir().join(format!("threadlab-hash-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let src = root.join("scenarios").join("src");
        std::fs::create_dir_all(src.join("s")).unwrap();
        std::fs::write(src.join("s").join("a.rs"), "fn a() {}").unwrap();
        // Two links to `.`: followed, the walk would never end (issue 26, case 9).
        std::os::unix::fs::symlink(".", src.join("X")).unwrap();
        std::os::unix::fs::symlink(".", src.join("s").join("Y")).unwrap();
        let names: Vec<String> = scan(&root).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, vec!["scenarios/src/s/a.rs".to_owned()]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn one_file_hashes_as_sha256sum_prints_it() {
        assert_eq!(
            hash_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
