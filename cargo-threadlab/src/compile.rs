//! Building the crate's binary in the configuration a command needs: the ordinary release
//! build, or the loom one (`--cfg loom` added to the RUSTFLAGS the user set, in its own
//! target directory so neither build undoes the other).

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::cli::{Build, CargoArgs};
use crate::project::{Project, cargo};

impl Build {
    /// How the build is set up, in a few words (for the progress line).
    pub fn described(self) -> &'static str {
        match self {
            Build::Ordinary => "cargo build --release",
            Build::Loom => "cargo build --release, RUSTFLAGS += --cfg loom, target dir loom/",
        }
    }
}

/// Build `project`'s binary as `build` says; its path. cargo's own progress and
/// diagnostics go to stderr as usual.
pub fn build(project: &Project, args: &CargoArgs, build: Build) -> Result<PathBuf> {
    let mut cargo = Command::new(cargo());
    cargo
        .args(["build", "--release", "--message-format=json-render-diagnostics"])
        .arg("--manifest-path")
        .arg(&project.manifest)
        .args(["--bin", &project.bin])
        .stdout(Stdio::piped());
    if args.locked {
        cargo.arg("--locked");
    }
    if args.offline {
        cargo.arg("--offline");
    }
    if args.quiet {
        cargo.arg("--quiet");
    }
    if build == Build::Loom {
        let (name, value) = loom_rustflags(
            std::env::var_os("CARGO_ENCODED_RUSTFLAGS"),
            std::env::var_os("RUSTFLAGS"),
        );
        cargo.env(name, value).env("CARGO_TARGET_DIR", project.target_dir.join("loom"));
    }
    let mut child = cargo.spawn().context("running cargo build")?;
    let stdout = child.stdout.take().context("cargo build's output")?;
    let mut executable = None;
    for line in BufReader::new(stdout).lines() {
        let message: Value = serde_json::from_str(&line?).unwrap_or(Value::Null);
        if message["reason"] == "compiler-artifact" && message["target"]["name"] == *project.bin {
            executable = message["executable"].as_str().map(PathBuf::from).or(executable);
        }
    }
    let status = child.wait().context("waiting for cargo build")?;
    if !status.success() {
        bail!("cargo build failed ({status})");
    }
    executable.with_context(|| format!("cargo build named no executable for `{}`", project.bin))
}

/// The variable and value that add `--cfg loom` to the flags the user set: cargo reads
/// `CARGO_ENCODED_RUSTFLAGS` (flags split by 0x1f) before `RUSTFLAGS`, so whichever is set
/// is extended, the first one where both are.
fn loom_rustflags(encoded: Option<OsString>, plain: Option<OsString>) -> (&'static str, OsString) {
    match (encoded, plain) {
        (Some(mut flags), _) => {
            if !flags.is_empty() {
                flags.push("\x1f");
            }
            flags.push("--cfg\x1floom");
            ("CARGO_ENCODED_RUSTFLAGS", flags)
        }
        (None, Some(mut flags)) if !flags.to_string_lossy().trim().is_empty() => {
            flags.push(" --cfg loom");
            ("RUSTFLAGS", flags)
        }
        (None, _) => ("RUSTFLAGS", "--cfg loom".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loom_s_cfg_is_added_to_the_user_s_flags_never_in_their_place() {
        let flags = |e: Option<&str>, p: Option<&str>| {
            let (name, value) = loom_rustflags(e.map(Into::into), p.map(Into::into));
            (name, value.into_string().unwrap())
        };
        assert_eq!(flags(None, None), ("RUSTFLAGS", "--cfg loom".into()));
        assert_eq!(flags(None, Some("")), ("RUSTFLAGS", "--cfg loom".into()));
        assert_eq!(
            flags(None, Some("-C target-cpu=native")),
            ("RUSTFLAGS", "-C target-cpu=native --cfg loom".into())
        );
        assert_eq!(
            flags(Some("-Cdebuginfo=1"), Some("ignored by cargo")),
            ("CARGO_ENCODED_RUSTFLAGS", "-Cdebuginfo=1\x1f--cfg\x1floom".into())
        );
        assert_eq!(flags(Some(""), None), ("CARGO_ENCODED_RUSTFLAGS", "--cfg\x1floom".into()));
    }
}
