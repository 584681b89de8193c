//! The user crate `cargo threadlab` works on, found the way cargo finds it: `--manifest-path`
//! or the nearest Cargo.toml (`cargo locate-project`), read with `cargo metadata`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::cli::CargoArgs;
use crate::usage::usage;

/// A crate that registers strategies with `threadlab_main!`, and where cargo builds it.
#[derive(Debug, Clone)]
pub struct Project {
    /// Its Cargo.toml.
    pub manifest: PathBuf,
    /// The binary that calls `threadlab_main!`.
    pub bin: String,
    /// Its workspace's root: the binaries run here, so results land in its
    /// `target/threadlab/` and the report in its `reports/`.
    pub workspace_root: PathBuf,
    /// cargo's target directory for it (`CARGO_TARGET_DIR` or `target/`); the loom build
    /// goes to its `loom/`.
    pub target_dir: PathBuf,
}

/// The cargo that called us (cargo sets `CARGO` for its subcommands), else `cargo`.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The Cargo.toml `args` names, or the one cargo finds from the current folder.
pub fn manifest(args: &CargoArgs) -> Result<PathBuf> {
    if let Some(path) = &args.manifest_path {
        if !path.is_file() {
            return Err(usage(format!("--manifest-path {}: no such file", path.display())));
        }
        return path.canonicalize().with_context(|| format!("reading {}", path.display()));
    }
    let out = Command::new(cargo())
        .args(["locate-project", "--message-format", "plain"])
        .output()
        .context("running cargo locate-project")?;
    if !out.status.success() {
        return Err(usage(
            "no Cargo.toml here or above: run this in your crate (or pass --manifest-path)",
        ));
    }
    let found = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    found.canonicalize().with_context(|| format!("reading {}", found.display()))
}

impl Project {
    /// The crate at `args`' manifest, refused with one line unless it depends on
    /// threadlab's `scenarios` and has one binary to run (or `--bin` names it).
    pub fn find(args: &CargoArgs) -> Result<Project> {
        let manifest = manifest(args)?;
        let metadata = metadata(&manifest)?;
        let package = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| {
                p["manifest_path"].as_str().and_then(|m| Path::new(m).canonicalize().ok())
                    == Some(manifest.clone())
            })
            .ok_or_else(|| {
                usage(format!(
                    "{} is a workspace, not a crate: run this in the crate that calls \
                     scenarios::threadlab_main! (or pass --manifest-path)",
                    manifest.display()
                ))
            })?;
        let depends = package["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["name"] == "scenarios");
        if !depends {
            return Err(usage(format!(
                "{} does not depend on threadlab's scenarios: `cargo threadlab init` sets up \
                 a crate fresh from `cargo new`",
                manifest.display()
            )));
        }
        let bin = pick_bin(package, args.bin.as_deref())?;
        let path = |key: &str| {
            metadata[key]
                .as_str()
                .map(PathBuf::from)
                .with_context(|| format!("cargo metadata gave no {key}"))
        };
        Ok(Project {
            manifest,
            bin,
            workspace_root: path("workspace_root")?,
            target_dir: path("target_directory")?,
        })
    }
}

impl Project {
    /// A command running the crate's `binary` with `args` in the workspace root, where
    /// threadlab finds the results folder and the report's; criterion is told to write
    /// where threadlab reads its estimates (`CRITERION_HOME`), which it would not do
    /// by itself where `CARGO_TARGET_DIR` is set.
    pub fn binary(&self, binary: &Path, args: &[OsString]) -> Command {
        let mut command = Command::new(binary);
        command.args(args).current_dir(&self.workspace_root);
        if let Ok(root) = threadlab_results::paths::results_root() {
            let criterion = threadlab_results::ResultSet::local(root).criterion_dir;
            command.env("CRITERION_HOME", self.workspace_root.join(criterion));
        }
        command
    }
}

/// `cargo metadata --no-deps` for `manifest` (reads no registry, writes no Cargo.lock).
fn metadata(manifest: &Path) -> Result<Value> {
    let out = Command::new(cargo())
        .args(["metadata", "--no-deps", "--format-version", "1", "--manifest-path"])
        .arg(manifest)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        return Err(usage(format!("cargo metadata could not read {}", manifest.display())));
    }
    serde_json::from_slice(&out.stdout).context("reading cargo metadata's output")
}

/// The binary to run: the one `--bin` names, else the package's `default-run`, else its
/// only binary.
fn pick_bin(package: &Value, wanted: Option<&str>) -> Result<String> {
    let bins: Vec<&str> = package["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "bin")))
        .filter_map(|t| t["name"].as_str())
        .collect();
    let name = package["name"].as_str().unwrap_or("the crate");
    match (wanted.or(package["default_run"].as_str()), bins.as_slice()) {
        (Some(w), _) if bins.contains(&w) => Ok(w.to_owned()),
        (Some(w), _) => Err(usage(format!(
            "{name} has no binary `{w}` (its binaries: {})",
            if bins.is_empty() { "none".to_owned() } else { bins.join(", ") }
        ))),
        (None, [one]) => Ok((*one).to_owned()),
        (None, []) => {
            Err(usage(format!("{name} has no binary: threadlab_main! goes in its src/main.rs")))
        }
        (None, many) => Err(usage(format!(
            "{name} has several binaries ({}): name the one with threadlab_main! with --bin",
            many.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(bins: &[&str], default_run: Option<&str>) -> Value {
        let targets: Vec<Value> =
            bins.iter().map(|b| serde_json::json!({"kind": ["bin"], "name": b})).collect();
        serde_json::json!({"name": "mine", "targets": targets, "default_run": default_run})
    }

    #[test]
    fn the_binary_is_the_named_one_the_default_or_the_only_one() {
        assert_eq!(pick_bin(&package(&["a"], None), None).unwrap(), "a");
        assert_eq!(pick_bin(&package(&["a", "b"], Some("b")), None).unwrap(), "b");
        assert_eq!(pick_bin(&package(&["a", "b"], Some("b")), Some("a")).unwrap(), "a");
        let several = pick_bin(&package(&["a", "b"], None), None).unwrap_err();
        assert!(several.to_string().contains("--bin"), "{several}");
        assert!(pick_bin(&package(&["a"], None), Some("c")).is_err());
        assert!(pick_bin(&package(&[], None), None).is_err());
    }
}
