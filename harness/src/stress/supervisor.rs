//! The supervisor: runs one strategy's trials in a child process and is its watchdog.
//!
//! Why a child process: a hung trial's threads cannot be stopped from inside the process
//! (Rust has no thread cancellation, and a strategy blocked in `Condvar::wait` or spinning on
//! a flag that nobody will set never looks at a stop signal). Left alone, a spinning leaked
//! thread would keep a core busy and distort every later trial, and a sleeping one would
//! hold its memory until exit. So each strategy's trials run in a worker process (this same
//! binary, `std::env::current_exe()`, hidden subcommand `__stress-worker`), and when a trial
//! misses its deadline the supervisor kills that process (SIGKILL on Unix), reaps it, records
//! the trial as the outcome `hung`, and starts a fresh worker for the rest of the budget,
//! with a smaller batch. Killing the process ends all of its threads, so nothing leaks into
//! the next trial. A worker that dies mid-trial (a panic, say) is recorded as `crashed`.
//!
//! Each trial of a Correct strategy that misses the deadline is re-run once, alone, with ten times
//! the deadline before it counts as a hang: a deadline too short for this machine is the
//! user's setting, not the strategy's bug.
//!
//! The deadline applies to every wait for the worker's next message, so the supervisor
//! itself never waits longer than the deadline (plus a start-up grace for a new process).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use scenarios::{Params, Scenario, Strategy, ViolationKind};

use super::worker::{Budget, WorkerMessage};
use threadlab_results::stress::{Grade, OutcomeCount, OutcomeKind};
use threadlab_results::wire::MarkerLine;

/// Extra time a freshly started worker gets for its first message (process start-up).
const STARTUP_GRACE: Duration = Duration::from_secs(5);
/// After this many crashes in a row the strategy's run stops (each one is recorded).
const MAX_CONSECUTIVE_CRASHES: u32 = 3;
/// How much longer the one re-run of a Correct strategy's hung trial may take.
const PATIENCE: u32 = 10;
/// How much of a crashed worker's stderr to keep.
const STDERR_TAIL: usize = 600;

/// One strategy's stress run.
#[derive(Clone)]
pub struct Job {
    /// The `threadlab` binary to start as the worker (normally `current_exe()`).
    pub program: PathBuf,
    pub scenario: &'static Scenario,
    pub strategy: &'static Strategy,
    pub params: Params,
    pub budget: Budget,
    /// A trial that takes longer is hung.
    pub deadline: Duration,
    pub max_batch: usize,
    pub target_batch: Duration,
}

/// What the supervisor counted.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub outcomes: BTreeMap<String, OutcomeCount>,
    pub samples: u64,
    pub batches: u64,
    pub hung_batches: u64,
    pub hung_samples: u64,
    pub crashed_batches: u64,
    pub crashed_samples: u64,
    pub last_crash: Option<String>,
    pub workers_started: u64,
    /// Process ids of every worker started (all of them killed or exited, and reaped, by the
    /// time [`supervise`] returns).
    pub worker_pids: Vec<u32>,
    pub largest_batch: usize,
    /// The longest a finished trial took, as the worker timed it.
    pub slowest_trial: Duration,
    pub elapsed: Duration,
    /// Trials of a Correct strategy that missed the deadline and were run again with more
    /// patience (the first one is noted as it happens, the rest counted at the end).
    pub retried: u64,
}

impl Tally {
    pub fn forbidden(&self) -> u64 {
        self.outcomes.values().filter(|o| o.grade == Grade::Forbidden).map(|o| o.samples).sum()
    }

    /// A trial of `batch` samples ended (with outcomes, or hung).
    fn count_batch(&mut self, batch: usize) {
        self.samples += batch as u64;
        self.batches += 1;
        self.largest_batch = self.largest_batch.max(batch);
    }

    fn progress(&self, started: Instant) -> Progress {
        Progress {
            samples: self.samples,
            forbidden: self.forbidden() + self.hung_samples + self.crashed_samples,
            hung_batches: self.hung_batches,
            elapsed: started.elapsed(),
        }
    }

