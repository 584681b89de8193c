//! The Miri tier: each strategy interpreted over many scheduler seeds
//! (`-Zmiri-many-seeds`), judged by Miri's `N/M SEEDS FAILED` summary and its errors.

use std::process::Command;
use std::time::Duration;

use crate::{MarkerLine, ResultLine, Size};
use anyhow::{Result, bail};
use scenarios::{Scenario, Strategy, ViolationKind};
use threadlab_results::deep::Tier;

use super::process::{Output, last_lines, nightly_version, run_captured};
use super::target::{Kind, Target};
use super::tier::{DeepTier, Examination, Reading, Setup};

/// Flags the Miri tier adds when strict Stacked Borrows stops inside a third-party crate
/// (crossbeam-epoch under rayon does today): Tree Borrows, permissive provenance, no leak
/// check. Recorded in the verdict's `flags` and `note` whenever they were used.
const MIRI_RELAXED: &str = "-Zmiri-tree-borrows -Zmiri-permissive-provenance -Zmiri-ignore-leaks";

pub struct Miri {
    target: Target,
    broken_seeds: u32,
    correct_seeds: u32,
    version: String,
}

impl Miri {
    pub fn new(setup: &Setup) -> Self {
        Miri {
            target: setup.target.clone(),
            broken_seeds: if setup.quick { 16 } else { 64 },
            correct_seeds: if setup.quick { 4 } else { 16 },
            version: String::new(),
        }
    }
}

impl DeepTier for Miri {
    fn tier(&self) -> Tier {
        Tier::Miri
    }

    fn build(&mut self) -> Result<()> {
        self.version = nightly_version()?;
        let probe = Command::new("cargo").args(["+nightly", "miri", "--version"]).output()?;
        if !probe.status.success() {
            bail!("Miri is not installed: rustup component add miri rust-src --toolchain nightly");
        }
        // Build once, so the per-strategy runs only interpret. `cargo miri` has no build
        // subcommand: a test target is built with `--no-run`, a binary runner is started
        // once to list its strategies (which also shows it answers under Miri).
        let mut build = Command::new("cargo");
        build.args(["+nightly", "miri"]).current_dir(self.target.dir());
        let run = self.target.run_args(Kind::Real);
        if self.target.runner_args(Kind::Real).is_empty() {
            build.args(&run).arg("--no-run");
        } else {
            build.args(&run).arg("--").args(self.target.runner_args(Kind::Real)).arg("--list");
        }
        let built = run_captured(build, Duration::from_secs(3600))?;
        if built.code != Some(0) {
            bail!("cargo miri could not build the runner:\n{}", last_lines(&built.text, 30));
        }
        Ok(())
    }

    fn tool_version(&self) -> &str {
        &self.version
    }

    fn examine(&self, scenario: &Scenario, strategy: &Strategy) -> Result<Examination> {
        let seeds =
            if strategy.expectation.is_broken() { self.broken_seeds } else { self.correct_seeds };
        let base = format!("-Zmiri-many-seeds=0..{seeds} -Zmiri-many-seeds-keep-going");
        let mut flags = base.clone();
        let mut attempt = miri_once(&self.target, scenario, strategy, &flags)?;
        let mut note = None;
        if attempt.third_party_ub {
            // Strict Stacked Borrows stopped inside a dependency, not in the strategy: say
            // so, and judge the strategy under the relaxed model the crate needs.
            let first = attempt.ub.clone().unwrap_or_default();
            flags = format!("{base} {MIRI_RELAXED}");
            attempt = miri_once(&self.target, scenario, strategy, &flags)?;
            note = Some(format!(
                "under the default flags Miri stopped inside a dependency ({first}); judged with \
                 {MIRI_RELAXED}"
            ));
        }
        let mut ex = Examination::new(Size::Miri.params(scenario), Reading::Ran { found: false });
        ex.note = note;
        ex.command = format!(
            "MIRIFLAGS=\"{flags}\" cargo +nightly miri {} -- {}--size miri {}/{}",
            self.target.run_args(Kind::Real).join(" "),
            self.target.runner_args(Kind::Real).iter().map(|a| format!("{a} ")).collect::<String>(),
            scenario.name,
            strategy.name
        );
        ex.flags = flags;
        ex.seconds = attempt.seconds;
        if let Some(problem) = attempt.error {
            ex.reading = Reading::Error { why: problem };
            return Ok(ex);
        }
        ex.runs = attempt.runs;
        ex.failing_runs = attempt.failing;
        for kind in &attempt.kinds {
            ex.classify(*kind);
        }
        let mut kinds = Vec::new();
        if attempt.ub.is_some() {
            kinds.push(if attempt.data_race {
                "undefined behaviour: data race"
            } else {
                "undefined behaviour"
            });
        }
        if attempt.deadlock {
            kinds.push("deadlock");
        }
        if attempt.violation.is_some() {
            kinds.push("invariant violated");
        }
        if attempt.failing > 0 && kinds.is_empty() {
            kinds.push("the program failed (see the command's output)");
        }
        ex.finding = (!kinds.is_empty()).then(|| kinds.join(", "));
        ex.detail = attempt.ub.or(attempt.violation);
        ex.reading = Reading::Ran { found: attempt.failing > 0 };
        Ok(ex)
    }

