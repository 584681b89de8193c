//! `threadlab-deep`: run the tiers beyond loom over the whole catalogue, write their verdict
//! files, print the verdict table. `scripts/verify-deep.sh` installs the toolchain pieces
//! and then runs this from the workspace root.
//!
//! ```text
//! threadlab-deep [--tier miri|tsan|shuttle]... [--quick] [scenario[/strategy]]...
//! ```
//!
//! Each tier starts the tool on a test target of this crate (`tests/real.rs` under Miri and
//! under ThreadSanitizer, `tests/shuttle.rs` built with `--cfg shuttle`), one process per
//! strategy so that every finding is attributed to exactly one strategy, and judges what
//! the tool itself printed: Miri's `N/M SEEDS FAILED` and its errors, ThreadSanitizer's
//! warnings and exit code 66 (never libtest's "ok"), shuttle's failing schedules. A tier that
//! cannot be built or started is reported as not run, and the exit status is non-zero.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow, bail};
use deep_tests::shuttle_report::SchedulerReport;
use deep_tests::{ResultLine, select};
use scenarios::{LoomModel, Scenario, Strategy};
use threadlab_results::deep::{DeepStatus, DeepVerdict, Tier};
use threadlab_results::loom::LoomVerdict;
use threadlab_results::results_root;

/// Flags the Miri tier adds when strict Stacked Borrows stops inside a third-party crate
/// (crossbeam-epoch under rayon does today): Tree Borrows, permissive provenance, no leak
/// check. Recorded in the verdict's `flags` and `note` whenever they were used.
const MIRI_RELAXED: &str = "-Zmiri-tree-borrows -Zmiri-permissive-provenance -Zmiri-ignore-leaks";
const TSAN_TARGET: &str = "x86_64-unknown-linux-gnu";
const TSAN_SILENT_NOTE: &str = "ThreadSanitizer reports data races on non-atomic memory. \
    A bug made only of atomic operations (a lost update between a load and a store, a \
    check-then-act, a lost wakeup) is not a data race, so TSan is silent on it by design: \
    this silence proves nothing.";
const SHUTTLE_BLIND_NOTE: &str = "shuttle switches threads only at synchronisation points \
    (atomics, locks, channels, spawn/join) and treats every atomic as SeqCst: a data race on \
    plain memory or a memory-ordering bug is invisible to it.";

struct Options {
    tiers: Vec<Tier>,
    quick: bool,
    names: Vec<String>,
}

