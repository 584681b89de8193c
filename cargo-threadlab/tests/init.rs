//! `cargo threadlab init` on crates fresh from `cargo new`: the dependencies added so
//! cargo can resolve them, the example strategy written; anything not cargo new's, and a
//! second init, refused with one line and exit status 2, the crate left as it was.
//! (Building and running an inited crate takes minutes: scripts/user-crate.sh does it.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cargo-threadlab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `cargo new --vcs none mine` in a scratch folder; the crate's folder.
fn cargo_new(name: &str) -> PathBuf {
    let dir = scratch(name);
    let out = Command::new(env!("CARGO"))
        .args(["new", "--quiet", "--vcs", "none", "mine"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join("mine")
}

/// `cargo threadlab ARGS` as cargo runs it, in `dir`.
fn cargo_threadlab(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-threadlab"))
        .arg("threadlab")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit status 2 and one line on stderr containing `says`.
fn assert_refused(out: &Output, says: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(says), "{err}");
}

#[test]
fn init_turns_a_cargo_new_crate_into_one_cargo_can_resolve() {
    let krate = cargo_new("init");
    let out = cargo_threadlab(&krate, &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let main = std::fs::read_to_string(krate.join("src/main.rs")).unwrap();
    assert!(main.contains("scenarios::threadlab_main!(scenarios::shared_counter::SCENARIO"));
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().canonicalize().unwrap();
    for name in ["scenarios", "loom-tests", "harness"] {
        let path = checkout.join(name);
        assert!(manifest.contains(&format!("path = \"{}\"", path.display())), "{manifest}");
    }
    // cargo itself reads the result: every dependency found where init said, in both
    // cfgs' tables. Offline: the workspace's own build fetched every crate they need.
    let metadata = Command::new(env!("CARGO"))
        .args(["metadata", "--offline", "--format-version", "1"])
        .current_dir(&krate)
        .output()
        .unwrap();
    assert!(metadata.status.success(), "cargo metadata: {}", stderr(&metadata));
    let text = String::from_utf8_lossy(&metadata.stdout);
    for name in ["\"name\":\"scenarios\"", "\"name\":\"loom-tests\"", "\"name\":\"harness\""] {
        assert!(text.contains(name), "cargo metadata lacks {name}");
    }
    // A second init finds the crate set up, and changes nothing.
    let again = cargo_threadlab(&krate, &["init"]);
    assert_refused(&again, "already depends on `scenarios`");
    assert_eq!(std::fs::read_to_string(krate.join("Cargo.toml")).unwrap(), manifest);
    let _ = std::fs::remove_dir_all(krate.parent().unwrap());
}

#[test]
fn init_never_overwrites_a_main_rs_of_the_user_s() {
    let krate = cargo_new("mine");
    let main = "fn main() {\n    println!(\"my own\");\n}\n";
    std::fs::write(krate.join("src/main.rs"), main).unwrap();
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert_refused(&cargo_threadlab(&krate, &["init"]), "init never overwrites code");
    assert_eq!(std::fs::read_to_string(krate.join("src/main.rs")).unwrap(), main);
    assert_eq!(std::fs::read_to_string(krate.join("Cargo.toml")).unwrap(), manifest);
    let _ = std::fs::remove_dir_all(krate.parent().unwrap());
}

#[test]
fn bad_input_is_one_line_and_exit_status_2_before_any_build() {
    let krate = cargo_new("bad");
    assert_refused(&cargo_threadlab(&krate, &["--quick"]), "does not depend on threadlab");
    assert_refused(&cargo_threadlab(&krate, &["--seconds", "0"]), "positive number");
    assert_refused(&cargo_threadlab(&krate, &["--quick", "report"]), "for the whole job");
    let gone = krate.join("gone.toml");
    let args = ["--manifest-path", gone.to_str().unwrap(), "init"];
    assert_refused(&cargo_threadlab(&krate, &args), "no such file");
    let nowhere = krate.parent().unwrap().join("nowhere");
    let args = ["init", "--threadlab", nowhere.to_str().unwrap()];
    assert_refused(&cargo_threadlab(&krate, &args), "no threadlab checkout");
    let _ = std::fs::remove_dir_all(krate.parent().unwrap());
}
