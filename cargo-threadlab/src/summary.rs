//! The job's last lines: each step and its time, the loom verdicts now in the results
//! folder (read through the results crate, as the report reads them), where the report is.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use threadlab_results::ResultSet;
use threadlab_results::loom::LoomVerdict;

/// Print the summary: `steps` (one line each), the total time, the verdicts, the report.
pub fn print(steps: &[String], total: Duration, workspace_root: &Path) {
    println!("\n== summary ({} in all)", crate::job::readable(total));
    for line in steps {
        println!("  {line}");
    }
    match threadlab_results::paths::results_root() {
        Ok(root) => {
            let loaded = ResultSet::local(root.clone()).loom();
            for warning in &loaded.warnings {
                println!("  warning: {warning}");
            }
            if loaded.items.is_empty() {
                println!("loom verdicts: none in {}", root.join("loom").display());
            } else {
                println!("loom verdicts ({}):", root.join("loom").display());
                for line in verdict_lines(&loaded.items) {
                    println!("  {line}");
                }
            }
        }
        Err(e) => println!("loom verdicts: {e}"),
    }
    let base = threadlab_results::paths::find_workspace(workspace_root)
        .unwrap_or_else(|| workspace_root.to_path_buf());
    let index = base.join("reports").join("index.html");
    if index.is_file() {
        println!("report: {}", index.display());
    }
}

/// One line per scenario: each strategy's verdict, its kind where something broke, and a
/// mark where the verdict is not the one its declaration calls for.
fn verdict_lines(verdicts: &[LoomVerdict]) -> Vec<String> {
    let mut by_scenario: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for v in verdicts {
        let verdict = serde_json::to_value(v.verdict)
            .ok()
            .and_then(|s| s.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("{:?}", v.verdict));
        let kind = v.violation_kind.map(|k| format!(" ({k})")).unwrap_or_default();
        let mark = if v.verdict.as_expected() { "" } else { " [NOT AS DECLARED]" };
        by_scenario
            .entry(&v.scenario)
            .or_default()
            .push(format!("{} {verdict}{kind}{mark}", v.strategy));
    }
    by_scenario.into_iter().map(|(s, list)| format!("{s}: {}", list.join(", "))).collect()
}