    fn add(&mut self, outcome: OutcomeCount) {
        match self.outcomes.get_mut(&outcome.result) {
            Some(row) => row.samples += outcome.samples,
            None => {
                self.outcomes.insert(outcome.result.clone(), outcome);
            }
        }
    }

    /// The rows of the table: observed outcomes plus the watchdog's `hung` and `crashed`.
    pub fn rows(&self, deadline: Duration) -> Vec<OutcomeCount> {
        let mut rows: Vec<OutcomeCount> = self.outcomes.values().cloned().collect();
        if self.hung_batches > 0 {
            rows.push(OutcomeCount {
                result: "hung".to_owned(),
                kind: OutcomeKind::Hung,
                counts: BTreeMap::new(),
                order: None,
                grade: Grade::Forbidden,
                description: format!(
                    "{} trial(s) did not finish within {:.1} s; the watchdog killed the worker \
                     (every sample of a hung trial is counted here)",
                    self.hung_batches,
                    deadline.as_secs_f64()
                ),
                samples: self.hung_samples,
                violation: Some(ViolationKind::DeadlockOrHang),
            });
        }
        if self.crashed_batches > 0 {
            rows.push(OutcomeCount {
                result: "crashed".to_owned(),
                kind: OutcomeKind::Crashed,
                counts: BTreeMap::new(),
                order: None,
                grade: Grade::Forbidden,
                description: format!(
                    "the worker died during {} trial(s): {}",
                    self.crashed_batches,
                    self.last_crash.as_deref().unwrap_or("no message")
                ),
                samples: self.crashed_samples,
                violation: None,
            });
        }
        rows.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        rows
    }
}

/// Progress after each trial.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub samples: u64,
    pub forbidden: u64,
    pub hung_batches: u64,
    pub elapsed: Duration,
}

/// Kills and reaps the worker however the supervisor leaves (including by panic).
struct WorkerGuard(Child);

impl Drop for WorkerGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        crate::children::forget(self.0.id());
    }
}

enum Line {
    Message(WorkerMessage),
    Garbled(String),
}

/// Run `job` to the end of its budget, whatever its trials do.
pub fn supervise(job: &Job, progress: &mut dyn FnMut(Progress)) -> Result<Tally> {
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut next_batch = 1usize;
    // After a hang or crash, later workers never go above half the failed batch: a batch
    // that hangs costs a whole deadline, so the run moves towards single-instance trials,
    // which waste the least time and attribute a hang most precisely.
    let mut batch_cap = job.max_batch.max(1);
    let mut crashes_in_a_row = 0u32;
    loop {
        let remaining = match job.budget {
            Budget::Seconds(s) => {
                let left = s - started.elapsed().as_secs_f64();
                if left <= 0.0 {
                    break;
                }
                Budget::Seconds(left)
            }
            Budget::Samples(n) => {
                if tally.samples >= n {
                    break;
                }
                Budget::Samples(n - tally.samples)
            }
        };
        if crashes_in_a_row >= MAX_CONSECUTIVE_CRASHES {
            break;
        }
        let batches_before = tally.batches;
        let mut end =
            run_worker(job, remaining, next_batch, batch_cap, &mut tally, started, progress)?;
        if let WorkerEnd::Hung { batch } = end
            && !job.strategy.expectation.is_broken()
        {
            end = retry_patiently(job, batch, &mut tally, started, progress)?;
        }
        match end {
            WorkerEnd::Finished => {
                if tally.batches == batches_before {
                    bail!(
                        "the stress worker for {}/{} exited without running a trial",
                        job.scenario.name,
                        job.strategy.name
                    );
                }
                crashes_in_a_row = 0;
            }
            WorkerEnd::Hung { batch } => {
                crashes_in_a_row = 0;
                batch_cap = (batch / 2).max(1);
            }
            WorkerEnd::Crashed { batch } => {
                crashes_in_a_row += 1;
                batch_cap = (batch / 2).max(1);
            }
        }
        next_batch = batch_cap.min(tally.largest_batch.max(1));
    }
    tally.elapsed = started.elapsed();
    if tally.retried > 1 {
        eprintln!(
            "note: {} trials of {}/{} (correct) missed the {} deadline and were re-run with {}",
            tally.retried,
            job.scenario.name,
            job.strategy.name,
            super::table::duration_text(job.deadline),
            super::table::duration_text(job.deadline * PATIENCE)
        );
    }
    Ok(tally)
}