impl Options {
    fn broken_seeds(&self) -> u32 {
        if self.quick { 16 } else { 64 }
    }
    fn correct_seeds(&self) -> u32 {
        if self.quick { 4 } else { 16 }
    }
    fn tsan_runs(&self) -> u32 {
        if self.quick { 2 } else { 5 }
    }
    fn shuttle_iterations(&self) -> u32 {
        if self.quick { 1_000 } else { 10_000 }
    }
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
                    "threadlab-deep [--tier miri|tsan|shuttle]... [--quick] [scenario[/strategy]]..."
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
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("threadlab-deep: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// What one tier did: its verdicts, or why it did not run.
struct TierRun {
    tier: Tier,
    verdicts: Vec<DeepVerdict>,
    not_run: Option<String>,
    seconds: f64,
}

fn run() -> Result<bool> {
    let options = parse_args()?;
    let subjects = select(&options.names).map_err(|e| anyhow!(e))?;
    let workspace = workspace_root()?;
    let root = results_root();
    std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
    let root = root.canonicalize()?;
    let mut runs = Vec::new();
    for &tier in &options.tiers {
        let started = Instant::now();
        eprintln!("== {} tier: {} strategies", tier.name(), subjects.len());
        let result = match tier {
            Tier::Miri => miri_tier(&workspace, &subjects, &options),
            Tier::Tsan => tsan_tier(&workspace, &subjects, &options),
            Tier::Shuttle => shuttle_tier(&workspace, &root, &subjects, &options),
        };
        let seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(verdicts) => {
                if options.names.is_empty() {
                    clear_tier_dir(&root.join(tier.name()));
                }
                for verdict in &verdicts {
                    verdict.write_under(&root).with_context(|| {
                        format!("writing the {} verdict under {}", tier.name(), root.display())
                    })?;
                }
                runs.push(TierRun { tier, verdicts, not_run: None, seconds });
            }
            Err(e) => {
                eprintln!("threadlab-deep: the {} tier DID NOT RUN: {e:#}", tier.name());
                runs.push(TierRun {
                    tier,
                    verdicts: Vec::new(),
                    not_run: Some(format!("{e:#}")),
                    seconds,
                });
            }
        }
        eprintln!("== {} tier done in {seconds:.1} s", tier.name());
    }
    Ok(print_table(&root, &subjects, &runs))
}

/// Remove a tier's old verdicts before a full run writes the new ones, so a strategy that
/// left the catalogue does not linger in the report.
fn clear_tier_dir(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "json") {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `path` relative to the workspace when it lies inside it (commands stay portable).
fn relative(workspace: &Path, path: &str) -> String {
    Path::new(path)
        .strip_prefix(workspace)
        .map_or_else(|_| path.to_owned(), |p| p.display().to_string())
}

fn workspace_root() -> Result<PathBuf> {
    let cwd = std::env::current_dir()?.canonicalize()?;
    cwd.ancestors()
        .find(|dir| dir.join("deep-tests").is_dir() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("run this from inside the threadlab workspace"))
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn expectation_text(strategy: &Strategy) -> String {
    strategy.expectation.to_string()
}

/// A verdict with the common fields filled in and the status still undecided.
fn blank(
    tier: Tier,
    scenario: &Scenario,
    strategy: &Strategy,
    params: scenarios::Params,
) -> DeepVerdict {
    DeepVerdict {
        tier,
        scenario: scenario.name.to_owned(),
        strategy: strategy.name.to_owned(),
        expectation: expectation_text(strategy),
        status: DeepStatus::Error,
        threads: params.threads,
        ops: params.ops,
        limit: params.limit,
        runs: 0,
        failing_runs: 0,
        finding: None,
        detail: None,
        note: None,
        flags: String::new(),
        command: String::new(),
        schedule_file: None,
        seconds: 0.0,
        tool_version: String::new(),
        recorded_at: now(),
    }
}

/// Correct + nothing found: clean. Broken + found: caught. And so on.
fn judge(strategy: &Strategy, found: bool) -> DeepStatus {
    match (strategy.expectation.is_broken(), found) {
        (false, false) => DeepStatus::Clean,
        (false, true) => DeepStatus::UnexpectedFinding,
        (true, true) => DeepStatus::Caught,
        (true, false) => DeepStatus::Missed,
    }
}

// ------------------------------------------------------------------------------------
// Running tools

struct Output {
    code: Option<i32>,
    text: String,
    timed_out: bool,
    seconds: f64,
}

/// Run `command` with stdout and stderr captured together, killing its whole process group
/// after `limit`.
fn run_captured(mut command: Command, limit: Duration) -> Result<Output> {
    use std::os::unix::process::CommandExt;
    let log = tempfile_path("out");
    let file = std::fs::File::create(&log)?;
    command.stdin(Stdio::null()).stdout(file.try_clone()?).stderr(file).process_group(0);
    let started = Instant::now();
    let mut child = command.spawn().with_context(|| format!("starting {command:?}"))?;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > limit {
            timed_out = true;
            // The tool may have children of its own (cargo, miri): kill the group.
            let _ = Command::new("kill").arg("-KILL").arg(format!("-{}", child.id())).status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = String::from_utf8_lossy(&std::fs::read(&log)?).into_owned();
    let _ = std::fs::remove_file(&log);
    Ok(Output {
        code: status.and_then(|s| s.code()),
        text,
        timed_out,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn tempfile_path(what: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("threadlab-deep-{}-{n}.{what}", std::process::id()))
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

fn nightly_version() -> Result<String> {
    let out = Command::new("rustc")
        .args(["+nightly", "-V"])
        .output()
        .context("running rustc +nightly -V")?;
    if !out.status.success() {
        bail!("the nightly toolchain is not installed (rustup toolchain install nightly)");
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Build a test target and return the path of its executable, from cargo's JSON messages.
fn build_test_exe(workspace: &Path, mut command: Command, test: &str) -> Result<PathBuf> {
    command.current_dir(workspace);
    let output = run_captured(command, Duration::from_secs(3600))?;
    if output.code != Some(0) {
        bail!("the build failed:\n{}", last_lines(&output.text, 30));
    }
    for line in output.text.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] == "compiler-artifact"
            && message["target"]["name"] == test
            && let Some(exe) = message["executable"].as_str()
        {
            return Ok(PathBuf::from(exe));
        }
    }
    bail!("cargo built no executable for the `{test}` test target")
}

// ------------------------------------------------------------------------------------
// Miri

fn miri_tier(
    workspace: &Path,
    subjects: &[(&'static Scenario, &'static Strategy)],
    options: &Options,
) -> Result<Vec<DeepVerdict>> {
    let version = nightly_version()?;
    let probe = Command::new("cargo").args(["+nightly", "miri", "--version"]).output()?;
    if !probe.status.success() {
        bail!("Miri is not installed: rustup component add miri rust-src --toolchain nightly");
    }
    // Build once, so the per-strategy runs below only interpret.
    let mut build = Command::new("cargo");
    build
        .args(["+nightly", "miri", "test", "-p", "deep-tests", "--test", "real", "--no-run"])
        .current_dir(workspace);
    let built = run_captured(build, Duration::from_secs(3600))?;
    if built.code != Some(0) {
        bail!("cargo miri could not build the tests:\n{}", last_lines(&built.text, 30));
    }

    let mut verdicts = Vec::new();
    for &(scenario, strategy) in subjects {
        let params = deep_tests::Size::Miri.params(scenario);
        let seeds = if strategy.expectation.is_broken() {
            options.broken_seeds()
        } else {
            options.correct_seeds()
        };
        let base = format!("-Zmiri-many-seeds=0..{seeds} -Zmiri-many-seeds-keep-going");
        let mut verdict = blank(Tier::Miri, scenario, strategy, params);
        verdict.tool_version = version.clone();

        let mut flags = base.clone();
        let mut attempt = miri_once(workspace, scenario, strategy, &flags)?;
        if attempt.third_party_ub {
            // Strict Stacked Borrows stopped inside a dependency, not in the strategy: say
            // so, and judge the strategy under the relaxed model the crate needs.
            let first = attempt.ub.clone().unwrap_or_default();
            flags = format!("{base} {MIRI_RELAXED}");
            attempt = miri_once(workspace, scenario, strategy, &flags)?;
            verdict.note = Some(format!(
                "under the default flags Miri stopped inside a dependency ({first}); judged with \
                 {MIRI_RELAXED}"
            ));
        }
        verdict.flags = flags.clone();
        verdict.command = format!(
            "MIRIFLAGS=\"{flags}\" cargo +nightly miri test -p deep-tests --test real -- --size miri {}/{}",
            scenario.name, strategy.name
        );
        verdict.seconds = attempt.seconds;
        if let Some(problem) = attempt.error {
            verdict.status = DeepStatus::Error;
            verdict.detail = Some(problem);
        } else {
            verdict.runs = u64::from(seeds);
            verdict.failing_runs = attempt.failing;
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
            verdict.finding = (!kinds.is_empty()).then(|| kinds.join(", "));
            verdict.detail = attempt.ub.clone().or(attempt.violation.clone());
            verdict.status = judge(strategy, attempt.failing > 0);
        }
        eprintln!(
            "   miri {}/{}: {:?} ({} of {} seeds failed, {:.1} s)",
            scenario.name,
            strategy.name,
            verdict.status,
            verdict.failing_runs,
            verdict.runs,
            verdict.seconds
        );
        verdicts.push(verdict);
    }
    Ok(verdicts)
}

struct MiriAttempt {
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
    workspace: &Path,
    scenario: &Scenario,
    strategy: &Strategy,
    flags: &str,
) -> Result<MiriAttempt> {
    let mut command = Command::new("cargo");
    command
        .args([
            "+nightly",
            "miri",
            "test",
            "-p",
            "deep-tests",
            "--test",
            "real",
            "--",
            "--size",
            "miri",
        ])
        .arg(format!("{}/{}", scenario.name, strategy.name))
        .env("MIRIFLAGS", flags)
        .current_dir(workspace);
    let out = run_captured(command, Duration::from_secs(900))?;
    Ok(parse_miri(&out))
}

fn parse_miri(out: &Output) -> MiriAttempt {
    let text = &out.text;
    let mut attempt = MiriAttempt {
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
    attempt.violation = ResultLine::parse_all(text)
        .into_iter()
        .find_map(|r| r.violation.map(|v| format!("{v} [{}]", r.outcome)));
    let summary = lines.iter().find_map(|l| {
        let (failed, rest) = l.trim().split_once('/')?;
        let total = rest.strip_suffix(" SEEDS FAILED")?;
        Some((failed.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
    });
    if out.timed_out {
        attempt.error = Some("Miri ran past its time limit (900 s)".to_owned());
    } else if let Some((failed, _total)) = summary {
        attempt.failing = failed;
    } else if out.code == Some(0) {
        attempt.failing = 0;
    } else {
        attempt.error = Some(format!(
            "cargo miri exited with {:?} and no seed summary:\n{}",
            out.code,
            last_lines(text, 20)
        ));
    }
    attempt
}

// ------------------------------------------------------------------------------------
// ThreadSanitizer

fn tsan_tier(
    workspace: &Path,
    subjects: &[(&'static Scenario, &'static Strategy)],
    options: &Options,
) -> Result<Vec<DeepVerdict>> {
    let version = nightly_version()?;
    let mut build = Command::new("cargo");
    build
        .args(["+nightly", "test", "-Zbuild-std", "--target", TSAN_TARGET, "-p", "deep-tests"])
        .args(["--test", "real", "--no-run", "--message-format=json"])
        .env("RUSTFLAGS", "-Zsanitizer=thread")
        .env("RUSTDOCFLAGS", "-Zsanitizer=thread")
        .env("CARGO_TARGET_DIR", "target/tsan");
    let exe = build_test_exe(workspace, build, "real")
        .context("building the tests with ThreadSanitizer (needs rust-src on nightly)")?;

    let mut verdicts = Vec::new();
    for &(scenario, strategy) in subjects {
        let params = deep_tests::Size::Tsan.params(scenario);
        let mut verdict = blank(Tier::Tsan, scenario, strategy, params);
        verdict.tool_version = version.clone();
        verdict.flags =
            "RUSTFLAGS=-Zsanitizer=thread, -Zbuild-std, default TSAN_OPTIONS".to_owned();
        verdict.command = format!(
            "RUSTFLAGS=-Zsanitizer=thread CARGO_TARGET_DIR=target/tsan cargo +nightly test -Zbuild-std \
             --target {TSAN_TARGET} -p deep-tests --test real -- --size tsan {}/{}",
            scenario.name, strategy.name
        );
        let (mut reported, mut violated, mut kinds, mut detail) = (0u64, 0u64, Vec::new(), None);
        let mut error = None;
        let started = Instant::now();
        for _ in 0..options.tsan_runs() {
            let mut command = Command::new(&exe);
            command
                .args(["--size", "tsan"])
                .arg(format!("{}/{}", scenario.name, strategy.name))
                .current_dir(workspace);
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
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                if detail.is_none() {
                    detail = Some(tsan_detail(&out.text));
                }
            } else if results.is_empty() || !matches!(out.code, Some(0) | Some(1)) {
                error = Some(format!(
                    "the run exited with {:?} without a result:\n{}",
                    out.code,
                    last_lines(&out.text, 20)
                ));
                break;
            }
            if let Some(v) = results.iter().find_map(|r| r.violation.clone()) {
                violated += 1;
                if !strategy.expectation.is_broken() && detail.is_none() {
                    detail = Some(v);
                }
            }
            verdict.runs += 1;
        }
        verdict.seconds = started.elapsed().as_secs_f64();
        verdict.failing_runs = reported;
        if let Some(e) = error {
            verdict.status = DeepStatus::Error;
            verdict.detail = Some(e);
        } else {
            verdict.finding = (!kinds.is_empty()).then(|| kinds.join(", "));
            verdict.detail = detail;
            // The tier's judgement is what TSan reported. A broken invariant in a native run
            // is luck of the hardware (the stress mode's business), recorded in the note; on a
            // Correct strategy it is a finding all the same.
            let found = if strategy.expectation.is_broken() {
                reported > 0
            } else {
                reported > 0 || violated > 0
            };
            verdict.status = judge(strategy, found);
            if verdict.status == DeepStatus::Missed {
                verdict.note = Some(format!(
                    "{TSAN_SILENT_NOTE} (The invariant itself broke in {violated} of {} runs under TSan.)",
                    verdict.runs
                ));
            }
        }
        eprintln!(
            "   tsan {}/{}: {:?} ({} of {} runs reported, {:.1} s)",
            scenario.name,
            strategy.name,
            verdict.status,
            verdict.failing_runs,
            verdict.runs,
            verdict.seconds
        );
        verdicts.push(verdict);
    }
    Ok(verdicts)
}

/// The first TSan report, shortened to its headline, each access, and the first frame of
/// each access that lies in the workspace's own code.
fn tsan_detail(text: &str) -> String {
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
            && let Some(at) = trimmed.split_whitespace().find(|w| w.contains("/scenarios/src/"))
        {
            let short = at.rsplit_once("/scenarios/").map_or(at, |(_, tail)| tail);
            if let Some(last) = picked.last_mut() {
                last.push_str(&format!(" at scenarios/{short}"));
            }
            want_frame = false;
        }
    }
    picked.join(" | ")
}

// ------------------------------------------------------------------------------------
// shuttle

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

fn shuttle_tier(
    workspace: &Path,
    root: &Path,
    subjects: &[(&'static Scenario, &'static Strategy)],
    options: &Options,
) -> Result<Vec<DeepVerdict>> {
    let mut build = Command::new("cargo");
    build
        .args(["test", "--release", "-p", "deep-tests", "--test", "shuttle", "--no-run"])
        .arg("--message-format=json")
        .env("RUSTFLAGS", "--cfg shuttle")
        .env("CARGO_TARGET_DIR", "target/shuttle");
    let exe = build_test_exe(workspace, build, "shuttle").context("building the shuttle tier")?;
    let dir = root.join("shuttle");
    std::fs::create_dir_all(&dir)?;
    let version = shuttle_version(workspace);
    let iterations = options.shuttle_iterations();

    let mut verdicts = Vec::new();
    for &(scenario, strategy) in subjects {
        let params = deep_tests::Size::Shuttle.params(scenario);
        let mut verdict = blank(Tier::Shuttle, scenario, strategy, params);
        verdict.tool_version = version.clone();
        if let LoomModel::NotModelled(why) = strategy.loom {
            verdict.status = DeepStatus::NotApplicable;
            verdict.note = Some(format!(
                "not run: shuttle, like loom, can only schedule threads it creates ({why})"
            ));
            verdicts.push(verdict);
            continue;
        }
        let name = format!("{}/{}", scenario.name, strategy.name);
        let mut reports = Vec::new();
        let mut error = None;
        for scheduler in ["random", "pct"] {
            let stale =
                dir.join(format!("{}.{}.{scheduler}.schedule", scenario.name, strategy.name));
            let _ = std::fs::remove_file(&stale);
            let mut command = Command::new(&exe);
            command
                .args(["--scheduler", scheduler, "--iterations", &iterations.to_string()])
                .arg("--schedules")
                .arg(&dir)
                .arg(&name)
                .current_dir(workspace);
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
        verdict.flags = reports.iter().map(|r| r.flags.clone()).collect::<Vec<_>>().join("; ");
        verdict.seconds = reports.iter().map(|r| r.seconds).sum();
        verdict.runs = reports.iter().map(|r| r.executions).sum();
        let failures: Vec<&SchedulerReport> =
            reports.iter().filter(|r| r.failure.is_some()).collect();
        verdict.failing_runs = failures.len() as u64;
        verdict.command = format!(
            "RUSTFLAGS=\"--cfg shuttle\" CARGO_TARGET_DIR=target/shuttle cargo test --release -p deep-tests \
             --test shuttle -- --scheduler random --iterations {iterations} --schedules {} {name}",
            relative(workspace, &dir.display().to_string())
        );
        if let Some(e) = error {
            verdict.status = DeepStatus::Error;
            verdict.detail = Some(e);
        } else {
            if let Some(first) = failures.first() {
                let failure = first.failure.clone().unwrap_or_default();
                verdict.finding = Some(
                    if failure.contains("deadlock") {
                        "deadlock"
                    } else if failure.starts_with("invariant violated") {
                        "invariant violated"
                    } else {
                        "panic"
                    }
                    .to_owned(),
                );
                verdict.detail = Some(format!(
                    "{} scheduler, execution {}: {failure}",
                    first.scheduler, first.executions
                ));
                verdict.schedule_file =
                    first.schedule_file.as_deref().map(|f| relative(workspace, f));
                if let Some(file) = &verdict.schedule_file {
                    verdict.command = format!("scripts/verify-deep.sh --replay {file} {name}");
                }
            }
            verdict.status = judge(strategy, !failures.is_empty());
            if verdict.status == DeepStatus::Missed {
                verdict.note = Some(SHUTTLE_BLIND_NOTE.to_owned());
            }
        }
        eprintln!(
            "   shuttle {name}: {:?} ({} executions, {:.1} s)",
            verdict.status, verdict.runs, verdict.seconds
        );
        verdicts.push(verdict);
    }
    Ok(verdicts)
}

// ------------------------------------------------------------------------------------
// The table

fn cell(verdict: Option<&DeepVerdict>, tier_ran: bool) -> String {
    let Some(v) = verdict else {
        return if tier_ran { "-".to_owned() } else { "NOT RUN".to_owned() };
    };
    let count = match v.tier {
        Tier::Miri => format!("{}/{} seeds", v.failing_runs, v.runs),
        Tier::Tsan => format!("{}/{} runs", v.failing_runs, v.runs),
        Tier::Shuttle => format!("{} execs", v.runs),
    };
    match v.status {
        DeepStatus::Clean => format!("clean ({count})"),
        DeepStatus::Caught => format!("CAUGHT {} ({count})", short_finding(v)),
        DeepStatus::Missed => format!("silent ({count})"),
        DeepStatus::NotApplicable => "n/a".to_owned(),
        DeepStatus::UnexpectedFinding => format!("FINDING! {} ({count})", short_finding(v)),
        DeepStatus::Error => "ERROR".to_owned(),
    }
}

fn short_finding(v: &DeepVerdict) -> String {
    match v.finding.as_deref() {
        Some(f) if f.contains("data race") => "data race".to_owned(),
        Some(f) => f.split(',').next().unwrap_or(f).to_owned(),
        None => String::new(),
    }
}

fn loom_cell(root: &Path, scenario: &str, strategy: &str) -> String {
    let path = root.join("loom").join(LoomVerdict::file_name(scenario, strategy));
    match std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str::<LoomVerdict>(&t).ok())
    {
        Some(v) => serde_json::to_string(&v.verdict)
            .map_or_else(|_| "?".to_owned(), |s| s.trim_matches('"').to_owned()),
        None => "not run".to_owned(),
    }
}

/// Print the matrix and the judgement; true when every Broken strategy was caught by at
/// least one tier, every Correct one is clean wherever it ran, and every tier ran.
fn print_table(
    root: &Path,
    subjects: &[(&'static Scenario, &'static Strategy)],
    runs: &[TierRun],
) -> bool {
    let mut by_pair: BTreeMap<(String, String, Tier), &DeepVerdict> = BTreeMap::new();
    for run in runs {
        for v in &run.verdicts {
            by_pair.insert((v.scenario.clone(), v.strategy.clone(), v.tier), v);
        }
    }
    let mut header = vec!["strategy".to_owned(), "expect".to_owned(), "loom".to_owned()];
    header.extend(runs.iter().map(|r| r.tier.name().to_owned()));
    let mut rows = vec![header];
    let mut problems = Vec::new();
    for &(scenario, strategy) in subjects {
        let name = format!("{}/{}", scenario.name, strategy.name);
        let mut row = vec![
            name.clone(),
            if strategy.expectation.is_broken() { "broken" } else { "correct" }.to_owned(),
            loom_cell(root, scenario.name, strategy.name),
        ];
        let mut caught = false;
        for run in runs {
            let verdict = by_pair
                .get(&(scenario.name.to_owned(), strategy.name.to_owned(), run.tier))
                .copied();
            row.push(cell(verdict, run.not_run.is_none()));
            if let Some(v) = verdict {
                caught |= v.status == DeepStatus::Caught;
                if !v.status.acceptable() {
                    problems.push(format!(
                        "{name}: {} says {:?}: {}",
                        run.tier.name(),
                        v.status,
                        v.detail.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        if strategy.expectation.is_broken() && !caught {
            problems.push(format!("{name}: broken on purpose, but no tier that ran caught it"));
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    println!();
    for (i, row) in rows.iter().enumerate() {
        let line: Vec<String> =
            row.iter().zip(&widths).map(|(text, w)| format!("{text:<w$}")).collect();
        println!("{}", line.join("  ").trim_end());
        if i == 0 {
            println!("{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        }
    }
    println!();
    for run in runs {
        match &run.not_run {
            None => println!(
                "{:<8} {:>7.1} s  verdicts in {}",
                run.tier.name(),
                run.seconds,
                root.join(run.tier.name()).display()
            ),
            Some(why) => {
                println!(
                    "{:<8} DID NOT RUN: {}",
                    run.tier.name(),
                    why.lines().next().unwrap_or("")
                );
                problems.push(format!("the {} tier did not run", run.tier.name()));
            }
        }
    }
    println!(
        "note: TSan \"silent\" on a broken strategy is by design when the bug is made of atomics \
         (not a data race); shuttle cannot see plain-memory data races. Silence is not proof."
    );
    if problems.is_empty() {
        println!(
            "deep verify: every broken strategy caught by at least one tier, every correct one clean"
        );
        true
    } else {
        println!("deep verify FAILED:");
        for p in &problems {
            println!("  - {p}");
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let attempt = parse_miri(&output(Some(1), text));
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
        let attempt = parse_miri(&output(Some(1), text));
        assert!(attempt.third_party_ub);
        assert!(!attempt.data_race);
    }

    #[test]
    fn miri_clean_exit_without_summary_means_no_failing_seed_but_a_crash_is_an_error() {
        let clean = parse_miri(&output(Some(0), "Trying seed: 0\n"));
        assert_eq!(clean.failing, 0);
        assert!(clean.error.is_none());
        let crashed = parse_miri(&output(Some(101), "error: could not compile `scenarios`\n"));
        assert!(crashed.error.is_some(), "no summary and a failure: no verdict, not clean");
    }

    #[test]
    fn a_broken_invariant_under_miri_is_reported_with_its_outcome() {
        let line = ResultLine {
            scenario: "shared_counter".into(),
            strategy: "unsync".into(),
            outcome: "total=3".into(),
            violation: Some("lost 1 of 4 updates (total 3)".into()),
        };
        let text = format!("{}\nFAILING SEED: 2\n1/8 SEEDS FAILED\n", line.to_line());
        let attempt = parse_miri(&output(Some(1), &text));
        assert_eq!(attempt.failing, 1);
        assert_eq!(attempt.violation.as_deref(), Some("lost 1 of 4 updates (total 3) [total=3]"));
    }

    #[test]
    fn tsan_detail_names_the_accesses_in_our_code() {
        let text = "WARNING: ThreadSanitizer: data race (pid=1)\n  \
            Read of size 8 at 0x1 by thread T1:\n    \
            #0 core::ptr::read_volatile /rustlib/src/rust/library/core/src/ptr/mod.rs:2107:9 (x)\n    \
            #2 <a as b>::add_one::{closure#0} /w/scenarios/src/shared_counter/racy_ptr.rs:47:49 (x)\n  \
            Previous write of size 8 at 0x1 by thread T2:\n    \
            #0 <a as b>::add_one::{closure#0} /w/scenarios/src/shared_counter/racy_ptr.rs:47:21 (x)\n\
            SUMMARY: ThreadSanitizer: data race\n";
        let detail = tsan_detail(text);
        assert!(detail.starts_with("WARNING: ThreadSanitizer: data race"));
        assert!(detail.contains(
            "Read of size 8 at 0x1 by thread T1 at scenarios/src/shared_counter/racy_ptr.rs:47:49"
        ));
        assert!(detail.contains("by thread T2 at scenarios/src/shared_counter/racy_ptr.rs:47:21"));
    }

    #[test]
    fn judgement_follows_the_expectation() {
        let counter = scenarios::scenario("shared_counter").unwrap();
        let broken = counter.strategy("unsync").unwrap();
        let correct = counter.strategy("atomic").unwrap();
        assert!(broken.expectation.is_broken());
        assert_eq!(judge(broken, true), DeepStatus::Caught);
        assert_eq!(judge(broken, false), DeepStatus::Missed);
        assert_eq!(judge(correct, false), DeepStatus::Clean);
        assert_eq!(judge(correct, true), DeepStatus::UnexpectedFinding);
    }
}
