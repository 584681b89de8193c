//! The command line: `cargo threadlab [OPTIONS] [COMMAND]`. Without a command, the whole
//! job; each of the user binary's own commands passes through, built as it needs.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// threadlab over the strategies your crate registers with `scenarios::threadlab_main!`.
#[derive(Parser, Debug)]
#[command(
    name = "cargo threadlab",
    bin_name = "cargo threadlab",
    version,
    after_help = "Without a command: the whole job (loom, stress, benchmarks, report), each step \
                  timed, a summary at the end; exit status 1 if any step failed.\n\
                  Options before a command (e.g. `cargo threadlab --manifest-path P stress`); \
                  what follows a passed-through command goes to your crate's binary."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub job: JobArgs,
    #[command(flatten)]
    pub cargo: CargoArgs,
}

/// How much the whole job spends.
#[derive(Args, Debug)]
pub struct JobArgs {
    /// The quick budgets of threadlab's budget table (stress seconds, criterion's quick
    /// mode): first contact and CI.
    #[arg(long)]
    pub quick: bool,
    /// Stress seconds per strategy (default: the budget table's, quick or full).
    #[arg(long, value_name = "S")]
    pub seconds: Option<f64>,
    /// Also the deep tiers (Miri and ThreadSanitizer; they need the nightly toolchain with
    /// miri and rust-src), before the report.
    #[arg(long)]
    pub deep: bool,
}

/// What goes to cargo's own builds.
#[derive(Args, Debug, Clone, Default)]
pub struct CargoArgs {
    /// The crate's Cargo.toml (default: the one cargo finds from the current folder).
    #[arg(long, value_name = "PATH", global = true)]
    pub manifest_path: Option<PathBuf>,
    /// The binary that calls `threadlab_main!`, where the crate has several.
    #[arg(long, value_name = "NAME", global = true)]
    pub bin: Option<String>,
    /// Passed to cargo: Cargo.lock must be up to date.
    #[arg(long, global = true)]
    pub locked: bool,
    /// Passed to cargo: no network.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Passed to cargo: no progress lines of its own (its errors still show).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// One command; every one but `init` runs the crate's binary.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Make a crate fresh from `cargo new` a threadlab user crate: the dependencies (by
    /// path to this threadlab checkout) in its Cargo.toml and a src/main.rs with one
    /// example strategy. Never overwrites code of yours.
    Init {
        /// The threadlab checkout to depend on (default: the one this command was built
        /// from).
        #[arg(long, value_name = "DIR")]
        threadlab: Option<PathBuf>,
    },
    /// Loom over every registered strategy (builds with `--cfg loom` in target/loom).
    #[command(disable_help_flag = true)]
    Loom(Passed),
    /// Stress every registered strategy (`--seconds S`).
    #[command(disable_help_flag = true)]
    Stress(Passed),
    /// Criterion over every registered strategy (`--quick`).
    #[command(disable_help_flag = true)]
    Bench(Passed),
    /// The report at reports/index.html of the crate's workspace.
    #[command(disable_help_flag = true)]
    Report(Passed),
    /// A loom verdict told, step by step (`scenario/strategy`).
    #[command(disable_help_flag = true)]
    Explain(Passed),
    /// Any other command of the crate's binary, passed through to its ordinary build.
    #[command(external_subcommand)]
    Other(Vec<OsString>),
}

/// A command's own arguments, for the crate's binary to read.
#[derive(Args, Debug)]
pub struct Passed {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<OsString>,
}

impl Cli {
    /// Refused: the job's options before a command (`cargo threadlab --quick stress`);
    /// a command takes its own after its name.
    pub fn check(&self) -> Result<(), String> {
        match &self.command {
            Some(_) if self.job.quick || self.job.seconds.is_some() || self.job.deep => {
                Err("--quick, --seconds and --deep are for the whole job; a command takes its own after \
                 its name (cargo threadlab stress --seconds 2)"
                    .to_owned())
            }
            _ => match self.job.seconds {
                Some(s) if !(s > 0.0 && s.is_finite()) => {
                    Err("--seconds must be a positive number".to_owned())
                }
                _ => Ok(()),
            },
        }
    }
}

impl Command {
    /// The binary's command line and the build it needs; `None` for `init`.
    pub fn passed_through(self) -> Option<(Build, Vec<OsString>)> {
        let (build, name, args) = match self {
            Command::Init { .. } => return None,
            Command::Loom(p) => (Build::Loom, "loom", p.args),
            Command::Stress(p) => (Build::Ordinary, "stress", p.args),
            Command::Bench(p) => (Build::Ordinary, "bench", p.args),
            Command::Report(p) => (Build::Ordinary, "report", p.args),
            Command::Explain(p) => (Build::Ordinary, "explain", p.args),
            Command::Other(args) => return Some((Build::Ordinary, args)),
        };
        Some((build, std::iter::once(OsString::from(name)).chain(args).collect()))
    }
}

/// Which build of the crate a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// `cargo build --release`: stress, benchmarks, report, explain.
    Ordinary,
    /// The same with `--cfg loom` added to RUSTFLAGS, in `<target>/loom`.
    Loom,
}

/// The arguments as cargo hands them over (`cargo-threadlab threadlab ...`), without the
/// subcommand's own name; run directly (`cargo-threadlab ...`), as they are.
pub fn args_from(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "threadlab") {
        args.remove(1);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        let args = args_from(args.iter().map(OsString::from).collect());
        Cli::try_parse_from(args).unwrap()
    }

    #[test]
    fn cargo_s_leading_subcommand_name_is_dropped() {
        let cli = parse(&["cargo-threadlab", "threadlab", "--quick"]);
        assert!(cli.job.quick && cli.command.is_none());
        let cli = parse(&["cargo-threadlab", "--seconds", "2"]);
        assert_eq!(cli.job.seconds, Some(2.0));
    }

    #[test]
    fn a_command_s_arguments_pass_through_whole() {
        let cli = parse(&["cargo-threadlab", "threadlab", "stress", "--seconds", "2", "--help"]);
        let (build, args) = cli.command.unwrap().passed_through().unwrap();
        assert_eq!(build, Build::Ordinary);
        assert_eq!(args, ["stress", "--seconds", "2", "--help"]);
        let cli = parse(&["cargo-threadlab", "threadlab", "-q", "--locked", "loom"]);
        assert!(cli.cargo.locked && cli.cargo.quiet);
        assert_eq!(cli.command.unwrap().passed_through().unwrap().0, Build::Loom);
        let cli = parse(&["cargo-threadlab", "threadlab", "selftest", "x"]);
        assert_eq!(cli.command.unwrap().passed_through().unwrap().1, ["selftest", "x"]);
    }

    #[test]
    fn job_options_do_not_mix_with_a_command() {
        assert!(parse(&["cargo-threadlab", "--quick", "report"]).check().is_err());
        assert!(parse(&["cargo-threadlab", "--seconds", "0"]).check().is_err());
        assert!(parse(&["cargo-threadlab", "--seconds", "0.5", "--quick"]).check().is_ok());
        assert!(parse(&["cargo-threadlab", "stress", "--quick"]).check().is_ok());
    }
}