    fn progress(&self, runs: u64, failing_runs: u64) -> String {
        format!("{failing_runs} of {runs} seeds failed")
    }
}

/// What one `cargo miri test` run reported.
struct MiriAttempt {
    /// Seeds run: the summary's total where Miri printed one, else the strategy's own
    /// result lines counted (a seed that ends in undefined behaviour prints none).
    runs: u64,
    /// Each finding classified (`None`: a finding no kind fits).
    kinds: Vec<Option<ViolationKind>>,
    failing: u64,
    /// The first `error: Undefined Behavior: ...` line.
    ub: Option<String>,
    data_race: bool,
    /// The UB was located in a dependency (cargo registry) or std, not in the workspace.
    third_party_ub: bool,
    deadlock: bool,
    violation: Option<String>,
    /// Miri did not produce a verdict (timeout, crash, unexpected exit).
    error: Option<String>,
    seconds: f64,
}

fn miri_once(
    target: &Target,
    scenario: &Scenario,
    strategy: &Strategy,
    flags: &str,
) -> Result<MiriAttempt> {
    let mut command = Command::new("cargo");
    command
        .args(["+nightly", "miri"])
        .args(target.run_args(Kind::Real))
        .arg("--")
        .args(target.runner_args(Kind::Real))
        .args(["--size", "miri"])
        .arg(format!("{}/{}", scenario.name, strategy.name))
        .env("MIRIFLAGS", flags)
        .current_dir(target.dir());
    let out = run_captured(command, Duration::from_secs(900))?;
    Ok(parse_miri(&out, (scenario.name, strategy.name)))
}

