//! `threadlab-deep`: run the tiers beyond loom over the whole catalogue, write their verdict
//! files, print the verdict table. `threadlab verify --deep` builds and runs it;
//! `scripts/verify-deep.sh` installs the toolchain pieces first, then runs it.
//!
//! ```text
//! threadlab-deep [--tier miri|tsan|shuttle]... [--quick] [scenario[/strategy]]...
//! threadlab-deep --replay FILE scenario/strategy   # a saved shuttle schedule, again
//! ```
//!
//! The tiers themselves are the library's [`deep_tests::tiers`]. Each tier starts the tool on
//! a test target of this crate (`tests/real.rs` under Miri and
//! under ThreadSanitizer, `tests/shuttle.rs` built with `--cfg shuttle`), one process per
//! strategy so that every finding is attributed to exactly one strategy, and judges what
//! the tool itself printed: Miri's `N/M SEEDS FAILED` and its errors, ThreadSanitizer's
//! warnings and exit code 66 (never libtest's "ok"), shuttle's failing schedules. A tier that
//! cannot be built or started is reported as not run, and the exit status is non-zero.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use deep_tests::select;
use deep_tests::tiers::{self, Setup, Target};
use threadlab_results::check_results_root;
use threadlab_results::deep::Tier;

/// The command line: which tiers, how thoroughly, and which strategies.
struct Options {
    tiers: Vec<Tier>,
    quick: bool,
    names: Vec<String>,
}

fn parse_args() -> Result<Options> {
    let mut options = Options { tiers: Vec::new(), quick: false, names: Vec::new() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tier" => {
                let name = args.next().ok_or_else(|| anyhow!("--tier needs a value"))?;
                let tier = Tier::from_name(&name)
                    .ok_or_else(|| anyhow!("unknown tier `{name}` (miri, tsan, shuttle)"))?;
                if !options.tiers.contains(&tier) {
                    options.tiers.push(tier);
                }
            }
            "--quick" => options.quick = true,
            "-h" | "--help" => {
                println!(
                    "threadlab-deep [--tier miri|tsan|shuttle]... [--quick] [scenario[/strategy]]...\n\
                     threadlab-deep --replay FILE scenario/strategy"
                );
                std::process::exit(0);
            }
            flag if flag.starts_with('-') => bail!("unknown flag `{flag}`"),
            name => options.names.push(name.to_owned()),
        }
    }
    if options.tiers.is_empty() {
        options.tiers = Tier::ALL.to_vec();
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--replay") {
        return match replay(&args[1..]) {
            Ok(status) => status,
            Err(e) => {
                eprintln!("threadlab-deep: {e:#}");
                ExitCode::from(2)
            }
        };
    }
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("threadlab-deep: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Run every tier asked for through the one loop, then print the table; true when the
/// whole run passed.
fn run() -> Result<bool> {
    let options = parse_args()?;
    let subjects = select(&options.names).map_err(|e| anyhow!(e))?;
    let root = check_results_root().map_err(|e| anyhow!(e))?;
    let setup = Setup {
        target: Target::workspace(workspace_root()?),
        root: root.canonicalize()?,
        quick: options.quick,
    };
    let runs = tiers::run_tiers(&setup, &options.tiers, &subjects, options.names.is_empty())?;
    Ok(tiers::print_table(&setup.root, &subjects, &runs))
}

/// `--replay FILE scenario/strategy`: run the saved shuttle schedule again (shuttle build,
/// `target/shuttle`). Succeeds when the saved failure reproduces; fails when the schedule
/// now runs clean.
fn replay(args: &[String]) -> Result<ExitCode> {
    let [file, name] = args else { bail!("usage: --replay FILE scenario/strategy") };
    let file = std::fs::canonicalize(file).with_context(|| format!("--replay {file}"))?;
    let workspace = workspace_root()?;
    eprintln!("replaying {} on {name} (shuttle build, target/shuttle)", file.display());
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
        .args(["test", "--release", "--locked", "-p", "deep-tests", "--test", "shuttle", "--"])
        .arg("--replay")
        .arg(&file)
        .arg(name)
        .env("RUSTFLAGS", "--cfg shuttle")
        .env("CARGO_TARGET_DIR", workspace.join("target/shuttle"))
        .current_dir(&workspace)
        .status()
        .context("cannot run cargo")?;
    if status.success() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("threadlab-deep: the replay did not reproduce the failure (see above)");
    Ok(ExitCode::FAILURE)
}

/// The workspace the command runs in ([`threadlab_results::paths::current_workspace`]),
/// if it holds `deep-tests/`.
fn workspace_root() -> Result<PathBuf> {
    threadlab_results::paths::current_workspace()
        .filter(|dir| dir.join("deep-tests").is_dir())
        .ok_or_else(|| anyhow!("run this from inside the threadlab workspace"))
}
