#!/usr/bin/env python3
"""Check the seeds' GIL claim on this machine: one CPU-bound job, three ways.

The job is the one `threadlab run io_vs_cpu` runs in Rust: for each task i in 0..tasks, a
chain of `steps` 64-bit LCG steps starting from i (multiplier 6364136223846793005,
increment 1442695040888963407, modulo 2**64), and the wrapping sum of the chains' ends.
It runs one task after another, then in a ThreadPoolExecutor of `workers` threads, then in
a ProcessPoolExecutor of `workers` processes, and prints one JSON object with the wall
times, the speedups over the sequential run, and the checksum (which must equal the Rust
one: same job, same answer).

The process pool is started and warmed up before its clock starts; the start-up time is
reported separately. With --repeat N each way runs N times and the fastest run counts (the
least disturbed by whatever else the machine is doing), as on the Rust side.

With --wait-ms W it also runs the other half of the seeds' claim: the same number of
*waiting* tasks (each sleeps W ms, a stand-in for a network call, as the Rust waiting
tasks do) one after another and then in the thread pool, and reports that speedup too.
Usage: gil_check.py --tasks 8 --steps 1000000 --workers 2 [--repeat 3] [--wait-ms 30]
"""

import argparse
import json
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

MULTIPLIER = 6364136223846793005
INCREMENT = 1442695040888963407
MASK = (1 << 64) - 1


def lcg_chain(job):
    seed, steps = job
    x = seed
    for _ in range(steps):
        x = (x * MULTIPLIER + INCREMENT) & MASK
    return x


def wait_task(ms):
    time.sleep(ms / 1000)
    return 0


def checksum(values):
    return sum(values) & MASK


def stopwatch(run, repeat=1):
    best, answer = None, None
    for _ in range(repeat):
        began = time.perf_counter()
        values = run()
        took = time.perf_counter() - began
        best = took if best is None else min(best, took)
        answer = checksum(values)
    return best, answer


def gil_state():
    probe = getattr(sys, "_is_gil_enabled", None)
    return True if probe is None else bool(probe())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--wait-ms", type=float, default=0, help="also time waiting tasks")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    jobs = [(i, args.steps) for i in range(args.tasks)]

    sequential_s, expected = stopwatch(lambda: [lcg_chain(j) for j in jobs], repeat)

    with ThreadPoolExecutor(max_workers=args.workers) as threads:
        threads_s, by_threads = stopwatch(lambda: list(threads.map(lcg_chain, jobs)), repeat)

    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as processes:
        # Start every worker process before timing: tiny jobs, one per worker.
        list(processes.map(lcg_chain, [(0, 1)] * args.workers))
        startup_s = time.perf_counter() - started
        processes_s, by_processes = stopwatch(
            lambda: list(processes.map(lcg_chain, jobs)), repeat
        )

    waiting = {}
    if args.wait_ms > 0:
        waits = [args.wait_ms] * args.tasks
        waiting_sequential_s, _ = stopwatch(lambda: [wait_task(w) for w in waits], repeat)
        with ThreadPoolExecutor(max_workers=args.workers) as threads:
            waiting_threads_s, _ = stopwatch(lambda: list(threads.map(wait_task, waits)), repeat)
        waiting = {
            "wait_ms": args.wait_ms,
            "waiting_sequential_s": waiting_sequential_s,
            "waiting_threads_s": waiting_threads_s,
            "speedup_waiting_threads": waiting_sequential_s / waiting_threads_s,
        }

    if not expected == by_threads == by_processes:
        sys.exit(f"gil_check.py: checksums differ: {expected} {by_threads} {by_processes}")

    print(json.dumps({
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "gil_enabled": gil_state(),
        "tasks": args.tasks,
        "steps_per_task": args.steps,
        "workers": args.workers,
        "repeat": repeat,
        "checksum": expected,
        "sequential_s": sequential_s,
        "threads_s": threads_s,
        "processes_s": processes_s,
        "process_startup_s": startup_s,
        "speedup_threads": sequential_s / threads_s,
        "speedup_processes": sequential_s / processes_s,
        **waiting,
    }))


if __name__ == "__main__":
    main()
