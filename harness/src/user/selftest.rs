//! The self-test of a scenario's check: can it fail at all?
//!
//! A check that always holds proves every strategy correct, the broken ones included, and
//! no tier can tell. threadlab catches that for its own scenarios the way it caught
//! `interleaving/stdout_lock`'s once-vacuous check (`loom-tests/tests/stdout_split.rs`): a
//! deliberately broken implementation is run, and the check must report the bug. For a
//! user's own scenario the deliberately broken implementations are its registered Broken
//! strategies: [`self_test`] runs each one's real code at the scenario's stress size and
//! requires that the check report a violation of the kind the strategy declares
//! (`Expectation::Broken { kind, .. }`) in at least one run of at least one of them.
//!
//! From the user's crate, `cargo run --release -- selftest [--seconds S]` does it for each
//! scenario of the crate's own (exit 1 when a check may be vacuous, 2 when a scenario has
//! no Broken strategy to test it with); a test in the crate can call [`self_test`] too:
//!
//! ```no_run
//! # static SCENARIO: &scenarios::Scenario = &scenarios::shared_counter::SCENARIO;
//! use harness::user::selftest::{SelfTestBudget, self_test};
//! let report = self_test(SCENARIO, &SelfTestBudget::default()).expect("the check can fail");
//! print!("{report}");
//! ```
//!
//! Bounds: a run is on this machine's hardware, so a bug that needs a rare interleaving
//! may not show within the budget (raise `--seconds`); a strategy whose lesson is a hang
//! (`deadlock-or-hang`) is found by the watchdog, not the check, so it is not tried. Each
//! strategy runs on its own thread: a panic ends that strategy's runs (named in the
//! report), and a run that does not finish within [`HANG_GRACE`] after the budget is left
//! behind and named; an abort in the strategy's code ends the process (the `stress`
//! command, with its worker processes, survives one).

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use scenarios::{Check, Outcome, Params, Scenario, Strategy, ViolationKind};

/// How long a run may go on after a strategy's budget before it counts as not finishing.
pub const HANG_GRACE: Duration = Duration::from_secs(2);

/// Samples per trial for a strategy with a batched form (one trial: one set of threads).
const BATCH: usize = 32;

/// How long the self-test runs each Broken strategy.
#[derive(Debug, Clone, Copy)]
pub struct SelfTestBudget {
    /// The longest one strategy is run; it stops sooner at the first run its check
    /// catches.
    pub per_strategy: Duration,
    /// The most runs of one strategy.
    pub max_runs: u64,
}

impl Default for SelfTestBudget {
    /// Ten seconds or ten million runs per strategy, whichever ends first.
    fn default() -> Self {
        SelfTestBudget { per_strategy: Duration::from_secs(10), max_runs: 10_000_000 }
    }
}

/// What the self-test saw of one Broken strategy.
#[derive(Debug, Clone)]
pub struct Tried {
    /// The strategy's name.
    pub strategy: &'static str,
    /// The kind it is declared Broken with.
    pub lesson: ViolationKind,
    /// Runs completed.
    pub runs: u64,
    /// Seconds it ran.
    pub seconds: f64,
    /// Runs in which the check reported a violation that shows the lesson
    /// ([`ViolationKind::shows`]); the self-test stops a strategy at the first.
    pub caught: u64,
    /// Violations of other kinds the check reported, by kind.
    pub other: BTreeMap<ViolationKind, u64>,
    /// Why its runs ended other than by a catch or the budget (a panic, a run that did
    /// not finish), in words.
    pub stopped: Option<String>,
}

impl Tried {
    /// Whether the check reported the lesson's kind in some run.
    pub fn caught(&self) -> bool {
        self.caught > 0
    }
}

/// The self-test of one scenario: each Broken strategy it tried, at the stress size.
#[derive(Debug, Clone)]
pub struct SelfTestReport {
    /// The scenario's name.
    pub scenario: &'static str,
    /// The size every run used (the scenario's stress parameters).
    pub params: Params,
    /// Each Broken strategy tried, in catalogue order.
    pub tried: Vec<Tried>,
}

impl SelfTestReport {
    /// Whether the check reported its lesson's kind for at least one strategy.
    pub fn check_can_fail(&self) -> bool {
        self.tried.iter().any(Tried::caught)
    }

    fn size(&self) -> String {
        format!("{} threads x {} ops", self.params.threads, self.params.ops)
    }
}

/// One line per strategy tried, then the conclusion.
impl fmt::Display for SelfTestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.tried {
            let head = format!("{}/{} (Broken: {})", self.scenario, t.strategy, t.lesson);
            let spent = format!("{:.1} s at {}", t.seconds, self.size());
            if t.caught() {
                writeln!(f, "{head}: the check reported it in run {} ({spent})", t.runs)?;
            } else {
                writeln!(f, "{head}: the check never reported it in {} runs ({spent})", t.runs)?;
            }
            for (kind, runs) in &t.other {
                writeln!(f, "  also reported {kind} ({}) in {runs} runs", kind.slug())?;
            }
            if let Some(why) = &t.stopped {
                writeln!(f, "  stopped: {why}")?;
            }
        }
        let verdict = if self.check_can_fail() { "can fail" } else { "may be vacuous" };
        writeln!(f, "{}: the check {verdict}", self.scenario)
    }
}

