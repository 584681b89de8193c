//! The verdict table `threadlab-deep` prints at the end: a row per strategy, a column per
//! tier (loom's verdict beside them), and the judgement of the whole run.

use std::collections::BTreeMap;
use std::path::Path;

use scenarios::{Scenario, Strategy};
use threadlab_results::deep::{DeepStatus, DeepVerdict, Tier};
use threadlab_results::loom::LoomVerdict;

use super::record::TierRun;

fn cell(verdict: Option<&DeepVerdict>, tier_ran: bool) -> String {
    let Some(v) = verdict else {
        return if tier_ran { "-".to_owned() } else { "NOT RUN".to_owned() };
    };
    let count = match v.tier {
        Tier::Miri => format!("{}/{} seeds", v.failing_runs, v.runs),
        Tier::Tsan => format!("{}/{} runs", v.failing_runs, v.runs),
        Tier::Shuttle => format!("{} execs", v.runs),
    };
    match v.status {
        DeepStatus::Clean => format!("clean ({count})"),
        DeepStatus::Caught => format!("CAUGHT {} ({count})", short_finding(v)),
        DeepStatus::Missed => format!("silent ({count})"),
        DeepStatus::NotApplicable => "n/a".to_owned(),
        DeepStatus::UnexpectedFinding => format!("FINDING! {} ({count})", short_finding(v)),
        DeepStatus::Error => "ERROR".to_owned(),
    }
}

fn short_finding(v: &DeepVerdict) -> String {
    match v.finding.as_deref() {
        Some(f) if f.contains("data race") => "data race".to_owned(),
        Some(f) => f.split(',').next().unwrap_or(f).to_owned(),
        None => String::new(),
    }
}

/// The loom verdict left by the last loom run, marked `stale` when it judged other code than
/// this binary was built from (or `unknown` when it records no source hash).
fn loom_cell(root: &Path, scenario: &Scenario, strategy: &Strategy) -> String {
    let path = root.join(LoomVerdict::relative(scenario.name, strategy.name));
    let v: LoomVerdict = match threadlab_results::file::read_if_present(&path) {
        Ok(Some(v)) => v,
        Ok(None) => return "not run".to_owned(),
        Err(e) => {
            eprintln!("threadlab-deep: warning: {e}");
            return "unreadable".to_owned();
        }
    };
    let word = serde_json::to_string(&v.verdict)
        .map_or_else(|_| "?".to_owned(), |s| s.trim_matches('"').to_owned());
    let recorded = v.provenance.as_ref().and_then(|p| p.source_hash.as_deref());
    match (recorded, scenario.built_source_hash(strategy)) {
        (Some(then), Some(now)) if then == now => word,
        (Some(_), Some(_)) => format!("stale: {word}"),
        _ => format!("unknown: {word}"),
    }
}

