//! Short names for what a trace talks about, found without any strategy naming anything:
//! an object is called by the name it is declared under (`total` in
//! `Self { total: AtomicU64::new(0) }`, `flag` in `let flag = Arc::new(AtomicBool::new(..))`),
//! read from the source line its `#[track_caller]` constructor was called on; a thread by
//! the name its driver gave it (`worker 0`), else by its spawn site's binding and a count.

use std::collections::HashMap;
use std::panic::Location;
use std::sync::Mutex;

type Site = (&'static str, u32, u32);

static OBJECTS: Mutex<Option<HashMap<Site, String>>> = Mutex::new(None);
thread_local! {
    // Per OS thread, like the log (see `log.rs`).
    static SPAWNS: std::cell::RefCell<HashMap<String, usize>> = std::cell::RefCell::default();
    static INSTANCES: std::cell::RefCell<HashMap<Site, u32>> = std::cell::RefCell::default();
}

/// Which instance, counted from 0 in this execution, an object built at `at` is (0 when
/// recording is off): two events built by one line are `set` and `set#2`.
pub(crate) fn instance(at: &'static Location<'static>) -> u32 {
    if !super::recording() {
        return 0;
    }
    INSTANCES.with(|counts| {
        let mut counts = counts.borrow_mut();
        let count = counts.entry((at.file(), at.line(), at.column())).or_insert(0);
        *count += 1;
        *count - 1
    })
}

/// The short name of instance `instance` of the object of `kind` constructed at `at`.
pub(crate) fn object(kind: &str, at: &'static Location<'static>, instance: u32) -> String {
    let base = base_name(kind, at);
    if instance == 0 { base } else { format!("{base}#{}", instance + 1) }
}

fn base_name(kind: &str, at: &'static Location<'static>) -> String {
    let site = (at.file(), at.line(), at.column());
    let mut cache = OBJECTS.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    cache
        .entry(site)
        .or_insert_with(|| {
            source_line(at)
                .and_then(|line| declared_name(&line, at.column()))
                .unwrap_or_else(|| format!("{kind}@{}:{}", file_name(at.file()), at.line()))
        })
        .clone()
}

/// A name for a thread spawned at `at` without one: its binding there (or `thread`) and how
/// many were spawned there before it in this execution (`handle 0`, `handle 1`).
pub(super) fn spawned(at: &'static Location<'static>) -> String {
    let base = source_line(at)
        .and_then(|line| declared_name(&line, at.column()))
        .unwrap_or_else(|| "thread".to_owned());
    let count = SPAWNS.with(|counts| {
        let mut counts = counts.borrow_mut();
        let count = counts.entry(base.clone()).or_insert(0);
        *count += 1;
        *count - 1
    });
    format!("{base} {count}")
}

/// Forget the spawn counts (a new execution starts).
pub(super) fn reset_threads() {
    SPAWNS.with(|counts| counts.borrow_mut().clear());
    INSTANCES.with(|counts| counts.borrow_mut().clear());
}

/// The running modelled thread's name: the one it was given, else `main` for loom's first
/// thread, else `thread <id>`.
pub(super) fn current_thread() -> String {
    let me = loom::thread::current();
    match me.name() {
        Some(name) => name.to_owned(),
        None => {
            let id = format!("{:?}", me.id());
            if id == "ThreadId(0)" { "main".to_owned() } else { id }
        }
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The source line of `at`, read from the workspace (locations are relative to its root).
fn source_line(at: &'static Location<'static>) -> Option<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join(at.file())).ok()?;
    text.lines().nth(at.line().checked_sub(1)? as usize).map(str::to_owned)
}

/// The name a value built at `column` (1-based) of `line` is bound to: the field or
/// variable before the nearest `:` or `=` on its left, provided only a constructor path
/// (`Arc::new(`, `Some(`) lies between.
pub(super) fn declared_name(line: &str, column: u32) -> Option<String> {
    let prefix: String = line.chars().take(column.checked_sub(1)? as usize).collect();
    let bytes = prefix.as_bytes();
    let mut at = None;
    for i in (0..bytes.len()).rev() {
        let (before, c, after) =
            (i.checked_sub(1).map(|j| bytes[j]), bytes[i], bytes.get(i + 1).copied());
        let colon = c == b':' && before != Some(b':') && after != Some(b':');
        let assign = c == b'='
            && !matches!(after, Some(b'=' | b'>'))
            && !matches!(before, Some(b'=' | b'!' | b'<' | b'>'));
        if colon || assign {
            at = Some(i);
            break;
        }
    }
    let Some(at) = at else {
        // A derived `Default` calls at the field itself: `inside: AtomicUsize,`.
        let rest: String = line.chars().skip(column as usize - 1).collect();
        let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let field = rest[ident.len()..].trim_start().starts_with(':');
        return (field && !ident.is_empty()).then_some(ident);
    };
    let between = &prefix[at + 1..];
    let path_only = between
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '(' | '<' | '>' | ' '));
    if !path_only {
        return None;
    }
    let left = &prefix[..at];
    let is_ident = |c: &char| c.is_alphanumeric() || *c == '_';
    let ident: String = match left.rfind("let ") {
        // `let [mut] name[: Type] = ...`: the name comes first.
        Some(start) if bytes[at] == b'=' => {
            let rest = left[start + 4..].trim_start();
            rest.strip_prefix("mut ").unwrap_or(rest).chars().take_while(is_ident).collect()
        }
        // `name: ...` (a field) or `name = ...`: the name comes last.
        _ => {
            let mut tail: Vec<char> = left.trim_end().chars().rev().take_while(is_ident).collect();
            tail.reverse();
            tail.into_iter().collect()
        }
    };
    ident.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_').then_some(ident)
}

#[cfg(test)]
mod tests {
    use super::declared_name;

    fn name_at(line: &str, call: &str) -> Option<String> {
        let column = line.find(call).unwrap() as u32 + 1;
        declared_name(line, column)
    }

    #[test]
    fn fields_and_bindings_name_what_they_hold() {
        let field = "        Self { total: AtomicU64::new(0) }";
        assert_eq!(name_at(field, "AtomicU64").as_deref(), Some("total"));
        let wrapped = "    let flag = Arc::new(AtomicBool::new(false));";
        assert_eq!(name_at(wrapped, "AtomicBool").as_deref(), Some("flag"));
        let typed = "    let mut lock: Arc<Mutex<u64>> = Arc::new(Mutex::new(0));";
        assert_eq!(name_at(typed, "Mutex::new").as_deref(), Some("lock"));
    }

    #[test]
    fn a_derived_default_is_named_after_its_field() {
        assert_eq!(name_at("    inside: AtomicUsize,", "inside").as_deref(), Some("inside"));
    }

    #[test]
    fn a_value_built_in_a_closure_has_no_declared_name() {
        let mapped = "    let slots = (0..n).map(|_| AtomicUsize::new(0)).collect();";
        assert_eq!(name_at(mapped, "AtomicUsize"), None);
    }
}