/// Why a scenario's check did not pass its self-test.
#[derive(Debug, thiserror::Error)]
pub enum SelfTestError {
    /// No Broken strategy to test the check with.
    #[error(
        "scenario `{scenario}` has no Broken strategy whose bug its check reports \
         (deadlock-or-hang ones are the watchdog's): register a deliberately broken one so \
         the self-test can show the check fails"
    )]
    NoBroken {
        /// The scenario's name.
        scenario: &'static str,
    },
    /// No run of any Broken strategy made the check report its kind.
    #[error("{}", vacuous_line(.0))]
    Vacuous(SelfTestReport),
}

/// The one line of a check that never failed.
fn vacuous_line(report: &SelfTestReport) -> String {
    let each: Vec<String> = report
        .tried
        .iter()
        .map(|t| {
            format!(
                "`{}`, which is declared Broken({}) ({} runs at {} in {:.1} s)",
                t.strategy,
                t.lesson.slug(),
                t.runs,
                report.size(),
                t.seconds
            )
        })
        .collect();
    format!(
        "scenario `{}`: this scenario's check did not fail on {}: the check may be vacuous",
        report.scenario,
        each.join(", nor on ")
    )
}

/// Run each of `scenario`'s Broken strategies (but those whose lesson is a hang) at its
/// stress size within `budget`, and require that the check report a violation of the
/// strategy's declared kind in at least one run of one of them. `Ok` holds what each
/// strategy showed; a check that never failed is [`SelfTestError::Vacuous`].
pub fn self_test(
    scenario: &Scenario,
    budget: &SelfTestBudget,
) -> Result<SelfTestReport, SelfTestError> {
    let params = scenario.stress.params;
    let broken: Vec<(&'static Strategy, ViolationKind)> = scenario
        .strategies
        .iter()
        .filter_map(|s| s.expectation.violation_kind().map(|kind| (s, kind)))
        .filter(|&(_, kind)| kind != ViolationKind::DeadlockOrHang)
        .collect();
    if broken.is_empty() {
        return Err(SelfTestError::NoBroken { scenario: scenario.name });
    }
    let tried = broken
        .into_iter()
        .map(|(strategy, lesson)| try_strategy(scenario.check, strategy, lesson, params, budget))
        .collect();
    let report = SelfTestReport { scenario: scenario.name, params, tried };
    if report.check_can_fail() { Ok(report) } else { Err(SelfTestError::Vacuous(report)) }
}

/// `<binary> selftest [--seconds S]`: [`self_test`] for each scenario of the crate's own
/// (a built-in scenario's check is threadlab's to test), `S` seconds per Broken strategy at
/// most. Prints each report; a check that may be vacuous is one line on stderr and exit 1,
/// a scenario with no Broken strategy to test it with one line and exit 2.
pub fn command(registered: &[&'static Scenario], seconds: f64) -> anyhow::Result<ExitCode> {
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err(crate::cli::usage("--seconds must be a positive number"));
    }
    let budget = SelfTestBudget {
        per_strategy: Duration::from_secs_f64(seconds),
        ..SelfTestBudget::default()
    };
    let own: Vec<&Scenario> = registered
        .iter()
        .copied()
        .filter(|s| !scenarios::BUILT_IN.iter().any(|b| b.name == s.name))
        .collect();
    if own.is_empty() {
        println!("no scenario of this crate's own to self-test (built-in checks are threadlab's)");
    }
    let mut code = ExitCode::SUCCESS;
    let mut no_broken = false;
    for scenario in own {
        match self_test(scenario, &budget) {
            Ok(report) => print!("{report}"),
            Err(SelfTestError::Vacuous(report)) => {
                print!("{report}");
                eprintln!("threadlab: {}", SelfTestError::Vacuous(report.clone()));
                code = ExitCode::FAILURE;
            }
            Err(e @ SelfTestError::NoBroken { .. }) => {
                eprintln!("threadlab: {e}");
                no_broken = true;
            }
        }
    }
    Ok(if no_broken { ExitCode::from(2) } else { code })
}

/// The counts so far, as the strategy's thread reports them after each trial.
#[derive(Debug, Clone, Default)]
struct Counts {
    runs: u64,
    caught: u64,
    other: BTreeMap<ViolationKind, u64>,
}

/// A message from the thread running one strategy.
enum Progress {
    Counts(Counts),
    Panicked(String),
}

/// Run `strategy` on a thread of its own until the check catches its lesson, the budget
/// ends, it panics, or a run does not finish.
fn try_strategy(
    check: fn(&Params, &Outcome) -> Check,
    strategy: &'static Strategy,
    lesson: ViolationKind,
    params: Params,
    budget: &SelfTestBudget,
) -> Tried {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let deadline = started + budget.per_strategy;
    let max_runs = budget.max_runs;
    let spawned =
        std::thread::Builder::new().name(format!("selftest {}", strategy.name)).spawn(move || {
            let sent = tx.clone();
            let ran = catch_unwind(AssertUnwindSafe(move || {
                run_until(check, strategy, lesson, params, deadline, max_runs, &sent)
            }));
            if let Err(payload) = ran {
                let _ = tx.send(Progress::Panicked(panic_text(payload.as_ref())));
            }
        });
    let mut tried = Tried {
        strategy: strategy.name,
        lesson,
        runs: 0,
        seconds: 0.0,
        caught: 0,
        other: BTreeMap::new(),
        stopped: None,
    };
    if let Err(e) = spawned {
        tried.stopped = Some(format!("could not start a thread to run it: {e}"));
        return tried;
    }
    loop {
        let wait = deadline.saturating_duration_since(Instant::now()) + HANG_GRACE;
        match rx.recv_timeout(wait) {
            Ok(Progress::Counts(counts)) => {
                tried.runs = counts.runs;
                tried.caught = counts.caught;
                tried.other = counts.other;
            }
            Ok(Progress::Panicked(why)) => {
                tried.stopped = Some(format!("it panicked: {why}"));
                break;
            }
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                tried.stopped = Some(format!(
                    "a run did not finish within {} s of the budget (left running; a hang \
                     is the watchdog's finding, see `stress`)",
                    HANG_GRACE.as_secs()
                ));
                break;
            }
        }
    }
    tried.seconds = started.elapsed().as_secs_f64();
    tried
}

