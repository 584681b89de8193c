#!/usr/bin/env python3
"""The seeds' counter with the lock taken out: does CPython lose updates?

N threads each run `counter += 1` M times on one global, with no lock (seed 004 example 5
warns that "without a lock, the final value of counter may be incorrect"). The program
repeats that R times and prints one JSON object: each run's total and time, how many runs
lost updates, and the interpreter's thread switch interval (`sys.getswitchinterval()`):
the GIL lets another thread run only when that interval has passed (or the running thread
blocks), so a race needs a switch to land between the read and the write of one `+=`.

The "summary" field says in one sentence what the runs showed, from these measurements
only. Usage: nolock_counter.py --threads 2 --ops 1000000 [--runs 5]
"""

import argparse
import json
import platform
import sys
import threading
import time

counter = 0


def add_many(increments):
    global counter
    for _ in range(increments):
        counter += 1


def one_run(threads, increments):
    global counter
    counter = 0
    workers = [threading.Thread(target=add_many, args=(increments,)) for _ in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter, time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--ops", type=int, required=True, help="increments per thread")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if min(args.threads, args.ops, args.runs) < 1:
        parser.error("--threads, --increments and --runs must be at least 1")
    expected = args.threads * args.ops
    runs = [one_run(args.threads, args.ops) for _ in range(args.runs)]
    totals = [total for total, _ in runs]
    seconds = [took for _, took in runs]
    lost_runs = sum(1 for total in totals if total != expected)
    print(json.dumps({
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "switch_interval_s": sys.getswitchinterval(),
        "threads": args.threads,
        "increments_per_thread": args.ops,
        "expected": expected,
        "totals": totals,
        "seconds": seconds,
        "runs_that_lost_updates": lost_runs,
        "most_lost": max(expected - total for total in totals),
        "summary": summary(args, expected, totals, seconds, lost_runs),
    }))


def summary(args, expected, totals, seconds, lost_runs):
    name = f"{platform.python_implementation()} {platform.python_version()}"
    size = f"{args.runs} run(s) of {args.threads} x {args.ops:,} without a lock"
    if lost_runs:
        return (f"{name} lost updates in {lost_runs} of {size} (most lost: "
                f"{max(expected - t for t in totals):,} of {expected:,}): the seeds' warning "
                f"shows in Python too")
    interval = sys.getswitchinterval()
    switches = min(seconds) / interval
    return (f"{name} lost no update in {size} ({min(seconds):.2f}-{max(seconds):.2f} s each): "
            f"the GIL hands over only every {interval * 1e3:g} ms (sys.getswitchinterval() "
            f"here), at most about {switches:.0f} hand-overs in the shortest run, and a lost update "
            f"needs one to land between the read and the write of a single `counter += 1`; "
            f"these runs do not show the race the seeds warn of")


if __name__ == "__main__":
    main()
