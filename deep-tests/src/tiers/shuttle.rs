//! The shuttle tier: each strategy explored by shuttle's random and PCT schedulers (one
//! process per scheduler) at thread counts loom cannot reach, judged by the failing
//! schedules they report; a failing schedule is saved for `--replay`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::shuttle_report::SchedulerReport;
use crate::{MarkerLine, Size};
use anyhow::{Context, Result};
use scenarios::{LoomModel, Scenario, Strategy, ViolationKind};
use threadlab_results::deep::Tier;

use super::process::{build_test_exe, last_lines, relative, run_captured};
use super::target::{Kind, Target};
use super::tier::{DeepTier, Examination, Reading, Setup};

const SHUTTLE_BLIND_NOTE: &str = "shuttle switches threads only at synchronisation points \
    (atomics, locks, channels, spawn/join) and treats every atomic as SeqCst: a data race on \
    plain memory or a memory-ordering bug is invisible to it.";

pub struct Shuttle {
    target: Target,
    /// Where failing schedules are saved: `<results>/shuttle/`.
    dir: PathBuf,
    iterations: u32,
    version: String,
    exe: PathBuf,
}

impl Shuttle {
    pub fn new(setup: &Setup) -> Self {
        Shuttle {
            target: setup.target.clone(),
            dir: setup.root.join(Tier::Shuttle.name()),
            iterations: if setup.quick { 1_000 } else { 10_000 },
            version: String::new(),
            exe: PathBuf::new(),
        }
    }
}

impl DeepTier for Shuttle {
    fn tier(&self) -> Tier {
        Tier::Shuttle
    }

    fn build(&mut self) -> Result<()> {
        let mut build = Command::new("cargo");
        build
            .args(self.target.build_args(Kind::Shuttle))
            .arg("--message-format=json")
            .env("RUSTFLAGS", "--cfg shuttle")
            .env("CARGO_TARGET_DIR", "target/shuttle");
        self.exe = build_test_exe(self.target.dir(), build, self.target.exe_name(Kind::Shuttle))
            .context("building the shuttle tier")?;
        std::fs::create_dir_all(&self.dir)?;
        self.version = shuttle_version(self.target.dir());
        Ok(())
    }

    fn tool_version(&self) -> &str {
        &self.version
    }

    fn examine(&self, scenario: &Scenario, strategy: &Strategy) -> Result<Examination> {
        let params = Size::Shuttle.params(scenario);
        if let LoomModel::NotModelled(why) = strategy.loom {
            let why = format!(
                "not run: not modelled ({why}); the shuttle tier runs the same model world \
                 as loom"
            );
            return Ok(Examination::new(params, Reading::NotApplicable { why }));
        }
        let name = format!("{}/{}", scenario.name, strategy.name);
        let mut reports = Vec::new();
        let mut error = None;
        for scheduler in ["random", "pct"] {
            let stale =
                self.dir.join(format!("{}.{}.{scheduler}.schedule", scenario.name, strategy.name));
            let _ = std::fs::remove_file(&stale);
            let mut command = Command::new(&self.exe);
            command
                .args(self.target.runner_args(Kind::Shuttle))
                .args(["--scheduler", scheduler, "--iterations", &self.iterations.to_string()])
                .arg("--schedules")
                .arg(&self.dir)
                .arg(&name)
                .current_dir(self.target.dir());
            let out = run_captured(command, Duration::from_secs(600))?;
            let parsed = SchedulerReport::parse_all(&out.text);
            match (out.timed_out, parsed.into_iter().next()) {
                (false, Some(report)) => reports.push(report),
                (true, _) => {
                    error = Some(format!("the {scheduler} exploration hung past 600 s"));
                    break;
                }
                (false, None) => {
                    error = Some(format!(
                        "the {scheduler} exploration ended without a report ({:?}):\n{}",
                        out.code,
                        last_lines(&out.text, 20)
                    ));
                    break;
                }
            }
        }
        // PCT prioritises among runnable threads; a strategy that never has two (a join
        // inside the start loop) gives it nothing to do, and shuttle says so with a panic.
        // That is the tool's limit, not a finding: the random scheduler's runs stand.
        let mut idle_pct = false;
        for report in &mut reports {
            if report.failure.as_deref().is_some_and(pct_found_no_concurrency) {
                report.failure = None;
                report.schedule_file = None;
                report.flags += " (no step had two runnable threads: nothing for PCT to order)";
                idle_pct = true;
            }
        }
        let mut ex = Examination::new(params, Reading::Ran { found: false });
        ex.flags = reports.iter().map(|r| r.flags.clone()).collect::<Vec<_>>().join("; ");
        if idle_pct {
            eprintln!(
                "   shuttle {name}: PCT had no two runnable threads to order; random runs only"
            );
        }
        ex.seconds = reports.iter().map(|r| r.seconds).sum();
        ex.runs = reports.iter().map(|r| r.executions).sum();
        let failures: Vec<&SchedulerReport> =
            reports.iter().filter(|r| r.failure.is_some()).collect();
        ex.failing_runs = failures.len() as u64;
        ex.command = format!(
            "RUSTFLAGS=\"--cfg shuttle\" CARGO_TARGET_DIR=target/shuttle cargo {} -- \
             {}--scheduler random --iterations {} --schedules {} {name}",
            self.target.run_args(Kind::Shuttle).join(" "),
            self.target
                .runner_args(Kind::Shuttle)
                .iter()
                .map(|a| format!("{a} "))
                .collect::<String>(),
            self.iterations,
            relative(self.target.dir(), &self.dir.display().to_string())
        );
        // shuttle's own limit (its step bound) ended the exploration: not a finding about the
        // strategy, and not a clean search either.
        if error.is_none()
            && let Some(limit) = failures.iter().find_map(|r| {
                r.failure.as_deref().filter(|f| tool_limit(f)).map(|f| (r.scheduler.clone(), f))
            })
        {
            error =
                Some(format!("the {} exploration hit shuttle's own limit: {}", limit.0, limit.1));
        }
        if let Some(why) = error {
            ex.reading = Reading::Error { why };
            return Ok(ex);
        }
        if let Some(first) = failures.first() {
            let failure = first.failure.clone().unwrap_or_default();
            ex.finding = Some(failure_kind(&failure).to_owned());
            for report in &failures {
                ex.classify(classify(report.failure.as_deref().unwrap_or_default()));
            }
            ex.detail = Some(format!(
                "{} scheduler, execution {}: {failure}",
                first.scheduler, first.executions
            ));
            ex.schedule_file =
                first.schedule_file.as_deref().map(|f| relative(self.target.dir(), f));
            if let Some(file) = &ex.schedule_file {
                ex.command = self.target.replay_command(file, &name);
            }
        }
        ex.reading = Reading::Ran { found: !failures.is_empty() };
        ex.silence_note = Some(SHUTTLE_BLIND_NOTE.to_owned());
        Ok(ex)
    }

