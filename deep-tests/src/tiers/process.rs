//! Starting the tools: a command run with its output captured and a time limit, a test
//! target built through cargo's JSON messages, and the small text helpers every tier uses.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// What one process printed and how it ended.
pub struct Output {
    /// The exit code; `None` when it was killed (by a signal, or for running too long).
    pub code: Option<i32>,
    /// stdout and stderr together, in the order they were written.
    pub text: String,
    pub timed_out: bool,
    pub seconds: f64,
}

/// Run `command` with stdout and stderr captured together, killing its whole process group
/// after `limit`.
pub fn run_captured(mut command: Command, limit: Duration) -> Result<Output> {
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

/// The last `n` lines of `text`, for an error message.
pub fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// `rustc +nightly -V`; an error when nightly is not installed.
pub fn nightly_version() -> Result<String> {
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
pub fn build_test_exe(workspace: &Path, mut command: Command, test: &str) -> Result<PathBuf> {
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

/// `path` relative to the workspace when it lies inside it (commands stay portable).
pub fn relative(workspace: &Path, path: &str) -> String {
    Path::new(path)
        .strip_prefix(workspace)
        .map_or_else(|_| path.to_owned(), |p| p.display().to_string())
}
