//! What the tiers examine: the directory cargo runs in, and how each tool builds and starts
//! the two runners there (the real-code runner for Miri and ThreadSanitizer, the shuttle
//! runner). threadlab's own are the `real` and `shuttle` test targets of this crate; a user
//! crate's is its own `threadlab_main!` binary, which answers `__real` and `__shuttle`.

use std::path::{Path, PathBuf};

/// The crate the tiers build and run: threadlab's workspace, or a user's binary crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    dir: PathBuf,
    runner: Runner,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Runner {
    /// `-p deep-tests --test real` and `--test shuttle`.
    Workspace,
    /// `--bin NAME`, answering `__real ...` and `__shuttle ...`.
    UserBinary(String),
}

/// Which of a target's two runners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Runs each named strategy once at a tier's size (Miri, ThreadSanitizer).
    Real,
    /// Explores one strategy under shuttle (built with `--cfg shuttle`).
    Shuttle,
}

impl Target {
    /// threadlab's own workspace at `dir`: the runners are this crate's test targets.
    pub fn workspace(dir: PathBuf) -> Self {
        Target { dir, runner: Runner::Workspace }
    }

    /// A user's binary crate at `dir` whose binary `bin` registers its strategies with
    /// `scenarios::threadlab_main!`: the binary is its own runner (`bin __real ...`,
    /// `bin __shuttle ...`), built in the crate's own target directory.
    pub fn user_binary(dir: PathBuf, bin: &str) -> Self {
        Target { dir, runner: Runner::UserBinary(bin.to_owned()) }
    }

    /// The directory cargo runs in; commands and paths in verdicts are relative to it.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cargo subcommand and target selection that run `kind`'s runner
    /// (`cargo <these> -- <runner_args> ...`).
    pub(crate) fn run_args(&self, kind: Kind) -> Vec<String> {
        let release = kind == Kind::Shuttle;
        let mut args: Vec<&str> = match &self.runner {
            Runner::Workspace => vec!["test"],
            Runner::UserBinary(_) => vec!["run"],
        };
        if release {
            args.push("--release");
        }
        match &self.runner {
            Runner::Workspace => {
                args.extend(["-p", "deep-tests", "--test", self.exe_name(kind)]);
            }
            Runner::UserBinary(bin) => args.extend(["--bin", bin.as_str()]),
        }
        args.into_iter().map(str::to_owned).collect()
    }

    /// The cargo subcommand and selection that only build `kind`'s runner.
    pub(crate) fn build_args(&self, kind: Kind) -> Vec<String> {
        let mut args = self.run_args(kind);
        match self.runner {
            Runner::Workspace => args.push("--no-run".to_owned()),
            Runner::UserBinary(_) => args[0] = "build".to_owned(),
        }
        args
    }

    /// What goes before the runner's own arguments (the binary's hidden command).
    pub(crate) fn runner_args(&self, kind: Kind) -> Vec<String> {
        match (&self.runner, kind) {
            (Runner::Workspace, _) => Vec::new(),
            (Runner::UserBinary(_), Kind::Real) => vec!["__real".to_owned()],
            (Runner::UserBinary(_), Kind::Shuttle) => vec!["__shuttle".to_owned()],
        }
    }

    /// The name of the cargo target that is `kind`'s runner (in cargo's JSON messages).
    pub(crate) fn exe_name(&self, kind: Kind) -> &str {
        match (&self.runner, kind) {
            (Runner::Workspace, Kind::Real) => "real",
            (Runner::Workspace, Kind::Shuttle) => "shuttle",
            (Runner::UserBinary(bin), _) => bin,
        }
    }

    /// The command that replays a saved shuttle schedule of `name`.
    pub(crate) fn replay_command(&self, file: &str, name: &str) -> String {
        match &self.runner {
            Runner::Workspace => format!("scripts/verify-deep.sh --replay {file} {name}"),
            Runner::UserBinary(bin) => format!(
                "RUSTFLAGS=\"--cfg shuttle\" CARGO_TARGET_DIR=target/shuttle cargo run --release \
                 --bin {bin} -- __shuttle --replay {file} {name}"
            ),
        }
    }
}

/// `cargo <sub> <inserted> <rest of args>`: `args` (a subcommand first) with `inserted`
/// placed right after the subcommand, joined for a verdict's command line.
pub(crate) fn after_subcommand(args: &[String], inserted: &str) -> String {
    let mut words: Vec<&str> = args.iter().map(String::as_str).collect();
    words.insert(words.len().min(1), inserted);
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_runs_its_test_targets_as_before() {
        let ws = Target::workspace(PathBuf::from("/w"));
        assert_eq!(ws.run_args(Kind::Real).join(" "), "test -p deep-tests --test real");
        assert_eq!(
            ws.build_args(Kind::Shuttle).join(" "),
            "test --release -p deep-tests --test shuttle --no-run"
        );
        assert!(ws.runner_args(Kind::Real).is_empty());
        assert_eq!(ws.exe_name(Kind::Shuttle), "shuttle");
    }

    #[test]
    fn a_user_binary_is_its_own_runner() {
        let user = Target::user_binary(PathBuf::from("/u"), "user-crate");
        assert_eq!(user.run_args(Kind::Real).join(" "), "run --bin user-crate");
        assert_eq!(user.build_args(Kind::Shuttle).join(" "), "build --release --bin user-crate");
        assert_eq!(user.runner_args(Kind::Real), ["__real"]);
        assert_eq!(user.runner_args(Kind::Shuttle), ["__shuttle"]);
        assert_eq!(user.exe_name(Kind::Real), "user-crate");
        assert_eq!(
            after_subcommand(&user.run_args(Kind::Real), "-Zbuild-std"),
            "run -Zbuild-std --bin user-crate"
        );
    }
}