/// The least patience [`normal_trial`] gives the trial it measures (the default deadline).
const MEASURING_DEADLINE: Duration = Duration::from_secs(2);

/// How long one normal trial (a single instance) of `job`'s strategy takes here, run in a
/// worker with `PATIENCE` times the deadline, and never less than `MEASURING_DEADLINE`
/// (a tiny deadline must not make the measurement itself time out on a busy machine);
/// `None` where even that did not finish.
pub fn normal_trial(job: &Job) -> Result<Option<Duration>> {
    let deadline = (job.deadline * PATIENCE).max(MEASURING_DEADLINE);
    let patient = Job { deadline, ..job.clone() };
    let mut scratch = Tally::default();
    let end =
        run_worker(&patient, Budget::Samples(1), 1, 1, &mut scratch, Instant::now(), &mut |_| {})?;
    Ok(matches!(end, WorkerEnd::Finished).then_some(scratch.slowest_trial))
}

/// Take back the hang just recorded for `batch` and run that trial again, alone, with
/// [`PATIENCE`] times the deadline; whatever this second run ends in is what counts.
fn retry_patiently(
    job: &Job,
    batch: usize,
    tally: &mut Tally,
    started: Instant,
    progress: &mut dyn FnMut(Progress),
) -> Result<WorkerEnd> {
    tally.hung_batches -= 1;
    tally.hung_samples -= batch as u64;
    tally.samples -= batch as u64;
    tally.batches -= 1;
    let patient = Job { deadline: job.deadline * PATIENCE, ..job.clone() };
    tally.retried += 1;
    if tally.retried == 1 {
        eprintln!(
            "note: a trial of {}/{} (correct) missed the {} deadline; re-running it once with {} (later ones are counted at the end)",
            job.scenario.name,
            job.strategy.name,
            super::table::duration_text(job.deadline),
            super::table::duration_text(patient.deadline)
        );
    }
    run_worker(&patient, Budget::Samples(batch as u64), batch, batch, tally, started, progress)
}

enum WorkerEnd {
    Finished,
    Hung { batch: usize },
    Crashed { batch: usize },
}

