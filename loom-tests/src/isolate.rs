//! Each loom check in a process of its own, so that no strategy can take the suite down.
//!
//! loom reports a deadlock by panicking, and a destructor that panics again during that
//! unwind aborts the whole process; a strategy can also hang or overflow its stack. So the
//! suite runs each check in a child process of its own binary: `current_exe()` with
//! [`TRIAL_VAR`] naming `scenario/strategy`, answered by `serve` first thing in `main`.
//! The child runs `check::verify` (which writes the verdict file) and prints the
//! verdict as one marked line; every panic it meets is printed as a marked line on stderr
//! as it happens. The parent, [`verify_isolated`], waits up to a time limit. A child that
//! ends without a verdict gets one from the parent, [`Verdict::Crashed`], saying in words
//! how it died and what loom reported before, written over whatever file was there.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use scenarios::{Scenario, Strategy};
use threadlab_results::ResultFile;
use threadlab_results::loom::{LoomVerdict, Verdict, deadlock};
use threadlab_results::{Expected, Finding, Sight, ViolationKind, judge};

use crate::classify::{classify, is_loom_limit};

/// The variable naming the check (`scenario/strategy`) a child process is to run.
pub const TRIAL_VAR: &str = "THREADLAB_LOOM_TRIAL";
/// Set for a child that must track source lines even in a proof.
const LINES_VAR: &str = "THREADLAB_LOOM_LINES";
/// Starts the child's line (on stdout) holding its verdict as JSON.
const VERDICT_MARK: &str = "threadlab-loom-verdict: ";
/// Starts a child's line (on stderr) holding one panic's message as a JSON string.
const PANIC_MARK: &str = "threadlab-loom-panic: ";

/// How much CPU time one check may use before it counts as hung: far above the slowest
/// check of the catalogue, so only a check that will not end reaches it. It is the child's
/// own CPU time, not the wall clock, so a machine busy with other work does not make a slow
/// check look hung (on a loaded 2-core machine one check took 107 s of wall time for a
/// fraction of that in CPU time).
pub const TRIAL_LIMIT: Duration = Duration::from_secs(120);

/// A child using little CPU time (blocked, not searching) is killed after this many times
/// its limit in wall-clock time.
const WALL_FACTOR: u32 = 5;

/// Which clock a hang was measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The child's own CPU time (user and system), read from `/proc`.
    Cpu,
    /// Wall-clock time: where `/proc` cannot be read, or a child that used little CPU.
    Wall,
}

/// `scenario/strategy` if this process was started to run one check.
pub fn requested() -> Option<String> {
    std::env::var(TRIAL_VAR).ok()
}

/// In a child process started by [`verify_isolated`]: run the check `find` names for
/// [`TRIAL_VAR`], print its verdict and exit. In any other process: return at once.
/// Call it first thing in `main`, after `search::take_environment`.
#[cfg(loom)]
pub fn serve(find: impl Fn(&str, &str) -> Option<(&'static Scenario, &'static Strategy)>) {
    use std::io::Write;

    let Some(id) = requested() else { return };
    let found = id.split_once('/').and_then(|(scenario, strategy)| find(scenario, strategy));
    let Some((scenario, strategy)) = found else {
        eprintln!("loom-tests: no strategy {id} to check");
        std::process::exit(2);
    };
    std::panic::set_hook(Box::new(|info| {
        let text = crate::check::panic_text(info.payload());
        let line = serde_json::to_string(&text).unwrap_or_default();
        let _ = writeln!(std::io::stderr().lock(), "{PANIC_MARK}{line}");
    }));
    let lines = std::env::var_os(LINES_VAR).is_some();
    let verdict = crate::check::verify_tracking(scenario, strategy, lines);
    match serde_json::to_string(&verdict) {
        Ok(json) => println!("{VERDICT_MARK}{json}"),
        Err(e) => {
            eprintln!("loom-tests: cannot encode the verdict of {id}: {e}");
            std::process::exit(1);
        }
    }
    std::process::exit(0);
}

