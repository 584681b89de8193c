//! `threadlab all`: the main job, step by step: loom verify, stress, calibrate, benchmarks,
//! the seeds side by side, report; and `threadlab verify`, which runs the first of those
//! steps (or, with `--deep`, `threadlab-deep`).
//!
//! Each step that needs cargo runs as a child process. Its output goes to a log file under
//! `target/threadlab/logs/`, while a spinner shows the step and the child's latest line; a
//! failing step prints the tail of its log and returns an error. `threadlab all` then goes
//! on with the other steps and the report, and fails at the end naming the failed steps.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use threadlab_report::ReportSummary;

/// One external command of the main job.
pub struct Step {
    pub name: &'static str,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(&'static str, String)>,
}

impl Step {
    /// `cargo` (the one running us, if any) with `args`.
    pub fn cargo(name: &'static str, args: &[&str]) -> Self {
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        Step {
            name,
            program: cargo,
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![],
        }
    }

    /// Any program with `args`.
    pub fn program(name: &'static str, program: &Path, args: &[&str]) -> Self {
        Step {
            name,
            program: program.to_path_buf(),
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![],
        }
    }

    /// This step with `key=value` in its environment.
    pub fn with_env(mut self, key: &'static str, value: &str) -> Self {
        self.env.push((key, value.to_owned()));
        self
    }
}

/// Run `step` in `workspace`, logging to `logs/<name>.log`, with a spinner on the terminal.
pub fn run_step(step: &Step, workspace: &Path, index: usize, total: usize) -> Result<Duration> {
    let logs = workspace.join("target").join("threadlab").join("logs");
    std::fs::create_dir_all(&logs)?;
    let log_path = logs.join(format!("{}.log", step.name.replace(' ', "-")));
    let mut log = std::fs::File::create(&log_path)
        .with_context(|| format!("cannot create {}", log_path.display()))?;

    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template("{spinner} [{prefix}] {elapsed:>4} {wide_msg}")
            .expect("the template is valid"),
    );
    spinner.set_prefix(format!("{index}/{total} {}", step.name));
    spinner.enable_steady_tick(Duration::from_millis(120));

    let started = Instant::now();
    let mut child = Command::new(&step.program)
        .args(&step.args)
        .envs(step.env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(workspace)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", step.program.display()))?;

    // Merge stdout and stderr into the log, showing each line on the spinner.
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    let readers: Vec<_> = [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let tx = lines_tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        })
    })
    .collect();
    drop(lines_tx);
    let mut tail: std::collections::VecDeque<String> = Default::default();
    for line in lines_rx {
        writeln!(log, "{line}")?;
        spinner.set_message(line.chars().take(100).collect::<String>());
        tail.push_back(line);
        if tail.len() > 40 {
            tail.pop_front();
        }
    }
    for reader in readers {
        let _ = reader.join();
    }
    let status = child.wait()?;
    let elapsed = started.elapsed();
    spinner.finish_and_clear();
    if !status.success() {
        eprintln!("--- last lines of {} ---", log_path.display());
        for line in &tail {
            eprintln!("{line}");
        }
        bail!("step `{}` failed ({status}); full log: {}", step.name, log_path.display());
    }
    println!(
        "[{index}/{total}] {} done in {:.0} s (log: {})",
        step.name,
        elapsed.as_secs_f64(),
        log_path.display()
    );
    Ok(elapsed)
}

