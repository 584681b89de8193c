//! `threadlab all`: the main job, step by step: loom verify, stress, benchmarks, report.
//!
//! Each step that needs cargo runs as a child process. Its output goes to a log file under
//! `target/threadlab/logs/`, while a spinner shows the step and the child's latest line; a
//! failing step prints the tail of its log and returns an error. `threadlab all` then goes
//! on with the other steps and the report, and fails at the end naming the failed steps.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

/// One external command of the main job.
pub struct Step {
    pub name: &'static str,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(&'static str, String)>,
}

impl Step {
    pub fn cargo(name: &'static str, args: &[&str]) -> Self {
        let cargo = std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from);
        Step {
            name,
            program: cargo,
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![],
        }
    }

    pub fn program(name: &'static str, program: &Path, args: &[&str]) -> Self {
        Step {
            name,
            program: program.to_path_buf(),
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![],
        }
    }

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
