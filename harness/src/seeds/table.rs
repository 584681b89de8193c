//! The seed programs, defined once: every code example of seeds 000, 001, 002 and 004 and
//! every program seed 003 describes in prose, each with what it shows, the threadlab run
//! that reproduces it, the values both sides are compared on, and where they differ.
//!
//! These are facts about the seeds. They name scenarios, strategies and presets only by
//! name, and every name is resolved through the catalogue's lookups (which reject unknown
//! ones), so a renamed strategy or a missing preset fails the tests below, loudly.

use scenarios::{Params, Scenario, Strategy};

use crate::selection::{ParamError, ParamRequest, resolve_params};

/// One program of the seeds.
pub struct SeedProgram {
    /// `000`..`004`.
    pub seed: &'static str,
    /// The code example's number in its seed, or a word for a program seed 003 describes
    /// in prose.
    pub example: &'static str,
    /// The program in a few words.
    pub title: &'static str,
    /// What running the Python program shows, in words and numbers.
    pub shows: &'static str,
    /// The threadlab run that reproduces it: scenario, strategy, preset and flags.
    pub scenario: &'static str,
    pub strategy: &'static str,
    pub preset: Option<&'static str>,
    pub threads: Option<usize>,
    pub ops: Option<usize>,
    pub limit: Option<usize>,
    /// The outcome values both sides report under these names (`order` is the outcome's
    /// order); the outcomes match when both hold and all of these are equal.
    pub compare: &'static [&'static str],
    /// Whether the two sides' times measure the same work.
    pub timing: Timing,
    /// Where threadlab's program differs from the seed's; empty where it does not.
    pub differs: &'static str,
    /// Where the seed's own words are wrong or dated: a name and one sentence saying what
    /// actually happens; `scripts/seeds.py` adds what it measured under the same name.
    pub seed_errors: &'static [(&'static str, &'static str)],
    /// Whether the Python side also runs the scenario's Python twin at the row's size (the
    /// seed's no-lock warning, measured), adding what it saw to what Python saw.
    pub python_twin: bool,
}

/// Whether comparing the two sides' times means something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Both sides time the same work (threads started, work done, joined).
    Comparable,
    /// The seed's program mostly sleeps (scaled here); threadlab's run does not, or sleeps
    /// differently: the times say nothing about threads.
    MostlySleeps,
}

impl SeedProgram {
    /// `001-5`: the id `scripts/seeds.py` takes.
    pub fn id(&self) -> String {
        format!("{}-{}", self.seed, self.example)
    }

    /// The threadlab command line that reproduces it.
    pub fn command(&self) -> String {
        let mut line = format!("threadlab run {} --strategy {}", self.scenario, self.strategy);
        if let Some(preset) = self.preset {
            line += &format!(" --preset {preset}");
        }
        for (flag, value) in [("threads", self.threads), ("ops", self.ops), ("limit", self.limit)] {
            if let Some(value) = value {
                line += &format!(" --{flag} {value}");
            }
        }
        line
    }

    /// The command at the seeds' sleeps x `scale`: `--time-scale` added where the row has a
    /// preset of a scenario that keeps the seeds' time and `scale` is not the presets'
    /// default.
    pub fn command_at(&self, scale: f64) -> String {
        let timed = scenarios::scenario(self.scenario).is_ok_and(|s| s.timing.keeps_seed_time());
        let default = scenarios::TimeScale::PRESET_DEFAULT.factor();
        match self.preset {
            Some(_) if timed && scale != default => {
                format!("{} --time-scale {scale}", self.command())
            }
            _ => self.command(),
        }
    }

    /// Its scenario, strategy and parameters, through the catalogue's lookups.
    pub fn resolve(&self) -> Result<(&'static Scenario, &'static Strategy, Params), ParamError> {
        self.resolve_at(None)
    }

