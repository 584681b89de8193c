//! The tiers beyond loom (Miri, ThreadSanitizer, shuttle) over a user crate's registered
//! strategies, with the crate's own binary as the runner: the same machinery as
//! `threadlab-deep` ([`deep_tests::tiers`]), pointed at the user's crate.
//!
//! `<binary> deep [--tier miri|tsan|shuttle]... [--quick] [--only-mine]` runs them over the
//! crate's registered strategies and the built-in reference rows of their scenarios (the
//! crate's own alone with `--only-mine`, as `stress` and `bench` take it). It builds the
//! binary for each tool in the crate's own target directory (`cargo +nightly miri run`, a
//! ThreadSanitizer build in `target/tsan`, a `--cfg shuttle` build in `target/shuttle`),
//! starts it once per strategy with the hidden runner commands (`__real`, `__shuttle`),
//! and writes the verdicts under the crate's `target/threadlab/{miri,tsan,shuttle}/`,
//! where `report` reads them. A tier whose tool is missing is reported as not run, with
//! the command that installs it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow};
use deep_tests::tiers::{self, Setup, Target};
use scenarios::catalogue::UserCrate;
use scenarios::{Scenario, Strategy};
use threadlab_results::deep::Tier;

/// The hidden command the Miri and ThreadSanitizer tiers start this binary with.
const REAL: &str = "__real";
/// The hidden command the shuttle tier starts this binary (built with `--cfg shuttle`) with.
const SHUTTLE: &str = "__shuttle";

/// The registered strategies, kept in a static: a runner under Miri must leave nothing
/// unreachable behind (Miri's leak check), and a runner answers before the crate
/// registers with the catalogue (registering reads the crate's files, which Miri's
/// isolation refuses).
static RUNNER_SUBJECTS: OnceLock<Vec<(&'static Scenario, &'static Strategy)>> = OnceLock::new();
/// The registrations as [`scenarios::catalogue::Registered::scenario`] checked them (a
/// name taken twice is refused), kept for the same reason.
static CHECKED: OnceLock<Vec<&'static Scenario>> = OnceLock::new();

/// When this process was started as a runner (`__real ...`, `__shuttle ...`), run it over
/// `user`'s strategies and return its exit code; `None` for every other command line.
pub(super) fn answer_runner(user: &'static UserCrate) -> Option<ExitCode> {
    let mut args = std::env::args().skip(1);
    let command = args.next()?;
    if command != REAL && command != SHUTTLE {
        return None;
    }
    let subjects = match registered_subjects(user) {
        Ok(subjects) => subjects,
        Err(e) => {
            eprintln!("threadlab: {e}");
            return Some(ExitCode::from(2));
        }
    };
    if command == REAL {
        return Some(deep_tests::runner::main(REAL, subjects, args));
    }
    Some(shuttle_runner(subjects, args))
}

#[cfg(shuttle)]
fn shuttle_runner(
    subjects: &[(&'static Scenario, &'static Strategy)],
    args: impl Iterator<Item = String>,
) -> ExitCode {
    deep_tests::explore::main(subjects, args)
}

#[cfg(not(shuttle))]
fn shuttle_runner(
    _subjects: &[(&'static Scenario, &'static Strategy)],
    _args: impl Iterator<Item = String>,
) -> ExitCode {
    eprintln!(
        "threadlab: {SHUTTLE} needs a build with shuttle: RUSTFLAGS=\"--cfg shuttle\" \
         CARGO_TARGET_DIR=target/shuttle cargo run --release -- {SHUTTLE} ..."
    );
    ExitCode::from(2)
}

/// Every (scenario, strategy) a run of this crate covers: for each scenario it registered
/// for, that scenario's built-in strategies first (the reference rows, as `stress` and
/// `loom` run them too), then the crate's own; the order `register_user` merges them in,
/// built here without registering (which a runner under Miri cannot do). The crate's user
/// violation kinds are registered, so result lines name them.
fn registered_subjects(
    user: &'static UserCrate,
) -> Result<&'static [(&'static Scenario, &'static Strategy)], String> {
    if let Some(subjects) = RUNNER_SUBJECTS.get() {
        return Ok(subjects);
    }
    let checked: Vec<&'static Scenario> = user
        .registered
        .iter()
        .map(|r| r.scenario())
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    CHECKED.get_or_init(|| checked);
    let mut subjects = Vec::new();
    for r in user.registered {
        r.register_kinds().map_err(|e| e.to_string())?;
        let strategies: Vec<Strategy> =
            r.scenario.strategies.iter().chain(r.strategies).map(|s| Strategy { ..*s }).collect();
        let scenario: &'static Scenario =
            Box::leak(Box::new(Scenario { strategies: strategies.leak(), ..*r.scenario }));
        subjects.extend(scenario.strategies.iter().map(|s| (scenario, s)));
    }
    Ok(RUNNER_SUBJECTS.get_or_init(|| subjects))
}

/// `deep`: run `tiers` (all three when empty) over every strategy `user` registered and
/// the built-in reference rows of its scenarios (not those with `only_mine`), print the
/// verdict table; exit 1 unless every Correct one is clean wherever it ran, every Broken
/// one caught by at least one tier, and every tier ran.
pub(super) fn deep(
    user: &'static UserCrate,
    tiers: &[Tier],
    quick: bool,
    only_mine: bool,
) -> Result<ExitCode> {
    let all = registered_subjects(user).map_err(anyhow::Error::msg)?;
    let subjects: Vec<(&'static Scenario, &'static Strategy)> = all
        .iter()
        .copied()
        .filter(|(scenario, strategy)| {
            !only_mine || scenarios::catalogue::from_user(scenario.name, strategy.name)
        })
        .collect();
    let subjects = subjects.as_slice();
    let names: Vec<&str> = Tier::ALL.iter().map(|t| t.name()).collect();
    let root = crate::files::writable_results_root(&names).map_err(crate::cli::usage)?;
    let exe = std::env::current_exe().context("finding this binary")?;
    let bin = exe
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| anyhow!("this binary's name ({}) is not text", exe.display()))?;
    let setup = Setup {
        target: Target::user_binary(PathBuf::from(user.dir), bin),
        root: root.canonicalize()?,
        quick,
    };
    let tiers = if tiers.is_empty() { Tier::ALL.to_vec() } else { tiers.to_vec() };
    // A run over everything replaces each tier's verdicts; one over the crate's own rows
    // leaves the reference rows' verdicts in place.
    let runs = tiers::run_tiers(&setup, &tiers, subjects, !only_mine)?;
    let passed = tiers::print_table(&setup.root, subjects, &runs);
    Ok(if passed { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `--tier NAME` on the command line.
pub(super) fn parse_tier(name: &str) -> Result<Tier, String> {
    Tier::from_name(name).ok_or_else(|| format!("unknown tier `{name}` (miri, tsan, shuttle)"))
}