    fn progress(&self, runs: u64, _failing_runs: u64) -> String {
        format!("{runs} executions")
    }
}

/// What ended a failing exploration: a deadlock, the scenario's check, or another panic.
/// shuttle's PCT scheduler asserting that the test never had two runnable threads.
fn pct_found_no_concurrency(failure: &str) -> bool {
    failure.contains("test closure did not exercise any concurrency")
}

/// shuttle stopping at a limit of its own (its `max_steps` bound, also when a destructor
/// runs past it), which says nothing about the strategy.
fn tool_limit(failure: &str) -> bool {
    failure.contains("exceeded max_steps") || failure.contains("exceeded the step bound")
}

fn failure_kind(failure: &str) -> &'static str {
    if failure.contains("deadlock") {
        "deadlock"
    } else if failure.starts_with("invariant violated") {
        "invariant violated"
    } else {
        "panic"
    }
}

/// The catalogue's kind of a failing exploration: a deadlock, or the check's kind, which
/// the shuttle test names in its panic (`invariant violated (<kind>): ...`); `None` for
/// any other panic, which is never the lesson's bug.
fn classify(failure: &str) -> Option<ViolationKind> {
    if failure.contains("deadlock") {
        return Some(ViolationKind::DeadlockOrHang);
    }
    let slug = failure.strip_prefix("invariant violated (")?.split(')').next()?;
    ViolationKind::from_slug(slug)
}

/// `shuttle <version>` from the workspace's Cargo.lock.
fn shuttle_version(workspace: &Path) -> String {
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"shuttle\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
        {
            return format!("shuttle {}", version.trim_matches('"'));
        }
    }
    "shuttle (version unknown)".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pct_with_nothing_to_order_is_told_apart_from_a_finding() {
        assert!(pct_found_no_concurrency("test closure did not exercise any concurrency"));
        assert!(!pct_found_no_concurrency("invariant violated (lost-update): lost 1 of 2"));
    }

    #[test]
    fn shuttles_step_bound_is_the_tools_limit_and_a_finding_is_not() {
        assert!(tool_limit(
            "exceeded max_steps bound 1000000. this might be caused by an unfair schedule"
        ));
        assert!(tool_limit("a destructor exceeded the step bound (1000) while it was dropped"));
        assert!(!tool_limit("invariant violated (lost-update): lost 1 of 16 updates"));
        assert!(!tool_limit("deadlock! threads blocked: [1, 2]"));
    }

    #[test]
    fn a_failure_is_named_by_what_ended_the_exploration() {
        assert_eq!(failure_kind("deadlock! threads blocked: [1, 2]"), "deadlock");
        assert_eq!(failure_kind("invariant violated: lost 1 of 16 updates"), "invariant violated");
        assert_eq!(failure_kind("exceeded max_steps bound"), "panic");
    }

    #[test]
    fn a_failure_is_classified_by_the_checks_kind_and_a_plain_panic_by_none() {
        let lost = "invariant violated (lost-update): lost 1 of 16 updates [total=15]";
        assert_eq!(classify(lost), Some(ViolationKind::LostUpdate));
        assert_eq!(
            classify("deadlock! threads blocked: [1, 2]"),
            Some(ViolationKind::DeadlockOrHang)
        );
        assert_eq!(classify("boom inside the critical section"), None);
        // A kind this binary does not know (a user crate's) keeps its slug.
        let unknown = classify("invariant violated (no-such-kind): x").unwrap();
        assert!(unknown.slug() == "no-such-kind" && !unknown.is_built_in());
    }

    #[test]
    fn the_version_comes_from_the_lock_file() {
        let version = shuttle_version(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
        assert!(version.starts_with("shuttle 0."), "{version}");
        assert_eq!(shuttle_version(Path::new("/nonexistent")), "shuttle (version unknown)");
    }
}
