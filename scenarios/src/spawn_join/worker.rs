//! `worker`: a struct that owns its arguments and has a `run` method, started on a named
//! thread through `thread::Builder`.
//!
//! The Rust form of seed 001's `WorkerThread(threading.Thread)` and seed 003's "thread as a
//! class": instead of subclassing a thread type, the data the thread needs is a plain
//! struct moved into the thread, and `run(self)` consumes it. The seeds print
//! `threading.current_thread().name`; here `Builder::name` sets the name the OS and panic
//! messages show, and `run` reads it back; the scenario's check counts any thread that did
//! not carry its name (in every build, not only debug ones). Correct for the same reason as `closure`: the
//! result comes back through `join`.

use super::{Round, double, run_rounds};
use crate::catalogue::{About, Expectation, LoomModel, Params, Run, Strategy};
use crate::sync::thread::{self, JoinHandle};

/// Everything one worker needs, owned by it.
pub struct Doubler {
    pub name: String,
    pub number: u64,
}

/// What a worker hands back: its result and the name of the thread that computed it.
pub struct Doubled {
    pub by: Option<String>,
    pub value: u64,
}

impl Doubler {
    pub fn run(self) -> Doubled {
        let by = thread::current().name().map(str::to_owned);
        Doubled { by, value: double(self.number) }
    }
}

/// Start `worker` on a thread named after it, as the seeds' `Thread(name=...)` does.
pub fn spawn(worker: Doubler) -> JoinHandle<Doubled> {
    thread::Builder::new()
        .name(worker.name.clone())
        .spawn(move || worker.run())
        .expect("the OS can start a thread")
}

fn one_round(n: usize) -> Round {
    let handles: Vec<_> = (0..n as u64)
        .map(|number| spawn(Doubler { name: format!("Worker-{number}"), number }))
        .collect();
    let mut round = Round { misnamed: Some(0), ..Round::default() };
    for (number, h) in handles.into_iter().enumerate() {
        let done = h.join().expect("a worker does not panic");
        // The seeds print the thread's name; here the worker reports it, and the scenario's
        // check counts every thread that did not carry the name it was started with.
        if done.by != Some(format!("Worker-{number}")) {
            *round.misnamed.get_or_insert(0) += 1;
        }
        round.results.push(done.value);
    }
    round
}

fn run(params: &Params) -> Run {
    run_rounds(params, one_round)
}

pub const STRATEGY: Strategy = Strategy::from_fn(
    About {
        name: "worker",
        source: file!(),
        summary: "a Doubler struct owns its args, run(self) on a thread named by thread::Builder",
        expectation: Expectation::Correct,
        loom: LoomModel::Real,
    },
    run,
)
.bound(super::BOUND);

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn a_worker_runs_on_the_thread_named_after_it() {
        let done = spawn(Doubler { name: "Worker-1".to_owned(), number: 21 }).join().unwrap();
        assert_eq!(done.by.as_deref(), Some("Worker-1"));
        assert_eq!(done.value, 42);
    }
}
