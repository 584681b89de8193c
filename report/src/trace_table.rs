//! A loom counter-example as text: one column per thread, one row per step, time going
//! down. `threadlab explain` prints it and the report shows it under each counter-example.

use std::fmt::Write as _;

use threadlab_results::loom::TraceStep;

/// The widest a thread's column gets; a longer cell wraps onto the lines below its step.
const MAX_CELL: usize = 52;

/// One column per thread (in order of first appearance), one row per step.
pub fn table(trace: &[TraceStep]) -> String {
    let mut threads: Vec<&str> = Vec::new();
    for step in trace {
        if !threads.contains(&step.thread.as_str()) {
            threads.push(&step.thread);
        }
    }
    let cells: Vec<String> = trace.iter().map(cell).collect();
    let width = |column: &str| {
        trace
            .iter()
            .zip(&cells)
            .filter(|(step, _)| step.thread == column)
            .map(|(_, cell)| cell.chars().count())
            .chain([column.chars().count()])
            .max()
            .unwrap_or(0)
            .min(MAX_CELL)
    };
    let widths: Vec<usize> = threads.iter().map(|t| width(t)).collect();
    let mut out = String::new();
    let _ = write!(out, "{:>3} ", "#");
    for (thread, w) in threads.iter().zip(&widths) {
        let _ = write!(out, "| {:<w$} ", thread);
    }
    let _ = writeln!(out, "| source");
    for (step, text) in trace.iter().zip(&cells) {
        let column = threads.iter().position(|t| *t == step.thread);
        let width = column.map_or(MAX_CELL, |c| widths[c]);
        for (i, piece) in wrap(text, width).iter().enumerate() {
            let number = if i == 0 { step.step.to_string() } else { String::new() };
            let _ = write!(out, "{number:>3} ");
            for (c, w) in widths.iter().enumerate() {
                let shown = if Some(c) == column { piece.as_str() } else { "" };
                let _ = write!(out, "| {shown:<w$} ");
            }
            let at = if i == 0 { short_location(&step.location) } else { "" };
            let _ = writeln!(out, "| {at}");
        }
    }
    // Lines of a wrapped cell end in "| " with nothing after: trim the trailing blank.
    out.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}

/// `text` in lines of at most `width` characters, broken at spaces where it can be and
/// inside a word only where one is longer than the line: nothing is cut off.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let line = lines.last_mut().expect("never empty");
            let used = line.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(String::new());
                continue;
            }
            let rest = word.split_off(width);
            line.extend(word.iter());
            lines.push(String::new());
            word = rest;
        }
    }
    lines
}

/// One step as a cell: `load total -> 0`, `store total <- 1`, `fetch_add n 0 -> 1`,
/// `lock queue`, with the ordering of an atomic where it is not SeqCst.
pub fn cell(step: &TraceStep) -> String {
    let mut text = match (step.op.as_str(), &step.value) {
        ("load", Some(v)) => format!("load {} -> {v}", step.object),
        ("store", Some(v)) => format!("store {} <- {v}", step.object),
        (op, Some(v)) => format!("{op} {} {v}", step.object),
        (op, None) if step.object.is_empty() => op.to_owned(),
        (op, None) => format!("{op} {}", step.object),
    };
    if let Some(order) = step.ordering.as_deref().filter(|o| *o != "SeqCst") {
        let _ = write!(text, " ({order})");
    }
    text
}

/// `unsync.rs:23` from `scenarios/src/shared_counter/unsync.rs:23`.
pub fn short_location(location: &str) -> &str {
    location.rsplit('/').next().unwrap_or(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(step: usize, thread: &str, op: &str, value: Option<&str>) -> TraceStep {
        TraceStep {
            step,
            thread: thread.into(),
            op: op.into(),
            object: "total".into(),
            value: value.map(Into::into),
            ordering: Some("Relaxed".into()),
            location: "scenarios/src/shared_counter/unsync.rs:23".into(),
        }
    }

    #[test]
    fn each_thread_gets_its_own_column_and_each_step_its_row() {
        let trace = [
            step(1, "worker 0", "load", Some("0")),
            step(2, "worker 1", "load", Some("0")),
            step(3, "worker 0", "store", Some("1")),
        ];
        let text = table(&trace);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].contains("worker 0") && lines[0].contains("worker 1"), "{text}");
        // worker 1's load sits in the second column: after worker 0's empty cell.
        let second = lines[2];
        assert!(second.find("load total -> 0").unwrap() > second.find('|').unwrap() + 5);
        assert!(lines[3].contains("store total <- 1 (Relaxed)"), "{text}");
        assert!(lines[3].ends_with("unsync.rs:23"), "{text}");
    }

    #[test]
    fn a_long_cell_wraps_onto_the_next_line_and_nothing_is_cut() {
        let long = "false (stale: latest write true) and a good many more words after it";
        let trace = [step(1, "waiter 1", "load", Some(long))];
        let text = table(&trace);
        assert!(!text.contains('~'), "{text}");
        let joined: String = text
            .lines()
            .skip(1)
            .map(|l| l.split('|').nth(1).unwrap().trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, format!("load total -> {long} (Relaxed)"), "{text}");
        assert!(text.lines().nth(1).unwrap().ends_with("unsync.rs:23"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() < 80), "{text}");
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_not_dropped() {
        assert_eq!(wrap("abcdef gh", 4), vec!["abcd", "ef", "gh"]);
        assert_eq!(wrap("ab cd", 5), vec!["ab cd"]);
    }
}
