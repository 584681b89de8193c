//! The catalogue's own facts agree with the workspace: listed files exist, every file is
//! claimed, named strategies exist.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("scenarios/ has a parent").to_owned()
}

#[test]
fn every_listed_source_file_exists() {
    let root = workspace_root();
    for scenario in crate::catalogue() {
        assert!(!scenario.shared_sources.is_empty(), "{}: no shared source", scenario.name);
        let strategy_files = scenario.strategies.iter().flat_map(|s| s.sources());
        for file in scenario.shared_sources.iter().copied().chain(strategy_files) {
            assert!(
                root.join(file).is_file(),
                "{}: listed file {file} does not exist",
                scenario.name
            );
        }
    }
}

#[test]
fn every_file_in_a_scenario_folder_is_claimed() {
    let root = workspace_root();
    for scenario in crate::catalogue() {
        let claimed: BTreeSet<&str> = scenario
            .shared_sources
            .iter()
            .copied()
            .chain(scenario.strategies.iter().flat_map(|s| s.sources()))
            .chain(scenario.timing.timeline.map(|t| t.source))
            .collect();
        let folder = format!("scenarios/src/{}", scenario.name);
        let mut found = 0;
        for entry in std::fs::read_dir(root.join(&folder)).expect("the scenario has a folder") {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".rs") {
                found += 1;
                let file = format!("{folder}/{name}");
                assert!(claimed.contains(file.as_str()), "{file} is claimed by no strategy");
            }
        }
        assert!(found > scenario.strategies.len().min(2), "{folder}: too few files read");
    }
}

#[test]
fn every_broken_strategy_names_a_kind_and_every_summary_names_real_strategies() {
    for scenario in crate::catalogue() {
        for strategy in scenario.strategies {
            assert_eq!(
                strategy.expectation.is_broken(),
                strategy.expectation.violation_kind().is_some(),
                "{}/{}",
                scenario.name,
                strategy.name
            );
        }
        if let Some(summary) = scenario.speedup_summary {
            assert!(scenario.strategy(summary.sequential).is_ok(), "{}", scenario.name);
            assert!(scenario.strategy(summary.threaded).is_ok(), "{}", scenario.name);
            assert!(scenario.strategy(summary.waiting).is_ok(), "{}", scenario.name);
        }
    }
}

#[test]
fn every_strategy_has_a_built_source_hash_and_the_tree_agrees() {
    let tree = threadlab_results::source_hash::scan(&workspace_root());
    for scenario in crate::catalogue() {
        for strategy in scenario.strategies {
            let built = scenario.built_source_hash(strategy);
            assert!(built.is_some(), "{}/{} has no source hash", scenario.name, strategy.name);
            assert_eq!(built, scenario.source_hash_in(strategy, &tree), "{}", strategy.name);
        }
    }
}

#[test]
fn every_timeline_lives_in_its_file_and_uses_a_correct_strategy() {
    let root = workspace_root();
    for scenario in crate::catalogue() {
        let Some(hook) = scenario.timing.timeline else { continue };
        assert!(root.join(hook.source).is_file(), "{}: {} is missing", scenario.name, hook.source);
        let strategy = scenario.strategy(hook.strategy).expect("the timeline's strategy exists");
        assert!(!strategy.expectation.is_broken(), "{}/{}", scenario.name, strategy.name);
        for preset in hook.presets {
            scenario.preset(preset).expect("the timeline's presets exist");
        }
    }
}

#[test]
fn every_python_twin_stands_beside_a_strategy_and_its_script_exists() {
    let root = workspace_root();
    for scenario in crate::catalogue() {
        let Some(twin) = scenario.python_twin else { continue };
        scenario.strategy(twin.beside).expect("the twin's strategy exists");
        assert!(root.join("scripts").join(twin.script).is_file(), "{}", twin.script);
    }
}

#[test]
fn each_loom_bound_states_its_reason_and_no_measured_count() {
    for scenario in crate::catalogue() {
        let why = scenario.loom.why;
        assert!(why.len() > 40, "{}: the loom configuration needs its reason", scenario.name);
        match scenario.loom.preemption_bound {
            Some(n) => assert!(
                why.contains(&format!("at {n} preemptions")),
                "{}: the reason must name the bound it explains ({n}): {why}",
                scenario.name
            ),
            None => assert!(!why.contains("Bounded"), "{}: no bound, yet {why}", scenario.name),
        }
        // Execution counts are measured by the verdict files, not frozen here.
        let words: Vec<&str> = why.split_whitespace().collect();
        for pair in words.windows(2) {
            let counted = pair[0].trim_end_matches(['k', 'M']).replace(',', "");
            assert!(
                !(pair[1].starts_with("execution") && counted.parse::<f64>().is_ok()),
                "{}: a frozen execution count in its loom reason: {why}",
                scenario.name
            );
        }
    }
}
