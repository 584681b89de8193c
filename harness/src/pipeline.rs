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

use scenarios::catalogue::{Budget, Mode, readable};
use threadlab_report::ReportSummary;

/// One external command of the main job.
pub struct Step {
    pub name: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(&'static str, String)>,
}

impl Step {
    /// `cargo` (the one running us, if any) with `args`.
    pub fn cargo(name: &str, args: &[&str]) -> Self {
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        Step {
            name: name.to_owned(),
            program: cargo,
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![],
        }
    }

    /// Any program with `args`.
    pub fn program(name: &str, program: &Path, args: &[&str]) -> Self {
        Step {
            name: name.to_owned(),
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
    let mut child = crate::children::spawn(
        Command::new(&step.program)
            .args(&step.args)
            .envs(step.env.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(workspace)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
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

/// The workspace `threadlab all` and `verify` work in: the one the command runs in
/// ([`threadlab_results::paths::current_workspace`]), if it holds the loom suite.
pub fn workspace_root() -> Option<PathBuf> {
    threadlab_results::paths::current_workspace().filter(|dir| dir.join("loom-tests").is_dir())
}

/// The loom suite, built with `--cfg loom` in its own target directory.
pub fn loom_step() -> Step {
    Step::cargo("loom verify", &["test", "-p", "loom-tests", "--release", "--locked"])
        .with_env("RUSTFLAGS", "--cfg loom")
        .with_env("CARGO_TARGET_DIR", "target/loom")
}

/// The proof-depth step: each Correct strategy loom models, checked at growing sizes within
/// one budget for the whole step (the budget table's `depth_total`), by `threadlab-depth`
/// (`loom-tests/src/bin/threadlab-depth.rs`) as the loom step's `cargo test` left it in
/// `target/loom/release/`, built from the same sources as the suite. `cargo run` does not
/// reuse the test build: cargo compiles the changed workspace crates again for it (3.5
/// minutes once here, on two busy cores).
pub fn depth_step(workspace: &Path, budget: &Budget) -> Step {
    let seconds = budget.depth_total.as_secs_f64().to_string();
    let binary = workspace.join("target").join("loom").join("release").join("threadlab-depth");
    Step::program("proof depth", &binary, &["--budget", &seconds])
}

/// `threadlab verify --deep`: build `threadlab-deep` and run it with `args`; it prints its
/// own table and reasons (a missing Miri or nightly is a tier not run, with the command that
/// installs it; `scripts/verify-deep.sh` installs them first), and its exit code is passed on.
pub fn verify_deep(workspace: &Path, args: &[String]) -> Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = crate::children::spawn(
        Command::new(&cargo)
            .args(["build", "--release", "--locked", "-p", "deep-tests", "--bin", "threadlab-deep"])
            .current_dir(workspace),
    )
    .and_then(|mut child| child.wait())
    .with_context(|| format!("cannot run {cargo}"))?;
    if !built.success() {
        bail!("cannot build threadlab-deep ({built})");
    }
    let binary = workspace.join("target").join("release").join("threadlab-deep");
    let status = crate::children::spawn(Command::new(&binary).args(args).current_dir(workspace))
        .and_then(|mut child| child.wait())
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
    pub failed: Vec<String>,
    /// How many steps the job has, the report included.
    pub total: usize,
    /// Each step's name, wall time and whether it succeeded, in order, the report last.
    pub times: Vec<(String, Duration, bool)>,
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

/// What `threadlab all --quick` cuts, in the one line it starts with.
pub fn quick_cuts(cores: usize) -> String {
    let (quick, full) = (&Budget::QUICK, &Budget::FULL);
    let claims = scenarios::catalogue().iter().filter(|s| s.speedup_summary.is_some());
    let claims: Vec<String> = claims.map(|s| format!("run {}", s.name)).collect();
    format!(
        "quick mode: benchmarks at 1 and {cores} threads only (this machine's cores), criterion's \
         quick mode capped at {} per benchmark without plots, fairness runs of {}; stress {} \
         per strategy (full: {}); calibration {} samples or {} per probe, the Python counter \
         {}x; proof depth {} in all (full: {}); the speedup claims ({}) not run; the whole \
         table: threadlab all --help",
        readable(quick.bench.measurement),
        readable(quick.bench.fairness_run),
        readable(quick.stress_per_strategy),
        readable(full.stress_per_strategy),
        quick.calibration.samples,
        readable(quick.calibration.probe_budget),
        quick.calibration.python_repeat,
        readable(quick.depth_total),
        readable(full.depth_total),
        claims.join(", "),
    )
}

/// `threadlab all --help`'s closing text: the budget table both modes spend.
pub fn budget_help() -> String {
    format!(
        "What each mode spends (scenarios::catalogue::Budget, the one table every step \
         reads):\n\n{}",
        Budget::table()
    )
}

/// The main job's steps before the report, each spending what `budget` allows.
pub fn job_steps(workspace: &Path, me: &Path, budget: &Budget) -> Vec<Step> {
    let stress_seconds = budget.stress_per_strategy.as_secs_f64().to_string();
    // --no-fail-fast: one failing bench target does not cost the others' results.
    let mut bench_args = vec!["bench", "-p", "harness", "--locked", "--no-fail-fast", "--"];
    bench_args.extend(budget.bench.criterion_args);
    let quick = budget.mode == Mode::Quick;
    let steps = [
        loom_step(),
        depth_step(workspace, budget),
        Step::program("stress", me, &["stress", "--seconds", &stress_seconds]),
        Step::program(
            "calibrate",
            me,
            if quick { &["calibrate", "--quick"] } else { &["calibrate"] },
        ),
        Step::cargo("benchmarks", &bench_args),
        Step::program("seeds", me, &["seeds"]),
    ];
    // Each speedup claim (the seeds' GIL claim), judged from a run of its scenario (about
    // half a minute with its Python side), where the budget has them; the quick job's
    // report says it was not run and how to run it.
    let claims = scenarios::catalogue().iter().filter(|s| s.speedup_summary.is_some());
    let claims = claims
        .filter(|_| budget.speedup_claims)
        .map(|s| Step::program(&format!("{} claim", s.name), me, &["run", s.name]));
    steps.into_iter().chain(claims).collect()
}

/// `threadlab all`: loom verify, stress, calibrate and the benchmarks (`me` is this
/// binary), then the report. A failing step (a correct strategy refuted by loom or with a
/// forbidden outcome under stress, a bench that panicked) is noted and the job goes on, so
/// the report still shows everything the other steps measured, and says which failed.
pub fn all(workspace: &Path, me: &Path, quick: bool) -> Result<AllOutcome> {
    let budget = Mode::quick_if(quick).budget();
    if quick {
        println!("{}", quick_cuts(std::thread::available_parallelism().map_or(1, |n| n.get())));
    }
    let steps = job_steps(workspace, me, budget);
    let total = steps.len() + 1; // the report is the last step
    let sampler = threadlab_results::noise::NoiseSampler::start();
    let (mut failed, mut failed_why, mut times) = (Vec::new(), Vec::new(), Vec::new());
    for (index, step) in steps.iter().enumerate() {
        let started = Instant::now();
        match run_step(step, workspace, index + 1, total) {
            Ok(took) => times.push((step.name.clone(), took, true)),
            Err(e) => {
                eprintln!("threadlab: {e:#}; going on to the report");
                failed.push(step.name.clone());
                failed_why.push(format!("{e:#}"));
                times.push((step.name.clone(), started.elapsed(), false));
            }
        }
    }
    let started = Instant::now();
    crate::children::refuse_if_stopping()?;
    let report = threadlab_report::render_after(
        &workspace.join("reports"),
        threadlab_results::set::default_sets().map_err(anyhow::Error::msg)?,
        &failed_why,
        crate::seeds::table::program_for,
    )?;
    times.push(("report".to_owned(), started.elapsed(), true));
    Ok(AllOutcome { report, failed, total, times, noise: sampler.finish(&[]) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args_of<'a>(steps: &'a [Step], name: &str) -> &'a [String] {
        &steps.iter().find(|s| s.name == name).expect("the step exists").args
    }

    #[test]
    fn each_step_spends_what_its_mode_budget_says() {
        let (workspace, me) = (Path::new("/w"), Path::new("/w/threadlab"));
        for budget in [&Budget::QUICK, &Budget::FULL] {
            let steps = job_steps(workspace, me, budget);
            let stress = args_of(&steps, "stress");
            assert_eq!(stress[2].parse::<f64>().unwrap(), budget.stress_per_strategy.as_secs_f64());
            let depth = args_of(&steps, "proof depth");
            assert_eq!(depth[1].parse::<f64>().unwrap(), budget.depth_total.as_secs_f64());
            let bench = args_of(&steps, "benchmarks");
            let after_dashes = bench.iter().skip_while(|a| *a != "--").skip(1);
            assert_eq!(after_dashes.collect::<Vec<_>>(), budget.bench.criterion_args.to_vec());
            let claims: Vec<&[String]> =
                steps.iter().filter(|s| s.name.ends_with(" claim")).map(|s| &s.args[..]).collect();
            let with_claims = scenarios::catalogue().iter().filter(|s| s.speedup_summary.is_some());
            if budget.speedup_claims {
                let expected: Vec<Vec<String>> =
                    with_claims.map(|s| vec!["run".to_owned(), s.name.to_owned()]).collect();
                assert_eq!(claims, expected);
                assert!(!claims.is_empty());
            } else {
                assert!(claims.is_empty());
            }
        }
    }

    #[test]
    fn the_help_and_the_quick_line_state_the_table_s_numbers() {
        assert!(budget_help().contains(&Budget::table()));
        let line = quick_cuts(2);
        assert!(line.contains(&readable(Budget::QUICK.depth_total)), "{line}");
        assert!(line.contains(&readable(Budget::QUICK.stress_per_strategy)), "{line}");
    }
}
