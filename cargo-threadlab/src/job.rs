//! The whole job, step by step: the loom build and run, the ordinary build, stress,
//! benchmarks, the report. Each step has a progress line and its time; a failed step is
//! reported and the steps that do not need what it made still run.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cli::{Build, CargoArgs, JobArgs};
use crate::project::Project;
use crate::stop;

/// One step of the job.
enum Step {
    /// Build the binary in this configuration.
    Build(Build),
    /// Run the binary of this build with these arguments.
    Run(Build, &'static str, Vec<OsString>),
}

/// How a step ended.
enum Outcome {
    Done,
    Failed(String),
    Skipped(&'static str),
}

/// The steps in order; `seconds` of stress per strategy, criterion's quick mode if `quick`,
/// the deep tiers (Miri and ThreadSanitizer, as quick) if `deep`.
fn steps(quick: bool, seconds: f64, deep: bool) -> Vec<Step> {
    let stress = vec!["stress".into(), "--seconds".into(), seconds.to_string().into()];
    let bench = if quick { vec!["bench".into(), "--quick".into()] } else { vec!["bench".into()] };
    let mut steps = vec![
        Step::Build(Build::Loom),
        Step::Run(Build::Loom, "loom", vec!["loom".into()]),
        Step::Build(Build::Ordinary),
        Step::Run(Build::Ordinary, "stress", stress),
        Step::Run(Build::Ordinary, "bench", bench),
    ];
    if deep {
        let mut tiers: Vec<OsString> =
            ["deep", "--tier", "miri", "--tier", "tsan"].map(OsString::from).into();
        if quick {
            tiers.push("--quick".into());
        }
        steps.push(Step::Run(Build::Ordinary, "deep", tiers));
    }
    steps.push(Step::Run(Build::Ordinary, "report", vec!["report".into()]));
    steps
}

impl Step {
    fn title(&self) -> String {
        match self {
            Step::Build(Build::Loom) => "loom build".to_owned(),
            Step::Build(Build::Ordinary) => "build".to_owned(),
            Step::Run(_, name, _) => (*name).to_owned(),
        }
    }
}

/// Run the whole job over `project`; exit status 1 if any step failed.
pub fn run(project: &Project, cargo: &CargoArgs, job: &JobArgs) -> Result<ExitCode> {
    let mode = scenarios::catalogue::Mode::quick_if(job.quick);
    let seconds = job.seconds.unwrap_or_else(|| mode.budget().stress_per_strategy.as_secs_f64());
    let started = Instant::now();
    let mut binaries: Vec<(Build, PathBuf)> = Vec::new();
    let mut failed_builds: Vec<Build> = Vec::new();
    let mut ended: Vec<(String, Outcome, Duration)> = Vec::new();
    for step in steps(job.quick, seconds, job.deep) {
        let title = step.title();
        let step_started = Instant::now();
        let outcome = if stop::stopping() {
            Outcome::Skipped("stopped")
        } else {
            match &step {
                Step::Build(build) => {
                    println!("==> {title} ({})", build.described());
                    match crate::compile::build(project, cargo, *build) {
                        Ok(path) => {
                            binaries.push((*build, path));
                            Outcome::Done
                        }
                        Err(e) => {
                            failed_builds.push(*build);
                            Outcome::Failed(format!("{e:#}"))
                        }
                    }
                }
                Step::Run(build, _, args) => match binaries.iter().find(|(b, _)| b == build) {
                    Some((_, binary)) => {
                        println!("==> {title} ({} {})", project.bin, shown(args));
                        match run_binary(project, binary, args) {
                            Ok(()) => Outcome::Done,
                            Err(e) => Outcome::Failed(format!("{e:#}")),
                        }
                    }
                    None if failed_builds.contains(build) => Outcome::Skipped("its build failed"),
                    None => Outcome::Skipped("not built"),
                },
            }
        };
        let took = step_started.elapsed();
        match &outcome {
            Outcome::Done => println!("<== {title}: done in {}", readable(took)),
            Outcome::Failed(why) => println!("<== {title}: FAILED in {}: {why}", readable(took)),
            Outcome::Skipped(why) => println!("<== {title}: skipped ({why})"),
        }
        ended.push((title, outcome, took));
    }
    crate::summary::print(&ended_lines(&ended), started.elapsed(), &project.workspace_root);
    let failed = ended.iter().any(|(_, o, _)| !matches!(o, Outcome::Done));
    if stop::stopping() {
        return Ok(ExitCode::from(130));
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// One line per step for the summary: its name, how it ended, its time.
fn ended_lines(ended: &[(String, Outcome, Duration)]) -> Vec<String> {
    ended
        .iter()
        .map(|(title, outcome, took)| match outcome {
            Outcome::Done => format!("{title:<11} ok      {:>9}", readable(*took)),
            Outcome::Failed(_) => format!("{title:<11} FAILED  {:>9}", readable(*took)),
            Outcome::Skipped(why) => format!("{title:<11} skipped ({why})"),
        })
        .collect()
}

/// Run `binary` with `args` (see [`Project::binary`]); an error unless it exits 0.
fn run_binary(project: &Project, binary: &Path, args: &[OsString]) -> Result<()> {
    let status = project
        .binary(binary, args)
        .status()
        .with_context(|| format!("running {}", binary.display()))?;
    if !status.success() {
        bail!("{} exited with {status}", binary.display());
    }
    Ok(())
}

fn shown(args: &[OsString]) -> String {
    args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
}

/// `12.3 s`, or `2 min 03 s` from two minutes on.
pub fn readable(took: Duration) -> String {
    let secs = took.as_secs_f64();
    if secs < 120.0 {
        format!("{secs:.1} s")
    } else {
        format!("{} min {:02} s", took.as_secs() / 60, took.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_asks_criterion_for_its_quick_mode_and_stress_for_the_seconds_given() {
        let steps = steps(true, 0.15, false);
        let args = |name: &str| {
            steps.iter().find_map(|s| match s {
                Step::Run(_, n, args) if *n == name => Some(shown(args)),
                _ => None,
            })
        };
        assert_eq!(args("bench").unwrap(), "bench --quick");
        assert_eq!(args("stress").unwrap(), "stress --seconds 0.15");
        assert_eq!(args("loom").unwrap(), "loom");
        assert!(matches!(&steps[0], Step::Build(Build::Loom)));
    }

    #[test]
    fn deep_adds_miri_and_tsan_before_the_report_and_only_when_asked() {
        let names = |deep| {
            steps(true, 0.15, deep)
                .iter()
                .filter_map(|s| match s {
                    Step::Run(_, n, args) => Some(format!("{n}: {}", shown(args))),
                    Step::Build(_) => None,
                })
                .collect::<Vec<_>>()
        };
        let with = names(true);
        assert_eq!(with[with.len() - 2], "deep: deep --tier miri --tier tsan --quick");
        assert!(with.last().unwrap().starts_with("report"));
        assert!(!names(false).iter().any(|n| n.starts_with("deep")));
    }

    #[test]
    fn times_read_in_seconds_then_minutes() {
        assert_eq!(readable(Duration::from_millis(12_340)), "12.3 s");
        assert_eq!(readable(Duration::from_secs(123)), "2 min 03 s");
    }
}
