//! `interleaving/stdout_lock`'s check can fail: a test double that writes each line's two
//! pieces to the same stream, but under two separate `lock()`s, is refuted by loom with the
//! kind of bug the scenario teaches, a torn line. The stream (the facade's `StdErr`, a loom
//! `Mutex` standing in for std's stream lock) keeps what each lock hold wrote, in the order
//! the lock serialised them, and that copy is what the check reads. Built only with
//! `--cfg loom`.
#![cfg(loom)]

use std::io::Write;

use scenarios::interleaving::{Printer, pieces, run_printer};
use scenarios::sync::stdio::StdErr;
use scenarios::{Expectation, LoomModel, Strategy, ViolationKind};
use threadlab_results::loom::{LoomVerdict, Verdict, loom_results_dir};

/// `stdout_lock` with one change: the second piece is written under a second lock hold.
struct SplitLock {
    stream: StdErr,
}

impl Printer for SplitLock {
    fn new() -> Self {
        Self { stream: StdErr::new() }
    }

    fn print_line(&self, thread: usize, line: usize) {
        let (head, tail) = pieces(thread, line);
        let _ = self.stream.lock().write_all(head.as_bytes());
        let _ = self.stream.lock().write_all(tail.as_bytes());
    }

    fn finish(self) -> String {
        self.stream.written()
    }
}

static SPLIT: Strategy = Strategy {
    name: "__split_stdout_lock",
    source: file!(),
    also_sources: &[],
    bound: None,
    summary: "test double: stdout_lock with each piece under its own stream lock",
    expectation: Expectation::Broken { kind: ViolationKind::TornLine, bug: "torn line" },
    loom: LoomModel::StandIn("test double on the stand-in stream lock"),
    run: run_printer::<SplitLock>,
    run_batch: None,
    run_for: None,
    offers: None,
    timer_probes: None,
    needs_reordering: None,
};

fn scenario() -> &'static scenarios::Scenario {
    scenarios::scenario("interleaving").unwrap()
}

#[test]
fn writing_each_piece_under_its_own_stream_lock_tears_a_line_under_loom() {
    let verdict = loom_tests::check::verify(scenario(), &SPLIT);
    // The runner wrote a verdict file for this test double: remove it, nobody studies it.
    let file = LoomVerdict::file_name(scenario().name, SPLIT.name);
    let _ = std::fs::remove_file(loom_results_dir().join(file));
    assert_eq!(verdict.verdict, Verdict::Refuted, "{verdict:?}");
    assert_eq!(verdict.violation_kind, Some(ViolationKind::TornLine), "{verdict:?}");
    assert!(loom_tests::plan::Expected::of(&SPLIT).judge(&verdict).is_ok(), "{verdict:?}");
}

/// The double in `stdout_lock`'s place (declared Correct, as the real strategy is): the
/// verdict matrix's test for it fails, which is the red the lesson needs.
#[test]
fn the_split_double_in_stdout_locks_place_turns_its_loom_test_red() {
    static AS_STDOUT_LOCK: Strategy =
        Strategy { name: "__split_as_stdout_lock", expectation: Expectation::Correct, ..SPLIT };
    let verdict = loom_tests::check::verify(scenario(), &AS_STDOUT_LOCK);
    let file = LoomVerdict::file_name(scenario().name, AS_STDOUT_LOCK.name);
    let _ = std::fs::remove_file(loom_results_dir().join(file));
    assert_eq!(verdict.violation_kind, Some(ViolationKind::TornLine), "{verdict:?}");
    let judged = loom_tests::plan::Expected::of(&AS_STDOUT_LOCK).judge(&verdict);
    assert!(judged.is_err(), "{verdict:?}");
}