/// Check `strategy` in a child process of this binary, allowing it `limit`: the child's
/// verdict, or, where it died without one, a [`Verdict::Crashed`] verdict written here.
/// A deadlock found without source lines (a proof tracks none) is checked once more with
/// them, so that the verdict says where each thread is blocked.
pub fn verify_isolated(scenario: &Scenario, strategy: &Strategy, limit: Duration) -> LoomVerdict {
    let first = check_in_child(scenario, strategy, limit, false);
    let placed = |v: &LoomVerdict| v.blocked.iter().all(|b| b.file.is_some());
    if first.blocked.is_empty() || placed(&first) {
        return first;
    }
    let again = check_in_child(scenario, strategy, limit, true);
    if !again.blocked.is_empty() && placed(&again) {
        return again;
    }
    write(&first); // the second run wrote its own file
    first
}

fn check_in_child(
    scenario: &Scenario,
    strategy: &Strategy,
    limit: Duration,
    lines: bool,
) -> LoomVerdict {
    let id = format!("{}/{}", scenario.name, strategy.name);
    let started = Instant::now();
    let ended = run_child(&id, lines, limit);
    if let (Ending::Exited(status), Some(verdict)) = (&ended.ending, ended.verdict())
        && status.success()
    {
        return verdict;
    }
    let death = ended.death();
    let report = death.loom_report();
    let mut verdict = crate::fresh::blank(scenario, strategy);
    verdict.verdict = Verdict::Crashed;
    verdict.seconds = started.elapsed().as_secs_f64();
    verdict.blocked = report.and_then(deadlock::parse).unwrap_or_default();
    verdict.violation_kind = report.and_then(|r| classify(None, r));
    verdict.violation = Some(death.describe());
    // loom reported a deadlock, naming where each thread is blocked, and the process died
    // only afterwards (unwinding through loom's lock guards panics again and aborts): the
    // finding is the deadlock, judged as any finding is.
    if verdict.violation_kind == Some(ViolationKind::DeadlockOrHang) && !verdict.blocked.is_empty()
    {
        let expected = Expected::from_kind(strategy.expectation.violation_kind());
        let finding = Finding::violation(ViolationKind::DeadlockOrHang, Sight::Accesses);
        verdict.verdict = Verdict::of(expected, &judge(expected, &finding));
    }
    write(&verdict);
    verdict
}

fn write(verdict: &LoomVerdict) {
    let root = threadlab_results::results_root().unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = verdict.write_under(&root) {
        panic!("cannot write the loom verdict under {}: {e}", root.display());
    }
}

/// How a child process ended.
#[derive(Debug)]
enum Ending {
    Exited(ExitStatus),
    /// Still running at the limit, and killed.
    Hung(Duration, Clock),
    /// It could not be started (the text says why).
    NotStarted(String),
}

/// A child's ending with everything it printed.
struct Ended {
    ending: Ending,
    stdout: String,
    stderr: String,
}

impl Ended {
    fn verdict(&self) -> Option<LoomVerdict> {
        let line = self.stdout.lines().rev().find_map(|l| l.strip_prefix(VERDICT_MARK))?;
        serde_json::from_str(line).ok()
    }

    fn death(&self) -> Death {
        let mut panics = Vec::new();
        let mut last_words = None;
        for line in self.stderr.lines() {
            if let Some(json) = line.strip_prefix(PANIC_MARK) {
                panics.push(serde_json::from_str(json).unwrap_or_else(|_| json.to_owned()));
            } else if !line.trim().is_empty() {
                last_words = Some(line.trim().to_owned());
            }
        }
        let overflowed = self.stderr.contains("has overflowed its stack");
        let how = match &self.ending {
            Ending::Exited(status) => match signal_of(status) {
                Some(signal) => How::Signal { signal, overflowed },
                None => How::Exit(status.code()),
            },
            Ending::Hung(after, clock) => How::Hung(*after, *clock),
            Ending::NotStarted(why) => How::NotStarted(why.clone()),
        };
        Death { how, panics, last_words }
    }
}