/// The workspace `threadlab all` and `verify` work in: the nearest ancestor of the current
/// directory holding the workspace's `Cargo.toml` (`None` outside one).
pub fn workspace_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .find(|dir| dir.join("loom-tests").is_dir() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// The loom suite, built with `--cfg loom` in its own target directory.
pub fn loom_step() -> Step {
    Step::cargo("loom verify", &["test", "-p", "loom-tests", "--release", "--locked"])
        .with_env("RUSTFLAGS", "--cfg loom")
        .with_env("CARGO_TARGET_DIR", "target/loom")
}

/// The proof-depth step: each Correct strategy loom models, checked at growing sizes within
/// one budget for the whole step (15 s quick, 300 s full), by `threadlab-depth`
/// (`loom-tests/src/bin/threadlab-depth.rs`) as the loom step's `cargo test` left it in
/// `target/loom/release/`, built from the same sources as the suite. `cargo run` does not
/// reuse the test build: cargo compiles the changed workspace crates again for it (3.5
/// minutes once here, on two busy cores).
/// The proof-depth step's whole budget in seconds, quick and full.
const DEPTH_BUDGET_S: (&str, &str) = ("15", "300");

pub fn depth_step(workspace: &Path, quick: bool) -> Step {
    let budget = if quick { DEPTH_BUDGET_S.0 } else { DEPTH_BUDGET_S.1 };
    let binary = workspace.join("target").join("loom").join("release").join("threadlab-depth");
    Step::program("proof depth", &binary, &["--budget", budget])
}

/// `threadlab verify --deep`: build `threadlab-deep` and run it with `args`; it prints its
/// own table and reasons (a missing Miri or nightly is a tier not run, with the command that
/// installs it; `scripts/verify-deep.sh` installs them first), and its exit code is passed on.
pub fn verify_deep(workspace: &Path, args: &[String]) -> Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = Command::new(&cargo)
        .args(["build", "--release", "--locked", "-p", "deep-tests", "--bin", "threadlab-deep"])
        .current_dir(workspace)
        .status()
        .with_context(|| format!("cannot run {cargo}"))?;
    if !built.success() {
        bail!("cannot build threadlab-deep ({built})");
    }
    let binary = workspace.join("target").join("release").join("threadlab-deep");
    let status = Command::new(&binary)
        .args(args)
        .current_dir(workspace)
        .status()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// What `threadlab all` leaves for the caller to print.
pub struct AllOutcome {
    /// The report, rendered whatever else failed.
    pub report: ReportSummary,
    /// The steps that failed, by name.
    pub failed: Vec<&'static str>,
    /// How many steps the job has, the report included.
    pub total: usize,
    /// Each step's name, wall time and whether it succeeded, in order, the report last.
    pub times: Vec<(&'static str, Duration, bool)>,
    /// The outside CPU share over the whole job (the steps are waited-for children, so
    /// their time counts as ours).
    pub noise: threadlab_results::noise::Noise,
}

impl AllOutcome {
    /// The step times as an aligned table, ending with the total.
    pub fn times_table(&self) -> String {
        let mut out = String::from("step times:\n");
        for (name, took, ok) in &self.times {
            let mark = if *ok { "" } else { "  (failed)" };
            out += &format!("  {name:<12} {:>7.1} s{mark}\n", took.as_secs_f64());
        }
        let total: Duration = self.times.iter().map(|(_, took, _)| *took).sum();
        out += &format!("  {:<12} {:>7.1} s\n", "total", total.as_secs_f64());
        out
    }
}

/// Quick mode's stress budget per strategy, in seconds (the full job's is 2).
pub const QUICK_STRESS_SECONDS: &str = "0.15";

/// What `threadlab all --quick` cuts, in the one line it starts with.
pub fn quick_cuts(cores: usize) -> String {
    let calibrate = crate::calibrate::Settings::QUICK;
    format!(
        "quick mode: benchmarks at 1 and {cores} threads only (this machine's cores), criterion's \
         quick mode capped at {} ms per benchmark without plots, fairness runs of {} ms; stress \
         {QUICK_STRESS_SECONDS} s per strategy; calibration {} samples or {} ms per probe, the \
         Python counter once; proof depth {} s in all; the GIL claim (run io_vs_cpu) not run",
        crate::bench::QUICK_MEASUREMENT.as_millis(),
        crate::bench::QUICK_FAIRNESS_RUN.as_millis(),
        calibrate.samples,
        calibrate.probe_budget.as_millis(),
        DEPTH_BUDGET_S.0,
    )
}

/// `threadlab all`: loom verify, stress, calibrate and the benchmarks (`me` is this
/// binary), then the report. A failing step (a correct strategy refuted by loom or with a
/// forbidden outcome under stress, a bench that panicked) is noted and the job goes on, so
/// the report still shows everything the other steps measured, and says which failed.
pub fn all(workspace: &Path, me: &Path, quick: bool) -> Result<AllOutcome> {
    if quick {
        println!("{}", quick_cuts(std::thread::available_parallelism().map_or(1, |n| n.get())));
    }
    let stress_seconds = if quick { QUICK_STRESS_SECONDS } else { "2" };
    // --no-fail-fast: one failing bench target does not cost the others' results.
    let mut bench_args = vec!["bench", "-p", "harness", "--locked", "--no-fail-fast", "--"];
    if quick {
        bench_args.extend(["--quick", "--noplot"]);
    }
    let steps = [
        loom_step(),
        depth_step(workspace, quick),
        Step::program("stress", me, &["stress", "--seconds", stress_seconds]),
        Step::program(
            "calibrate",
            me,
            if quick { &["calibrate", "--quick"] } else { &["calibrate"] },
        ),
        Step::cargo("benchmarks", &bench_args),
        Step::program("seeds", me, &["seeds"]),
    ];
    // The seeds' GIL claim, judged from a run (about half a minute with its Python side):
    // the full job only; the quick job's report says it was not run and how to run it.
    let claim = Step::program("gil claim", me, &["run", "io_vs_cpu"]);
    let steps: Vec<Step> = steps.into_iter().chain((!quick).then_some(claim)).collect();
    let total = steps.len() + 1; // the report is the last step
    let sampler = threadlab_results::noise::NoiseSampler::start();
    let (mut failed, mut failed_why, mut times) = (Vec::new(), Vec::new(), Vec::new());
    for (index, step) in steps.iter().enumerate() {
        let started = Instant::now();
        match run_step(step, workspace, index + 1, total) {
            Ok(took) => times.push((step.name, took, true)),
            Err(e) => {
                eprintln!("threadlab: {e:#}; going on to the report");
                failed.push(step.name);
                failed_why.push(format!("{e:#}"));
                times.push((step.name, started.elapsed(), false));
            }
        }
    }
    let started = Instant::now();
    let report = threadlab_report::render_after(
        &workspace.join("reports"),
        threadlab_results::set::default_sets(workspace),
        &failed_why,
        crate::seeds::table::program_for,
    )?;
    times.push(("report", started.elapsed(), true));
    Ok(AllOutcome { report, failed, total, times, noise: sampler.finish(&[]) })
}
