//! `threadlab seeds` end to end: with no python3 on the PATH the Python columns read "not
//! run" and the command still succeeds; with one, every seed program shows the same
//! outcome as its threadlab run; `--json` gives the rows the file holds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use threadlab_results::ResultFile;
use threadlab_results::seeds::SeedsFile;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("threadlab-seeds-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seeds(results: &Path, path: Option<&Path>, args: &[&str]) -> Output {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_threadlab"));
    command.current_dir(workspace).env("THREADLAB_RESULTS", results).arg("seeds").args(args);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().unwrap()
}

fn rows_of(output: &Output) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    json["rows"].as_array().expect("rows").clone()
}

#[test]
fn without_python3_on_the_path_the_python_columns_read_not_run_and_the_command_succeeds() {
    let results = scratch("nopy");
    let empty_path = scratch("empty-path");
    let output = seeds(&results, Some(&empty_path), &["--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let rows = rows_of(&output);
    assert_eq!(rows.len(), 19);
    for row in &rows {
        assert_eq!(row["rust"]["status"], "ran", "{row}");
        assert_eq!(row["python"]["status"], "not-run", "{row}");
        assert!(row["python"]["reason"].as_str().unwrap().contains("not on the PATH"));
        assert_eq!(row["verdict"]["status"], "not-compared", "{row}");
        assert_eq!(row["times"]["status"], "not-compared", "{row}");
    }
    let file = SeedsFile::read_under(&results).unwrap().expect("the file is written");
    assert_eq!(file.python_version, None);
    assert_eq!(serde_json::to_value(&file.rows).unwrap(), serde_json::Value::from(rows));

    let text = seeds(&results, Some(&empty_path), &[]);
    let table = String::from_utf8_lossy(&text.stdout);
    assert!(text.status.success());
    assert!(table.contains("Python saw:      not run: python3 is not on the PATH"), "{table}");

    // The report's "Seeds side by side" page renders the same file.
    let out = results.join("report");
    let report = Command::new(env!("CARGO_BIN_EXE_threadlab"))
        .args(["report", "--out", out.to_str().unwrap(), "--results", results.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let html = std::fs::read_to_string(out.join("seeds.html")).unwrap();
    let section = &html[html.find("Seeds side by side").expect("the section")..];
    for row in &file.rows {
        assert!(section.contains(&format!("{}-{}", row.seed, row.example)), "{}", row.example);
    }
    assert!(section.contains("not run: python3 is not on the PATH"));
    for dir in [results, empty_path] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn with_python3_every_seed_program_shows_the_same_outcome_as_its_threadlab_run() {
    let has_python =
        Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !has_python {
        eprintln!("python3 absent: not run");
        return;
    }
    let results = scratch("py");
    let output = seeds(&results, None, &["--json", "--time-scale", "0.05"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for row in rows_of(&output) {
        assert_eq!(row["verdict"]["status"], "same", "{row}");
        let compared = row["times"]["status"] == "compared";
        assert_eq!(compared, row["times"]["python_over_rust"].is_number(), "{row}");
        if compared {
            // Three runs of each side: the median ratio lies within its spread.
            let t = &row["times"];
            assert_eq!(t["runs"], 3, "{row}");
            let (low, high) = (t["spread"][0].as_f64().unwrap(), t["spread"][1].as_f64().unwrap());
            let ratio = t["python_over_rust"].as_f64().unwrap();
            assert!(low <= ratio && ratio <= high, "{row}");
        }
    }
    std::fs::remove_dir_all(&results).unwrap();
}

#[test]
fn a_time_scale_that_is_not_positive_is_refused_with_exit_code_2() {
    let results = scratch("scale");
    let output = seeds(&results, None, &["--time-scale", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--time-scale"));
    std::fs::remove_dir_all(&results).unwrap();
}