/// The strategy's runs, graded by `check`, until one shows `lesson`, `deadline` passes or
/// `max_runs` have run; the counts are sent after each trial.
fn run_until(
    check: fn(&Params, &Outcome) -> Check,
    strategy: &'static Strategy,
    lesson: ViolationKind,
    params: Params,
    deadline: Instant,
    max_runs: u64,
    tx: &mpsc::Sender<Progress>,
) {
    let batch = if strategy.run_batch.is_some() { BATCH } else { 1 };
    let mut counts = Counts::default();
    while counts.caught == 0 && counts.runs < max_runs && Instant::now() < deadline {
        for outcome in crate::stress::worker::run_trial(strategy, &params, batch) {
            counts.runs += 1;
            if let Check::Violated(violation) = check(&params, &outcome) {
                if violation.kind.shows(lesson) {
                    counts.caught += 1;
                } else {
                    *counts.other.entry(violation.kind).or_default() += 1;
                }
            }
        }
        if tx.send(Progress::Counts(counts.clone())).is_err() {
            return;
        }
    }
}

/// A panic's message, in words.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scenarios::shared_counter::SCENARIO;

    fn always_holds(_: &Params, _: &Outcome) -> Check {
        Check::Holds
    }

    fn broken_and_correct() -> &'static [Strategy] {
        let pick = |name| Strategy { ..*SCENARIO.strategy(name).unwrap() };
        Box::leak(Box::new([pick("unsync"), pick("atomic")]))
    }

    const SHORT: SelfTestBudget =
        SelfTestBudget { per_strategy: Duration::from_millis(300), max_runs: 2_000 };

    #[test]
    fn a_check_that_always_holds_is_reported_as_vacuous_in_one_line_naming_the_strategy() {
        let vacuous = Scenario {
            name: "vacuous_counter",
            check: always_holds,
            strategies: broken_and_correct(),
            ..SCENARIO
        };
        let err = self_test(&vacuous, &SHORT).expect_err("a check that never fails");
        let line = err.to_string();
        assert!(matches!(&err, SelfTestError::Vacuous(r) if r.tried.len() == 1), "{line}");
        assert!(
            line.starts_with(
                "scenario `vacuous_counter`: this scenario's check did not fail on `unsync`, \
                 which is declared Broken(lost-update) ("
            ) && line.ends_with("): the check may be vacuous"),
            "{line}"
        );
        assert!(!line.contains('\n'), "{line}");
        let SelfTestError::Vacuous(report) = err else { unreachable!() };
        assert!(report.tried[0].runs > 0, "the broken strategy really ran: {report}");
    }

    #[test]
    fn a_real_check_catches_its_broken_strategy() {
        let real = Scenario { strategies: broken_and_correct(), ..SCENARIO };
        let budget = SelfTestBudget { per_strategy: Duration::from_secs(20), max_runs: u64::MAX };
        let report = self_test(&real, &budget).expect("unsync loses updates");
        assert!(report.check_can_fail() && report.tried[0].caught(), "{report}");
        assert!(report.to_string().ends_with("shared_counter: the check can fail\n"), "{report}");
    }

    #[test]
    fn a_scenario_without_a_broken_strategy_cannot_be_self_tested() {
        let correct = Box::leak(Box::new([Strategy { ..*SCENARIO.strategy("atomic").unwrap() }]));
        let only_correct = Scenario { strategies: correct, ..SCENARIO };
        let err = self_test(&only_correct, &SHORT).expect_err("nothing to test the check with");
        assert!(matches!(err, SelfTestError::NoBroken { scenario: "shared_counter" }));
    }
}
