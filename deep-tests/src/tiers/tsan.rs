//! The ThreadSanitizer tier: each strategy's native run, with std rebuilt under
//! `-Zsanitizer=thread`, several times. Judged by TSan's warnings and its exit code 66, never
//! by libtest's "ok".

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{MarkerLine, ResultLine, Size};
use anyhow::{Context, Result, bail};
use scenarios::{Scenario, Strategy, ViolationKind};
use threadlab_results::deep::Tier;

use super::process::{build_test_exe, last_lines, nightly_version, run_captured};
use super::target::{Kind, Target, after_subcommand};
use super::tier::{DeepTier, Examination, Reading, Setup};

const TSAN_TARGET: &str = "x86_64-unknown-linux-gnu";
const TSAN_SILENT_NOTE: &str = "ThreadSanitizer reports data races on non-atomic memory. \
    A bug made only of atomic operations (a lost update between a load and a store, a \
    check-then-act, a lost wakeup) is not a data race, so TSan is silent on it by design: \
    this silence proves nothing.";

pub struct Tsan {
    target: Target,
    runs: u32,
    version: String,
    exe: PathBuf,
}

impl Tsan {
    pub fn new(setup: &Setup) -> Self {
        Tsan {
            target: setup.target.clone(),
            runs: if setup.quick { 2 } else { 5 },
            version: String::new(),
            exe: PathBuf::new(),
        }
    }
}

impl DeepTier for Tsan {
    fn tier(&self) -> Tier {
        Tier::Tsan
    }

    fn build(&mut self) -> Result<()> {
        self.version = nightly_version()?;
        if !rust_src_installed() {
            bail!(
                "the nightly rust-src component is not installed (ThreadSanitizer rebuilds std \
                 from it): rustup component add rust-src --toolchain nightly"
            );
        }
        let build_args = self.target.build_args(Kind::Real);
        let mut build = Command::new("cargo");
        build
            .arg("+nightly")
            .arg(&build_args[0])
            .args(["-Zbuild-std", "--target", TSAN_TARGET])
            .args(&build_args[1..])
            .arg("--message-format=json")
            .env("RUSTFLAGS", "-Zsanitizer=thread")
            .env("RUSTDOCFLAGS", "-Zsanitizer=thread")
            .env("CARGO_TARGET_DIR", "target/tsan");
        self.exe = build_test_exe(self.target.dir(), build, self.target.exe_name(Kind::Real))
            .context("building the runner with ThreadSanitizer (needs rust-src on nightly)")?;
        Ok(())
    }

    fn tool_version(&self) -> &str {
        &self.version
    }

    fn examine(&self, scenario: &Scenario, strategy: &Strategy) -> Result<Examination> {
        let name = format!("{}/{}", scenario.name, strategy.name);
        let mut ex = Examination::new(Size::Tsan.params(scenario), Reading::Ran { found: false });
        ex.flags = "RUSTFLAGS=-Zsanitizer=thread, -Zbuild-std, default TSAN_OPTIONS".to_owned();
        ex.command = format!(
            "RUSTFLAGS=-Zsanitizer=thread CARGO_TARGET_DIR=target/tsan cargo +nightly {} -- \
             {}--size tsan {name}",
            after_subcommand(
                &self.target.run_args(Kind::Real),
                &format!("-Zbuild-std --target {TSAN_TARGET}")
            ),
            self.target.runner_args(Kind::Real).iter().map(|a| format!("{a} ")).collect::<String>(),
        );
        let (mut reported, mut violated, mut kinds, mut detail) = (0u64, 0u64, Vec::new(), None);
        let mut error = None;
        let started = Instant::now();
        for _ in 0..self.runs {
            let mut command = Command::new(&self.exe);
            command
                .args(self.target.runner_args(Kind::Real))
                .args(["--size", "tsan"])
                .arg(&name)
                .current_dir(self.target.dir());
            let out = run_captured(command, Duration::from_secs(300))?;
            if out.timed_out {
                error = Some("the run hung past 300 s under ThreadSanitizer".to_owned());
                break;
            }
            let warnings: Vec<&str> = out
                .text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("WARNING: ThreadSanitizer: "))
                .collect();
            let results = ResultLine::parse_all(&out.text);
            // Exit code 66 is TSan's "reported warnings"; libtest-style success means nothing.
            if !warnings.is_empty() || out.code == Some(66) {
                reported += 1;
                for w in &warnings {
                    let kind = w.split(" (").next().unwrap_or(w).trim().to_owned();
                    ex.classify(tsan_kind(&kind));
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                if detail.is_none() {
                    detail = Some(tsan_detail(&out.text, self.target.dir()));
                }
            } else if results.is_empty() || !matches!(out.code, Some(0) | Some(1)) {
                error = Some(format!(
                    "the run exited with {:?} without a result:\n{}",
                    out.code,
                    last_lines(&out.text, 20)
                ));
                break;
            }
            let own =
                results.iter().any(|r| r.scenario == scenario.name && r.strategy == strategy.name);
            if !own && warnings.is_empty() {
                error = Some(format!(
                    "the run printed no result line for {name}:\n{}",
                    last_lines(&out.text, 20)
                ));
                break;
            }
            if let Some(v) = results.iter().find_map(|r| r.violation.clone()) {
                violated += 1;
                if !strategy.expectation.is_broken() {
                    for r in &results {
                        ex.classify(r.kind);
                    }
                }
                if !strategy.expectation.is_broken() && detail.is_none() {
                    detail = Some(v);
                }
            }
            ex.runs += 1;
        }
        ex.seconds = started.elapsed().as_secs_f64();
        ex.failing_runs = reported;
        if let Some(why) = error {
            ex.reading = Reading::Error { why };
            return Ok(ex);
        }
        ex.finding = (!kinds.is_empty()).then(|| kinds.join(", "));
        ex.detail = detail;
        // The tier's judgement is what TSan reported. A broken invariant in a native run is
        // luck of the hardware (the stress mode's business), recorded in the note; on a
        // Correct strategy it is a finding all the same.
        let found = if strategy.expectation.is_broken() {
            reported > 0
        } else {
            reported > 0 || violated > 0
        };
        ex.reading = Reading::Ran { found };
        ex.silence_note = Some(format!(
            "{TSAN_SILENT_NOTE} (The invariant itself broke in {violated} of {} runs under TSan.)",
            ex.runs
        ));
        Ok(ex)
    }