    /// As [`SeedProgram::resolve`], with the seeds' sleeps x `scale` where the row has a
    /// preset and its scenario keeps the seeds' time (the timer's tick follows it).
    pub fn resolve_at(
        &self,
        scale: Option<f64>,
    ) -> Result<(&'static Scenario, &'static Strategy, Params), ParamError> {
        let scenario = scenarios::scenario(self.scenario)?;
        let strategy = scenario.strategy(self.strategy)?;
        let request = ParamRequest {
            preset: self.preset.map(str::to_owned),
            threads: self.threads,
            ops: self.ops,
            limit: self.limit,
            time_scale: scale
                .filter(|_| self.preset.is_some() && scenario.timing.keeps_seed_time()),
        };
        let params = resolve_params(scenario, &request)?.params;
        Ok((scenario, strategy, params))
    }
}

/// The scenario and strategy of the seed program with this id (`001-5`), `None` for an id
/// not in the table or one that no longer resolves: what the report's seeds rows are judged
/// fresh against.
pub fn program_for(id: &str) -> Option<(&'static Scenario, &'static Strategy)> {
    let program = SEED_PROGRAMS.iter().find(|p| p.id() == id)?;
    program.resolve().ok().map(|(scenario, strategy, _)| (scenario, strategy))
}

/// A row with no preset and no flags: filled in below with `..BASE`.
const BASE: SeedProgram = SeedProgram {
    seed: "",
    example: "",
    title: "",
    shows: "",
    scenario: "",
    strategy: "",
    preset: None,
    threads: None,
    ops: None,
    limit: None,
    compare: &[],
    timing: Timing::MostlySleeps,
    differs: "",
    seed_errors: &[],
    python_twin: false,
};

const DOUBLED: &[&str] = &["seen", "missing", "duplicates", "wrong"];
const LINES: &[&str] = &["whole_lines", "torn_lines", "out_of_order"];
const NO_JOIN: &str = "the seed starts its threads and never joins them: Python waits for \
    non-daemon threads at exit, so every result still appears. threadlab's run joins; a Rust \
    program returning from main cuts its threads off, like Python's daemon threads \
    (`--strategy detached` shows that, which is not what the seed does). Python's own lines \
    tear (print writes text and newline separately); threadlab's run prints nothing";

const DEPRECATED: (&str, &str) = (
    "deprecated",
    "the seed calls `threading.currentThread().getName()`: deprecated aliases (since Python \
     3.10) of `threading.current_thread().name`",
);
const JOIN_FREEZES: (&str, &str) = (
    "join",
    "the seed's comment says an uncommented `join()` makes all threads freeze: join() blocks \
     only its caller (main) until that one thread ends, so the five run one after another",
);
const NO_IMPORTS: (&str, &str) = (
    "imports",
    "the seed's Examples 2-5 use `threading` and `time` without importing them: each runs \
     only after Example 1's imports",
);