fn run_worker(
    job: &Job,
    budget: Budget,
    start_batch: usize,
    max_batch: usize,
    tally: &mut Tally,
    started: Instant,
    progress: &mut dyn FnMut(Progress),
) -> Result<WorkerEnd> {
    let mut command = Command::new(&job.program);
    command
        .arg("__stress-worker")
        .arg(job.scenario.name)
        .arg(job.strategy.name)
        .args(["--threads", &job.params.threads.to_string()])
        .args(["--ops", &job.params.ops.to_string()])
        .args(["--limit", &job.params.limit.to_string()])
        .args(["--start-batch", &start_batch.to_string()])
        .args(["--max-batch", &max_batch.to_string()])
        .args(["--target-us", &job.target_batch.as_micros().to_string()]);
    match budget {
        Budget::Seconds(s) => command.args(["--seconds", &s.to_string()]),
        Budget::Samples(n) => command.args(["--samples", &n.to_string()]),
    };
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let child: Child = crate::children::spawn(&mut command)
        .with_context(|| format!("cannot start the stress worker {}", job.program.display()))?;
    tally.workers_started += 1;
    tally.worker_pids.push(child.id());
    let mut worker = WorkerGuard(child);

    let stdout = worker.0.stdout.take().expect("stdout is piped");
    let stderr = worker.0.stderr.take().expect("stderr is piped");
    let (lines_tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let parsed = match WorkerMessage::from_line(&line) {
                None => continue,
                Some(Ok(message)) => Line::Message(message),
                Some(Err(err)) => Line::Garbled(format!("{err}: {line}")),
            };
            if lines_tx.send(parsed).is_err() {
                break;
            }
        }
    });
    // Read through a channel with a timeout, not a join: a process the worker started could
    // hold the pipe open after the worker is gone.
    let (stderr_tx, stderr_text) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = BufReader::new(stderr).read_to_string(&mut text);
        let _ = stderr_tx.send(text);
    });

    let mut pending: Option<usize> = None;
    let mut wait = job.deadline + STARTUP_GRACE;
    let end = loop {
        match lines.recv_timeout(wait) {
            Ok(Line::Message(WorkerMessage::Begin { batch })) => {
                pending = Some(batch);
                wait = job.deadline;
            }
            Ok(Line::Message(WorkerMessage::Done { batch, outcomes, nanos })) => {
                tally.slowest_trial = tally.slowest_trial.max(Duration::from_nanos(nanos));
                if pending != Some(batch) {
                    bail!("the stress worker reported a trial of {batch} it never began");
                }
                pending = None;
                for outcome in outcomes {
                    tally.add(outcome);
                }
                tally.count_batch(batch);
                progress(tally.progress(started));
                wait = job.deadline;
            }
            Ok(Line::Garbled(line)) => bail!("the stress worker sent an unreadable line: {line}"),
            Err(RecvTimeoutError::Timeout) => {
                // Kill first: from here on no thread of the hung trial runs.
                let _ = worker.0.kill();
                let _ = worker.0.wait();
                let Some(batch) = pending else {
                    bail!(
                        "the stress worker for {}/{} went silent outside a trial",
                        job.scenario.name,
                        job.strategy.name
                    );
                };
                tally.hung_batches += 1;
                tally.hung_samples += batch as u64;
                tally.count_batch(batch);
                progress(tally.progress(started));
                break WorkerEnd::Hung { batch };
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = worker.0.wait().context("cannot wait for the stress worker")?;
                let stderr = stderr_text.recv_timeout(Duration::from_secs(1)).unwrap_or_default();
                let tail = tail(&stderr);
                match pending {
                    Some(batch) => {
                        tally.crashed_batches += 1;
                        tally.crashed_samples += batch as u64;
                        tally.samples += batch as u64;
                        tally.batches += 1;
                        tally.last_crash = Some(format!("{status}: {tail}"));
                        return Ok(WorkerEnd::Crashed { batch });
                    }
                    None if status.success() => return Ok(WorkerEnd::Finished),
                    None => {
                        return Err(anyhow!(
                            "the stress worker for {}/{} failed ({status}): {tail}",
                            job.scenario.name,
                            job.strategy.name
                        ));
                    }
                }
            }
        }
    };
    drop(worker);
    Ok(end)
}

/// What a dead worker said: the panic message if there is one (the `panicked at` line and
/// the message after it), else the last few hundred characters of its stderr, on one line.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let text = match lines.iter().rposition(|l| l.contains(" panicked at ")) {
        Some(at) => lines[at..(at + 2).min(lines.len())].join(" "),
        None => {
            let text = text.trim();
            let start = text.char_indices().rev().nth(STDERR_TAIL).map_or(0, |(i, _)| i);
            text[start..].to_owned()
        }
    };
    let tail = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if tail.is_empty() { "no output on stderr".to_owned() } else { tail }
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn a_panic_message_is_picked_out_of_a_backtrace() {
        let stderr =
            "thread 'main' (7) panicked at src/x.rs:1:1:\nboom\nstack backtrace:\n  0: f\n";
        assert_eq!(tail(stderr), "thread 'main' (7) panicked at src/x.rs:1:1: boom");
        assert_eq!(tail("  some\nerror  "), "some error");
        assert_eq!(tail(""), "no output on stderr");
    }
}
