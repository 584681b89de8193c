//! Seed 001's pool program at its own pace, scaled: `ThreadPoolExecutor(max_workers=5)`
//! maps a task that sleeps one second over `range(10)`. With the sleep kept, what the seed
//! shows is rounds: five tasks start, a second later the next five, and the results still
//! come back in input order. Seed 004's example 6 is another program: three workers, five
//! tasks handed in with `submit`, each sleeping a second and printing "Worker n done", and
//! "All tasks submitted." printed once the `with` block has waited for them: rounds of three
//! and two, and main's line last. The pool is the `channel_pool` strategy's; the rounds are
//! read off the times the tasks started.

use super::Pool;
use super::channel_pool::ChannelPool;
use crate::catalogue::*;
use crate::sync::crossbeam_channel;
use crate::sync::thread;
use crate::sync::time::{Duration, Instant, sleep};

/// The scenario's timing facts: the seeds' pool programs, re-enacted.
pub const TIMING: Timing = Timing {
    timeline: Some(TimelineHook {
        strategy: STRATEGY,
        presets: &["seed-001", "seed-004"],
        source: "scenarios/src/thread_pool/timeline.rs",
        run: seed_program::<ChannelPool>,
    }),
    limit_ms_at_seed_pace: None,
};

/// The strategy whose pool the timeline uses.
const STRATEGY: &str = "channel_pool";

/// The seeds' `time.sleep(1)` inside each task.
const TASK_SEED_S: f64 = 1.0;

/// What one task reports: its input, when it started and ended, the worker that ran it,
/// and its result.
struct Report {
    n: u64,
    began: Duration,
    ended: Duration,
    worker: String,
    square: u64,
}

/// The preset whose program is seed 004's `submit` one (every other preset is a `map`).
const SUBMIT_PRESET: &str = "seed-004";

fn seed_program<P: Pool>(params: &Params, scale: TimeScale, preset: &str) -> Timeline {
    if preset == SUBMIT_PRESET {
        enact_submit::<P>(params, scale).0
    } else {
        enact::<P>(params, scale).0
    }
}

/// Seed 004 example 6: `threads` workers, `ops` tasks submitted, each sleeping the scaled
/// second and then saying "Worker n done"; main's "All tasks submitted." once the pool has
/// shut down (Python's `with` block waits for the tasks). Returns the timeline, the rounds
/// of task starts, and how many tasks had said done when main printed.
fn enact_submit<P: Pool>(params: &Params, scale: TimeScale) -> (Timeline, Vec<usize>, usize) {
    let mut pool = P::new(params.threads);
    let pause = scale.of(TASK_SEED_S);
    let (reports, inbox) = crossbeam_channel::unbounded();
    let start = Instant::now();
    for n in 0..params.ops as u64 {
        let reports = reports.clone();
        pool.submit(Box::new(move || {
            let began = start.elapsed();
            sleep(pause);
            let worker = thread::current()
                .name()
                .map_or_else(|| format!("{:?}", thread::current().id()), ToOwned::to_owned);
            let report = Report { n, began, ended: start.elapsed(), worker, square: 0 };
            reports.send(report).expect("main collects every report");
        }));
    }
    drop(reports);
    pool.shutdown();
    let submitted = start.elapsed();
    let mut reports: Vec<Report> = std::iter::from_fn(|| inbox.recv().ok()).collect();
    reports.sort_by_key(|r| r.began);
    let done_before = reports.iter().filter(|r| r.ended <= submitted).count();
    let mut timeline = Timeline::new(STRATEGY, scale);
    let mut workers: Vec<String> = Vec::new();
    let mut starts = Vec::new();
    for r in &reports {
        if !workers.contains(&r.worker) {
            workers.push(r.worker.clone());
        }
        let who = format!("worker-{}", workers.iter().position(|w| *w == r.worker).unwrap_or(0));
        timeline.record(r.ended, who, format!("Worker {} done", r.n));
        starts.push(r.began);
    }
    timeline.record(submitted, "main", "All tasks submitted.");
    let rounds = waves(&starts, pause);
    timeline.shape = format!(
        "{}, on {} worker threads of at most {} (each task sleeps {:.0} ms = the seed's \
         {TASK_SEED_S} s); 'All tasks submitted.' after {done_before} of {} had said done: the \
         pool's shutdown waited, as Python's with block does",
        describe_waves("round", &rounds),
        workers.len(),
        params.threads,
        pause.as_secs_f64() * 1e3,
        params.ops,
    );
    (timeline, rounds, done_before)
}

