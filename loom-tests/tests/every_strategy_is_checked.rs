//! Every strategy in the catalogue has a loom test, so no strategy reaches the report
//! without a verdict. Runs in the ordinary (non-loom) test build: it reads the loom test
//! sources for their `verify("scenario", "strategy")` calls.

use std::collections::BTreeSet;

fn verified_pairs() -> BTreeSet<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut pairs = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("the loom test directory exists") {
        let path = entry.unwrap().path();
        if path.file_name() == Some(std::ffi::OsStr::new(file!().rsplit('/').next().unwrap())) {
            continue; // this file only talks about verify calls
        }
        let source = std::fs::read_to_string(path).unwrap();
        for call in source.split("verify(\"").skip(1) {
            let mut names = call.split('"');
            let scenario = names.next().unwrap_or_default();
            let strategy = names.nth(1).unwrap_or_default();
            pairs.insert((scenario.to_owned(), strategy.to_owned()));
        }
    }
    pairs
}

#[test]
fn every_catalogue_strategy_has_a_loom_test() {
    let verified = verified_pairs();
    let missing: Vec<String> = scenarios::catalogue()
        .iter()
        .flat_map(|s| s.strategies.iter().map(move |st| (s.name, st.name)))
        .filter(|(s, st)| !verified.contains(&(s.to_string(), st.to_string())))
        .map(|(s, st)| format!("{s}/{st}"))
        .collect();
    assert!(missing.is_empty(), "strategies without a loom test: {missing:?}");
}

#[test]
fn every_loom_test_names_a_catalogue_strategy() {
    for (scenario, strategy) in verified_pairs() {
        let found = scenarios::scenario(&scenario).and_then(|s| s.strategy(&strategy));
        assert!(found.is_ok(), "loom test for unknown {scenario}/{strategy}");
    }
}