#[cfg(unix)]
fn signal_of(status: &ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn signal_of(_: &ExitStatus) -> Option<i32> {
    None
}

/// Start this binary as the child for `id`, and wait for it up to `limit`.
fn run_child(id: &str, lines: bool, limit: Duration) -> Ended {
    let not_started = |why: String| Ended {
        ending: Ending::NotStarted(why),
        stdout: String::new(),
        stderr: String::new(),
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return not_started(format!("cannot find this test binary: {e}")),
    };
    let (inherit, list) = crate::search::inheritance();
    let mut command = Command::new(exe);
    command
        .env(TRIAL_VAR, id)
        .env(inherit, list)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if lines {
        command.env(LINES_VAR, "1");
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return not_started(e.to_string()),
    };
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = Instant::now();
    let pid = child.id();
    let ending = loop {
        let over = || match cpu_time(pid) {
            Some(used) if used >= limit => Some((limit, Clock::Cpu)),
            Some(_) if started.elapsed() >= limit * WALL_FACTOR => {
                Some((limit * WALL_FACTOR, Clock::Wall))
            }
            None if started.elapsed() >= limit => Some((limit, Clock::Wall)),
            _ => None,
        };
        match child.try_wait() {
            Ok(Some(status)) => break Ending::Exited(status),
            Ok(None) if let Some((after, clock)) = over() => {
                let _ = child.kill();
                let _ = child.wait();
                break Ending::Hung(after, clock);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                break Ending::NotStarted(format!("cannot wait for it: {e}"));
            }
        }
    };
    Ended {
        ending,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

/// The CPU time (user and system) process `pid` has used, from `/proc/<pid>/stat`; `None`
/// where that cannot be read (not Linux, or the process is gone).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (which may hold spaces, inside parentheses):
    // state is the 3rd field of the line, utime the 14th and stime the 15th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // /proc counts in USER_HZ, which Linux fixes at 100 per second for user space.
    Some(Duration::from_millis(ticks * 10))
}

/// How a check's process died, for its verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum How {
    /// Killed by `signal` (a panic during unwinding aborts: SIGABRT); `overflowed`: it said
    /// it overflowed its stack first.
    Signal { signal: i32, overflowed: bool },
    /// Exited by itself, with this status, but printed no verdict.
    Exit(Option<i32>),
    /// Still running at the limit, and killed.
    Hung(Duration, Clock),
    /// It could not be started.
    NotStarted(String),
}

/// A check that ended without a verdict: how, the panics it printed (raw, in order) and
/// the last other line it wrote on stderr.
#[derive(Debug, Clone, PartialEq)]
pub struct Death {
    pub how: How,
    pub panics: Vec<String>,
    pub last_words: Option<String>,
}

impl Death {
    /// The panic that says what loom found: the last one that is loom's own report or the
    /// invariant check's (the panics after it are the unwinding's), else the first.
    pub fn loom_report(&self) -> Option<&str> {
        let found = |p: &&String| {
            classify(None, p).is_some() || is_loom_limit(p) || p.starts_with("invariant violated")
        };
        self.panics.iter().rev().find(found).or(self.panics.first()).map(String::as_str)
    }

    /// In words, e.g. `aborted by signal 6 (SIGABRT) after loom reported: deadlock: thread
    /// 0 (main) blocked at ...; the last panic before it died: ...`.
    pub fn describe(&self) -> String {
        let mut text = match &self.how {
            How::Signal { signal, overflowed } => {
                let by = format!("signal {signal} ({})", signal_name(*signal));
                match (overflowed, *signal == 6) {
                    (true, _) => format!("overflowed its stack (killed by {by})"),
                    (false, true) => format!("aborted by {by}"),
                    (false, false) => format!("killed by {by}"),
                }
            }
            How::Exit(Some(code)) => format!("exited with status {code} without a verdict"),
            How::Exit(None) => "exited without a verdict".to_owned(),
            How::Hung(after, Clock::Cpu) => {
                format!("hung: no verdict after {} s of CPU time (killed)", after.as_secs())
            }
            How::Hung(after, Clock::Wall) => {
                format!("hung: no verdict after {} s (killed)", after.as_secs())
            }
            How::NotStarted(why) => format!("the check's process could not run: {why}"),
        };
        let report = self.loom_report();
        if let Some(report) = report {
            let joint = if matches!(self.how, How::Hung(..)) { "; before that," } else { " after" };
            let who = if report.starts_with("invariant violated") {
                "the invariant check"
            } else if classify(None, report).is_some() || is_loom_limit(report) {
                "loom"
            } else {
                "a panic"
            };
            let said = if who == "a panic" { "said" } else { "reported" };
            text.push_str(&format!("{joint} {who} {said}: {}", deadlock::in_words(report)));
        }
        match self.panics.last() {
            Some(last) if Some(last.as_str()) != report => {
                text.push_str(&format!(
                    "; the last panic before it died: {}",
                    deadlock::in_words(last)
                ));
            }
            None => {
                if let Some(words) = &self.last_words {
                    text.push_str(&format!("; its last words: {}", deadlock::in_words(words)));
                }
            }
            _ => {}
        }
        text
    }
}

/// The usual name of a POSIX signal.
fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "another signal",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_cpu_time_is_read_where_proc_exists() {
        if !std::path::Path::new("/proc/self/stat").exists() {
            eprintln!("no /proc here: the wall clock is the only clock (skipped)");
            return;
        }
        let before = cpu_time(std::process::id()).expect("this process's own stat");
        let spin = std::time::Instant::now();
        let mut x = 0u64;
        while spin.elapsed() < Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let after = cpu_time(std::process::id()).unwrap();
        assert!(after > before, "{before:?} then {after:?}");
        assert!(cpu_time(u32::MAX).is_none());
    }

    const LOOM: &str = "deadlock; threads = [(Id(0), Blocked(Location(Some(Location { file: \
        \"scenarios/src/thread_pool/driver.rs\", line: 57, column: 9 })))), (Id(1), \
        Blocked(Location(None)))]";

    #[test]
    fn an_abort_after_a_deadlock_says_both_in_words() {
        let death = Death {
            how: How::Signal { signal: 6, overflowed: false },
            panics: vec![LOOM.into(), "a destructor panicked during unwinding".into()],
            last_words: Some("thread caused non-unwinding panic. aborting.".into()),
        };
        assert_eq!(death.loom_report(), Some(LOOM));
        assert_eq!(
            death.describe(),
            "aborted by signal 6 (SIGABRT) after loom reported: deadlock: thread 0 (main) \
             blocked at scenarios/src/thread_pool/driver.rs:57; thread 1 blocked (no source \
             line tracked); the last panic before it died: a destructor panicked during \
             unwinding"
        );
    }

    #[test]
    fn a_hang_a_stack_overflow_and_a_silent_exit_are_told_apart() {
        let hung = Death {
            how: How::Hung(Duration::from_secs(3), Clock::Wall),
            panics: vec![],
            last_words: None,
        };
        assert_eq!(hung.describe(), "hung: no verdict after 3 s (killed)");
        let overflow = Death {
            how: How::Signal { signal: 6, overflowed: true },
            panics: vec![],
            last_words: Some("fatal runtime error: stack overflow, aborting".into()),
        };
        assert!(overflow.describe().starts_with("overflowed its stack (killed by signal 6"));
        let quiet = Death { how: How::Exit(Some(0)), panics: vec![], last_words: None };
        assert_eq!(quiet.describe(), "exited with status 0 without a verdict");
        let segv = Death {
            how: How::Signal { signal: 11, overflowed: false },
            panics: vec!["oops".into()],
            last_words: None,
        };
        assert_eq!(segv.describe(), "killed by signal 11 (SIGSEGV) after a panic said: oops");
    }

    #[test]
    fn a_hang_after_a_deadlock_names_the_deadlock_and_no_loom_text() {
        let death = Death {
            how: How::Hung(Duration::from_secs(300), Clock::Wall),
            panics: vec![LOOM.into()],
            last_words: None,
        };
        let text = death.describe();
        assert!(
            text.starts_with("hung: no verdict after 300 s (killed); before that, loom reported")
        );
        assert!(!text.contains("Location(") && !text.contains("Id("), "{text}");
    }
}