/// A pool of `threads` workers runs `ops` tasks (`n * n` after the scaled second); main
/// collects the results by input index. Returns the timeline, the rounds of task starts,
/// and the results in input order.
fn enact<P: Pool>(params: &Params, scale: TimeScale) -> (Timeline, Vec<usize>, Vec<u64>) {
    let mut pool = P::new(params.threads);
    let pause = scale.of(TASK_SEED_S);
    let (reports, inbox) = crossbeam_channel::unbounded();
    let start = Instant::now();
    for n in 0..params.ops as u64 {
        let reports = reports.clone();
        pool.submit(Box::new(move || {
            let began = start.elapsed();
            sleep(pause);
            let worker = thread::current()
                .name()
                .map_or_else(|| format!("{:?}", thread::current().id()), ToOwned::to_owned);
            let report = Report { n, began, ended: start.elapsed(), worker, square: n * n };
            reports.send(report).expect("main collects every report");
        }));
    }
    drop(reports);
    pool.shutdown();
    let mut timeline = Timeline::new(STRATEGY, scale);
    let mut results = vec![None; params.ops];
    let mut starts = Vec::new();
    let mut reports: Vec<Report> = std::iter::from_fn(|| inbox.recv().ok()).collect();
    reports.sort_by_key(|r| r.began);
    // The workers, named in the order they first started a task.
    let mut workers: Vec<String> = Vec::new();
    for r in reports {
        if !workers.contains(&r.worker) {
            workers.push(r.worker.clone());
        }
        let who = format!("worker-{}", workers.iter().position(|w| *w == r.worker).unwrap_or(0));
        timeline.record(r.began, who.clone(), format!("task({}) started", r.n));
        timeline.record(r.ended, who, format!("task({}) returns {}", r.n, r.square));
        starts.push(r.began);
        results[r.n as usize] = Some(r.square);
    }
    let results: Vec<u64> = results.into_iter().map(|r| r.unwrap_or(u64::MAX)).collect();
    timeline.record(start.elapsed(), "main", format!("list(results) = {results:?}"));
    let rounds = waves(&starts, pause);
    timeline.shape = format!(
        "{} of at most {} workers (each task sleeps {:.0} ms = the seed's {TASK_SEED_S} s); results in input order",
        describe_waves("round", &rounds),
        params.threads,
        pause.as_secs_f64() * 1e3,
    );
    (timeline, rounds, results)
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn seed_001_runs_two_rounds_of_five_and_returns_the_squares_in_order() {
        let params = super::super::SCENARIO.preset("seed-001").unwrap().params;
        let (timeline, rounds, results) =
            enact::<ChannelPool>(&params, TimeScale::new(0.02).unwrap());
        let squares: Vec<u64> = (0..10).map(|n| n * n).collect();
        assert_eq!(results, squares, "{}", timeline.to_text());
        assert_eq!(rounds.iter().sum::<usize>(), 10, "{}", timeline.to_text());
        assert!(rounds.iter().all(|&n| n <= 5), "{}", timeline.to_text());
        assert!(rounds.len() >= 2, "{}", timeline.to_text());
    }

    #[test]
    fn seed_004_submits_in_rounds_of_at_most_three_and_main_prints_after_all_are_done() {
        let params = super::super::SCENARIO.preset(SUBMIT_PRESET).unwrap().params;
        let scale = TimeScale::new(0.02).unwrap();
        let (timeline, rounds, done_before) = enact_submit::<ChannelPool>(&params, scale);
        assert_eq!(rounds.iter().sum::<usize>(), 5, "{}", timeline.to_text());
        assert!(rounds.iter().all(|&n| n <= 3) && rounds.len() >= 2, "{}", timeline.to_text());
        assert_eq!(done_before, 5, "{}", timeline.to_text());
        let whats: Vec<&str> = timeline.moments.iter().map(|m| m.what.as_str()).collect();
        assert_eq!(whats.last(), Some(&"All tasks submitted."), "{whats:?}");
        assert!(!whats.iter().any(|w| w.contains("list(results)")), "{whats:?}");
        let text = seed_program::<ChannelPool>(&params, scale, SUBMIT_PRESET).to_text();
        assert!(text.contains("Worker 4 done"), "{text}");
    }

    #[test]
    fn without_a_bound_on_the_workers_there_is_one_round() {
        // The same reading, fed the spawn-per-task baseline (a thread per task, no pool):
        // all ten start at once, so "at most five per round" is a real constraint.
        use super::super::spawn_per_task::SpawnPerTask;
        let params = super::super::SCENARIO.preset("seed-001").unwrap().params;
        let (timeline, rounds, _) = enact::<SpawnPerTask>(&params, TimeScale::new(0.05).unwrap());
        assert!(rounds.iter().any(|&n| n > 5), "{}", timeline.to_text());
    }
}