    fn progress(&self, runs: u64, failing_runs: u64) -> String {
        format!("{failing_runs} of {runs} runs reported")
    }
}

/// Whether nightly's `rust-src` component is there (`-Zbuild-std` needs it); when rustup
/// cannot say, the build is left to find out.
fn rust_src_installed() -> bool {
    let Ok(out) = Command::new("rustup")
        .args(["component", "list", "--installed", "--toolchain", "nightly"])
        .output()
    else {
        return true;
    };
    !out.status.success() || String::from_utf8_lossy(&out.stdout).lines().any(|l| l == "rust-src")
}

/// The first TSan report, shortened to its headline, each access, and the first frame of
/// each access that lies in the code under study: threadlab's `scenarios/src/`, or the
/// examined crate's own files under `dir` (shown relative to it).
fn tsan_detail(text: &str, dir: &Path) -> String {
    let own = format!("{}/", dir.display());
    let mut picked = Vec::new();
    let mut in_report = false;
    let mut want_frame = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("WARNING: ThreadSanitizer:") {
            in_report = true;
            picked.push(trimmed.to_owned());
            continue;
        }
        if !in_report {
            continue;
        }
        if trimmed.starts_with("SUMMARY:") {
            picked.push(trimmed.to_owned());
            break;
        }
        if trimmed.starts_with("Write of size")
            || trimmed.starts_with("Previous write")
            || trimmed.starts_with("Read of size")
            || trimmed.starts_with("Previous read")
        {
            picked.push(trimmed.trim_end_matches(':').to_owned());
            want_frame = true;
        } else if want_frame
            && trimmed.starts_with('#')
            && let Some(at) = trimmed.split_whitespace().find_map(|w| {
                if let Some((_, tail)) = w.rsplit_once("/scenarios/src/") {
                    Some(format!("scenarios/src/{tail}"))
                } else {
                    w.strip_prefix(own.as_str()).map(str::to_owned)
                }
            })
        {
            if let Some(last) = picked.last_mut() {
                last.push_str(&format!(" at {at}"));
            }
            want_frame = false;
        }
    }
    picked.join(" | ")
}

/// The catalogue's kind of a ThreadSanitizer warning (`data race`, `lock-order-inversion`);
/// `None` for a warning no kind fits.
fn tsan_kind(warning: &str) -> Option<ViolationKind> {
    match warning {
        "data race" => Some(ViolationKind::DataRace),
        "lock-order-inversion" => Some(ViolationKind::DeadlockOrHang),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsan_detail_names_the_accesses_in_our_code() {
        let text = "WARNING: ThreadSanitizer: data race (pid=1)\n  \
            Read of size 8 at 0x1 by thread T1:\n    \
            #0 core::ptr::read_volatile /rustlib/src/rust/library/core/src/ptr/mod.rs:2107:9 (x)\n    \
            #2 <a as b>::add_one::{closure#0} /w/scenarios/src/shared_counter/racy_ptr.rs:47:49 (x)\n  \
            Previous write of size 8 at 0x1 by thread T2:\n    \
            #0 <a as b>::add_one::{closure#0} /w/scenarios/src/shared_counter/racy_ptr.rs:47:21 (x)\n\
            SUMMARY: ThreadSanitizer: data race\n";
        let detail = tsan_detail(text, Path::new("/elsewhere"));
        assert!(detail.starts_with("WARNING: ThreadSanitizer: data race"));
        assert!(detail.contains(
            "Read of size 8 at 0x1 by thread T1 at scenarios/src/shared_counter/racy_ptr.rs:47:49"
        ));
        assert!(detail.contains("by thread T2 at scenarios/src/shared_counter/racy_ptr.rs:47:21"));
    }

    #[test]
    fn tsan_detail_names_a_user_crates_own_files_relative_to_it() {
        let text = "WARNING: ThreadSanitizer: data race (pid=1)\n  \
            Write of size 8 at 0x1 by thread T1:\n    \
            #0 mine::add /u/crate/src/racy.rs:9:5 (x)\n\
            SUMMARY: ThreadSanitizer: data race\n";
        let detail = tsan_detail(text, Path::new("/u/crate"));
        assert!(
            detail.contains("Write of size 8 at 0x1 by thread T1 at src/racy.rs:9:5"),
            "{detail}"
        );
    }

    #[test]
    fn tsan_detail_stops_at_the_first_report() {
        let text = "noise\nWARNING: ThreadSanitizer: data race (pid=1)\n\
            SUMMARY: ThreadSanitizer: data race\n\
            WARNING: ThreadSanitizer: data race (pid=1)\n";
        assert_eq!(
            tsan_detail(text, Path::new("/w")),
            "WARNING: ThreadSanitizer: data race (pid=1) | SUMMARY: ThreadSanitizer: data race"
        );
    }
}
