//! The processes a command starts, each in a process group of its own, and what SIGINT or
//! SIGTERM to threadlab does with them: it stops every group (the child and whatever it
//! started: cargo's test binaries, Python's workers) within a few seconds, refuses to start
//! or write anything more, and only then exits with code 130. A child in a group of its own
//! no longer gets the terminal's Ctrl-C itself; threadlab passes it on.

use std::process::{Child, Command};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The process groups started (each child leads its own), forgotten when never stopped.
static GROUPS: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static STOPPING: AtomicBool = AtomicBool::new(false);

/// How long the children get to exit after SIGTERM, before SIGKILL.
const GRACE: Duration = Duration::from_secs(3);

/// The exit code after a stop signal (as a shell reports Ctrl-C).
pub const INTERRUPTED: i32 = 130;

/// Install the signal handler (once; later calls do nothing).
pub fn install() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        if let Err(e) = ctrlc::set_handler(stop_and_exit) {
            eprintln!("threadlab: warning: cannot handle SIGINT/SIGTERM ({e}); children may outlive an interrupted run");
        }
    });
}

/// Start `command` as the leader of a process group of its own, which a stop signal to
/// threadlab stops (the handler is installed on first use). Refused once threadlab is
/// stopping.
pub fn spawn(command: &mut Command) -> std::io::Result<Child> {
    install();
    refuse_if_stopping()?;
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    let mut groups = GROUPS.lock().unwrap_or_else(|e| e.into_inner());
    let child = command.spawn()?;
    groups.push(child.id());
    Ok(child)
}

/// Drop a child that was waited for from the groups a stop signal stops (its id may be
/// given to another process).
pub fn forget(pid: u32) {
    let mut groups = GROUPS.lock().unwrap_or_else(|e| e.into_inner());
    groups.retain(|&g| g != pid);
}

/// Whether a stop signal came: nothing more should be written.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// An error once a stop signal came, for the places about to write a result.
pub fn refuse_if_stopping() -> std::io::Result<()> {
    if stopping() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted: threadlab is stopping, nothing more is started or written",
        ));
    }
    Ok(())
}

/// Where the main thread would end while the handler is still stopping the children: wait
/// for the handler to exit the process.
pub fn wait_if_stopping() {
    while stopping() {
        std::thread::park_timeout(Duration::from_secs(1));
    }
}

fn stop_and_exit() {
    STOPPING.store(true, Ordering::SeqCst);
    // Holding the list keeps `spawn` from starting one more while the others stop.
    let groups = GROUPS.lock().unwrap_or_else(|e| e.into_inner());
    signal_all(&groups, Stop::Term);
    let started = Instant::now();
    while groups.iter().any(|&g| alive(g)) && started.elapsed() < GRACE {
        std::thread::sleep(Duration::from_millis(20));
    }
    if groups.iter().any(|&g| alive(g)) {
        signal_all(&groups, Stop::Kill);
        let started = Instant::now();
        while groups.iter().any(|&g| alive(g)) && started.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    std::process::exit(INTERRUPTED);
}

#[derive(Clone, Copy)]
enum Stop {
    Term,
    Kill,
}

#[cfg(unix)]
fn signal_all(groups: &[u32], stop: Stop) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let signal = match stop {
        Stop::Term => Signal::TERM,
        Stop::Kill => Signal::KILL,
    };
    for pid in groups.iter().filter_map(|&g| Pid::from_raw(g as i32)) {
        let _ = kill_process_group(pid, signal);
    }
}

#[cfg(not(unix))]
fn signal_all(_: &[u32], _: Stop) {}

/// Whether any process of group `group` still runs (a zombie, dead but not yet reaped, does
/// not count).
#[cfg(target_os = "linux")]
fn alive(group: u32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else { return false };
    entries.flatten().any(|entry| {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { return false };
        // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(") ") else { return false };
        let fields: Vec<&str> = rest.split(' ').collect();
        fields.len() > 2 && fields[0] != "Z" && fields[2] == group.to_string()
    })
}

#[cfg(all(unix, not(target_os = "linux")))]
fn alive(group: u32) -> bool {
    rustix::process::Pid::from_raw(group as i32)
        .is_some_and(|pid| rustix::process::test_kill_process_group(pid).is_ok())
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    false
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_child_leads_its_own_group_and_is_seen_alive_until_it_exits() {
        let mut child = spawn(Command::new("sleep").arg("30")).unwrap();
        assert!(alive(child.id()), "the child leads a group of its own");
        signal_all(&[child.id()], Stop::Term);
        let _ = child.wait();
        assert!(!alive(child.id()));
    }
}