/// Every seed program, in seed order.
pub const SEED_PROGRAMS: &[SeedProgram] = &[
    SeedProgram {
        seed: "000",
        example: "1",
        title: "doubler(i) in five threads, join commented out",
        shows: "each of 5 threads prints its name and 2*i: 0, 2, 4, 6, 8 all appear, in \
                varying order, although main never joins",
        scenario: "spawn_join",
        strategy: "closure",
        preset: Some("seed-000"),
        compare: DOUBLED,
        timing: Timing::Comparable,
        differs: NO_JOIN,
        seed_errors: &[DEPRECATED, JOIN_FREEZES],
        ..BASE
    },
    SeedProgram {
        seed: "000",
        example: "2",
        title: "the same as a Thread subclass with run()",
        shows: "as example 1: the five results 0..8 and five thread names",
        scenario: "spawn_join",
        strategy: "worker",
        preset: Some("seed-000"),
        compare: DOUBLED,
        timing: Timing::Comparable,
        differs: NO_JOIN,
        seed_errors: &[DEPRECATED],
        ..BASE
    },
    SeedProgram {
        seed: "000",
        example: "3",
        title: "10 threads add 5 to a total under lock.acquire()/release(), print outside it",
        shows: "the total ends at 50 (10 x 5); the values printed are read after the lock \
                is released, so one can repeat and another be skipped",
        scenario: "shared_counter",
        strategy: "std_mutex",
        preset: Some("seed-000"),
        compare: &["total"],
        timing: Timing::Comparable,
        differs: "the strategy run adds 1 five times per thread (5 lock acquisitions) where \
                  the seed adds 5 once; the preset's timeline re-enacts the seed's one add \
                  under the lock and its print after it",
        seed_errors: &[(
            "pauses",
            "the seed says `lock.acquire()` pauses all threads and `release()` resumes them: \
             only a thread acquiring that same lock waits; every other thread goes on",
        )],
        ..BASE
    },
    SeedProgram {
        seed: "001",
        example: "1",
        title: "worker('A') sleeps 2 s; main joins it",
        shows: "'Thread A starting', 2 s later 'Thread A finishing', then 'All threads \
                complete': main waits at join",
        scenario: "spawn_join",
        strategy: "closure",
        threads: Some(1),
        ops: Some(1),
        compare: &["seen", "missing"],
        differs: "threadlab's thread computes 2*i instead of sleeping 2 s",
        ..BASE
    },
    SeedProgram {
        seed: "001",
        example: "2",
        title: "WorkerThread('Worker-1'), a Thread subclass, sleeps 2 s",
        shows: "'Worker-1 starting', 2 s later 'Worker-1 finishing': the thread carries the \
                name it was given",
        scenario: "spawn_join",
        strategy: "worker",
        threads: Some(1),
        ops: Some(1),
        compare: &["seen", "misnamed"],
        differs: "Rust has no Thread class to subclass: a struct owns its arguments and runs \
                  on a thread named through thread::Builder; it does not sleep",
        ..BASE
    },
    SeedProgram {
        seed: "001",
        example: "3",
        title: "10 threads x 100,000 increments under `with lock`",
        shows: "Counter: 1000000",
        scenario: "shared_counter",
        strategy: "std_mutex",
        preset: Some("seed-001"),
        compare: &["total"],
        timing: Timing::Comparable,
        ..BASE
    },
    SeedProgram {
        seed: "001",
        example: "4",
        title: "Event: a waiter blocks until a setter sets it after 2 s",
        shows: "'Waiting for event', 2 s pause, 'Setting event', 'Event received': the \
                waiter goes on only after set",
        scenario: "event",
        strategy: "condvar",
        preset: Some("seed-001"),
        compare: &["hung", "stale"],
        differs: "the strategy run is one set/wait with no pause; the preset's timeline keeps \
                  the setter's pause (scaled) and shows the waiter going on after it",
        ..BASE
    },
    SeedProgram {
        seed: "001",
        example: "5",
        title: "Semaphore(3), 10 workers, each holds it 2 s",
        shows: "at most 3 'acquired' at once: four waves of 3, 3, 3, 1, 2 s apart (8 s)",
        scenario: "semaphore",
        strategy: "condvar",
        preset: Some("seed-001"),
        compare: &["max_inside", "entries"],
        differs: "the strategy run's workers do not sleep inside: it shows the bound (at \
                  most 3); the preset's timeline (workers holding the permit 2 s, scaled) \
                  shows the waves",
        ..BASE
    },
    SeedProgram {
        seed: "001",
        example: "6",
        title: "ThreadPoolExecutor(5).map(task, range(10)), each task sleeps 1 s",
        shows: "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81] in input order, after two rounds of \
                five (2 s)",
        scenario: "thread_pool",
        strategy: "channel_pool",
        preset: Some("seed-001"),
        compare: &["order", "mapped_in_order"],
        differs: "the strategy run's tasks do not sleep: it shows the results and their \
                  order; the preset's timeline (tasks sleeping 1 s, scaled) shows the rounds",
        ..BASE
    },
    SeedProgram {
        seed: "002",
        example: "1",
        title: "5 threads sleep a random 1-10 s; 'Main flow' printed before the joins",
        shows: "'Main flow of application' first, the threads done in the order of their \
                random sleeps, 'All threads are done' last; the waits overlap",
        scenario: "io_vs_cpu",
        strategy: "wait_thread_per_task",
        threads: Some(5),
        ops: Some(5),
        limit: Some(50),
        compare: &["tasks_done"],
        differs: "threadlab's five waits are equal (50 ms each), not random, and it prints no \
                  lines: it shows the overlap, not the finish order",
        seed_errors: &[(
            "one_at_a_time",
            "the seed's 'only one thread can be executed at a time' needs a qualifier: its own \
             five threads sleep at the same time",
        )],
        ..BASE
    },
    SeedProgram {
        seed: "003",
        example: "timer",
        title: "Timers at 0.5 s and 0.7 s, the second cancelled at 0.6 s",
        shows: "the first timer's action runs; the second never does",
        scenario: "timer",
        strategy: "python_like",
        preset: Some("seed-003"),
        compare: &["order", "fired", "cancelled"],
        differs: "threadlab's preset follows the time scale (a tick of the seed's 0.1 s x the \
                  scale; its timeline gives the times in the seed's seconds); the Python \
                  program never scales the schedule below x 0.2, where the seed's 0.1 s \
                  margins (20 ms) still stand above a busy machine's scheduling delays",
        ..BASE
    },
    SeedProgram {
        seed: "003",
        example: "ways",
        title: "a thread as a Thread subclass, as a callable object, as a function with args \
                and kwargs",
        shows: "'Usefull message' first, then after 2 s five 'Wake up!'; each way runs its \
                code once with the arguments it was given",
        scenario: "spawn_join",
        strategy: "worker",
        preset: Some("seed-000"),
        compare: &["missing", "wrong"],
        differs: "Rust has no kwargs and no Thread class: a struct's named fields (worker) or \
                  a closure's captures (closure) carry the arguments; no sleep",
        ..BASE
    },
    SeedProgram {
        seed: "003",
        example: "poll",
        title: "checking a thread without blocking: is_alive() and join(timeout)",
        shows: "main checks the thread, goes on while it runs, and joins once it is done",
        scenario: "spawn_join",
        strategy: "poll_finished",
        preset: Some("seed-000"),
        compare: &["blocking_joins", "missing"],
        differs: "Rust's JoinHandle has no timed join: is_finished() is polled against a \
                  deadline instead",
        ..BASE
    },
    SeedProgram {
        seed: "004",
        example: "1",
        title: "print_numbers in a thread (1 s apart), main goes on, no join",
        shows: "'Main thread is still running...' at once, then Number: 0..4 one per second; \
                the program lasts 5 s although main never joins",
        scenario: "interleaving",
        strategy: "locked_lines",
        threads: Some(1),
        ops: Some(5),
        compare: LINES,
        differs: "threadlab's writer does not sleep and its run joins; main prints no line of \
                  its own. Python waits at exit for the non-daemon thread; Rust would cut it \
                  off",
        ..BASE
    },
    SeedProgram {
        seed: "004",
        example: "2",
        title: "numbers and letters from two threads, 1 s apart each",
        shows: "10 whole lines, a number and a letter each second (alternating pairs, the \
                order within a pair varying)",
        scenario: "interleaving",
        strategy: "locked_lines",
        preset: Some("seed-004"),
        compare: LINES,
        differs: "the strategy run's writers do not sleep, so its lines come in bursts; \
                  the preset's timeline (each writer sleeping 1 s, scaled) shows the \
                  alternation",
        seed_errors: &[NO_IMPORTS],
        ..BASE
    },
    SeedProgram {
        seed: "004",
        example: "3",
        title: "print_message('Hello', 1) and print_message('World', 2), three times each",
        shows: "Hello, then Hello and World at 2 s, Hello, World, World: 6 lines in 6 s, \
                not 9",
        scenario: "interleaving",
        strategy: "locked_lines",
        threads: Some(2),
        ops: Some(3),
        compare: LINES,
        differs: "threadlab's writers do not sleep and have no per-thread delay",
        seed_errors: &[NO_IMPORTS],
        ..BASE
    },
    SeedProgram {
        seed: "004",
        example: "4",
        title: "MyThread(name, delay), a Thread subclass, 'Thread-1' at 1 s, 'Thread-2' at 2 s",
        shows: "'Thread-1: 0..2' and 'Thread-2: 0..2', each under its own name at its own \
                pace",
        scenario: "spawn_join",
        strategy: "worker",
        threads: Some(2),
        ops: Some(1),
        compare: &["seen", "misnamed", "missing"],
        differs: "threadlab's worker runs once per round and does not sleep",
        seed_errors: &[
            NO_IMPORTS,
            (
                "duplicate",
                "the seed prints Example 4's code twice: run as printed, it defines MyThread \
                 again and starts a second pair of threads after the first has finished",
            ),
        ],
        ..BASE
    },
    SeedProgram {
        seed: "004",
        example: "5",
        title: "2 threads x 1,000,000 increments under `with lock`",
        shows: "Final Counter Value: 2000000 (and: without a lock the value may be wrong)",
        scenario: "shared_counter",
        strategy: "std_mutex",
        preset: Some("seed-004"),
        compare: &["total"],
        timing: Timing::Comparable,
        differs: "the seed's no-lock warning is measured on the Python side (its loop without \
                  the lock, and with a call between read and write, at two switch \
                  intervals); `threadlab run shared_counter --strategy unsync` runs Rust's \
                  counter without a lock (load, then store: it loses updates) beside the same \
                  Python runs",
        python_twin: true,
        seed_errors: &[NO_IMPORTS],
        ..BASE
    },
    SeedProgram {
        seed: "004",
        example: "6",
        title: "ThreadPoolExecutor(3), submit(worker, i) for 5 tasks of 1 s",
        shows: "'Worker 0..4 done' in two rounds (3, then 2) on 3 threads; 'All tasks \
                submitted.' after all of them, as the with block waits",
        scenario: "thread_pool",
        strategy: "channel_pool",
        preset: Some("seed-004"),
        compare: &["ran_once", "never_ran", "threads_started"],
        differs: "the strategy run's tasks do not sleep: it shows each task run once on 3 \
                  workers; the preset's timeline (tasks sleeping 1 s, scaled) shows the rounds",
        ..BASE
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_scenario_strategy_and_preset_the_catalogue_knows() {
        for row in SEED_PROGRAMS {
            if let Err(e) = row.resolve() {
                panic!("seed row {} (`{}`): {e}", row.id(), row.command());
            }
        }
    }

    #[test]
    fn the_rows_are_every_example_of_the_seeds_once() {
        let ids: Vec<String> = SEED_PROGRAMS.iter().map(SeedProgram::id).collect();
        let count = |seed: &str| SEED_PROGRAMS.iter().filter(|r| r.seed == seed).count();
        assert_eq!(
            [count("000"), count("001"), count("002"), count("003"), count("004")],
            [3, 6, 1, 3, 6]
        );
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert!(SEED_PROGRAMS.iter().all(|r| !r.compare.is_empty() && !r.shows.is_empty()));
    }

    #[test]
    fn an_unknown_preset_in_a_row_is_refused_by_name() {
        let row = SeedProgram { scenario: "semaphore", strategy: "condvar", ..BASE };
        assert!(row.resolve().is_ok());
        let row = SeedProgram { preset: Some("seed-999"), ..row };
        let refused = row.resolve().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(refused.contains("no preset `seed-999`"), "{refused}");
    }

    #[test]
    fn the_command_reads_as_the_flags_of_threadlab_run() {
        assert_eq!(
            SEED_PROGRAMS[2].command(),
            "threadlab run shared_counter --strategy std_mutex --preset seed-000"
        );
        let flags = SeedProgram { threads: Some(10), ops: Some(5), ..SEED_PROGRAMS[2] };
        let timer = SEED_PROGRAMS.iter().find(|r| r.id() == "003-timer").unwrap();
        assert!(timer.command_at(1.0).ends_with("--preset seed-003 --time-scale 1"));
        assert!(!timer.command_at(0.05).contains("--time-scale"));
        assert_eq!(timer.resolve_at(Some(1.0)).unwrap().2.limit, 100, "the seed's 0.1 s tick");
        assert_eq!(timer.resolve_at(Some(0.05)).unwrap().2.limit, 5);
        let flags = SeedProgram { preset: None, ..flags };
        assert_eq!(
            flags.command(),
            "threadlab run shared_counter --strategy std_mutex --threads 10 --ops 5"
        );
    }
}
