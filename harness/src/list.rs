//! `threadlab list`: the catalogue as text or JSON.

use scenarios::catalogue::EventPart;
use scenarios::{Expectation, Scenario};

/// The catalogue as data, for `threadlab list --json`.
pub fn catalogue_json() -> serde_json::Value {
    let scenarios: Vec<_> = scenarios::catalogue()
        .iter()
        .map(|s| {
            serde_json::json!({
                "name": s.name,
                "title": s.title,
                "seeds": s.seeds,
                "invariant": s.invariant,
                "params": {
                    "threads": s.params.threads,
                    "ops": s.params.ops,
                    "limit": s.params.limit.map(|l| l.to_string()),
                    "limit_name": s.params.limit.map(|l| l.name),
                    "limit_unit": s.params.limit.map(|l| l.unit),
                    "defaults": s.params.defaults,
                    "max": s.params.max,
                },
                "loom": {
                    "params": s.loom.params,
                    "preemption_bound": s.loom.preemption_bound,
                    "why": s.loom.why,
                    "depth": s.loom.depth.map(|d| d.sizes),
                },
                "outcome_words": s.outcome_words().map(|w| serde_json::json!({
                    "counts": w.counts.iter().map(|c| serde_json::json!({
                        "key": c.key, "words": c.words, "means": c.means,
                    })).collect::<Vec<_>>(),
                    "order": w.order,
                })),
                "presets": s.presets.iter().map(|p| serde_json::json!({
                    "name": p.name, "params": p.params, "source": p.source,
                })).collect::<Vec<_>>(),
                "strategies": s.strategies.iter().map(|st| serde_json::json!({
                    "name": st.name,
                    "summary": st.summary,
                    "expectation": st.expectation.word(),
                    "bug": match st.expectation { Expectation::Broken { bug, .. } => Some(bug), Expectation::Correct => None },
                    "violation_kind": st.expectation.violation_kind(),
                    "bounding_probe": st.bound.map(|b| b.probe.name()),
                    "sources": st.sources,
                    "offers": s.offers(st).map(|o| o.parts().map(EventPart::slug).collect::<Vec<_>>()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "scenarios": scenarios })
}

/// The catalogue as a short listing, for `threadlab list`.
pub fn catalogue_text() -> String {
    let mut out = String::new();
    for s in scenarios::catalogue() {
        out.push_str(&format!("{}: {}\n  invariant: {}\n", s.name, s.title, s.invariant));
        if let Some(limit) = s.params.limit {
            out.push_str(&format!("  --limit: {limit}\n"));
        }
        for st in s.strategies {
            let mark = match st.expectation.violation_kind() {
                Some(kind) => format!("  [broken on purpose: {kind}]"),
                None => String::new(),
            };
            out.push_str(&format!("  - {:<16} {}{mark}\n", st.name, st.summary));
        }
        out.push_str(&offers_text(s));
        out.push_str(&outcome_words_text(s));
        out.push_str(&format!("  loom: {}\n", loom_config_text(s)));
        for p in s.presets {
            out.push_str(&format!("  preset {:<10} {}\n", p.name, p.source));
        }
    }
    out
}

/// The scenario's loom configuration in one line: its size, its bound, and why.
pub fn loom_config_text(scenario: &Scenario) -> String {
    let p = &scenario.loom.params;
    let limit =
        scenario.params.limit.map(|l| format!(", {} {}", l.name, p.limit)).unwrap_or_default();
    let bound = match scenario.loom.preemption_bound {
        None => "unbounded".to_owned(),
        Some(n) => format!("at most {n} preemptions"),
    };
    format!("threads {}, ops {}{limit}, {bound}: {}", p.threads, p.ops, scenario.loom.why)
}

/// Which parts of its API each strategy offers, as a small table (empty for a scenario
/// whose strategies do not differ in that).
pub fn offers_text(scenario: &Scenario) -> String {
    if !scenario.has_offers() {
        return String::new();
    }
    let row = |name: &str, cells: Vec<&str>| {
        let cells: String = cells.iter().map(|c| format!(" {c:<12}")).collect();
        format!("    {name:<16}{cells}").trim_end().to_owned() + "\n"
    };
    let mut out = String::from("  parts of Python's Event each strategy offers:\n");
    out.push_str(&row("", EventPart::ALL.iter().map(|p| p.slug()).collect()));
    for st in scenario.strategies {
        let offers = scenario.offers(st).unwrap_or_default();
        let cells = EventPart::ALL.iter().map(|p| if offers.has(*p) { "yes" } else { "-" });
        out.push_str(&row(st.name, cells.collect()));
    }
    out
}

/// What a run's outcome line says, word by word: the words, the key the result files
/// store, and what it counts.
pub fn outcome_words_text(scenario: &Scenario) -> String {
    let Some(words) = scenario.outcome_words() else {
        return String::new();
    };
    let mut out = String::from("  a run's outcome, in words (the key result files store):\n");
    for w in words.counts {
        out.push_str(&format!("    {} ({}): {}\n", w.words, w.key, w.means));
    }
    if let Some(order) = words.order {
        out.push_str(&format!("    {order} (order): in the order the run saw them\n"));
    }
    out
}

/// What `--limit` means in each scenario that has one, for the command-line help.
pub fn limit_help() -> String {
    let mut help = String::from("The scenario's third knob; what it means (and its unit):");
    for s in scenarios::catalogue() {
        if let Some(limit) = s.params.limit {
            help.push_str(&format!("\n  {}: {limit}", s.name));
        }
    }
    help.push_str("\nOther scenarios have none.");
    help
}

/// The loom verdict files under the results root `root`, one line each, in catalogue order.
pub fn loom_verdicts_text(root: &std::path::Path) -> String {
    let loaded = threadlab_results::ResultSet::local(root.to_path_buf()).loom();
    let mut out = String::new();
    for scenario in scenarios::catalogue() {
        for strategy in scenario.strategies {
            let line = match loaded
                .items
                .iter()
                .find(|v| v.scenario == scenario.name && v.strategy == strategy.name)
            {
                None => "not run".to_owned(),
                Some(v) => format!(
                    "{:?} ({} executions, bound {}, {:.2} s){}",
                    v.verdict,
                    v.executions,
                    v.preemption_bound.map_or("none".to_owned(), |b| b.to_string()),
                    v.seconds,
                    v.violation.as_deref().map(|m| format!(": {m}")).unwrap_or_default()
                ),
            };
            out.push_str(&format!("{:<16} {:<16} {line}\n", scenario.name, strategy.name));
        }
    }
    for warning in loaded.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_gives_each_scenario_its_loom_size_bound_and_reason() {
        let text = catalogue_text();
        let json = catalogue_json();
        for (i, s) in scenarios::catalogue().iter().enumerate() {
            let line = loom_config_text(s);
            assert!(text.contains(&format!("  loom: {line}\n")), "{}", s.name);
            assert!(line.ends_with(s.loom.why), "{line}");
            let bound = s.loom.preemption_bound.map(|n| format!("at most {n} preemptions"));
            assert!(line.contains(bound.as_deref().unwrap_or("unbounded")), "{line}");
            assert_eq!(json["scenarios"][i]["loom"]["why"], s.loom.why);
        }
    }
}
