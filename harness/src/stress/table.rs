//! The jcstress-style console table of one strategy's stress result.

use threadlab_results::stress::{Grade, OutcomeCount, StrategyResult, StrategyVerdict};

use threadlab_report::percent::frequency;

/// A deadline as a person reads it: `1 ms`, `250 ms`, `2.0 s` (never `0.0 s`).
pub fn duration_text(d: std::time::Duration) -> String {
    if d < std::time::Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The jcstress-style console table for one strategy.
pub fn render_strategy(scenario: &str, result: &StrategyResult) -> String {
    let s = &result.settings;
    let mut out = format!("{scenario}/{}  ({})\n", result.strategy, result.expectation);
    let budget = match (s.seconds, s.samples) {
        (Some(sec), _) => format!("{sec} s budget"),
        (_, Some(n)) => format!("{} samples budget", thousands(n)),
        _ => String::new(),
    };
    out.push_str(&format!(
        "  {} threads x {} ops{}{}{}, {} samples in {:.1} s ({budget}), {} trials by {}, \
         batches up to {}, {} worker process(es), deadline {}\n",
        s.params.threads,
        s.params.ops,
        if s.params.limit > 0 { format!(", limit {}", s.params.limit) } else { String::new() },
        if s.clamped { format!(" (clamped from {})", s.requested_threads) } else { String::new() },
        if s.oversubscribed {
            format!(", OVERSUBSCRIBED on {} cores", s.cores)
        } else {
            String::new()
        },
        thousands(result.samples),
        result.seconds,
        thousands(result.batches),
        s.sampling,
        result.largest_batch,
        result.workers_started,
        duration_text(std::time::Duration::from_millis(s.deadline_ms)),
    ));
    if let Some([one, five, _]) = result.load_average_end {
        out.push_str(&format!("  machine load at the end: {one:.2} (1 min), {five:.2} (5 min)\n"));
    }
    out.push_str(&format!(
        "  noise over the run: {}\n",
        threadlab_results::noise::Noise::describe(result.noise.as_ref())
    ));
    let header = ["RESULT", "SAMPLES", "FREQ", "EXPECT", "DESCRIPTION"];
    let rows: Vec<[String; 5]> = result
        .outcomes
        .iter()
        .map(|o| {
            [
                o.result.clone(),
                thousands(o.samples),
                frequency(o.samples, result.samples),
                o.grade.label().to_owned(),
                o.description.clone(),
            ]
        })
        .collect();
    let width =
        |i: usize| rows.iter().map(|r| r[i].len()).chain([header[i].len()]).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    let line = |cells: [&str; 5]| {
        format!(
            "  {:<w0$}  {:>w1$}  {:>w2$}  {:<w3$}  {}\n",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        )
    };
    out.push_str(&line(header));
    for r in &rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
    out.push_str(&key_words(scenario, &result.outcomes));
    let forbidden = frequency(result.forbidden, result.samples);
    out.push_str(&match result.verdict {
        StrategyVerdict::Clean => "  => OK: no forbidden outcome\n".to_owned(),
        StrategyVerdict::Failed => format!(
            "  => FAILED: a correct strategy produced {} forbidden sample(s) ({forbidden})\n",
            thousands(result.forbidden)
        ),
        StrategyVerdict::BugObserved => format!(
            "  => bug observed, as expected of a broken strategy: {} forbidden sample(s) ({forbidden})\n",
            thousands(result.forbidden)
        ),
        StrategyVerdict::BugNotObserved => format!(
            "  => INCONCLUSIVE: the broken strategy's bug did not show in {} samples\n{}",
            thousands(result.samples),
            hardware_note(scenario, &result.strategy)
        ),
        StrategyVerdict::Inconclusive => {
            "  => INCONCLUSIVE: no sample completed within the budget; nothing recorded\n"
                .to_owned()
        }
        StrategyVerdict::UnexpectedFinding => format!(
            "  => FAILED: UNEXPECTED FINDING (a crashed worker, or a bug other than the one declared): {}\n",
            finding_kinds(result)
        ),
    });
    out
}

/// Where the strategy's bug needs a reordering this machine's CPU never makes, a line
/// saying so (empty otherwise).
fn hardware_note(scenario: &str, strategy: &str) -> String {
    let arch = std::env::consts::ARCH;
    let needs = scenarios::scenario(scenario)
        .and_then(|s| s.strategy(strategy))
        .ok()
        .and_then(|s| s.needs_reordering);
    match needs {
        Some(r) if r.never_on_hardware(arch) => format!(
            "     it needs a {} reordering, which this CPU ({arch}, total store order) never \
             makes: only a compiler reordering could show it here; loom and Miri show it\n",
            r.words()
        ),
        _ => String::new(),
    }
}

/// The RESULT column's keys in words (as `threadlab list` gives them), one line; empty
/// where the scenario has no words or the rows no keys.
fn key_words(scenario: &str, outcomes: &[OutcomeCount]) -> String {
    let Some(words) = scenarios::scenario(scenario).ok().and_then(|s| s.outcome_words()) else {
        return String::new();
    };
    let mut keys: Vec<&str> =
        outcomes.iter().flat_map(|o| o.counts.keys()).map(String::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut said: Vec<String> = keys
        .iter()
        .filter_map(|k| words.of(k))
        .map(|w| format!("{} = {}", w.key, w.words))
        .collect();
    if let Some(order) = words.order.filter(|_| outcomes.iter().any(|o| o.order.is_some())) {
        said.push(format!("order = {order}"));
    }
    if said.is_empty() {
        return String::new();
    }
    format!("  RESULT in words: {}\n", said.join("; "))
}

/// The forbidden rows' kinds, e.g. `crashed x3, lost-update x40`.
fn finding_kinds(result: &StrategyResult) -> String {
    let rows = result.outcomes.iter().filter(|o| o.grade == Grade::Forbidden);
    let kinds: Vec<String> = rows
        .map(|o| {
            let kind = match o.violation {
                Some(kind) => kind.slug(),
                None => o.result.as_str(),
            };
            format!("{kind} x{}", thousands(o.samples))
        })
        .collect();
    kinds.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bug_this_cpu_cannot_reorder_for_says_so_and_others_say_nothing() {
        let note = hardware_note("event", "relaxed_publish");
        if matches!(std::env::consts::ARCH, "x86" | "x86_64") {
            assert!(note.contains("store-store reordering"), "{note}");
        } else {
            assert!(note.is_empty(), "{note}");
        }
        assert!(hardware_note("shared_counter", "unsync").is_empty());
        assert!(hardware_note("no_such", "scenario").is_empty());
    }

    #[test]
    fn the_result_keys_are_said_in_the_scenarios_words_and_unknown_scenarios_add_nothing() {
        let row = OutcomeCount {
            result: "total=9".into(),
            kind: threadlab_results::stress::OutcomeKind::Observed,
            counts: [("total".to_owned(), 9)].into(),
            order: None,
            grade: Grade::Forbidden,
            description: "lost 1 of 10 updates (total 9)".into(),
            samples: 1,
            violation: None,
        };
        let rows = vec![row];
        assert_eq!(key_words("shared_counter", &rows), "  RESULT in words: total = final total\n");
        assert_eq!(key_words("no_such_scenario", &rows), "");
        assert_eq!(key_words("shared_counter", &[]), "");
    }

    #[test]
    fn numbers_are_grouped_and_frequencies_never_round_to_zero() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(frequency(1, 1_000_000), "<0.01%");
        let ms = std::time::Duration::from_millis;
        assert_eq!(duration_text(ms(1)), "1 ms");
        assert_eq!(duration_text(ms(2000)), "2.0 s");
        assert_eq!(frequency(1, 8), "12.50%");
        assert_eq!(frequency(0, 0), "-");
    }
}
