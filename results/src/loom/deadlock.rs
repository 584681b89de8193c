//! A loom deadlock in words: which threads were blocked and at which source line.
//!
//! loom reports a deadlock as the `Debug` text of its thread table
//! (`deadlock; threads = [(Id(0), Blocked(Location(Some(Location { file: "a.rs", line: 3,
//! column: 9 })))), (Id(1), Terminated)]`). [`parse`] reads that text into
//! [`BlockedThread`]s, [`describe`] says them in words, and [`in_words`] rewrites any
//! message that carries loom's text, so that no file or page shows it raw.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What starts loom's deadlock report.
const LOOM_DEADLOCK: &str = "deadlock; threads = [";

/// One thread loom found blocked when it declared a deadlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedThread {
    /// loom's number for the thread: 0 is the model's main thread, the others count up in
    /// the order they were spawned.
    pub thread: usize,
    /// The source file it is blocked in (`None`: loom tracked no source lines in that run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl BlockedThread {
    /// `thread 0 (main) blocked at a.rs:3`, or `thread 2 blocked (no source line tracked)`.
    pub fn describe(&self) -> String {
        let who = match self.thread {
            0 => "thread 0 (main)".to_owned(),
            n => format!("thread {n}"),
        };
        match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{who} blocked at {file}:{line}"),
            (Some(file), None) => format!("{who} blocked in {file}"),
            _ => format!("{who} blocked (no source line tracked)"),
        }
    }
}

/// The blocked threads of loom's deadlock report in `message`; `None` when `message` holds
/// no such report or it cannot be read.
pub fn parse(message: &str) -> Option<Vec<BlockedThread>> {
    let (_, list) = report_span(message)?;
    let mut blocked = Vec::new();
    // Each entry: `(Id(N), State)`; only `Blocked(...)` states are kept.
    for entry in list.split("(Id(").skip(1) {
        let (number, state) = entry.split_once(')')?;
        let thread = number.trim().parse().ok()?;
        if !state.trim_start_matches([',', ' ']).starts_with("Blocked(") {
            continue;
        }
        let file = between(state, "file: \"", "\"").map(str::to_owned);
        let line = between(state, "line: ", ",").and_then(|n| n.trim().parse().ok());
        blocked.push(BlockedThread { thread, file, line });
    }
    Some(blocked)
}

/// `deadlock: thread 0 (main) blocked at a.rs:3; thread 1 blocked at b.rs:7`.
pub fn describe(blocked: &[BlockedThread]) -> String {
    if blocked.is_empty() {
        return "deadlock: no thread can run".to_owned();
    }
    let threads: Vec<String> = blocked.iter().map(BlockedThread::describe).collect();
    format!("deadlock: {}", threads.join("; "))
}

/// `message` with loom's deadlock report, wherever it appears, replaced by its words
/// (a report that cannot be read becomes `deadlock (loom's thread list unreadable)`).
pub fn in_words(message: &str) -> String {
    let Some((start, list)) = report_span(message) else { return message.to_owned() };
    let end = start + LOOM_DEADLOCK.len() + list.len() + 1;
    let words = match parse(message) {
        Some(blocked) => describe(&blocked),
        None => "deadlock (loom's thread list unreadable)".to_owned(),
    };
    format!("{}{words}{}", &message[..start], in_words(message.get(end..).unwrap_or("")))
}

/// Where loom's report starts in `message`, and its thread list (inside the outer
/// brackets, to the matching `]`, or to the end of a cut-off message).
fn report_span(message: &str) -> Option<(usize, &str)> {
    let start = message.find(LOOM_DEADLOCK)?;
    let list = &message[start + LOOM_DEADLOCK.len()..];
    let mut depth = 0usize;
    for (i, c) in list.char_indices() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' if depth == 0 => return Some((start, &list[..i])),
            ']' | ')' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Some((start, list))
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let from = text.find(open)? + open.len();
    let len = text[from..].find(close)?;
    Some(&text[from..from + len])
}

/// serde: an optional message, read and written in words.
pub(crate) fn read_optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(|m| in_words(&m)))
}

pub(crate) fn write_optional<S: Serializer>(
    message: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    message.as_deref().map(in_words).serialize(s)
}

/// serde: a message, read and written in words.
pub(crate) fn read<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(in_words(&String::deserialize(d)?))
}

pub(crate) fn write<S: Serializer>(message: &str, s: S) -> Result<S::Ok, S::Error> {
    in_words(message).serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// loom 0.7's text for a deadlock of the main thread and two workers, one finished.
    const LOOM: &str = "deadlock; threads = [(Id(0), Blocked(Location(Some(Location { file: \
        \"scenarios/src/event/driver.rs\", line: 138, column: 52 })))), (Id(1), Terminated), \
        (Id(2), Blocked(Location(Some(Location { file: \"scenarios/src/event/lost_wakeup.rs\", \
        line: 63, column: 22 }))))]";

    #[test]
    fn a_deadlock_reads_as_its_blocked_threads() {
        let blocked = parse(LOOM).unwrap();
        assert_eq!(
            blocked,
            vec![
                BlockedThread {
                    thread: 0,
                    file: Some("scenarios/src/event/driver.rs".into()),
                    line: Some(138)
                },
                BlockedThread {
                    thread: 2,
                    file: Some("scenarios/src/event/lost_wakeup.rs".into()),
                    line: Some(63)
                },
            ]
        );
        assert_eq!(
            describe(&blocked),
            "deadlock: thread 0 (main) blocked at scenarios/src/event/driver.rs:138; \
             thread 2 blocked at scenarios/src/event/lost_wakeup.rs:63"
        );
    }

    #[test]
    fn without_tracked_lines_the_threads_are_still_named() {
        let text = "deadlock; threads = [(Id(0), Blocked(Location(None))), (Id(1), \
                    Blocked(Location(None)))]";
        assert_eq!(
            in_words(text),
            "deadlock: thread 0 (main) blocked (no source line tracked); \
             thread 1 blocked (no source line tracked)"
        );
    }

    #[test]
    fn loom_text_inside_a_longer_message_is_rewritten_and_the_rest_kept() {
        let text = format!("aborted after loom reported: {LOOM}; then: boom");
        let words = in_words(&text);
        assert!(words.starts_with("aborted after loom reported: deadlock: thread 0 (main)"));
        assert!(words.ends_with("lost_wakeup.rs:63; then: boom"), "{words}");
        for raw in ["Location(", "Id(", "Blocked("] {
            assert!(!words.contains(raw), "{words}");
        }
        assert_eq!(in_words("lost 2 of 4 updates"), "lost 2 of 4 updates");
        assert_eq!(parse("lost 2 of 4 updates"), None);
    }

    #[test]
    fn a_cut_off_or_garbled_report_never_shows_loom_text() {
        let cut = &LOOM[..60];
        assert!(!in_words(cut).contains("Id("), "{}", in_words(cut));
        let garbled = "deadlock; threads = [(Id(x), Blocked(Location(None)))]";
        assert_eq!(in_words(garbled), "deadlock (loom's thread list unreadable)");
    }
}
