//! `threadlab list`: the catalogue as text or JSON.

use scenarios::Expectation;

use crate::run::expectation_word;

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
                    "limit": s.params.limit,
                    "defaults": s.params.defaults,
                    "max": s.params.max,
                },
                "presets": s.presets.iter().map(|p| serde_json::json!({
                    "name": p.name, "params": p.params, "source": p.source,
                })).collect::<Vec<_>>(),
                "strategies": s.strategies.iter().map(|st| serde_json::json!({
                    "name": st.name,
                    "summary": st.summary,
                    "expectation": expectation_word(&st.expectation),
                    "bug": match st.expectation { Expectation::Broken { bug } => Some(bug), Expectation::Correct => None },
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
        for st in s.strategies {
            let mark = if st.expectation.is_broken() { "  [broken on purpose]" } else { "" };
            out.push_str(&format!("  - {:<14} {}{mark}\n", st.name, st.summary));
        }
        for p in s.presets {
            out.push_str(&format!("  preset {:<10} {}\n", p.name, p.source));
        }
    }
    out
}