/// Print the matrix and the judgement; true when every Broken strategy was caught by at
/// least one tier, every Correct one is clean wherever it ran, and every tier ran.
pub fn print_table(
    root: &Path,
    subjects: &[(&'static Scenario, &'static Strategy)],
    runs: &[TierRun],
) -> bool {
    let mut by_pair: BTreeMap<(String, String, Tier), &DeepVerdict> = BTreeMap::new();
    for run in runs {
        for v in &run.verdicts {
            by_pair.insert((v.scenario.clone(), v.strategy.clone(), v.tier), v);
        }
    }
    let mut header = vec!["strategy".to_owned(), "expect".to_owned(), "loom".to_owned()];
    header.extend(runs.iter().map(|r| r.tier.name().to_owned()));
    let mut rows = vec![header];
    let mut problems = Vec::new();
    for &(scenario, strategy) in subjects {
        let name = format!("{}/{}", scenario.name, strategy.name);
        let mut row = vec![
            name.clone(),
            strategy.expectation.word().to_owned(),
            loom_cell(root, scenario, strategy),
        ];
        let mut caught = false;
        for run in runs {
            let verdict = by_pair
                .get(&(scenario.name.to_owned(), strategy.name.to_owned(), run.tier))
                .copied();
            row.push(cell(verdict, run.not_run.is_none()));
            if let Some(v) = verdict {
                caught |= v.status == DeepStatus::Caught;
                if !v.status.acceptable() {
                    problems.push(format!(
                        "{name}: {} says {:?}: {}",
                        run.tier.name(),
                        v.status,
                        v.detail.as_deref().unwrap_or("")
                    ));
                }
            }
        }
        if strategy.expectation.is_broken() && !caught {
            problems.push(format!("{name}: broken on purpose, but no tier that ran caught it"));
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    println!();
    for (i, row) in rows.iter().enumerate() {
        let line: Vec<String> =
            row.iter().zip(&widths).map(|(text, w)| format!("{text:<w$}")).collect();
        println!("{}", line.join("  ").trim_end());
        if i == 0 {
            println!("{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        }
    }
    println!();
    for run in runs {
        match &run.not_run {
            None => println!(
                "{:<8} {:>7.1} s  verdicts in {}",
                run.tier.name(),
                run.seconds,
                root.join(run.tier.name()).display()
            ),
            Some(why) => {
                println!(
                    "{:<8} DID NOT RUN: {}",
                    run.tier.name(),
                    why.lines().next().unwrap_or("")
                );
                problems.push(format!("the {} tier did not run", run.tier.name()));
            }
        }
    }
    println!(
        "note: TSan \"silent\" on a broken strategy is by design when the bug is made of atomics \
         (not a data race); shuttle cannot see plain-memory data races. Silence is not proof."
    );
    if problems.is_empty() {
        println!(
            "deep verify: every broken strategy caught by at least one tier, every correct one clean"
        );
        true
    } else {
        println!("deep verify FAILED:");
        for p in &problems {
            println!("  - {p}");
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(tier: Tier, status: DeepStatus, finding: Option<&str>) -> DeepVerdict {
        DeepVerdict {
            tier,
            scenario: "s".into(),
            strategy: "t".into(),
            expectation: "correct".into(),
            status,
            threads: 2,
            ops: 2,
            limit: 0,
            runs: 16,
            failing_runs: 3,
            finding: finding.map(str::to_owned),
            kinds: Vec::new(),
            detail: None,
            note: None,
            flags: String::new(),
            command: String::new(),
            schedule_file: None,
            seconds: 1.0,
            tool_version: String::new(),
            recorded_at: 0,
            provenance: None,
        }
    }

    #[test]
    fn a_cell_shows_the_status_the_counts_and_the_short_finding() {
        let caught = verdict(
            Tier::Miri,
            DeepStatus::Caught,
            Some("undefined behaviour: data race, invariant violated"),
        );
        assert_eq!(cell(Some(&caught), true), "CAUGHT data race (3/16 seeds)");
        let clean = verdict(Tier::Shuttle, DeepStatus::Clean, None);
        assert_eq!(cell(Some(&clean), true), "clean (16 execs)");
        let odd = verdict(Tier::Tsan, DeepStatus::UnexpectedFinding, Some("deadlock, panic"));
        assert_eq!(cell(Some(&odd), true), "FINDING! deadlock (3/16 runs)");
        assert_eq!(cell(None, true), "-");
        assert_eq!(cell(None, false), "NOT RUN");
    }

    #[test]
    fn the_loom_column_marks_a_verdict_of_other_code_stale() {
        use threadlab_results::Provenance;
        use threadlab_results::loom::Verdict;
        let scenario = scenarios::scenario("shared_counter").unwrap();
        let strategy = scenario.strategy("atomic").unwrap();
        let root = std::env::temp_dir().join(format!("threadlab-loomcell-{}", std::process::id()));
        let write = |hash: Option<String>| {
            let provenance = Provenance::record(None, "loom", "0.7.3", hash, Default::default());
            let verdict = LoomVerdict {
                scenario: scenario.name.into(),
                strategy: strategy.name.into(),
                expectation: "correct".into(),
                expected: None,
                verdict: Verdict::Proved,
                model: "real".into(),
                model_kind: None,
                threads: 2,
                ops: 2,
                limit: 0,
                preemption_bound: Some(2),
                executions: 810,
                seconds: 0.1,
                violation: None,
                violation_kind: None,
                blocked: Vec::new(),
                loom_version: "0.7.3".into(),
                ignored_env: Vec::new(),
                provenance: Some(provenance),
                counter_example: None,
            };
            threadlab_results::ResultFile::write_under(&verdict, &root).unwrap();
        };
        write(scenario.built_source_hash(strategy));
        assert_eq!(loom_cell(&root, scenario, strategy), "proved");
        write(Some("0".repeat(64)));
        assert_eq!(loom_cell(&root, scenario, strategy), "stale: proved");
        write(None);
        assert_eq!(loom_cell(&root, scenario, strategy), "unknown: proved");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