/// Read one `cargo miri test` run of the strategy `name` (scenario, strategy).
fn parse_miri(out: &Output, name: (&str, &str)) -> MiriAttempt {
    let text = &out.text;
    let mut attempt = MiriAttempt {
        runs: 0,
        kinds: Vec::new(),
        failing: 0,
        ub: None,
        data_race: false,
        third_party_ub: false,
        deadlock: false,
        violation: None,
        error: None,
        seconds: out.seconds,
    };
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("error: Undefined Behavior: ")
            && attempt.ub.is_none()
        {
            attempt.data_race = rest.contains("Data race");
            // The next ` --> path:line:col` names where it happened.
            let location = lines[i + 1..].iter().find_map(|l| l.trim_start().strip_prefix("--> "));
            attempt.third_party_ub = location
                .is_some_and(|l| l.contains("/registry/src/") || l.contains("/rustlib/src/"));
            attempt.ub = Some(match location {
                Some(at) => format!("{} (at {})", rest.trim(), at.trim()),
                None => rest.trim().to_owned(),
            });
        }
        if line.contains("deadlock") && line.starts_with("error:") {
            attempt.deadlock = true;
        }
    }
    let own: Vec<ResultLine> = ResultLine::parse_all(text)
        .into_iter()
        .filter(|r| (r.scenario.as_str(), r.strategy.as_str()) == name)
        .collect();
    attempt.violation =
        own.iter().find_map(|r| r.violation.as_ref().map(|v| format!("{v} [{}]", r.outcome)));
    if attempt.ub.is_some() {
        attempt.kinds.push(attempt.data_race.then_some(ViolationKind::DataRace));
    }
    if attempt.deadlock {
        attempt.kinds.push(Some(ViolationKind::DeadlockOrHang));
    }
    for line in own.iter().filter(|r| r.violation.is_some()) {
        if !attempt.kinds.contains(&line.kind) {
            attempt.kinds.push(line.kind);
        }
    }
    let summary = lines.iter().find_map(|l| {
        let (failed, rest) = l.trim().split_once('/')?;
        let total = rest.strip_suffix(" SEEDS FAILED")?;
        Some((failed.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
    });
    if out.timed_out {
        attempt.error = Some("Miri ran past its time limit (900 s)".to_owned());
    } else if let Some((failed, total)) = summary {
        attempt.failing = failed;
        attempt.runs = total;
    } else if out.code == Some(0) && !own.is_empty() {
        attempt.failing = 0;
        attempt.runs = own.len() as u64;
    } else if out.code == Some(0) {
        attempt.error = Some(format!(
            "cargo miri exited 0 but no result line shows {}/{} ran:\n{}",
            name.0,
            name.1,
            last_lines(text, 20)
        ));
    } else {
        attempt.error = Some(format!(
            "cargo miri exited with {:?} and no seed summary:\n{}",
            out.code,
            last_lines(text, 20)
        ));
    }
    if attempt.failing > 0 && attempt.kinds.is_empty() {
        attempt.kinds.push(None);
    }
    attempt
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_miri_of(out: &Output) -> MiriAttempt {
        parse_miri(out, ("shared_counter", "unsync"))
    }

    fn output(code: Option<i32>, text: &str) -> Output {
        Output { code, text: text.to_owned(), timed_out: false, seconds: 1.0 }
    }

    #[test]
    fn miri_seed_summary_and_data_race_are_read_from_its_output() {
        let text = "Trying seed: 0\n\
            error: Undefined Behavior: Data race detected between (1) non-atomic read and (2) non-atomic write\n \
            --> scenarios/src/shared_counter/racy_ptr.rs:47:21\n\
            FAILING SEED: 0\n\
            3/4 SEEDS FAILED\n";
        let attempt = parse_miri_of(&output(Some(1), text));
        assert_eq!(attempt.failing, 3);
        assert!(attempt.data_race);
        assert!(!attempt.third_party_ub, "the race is in the workspace's own code");
        assert!(attempt.ub.unwrap().contains("racy_ptr.rs:47:21"));
        assert!(attempt.error.is_none());
    }

    #[test]
    fn miri_ub_inside_a_dependency_is_told_apart() {
        let text = "error: Undefined Behavior: trying to retag from <1> for SharedReadWrite\n \
            --> /root/.cargo/registry/src/index.crates.io-x/crossbeam-epoch-0.9.21/src/internal.rs:567:9\n\
            1/1 SEEDS FAILED\n";
        let attempt = parse_miri_of(&output(Some(1), text));
        assert!(attempt.third_party_ub);
        assert!(!attempt.data_race);
    }

    #[test]
    fn clean_needs_the_strategys_own_result_lines_and_counts_them_as_the_seeds_run() {
        let line = |strategy: &str| {
            ResultLine {
                scenario: "shared_counter".into(),
                strategy: strategy.into(),
                outcome: "total=4".into(),
                violation: None,
                kind: None,
            }
            .to_line()
        };
        let own = format!("{}\n{}\n{}\n", line("unsync"), line("unsync"), line("unsync"));
        let clean = parse_miri_of(&output(Some(0), &own));
        assert_eq!((clean.failing, clean.runs), (0, 3));
        assert!(clean.error.is_none() && clean.kinds.is_empty());
        let silent = parse_miri_of(&output(Some(0), "Trying seed: 0\n"));
        assert!(silent.error.unwrap().contains("no result line"), "exit 0 alone is no evidence");
        let other = parse_miri_of(&output(Some(0), &format!("{}\n", line("atomic"))));
        assert!(other.error.is_some(), "another strategy's line is no evidence for this one");
        let crashed = parse_miri_of(&output(Some(101), "error: could not compile `scenarios`\n"));
        assert!(crashed.error.is_some(), "no summary and a failure: no verdict, not clean");
    }

    /// What `threadlab-deep` would record for shared_counter/unsync (Broken: lost update)
    /// from this captured output.
    fn status_of(text: &str) -> threadlab_results::deep::DeepStatus {
        let attempt = parse_miri_of(&output(Some(1), text));
        let unsync = scenarios::scenario("shared_counter").unwrap().strategy("unsync").unwrap();
        let params = scenarios::Params { threads: 2, ops: 2, limit: 0 };
        let mut ex = Examination::new(params, Reading::Ran { found: attempt.failing > 0 });
        for kind in attempt.kinds {
            ex.classify(kind);
        }
        crate::tiers::tier::judge(unsync, attempt.failing > 0, &ex)
    }

    #[test]
    fn a_broken_strategy_failing_another_way_under_miri_is_an_unexpected_finding() {
        use threadlab_results::deep::DeepStatus;
        let lost = ResultLine {
            scenario: "shared_counter".into(),
            strategy: "unsync".into(),
            outcome: "total=3".into(),
            violation: Some("lost 1 of 4 updates (total 3)".into()),
            kind: Some(ViolationKind::LostUpdate),
        };
        let caught = format!("{}\nFAILING SEED: 2\n1/8 SEEDS FAILED\n", lost.to_line());
        assert_eq!(status_of(&caught), DeepStatus::Caught);
        let panicked = "thread 'w' panicked at scenarios/src/shared_counter/unsync.rs:9:5:\n\
            boom inside the critical section\nFAILING SEED: 0\n1/8 SEEDS FAILED\n";
        assert_eq!(status_of(panicked), DeepStatus::UnexpectedFinding);
        let raced = "error: Undefined Behavior: Data race detected between (1) and (2)\n \
            --> scenarios/src/shared_counter/unsync.rs:9:5\nFAILING SEED: 0\n1/8 SEEDS FAILED\n";
        assert_eq!(status_of(raced), DeepStatus::UnexpectedFinding);
        let deadlocked = "error: deadlock: the evaluated program deadlocked\n1/8 SEEDS FAILED\n";
        assert_eq!(status_of(deadlocked), DeepStatus::UnexpectedFinding);
    }

    #[test]
    fn a_timeout_is_an_error_and_a_deadlock_is_named() {
        let hung = Output { timed_out: true, ..output(None, "Trying seed: 0\n") };
        assert!(parse_miri_of(&hung).error.unwrap().contains("time limit"));
        let text = "error: deadlock: the evaluated program deadlocked\nFAILING SEED: 1\n1/4 SEEDS FAILED\n";
        let deadlocked = parse_miri_of(&output(Some(1), text));
        assert!(deadlocked.deadlock);
        assert!(deadlocked.ub.is_none(), "a deadlock is not undefined behaviour");
    }

    #[test]
    fn a_broken_invariant_under_miri_is_reported_with_its_outcome() {
        let line = ResultLine {
            scenario: "shared_counter".into(),
            strategy: "unsync".into(),
            outcome: "total=3".into(),
            violation: Some("lost 1 of 4 updates (total 3)".into()),
            kind: Some(ViolationKind::LostUpdate),
        };
        let text = format!("{}\nFAILING SEED: 2\n1/8 SEEDS FAILED\n", line.to_line());
        let attempt = parse_miri_of(&output(Some(1), &text));
        assert_eq!((attempt.failing, attempt.runs), (1, 8));
        assert_eq!(attempt.kinds, [Some(ViolationKind::LostUpdate)]);
        assert_eq!(attempt.violation.as_deref(), Some("lost 1 of 4 updates (total 3) [total=3]"));
    }
}
